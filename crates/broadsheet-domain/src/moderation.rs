//! Moderation policy: who is held for review, and what moderators may do.

use crate::CommentStatus;
use serde::{Deserialize, Serialize};
use std::str::FromStr;

/// How a site or section treats new comments.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum ModerationMode {
    /// Visible at once unless the screener holds it.
    #[default]
    Post,
    /// Held until the author has enough approved comments (or is marked trusted).
    PreNewCommenters,
    /// Every comment waits for a moderator.
    PreAll,
}

impl ModerationMode {
    pub const ALL: [ModerationMode; 3] = [
        ModerationMode::Post,
        ModerationMode::PreNewCommenters,
        ModerationMode::PreAll,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ModerationMode::Post => "post",
            ModerationMode::PreNewCommenters => "pre_new_commenters",
            ModerationMode::PreAll => "pre_all",
        }
    }
}

impl FromStr for ModerationMode {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ModerationMode::ALL
            .into_iter()
            .find(|m| m.as_str() == s)
            .ok_or_else(|| format!("unknown moderation mode '{s}'"))
    }
}

/// What the author of a comment has earned or lost.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Standing {
    pub banned: bool,
    /// Suspended until this Unix time, if in the future.
    pub suspended_until: Option<i64>,
    pub trusted: bool,
    pub approved_comments: i64,
}

impl Standing {
    /// True when the author may not post at all right now.
    pub fn is_barred(&self, now: i64) -> bool {
        self.banned || self.suspended_until.is_some_and(|t| t > now)
    }
}

/// Whether a comment the screener let through must still wait for a moderator.
pub fn must_wait_for_review(
    mode: ModerationMode,
    standing: &Standing,
    trust_after: i64,
    guest: bool,
) -> bool {
    match mode {
        _ if guest => true,
        ModerationMode::Post => false,
        ModerationMode::PreAll => true,
        ModerationMode::PreNewCommenters => {
            !standing.trusted && standing.approved_comments < trust_after
        }
    }
}

/// Something a moderator does to a comment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CommentAction {
    Approve,
    Reject,
    Remove,
    Feature,
    Unfeature,
}

impl CommentAction {
    pub const ALL: [CommentAction; 5] = [
        CommentAction::Approve,
        CommentAction::Reject,
        CommentAction::Remove,
        CommentAction::Feature,
        CommentAction::Unfeature,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CommentAction::Approve => "approve",
            CommentAction::Reject => "reject",
            CommentAction::Remove => "remove",
            CommentAction::Feature => "feature",
            CommentAction::Unfeature => "unfeature",
        }
    }

    /// The status a comment takes (None: status unchanged).
    pub fn new_status(self) -> Option<CommentStatus> {
        match self {
            CommentAction::Approve => Some(CommentStatus::Visible),
            CommentAction::Reject => Some(CommentStatus::Rejected),
            CommentAction::Remove => Some(CommentStatus::Removed),
            CommentAction::Feature | CommentAction::Unfeature => None,
        }
    }

    /// Whether the action applies to a comment in `status`: an author's own deletion is
    /// final, and only visible comments can be featured.
    pub fn applies_to(self, status: CommentStatus) -> bool {
        use CommentStatus::*;
        match self {
            _ if status == DeletedByAuthor => false,
            CommentAction::Approve => status != Visible,
            CommentAction::Reject => matches!(status, Pending | Visible),
            CommentAction::Remove => status != Removed,
            CommentAction::Feature | CommentAction::Unfeature => status == Visible,
        }
    }

    /// Featuring is an editor's choice; the rest is a moderator's job.
    pub fn allowed_for(self, role: crate::Role) -> bool {
        match self {
            CommentAction::Feature | CommentAction::Unfeature => {
                role.edits_all_articles() || role.moderates()
            }
            _ => role.moderates(),
        }
    }
}

impl FromStr for CommentAction {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        CommentAction::ALL
            .into_iter()
            .find(|a| a.as_str() == s)
            .ok_or_else(|| format!("unknown action '{s}'"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Role;

    #[test]
    fn review_depends_on_mode_trust_and_history() {
        let new = Standing::default();
        let seasoned = Standing {
            approved_comments: 5,
            ..Standing::default()
        };
        let trusted = Standing {
            trusted: true,
            ..Standing::default()
        };
        assert!(!must_wait_for_review(ModerationMode::Post, &new, 3, false));
        assert!(
            must_wait_for_review(ModerationMode::Post, &new, 3, true),
            "guests always wait"
        );
        assert!(must_wait_for_review(
            ModerationMode::PreNewCommenters,
            &new,
            3,
            false
        ));
        assert!(!must_wait_for_review(
            ModerationMode::PreNewCommenters,
            &seasoned,
            3,
            false
        ));
        assert!(!must_wait_for_review(
            ModerationMode::PreNewCommenters,
            &trusted,
            3,
            false
        ));
        assert!(must_wait_for_review(
            ModerationMode::PreAll,
            &trusted,
            3,
            false
        ));
    }

    #[test]
    fn bans_and_suspensions_bar_posting_until_they_end() {
        assert!(
            Standing {
                banned: true,
                ..Default::default()
            }
            .is_barred(100)
        );
        assert!(
            Standing {
                suspended_until: Some(200),
                ..Default::default()
            }
            .is_barred(100)
        );
        assert!(
            !Standing {
                suspended_until: Some(50),
                ..Default::default()
            }
            .is_barred(100)
        );
    }

    #[test]
    fn actions_respect_status_and_role() {
        assert!(CommentAction::Approve.applies_to(CommentStatus::Pending));
        assert!(!CommentAction::Approve.applies_to(CommentStatus::Visible));
        assert!(!CommentAction::Remove.applies_to(CommentStatus::DeletedByAuthor));
        assert!(!CommentAction::Feature.applies_to(CommentStatus::Pending));
        assert!(CommentAction::Approve.allowed_for(Role::Moderator));
        assert!(!CommentAction::Approve.allowed_for(Role::Author));
        assert!(CommentAction::Feature.allowed_for(Role::Editor));
        assert_eq!("remove".parse::<CommentAction>(), Ok(CommentAction::Remove));
        assert_eq!(
            "pre_all".parse::<ModerationMode>(),
            Ok(ModerationMode::PreAll)
        );
    }
}
