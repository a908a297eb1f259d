//! Every route of Broadsheet in one table, and the layers around them.

use crate::feeds;
use crate::http;
use crate::state::AppState;
use crate::web;
use crate::web::reader;
use axum::Router;
use axum::middleware::from_fn_with_state;
use axum::routing::{get, post};

/// The whole app as a router (tests call it in-process, like the server does).
pub fn build(state: AppState) -> Router {
    Router::new().fallback_service(front(state))
}

/// The whole app as the server calls it: the cached-page fast path in front of every
/// route and layer (see `http::apply`).
pub fn front(state: AppState) -> http::Front {
    let routes = Router::new()
        // Operations
        .route("/healthz", get(web::health::healthz))
        .route("/readyz", get(web::health::readyz))
        .route("/metrics", get(web::health::metrics))
        // Reader site, feeds and sitemaps (anonymous readers served from the page cache)
        .merge(reader_routes(&state))
        .route("/lang/{locale}", get(reader::lang::switch))
        .route("/static/{hash}/{*path}", get(web::assets::serve))
        .route("/favicon.ico", get(web::assets::favicon))
        // Accounts
        .route(
            "/login",
            get(web::accounts::login::form).post(web::accounts::login::submit),
        )
        .route("/logout", post(web::accounts::login::logout))
        .route(
            "/logout/everywhere",
            post(web::accounts::login::logout_everywhere),
        )
        .route(
            "/signup",
            get(web::accounts::signup::form).post(web::accounts::signup::submit),
        )
        .route("/verify/{token}", get(web::accounts::signup::verify))
        .route(
            "/password/forgot",
            get(web::accounts::reset::forgot_form).post(web::accounts::reset::forgot),
        )
        .route(
            "/password/reset/{token}",
            get(web::accounts::reset::reset_form).post(web::accounts::reset::reset),
        )
        .route(
            "/invite/{token}",
            get(web::accounts::invite::form).post(web::accounts::invite::accept),
        )
        .route("/account", get(web::accounts::profile::show))
        .route(
            "/account/newsletters",
            post(web::newsletters::subscribe_account),
        )
        .route(
            "/newsletters",
            get(web::newsletters::form).post(web::newsletters::submit),
        )
        .route(
            "/newsletters/confirm/{token}",
            get(web::newsletters::confirm),
        )
        .route(
            "/newsletters/unsubscribe/{token}",
            get(web::newsletters::unsubscribe_page).post(web::newsletters::unsubscribe),
        )
        .route("/account/profile", post(web::accounts::profile::update))
        .route(
            "/account/verify/resend",
            post(web::accounts::signup::resend),
        )
        .route(
            "/account/notifications",
            post(web::accounts::profile::notifications),
        )
        .route(
            "/account/unsubscribe/{token}",
            get(web::accounts::unsubscribe::page).post(web::accounts::unsubscribe::submit),
        )
        .route("/account/tokens", post(web::accounts::tokens::create))
        .route(
            "/account/tokens/{id}/revoke",
            post(web::accounts::tokens::revoke),
        )
        .route("/account/delete", post(web::accounts::delete::submit))
        .route("/account/two-step", get(web::accounts::two_step::show))
        .route(
            "/account/two-step/start",
            post(web::accounts::two_step::start),
        )
        .route(
            "/account/two-step/confirm",
            post(web::accounts::two_step::confirm),
        )
        .route(
            "/account/two-step/disable",
            post(web::accounts::two_step::disable),
        )
        .route(
            "/account/two-step/recovery-codes",
            post(web::accounts::two_step::new_recovery_codes),
        )
        .route(
            "/login/code",
            post(web::accounts::two_step_login::submit_code),
        )
        .route("/people/{id}", get(web::accounts::profile::public))
        .route("/newsroom/outbox", get(web::accounts::outbox::show))
        // Comments: pages and forms (their JSON API and live stream are in api::PATHS)
        .route("/guidelines", get(web::comments::guidelines::show))
        .route("/form-token", get(web::comments::form_token::show))
        .route(
            "/newsroom/comment-settings",
            get(web::comments::guidelines::settings_form)
                .post(web::comments::guidelines::save_settings),
        )
        .route(
            "/articles/{id}/comments",
            get(web::comments::pages::list).post(web::comments::forms::post),
        )
        .route("/comments/{id}", get(web::comments::pages::permalink))
        .route(
            "/comments/{id}/edit",
            get(web::comments::forms::edit_form).post(web::comments::forms::edit),
        )
        .route("/comments/{id}/delete", post(web::comments::forms::delete))
        .route("/comments/{id}/like", post(web::comments::forms::like))
        .route("/comments/{id}/report", post(web::comments::forms::report))
        // First-start administrator setup
        .route(
            "/setup/{token}",
            get(web::setup::form).post(web::setup::submit),
        )
        // Newsroom, its JSON API, and uploaded media
        .merge(web::newsroom::routes())
        .merge(crate::api::routes())
        .route("/media/{key}/{file}", get(crate::media::serve))
        // The moderation desk and its API
        .merge(web::moderation::routes())
        // Ads: public endpoints and the admin pages
        .merge(web::ads::routes())
        .fallback(web::not_found)
        .layer(from_fn_with_state(
            state.clone(),
            reader::old_addresses::layer,
        ))
        .layer(from_fn_with_state(state.clone(), web::ads::keep_fresh))
        .layer(from_fn_with_state(
            state.clone(),
            crate::menus::fresh::keep_fresh,
        ))
        .with_state(state.clone());
    http::apply(routes, state)
}

/// Pages every anonymous reader sees alike, behind the page cache.
fn reader_routes(state: &AppState) -> Router<AppState> {
    Router::new()
        .route("/", get(reader::home::home))
        .route("/{section}", get(reader::lists::section))
        .route("/{section}/{slug}", get(reader::article::show))
        .route("/tag/{slug}", get(reader::lists::tag))
        .route("/pages/{slug}", get(reader::pages::show))
        .route("/author/{key}", get(reader::lists::author))
        .route("/search", get(reader::search::search))
        .route("/feed/{format}", get(feeds::site))
        .route("/feed/{kind}/{key}/{format}", get(feeds::scoped))
        .route("/robots.txt", get(feeds::sitemap::robots))
        .route("/sitemap.xml", get(feeds::sitemap::index))
        .route("/sitemaps/sections.xml", get(feeds::sitemap::sections))
        .route("/sitemaps/news.xml", get(feeds::sitemap::news))
        .route("/sitemaps/articles/{page}", get(feeds::sitemap::articles))
        .route_layer(from_fn_with_state(
            state.clone(),
            reader::cache_layer::layer,
        ))
}
