//! The shipped nginx site (deploy/nginx-broadsheet.conf) in front of a real server on
//! loopback, with a self-signed certificate: HTTP/2 over TLS, plain HTTP redirected, and
//! two readers from distinct addresses (127.0.0.2 and 127.0.0.3, via curl) rate-limited
//! apart. Needs nginx, curl and openssl; skips without them unless
//! `BROADSHEET_REQUIRE_TOOLS=1` (CI, after .ci/install-test-tools).

use crate::common::server::Server;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const HOST: &str = "news.example.org";

fn nginx_binary() -> Option<PathBuf> {
    ["/usr/sbin/nginx", "/usr/bin/nginx"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.exists())
}

/// nginx, curl and openssl, or a skip line (a failure under BROADSHEET_REQUIRE_TOOLS=1).
fn tools() -> Option<PathBuf> {
    let runs = |cmd: &str, arg: &str| {
        Command::new(cmd)
            .arg(arg)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    };
    let found = nginx_binary().filter(|_| runs("curl", "--version") && runs("openssl", "version"));
    if found.is_none() {
        let msg = "skipping the nginx test: nginx, curl and openssl are needed \
                   (apt-get install nginx-light curl openssl, or .ci/install-test-tools)";
        assert!(
            !std::env::var("BROADSHEET_REQUIRE_TOOLS").is_ok_and(|v| v == "1"),
            "{msg}; BROADSHEET_REQUIRE_TOOLS=1 forbids skipping"
        );
        eprintln!("{msg}");
    }
    found
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The shipped site file with loopback ports, the test's certificate, cache directory
/// and node in place of the example ones. Panics if an expected line is gone, so the
/// test keeps following the real file.
fn site_for_test(dir: &Path, node: u16, http: u16, https: u16) -> String {
    let shipped = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../deploy/nginx-broadsheet.conf"),
    )
    .unwrap();
    let node_lines: Vec<&str> = shipped
        .lines()
        .filter(|l| l.trim_start().starts_with("server 10.0.0."))
        .collect();
    assert!(!node_lines.is_empty(), "the site lists its nodes");
    let mut site = shipped.replacen(node_lines[0], &format!("    server 127.0.0.1:{node};"), 1);
    for extra in &node_lines[1..] {
        site = site.replacen(extra, "", 1);
    }
    let swaps = [
        (
            "/var/cache/nginx/broadsheet",
            dir.join("cache").display().to_string(),
        ),
        (
            "/var/www/letsencrypt",
            dir.join("acme").display().to_string(),
        ),
        ("listen 80;", format!("listen 127.0.0.1:{http};")),
        ("listen [::]:80;", String::new()),
        (
            "listen 443 ssl http2;",
            format!("listen 127.0.0.1:{https} ssl http2;"),
        ),
        ("listen [::]:443 ssl http2;", String::new()),
        (
            "/etc/letsencrypt/live/news.example.org/fullchain.pem",
            dir.join("cert.pem").display().to_string(),
        ),
        (
            "/etc/letsencrypt/live/news.example.org/privkey.pem",
            dir.join("key.pem").display().to_string(),
        ),
    ];
    for (from, to) in swaps {
        assert!(site.contains(from), "the shipped site has `{from}`");
        site = site.replace(from, &to);
    }
    site
}

/// nginx in the foreground on `dir`, with the site; killed when dropped.
struct Nginx(Child);

