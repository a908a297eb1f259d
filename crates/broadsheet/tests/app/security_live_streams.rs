//! Live comment streams against a real server, on both engines: a client opening more
//! streams than the server has connections gets a few, then 429 (its address's share)
//! or 503 (the site's), with Retry-After, while another reader keeps loading pages; a
//! stream ends after its lifetime and a new one resumes after the last comment seen.

use crate::common;

use broadsheet_testkit::{TestDb, on_both_engines};
use common::server::Server;
use common::sql::first_article;
use std::net::SocketAddr;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};

on_both_engines!(
    a_client_holding_many_streams_does_not_stop_readers,
    a_stream_ends_after_its_lifetime_and_resumes_after_the_last_comment,
);

/// A generous bound on any one answer, so a server that never answers fails the test
/// instead of hanging it; nothing is measured.
const NO_ANSWER: Duration = Duration::from_secs(20);

/// Opens a stream from `source` (with `extra` header lines) and reads its answer's head:
/// the status, the head, and the connection (kept open by the caller to hold a stream).
async fn open_stream(
    server: &SocketAddr,
    source: &str,
    path: &str,
    extra: &str,
) -> (u16, String, TcpStream) {
    let socket = TcpSocket::new_v4().unwrap();
    socket.bind(format!("{source}:0").parse().unwrap()).unwrap();
    let mut conn = socket.connect(*server).await.unwrap();
    let request = format!(
        "GET {path} HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\nConnection: close\r\n{extra}\r\n"
    );
    conn.write_all(request.as_bytes()).await.unwrap();
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        let n = tokio::time::timeout(NO_ANSWER, conn.read(&mut byte))
            .await
            .unwrap_or_else(|_| panic!("no answer to stream {} from {source}", path))
            .unwrap();
        assert!(n == 1, "closed before the head");
        head.push(byte[0]);
    }
    let head = String::from_utf8_lossy(&head).to_lowercase();
    let status = head[9..12].parse().unwrap();
    (status, head, conn)
}

async fn a_client_holding_many_streams_does_not_stop_readers(db: &TestDb) {
    // 48 connections: at most 12 streams in all, 8 from one address.
    let server = Server::start_with(&db.url, &["--max-connections", "48"]).await;
    let addr: SocketAddr = server.base.trim_start_matches("http://").parse().unwrap();
    let (article, article_path) = first_article(&db.url).await;
    let stream = format!("/api/v1/articles/{article}/comments/stream");

    // A client on eight addresses tries 72 streams, more than the server's connections.
    let mut held = Vec::new();
    let (mut per_address, mut site_full) = (0, 0);
    for host in 2..=9 {
        for _ in 0..9 {
            let (status, head, conn) =
                open_stream(&addr, &format!("127.0.0.{host}"), &stream, "").await;
            match status {
                200 => held.push(conn),
                429 => per_address += 1,
                503 => site_full += 1,
                other => panic!("stream answered {other}: {head}"),
            }
            if status != 200 {
                assert!(head.contains("retry-after:"), "{head}");
            }
        }
    }
    assert_eq!(held.len(), 12, "a quarter of the connections");
    assert_eq!(per_address, 1, "the first address got its eight");
    assert_eq!(site_full, 72 - 12 - 1);

    // Another reader is served page after page over fresh connections meanwhile.
    for _ in 0..10 {
        let client = reqwest::Client::builder()
            .timeout(NO_ANSWER)
            .build()
            .unwrap();
        for path in ["/", article_path.as_str()] {
            let page = client.get(server.url(path)).send().await.unwrap();
            assert_eq!(page.status(), 200, "{path}");
        }
    }
    // And that reader may still open a stream of their own.
    let (status, head, _mine) = open_stream(&addr, "127.0.0.1", &stream, "").await;
    assert_eq!(status, 503, "the site's share is taken: {head}");
    drop(held);
}

/// Reads a stream until `wanted` appears in it (true) or the server ends it (false).
async fn read_until(conn: &mut TcpStream, wanted: Option<&str>) -> bool {
    let mut seen = String::new();
    let mut buf = [0u8; 4096];
    loop {
        let n = tokio::time::timeout(Duration::from_secs(60), conn.read(&mut buf))
            .await
            .expect("the stream neither ended nor sent what was expected")
            .unwrap_or(0);
        if n == 0 {
            return false;
        }
        seen.push_str(&String::from_utf8_lossy(&buf[..n]));
        if wanted.is_some_and(|w| seen.contains(w)) {
            return true;
        }
    }
}

async fn a_stream_ends_after_its_lifetime_and_resumes_after_the_last_comment(db: &TestDb) {
    let server = Server::start_with(&db.url, &["--stream-lifetime", "2"]).await;
    let addr: SocketAddr = server.base.trim_start_matches("http://").parse().unwrap();
    let (article, _) = first_article(&db.url).await;
    let token = server.user_with_token("ann@example.org", "reader");
    let stream = format!("/api/v1/articles/{article}/comments/stream");
    let post = |body: &'static str| {
        let (server, token) = (&server, &token);
        async move {
            let answer = server.post_comment(token, article, body).await;
            assert_eq!(answer.status(), 201);
            let json: serde_json::Value = answer.json().await.unwrap();
            assert_eq!(json["status"], "visible", "{json}");
            json["id"].as_i64().unwrap()
        }
    };
    let resume_from = |id: i64| format!("Last-Event-ID: {id}\r\n");

    // A stream resuming just before the newest comment sends it, then ends by itself.
    let seen = post("The new ferry timetable suits early shifts well.").await;
    let (status, _, mut first) =
        open_stream(&addr, "127.0.0.1", &stream, &resume_from(seen - 1)).await;
    assert_eq!(status, 200);
    assert!(read_until(&mut first, Some(&format!("id: {seen}"))).await);
    assert!(!read_until(&mut first, None).await, "the server ended it");

    // Posted while the reader was between streams: the next one starts with it.
    let missed = post("The harbour lights were lovely this evening.").await;
    let (status, _, mut second) =
        open_stream(&addr, "127.0.0.1", &stream, &resume_from(seen)).await;
    assert_eq!(status, 200);
    let mut text = String::new();
    assert!(read_until(&mut second, Some(&format!("id: {missed}"))).await);
    second.read_to_string(&mut text).await.ok();
    assert!(!text.contains(&format!("id: {seen}\n")), "nothing twice");
    // A page script that opens a fresh stream says where it was with ?after=.
    let after = format!("{stream}?after={seen}");
    let (_, _, mut third) = open_stream(&addr, "127.0.0.1", &after, "").await;
    assert!(read_until(&mut third, Some(&format!("id: {missed}"))).await);
}
