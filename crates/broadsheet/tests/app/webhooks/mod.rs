//! Signed webhooks end to end, on both engines, against a receiver on loopback: the
//! helpers shared by `delivery` (events, signatures, retries, racing nodes) and `admin`
//! (who may manage endpoints, private targets, the newsroom pages) and `https` (TLS
//! receivers, trusted or not).

mod admin;
mod delivery;
mod https;

use crate::common;

use axum::http::{HeaderMap, StatusCode};
use broadsheet::config::DataConfig;
use broadsheet::state::{AppState, SiteOptions};
use broadsheet::tls::OutgoingTls;
use broadsheet_domain::Role;
use broadsheet_store::Store;
use broadsheet_testkit::TestDb;
use common::TestApp;
use common::tls::TestCert;
use hmac::{Hmac, KeyInit, Mac};
use serde_json::{Value, json};
use std::collections::{BTreeMap, VecDeque};
use std::sync::{Arc, Mutex};
use tokio_rustls::TlsAcceptor;

/// One request as the receiver got it.
#[derive(Clone, Debug)]
struct Received {
    headers: HeaderMap,
    body: String,
}

/// A webhook receiver on a loopback port: records every request and answers with the
/// queued statuses in turn (200 once they run out).
#[derive(Clone)]
struct Receiver {
    url: String,
    got: Arc<Mutex<Vec<Received>>>,
}

impl Receiver {
    async fn start(answers: &[u16]) -> Receiver {
        Receiver::serve(answers, None).await
    }

    /// A receiver at an https:// address, serving `cert`.
    async fn start_https(answers: &[u16], cert: &TestCert) -> Receiver {
        Receiver::serve(answers, Some(cert.acceptor())).await
    }

    async fn serve(answers: &[u16], tls: Option<TlsAcceptor>) -> Receiver {
        let got: Arc<Mutex<Vec<Received>>> = Arc::default();
        let queue = Arc::new(Mutex::new(answers.iter().copied().collect::<VecDeque<_>>()));
        let (g, q) = (got.clone(), queue);
        let app = axum::Router::new().fallback(move |headers: HeaderMap, body: String| {
            let (g, q) = (g.clone(), q.clone());
            async move {
                g.lock().unwrap().push(Received { headers, body });
                let status = q.lock().unwrap().pop_front().unwrap_or(200);
                StatusCode::from_u16(status).unwrap()
            }
        });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let scheme = if tls.is_some() { "https" } else { "http" };
        match tls {
            None => drop(tokio::spawn(
                async move { axum::serve(listener, app).await },
            )),
            Some(tls) => drop(tokio::spawn(serve_tls(listener, tls, app))),
        }
        Receiver {
            url: format!("{scheme}://127.0.0.1:{port}/hook"),
            got,
        }
    }

    fn received(&self) -> Vec<Received> {
        self.got.lock().unwrap().clone()
    }

    fn events(&self) -> Vec<String> {
        self.received()
            .iter()
            .map(|r| r.headers["broadsheet-event"].to_str().unwrap().to_string())
            .collect()
    }
}

/// Serves `app` over TLS on `listener` (a failed handshake just drops the connection).
async fn serve_tls(listener: tokio::net::TcpListener, tls: TlsAcceptor, app: axum::Router) {
    while let Ok((socket, _)) = listener.accept().await {
        let (tls, app) = (tls.clone(), app.clone());
        tokio::spawn(async move {
            let stream = tls.accept(socket).await.ok()?;
            let service = hyper_util::service::TowerToHyperService::new(app);
            hyper::server::conn::http1::Builder::new()
                .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                .await
                .ok()
        });
    }
}

/// The app on `db` with its state, so the test can run the delivery job itself.
async fn node(db: &TestDb, store: Store) -> (TestApp, AppState) {
    node_trusting(db, store, OutgoingTls::system()).await
}

/// [`node`] whose outgoing TLS trusts `tls`'s authorities.
async fn node_trusting(db: &TestDb, store: Store, tls: OutgoingTls) -> (TestApp, AppState) {
    let data = DataConfig::new(std::env::temp_dir(), Some(db.url.clone())).unwrap();
    let mut state = AppState::new(store.clone(), data, SiteOptions::local()).unwrap();
    state.configure().tls = Arc::new(tls);
    let app = TestApp {
        router: broadsheet::router::build(state.clone()),
        store,
        cookies: BTreeMap::new(),
    };
    (app, state)
}

/// A site with a section, private targets allowed (the receiver is on loopback), and
/// an administrator's API token.
async fn site(db: &TestDb) -> (TestApp, AppState, String) {
    site_trusting(db, OutgoingTls::system()).await
}

/// [`site`] whose outgoing TLS trusts `tls`'s authorities.
async fn site_trusting(db: &TestDb, tls: OutgoingTls) -> (TestApp, AppState, String) {
    let store = Store::open(&db.url).await.unwrap();
    store.create_section("city", "City", "", "").await.unwrap();
    store
        .set_setting(broadsheet::webhooks::ALLOW_PRIVATE_SETTING, "true")
        .await
        .unwrap();
    let (app, state) = node_trusting(db, store, tls).await;
    let (_, admin) = app.token_for(Role::Admin, "admin@example.org").await;
    (app, state, admin)
}

/// Registers an endpoint through the API; returns (id, secret).
async fn register(app: &mut TestApp, admin: &str, url: &str, events: &[&str]) -> (i64, String) {
    let page = app
        .api(
            "POST",
            "/api/v1/webhooks",
            admin,
            Some(json!({ "url": url, "events": events })),
        )
        .await;
    assert_eq!(page.status, StatusCode::CREATED, "{}", page.body);
    let v = TestApp::json(&page);
    (
        v["id"].as_i64().unwrap(),
        v["secret"].as_str().unwrap().to_string(),
    )
}

/// Creates and publishes an article through the API; returns its id and version.
async fn publish_versioned(app: &mut TestApp, admin: &str, headline: &str) -> (i64, i64) {
    let body =
        json!({ "headline": headline, "body": "Text.", "section": "city", "language": "en" });
    let page = app.api("POST", "/api/v1/articles", admin, Some(body)).await;
    assert_eq!(page.status, StatusCode::CREATED, "{}", page.body);
    let id = TestApp::json(&page)["id"].as_i64().unwrap();
    let page = app
        .api(
            "POST",
            &format!("/api/v1/articles/{id}/publish"),
            admin,
            Some(json!({})),
        )
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    (id, TestApp::json(&page)["version"].as_i64().unwrap())
}

/// Creates and publishes an article through the API; returns its id.
async fn publish(app: &mut TestApp, admin: &str, headline: &str) -> i64 {
    publish_versioned(app, admin, headline).await.0
}

/// Checks a delivery's signature from the secret alone, as a receiver would; returns the
/// parsed body.
fn verified(r: &Received, secret: &str) -> Value {
    let header = r.headers["broadsheet-signature"].to_str().unwrap();
    let (t, v1) = header.split_once(',').unwrap();
    let t: i64 = t.strip_prefix("t=").unwrap().parse().unwrap();
    let v1 = v1.strip_prefix("v1=").unwrap();
    assert!(
        (broadsheet_store::now() - t).abs() <= 300,
        "stale timestamp {t}"
    );
    let mut mac = Hmac::<sha256::Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(format!("{t}.{}", r.body).as_bytes());
    let expected: String = mac
        .finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(v1, expected, "the signature does not match the body");
    assert_eq!(r.headers["content-type"], "application/json");
    serde_json::from_str(&r.body).unwrap()
}
