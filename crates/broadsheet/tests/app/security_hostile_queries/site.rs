//! The demo site with a comment thread and signed-in staff, and sending and checking requests.

use crate::common::{Page, TestApp};
use axum::body::Body;
use axum::http::{Method, Request, header};
use broadsheet_domain::Role;
use broadsheet_store::{CommentStatus, NewComment};
use broadsheet_testkit::TestDb;
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use std::collections::BTreeMap;

/// Who sends a request.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum As {
    Anonymous,
    /// An administrator signed in with a cookie (newsroom and moderation desk).
    Staff,
    /// The JSON API with an editor's token.
    Writer,
    /// The JSON API with a moderator's token.
    Moderator,
}

/// The demo newspaper, and what the targets need from it.
pub struct Site {
    pub app: TestApp,
    /// The administrator's session cookies.
    staff: BTreeMap<String, String>,
    writer_token: String,
    moderator_token: String,
    pub section: String,
    pub article: String,
    pub article_id: i64,
    pub tag: String,
    pub author: String,
    pub comment_id: i64,
}

/// The demo newspaper with a comment thread to page, API tokens and a signed-in admin.
pub async fn site(db: &TestDb) -> Site {
    let app = TestApp::with_demo(db).await;
    let store = app.store.clone();
    let a = store
        .listing(broadsheet_store::Listing::All, None, 1)
        .await
        .unwrap()
        .remove(0);
    let tag = store.list_tags().await.unwrap().remove(0).slug;
    let author = store.bylines(&[a.id]).await.unwrap().remove(0).user_id;
    // A thread to page through: comments with likes, and replies.
    let comment = |parent: Option<i64>, body: &str| NewComment {
        article_id: a.id,
        parent_id: parent,
        author_id: None,
        guest_name: "Guest".into(),
        guest_email: String::new(),
        body_md: body.into(),
        body_html: format!("<p>{body}</p>"),
        status: CommentStatus::Visible,
        reasons: "[]".into(),
        nonce: None,
    };
    let tops = store
        .import_comments(&[
            comment(None, "First."),
            comment(None, "Second."),
            comment(None, "Third."),
        ])
        .await
        .unwrap();
    store
        .import_comments(&[
            comment(Some(tops[0]), "A reply."),
            comment(Some(tops[0]), "Another."),
        ])
        .await
        .unwrap();
    let comment_id = tops[0];
    let (_, writer_token) = app
        .token_for(Role::Editor, "writer@hostile.example.org")
        .await;
    let (_, moderator_token) = app
        .token_for(Role::Moderator, "moderator@hostile.example.org")
        .await;
    let mut staff = TestApp::on_same(&app);
    staff
        .sign_in_as(Role::Admin, "admin@hostile.example.org")
        .await;
    Site {
        app,
        staff: staff.cookies,
        writer_token,
        moderator_token,
        section: a.section_slug.clone(),
        article: format!("{}/{}", a.section_slug, a.slug),
        article_id: a.id,
        tag,
        author: format!("{author}-x"),
        comment_id,
    }
}

impl Site {
    /// Sends a GET as `who`, from a fresh browser.
    pub async fn send(&self, who: As, uri: &str) -> Result<Page, TestCaseError> {
        let mut req = Request::builder()
            .method(Method::GET)
            .uri(uri)
            .body(Body::empty())
            .map_err(|e| TestCaseError::fail(format!("test built a bad URI {uri:?}: {e}")))?;
        // A fresh browser per request: nothing one answer sets leaks into the next.
        let mut app = TestApp::on_same(&self.app);
        match who {
            As::Anonymous => {}
            As::Staff => app.cookies = self.staff.clone(),
            As::Writer | As::Moderator => {
                let token = if who == As::Writer {
                    &self.writer_token
                } else {
                    &self.moderator_token
                };
                req.headers_mut().insert(
                    header::AUTHORIZATION,
                    format!("Bearer {token}").parse().unwrap(),
                );
            }
        }
        Ok(app.send(req).await)
    }
}

/// The answer to a hostile request: never a server error or a leaked database error,
/// and an HTML page never carries `raw` unescaped.
pub fn check(uri: &str, page: &Page, raw: Option<&str>) -> Result<(), TestCaseError> {
    let short: String = uri.chars().take(300).collect();
    prop_assert!(
        page.status.as_u16() < 500,
        "{} answered {}: {}",
        short,
        page.status,
        page.body.chars().take(500).collect::<String>()
    );
    for leak in [
        "syntax error",
        "SqliteError",
        "PgDatabaseError",
        "sqlx",
        "invalid byte sequence",
        "LIKE or GLOB",
        "fts5:",
        "tsquery",
    ] {
        prop_assert!(
            !page.body.contains(leak),
            "{} shows {:?}: {}",
            short,
            leak,
            page.body.chars().take(500).collect::<String>()
        );
    }
    if let Some(raw) = raw
        && page.header("content-type").starts_with("text/html")
    {
        prop_assert!(
            !page.body.contains(raw),
            "{} reflects {:?} unescaped",
            short,
            raw
        );
    }
    Ok(())
}

/// Sends a request that must pass `check`, and answers it.
pub async fn get(site: &Site, who: As, uri: &str) -> Page {
    let page = site.send(who, uri).await.unwrap();
    check(uri, &page, None).unwrap();
    page
}
