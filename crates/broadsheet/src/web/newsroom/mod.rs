//! The newsroom at `/newsroom`: dashboard, article list, editor, workflow, history,
//! media, sections and tags, pages and menus, users and roles, webhooks, newsletters. Every action
//! checks the role on the server and every form carries the CSRF token; no page may be
//! cached.

mod actions;
mod dashboard;
mod editor;
mod history;
mod invite;
mod media;
pub use media::read_upload;
mod navigation;
mod newsletters;
mod pages;
mod people;
mod taxonomy;
mod webhooks;

use crate::error::AppError;
use crate::state::AppState;
use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderValue, header};
use axum::middleware::{Next, from_fn};
use axum::response::Response;
use axum::routing::{get, post};

/// Every newsroom route; merged into the router's table of contents.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/newsroom", get(dashboard::dashboard))
        .route(
            "/newsroom/articles",
            get(dashboard::list).post(editor::create),
        )
        .route("/newsroom/articles/new", get(editor::new))
        .route(
            "/newsroom/articles/{id}",
            get(editor::edit).post(editor::save),
        )
        .route("/newsroom/articles/{id}/workflow", post(actions::workflow))
        .route(
            "/newsroom/articles/{id}/corrections",
            post(actions::correction),
        )
        .route("/newsroom/articles/{id}/revisions", get(history::list))
        .route(
            "/newsroom/articles/{id}/breaking",
            get(newsletters::breaking_page).post(newsletters::breaking),
        )
        .route("/newsroom/newsletters", get(newsletters::report))
        .route(
            "/newsroom/articles/{id}/revisions/{version}/restore",
            post(history::restore),
        )
        .route("/newsroom/preview", post(actions::preview))
        .route("/newsroom/media", get(media::library).post(media::upload))
        .route("/newsroom/media/{key}/delete", post(media::delete))
        .route(
            "/newsroom/sections",
            get(taxonomy::sections).post(taxonomy::create_section),
        )
        .route("/newsroom/sections/{id}", post(taxonomy::update_section))
        .route(
            "/newsroom/tags",
            get(taxonomy::tags).post(taxonomy::create_tag),
        )
        .route("/newsroom/tags/{id}", post(taxonomy::rename_tag))
        .route("/newsroom/tags/{id}/delete", post(taxonomy::delete_tag))
        .route("/newsroom/pages", get(pages::list).post(pages::create))
        .route("/newsroom/pages/new", get(pages::new))
        .route("/newsroom/pages/{id}", get(pages::edit).post(pages::save))
        .route("/newsroom/pages/{id}/publish", post(pages::publish))
        .route(
            "/newsroom/pages/{id}/revisions/{version}",
            get(pages::revision),
        )
        .route(
            "/newsroom/pages/{id}/revisions/{version}/restore",
            post(pages::restore),
        )
        .route("/newsroom/navigation", get(navigation::show))
        .route("/newsroom/navigation/add", post(navigation::add))
        .route("/newsroom/navigation/move", post(navigation::move_item))
        .route("/newsroom/navigation/remove", post(navigation::remove))
        .route(
            "/newsroom/users",
            get(people::users).post(people::create_user),
        )
        .route("/newsroom/users/invite", post(invite::invite))
        .route("/newsroom/users/{id}/role", post(people::set_role))
        .route(
            "/newsroom/users/{id}/two-step/reset",
            post(people::reset_two_step),
        )
        .route(
            "/newsroom/webhooks",
            get(webhooks::list).post(webhooks::create),
        )
        .route("/newsroom/webhooks/new", get(webhooks::new))
        .route("/newsroom/webhooks/settings", post(webhooks::settings))
        .route(
            "/newsroom/webhooks/{id}",
            get(webhooks::edit).post(webhooks::update),
        )
        .route("/newsroom/webhooks/{id}/rotate", post(webhooks::rotate))
        .route("/newsroom/webhooks/{id}/test", post(webhooks::send_test))
        .route("/newsroom/webhooks/{id}/delete", post(webhooks::delete))
        .route(
            "/newsroom/profile",
            get(people::profile).post(people::save_profile),
        )
        .layer(from_fn(no_store))
}

/// Newsroom pages are personal and change constantly: never cache them anywhere.
async fn no_store(req: Request, next: Next) -> Response {
    let mut response = next.run(req).await;
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    response
}

/// Splits a comma-separated form field into trimmed, non-empty items.
pub(crate) fn split_list(s: &str) -> Vec<String> {
    s.split(',')
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(str::to_string)
        .collect()
}

/// A 303 redirect after a successful form post.
pub(crate) fn see_other(to: &str) -> Response {
    axum::response::IntoResponse::into_response(axum::response::Redirect::to(to))
}

/// Page data sits under `nr`, so newsroom templates never collide with the reader
/// site's variables and render as an empty shell without it.
#[derive(serde::Serialize)]
struct Wrapped<T> {
    nr: T,
}

/// Renders `newsroom/<name>.html` for the signed-in staff member.
fn show(
    state: &AppState,
    ctx: &crate::web::Ctx,
    name: &str,
    data: impl serde::Serialize,
) -> Result<Response, AppError> {
    crate::web::render(
        state,
        ctx,
        &format!("newsroom/{name}.html"),
        Wrapped { nr: data },
    )
}
