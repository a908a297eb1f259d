//! The editorial workflow: article states, actions, and who may take them.

use crate::Role;
use serde::{Deserialize, Serialize};
use std::str::FromStr;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ArticleStatus {
    Draft,
    InReview,
    Scheduled,
    Published,
    Unpublished,
    Archived,
}

impl ArticleStatus {
    pub const ALL: [ArticleStatus; 6] = [
        ArticleStatus::Draft,
        ArticleStatus::InReview,
        ArticleStatus::Scheduled,
        ArticleStatus::Published,
        ArticleStatus::Unpublished,
        ArticleStatus::Archived,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ArticleStatus::Draft => "draft",
            ArticleStatus::InReview => "in_review",
            ArticleStatus::Scheduled => "scheduled",
            ArticleStatus::Published => "published",
            ArticleStatus::Unpublished => "unpublished",
            ArticleStatus::Archived => "archived",
        }
    }
}

impl FromStr for ArticleStatus {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ArticleStatus::ALL
            .into_iter()
            .find(|st| st.as_str() == s)
            .ok_or_else(|| format!("unknown article status '{s}'"))
    }
}

/// Something a user does to an article.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Edit,
    Submit,
    Schedule,
    Publish,
    Unpublish,
    Archive,
    ReturnToDraft,
}

impl Action {
    pub const ALL: [Action; 7] = [
        Action::Edit,
        Action::Submit,
        Action::Schedule,
        Action::Publish,
        Action::Unpublish,
        Action::Archive,
        Action::ReturnToDraft,
    ];
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum TransitionError {
    #[error("your role may not do this to this article")]
    Forbidden,
    #[error("an article that is {0} cannot be moved this way")]
    WrongState(&'static str),
}

/// Decides whether `role` (owning the article or not) may take `action` on an article in
/// `from`, and where the article ends up. Permission is checked before state, so a
/// contributor asking to publish hears "forbidden", not "wrong state".
pub fn transition(
    role: Role,
    is_owner: bool,
    from: ArticleStatus,
    action: Action,
) -> Result<ArticleStatus, TransitionError> {
    use Action as A;
    use ArticleStatus as S;
    let any = role.edits_all_articles();
    let own = is_owner && role.writes_articles();
    let publishes_own = own && role == Role::Author;
    let allowed = match action {
        A::Edit | A::Submit | A::ReturnToDraft => any || own,
        A::Schedule | A::Publish | A::Unpublish | A::Archive => any || publishes_own,
    };
    if !allowed {
        return Err(TransitionError::Forbidden);
    }
    // A contributor may only touch drafts (and withdraw from review).
    if own && !any && role == Role::Contributor && !matches!(from, S::Draft | S::InReview) {
        return Err(TransitionError::Forbidden);
    }
    let to = match (action, from) {
        (A::Edit, S::Archived) => None,
        (A::Edit, s) => Some(s),
        (A::Submit, S::Draft) => Some(S::InReview),
        (A::Schedule, S::Draft | S::InReview | S::Unpublished | S::Scheduled) => Some(S::Scheduled),
        (A::Publish, S::Draft | S::InReview | S::Scheduled | S::Unpublished) => Some(S::Published),
        // A scheduled story was never out: it is cancelled (back to draft), not unpublished.
        (A::Unpublish, S::Published) => Some(S::Unpublished),
        (A::Archive, S::Draft | S::Unpublished | S::Published) => Some(S::Archived),
        (A::ReturnToDraft, S::InReview | S::Scheduled | S::Unpublished | S::Archived) => {
            Some(S::Draft)
        }
        _ => None,
    };
    to.ok_or(TransitionError::WrongState(from.as_str()))
}

#[cfg(test)]
mod tests;
