//! The shipped nginx site (deploy/nginx-broadsheet.conf) in front of a real server on
//! loopback, with a self-signed certificate: HTTP/2 over TLS, plain HTTP redirected, and
//! two readers from distinct addresses (127.0.0.2 and 127.0.0.3, via curl) rate-limited
//! apart. Needs nginx, curl and openssl; skips without them unless
//! `BROADSHEET_REQUIRE_TOOLS=1` (CI, after .ci/install-test-tools).

use crate::common::curl::{Curl, failed_sign_ins_until_cut_off};
use crate::common::nginx::{HOST, Nginx, free_port, site_for_test, tools};
use crate::common::server::Server;
use std::process::Command;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_shipped_nginx_site_keeps_readers_apart() {
    let Some(nginx) = tools() else {
        return;
    };
    let db = broadsheet_testkit::sqlite();
    let (http, https) = (free_port(), free_port());
    let base = format!("--base-url=https://{HOST}:{https}");
    let server = Server::start_with(
        &db.url,
        &[&base, "--behind-tls", "--trusted-proxies", "127.0.0.1/32"],
    )
    .await;
    let node: u16 = server.base.rsplit(':').next().unwrap().parse().unwrap();
    let dir = broadsheet_testkit::temp_dir("bs-nginx");
    let _nginx = Nginx::start(&nginx, &dir, &site_for_test(&dir, &[node], http, https));
    let local = Curl::new("127.0.0.1", https, &dir, "local");
    Nginx::wait_answering(&local).await;
    // Plain HTTP goes to HTTPS.
    let plain = Command::new("curl")
        .args([
            "-s",
            "-o",
            "/dev/null",
            "-w",
            "%{http_code} %{redirect_url}",
        ])
        .arg(format!("http://127.0.0.1:{http}/login"))
        .output()
        .unwrap();
    let plain = String::from_utf8_lossy(&plain.stdout).into_owned();
    assert!(
        plain.starts_with("301 https://news.example.org/login"),
        "{plain}"
    );
    // /metrics stays off the internet.
    let metrics = local.get("/metrics");
    assert_eq!((metrics.status, metrics.version.as_str()), (404, "2"));

    let first = failed_sign_ins_until_cut_off(&Curl::new("127.0.0.2", https, &dir, "a"), 30);
    let second = failed_sign_ins_until_cut_off(&Curl::new("127.0.0.3", https, &dir, "b"), 30);
    assert_eq!(
        first, 21,
        "the first reader gets its own 20 failures a minute"
    );
    assert_eq!(second, 21, "and so does the second, behind the same proxy");
    let _ = std::fs::remove_dir_all(dir);
}
