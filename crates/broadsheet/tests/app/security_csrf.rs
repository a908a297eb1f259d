//! Cross-site request forgery: every state-changing route of the web UI, found by reading
//! the router's source, refuses a request without the form token or with a wrong one,
//! even from a signed-in administrator; cookie-authenticated API calls need it too.

use crate::common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use broadsheet_domain::Role;
use broadsheet_testkit::{TestDb, on_both_engines};
use common::TestApp;
use std::path::Path;

/// (method, path) of every route whose handler changes state, read from the source: each
/// path literal followed by the route text up to the next path literal.
fn state_changing_routes() -> Vec<(String, String)> {
    let mut files = Vec::new();
    collect(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut files,
    );
    let mut found = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let pieces: Vec<&str> = text.split("\"/").collect();
        for piece in pieces.iter().skip(1) {
            let Some((path, rest)) = piece.split_once('"') else {
                continue;
            };
            let rest = rest.trim_start();
            if path.contains(char::is_whitespace)
                || !(rest.starts_with(',') || rest.starts_with("=>"))
            {
                continue;
            }
            // The route's methods are called in the same statement as its path; a later
            // `cache.put(…)` or `input(…)` is not one.
            let statement = rest.split(';').next().unwrap_or(rest);
            for method in ["post", "patch", "put", "delete"] {
                let call = format!("{method}(");
                let routed = statement.match_indices(&call).any(|(at, _)| {
                    !statement[..at]
                        .chars()
                        .next_back()
                        .is_some_and(|c| c.is_alphanumeric() || c == '_')
                });
                if routed {
                    found.push((method.to_uppercase(), format!("/{path}")));
                }
            }
        }
    }
    found.sort();
    found.dedup();
    found
}

fn collect(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let p = entry.path();
        if p.is_dir() {
            collect(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

/// Endpoints that change counters, not anyone's data, and take no session: the ad
/// viewability beacon (bot-filtered and capped; see docs/decisions/0007-ads.md).
const ANONYMOUS_BEACONS: &[&str] = &["/ads/view"];

/// The same forged submission as multipart/form-data.
fn multipart(method: &str, uri: &str, token: Option<&str>) -> Request<Body> {
    let boundary = "forgedboundary";
    let mut body = String::new();
    for (name, value) in token
        .map(|t| ("csrf", t))
        .into_iter()
        .chain([("name", "Forged"), ("headline", "Forged")])
    {
        body.push_str(&format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
        ));
    }
    body.push_str(&format!("--{boundary}--\r\n"));
    Request::builder()
        .method(method)
        .uri(uri)
        .header(
            "content-type",
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(Body::from(body))
        .unwrap()
}

/// Fills path parameters with plausible values.
fn concrete(path: &str) -> String {
    path.split('/')
        .map(|seg| match seg {
            s if s.starts_with('{') && s.contains("token") => "0".repeat(64),
            s if s.starts_with('{') && (s.contains("action") || s.contains("change")) => {
                "approve".to_string()
            }
            s if s.starts_with('{') && s.contains("locale") => "tr".to_string(),
            s if s.starts_with('{') => "1".to_string(),
            s => s.to_string(),
        })
        .collect::<Vec<_>>()
        .join("/")
}

on_both_engines!(
    every_state_changing_route_refuses_a_missing_or_wrong_token,
    behind_a_proxy_that_rewrites_host_the_base_url_is_the_origin,
);

async fn every_state_changing_route_refuses_a_missing_or_wrong_token(db: &TestDb) {
    let mut app = TestApp::with_demo(db).await;
    app.sign_in_as(Role::Admin, "admin@example.org").await;
    let routes = state_changing_routes();
    assert!(routes.len() >= 20, "found only {routes:?}");
    let before = app.store.count_articles().await.unwrap();
    for (method, path) in &routes {
        if path.starts_with("/setup/") {
            continue; // needs a live one-time token; covered in foundation_http.rs
        }
        if ANONYMOUS_BEACONS.contains(&path.as_str()) {
            continue;
        }
        let uri = concrete(path);
        for token in [None, Some("f".repeat(64))] {
            let body = match &token {
                Some(t) => format!("csrf={t}&headline=Forged&name=Forged&body=Forged"),
                None => "headline=Forged&name=Forged&body=Forged".to_string(),
            };
            let content_type = if path.starts_with("/api/") {
                "application/json"
            } else {
                "application/x-www-form-urlencoded"
            };
            let body = if path.starts_with("/api/") {
                "{\"headline\":\"Forged\",\"body\":\"Forged\"}".to_string()
            } else {
                body
            };
            let req = Request::builder()
                .method(method.as_str())
                .uri(&uri)
                .header("content-type", content_type)
                .body(Body::from(body))
                .unwrap();
            let mut page = app.send(req).await;
            if !path.starts_with("/api/") && page.status == StatusCode::BAD_REQUEST {
                // An upload form takes multipart bodies, which a forger can send too.
                page = app.send(multipart(method, &uri, token.as_deref())).await;
            }
            // The web UI refuses with 403; the API, which takes bearer tokens, with 401/403.
            let refused = if path.starts_with("/api/") {
                matches!(
                    page.status,
                    StatusCode::FORBIDDEN | StatusCode::UNAUTHORIZED
                )
            } else {
                page.status == StatusCode::FORBIDDEN
            };
            assert!(
                refused,
                "{method} {uri} without a valid token answered {}: {}",
                page.status,
                &page.body[..page.body.len().min(300)]
            );
        }
    }
    assert_eq!(
        app.store.count_articles().await.unwrap(),
        before,
        "no forged request created anything"
    );
    assert!(
        app.store
            .user_for_session(app.cookie("bs_session").unwrap())
            .await
            .unwrap()
            .is_some(),
        "the admin is still signed in: no forged logout"
    );
}

/// nginx's `proxy_set_header Host $proxy_host` hands the app the upstream's name, not
/// the one the browser used; the browser's Origin is then checked against --base-url.
async fn behind_a_proxy_that_rewrites_host_the_base_url_is_the_origin(db: &TestDb) {
    let options = broadsheet::state::SiteOptions {
        base_url: "https://news.example".into(),
        ..broadsheet::state::SiteOptions::local()
    };
    let mut app = TestApp::with_options(db, options).await;
    let hash = broadsheet::auth::password::hash(common::PASSWORD.into())
        .await
        .unwrap();
    let email = broadsheet_domain::EmailAddress::parse("ed@example.org").unwrap();
    app.store
        .create_user(&email, "Ed", Role::Editor, Some(&hash))
        .await
        .unwrap();
    let token = app.csrf().await;
    let sign_in = |origin: &str| {
        Request::post("/login")
            .header("host", "broadsheet-upstream:8080")
            .header("origin", origin)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(Body::from(format!(
                "csrf={token}&email=ed%40example.org&password={}",
                common::enc(common::PASSWORD)
            )))
            .unwrap()
    };
    for foreign in [
        "https://evil.example",
        "http://news.example",
        "https://news.example:8443",
        "https://news.example.evil.example",
        "null",
    ] {
        let page = app.send(sign_in(foreign)).await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "{foreign}");
        assert!(app.cookie("bs_session").is_none(), "{foreign}");
    }
    let page = app.send(sign_in("https://news.example")).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    assert!(app.cookie("bs_session").is_some());
}
