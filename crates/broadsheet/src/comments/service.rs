//! What a reader can do to comments, each one call: checks, screening, one store
//! transaction, then the effects (live update, page cache, reply mail, webhooks).

use super::{format, notify, settings};
use crate::cache::Change;
use crate::moderation::policy::Policy;
use crate::state::AppState;
use crate::webhooks;
use broadsheet_moderation::{AuthorContext, Decision, Reason};
use broadsheet_store::{
    CommentEdit, CommentRow, CommentStatus, EditOutcome, NewComment, PostOutcome, StoreError, User,
};

/// Why a request was refused; each has a message in every UI language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    Empty,
    TooLong,
    Closed,
    BadParent,
    Unverified,
    SignInRequired,
    GuestDetails,
    NotFound,
    NotEditable,
    BadReason,
    /// The author is banned or suspended.
    Barred,
    RateLimited(u64),
}

impl Refusal {
    /// The message key in `comments.ftl`.
    pub fn key(self) -> &'static str {
        match self {
            Refusal::Empty => "comment-error-empty",
            Refusal::TooLong => "comment-error-too-long",
            Refusal::Closed => "comment-error-closed",
            Refusal::BadParent => "comment-error-bad-parent",
            Refusal::Unverified => "comment-error-unverified",
            Refusal::SignInRequired => "comment-error-sign-in",
            Refusal::GuestDetails => "comment-error-guest",
            Refusal::NotFound => "comment-error-not-found",
            Refusal::NotEditable => "comment-error-not-editable",
            Refusal::BadReason => "comment-error-reason",
            Refusal::Barred => "comment-error-barred",
            Refusal::RateLimited(_) => "comment-error-rate-limited",
        }
    }
}

/// Who is posting: a signed-in reader, or a guest when the site allows it.
pub enum Poster<'a> {
    Reader(&'a User),
    Guest { name: String, email: String },
}

/// What the author wrote.
pub struct Draft {
    pub body: String,
    pub parent_id: Option<i64>,
    pub nonce: Option<String>,
    /// The author saw the screener's concerns and sends it to the moderators anyway.
    pub post_anyway: bool,
}

/// Web forms nudge the author first; the API stores what the screener decided.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Nudge,
    Direct,
}

pub enum Posted {
    Stored {
        comment: Box<CommentRow>,
        reasons: Vec<Reason>,
    },
    /// Nothing stored: the screener would hold or reject it; here is why.
    Nudge { reasons: Vec<Reason> },
}

pub(crate) type Outcome<T> = Result<Result<T, Refusal>, StoreError>;

/// Trims a body and checks it is neither empty nor too long.
pub fn check_body(body: &str) -> Result<String, Refusal> {
    let body = body.replace('\0', "").replace("\r\n", "\n");
    let body = body.trim();
    if body.is_empty() {
        return Err(Refusal::Empty);
    }
    if body.chars().count() > settings::MAX_BODY_CHARS {
        return Err(Refusal::TooLong);
    }
    Ok(body.to_string())
}

fn limit(result: Result<(), u64>) -> Result<(), Refusal> {
    result.map_err(Refusal::RateLimited)
}

/// Screens text for an author under the desk's policy; guests get a blank record.
async fn screen(
    state: &AppState,
    poster: &Poster<'_>,
    body: &str,
    policy: &Policy,
) -> Result<broadsheet_moderation::Screening, StoreError> {
    let ctx = match poster {
        Poster::Reader(user) => {
            let s = state.store.author_stats(user.id, body).await?;
            AuthorContext {
                approved_comments: s.approved as u32,
                recent_rejections: s.recent_rejected as u32,
                recent_total: s.recent_total as u32,
                duplicate_of_recent: s.duplicate,
                ..AuthorContext::default()
            }
        }
        Poster::Guest { .. } => AuthorContext::default(),
    };
    let ctx = policy.author_context(ctx);
    let base = state.screener.get();
    let settings = &policy.settings;
    let screener = state
        .screeners
        .get(&base, &settings.banned_words, &settings.suspect_words);
    let text = body.to_string();
    // Screening is CPU work: keep it off the async threads' critical path.
    let screened = tokio::task::spawn_blocking(move || screener.screen(&text, &ctx)).await;
    Ok(screened.unwrap_or_else(|_| base.screen(body, &AuthorContext::default())))
}

