//! Broadsheet behind a reverse proxy, through a real server: readers forwarded by a
//! trusted proxy are told apart by X-Forwarded-For, and nobody else can claim an address.

use crate::common::enc;
use crate::common::server::Server;
use reqwest::StatusCode;

/// A browser behind a proxy that forwards it as `forwarded_for`, keeping its form-token
/// cookie between requests.
struct Reader<'a> {
    server: &'a Server,
    forwarded_for: &'static str,
    http: reqwest::Client,
    csrf: String,
}

impl<'a> Reader<'a> {
    async fn new(server: &'a Server, forwarded_for: &'static str) -> Reader<'a> {
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        let page = http
            .get(server.url("/login"))
            .header("x-forwarded-for", forwarded_for)
            .send()
            .await
            .unwrap();
        let csrf = page
            .headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok()?.strip_prefix("bs_csrf="))
            .map(|rest| rest.split(';').next().unwrap().to_string())
            .next()
            .expect("the login page sets a form token");
        Reader {
            server,
            forwarded_for,
            http,
            csrf,
        }
    }

    /// Signs in with a wrong password; the answer's status.
    async fn fail_to_sign_in(&self, email: &str) -> StatusCode {
        self.http
            .post(self.server.url("/login"))
            .header("x-forwarded-for", self.forwarded_for)
            .header("cookie", format!("bs_csrf={}", self.csrf))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(format!(
                "csrf={}&email={}&password=not+the+password",
                self.csrf,
                enc(email)
            ))
            .send()
            .await
            .unwrap()
            .status()
    }
}

/// Fails to sign in (each time to another account) until the address is cut off.
async fn lock_out(reader: &Reader<'_>) {
    for n in 0..30 {
        let status = reader
            .fail_to_sign_in(&format!("guess{n}@example.org"))
            .await;
        if status == StatusCode::TOO_MANY_REQUESTS {
            return;
        }
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
    panic!("30 failed sign-ins from one address were never cut off");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readers_behind_a_trusted_proxy_are_limited_apart() {
    let db = broadsheet_testkit::sqlite();
    let server = Server::start_with(&db.url, &["--trusted-proxies", "127.0.0.1/32"]).await;
    let first = Reader::new(&server, "198.51.100.1").await;
    let second = Reader::new(&server, "198.51.100.2").await;
    lock_out(&first).await;
    assert_eq!(
        first.fail_to_sign_in("another@example.org").await,
        StatusCode::TOO_MANY_REQUESTS
    );
    assert_eq!(
        second.fail_to_sign_in("someone@example.org").await,
        StatusCode::UNAUTHORIZED,
        "another reader behind the same proxy is not locked out"
    );
    // The same /64 is one reader; another /64 is another.
    let phone = Reader::new(&server, "2001:db8:1:2::10").await;
    let laptop = Reader::new(&server, "2001:db8:1:2::20").await;
    let neighbour = Reader::new(&server, "2001:db8:1:3::10").await;
    lock_out(&phone).await;
    assert_eq!(
        laptop.fail_to_sign_in("x@example.org").await,
        StatusCode::TOO_MANY_REQUESTS
    );
    assert_eq!(
        neighbour.fail_to_sign_in("x@example.org").await,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forwarding_headers_from_an_untrusted_peer_are_ignored() {
    let db = broadsheet_testkit::sqlite();
    let server = Server::start_with(&db.url, &[]).await;
    let first = Reader::new(&server, "198.51.100.1").await;
    let second = Reader::new(&server, "198.51.100.2").await;
    lock_out(&first).await;
    assert_eq!(
        second.fail_to_sign_in("someone@example.org").await,
        StatusCode::TOO_MANY_REQUESTS,
        "a made-up X-Forwarded-For does not buy a fresh quota"
    );
}
