//! Who may open each newsroom page and take each newsroom action: every route against
//! anonymous, reader, contributor, author, editor, moderator and admin. The role is
//! always checked on the server. SQLite and PostgreSQL.

use crate::common;

use axum::http::StatusCode;
use broadsheet_domain::Role;
use broadsheet_testkit::{TestDb, on_both_engines};
use common::TestApp;

on_both_engines!(every_newsroom_route_checks_the_role);

/// Who is asking: `None` is an anonymous visitor.
const WHO: [Option<Role>; 7] = [
    None,
    Some(Role::Reader),
    Some(Role::Contributor),
    Some(Role::Author),
    Some(Role::Editor),
    Some(Role::Moderator),
    Some(Role::Admin),
];

/// A form post: path, fields, who may, and the answer for those who may.
type Post = (String, Vec<(&'static str, String)>, Allowed, StatusCode);

#[derive(Clone, Copy)]
enum Allowed {
    Staff,
    Writers,
    Desk,
    Admin,
}

impl Allowed {
    fn admits(self, role: Role) -> bool {
        match self {
            Allowed::Staff => role.is_staff(),
            Allowed::Writers => role.writes_articles(),
            Allowed::Desk => role.edits_all_articles(),
            Allowed::Admin => role == Role::Admin,
        }
    }
}

async fn every_newsroom_route_checks_the_role(db: &TestDb) {
    let mut owner = TestApp::empty(db).await;
    owner
        .store
        .create_section("city", "City", "", "")
        .await
        .unwrap();
    owner
        .sign_in_as(Role::Contributor, "owner@example.org")
        .await;
    let draft = owner
        .submit(
            "/newsroom/articles",
            &[("headline", "Someone's draft"), ("section", "city")],
        )
        .await;
    let id: i64 = draft
        .header("location")
        .trim_start_matches("/newsroom/articles/")
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let tag = owner
        .store
        .create_tag("shipping", "Shipping")
        .await
        .unwrap();

    let pages: [(&str, Allowed); 13] = [
        ("/newsroom", Allowed::Staff),
        ("/newsroom/articles", Allowed::Writers),
        ("/newsroom/articles/new", Allowed::Writers),
        ("/newsroom/media", Allowed::Writers),
        ("/newsroom/profile", Allowed::Writers),
        (
            &*Box::leak(format!("/newsroom/articles/{id}").into_boxed_str()),
            Allowed::Desk,
        ),
        (
            &*Box::leak(format!("/newsroom/articles/{id}/revisions").into_boxed_str()),
            Allowed::Desk,
        ),
        ("/newsroom/sections", Allowed::Desk),
        ("/newsroom/tags", Allowed::Desk),
        ("/newsroom/newsletters", Allowed::Desk),
        ("/newsroom/users", Allowed::Admin),
        ("/newsroom/webhooks", Allowed::Admin),
        ("/newsroom/webhooks/new", Allowed::Admin),
    ];
    for (n, who) in WHO.iter().enumerate() {
        let mut b = TestApp::on_same(&owner);
        if let Some(role) = who {
            b.sign_in_as(*role, &format!("u{n}@example.org")).await;
        }
        for (path, allowed) in pages {
            let page = b.get(path).await;
            let expected = match who {
                None => StatusCode::SEE_OTHER,
                Some(r) if allowed.admits(*r) => StatusCode::OK,
                Some(_) => StatusCode::FORBIDDEN,
            };
            assert_eq!(page.status, expected, "{who:?} GET {path}");
            if who.is_none() {
                assert!(
                    page.header("location").starts_with("/login?next="),
                    "{path}"
                );
            } else {
                assert!(
                    page.header("cache-control").contains("no-store"),
                    "{who:?} {path}"
                );
            }
        }
        let first = if *who == Some(Role::Editor) {
            StatusCode::SEE_OTHER
        } else {
            StatusCode::CONFLICT
        };
        let posts: Vec<Post> = vec![
            (
                "/newsroom/articles".into(),
                vec![("headline", format!("By {n}")), ("section", "city".into())],
                Allowed::Writers,
                StatusCode::SEE_OTHER,
            ),
            (
                "/newsroom/preview".into(),
                vec![("body", "x".into())],
                Allowed::Writers,
                StatusCode::OK,
            ),
            // The first desk role (the editor) saves and archives; the admin, later, finds a
            // newer version (409) and an archived article (409).
            (
                format!("/newsroom/articles/{id}"),
                vec![
                    ("version", "1".into()),
                    ("headline", "Edited".into()),
                    ("section", "city".into()),
                ],
                Allowed::Desk,
                first,
            ),
            (
                format!("/newsroom/articles/{id}/workflow"),
                vec![("action", "archive".into())],
                Allowed::Desk,
                first,
            ),
            (
                format!("/newsroom/articles/{id}/revisions/1/restore"),
                vec![("version", "1".into())],
                Allowed::Desk,
                StatusCode::CONFLICT,
            ),
            (
                "/newsroom/sections".into(),
                vec![("name", format!("Desk {n}"))],
                Allowed::Desk,
                StatusCode::SEE_OTHER,
            ),
            (
                format!("/newsroom/tags/{}", tag.id),
                vec![("name", format!("Shipping {n}"))],
                Allowed::Desk,
                StatusCode::SEE_OTHER,
            ),
            (
                "/newsroom/users".into(),
                vec![
                    ("email", format!("new{n}@example.org")),
                    ("name", "New".into()),
                    ("role", "author".into()),
                    ("password", "long enough password".into()),
                ],
                Allowed::Admin,
                StatusCode::SEE_OTHER,
            ),
            (
                format!("/newsroom/users/{}/role", 1),
                vec![("role", "reader".into())],
                Allowed::Admin,
                StatusCode::SEE_OTHER,
            ),
            (
                format!("/newsroom/users/{}/two-step/reset", 1),
                vec![],
                Allowed::Admin,
                StatusCode::SEE_OTHER,
            ),
        ];
        for (path, fields, allowed, ok) in posts {
            let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let page = b.submit(&path, &fields).await;
            let expected = match who {
                None => StatusCode::UNAUTHORIZED,
                Some(r) if allowed.admits(*r) => ok,
                Some(_) => StatusCode::FORBIDDEN,
            };
            assert_eq!(
                page.status,
                expected,
                "{who:?} POST {path}: {}",
                page.body.chars().take(300).collect::<String>()
            );
        }
    }
    // Only the writers' and admins' attempts created articles: the owner's plus four.
    assert_eq!(owner.store.count_articles().await.unwrap(), 5);
}
