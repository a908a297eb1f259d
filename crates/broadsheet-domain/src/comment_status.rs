//! Where a comment stands: shown to readers, waiting for a moderator, or taken down.

use serde::{Deserialize, Serialize};

/// A comment's status, stored as its snake_case name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CommentStatus {
    Visible,
    Pending,
    Rejected,
    Removed,
    DeletedByAuthor,
}

impl CommentStatus {
    pub const ALL: [CommentStatus; 5] = [
        CommentStatus::Visible,
        CommentStatus::Pending,
        CommentStatus::Rejected,
        CommentStatus::Removed,
        CommentStatus::DeletedByAuthor,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CommentStatus::Visible => "visible",
            CommentStatus::Pending => "pending",
            CommentStatus::Rejected => "rejected",
            CommentStatus::Removed => "removed",
            CommentStatus::DeletedByAuthor => "deleted_by_author",
        }
    }

    pub fn parse(s: &str) -> Option<CommentStatus> {
        CommentStatus::ALL.into_iter().find(|c| c.as_str() == s)
    }

    /// Readers see the comment (and it counts toward the article's comment count).
    pub fn is_visible(self) -> bool {
        self == CommentStatus::Visible
    }
}

impl std::fmt::Display for CommentStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Lets the store decode a status column straight into the type.
impl TryFrom<String> for CommentStatus {
    type Error = String;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        CommentStatus::parse(&s).ok_or_else(|| format!("unknown comment status '{s}'"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_match_serde() {
        for status in CommentStatus::ALL {
            assert_eq!(CommentStatus::parse(status.as_str()), Some(status));
            let json = serde_json::to_string(&status).unwrap();
            assert_eq!(json, format!("\"{}\"", status.as_str()));
        }
        assert_eq!(CommentStatus::parse("Visible"), None);
        assert!(CommentStatus::try_from("hidden".to_string()).is_err());
    }
}
