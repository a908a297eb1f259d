//! Rows as the store hands them out.

use broadsheet_domain::{ArticleStatus, Role};
use serde::Serialize;

#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
pub struct User {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    #[sqlx(try_from = "String")]
    pub role: RoleText,
    #[serde(skip)]
    pub password_hash: Option<String>,
    pub bio: String,
    pub created_at: i64,
}

impl User {
    pub fn role(&self) -> Role {
        self.role.0
    }
}

/// A role column decoded into the domain type; an unknown value is a data error.
#[derive(Clone, Copy, Debug, Serialize, PartialEq, Eq)]
#[serde(transparent)]
pub struct RoleText(pub Role);

impl TryFrom<String> for RoleText {
    type Error = broadsheet_domain::role::UnknownRole;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse().map(RoleText)
    }
}

#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
pub struct ApiToken {
    pub id: i64,
    pub user_id: i64,
    pub label: String,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
    pub revoked_at: Option<i64>,
    /// When the token stops working; `None`: never.
    pub expires_at: Option<i64>,
}

impl ApiToken {
    /// "active", "revoked" or "expired" at `now`.
    pub fn state(&self, now: i64) -> &'static str {
        if self.revoked_at.is_some() {
            "revoked"
        } else if self.expires_at.is_some_and(|t| t <= now) {
            "expired"
        } else {
            "active"
        }
    }
}

#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
pub struct Section {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub name_tr: String,
    pub description: String,
    pub position: i64,
}

/// What a listing shows of an article.
#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
pub struct ArticleSummary {
    pub id: i64,
    pub slug: String,
    pub headline: String,
    pub standfirst: String,
    pub language: String,
    #[sqlx(try_from = "String")]
    pub status: StatusText,
    pub section_slug: String,
    pub section_name: String,
    pub image_url: String,
    pub image_alt: String,
    pub featured: bool,
    pub word_count: i64,
    pub published_at: Option<i64>,
    pub updated_at: i64,
    /// Visible comments, for "12 comments" on cards (0 where a query does not select it).
    #[sqlx(default)]
    pub comment_count: i64,
}

/// The whole article, for its page and the editor.
#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
pub struct Article {
    #[sqlx(flatten)]
    #[serde(flatten)]
    pub summary: ArticleSummary,
    pub section_id: i64,
    pub body_md: String,
    pub body_html: String,
    pub dateline: String,
    pub image_caption: String,
    pub image_credit: String,
    pub comments_open: bool,
    pub seo_title: String,
    pub seo_description: String,
    pub canonical_url: String,
    pub version: i64,
    pub publish_at: Option<i64>,
    pub created_at: i64,
}

#[derive(Clone, Copy, Debug, Serialize, PartialEq, Eq)]
#[serde(transparent)]
pub struct StatusText(pub ArticleStatus);

impl TryFrom<String> for StatusText {
    type Error = String;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse().map(StatusText)
    }
}

/// A byline: an author of an article, in order.
#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
pub struct Byline {
    pub article_id: i64,
    pub user_id: i64,
    pub display_name: String,
    pub position: i64,
}

#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
pub struct Tag {
    pub id: i64,
    pub slug: String,
    pub name: String,
}
