//! A real Broadsheet server process on a free loopback port, stopped when dropped; it
//! can be killed with SIGKILL and started again on the same port and data.

use std::io::Write;
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

pub struct Server {
    pub base: String,
    pub database_url: String,
    pub data_dir: PathBuf,
    /// The server's log (stderr), kept across restarts.
    pub log_path: PathBuf,
    port: u16,
    extra: Vec<String>,
    /// Environment variables for the process (credentials, say), beyond the usual.
    pub envs: Vec<(String, String)>,
    child: Option<Child>,
    /// False when the caller owns `data_dir` (a mount point, say) and removes it.
    owns_data_dir: bool,
}

impl Server {
    /// Starts `broadsheet serve` on `database_url` (with the demo newspaper) and waits
    /// until `/readyz` answers.
    pub async fn start(database_url: &str) -> Server {
        Server::start_with(database_url, &[]).await
    }

    /// Like `start`, with extra `serve` arguments.
    pub async fn start_with(database_url: &str, extra: &[&str]) -> Server {
        let data_dir = broadsheet_testkit::temp_dir("bs-server");
        let mut server = Server::start_in(data_dir, database_url, extra).await;
        server.owns_data_dir = true;
        server
    }

    /// Like `start_with`, on a data directory the caller provides and cleans up.
    pub async fn start_in(data_dir: PathBuf, database_url: &str, extra: &[&str]) -> Server {
        Server::start_with_env(data_dir, database_url, extra, &[]).await
    }

    /// Like `start_in`, with extra environment variables for the process.
    pub async fn start_with_env(
        data_dir: PathBuf,
        database_url: &str,
        extra: &[&str],
        envs: &[(&str, &str)],
    ) -> Server {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let mut server = Server {
            base: format!("http://127.0.0.1:{port}"),
            database_url: database_url.to_string(),
            data_dir,
            log_path: broadsheet_testkit::temp_dir("bs-log").join("server.log"),
            port,
            extra: extra.iter().map(|s| s.to_string()).collect(),
            envs: envs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            child: None,
            owns_data_dir: false,
        };
        server.spawn();
        server.wait_ready().await;
        server
    }

    fn command(&self) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_broadsheet"));
        cmd.env("BROADSHEET_DATA_DIR", &self.data_dir)
            .env("BROADSHEET_DATABASE_URL", &self.database_url)
            .env("BROADSHEET_LOG", "warn")
            .envs(self.envs.iter().map(|(k, v)| (k, v)));
        cmd
    }

    fn spawn(&mut self) {
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.log_path)
            .expect("open the server log");
        let child = self
            .command()
            .args(["serve", "--listen", &format!("127.0.0.1:{}", self.port)])
            .args(&self.extra)
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("start broadsheet");
        self.child = Some(child);
    }

    /// Waits until `/readyz` answers 200 (at most a minute).
    pub async fn wait_ready(&self) {
        let client = reqwest::Client::new();
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let ready = client.get(self.url("/readyz")).send().await;
            if ready.is_ok_and(|r| r.status().is_success()) {
                return;
            }
            assert!(Instant::now() < deadline, "the server did not become ready");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// SIGKILL: the process gets no chance to flush or clean up.
    pub fn kill_hard(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// SIGTERM, then waits (at most `within`) for the process to exit; `None` if it
    /// did not.
    pub async fn terminate(&mut self, within: Duration) -> Option<std::process::ExitStatus> {
        let mut child = self.child.take()?;
        let pid = child.id().to_string();
        let sent = Command::new("kill").args(["-TERM", &pid]).status();
        assert!(sent.is_ok_and(|s| s.success()), "SIGTERM sent");
        let deadline = Instant::now() + within;
        while Instant::now() < deadline {
            if let Some(status) = child.try_wait().expect("wait for the server") {
                return Some(status);
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        let _ = child.kill();
        let _ = child.wait();
        None
    }

    /// Everything the server has logged so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log_path).unwrap_or_default()
    }

    /// Starts the server again on the same port and data, and waits until it is ready.
    pub async fn restart(&mut self) {
        self.kill_hard();
        self.spawn();
        self.wait_ready().await;
    }

    /// Runs another `broadsheet` command against the same data, feeding `stdin`.
    pub fn cli(&self, args: &[&str], stdin: &str) -> Output {
        let mut child = self
            .command()
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run broadsheet");
        child
            .stdin
            .take()
            .unwrap()
            .write_all(stdin.as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    }

    /// Creates a user with a password and returns an API token acting as them.
    pub fn user_with_token(&self, email: &str, role: &str) -> String {
        let out = self.cli(
            &[
                "user",
                "create",
                "--email",
                email,
                "--name",
                email,
                "--role",
                role,
                "--password-stdin",
            ],
            "correct horse battery\n",
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let out = self.cli(&["token", "create", "--email", email, "--name", "test"], "");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .last()
            .unwrap()
            .trim()
            .to_string()
    }

    /// Posts a comment through the JSON API as the token's user.
    pub async fn post_comment(&self, token: &str, article: i64, body: &str) -> reqwest::Response {
        reqwest::Client::new()
            .post(self.url(&format!("/api/v1/articles/{article}/comments")))
            .bearer_auth(token)
            .json(&serde_json::json!({ "body": body }))
            .send()
            .await
            .expect("the server answers")
    }

    /// Uploads an image through the JSON API as the token's user.
    pub async fn upload_image(&self, token: &str, name: &str, bytes: &[u8]) -> reqwest::Response {
        let (content_type, body) = super::multipart_body(&[("alt", "A test image")], (name, bytes));
        reqwest::Client::new()
            .post(self.url("/api/v1/images"))
            .bearer_auth(token)
            .header("content-type", content_type)
            .body(body)
            .send()
            .await
            .expect("the server answers")
    }

    /// SIGTERM, and asserts the process exits 0 within 30 seconds.
    pub async fn stop_cleanly(&mut self) {
        let exit = self.terminate(Duration::from_secs(30)).await;
        assert!(exit.is_some_and(|s| s.success()), "a clean exit: {exit:?}");
    }

    /// The server's peak resident memory so far (VmHWM), in KiB.
    pub fn peak_rss_kib(&self) -> Option<u64> {
        let pid = self.child.as_ref()?.id();
        let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
        let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
        line.split_whitespace().nth(1)?.parse().ok()
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill_hard();
        if std::thread::panicking() {
            let log = self.log();
            let tail = &log[log.floor_char_boundary(log.len().saturating_sub(6000))..];
            eprintln!("--- the server's log (last lines) ---\n{tail}");
        }
        if self.owns_data_dir {
            let _ = std::fs::remove_dir_all(&self.data_dir);
        }
        if let Some(dir) = self.log_path.parent() {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}
