//! Headless Chromium driven over WebDriver (Debian's chromium + chromium-driver).
//! Without them, browser tests fail loudly in CI (`BROADSHEET_REQUIRE_BROWSER=1`) and
//! skip with a message elsewhere.

use fantoccini::{Client, ClientBuilder};
use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct Browser {
    pub client: Client,
    driver: Child,
}

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

impl Browser {
    /// Starts chromedriver and one headless Chromium session, or `None` when they are
    /// not installed (panics instead under `BROADSHEET_REQUIRE_BROWSER=1`).
    pub async fn start() -> Option<Browser> {
        if !std::path::Path::new(CHROMEDRIVER).exists() || !std::path::Path::new(CHROMIUM).exists()
        {
            let msg = "browser test SKIPPED: install Debian's chromium and chromium-driver";
            if std::env::var("BROADSHEET_REQUIRE_BROWSER").is_ok_and(|v| v == "1") {
                panic!("{msg}; BROADSHEET_REQUIRE_BROWSER=1 forbids skipping");
            }
            eprintln!("{msg}");
            return None;
        }
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let driver = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let profile = broadsheet_testkit::temp_dir("bs-chromium");
        let caps = serde_json::json!({
            "goog:chromeOptions": {
                "binary": CHROMIUM,
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--window-size=1280,900",
                    format!("--user-data-dir={}", profile.display()),
                ]
            }
        });
        let caps = caps.as_object().unwrap().clone();
        let url = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(30);
        let client = loop {
            let connector = hyper_util::client::legacy::connect::HttpConnector::new();
            match ClientBuilder::new(connector)
                .capabilities(caps.clone())
                .connect(&url)
                .await
            {
                Ok(c) => break c,
                Err(e) if Instant::now() > deadline => panic!("chromedriver did not start: {e}"),
                Err(_) => tokio::time::sleep(Duration::from_millis(200)).await,
            }
        };
        Some(Browser { client, driver })
    }

    /// Types `email` and the test password into the login form already open in the
    /// browser and submits it; true once the browser has left `/login`.
    pub async fn submit_login(&self, email: &str) -> bool {
        let css = fantoccini::Locator::Css;
        let fill = |sel: &'static str, text: String| async move {
            self.client
                .find(css(sel))
                .await
                .unwrap()
                .send_keys(&text)
                .await
                .unwrap();
        };
        fill("#email", email.to_string()).await;
        fill("#password", super::PASSWORD.to_string()).await;
        self.client
            .find(css("form.stacked-form button[type=submit]"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        self.wait_until("return location.pathname !== '/login'", 10)
            .await
    }

    /// Runs JavaScript in the page and returns its result.
    pub async fn js(&self, script: &str) -> serde_json::Value {
        self.client
            .execute(script, vec![])
            .await
            .expect("script runs")
    }

    /// Waits up to `secs` for a script to return true.
    pub async fn wait_until(&self, script: &str, secs: u64) -> bool {
        let deadline = Instant::now() + Duration::from_secs(secs);
        while Instant::now() < deadline {
            if self.js(script).await == serde_json::Value::Bool(true) {
                return true;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        false
    }

    pub async fn close(mut self) {
        let _ = self.client.clone().close().await;
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.driver.kill();
    }
}
