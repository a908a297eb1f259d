//! Operations in production, through a real server: metrics only on their own listener,
//! and backups and exports that only their owner can read.

use crate::common::server::Server;
use std::os::unix::fs::PermissionsExt;

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_are_served_on_their_own_listener_and_not_the_public_one() {
    let db = broadsheet_testkit::sqlite();
    let metrics_addr = format!("127.0.0.1:{}", free_port());
    let server = Server::start_with(&db.url, &["--metrics-listen", &metrics_addr]).await;
    let http = reqwest::Client::new();
    let home = http.get(server.url("/")).send().await.unwrap();
    assert_eq!(home.status(), 200);
    let public = http.get(server.url("/metrics")).send().await.unwrap();
    assert_eq!(
        public.status(),
        404,
        "the public listener keeps metrics private"
    );
    let private = http
        .get(format!("http://{metrics_addr}/metrics"))
        .send()
        .await
        .unwrap();
    assert_eq!(private.status(), 200);
    let text = private.text().await.unwrap();
    assert!(
        text.contains(r#"broadsheet_http_requests_total{route="/",method="GET",status="200"} 1"#),
        "{text}"
    );
    let ready = http
        .get(format!("http://{metrics_addr}/readyz"))
        .send()
        .await
        .unwrap();
    assert_eq!(ready.status(), 200);
    // The operations listener serves nothing else.
    let page = http
        .get(format!("http://{metrics_addr}/login"))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 404);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn backups_and_exports_are_readable_by_their_owner_only() {
    let db = broadsheet_testkit::sqlite();
    let server = Server::start(&db.url).await;
    let dir = broadsheet_testkit::temp_dir("bs-archive-mode");
    let backup = dir.join("site.jsonl");
    let export = dir.join("export.jsonl");
    // A file left from before, open to everyone, is made private too.
    std::fs::write(&export, b"old").unwrap();
    std::fs::set_permissions(&export, std::fs::Permissions::from_mode(0o666)).unwrap();
    for (args, file) in [
        (["backup", "--out", backup.to_str().unwrap()], &backup),
        (["export", "--out", export.to_str().unwrap()], &export),
    ] {
        let out = server.cli(&args, "");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let mode = std::fs::metadata(file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{args:?} wrote mode {mode:o}");
        assert!(std::fs::read_to_string(file).unwrap().contains("users"));
    }
    // The default backup file under the data directory too.
    let out = server.cli(&["backup"], "");
    assert!(out.status.success());
    let default = String::from_utf8_lossy(&out.stdout).trim().to_string();
    let mode = std::fs::metadata(&default).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "{default} has mode {mode:o}");
    let _ = std::fs::remove_dir_all(dir);
}
