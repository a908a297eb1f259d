//! The benchmark's ceiling: a bare axum server answering every request with one file's
//! bytes as HTML, nothing else (no middleware, no cache lookup, no security headers).
//! `bench/reader/run.sh` runs it beside nginx and Broadsheet, so "what the Rust HTTP
//! stack itself costs on this machine" is measured in the same run, not assumed.
//!
//!     cargo run --release --example bare_page -- FILE 127.0.0.1:PORT

use axum::Router;
use axum::body::Bytes;
use axum::http::header::{CONTENT_TYPE, HeaderValue};
use axum::response::IntoResponse;

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let (Some(file), Some(listen)) = (args.next(), args.next()) else {
        eprintln!("usage: bare_page FILE ADDRESS");
        std::process::exit(2);
    };
    let page = Bytes::from(std::fs::read(file)?);
    let app = Router::new().fallback(move || {
        let page = page.clone();
        async move {
            let html = HeaderValue::from_static("text/html; charset=utf-8");
            ([(CONTENT_TYPE, html)], page).into_response()
        }
    });
    let listener = tokio::net::TcpListener::bind(listen).await?;
    axum::serve(listener, app).await
}
