//! Test helpers: a Broadsheet app on a fresh database, driven in-process through the
//! real router, with cookies kept like a browser would.
#![allow(dead_code)]

pub mod browser;
pub mod server;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, Response, StatusCode, header};
use broadsheet::config::DataConfig;
use broadsheet::state::{AppState, SiteOptions};
use broadsheet_store::Store;
use broadsheet_testkit::TestDb;
use http_body_util::BodyExt;
use std::collections::BTreeMap;
use tower::ServiceExt;

/// The password every test user gets.
pub const PASSWORD: &str = "correct horse battery";

pub struct TestApp {
    pub router: Router,
    pub store: Store,
    pub cookies: BTreeMap<String, String>,
}

/// A response with its body read.
pub struct Page {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: String,
}

impl Page {
    pub fn html(&self) -> scraper::Html {
        scraper::Html::parse_document(&self.body)
    }

    /// Text of every element matching a CSS selector.
    pub fn texts(&self, selector: &str) -> Vec<String> {
        let sel = scraper::Selector::parse(selector).expect("selector");
        self.html()
            .select(&sel)
            .map(|e| e.text().collect::<String>().trim().to_string())
            .collect()
    }

    /// The value of `attr` on every element matching a CSS selector.
    pub fn attrs(&self, selector: &str, attr: &str) -> Vec<String> {
        let sel = scraper::Selector::parse(selector).expect("selector");
        self.html()
            .select(&sel)
            .filter_map(|e| e.value().attr(attr).map(str::to_string))
            .collect()
    }

    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }
}

impl TestApp {
    /// The app on `db`, with the demo newspaper seeded as on a first start.
    pub async fn with_demo(db: &TestDb) -> TestApp {
        let store = Store::open(&db.url).await.expect("open store");
        broadsheet::content::first_start::run(&store, true, "http://127.0.0.1:8080")
            .await
            .expect("first start");
        TestApp::on(store)
    }

    /// The app on `db` without demo content.
    pub async fn empty(db: &TestDb) -> TestApp {
        let store = Store::open(&db.url).await.expect("open store");
        TestApp::on(store)
    }

    fn on(store: Store) -> TestApp {
        let data = DataConfig::new(std::env::temp_dir(), Some("sqlite::memory:".into())).unwrap();
        let options = SiteOptions {
            site_name: "The Harbour Ledger".into(),
            ..SiteOptions::local()
        };
        let state = AppState::new(store.clone(), data, options).expect("state");
        TestApp {
            router: broadsheet::router::build(state),
            store,
            cookies: BTreeMap::new(),
        }
    }

    pub async fn send(&mut self, mut req: Request<Body>) -> Page {
        if !self.cookies.is_empty() {
            let jar: Vec<String> = self
                .cookies
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect();
            req.headers_mut()
                .insert(header::COOKIE, jar.join("; ").parse().unwrap());
        }
        let response: Response<Body> = self.router.clone().oneshot(req).await.expect("infallible");
        for set in response.headers().get_all(header::SET_COOKIE) {
            let pair = set.to_str().unwrap().split(';').next().unwrap();
            let (k, v) = pair.split_once('=').unwrap();
            self.cookies.insert(k.to_string(), v.to_string());
        }
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        Page {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    pub async fn get(&mut self, path: &str) -> Page {
        self.send(Request::get(path).body(Body::empty()).unwrap())
            .await
    }

    /// Posts a URL-encoded form, as a browser on this site would.
    pub async fn post_form(&mut self, path: &str, fields: &[(&str, &str)]) -> Page {
        let body: Vec<String> = fields
            .iter()
            .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
            .collect();
        let req = Request::post(path)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body.join("&")))
            .unwrap();
        self.send(req).await
    }

    /// The browser's form token, fetching a page first if it has none yet.
    pub async fn csrf(&mut self) -> String {
        if self.cookie("bs_csrf").is_none() {
            self.get("/login").await;
        }
        self.cookie("bs_csrf")
            .expect("the site sets a form token")
            .to_string()
    }

    /// Posts a form with this browser's form token, as the site's own forms do.
    pub async fn submit(&mut self, path: &str, fields: &[(&str, &str)]) -> Page {
        let token = self.csrf().await;
        let mut all = vec![("csrf", token.as_str())];
        all.extend_from_slice(fields);
        self.post_form(path, &all).await
    }

    /// Creates a user with `role` and signs this browser in as them through the login form.
    pub async fn sign_in_as(
        &mut self,
        role: broadsheet_domain::Role,
        email: &str,
    ) -> broadsheet_store::User {
        let hash = broadsheet::auth::password::hash(PASSWORD.into())
            .await
            .unwrap();
        let email = broadsheet_domain::EmailAddress::parse(email).unwrap();
        let user = self
            .store
            .create_user(&email, "Test User", role, Some(&hash))
            .await
            .unwrap();
        let page = self
            .submit(
                "/login",
                &[("email", email.as_str()), ("password", PASSWORD)],
            )
            .await;
        assert_eq!(
            page.status,
            StatusCode::SEE_OTHER,
            "sign-in failed: {}",
            page.body
        );
        user
    }

    pub fn cookie(&self, name: &str) -> Option<&str> {
        self.cookies.get(name).map(String::as_str)
    }
}

/// Percent-encodes a form value.
pub fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}
