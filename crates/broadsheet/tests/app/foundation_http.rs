//! The foundation through the real router, on SQLite and PostgreSQL: operations
//! endpoints, the demo home page, error pages, headers, and the admin setup link.

use crate::common;

use axum::http::StatusCode;
use broadsheet_domain::Role;
use broadsheet_testkit::{TestDb, on_both_engines};
use common::TestApp;

on_both_engines!(
    health_ready_and_metrics_answer,
    home_lists_the_demo_articles_and_they_open,
    unknown_pages_get_a_themed_404,
    every_response_has_a_request_id_and_security_headers,
    setup_link_creates_the_admin_once_with_csrf,
);

async fn health_ready_and_metrics_answer(db: &TestDb) {
    // Without a metrics token the main listener does not serve /metrics at all.
    let mut public = TestApp::empty(db).await;
    assert_eq!(public.get("/metrics").await.status, StatusCode::NOT_FOUND);
    let options = broadsheet::state::SiteOptions {
        metrics_token: Some("scrape-secret".into()),
        ..broadsheet::state::SiteOptions::local()
    };
    let mut app = TestApp::with_options(db, options).await;
    assert_eq!(app.get("/healthz").await.status, StatusCode::OK);
    let ready = app.get("/readyz").await;
    assert_eq!(ready.status, StatusCode::OK, "{}", ready.body);
    app.get("/").await;
    app.get("/no/such-page").await;
    let scrape = |token: &str| {
        axum::http::Request::get("/metrics")
            .header("authorization", format!("Bearer {token}"))
            .body(axum::body::Body::empty())
            .unwrap()
    };
    for wrong in ["", "scrape-secre", "scrape-secret2", "SCRAPE-SECRET"] {
        let refused = app.send(scrape(wrong)).await;
        assert_eq!(refused.status, StatusCode::UNAUTHORIZED, "{wrong:?}");
        assert!(!refused.body.contains("broadsheet_http_requests_total"));
    }
    assert_eq!(app.get("/metrics").await.status, StatusCode::UNAUTHORIZED);
    let metrics = app.send(scrape("scrape-secret")).await;
    assert_eq!(metrics.status, StatusCode::OK);
    assert!(
        metrics
            .body
            .contains(r#"broadsheet_http_requests_total{route="/",method="GET",status="200"} 1"#),
        "{}",
        metrics.body
    );
    assert!(metrics.body.contains(r#"status="404""#));
    assert!(
        metrics
            .body
            .contains("broadsheet_http_request_duration_seconds_bucket")
    );
    assert!(metrics.body.contains("broadsheet_db_pool_max_connections"));
    // When the database goes away, readiness says so.
    app.store.close().await;
    assert_eq!(
        app.get("/readyz").await.status,
        StatusCode::SERVICE_UNAVAILABLE
    );
    assert_eq!(app.get("/healthz").await.status, StatusCode::OK);
}

async fn home_lists_the_demo_articles_and_they_open(db: &TestDb) {
    let mut app = TestApp::with_demo(db).await;
    let home = app.get("/").await;
    assert_eq!(home.status, StatusCode::OK);
    assert_eq!(home.texts(".masthead-name"), ["The Harbour Ledger"]);
    let links = home.attrs(".lead-story h2 a, .story h3 a", "href");
    assert!(
        links.len() >= 8,
        "the home page links the demo articles: {links:?}"
    );
    let article = app.get(&links[0]).await;
    assert_eq!(article.status, StatusCode::OK, "{}", links[0]);
    assert_eq!(article.texts("h1").len(), 1);
    assert!(!article.texts(".standfirst")[0].is_empty());
    assert!(
        article.texts(".article-body h2").len() >= 2,
        "subheadings render"
    );
    assert!(article.texts(".author").iter().all(|a| !a.is_empty()));
    // A Turkish demo article carries its language.
    let turkish = home.attrs(".story[lang=tr] h3 a", "href");
    assert!(!turkish.is_empty(), "demo has Turkish articles");
    let tr = app.get(&turkish[0]).await;
    assert_eq!(tr.attrs("#headline", "lang"), ["tr"]);
    assert_eq!(tr.attrs(".article-body", "lang"), ["tr"]);
}

async fn unknown_pages_get_a_themed_404(db: &TestDb) {
    let mut app = TestApp::with_demo(db).await;
    for path in [
        "/nope",
        "/city/no-such-article",
        "/static/0000/css/site.css",
        "/a/b/c",
    ] {
        let page = app.get(path).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(page.texts("h1"), ["Page not found"], "{path}");
        assert!(page.header("content-type").starts_with("text/html"));
    }
}

async fn every_response_has_a_request_id_and_security_headers(db: &TestDb) {
    let mut app = TestApp::with_demo(db).await;
    let a = app.get("/").await;
    let b = app.get("/missing").await;
    assert!(!a.header("x-request-id").is_empty());
    assert_ne!(a.header("x-request-id"), b.header("x-request-id"));
    for page in [&a, &b] {
        let csp = page.header("content-security-policy");
        assert!(
            csp.contains("script-src 'self'") && !csp.contains("unsafe"),
            "{csp}"
        );
        assert!(csp.contains("frame-ancestors 'none'"));
        assert_eq!(page.header("x-content-type-options"), "nosniff");
        assert!(!page.header("referrer-policy").is_empty());
    }
    let req = axum::http::Request::get("/")
        .header("x-request-id", "trace-abc.1")
        .body(axum::body::Body::empty())
        .unwrap();
    assert_eq!(app.send(req).await.header("x-request-id"), "trace-abc.1");
    let css = a.attrs("link[rel=stylesheet]", "href").remove(0);
    let asset = app.get(&css).await;
    assert_eq!(asset.status, StatusCode::OK);
    assert!(asset.header("cache-control").contains("immutable"));
}

async fn setup_link_creates_the_admin_once_with_csrf(db: &TestDb) {
    let mut app = TestApp::empty(db).await;
    let token = app.store.create_setup_token(3600).await.unwrap();
    let path = format!("/setup/{token}");
    assert_eq!(
        app.get("/setup/not-a-token").await.status,
        StatusCode::NOT_FOUND
    );
    let form = app.get(&path).await;
    assert_eq!(form.status, StatusCode::OK);
    let csrf = form.attrs("input[name=csrf]", "value").remove(0);
    let fields = |csrf: &'static str| {
        vec![
            ("csrf", csrf),
            ("email", "chief@example.org"),
            ("name", "Chief"),
            ("password", "a long passphrase"),
            ("password_confirm", "a long passphrase"),
        ]
    };
    // Without the token, or with a wrong one: refused, nothing created.
    let no_token: Vec<_> = fields("")
        .into_iter()
        .filter(|(k, _)| *k != "csrf")
        .collect();
    assert_eq!(
        app.post_form(&path, &no_token).await.status,
        StatusCode::FORBIDDEN
    );
    let wrong = fields("0000000000000000000000000000000000000000000000000000000000000000");
    assert_eq!(
        app.post_form(&path, &wrong).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.store.count_users_with_role(Role::Admin).await.unwrap(),
        0
    );
    // Bad input re-renders the form with a message and keeps what was typed.
    let csrf: &'static str = Box::leak(csrf.into_boxed_str());
    let mut short = fields(csrf);
    short[3].1 = "short";
    short[4].1 = "short";
    let retry = app.post_form(&path, &short).await;
    assert_eq!(retry.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(retry.texts(".form-error")[0].contains("at least 10"));
    assert_eq!(
        retry.attrs("input[name=email]", "value"),
        ["chief@example.org"]
    );
    // The real thing: an admin, signed in, redirected home.
    let done = app.post_form(&path, &fields(csrf)).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    assert!(app.cookie("bs_session").is_some());
    let admin = app
        .store
        .user_for_session(app.cookie("bs_session").unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(admin.role(), Role::Admin);
    // The link is spent.
    assert_eq!(
        app.post_form(&path, &fields(csrf)).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(app.get(&path).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        app.store.count_users_with_role(Role::Admin).await.unwrap(),
        1
    );
}
