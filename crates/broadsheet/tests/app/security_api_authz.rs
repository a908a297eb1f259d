//! Authorization over every route of the JSON API (from `api::PATHS`) and every method it
//! answers, for each role: anonymous callers are refused with 401 everywhere but the
//! public reads, readers get 403 on staff routes, moderators cannot write articles, and
//! administrators are never refused for their role.

use crate::common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use broadsheet_domain::{EmailAddress, Role};
use broadsheet_testkit::{TestDb, on_both_engines};
use common::TestApp;

/// Who may call a route at all (the handler may still refuse for other reasons).
#[derive(Clone, Copy, Debug, PartialEq)]
enum Gate {
    Public,
    SignedIn,
    Writer,
    Moderator,
    Admin,
}

fn gate(method: &str, path: &str) -> Gate {
    match (method, path) {
        (_, "/api/v1/openapi.json") => Gate::Public,
        ("GET", p) if p.starts_with("/api/v1/articles/{id}/comments") => Gate::Public,
        (_, p)
            if p.starts_with("/api/v1/articles/{id}/comments")
                || p.starts_with("/api/v1/comments/") =>
        {
            Gate::SignedIn
        }
        (_, p) if p.starts_with("/api/v1/moderation/") => Gate::Moderator,
        (_, p) if p.starts_with("/api/v1/webhooks") => Gate::Admin,
        _ => Gate::Writer,
    }
}

fn allowed(g: Gate, role: Option<Role>) -> bool {
    match (g, role) {
        (Gate::Public, _) => true,
        (_, None) => false,
        (Gate::SignedIn, Some(_)) => true,
        (Gate::Writer, Some(r)) => r.writes_articles(),
        (Gate::Moderator, Some(r)) => r.moderates(),
        (Gate::Admin, Some(r)) => r == Role::Admin,
    }
}

fn concrete(path: &str) -> String {
    path.replace("{id}", "1")
        .replace("{version}", "1")
        .replace("{action}", "approve")
        .replace("{change}", "trust")
}

on_both_engines!(every_api_route_refuses_exactly_the_roles_it_should);

async fn every_api_route_refuses_exactly_the_roles_it_should(db: &TestDb) {
    let mut app = TestApp::with_demo(db).await;
    let mut tokens = vec![(None, String::new())];
    for role in Role::ALL {
        let email = EmailAddress::parse(&format!("{role}@authz.example.org")).unwrap();
        let user = app
            .store
            .create_user(&email, role.as_str(), role, None)
            .await
            .unwrap();
        tokens.push((
            Some(role),
            app.store
                .create_api_token(user.id, "authz")
                .await
                .unwrap()
                .1,
        ));
    }
    let mut checked = 0;
    for path in broadsheet::api::PATHS {
        for method in ["GET", "POST", "PATCH", "DELETE"] {
            if path.ends_with("/stream") {
                continue; // an endless event stream; public, covered in comments_api.rs
            }
            let uri = concrete(path);
            for (role, token) in &tokens {
                let mut req = Request::builder()
                    .method(method)
                    .uri(&uri)
                    .header("content-type", "application/json");
                if role.is_some() {
                    req = req.header("authorization", format!("Bearer {token}"));
                }
                let page = app.send(req.body(Body::from("{}")).unwrap()).await;
                if page.status == StatusCode::METHOD_NOT_ALLOWED {
                    break; // the path does not answer this method for anyone
                }
                let refused = matches!(
                    page.status,
                    StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN
                );
                let g = gate(method, path);
                let should = allowed(g, *role);
                // Contributors and authors pass the role gate but act only on their own
                // articles; that ownership rule is tested in newsroom_workflow.rs.
                let owner_rule = g == Gate::Writer
                    && path.contains("{id}")
                    && matches!(role, Some(Role::Contributor | Role::Author));
                if owner_rule {
                    assert_ne!(
                        page.status,
                        StatusCode::UNAUTHORIZED,
                        "{method} {uri} as {role:?}"
                    );
                } else if should {
                    assert!(
                        !refused,
                        "{method} {uri} as {role:?} was refused: {} {}",
                        page.status, page.body
                    );
                } else {
                    assert!(
                        refused,
                        "{method} {uri} as {role:?} was let through: {} {}",
                        page.status, page.body
                    );
                    if role.is_none() {
                        assert_eq!(
                            page.status,
                            StatusCode::UNAUTHORIZED,
                            "{method} {uri} anonymous"
                        );
                    }
                }
                checked += 1;
            }
        }
    }
    assert!(
        checked > 100,
        "checked {checked} (route, method, role) triples"
    );
}
