//! One HTTP/1.1 exchange over hyper's client to given addresses: plain TCP for http,
//! TLS (the site's trusted authorities, `crate::tls`) for https, no proxy, no
//! redirects, timeouts, and a capped read of the answer. Webhooks POST to addresses
//! the SSRF guard checked; media in object storage (`media::storage_s3`) uses it too.

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
    let call = Call {
        method: hyper::Method::POST,
        timeout: TIMEOUT,
        max_answer: MAX_ANSWER_BYTES,
        agent: concat!("Broadsheet-Webhooks/", env!("CARGO_PKG_VERSION")),
    };
    exchange(&call, url, addrs, headers, body, tls)
        .await
        .map(|(status, _)| status)
}

/// How one exchange is made: its method, time allowed, answer cap and user agent.
pub struct Call {
    pub method: hyper::Method,
    pub timeout: Duration,
    pub max_answer: usize,
    pub agent: &'static str,
}

/// One request to `url` over the first of `addrs` that connects: the status and
/// the answer's first `call.max_answer` bytes.
pub async fn exchange(
    call: &Call,
    url: &Url,
    addrs: &[SocketAddr],
    headers: &[(&str, String)],
    body: Vec<u8>,
    tls: &OutgoingTls,
) -> Result<(u16, Vec<u8>), String> {
    let exchange = async {
        let tcp = connect(addrs).await?;
        let request = request(call, url, headers, body)?;
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
            send(stream, request, call.max_answer).await
        } else {
            send(tcp, request, call.max_answer).await
        }
    };
    tokio::time::timeout(call.timeout, exchange)
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
    call: &Call,
    url: &Url,
    headers: &[(&str, String)],
    body: Vec<u8>,
) -> Result<Request<Full<Bytes>>, String> {
    let host = match url.port() {
        Some(port) => format!("{}:{port}", url.host_str().unwrap_or_default()),
        None => url.host_str().unwrap_or_default().to_string(),
    };
    let path = &url[url::Position::BeforePath..url::Position::AfterQuery];
    let mut builder = Request::builder()
        .method(call.method.clone())
        .uri(path)
        .header(hyper::header::HOST, host)
        .header(hyper::header::USER_AGENT, call.agent);
    for (name, value) in headers {
        builder = builder.header(*name, value);
    }
    builder
        .body(Full::new(Bytes::from(body)))
        .map_err(|e| format!("the request could not be sent: {e}"))
}

/// The exchange on an open connection: the status and the answer's first `max` bytes.
async fn send<S>(io: S, request: Request<Full<Bytes>>, max: usize) -> Result<(u16, Vec<u8>), String>
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
    let mut read = Vec::new();
    while read.len() < max {
        match body.frame().await {
            Some(Ok(frame)) => {
                let data = frame.data_ref().map_or(&[][..], |b| &b[..]);
                read.extend_from_slice(&data[..data.len().min(max - read.len())]);
            }
            Some(Err(e)) => return Err(format!("the answer was cut short: {e}")),
            None => break,
        }
    }
    Ok((status, read))
}
