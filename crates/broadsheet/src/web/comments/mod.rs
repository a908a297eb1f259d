//! Comments on the web: the section under each article, the comment pages and forms
//! (post, reply, like, report, edit, delete), the guidelines page, the JSON API and the
//! live stream.

pub mod form_token;
pub mod forms;
pub mod guidelines;
pub mod pages;
pub mod stream;

use crate::comments::Refusal;
use crate::comments::section::Section;
use crate::error::AppError;
use crate::state::AppState;
use crate::web::Ctx;
use crate::web::respond::{refuse, too_many};
use axum::response::Response;

/// The comments section of an article page, as the viewer sees it (`None` when the
/// article is not published).
pub async fn for_article(
    state: &AppState,
    ctx: &Ctx,
    article_id: i64,
) -> Result<Option<Section>, AppError> {
    let viewer = ctx.viewer();
    Ok(crate::comments::public_rows::section_for(state, &viewer, article_id).await?)
}

/// The message for a refusal, in the reader's language.
pub fn refusal_message(state: &AppState, ctx: &Ctx, r: Refusal) -> String {
    let mut args = fluent_bundle::FluentArgs::new();
    args.set("max", crate::comments::settings::MAX_BODY_CHARS as i64);
    if let Refusal::RateLimited(secs) = r {
        args.set("seconds", secs as i64);
    }
    state.i18n.t(&ctx.locale, r.key(), Some(&args))
}

/// A refusal as an error response (page or JSON envelope) in the reader's language.
pub fn refusal_response(state: &AppState, ctx: &Ctx, r: Refusal) -> Response {
    let message = refusal_message(state, ctx, r);
    let error = match r {
        Refusal::RateLimited(secs) => return too_many(state, ctx, secs),
        Refusal::NotFound => AppError::NotFound,
        Refusal::SignInRequired => AppError::Unauthorized,
        Refusal::Closed | Refusal::Barred => AppError::Forbidden,
        _ => AppError::bad(message.clone()),
    };
    refuse(error, message)
}
