//! One POST to addresses already checked by the SSRF guard: plain TCP for http, TLS
//! (the site's trusted authorities, `crate::tls`) for https, HTTP/1.1 over hyper's
//! client, no proxy, no redirects, short timeouts, and a capped read of the answer.

use crate::tls::OutgoingTls;
use axum::body::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::Request;
use hyper_util::rt::TokioIo;
use rustls::pki_types::ServerName;
use std::net::SocketAddr;
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpStream;
use url::Url;

/// Time to connect (each address), and for the whole exchange.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(3);
const TIMEOUT: Duration = Duration::from_secs(10);
/// How much of a receiver's answer is read before it is dropped.
const MAX_ANSWER_BYTES: usize = 16 * 1024;

/// POSTs `body` with `headers` to `url`, connecting only to `addrs`; returns the
/// receiver's status, or an error in words an administrator can act on.
pub async fn post(
    url: &Url,
    addrs: &[SocketAddr],
    headers: &[(&str, String)],
    body: Vec<u8>,
    tls: &OutgoingTls,
) -> Result<u16, String> {
    let exchange = async {
        let tcp = connect(addrs).await?;
        let request = request(url, headers, body)?;
        if url.scheme() == "https" {
            let host = url.host_str().unwrap_or_default();
            let name = ServerName::try_from(host.trim_start_matches('[').trim_end_matches(']'))
                .map_err(|_| format!("{host} is not a name TLS can check"))?
                .to_owned();
            let connector = tokio_rustls::TlsConnector::from(tls.client_config());
            let stream = connector
                .connect(name, tcp)
                .await
                .map_err(|e| format!("the TLS handshake with the receiver failed: {e}"))?;
            send(stream, request).await
        } else {
            send(tcp, request).await
        }
    };
    tokio::time::timeout(TIMEOUT, exchange)
        .await
        .unwrap_or_else(|_| Err("the receiver did not answer in time".into()))
}

/// The first of `addrs` that accepts a connection.
async fn connect(addrs: &[SocketAddr]) -> Result<TcpStream, String> {
    for addr in addrs {
        if let Ok(Ok(tcp)) = tokio::time::timeout(CONNECT_TIMEOUT, TcpStream::connect(addr)).await {
            let _ = tcp.set_nodelay(true);
            return Ok(tcp);
        }
    }
    Err("could not connect to the receiver".into())
}

fn request(
    url: &Url,
    headers: &[(&str, String)],
    body: Vec<u8>,
) -> Result<Request<Full<Bytes>>, String> {
    let host = match url.port() {
        Some(port) => format!("{}:{port}", url.host_str().unwrap_or_default()),
        None => url.host_str().unwrap_or_default().to_string(),
    };
    let path = &url[url::Position::BeforePath..url::Position::AfterQuery];
    let mut builder = Request::post(path)
        .header(hyper::header::HOST, host)
        .header(
            hyper::header::USER_AGENT,
            concat!("Broadsheet-Webhooks/", env!("CARGO_PKG_VERSION")),
        );
    for (name, value) in headers {
        builder = builder.header(*name, value);
    }
    builder
        .body(Full::new(Bytes::from(body)))
        .map_err(|e| format!("the request could not be sent: {e}"))
}

/// The exchange on an open connection: the status, after reading a bounded answer.
async fn send<S>(io: S, request: Request<Full<Bytes>>) -> Result<u16, String>
where
    S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(io))
        .await
        .map_err(|e| format!("the request failed: {e}"))?;
    tokio::spawn(connection);
    let answer = sender
        .send_request(request)
        .await
        .map_err(|e| format!("the request failed: {e}"))?;
    let status = answer.status().as_u16();
    let mut body = answer.into_body();
    let mut read = 0;
    while read < MAX_ANSWER_BYTES {
        match body.frame().await {
            Some(Ok(frame)) => read += frame.data_ref().map_or(0, Bytes::len),
            _ => break,
        }
    }
    Ok(status)
}
