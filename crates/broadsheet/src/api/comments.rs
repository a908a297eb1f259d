//! The comments JSON API: list (keyset pages), post, react and report, with a reader's
//! bearer token or the session cookie plus the `x-csrf-token` header.

use crate::auth::csrf;
use crate::auth::extract::ClientIp;
use crate::auth::session::{self, Credential};
use crate::comments::view::{self, CommentView};
use crate::comments::{Draft, Mode, Posted, Poster, service};
use crate::error::AppError;
use crate::state::AppState;
use crate::web::Ctx;
use crate::web::comments::refusal_response;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{FromRequestParts, Path, Query, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use broadsheet_store::{CommentStatus, User};
use serde::{Deserialize, Serialize};

/// The header carrying the form token for cookie-authenticated API calls.
pub const CSRF_HEADER: &str = "x-csrf-token";

/// A signed-in caller of a state-changing API route. A live bearer token stands alone;
/// anything else that signed the caller in (the session cookie, even beside some other
/// `Authorization` scheme) also needs the browser's form token in `x-csrf-token`.
/// Writes must say `Content-Type: application/json` (415 otherwise).
pub struct ApiUser(pub User);

impl FromRequestParts<AppState> for ApiUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let (user, credential) = session::authenticate(parts, state)
            .await?
            .ok_or(AppError::Unauthorized)?;
        let token = parts.headers.get(CSRF_HEADER).and_then(|v| v.to_str().ok());
        if credential != Credential::Bearer
            && !csrf::verify(&parts.headers, token, &state.options.base_url)
        {
            return Err(AppError::CsrfRejected);
        }
        crate::api::require_json_write(parts)?;
        Ok(ApiUser(user))
    }
}

#[derive(Deserialize)]
pub struct ListQuery {
    sort: Option<String>,
    cursor: Option<String>,
}

#[derive(Serialize)]
struct ListBody {
    article_id: i64,
    count: i64,
    sort: &'static str,
    comments: Vec<CommentView>,
    next_cursor: Option<String>,
}

pub async fn list(
    State(state): State<AppState>,
    Path(article_id): Path<i64>,
    Query(q): Query<ListQuery>,
    ctx: Ctx,
) -> Result<Response, AppError> {
    let asked = view::asked_for(&state, article_id, q.sort.as_deref(), q.cursor.as_deref()).await?;
    let page =
        crate::comments::section::page(&state, &ctx.viewer(), article_id, asked.sort, asked.cursor)
            .await?;
    Ok(Json(ListBody {
        article_id,
        count: asked.article.comment_count,
        sort: asked.sort.as_str(),
        comments: page.comments,
        next_cursor: page.next_cursor,
    })
    .into_response())
}

#[derive(Deserialize)]
struct PostBody {
    body: String,
    parent_id: Option<i64>,
}

#[derive(Serialize)]
struct ReasonBody {
    category: &'static str,
    rule: String,
    message: String,
}

#[derive(Serialize)]
struct PostedBody {
    id: i64,
    status: CommentStatus,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    reasons: Vec<ReasonBody>,
}

/// Parses a JSON body, refusing bad UTF-8 or shape with a message in the reader's language.
fn json<T: serde::de::DeserializeOwned>(
    state: &AppState,
    ctx: &Ctx,
    bytes: &[u8],
) -> Result<T, AppError> {
    crate::error::reject_nul(bytes)?;
    serde_json::from_slice(bytes).map_err(|_| AppError::bad(ctx.t(state, "comment-error-json")))
}

pub async fn post(
    State(state): State<AppState>,
    Path(article_id): Path<i64>,
    ApiUser(user): ApiUser,
    ClientIp(ip): ClientIp,
    ctx: Ctx,
    headers: axum::http::HeaderMap,
    bytes: Bytes,
) -> Result<Response, AppError> {
    let input: PostBody = json(&state, &ctx, &bytes)?;
    let nonce = headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let draft = Draft {
        body: input.body,
        parent_id: input.parent_id,
        nonce,
        post_anyway: false,
    };
    let outcome = service::post(
        &state,
        article_id,
        Poster::Reader(&user),
        &ip,
        draft,
        Mode::Direct,
    )
    .await?;
    match outcome {
        Ok(Posted::Stored { comment, reasons }) => {
            let reasons = reasons
                .into_iter()
                .map(|r| ReasonBody {
                    category: r.category.name(),
                    message: if ctx.locale == "tr" {
                        r.message_tr
                    } else {
                        r.message_en
                    },
                    rule: r.rule,
                })
                .collect();
            let body = PostedBody {
                id: comment.id,
                status: comment.status,
                reasons,
            };
            Ok((StatusCode::CREATED, Json(body)).into_response())
        }
        Ok(Posted::Nudge { .. }) => {
            Err(AppError::Internal(anyhow::anyhow!("the API never nudges")))
        }
        Err(r) => Ok(refusal_response(&state, &ctx, r)),
    }
}

#[derive(Deserialize)]
struct ReactionBody {
    #[serde(default = "like")]
    kind: String,
}

fn like() -> String {
    "like".into()
}

#[derive(Serialize)]
struct LikesBody {
    id: i64,
    like_count: i64,
    liked: bool,
}

async fn react(
    state: AppState,
    (user, ip): (User, String),
    id: i64,
    ctx: Ctx,
    bytes: Bytes,
    on: bool,
) -> Result<Response, AppError> {
    let input: ReactionBody = if bytes.is_empty() {
        ReactionBody { kind: like() }
    } else {
        json(&state, &ctx, &bytes)?
    };
    if input.kind != "like" {
        return Err(AppError::field(
            "kind",
            ctx.t(&state, "comment-error-reaction"),
        ));
    }
    match service::like(&state, &user, &ip, id, on).await? {
        Ok(c) => Ok(Json(LikesBody {
            id,
            like_count: c.like_count,
            liked: on,
        })
        .into_response()),
        Err(r) => Ok(refusal_response(&state, &ctx, r)),
    }
}

pub async fn add_reaction(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    ApiUser(user): ApiUser,
    ClientIp(ip): ClientIp,
    ctx: Ctx,
    bytes: Bytes,
) -> Result<Response, AppError> {
    react(state, (user, ip), id, ctx, bytes, true).await
}

pub async fn remove_reaction(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    ApiUser(user): ApiUser,
    ClientIp(ip): ClientIp,
    ctx: Ctx,
    bytes: Bytes,
) -> Result<Response, AppError> {
    react(state, (user, ip), id, ctx, bytes, false).await
}

#[derive(Deserialize)]
struct ReportBody {
    reason: String,
    #[serde(default)]
    detail: String,
}

pub async fn report(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    ApiUser(user): ApiUser,
    ClientIp(ip): ClientIp,
    ctx: Ctx,
    bytes: Bytes,
) -> Result<Response, AppError> {
    let input: ReportBody = json(&state, &ctx, &bytes)?;
    match crate::moderation::reports::report(&state, &user, &ip, id, &input.reason, &input.detail)
        .await?
    {
        Ok(new) => {
            let status = if new {
                StatusCode::CREATED
            } else {
                StatusCode::OK
            };
            Ok((
                status,
                Json(serde_json::json!({ "id": id, "reported": true, "new": new })),
            )
                .into_response())
        }
        Err(r) => Ok(refusal_response(&state, &ctx, r)),
    }
}
