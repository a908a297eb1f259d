//! A real Broadsheet server process on a free loopback port, stopped when dropped.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct Server {
    pub base: String,
    child: Child,
    pub data_dir: PathBuf,
}

impl Server {
    /// Starts `broadsheet serve` on `database_url` (with the demo newspaper) and waits
    /// until `/readyz` answers.
    pub async fn start(database_url: &str) -> Server {
        Server::start_with(database_url, &[]).await
    }

    /// Like `start`, with extra `serve` arguments.
    pub async fn start_with(database_url: &str, extra: &[&str]) -> Server {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let base = format!("http://127.0.0.1:{port}");
        let data_dir = broadsheet_testkit::temp_dir("bs-server");
        let child = Command::new(env!("CARGO_BIN_EXE_broadsheet"))
            .env("BROADSHEET_DATA_DIR", &data_dir)
            .env("BROADSHEET_DATABASE_URL", database_url)
            .env("BROADSHEET_LOG", "warn")
            .args(["serve", "--listen", &format!("127.0.0.1:{port}")])
            .args(extra)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start broadsheet");
        let server = Server {
            base,
            child,
            data_dir,
        };
        let client = reqwest::Client::new();
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let ready = client.get(server.url("/readyz")).send().await;
            if ready.is_ok_and(|r| r.status().is_success()) {
                return server;
            }
            assert!(Instant::now() < deadline, "the server did not become ready");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.data_dir);
    }
}