impl Nginx {
    fn start(nginx: &Path, dir: &Path, site: &str) -> Nginx {
        let status = Command::new("openssl")
            .args([
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
            ])
            .args(["-subj", &format!("/CN={HOST}")])
            .arg("-keyout")
            .arg(dir.join("key.pem"))
            .arg("-out")
            .arg(dir.join("cert.pem"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .unwrap();
        assert!(status.success(), "openssl made a certificate");
        std::fs::write(dir.join("site.conf"), site).unwrap();
        let d = dir.display();
        let main = format!(
            "user root root;\nworker_processes 1;\npid {d}/nginx.pid;\nerror_log {d}/error.log warn;\n\
             events {{ worker_connections 128; }}\n\
             http {{\n  access_log off;\n  client_body_temp_path {d}/body;\n  proxy_temp_path {d}/proxy;\n\
               fastcgi_temp_path {d}/fastcgi;\n  uwsgi_temp_path {d}/uwsgi;\n  scgi_temp_path {d}/scgi;\n\
               include {d}/site.conf;\n}}\n"
        );
        std::fs::write(dir.join("nginx.conf"), main).unwrap();
        let test = Command::new(nginx)
            .arg("-t")
            .arg("-p")
            .arg(dir)
            .arg("-c")
            .arg(dir.join("nginx.conf"))
            .output()
            .unwrap();
        assert!(
            test.status.success(),
            "nginx -t: {}",
            String::from_utf8_lossy(&test.stderr)
        );
        let child = Command::new(nginx)
            .arg("-p")
            .arg(dir)
            .arg("-c")
            .arg(dir.join("nginx.conf"))
            .args(["-g", "daemon off;"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        Nginx(child)
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// curl from `source` (a loopback address) to the TLS port; the status line fields
/// curl writes for `-w`, and the response headers.
fn curl(source: &str, https: u16, args: &[&str]) -> (String, String) {
    let out = Command::new("curl")
        .args([
            "-sk",
            "--http2",
            "--interface",
            source,
            "-D",
            "-",
            "-o",
            "/dev/null",
        ])
        .args(["--resolve", &format!("{HOST}:{https}:127.0.0.1")])
        .args(["-w", "\n%{http_code} %{http_version}"])
        .args(args)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let (headers, status) = text.rsplit_once('\n').unwrap_or(("", &text));
    (status.trim().to_string(), headers.to_string())
}

/// A reader at `source`: its form token, then failed sign-ins until 429.
fn failed_sign_ins_until_cut_off(source: &str, https: u16) -> usize {
    let login = format!("https://{HOST}:{https}/login");
    let (status, headers) = curl(source, https, &[&login]);
    assert_eq!(status, "200 2", "the login page over HTTP/2");
    let token = headers
        .lines()
        .find_map(|l| {
            l.to_ascii_lowercase()
                .strip_prefix("set-cookie: bs_csrf=")
                .map(str::to_string)
        })
        .and_then(|rest| rest.split(';').next().map(str::to_string))
        .expect("a form token");
    for n in 1..=30 {
        let body = format!("csrf={token}&email=nobody{n}%40example.org&password=wrong+wrong");
        let cookie = format!("cookie: bs_csrf={token}");
        let (status, _) = curl(source, https, &["-H", &cookie, "--data", &body, &login]);
        match status.as_str() {
            "401 2" => continue,
            "429 2" => return n,
            other => panic!("a failed sign-in answered {other}"),
        }
    }
    panic!("30 failed sign-ins were never cut off");
}

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
    let _nginx = Nginx::start(&nginx, &dir, &site_for_test(&dir, node, http, https));
    let deadline = Instant::now() + Duration::from_secs(20);
    while curl(
        "127.0.0.1",
        https,
        &[&format!("https://{HOST}:{https}/healthz")],
    )
    .0 != "200 2"
    {
        assert!(Instant::now() < deadline, "nginx never answered");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
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
    let metrics = curl(
        "127.0.0.1",
        https,
        &[&format!("https://{HOST}:{https}/metrics")],
    );
    assert_eq!(metrics.0, "404 2");

    let first = failed_sign_ins_until_cut_off("127.0.0.2", https);
    let second = failed_sign_ins_until_cut_off("127.0.0.3", https);
    assert_eq!(
        first, 21,
        "the first reader gets its own 20 failures a minute"
    );
    assert_eq!(second, 21, "and so does the second, behind the same proxy");
    let _ = std::fs::remove_dir_all(dir);
}