/// The status a screened comment gets, or `None` to nudge the author first.
fn status_for(
    decision: Decision,
    mode: Mode,
    post_anyway: bool,
    must_wait: bool,
) -> Option<CommentStatus> {
    match decision {
        Decision::Allow if must_wait => Some(CommentStatus::Pending),
        Decision::Allow => Some(CommentStatus::Visible),
        _ if mode == Mode::Nudge && !post_anyway => None,
        Decision::Reject if mode == Mode::Direct => Some(CommentStatus::Rejected),
        _ => Some(CommentStatus::Pending),
    }
}

/// Posts a comment or reply on an article.
pub async fn post(
    state: &AppState,
    article_id: i64,
    poster: Poster<'_>,
    ip: &str,
    draft: Draft,
    mode: Mode,
) -> Outcome<Posted> {
    let body = match check_body(&draft.body) {
        Ok(b) => b,
        Err(r) => return Ok(Err(r)),
    };
    let Some(article) = state.store.comment_article(article_id).await? else {
        return Ok(Err(Refusal::NotFound));
    };
    if !settings::is_open(&state.store, &article).await? {
        return Ok(Err(Refusal::Closed));
    }
    let (author_id, guest) = match &poster {
        Poster::Reader(user) => {
            if state.store.account_flags(user.id).await?.unverified {
                return Ok(Err(Refusal::Unverified));
            }
            (Some(user.id), None)
        }
        Poster::Guest { name, email } => {
            if !settings::guest_posting(&state.store).await? {
                return Ok(Err(Refusal::SignInRequired));
            }
            let name = name.trim();
            let email = broadsheet_domain::EmailAddress::parse(email);
            match email {
                Ok(e) if !name.is_empty() && name.chars().count() <= 80 => {
                    (None, Some((name.to_string(), e.as_str().to_string())))
                }
                _ => return Ok(Err(Refusal::GuestDetails)),
            }
        }
    };
    let nonce = draft.nonce.filter(|n| !n.is_empty() && n.len() <= 100);
    // A resubmitted form answers with what it made, before any limit or screening.
    if let (Some(author), Some(n)) = (author_id, &nonce)
        && let Some(comment) = state.store.comment_by_nonce(author, n).await?
    {
        return Ok(Ok(Posted::Stored {
            comment: Box::new(comment),
            reasons: Vec::new(),
        }));
    }
    let key = author_id.map_or_else(|| format!("guest:{ip}"), |id| id.to_string());
    if let Err(r) = limit(state.limits.post_user.hit(&key)).and(limit(state.limits.post_ip.hit(ip)))
    {
        return Ok(Err(r));
    }
    let policy = Policy::load(state, author_id, &article.section_slug).await?;
    if policy.barred() {
        return Ok(Err(Refusal::Barred));
    }
    let screening = screen(state, &poster, &body, &policy).await?;
    let must_wait = policy.must_wait(guest.is_some());
    let Some(status) = status_for(screening.decision, mode, draft.post_anyway, must_wait) else {
        return Ok(Ok(Posted::Nudge {
            reasons: screening.reasons,
        }));
    };
    let (guest_name, guest_email) = guest.unwrap_or_default();
    let new = NewComment {
        article_id,
        parent_id: draft.parent_id,
        author_id,
        guest_name,
        guest_email,
        body_html: format::render(&body),
        body_md: body,
        status,
        reasons: serde_json::to_string(&screening.reasons).unwrap_or_else(|_| "[]".into()),
        nonce,
    };
    let comment = match state.store.post_comment(&new).await? {
        PostOutcome::BadParent => return Ok(Err(Refusal::BadParent)),
        PostOutcome::Duplicate(comment) => comment,
        PostOutcome::Created(comment) => {
            let data = webhooks::comment_data(state, &comment);
            webhooks::emit(state, webhooks::Event::CommentPosted, data).await;
            if comment.status == CommentStatus::Visible {
                state.live.publish(&comment);
                state.after_write(comments_of(comment.article_id));
                notify::reply(state, &article, &comment).await?;
            }
            comment
        }
    };
    let reasons = if comment.status == CommentStatus::Visible {
        Vec::new()
    } else {
        screening.reasons
    };
    Ok(Ok(Posted::Stored { comment, reasons }))
}

/// The reader's own comment, or `NotFound`.
async fn own(state: &AppState, user: &User, id: i64) -> Outcome<CommentRow> {
    Ok(match state.store.comment(id).await? {
        Some(c) if c.author_id == Some(user.id) => Ok(c),
        _ => Err(Refusal::NotFound),
    })
}

