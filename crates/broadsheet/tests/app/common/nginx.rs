//! Debian's nginx running the shipped site (deploy/nginx-broadsheet.conf) on loopback:
//! the site rewritten for local ports and the test's nodes, a self-signed certificate for
//! news.example.org, and nginx in the foreground until dropped. Needs nginx, curl and
//! openssl; [`tools`] skips without them unless `BROADSHEET_REQUIRE_TOOLS=1`.

use super::curl::Curl;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The site's public name; curl resolves it to 127.0.0.1.
pub const HOST: &str = "news.example.org";

fn nginx_binary() -> Option<PathBuf> {
    ["/usr/sbin/nginx", "/usr/bin/nginx"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.exists())
}

/// nginx, curl and openssl, or a skip line (a failure under BROADSHEET_REQUIRE_TOOLS=1).
pub fn tools() -> Option<PathBuf> {
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

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The shipped site file with loopback ports, the test's certificate, cache directory
/// and `nodes` in place of the example ones. Panics if an expected line is gone, so the
/// test keeps following the real file.
pub fn site_for_test(dir: &Path, nodes: &[u16], http: u16, https: u16) -> String {
    let shipped = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../deploy/nginx-broadsheet.conf"),
    )
    .unwrap();
    let node_lines: Vec<&str> = shipped
        .lines()
        .filter(|l| l.trim_start().starts_with("server 10.0.0."))
        .collect();
    assert!(!node_lines.is_empty(), "the site lists its nodes");
    // Each test node takes the place of an example line, keeping its options.
    let options = node_lines[0].split_once(':').unwrap().1;
    let options = options.split_once(' ').map(|(_, o)| o).unwrap_or(";");
    let ours: Vec<String> = nodes
        .iter()
        .map(|port| format!("    server 127.0.0.1:{port} {options}"))
        .collect();
    let mut site = shipped.replacen(node_lines[0], &ours.join("\n"), 1);
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
pub struct Nginx(Child);

impl Nginx {
    /// Makes a self-signed certificate for [`HOST`] in `dir` (`cert.pem`, which curl
    /// then trusts), checks the configuration with `nginx -t` and starts nginx.
    pub fn start(nginx: &Path, dir: &Path, site: &str) -> Nginx {
        let status = Command::new("openssl")
            .args([
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
            ])
            .args(["-subj", &format!("/CN={HOST}")])
            .args(["-addext", &format!("subjectAltName=DNS:{HOST}")])
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

    /// Waits (at most 20 s) until `client` gets the health check through nginx.
    pub async fn wait_answering(client: &Curl) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while client.get("/healthz").status != 200 {
            assert!(Instant::now() < deadline, "nginx never answered");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

impl Drop for Nginx {
    /// SIGTERM, on which the master stops its workers too (SIGKILL would leave them
    /// running, holding the ports).
    fn drop(&mut self) {
        let pid = self.0.id().to_string();
        let stopped = Command::new("kill").args(["-TERM", &pid]).status();
        if !stopped.is_ok_and(|s| s.success()) {
            let _ = self.0.kill();
        }
        let _ = self.0.wait();
    }
}
