//! Multipart upload forms (`web::newsroom::read_upload`, used by the newsroom media form
//! and `POST /api/v1/images`), through axum's `Multipart` extractor.
//!
//! Input: the boundary on the first line, then the request body.
//! Checks: no panic whatever the body; a form that reads fine yields a file no larger
//! than the body, and the CSRF token and alt text no longer (in characters) than the body.
#![no_main]

use axum::body::Body;
use axum::extract::{FromRequest, Multipart};
use axum::http::{Request, header};
use broadsheet::web::newsroom::read_upload;
use libfuzzer_sys::fuzz_target;

thread_local! {
    static RT: tokio::runtime::Runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("runtime");
}

fuzz_target!(|data: &[u8]| {
    let (boundary, body) = match data.iter().position(|&b| b == b'\n') {
        Some(at) => (&data[..at], &data[at + 1..]),
        None => (&b"X-BOUNDARY"[..], data),
    };
    let Ok(boundary) = std::str::from_utf8(boundary) else {
        return;
    };
    let Ok(req) = Request::builder()
        .method("POST")
        .uri("/newsroom/media")
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(Body::from(body.to_vec()))
    else {
        return;
    };
    RT.with(|rt| {
        rt.block_on(async {
            let Ok(form) = Multipart::from_request(req, &()).await else {
                return;
            };
            if let Ok(up) = read_upload(form).await {
                assert!(up.bytes.len() <= body.len());
                // Text fields are decoded (invalid UTF-8 becomes U+FFFD, three bytes for
                // one): count characters, each of which came from at least one byte.
                assert!(up.alt.chars().count() <= body.len());
                assert!(
                    up.csrf
                        .as_ref()
                        .is_none_or(|c| c.chars().count() <= body.len())
                );
                let _ = up.require_file();
            }
        });
    });
});
