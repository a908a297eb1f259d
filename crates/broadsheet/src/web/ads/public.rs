//! Endpoints the reader's browser calls: the slot stylesheet, the creative for a slot,
//! the viewability beacon, the click redirect, creative images and network-tag frames.

use crate::ads::counter::Event;
use crate::ads::reader::{FREQ_COOKIE, FrequencyCounter, is_bot};
use crate::ads::service::{self, Ask, Fill};
use crate::ads::{creative, day_of};
use crate::auth::session;
use crate::error::AppError;
use crate::state::AppState;
use axum::Json;
use axum::extract::{Form, Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use serde_json::json;

fn user_agent(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
}

#[derive(Deserialize)]
pub struct CssQuery {
    v: Option<String>,
}

/// The generated stylesheet; cached for good when asked for by its current version.
pub async fn stylesheet(State(state): State<AppState>, Query(q): Query<CssQuery>) -> Response {
    let table = state.ads.table();
    let cache = if q.v.as_deref() == Some(table.css_version.as_str()) {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, cache),
        ],
        table.css.clone(),
    )
        .into_response()
}

#[derive(Deserialize)]
pub struct CreativeQuery {
    section: Option<String>,
    article: Option<i64>,
}

/// Chooses what fills the slot and returns it as JSON. Serving counts as an impression
/// (not a viewable one) unless the client is a crawler.
pub async fn creative(
    State(state): State<AppState>,
    Path(slot_id): Path<i64>,
    Query(q): Query<CreativeQuery>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let now = broadsheet_store::now();
    let mut reader = FrequencyCounter::parse(
        session::cookie(&headers, FREQ_COOKIE).as_deref(),
        day_of(now),
    );
    let ask = Ask {
        slot_id,
        section: q.section.as_deref().filter(|s| !s.is_empty()),
        article: q.article.filter(|a| *a > 0),
        now,
        roll: getrandom::u64().unwrap_or(now as u64),
    };
    let fill = service::choose(&state.ads, &state.store, &ask, &reader)
        .await?
        .ok_or(AppError::NotFound)?;
    let body = match fill {
        Fill::Nothing => json!({ "kind": "none" }),
        Fill::Frame { width, height } => json!({
            "kind": "frame", "src": format!("/ads/frame/{slot_id}"), "width": width, "height": height,
        }),
        Fill::Campaign(c) => {
            if !is_bot(user_agent(&headers)) {
                state
                    .ads
                    .counter
                    .record(c.id, slot_id, day_of(now), Event::Served);
                reader.record(c.id);
            }
            let mut body = json!({
                "kind": c.kind, "campaign": c.id, "slot": slot_id,
                "href": format!("/ads/click/{}?slot={slot_id}", c.id),
                "width": c.width, "height": c.height,
            });
            if c.kind == "image" {
                body["src"] = json!(format!("/ads/image/{}", c.id));
                body["alt"] = json!(c.image_alt);
            } else {
                // Sanitized when saved; cleaned again on the way out in case rules tightened.
                body["html"] = json!(creative::sanitize_html(&c.html));
            }
            body
        }
    };
    let mut response = Json(body).into_response();
    let h = response.headers_mut();
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    if let Ok(cookie) = HeaderValue::from_str(&reader.set_cookie(state.options.behind_tls)) {
        h.append(header::SET_COOKIE, cookie);
    }
    Ok(response)
}

#[derive(Deserialize)]
pub struct ViewBeacon {
    campaign: i64,
    slot: i64,
}

/// The browser reports that at least half of a creative was visible for a second.
pub async fn view(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(beacon): Form<ViewBeacon>,
) -> Result<StatusCode, AppError> {
    if headers
        .get("sec-fetch-site")
        .is_some_and(|v| v == "cross-site")
    {
        return Err(AppError::Forbidden);
    }
    let table = state.ads.table();
    if table.campaign(beacon.campaign).is_none() || table.slot(beacon.slot).is_none() {
        return Err(AppError::NotFound);
    }
    if !is_bot(user_agent(&headers)) {
        let day = day_of(broadsheet_store::now());
        state
            .ads
            .counter
            .record(beacon.campaign, beacon.slot, day, Event::Viewable);
    }
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize)]
pub struct ClickQuery {
    slot: Option<i64>,
}

/// Counts a click and sends the reader to the URL stored with the campaign, never to a
/// URL taken from the request.
pub async fn click(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Query(q): Query<ClickQuery>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let campaign = state
        .store
        .ad_campaign(id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !creative::is_http_url(&campaign.click_url) {
        return Err(AppError::NotFound);
    }
    let slot = q
        .slot
        .filter(|s| state.ads.table().slot(*s).is_some())
        .unwrap_or(0);
    if !is_bot(user_agent(&headers)) {
        let day = day_of(broadsheet_store::now());
        state.ads.counter.record(id, slot, day, Event::Clicked);
    }
    let mut response = Redirect::to(&campaign.click_url).into_response();
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    Ok(response)
}

/// A campaign's uploaded image.
pub async fn image(
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (content_type, bytes) = state.store.ad_image(id).await?.ok_or(AppError::NotFound)?;
    let content_type = HeaderValue::from_str(&content_type).map_err(|_| AppError::NotFound)?;
    Ok((
        [
            (header::CONTENT_TYPE, content_type),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=3600"),
            ),
        ],
        bytes,
    )
        .into_response())
}

/// A network tag as its own document, framed only by our pages and sandboxed by its
/// own policy; script may come only from the origins the admin listed.
pub async fn frame(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let table = state.ads.table();
    let slot = table
        .slot(id)
        .filter(|s| s.enabled && s.is_tag())
        .ok_or(AppError::NotFound)?;
    // The frame's document is in the reader's language, like the page around it.
    let lang = crate::web::page::locale_of(&state, &headers);
    let html = state
        .theme
        .env
        .get_template("ads/frame.html")?
        .render(minijinja::context! {
            lang => lang,
            tag => minijinja::Value::from_safe_string(slot.tag_html.clone()),
        })?;
    let policy = frame_policy(&table.settings.frame_origins);
    let mut response = axum::response::Html(html).into_response();
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_str(&policy).map_err(|_| AppError::NotFound)?,
    );
    h.insert(
        header::X_FRAME_OPTIONS,
        HeaderValue::from_static("SAMEORIGIN"),
    );
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    Ok(response)
}

/// The frame's policy: sandboxed (no access to our origin), inline script allowed only
/// inside it, and the admin's origins for script, images, frames and connections.
pub fn frame_policy(origins: &[String]) -> String {
    let extra = origins.join(" ");
    format!(
        "sandbox allow-scripts allow-popups; default-src 'none'; \
         script-src 'unsafe-inline' {extra}; img-src data: {extra}; style-src 'unsafe-inline' {extra}; \
         frame-src {extra}; connect-src {extra}; frame-ancestors 'self'; base-uri 'none'; form-action 'none'"
    )
}
