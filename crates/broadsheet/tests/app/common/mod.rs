//! Test helpers: a Broadsheet app on a fresh database, driven in-process through the
//! real router, with cookies kept like a browser would.

pub mod browser;
pub mod images;
pub mod moto;
pub mod pg_cluster;
pub mod server;
pub mod smtp;
pub mod sql;
pub mod tiny_disk;
pub mod tls;
pub mod xss;

// (The nginx deployment tests' helpers.)
pub mod curl;
pub mod nginx;

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

    /// The app on `db` without demo content, with these site options.
    pub async fn with_options(db: &TestDb, options: SiteOptions) -> TestApp {
        let store = Store::open(&db.url).await.expect("open store");
        TestApp::on_with(store, options)
    }

    /// The app on `db` without demo content, its state adjusted by `setup` (media
    /// storage, say) before the router is built.
    pub async fn configured(db: &TestDb, setup: impl FnOnce(&mut AppState)) -> TestApp {
        let store = Store::open(&db.url).await.expect("open store");
        let data = DataConfig::new(std::env::temp_dir(), Some("sqlite::memory:".into())).unwrap();
        let mut state = AppState::new(store.clone(), data, SiteOptions::local()).expect("state");
        setup(&mut state);
        TestApp {
            router: broadsheet::router::build(state),
            store,
            cookies: BTreeMap::new(),
        }
    }

    fn on(store: Store) -> TestApp {
        let options = SiteOptions {
            site_name: "The Harbour Ledger".into(),
            ..SiteOptions::local()
        };
        TestApp::on_with(store, options)
    }

    fn on_with(store: Store, options: SiteOptions) -> TestApp {
        let data = DataConfig::new(std::env::temp_dir(), Some("sqlite::memory:".into())).unwrap();
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
/// A multipart/form-data body with text `fields` and one `file` (name, bytes), and its
/// content type.
pub fn multipart_body(fields: &[(&str, &str)], file: (&str, &[u8])) -> (String, Vec<u8>) {
    let boundary = "----broadsheet-test-boundary";
    let mut body = Vec::new();
    for (k, v) in fields {
        body.extend(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n")
                .as_bytes(),
        );
    }
    body.extend(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{}\"\r\nContent-Type: application/octet-stream\r\n\r\n", file.0).as_bytes());
    body.extend_from_slice(file.1);
    body.extend(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

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

/// Newsroom and API helpers.
impl TestApp {
    /// A user with `role` and an API token acting as them.
    pub async fn token_for(
        &self,
        role: broadsheet_domain::Role,
        email: &str,
    ) -> (broadsheet_store::User, String) {
        let email = broadsheet_domain::EmailAddress::parse(email).unwrap();
        let user = self
            .store
            .create_user(&email, email.as_str(), role, None)
            .await
            .unwrap();
        let (_, secret) = self.store.create_api_token(user.id, "test").await.unwrap();
        (user, secret)
    }

    /// Calls the JSON API with a bearer token (no cookies).
    pub async fn api(
        &mut self,
        method: &str,
        path: &str,
        token: &str,
        body: Option<serde_json::Value>,
    ) -> Page {
        let req = Request::builder()
            .method(method)
            .uri(path)
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.map(|b| b.to_string()).unwrap_or_default()))
            .unwrap();
        let saved = std::mem::take(&mut self.cookies);
        let page = self.send(req).await;
        self.cookies = saved;
        page
    }

    /// Posts a multipart form (`fields` as text, then one file), as a browser would.
    pub async fn multipart(
        &mut self,
        path: &str,
        fields: &[(&str, &str)],
        file: (&str, &[u8]),
        token: Option<&str>,
    ) -> Page {
        let (content_type, body) = multipart_body(fields, file);
        let mut req = Request::post(path)
            .header(header::CONTENT_TYPE, content_type)
            .body(Body::from(body))
            .unwrap();
        if let Some(t) = token {
            req.headers_mut().insert(
                header::AUTHORIZATION,
                format!("Bearer {t}").parse().unwrap(),
            );
        }
        self.send(req).await
    }

    /// Uploads an image through the JSON API with the bearer `token`.
    pub async fn upload_image(&mut self, token: &str, name: &str, bytes: &[u8]) -> Page {
        self.multipart(
            "/api/v1/images",
            &[("alt", "x")],
            (name, bytes),
            Some(token),
        )
        .await
    }

    pub fn json(page: &Page) -> serde_json::Value {
        serde_json::from_str(&page.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", page.body))
    }
}

impl TestApp {
    /// A second browser on the same app and database (no cookies).
    pub fn on_same(other: &TestApp) -> TestApp {
        TestApp {
            router: other.router.clone(),
            store: other.store.clone(),
            cookies: BTreeMap::new(),
        }
    }
}

/// Accounts, mail and comments helpers.
impl TestApp {
    /// The app with the demo newspaper, sending mail over SMTP to `smtp_url`.
    pub async fn with_demo_and_smtp(db: &TestDb, smtp_url: &str) -> TestApp {
        let tls = broadsheet::tls::OutgoingTls::system();
        TestApp::with_demo_and_smtp_trusting(db, smtp_url, &tls).await
    }

    /// [`TestApp::with_demo_and_smtp`] trusting `tls`'s authorities for the server.
    pub async fn with_demo_and_smtp_trusting(
        db: &TestDb,
        smtp_url: &str,
        tls: &broadsheet::tls::OutgoingTls,
    ) -> TestApp {
        let store = Store::open(&db.url).await.expect("open store");
        broadsheet::content::first_start::run(&store, true, "http://127.0.0.1:8080")
            .await
            .expect("first start");
        let data = DataConfig::new(std::env::temp_dir(), Some("sqlite::memory:".into())).unwrap();
        let mut state = AppState::new(store.clone(), data, SiteOptions::local()).expect("state");
        let mailer =
            broadsheet::mail::Mailer::smtp(smtp_url, "Ledger <noreply@example.org>", tls).unwrap();
        state.configure().mailer = std::sync::Arc::new(mailer);
        TestApp {
            router: broadsheet::router::build(state),
            store,
            cookies: BTreeMap::new(),
        }
    }

    /// The path of the newest mailed link to `to` whose path starts with `prefix`,
    /// waiting up to 10 s for it: some mail (password reset) is sent after the answer.
    pub async fn mailed_link(&self, to: &str, prefix: &str) -> Option<String> {
        let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(10);
        loop {
            let mail = self.store.outbox(Some(to), 50).await.unwrap();
            let found = mail.iter().find_map(|m| {
                let start = m.body.find(&format!("http://127.0.0.1:8080{prefix}"))?;
                let url = m.body[start..].split_whitespace().next()?;
                Some(url.trim_start_matches("http://127.0.0.1:8080").to_string())
            });
            if found.is_some() || tokio::time::Instant::now() >= deadline {
                return found;
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
    }

    /// The newest published article: (id, its path).
    pub async fn first_article(&self) -> (i64, String) {
        let a = self
            .store
            .listing(broadsheet_store::Listing::All, None, 1)
            .await
            .unwrap()
            .remove(0);
        (a.id, format!("/{}/{}", a.section_slug, a.slug))
    }
}

/// Stores a comment straight through the store (no screening, no HTTP), for tests that
/// need comments in a given state; returns its id.
pub async fn store_comment(
    store: &Store,
    (article, author): (i64, i64),
    status: broadsheet_store::CommentStatus,
    (body_md, body_html): (&str, &str),
    reasons: &str,
) -> i64 {
    let new = broadsheet_store::NewComment {
        article_id: article,
        parent_id: None,
        author_id: Some(author),
        guest_name: String::new(),
        guest_email: String::new(),
        body_md: body_md.into(),
        body_html: body_html.into(),
        status,
        reasons: reasons.into(),
        nonce: None,
    };
    match store.post_comment(&new).await.unwrap() {
        broadsheet_store::PostOutcome::Created(c) => c.id,
        other => panic!("not stored: {other:?}"),
    }
}