/// Edits the reader's own comment within the window; the new text is screened again.
pub async fn edit(
    state: &AppState,
    user: &User,
    id: i64,
    body: &str,
    post_anyway: bool,
    mode: Mode,
) -> Outcome<Posted> {
    let body = match check_body(body) {
        Ok(b) => b,
        Err(r) => return Ok(Err(r)),
    };
    let old = match own(state, user, id).await? {
        Ok(c) => c,
        Err(r) => return Ok(Err(r)),
    };
    let section = state
        .store
        .comment_article(old.article_id)
        .await?
        .map(|a| a.section_slug)
        .unwrap_or_default();
    let policy = Policy::load(state, Some(user.id), &section).await?;
    if policy.barred() {
        return Ok(Err(Refusal::Barred));
    }
    let screening = screen(state, &Poster::Reader(user), &body, &policy).await?;
    // An edit of a visible comment stays visible unless screening objects.
    let must_wait = old.status != CommentStatus::Visible && policy.must_wait(false);
    let Some(status) = status_for(screening.decision, mode, post_anyway, must_wait) else {
        return Ok(Ok(Posted::Nudge {
            reasons: screening.reasons,
        }));
    };
    let edit = CommentEdit {
        body_html: format::render(&body),
        body_md: body,
        status,
        reasons: serde_json::to_string(&screening.reasons).unwrap_or_else(|_| "[]".into()),
    };
    let outcome = state
        .store
        .edit_comment(id, user.id, &edit, settings::EDIT_WINDOW_SECS)
        .await?;
    Ok(match outcome {
        EditOutcome::Edited(comment) => {
            if old.status == CommentStatus::Visible || comment.status == CommentStatus::Visible {
                state.after_write(comments_of(comment.article_id));
            }
            let reasons = if comment.status == CommentStatus::Visible {
                Vec::new()
            } else {
                screening.reasons
            };
            Ok(Posted::Stored { comment, reasons })
        }
        EditOutcome::NotFound => Err(Refusal::NotFound),
        EditOutcome::NotEditable => Err(Refusal::NotEditable),
    })
}

/// Deletes the reader's own comment (a placeholder remains if others replied).
pub async fn delete(state: &AppState, user: &User, id: i64) -> Outcome<CommentRow> {
    let comment = match own(state, user, id).await? {
        Ok(c) => c,
        Err(r) => return Ok(Err(r)),
    };
    state
        .store
        .set_comment_status(id, CommentStatus::DeletedByAuthor)
        .await?;
    state.after_write(comments_of(comment.article_id));
    Ok(Ok(comment))
}

/// A visible comment someone may react to or report.
pub(crate) async fn visible(state: &AppState, id: i64) -> Outcome<CommentRow> {
    Ok(match state.store.comment(id).await? {
        Some(c) if c.status == CommentStatus::Visible => Ok(c),
        _ => Err(Refusal::NotFound),
    })
}

/// Likes (or with `on == false` un-likes) a comment; one like per reader. Returns the
/// comment with its new count.
pub async fn like(
    state: &AppState,
    user: &User,
    ip: &str,
    id: i64,
    on: bool,
) -> Outcome<CommentRow> {
    if let Err(r) = may_react(state, user, ip).await? {
        return Ok(Err(r));
    }
    let comment = match visible(state, id).await? {
        Ok(comment) => comment,
        Err(r) => return Ok(Err(r)),
    };
    if on {
        state.store.add_reaction(id, user.id, "like").await?;
    } else {
        state.store.remove_reaction(id, user.id, "like").await?;
    }
    // No page is dropped (like counts on pages catch up within the cache's lifetime,
    // decision 0020, and a like toggled in a loop cannot empty the cache); the rows
    // readers' own sections are built from are, so the liker sees their like counted.
    state.after_write(Change::Likes {
        article_id: comment.article_id,
    });
    visible(state, id).await
}

/// Likes and reports (`moderation::reports`) need a verified account in good standing, within the limits per
/// reader and per address.
pub(crate) async fn may_react(
    state: &AppState,
    user: &User,
    ip: &str,
) -> Result<Result<(), Refusal>, StoreError> {
    if state.store.account_flags(user.id).await?.unverified {
        return Ok(Err(Refusal::Unverified));
    }
    if state
        .store
        .standing(user.id)
        .await?
        .is_barred(broadsheet_store::now())
    {
        return Ok(Err(Refusal::Barred));
    }
    Ok(limit(state.limits.react_user.hit(&user.id.to_string()))
        .and(limit(state.limits.react_ip.hit(ip))))
}

/// The change a comment write makes to cached pages.
fn comments_of(article_id: i64) -> Change {
    Change::Comments { article_id }
}
