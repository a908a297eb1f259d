//! User roles and what each may do in the newsroom.

use serde::{Deserialize, Serialize};
use std::{fmt, str::FromStr};

/// A user's role. Ordered by reach: each staff role can do what the one before it can
/// in the newsroom, except that moderators work comments, not articles.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Reader,
    Contributor,
    Author,
    Editor,
    Moderator,
    Admin,
}

impl Role {
    pub const ALL: [Role; 6] = [
        Role::Reader,
        Role::Contributor,
        Role::Author,
        Role::Editor,
        Role::Moderator,
        Role::Admin,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Reader => "reader",
            Role::Contributor => "contributor",
            Role::Author => "author",
            Role::Editor => "editor",
            Role::Moderator => "moderator",
            Role::Admin => "admin",
        }
    }

    /// Anyone who may enter the newsroom at all.
    pub fn is_staff(self) -> bool {
        self != Role::Reader
    }

    /// May write articles (own drafts at least).
    pub fn writes_articles(self) -> bool {
        matches!(
            self,
            Role::Contributor | Role::Author | Role::Editor | Role::Admin
        )
    }

    /// May act on anyone's article, and manage sections and tags.
    pub fn edits_all_articles(self) -> bool {
        matches!(self, Role::Editor | Role::Admin)
    }

    /// May write, publish and restore the site's standalone pages (About, policies).
    pub fn manages_pages(self) -> bool {
        matches!(self, Role::Editor | Role::Admin)
    }

    /// May change the header and footer menus every page shows.
    pub fn manages_menus(self) -> bool {
        self == Role::Admin
    }

    /// May work the comment queues.
    pub fn moderates(self) -> bool {
        matches!(self, Role::Moderator | Role::Editor | Role::Admin)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error(
    "unknown role '{0}' (expected one of: reader, contributor, author, editor, moderator, admin)"
)]
pub struct UnknownRole(pub String);

impl FromStr for Role {
    type Err = UnknownRole;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == s.trim().to_ascii_lowercase())
            .ok_or_else(|| UnknownRole(s.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_round_trip_through_text() {
        for role in Role::ALL {
            assert_eq!(role.as_str().parse::<Role>(), Ok(role));
        }
        assert_eq!("Editor".parse::<Role>(), Ok(Role::Editor));
        assert!("owner".parse::<Role>().is_err());
    }

    #[test]
    fn readers_are_not_staff_and_moderators_do_not_write() {
        assert!(!Role::Reader.is_staff());
        assert!(Role::Moderator.is_staff());
        assert!(!Role::Moderator.writes_articles());
        assert!(Role::Moderator.moderates());
        assert!(!Role::Author.edits_all_articles());
        assert!(Role::Editor.manages_pages() && !Role::Author.manages_pages());
        assert!(Role::Admin.manages_menus() && !Role::Editor.manages_menus());
    }
}
