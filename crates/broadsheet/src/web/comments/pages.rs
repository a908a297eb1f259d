//! Comment pages: all comments of an article (sorted, "show more"), and a comment's
//! permalink, which shows its whole thread.

use crate::comments::view::{self};
use crate::error::AppError;
use crate::state::AppState;
use crate::web::{Ctx, render};
use axum::extract::{Path, Query, State};
use axum::response::Response;
use broadsheet_store::CommentStatus;
use serde::{Deserialize, Serialize};

#[derive(Deserialize)]
pub struct ListQuery {
    sort: Option<String>,
    cursor: Option<String>,
    /// `fragment=1`: only the comments, for the script's "show more".
    fragment: Option<String>,
}

pub async fn list(
    State(state): State<AppState>,
    Path(article_id): Path<i64>,
    Query(q): Query<ListQuery>,
    ctx: Ctx,
) -> Result<Response, AppError> {
    let asked = view::asked_for(&state, article_id, q.sort.as_deref(), q.cursor.as_deref()).await?;
    let section = crate::comments::section::section(
        &state,
        &ctx.viewer(),
        asked.article,
        asked.sort,
        asked.cursor,
    )
    .await?;
    let template = if q.fragment.is_some() {
        "comments/_page.html"
    } else {
        "comments/page.html"
    };
    render(
        &state,
        &ctx,
        template,
        minijinja::context! { comments => minijinja::Value::from(minijinja::value::Serde(&section)) },
    )
}

#[derive(Serialize)]
struct ThreadPage {
    thread: view::CommentView,
    article: broadsheet_store::CommentArticle,
    article_url: String,
    focus: i64,
    more_after: Option<i64>,
    open: bool,
}

#[derive(Deserialize)]
pub struct ThreadQuery {
    after: Option<i64>,
}

/// `/comments/{id}`: the thread the comment belongs to, anchored at it.
pub async fn permalink(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Query(q): Query<ThreadQuery>,
    ctx: Ctx,
) -> Result<Response, AppError> {
    let comment = state.store.comment(id).await?.ok_or(AppError::NotFound)?;
    let root_id = comment.root_id.unwrap_or(comment.id);
    let root = if root_id == id {
        comment
    } else {
        state
            .store
            .comment(root_id)
            .await?
            .ok_or(AppError::NotFound)?
    };
    let viewer = ctx.viewer();
    let mine = ctx
        .user
        .as_ref()
        .is_some_and(|u| root.author_id == Some(u.id));
    let shown = root.status == CommentStatus::Visible
        || (mine
            && matches!(
                root.status,
                CommentStatus::Pending | CommentStatus::Rejected
            ))
        || (matches!(
            root.status,
            CommentStatus::DeletedByAuthor | CommentStatus::Removed
        ) && root.reply_count > 0);
    if !shown {
        return Err(AppError::NotFound);
    }
    let article = state
        .store
        .comment_article(root.article_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let (thread, more_after) = view::thread(&state, &viewer, &root, q.after.unwrap_or(0)).await?;
    let open = crate::comments::settings::is_open(&state.store, &article).await?;
    let page = ThreadPage {
        thread,
        article_url: article.url(),
        article,
        focus: id,
        more_after,
        open,
    };
    render(&state, &ctx, "comments/thread.html", page)
}
