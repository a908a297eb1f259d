//! Slow and hostile clients against a real server: trickled headers and bodies are cut off, the
//! connection cap holds, and other readers are served meanwhile.

use crate::common;

use common::server::Server;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_trickling_headers_is_disconnected_and_others_are_served() {
    let db = broadsheet_testkit::sqlite();
    let server = Server::start_with(&db.url, &["--header-timeout", "1"]).await;
    let addr = server.base.trim_start_matches("http://").to_string();

    // Ten slow-loris clients send half a request line and then nothing.
    let mut slow: Vec<TcpStream> = (0..10)
        .map(|_| {
            let mut s = TcpStream::connect(&addr).unwrap();
            s.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n").unwrap();
            s.set_read_timeout(Some(Duration::from_secs(15))).unwrap();
            s
        })
        .collect();

    // Meanwhile a normal reader gets the front page.
    let home = reqwest::get(server.url("/")).await.unwrap();
    assert_eq!(home.status(), 200);

    // Each slow client is cut off by the server (EOF or reset), not left hanging.
    let started = Instant::now();
    for s in &mut slow {
        let mut buf = Vec::new();
        let result = s.read_to_end(&mut buf);
        let closed = match &result {
            Ok(_) => true,
            Err(e) => e.kind() == std::io::ErrorKind::ConnectionReset,
        };
        assert!(closed, "a slow client was not disconnected: {result:?}");
        assert!(!String::from_utf8_lossy(&buf).contains("200 OK"));
    }
    assert!(
        started.elapsed() < Duration::from_secs(15),
        "disconnects come from the header timeout"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_oversized_body_is_refused_with_413_and_changes_nothing() {
    let db = broadsheet_testkit::sqlite();
    let server = Server::start(&db.url).await;
    let addr = server.base.trim_start_matches("http://").to_string();
    // Announce a 3 MiB form and send none of it: the answer must come from the length alone.
    let mut s = TcpStream::connect(&addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(15))).unwrap();
    let head = "POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 3145728\r\n\r\n";
    s.write_all(head.as_bytes()).unwrap();
    let mut answer = [0u8; 64];
    let n = s.read(&mut answer).unwrap();
    let status_line = String::from_utf8_lossy(&answer[..n])
        .lines()
        .next()
        .unwrap_or("")
        .to_string();
    assert!(status_line.contains(" 413 "), "{status_line}");
    let health = reqwest::get(server.url("/healthz")).await.unwrap();
    assert_eq!(health.status(), 200, "the server is still fine");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_trickling_its_body_is_cut_off_with_408() {
    let db = broadsheet_testkit::sqlite();
    let server = Server::start_with(&db.url, &["--request-timeout", "2"]).await;
    let addr = server.base.trim_start_matches("http://").to_string();
    // Announce a small form, then send it a byte every half second: it would take a minute.
    let mut s = TcpStream::connect(&addr).unwrap();
    s.set_read_timeout(Some(Duration::from_millis(500)))
        .unwrap();
    let head = "POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 120\r\n\r\n";
    s.write_all(head.as_bytes()).unwrap();
    let started = Instant::now();
    let mut answer = Vec::new();
    while started.elapsed() < Duration::from_secs(15) {
        if s.write_all(b"e").is_err() {
            break; // the server closed the connection
        }
        let mut buf = [0u8; 256];
        match s.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => {
                answer.extend_from_slice(&buf[..n]);
                break;
            }
            Err(_) => {} // nothing yet: keep trickling
        }
        // Meanwhile other readers are served.
        let health = reqwest::get(server.url("/healthz")).await.unwrap();
        assert_eq!(health.status(), 200);
    }
    let status_line = String::from_utf8_lossy(&answer)
        .lines()
        .next()
        .unwrap_or("")
        .to_string();
    assert!(status_line.contains(" 408 "), "{status_line:?}");
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "cut off by the request timeout, after {:?}",
        started.elapsed()
    );
}
