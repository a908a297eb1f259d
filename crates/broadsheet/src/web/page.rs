//! The request context every page needs (language, signed-in user, form token) and the
//! one function that renders a page with it.

use crate::auth::{csrf, session};
use crate::error::AppError;
use crate::state::AppState;
use axum::extract::FromRequestParts;
use axum::http::{HeaderValue, header, request::Parts};
use axum::response::{Html, IntoResponse, Response};
use broadsheet_store::User;
use serde::Serialize;

/// The language cookie set by the language switcher.
pub const LANG_COOKIE: &str = "bs_lang";

/// Who is asking, in which language, with which form token.
pub struct Ctx {
    pub locale: String,
    pub user: Option<User>,
    pub csrf: String,
    new_csrf: bool,
    pub path: String,
    /// The session cookie's secret, to end or rotate the session.
    pub session_secret: Option<String>,
    /// `?done=KEY` after a newsroom action: the confirmation `nr-done-KEY` to show.
    pub done: Option<String>,
}

impl FromRequestParts<AppState> for Ctx {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let session::MaybeUser(user) = session::MaybeUser::from_request_parts(parts, state).await?;
        let mut ctx = Ctx::new(state, &parts.headers, user, parts.uri.path());
        ctx.done = done_key(parts.uri.query());
        Ok(ctx)
    }
}

impl Ctx {
    /// Who reads a comment section: this request's reader and language.
    pub fn viewer(&self) -> crate::comments::view::Viewer<'_> {
        crate::comments::view::Viewer {
            user: self.user.as_ref(),
            locale: &self.locale,
        }
    }

    pub fn new(
        state: &AppState,
        headers: &axum::http::HeaderMap,
        user: Option<User>,
        path: &str,
    ) -> Ctx {
        let locale = locale_of(state, headers);
        let (csrf, new_csrf) = csrf::token_for(headers);
        Ctx {
            locale,
            user,
            csrf,
            new_csrf,
            path: path.to_string(),
            session_secret: session::cookie(headers, session::COOKIE),
            done: None,
        }
    }

    /// A message in the reader's language.
    pub fn t(&self, state: &AppState, key: &str) -> String {
        state.i18n.t(&self.locale, key, None)
    }
}

/// The `done` parameter of a query when it looks like a message key (letters, digits
/// and dashes); anything else is ignored rather than shown.
fn done_key(query: Option<&str>) -> Option<String> {
    form_urlencoded::parse(query?.as_bytes())
        .find(|(k, _)| k == "done")
        .map(|(_, v)| v.into_owned())
        .filter(|v| {
            (1..=40).contains(&v.len())
                && v.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        })
}

/// The confirmation for `ctx.done`, when the newsroom has a message for it.
fn done_notice(state: &AppState, ctx: &Ctx) -> Option<String> {
    let key = format!("nr-done-{}", ctx.done.as_deref()?);
    let text = ctx.t(state, &key);
    (text != key).then_some(text)
}

/// The reader's UI language: the language cookie when the site has that language, else
/// the site's default. Pages, the page cache and error pages all use this one rule.
pub fn locale_of(state: &AppState, headers: &axum::http::HeaderMap) -> String {
    locale_name(state, headers).to_string()
}

/// [`locale_of`], borrowed: the cached-page fast path allocates nothing for it.
pub fn locale_name<'a>(state: &'a AppState, headers: &'a axum::http::HeaderMap) -> &'a str {
    session::cookie_str(headers, LANG_COOKIE)
        .filter(|l| state.i18n.has(l))
        .unwrap_or(&state.i18n.default_locale)
}

/// Renders a theme template with `page` plus what every page needs, and sets the form
/// token cookie when the browser had none.
pub fn render(
    state: &AppState,
    ctx: &Ctx,
    name: &str,
    page: impl Serialize,
) -> Result<Response, AppError> {
    // A confirmation after a redirect sits beside the page's own data.
    let page = minijinja::context! {
        done => done_notice(state, ctx),
        ..minijinja::Value::from(minijinja::value::Serde(page))
    };
    let html = render_html(
        state,
        &ctx.locale,
        ctx.user.as_ref(),
        &ctx.csrf,
        &ctx.path,
        name,
        page,
    )?;
    Ok(private_page(state, ctx, html.0))
}

/// A page rendered for `ctx`'s reader as a response: it sets the form token cookie when
/// the browser had none, and no cache may keep it when it is a signed-in reader's (or
/// carries a new token).
pub fn private_page(state: &AppState, ctx: &Ctx, html: String) -> Response {
    let mut response = Html(html).into_response();
    set_form_token_cookie(state, ctx, &mut response);
    if ctx.user.is_some() || ctx.new_csrf {
        response.headers_mut().insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("private, no-store"),
        );
    }
    response
}

/// Sets the form token cookie on `response` when the browser had none.
pub fn set_form_token_cookie(state: &AppState, ctx: &Ctx, response: &mut Response) {
    if ctx.new_csrf {
        let cookie = csrf::set_cookie(&ctx.csrf, state.options.behind_tls);
        response.headers_mut().append(
            header::SET_COOKIE,
            HeaderValue::from_str(&cookie).expect("cookie"),
        );
    }
}

/// Renders a part of a page on its own (decision 0043): only the language, the reader
/// and the form token beside `data`, none of the whole page's site-wide context.
pub fn render_part(
    state: &AppState,
    locale: &str,
    (user, csrf): (Option<&User>, &str),
    name: &str,
    data: minijinja::Value,
) -> Result<String, AppError> {
    let template = state.theme.env.get_template(name)?;
    let ctx = minijinja::context! {
        lang => locale,
        user => minijinja::Value::from(minijinja::value::Serde(user)),
        csrf => csrf,
        ..data
    };
    Ok(template.render(ctx)?)
}

/// Renders without a request (error pages, cached pages for anonymous readers).
pub fn render_html(
    state: &AppState,
    locale: &str,
    user: Option<&User>,
    csrf: &str,
    path: &str,
    name: &str,
    page: impl Serialize,
) -> Result<Html<String>, AppError> {
    let template = state.theme.env.get_template(name)?;
    let ctx = minijinja::context! {
        site => minijinja::context! { name => state.site_name(), base_url => &state.options.base_url },
        lang => locale,
        locales => state.i18n.locales().map(str::to_string).collect::<Vec<_>>(),
        user => minijinja::Value::from(minijinja::value::Serde(user)),
        csrf => csrf,
        path => path,
        menus => minijinja::Value::from(minijinja::value::Serde(state.menus.view(locale))),
        ..minijinja::Value::from(minijinja::value::Serde(page))
    };
    Ok(Html(template.render(ctx)?))
}
