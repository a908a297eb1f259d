//! A tiny SMTP server on loopback for the mail tests: plain, offering STARTTLS, or TLS
//! from the first byte (with a test's certificate). It accepts AUTH PLAIN and forwards
//! every message it receives, with how it arrived.

use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;
use tokio::sync::mpsc;
use tokio_rustls::TlsAcceptor;

/// A message as the server received it: the envelope, the DATA text, the AUTH PLAIN
/// answer (base64, as sent) and whether the conversation was encrypted.
#[derive(Debug, Default)]
pub struct Received {
    pub from: String,
    pub to: Vec<String>,
    pub data: String,
    pub login: Option<String>,
    pub encrypted: bool,
}

/// How the server protects its conversations.
#[derive(Clone)]
pub enum Mode {
    Plain,
    StartTls(TlsAcceptor),
    Implicit(TlsAcceptor),
}

/// Accepts plain SMTP connections on a loopback port.
pub async fn smtp_server() -> (u16, mpsc::Receiver<Received>) {
    smtp_server_with(Mode::Plain).await
}

/// Accepts SMTP connections in `mode` on a loopback port.
pub async fn smtp_server_with(mode: Mode) -> (u16, mpsc::Receiver<Received>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    (port, serve_smtp(listener, mode))
}

/// The SMTP conversation on `listener`, each message received sent to the receiver.
pub fn serve_smtp(listener: TcpListener, mode: Mode) -> mpsc::Receiver<Received> {
    let (tx, rx) = mpsc::channel(8);
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            let (tx, mode) = (tx.clone(), mode.clone());
            tokio::spawn(async move {
                match mode {
                    Mode::Plain => {
                        converse(socket, Offer::Nothing, true, tx).await;
                    }
                    Mode::Implicit(tls) => {
                        let socket = tls.accept(socket).await.ok()?;
                        converse(socket, Offer::Encrypted, true, tx).await;
                    }
                    Mode::StartTls(tls) => {
                        let socket = converse(socket, Offer::StartTls, true, tx.clone()).await?;
                        let socket = tls.accept(socket).await.ok()?;
                        // (No second greeting after STARTTLS: the client speaks first.)
                        converse(socket, Offer::Encrypted, false, tx).await;
                    }
                }
                Some(())
            });
        }
    });
    rx
}

/// The next message the loopback server receives whose data contains `needle`; others
/// (confirmation mails sent in the background) are passed over.
pub async fn next_with(inbox: &mut mpsc::Receiver<Received>, needle: &str) -> Received {
    loop {
        let got = tokio::time::timeout(Duration::from_secs(10), inbox.recv())
            .await
            .expect("the mail arrives within 10 s")
            .expect("a message");
        if got.data.contains(needle) {
            return got;
        }
    }
}

/// The header `name` of a received message (one line).
pub fn header<'a>(got: &'a Received, name: &str) -> &'a str {
    got.data
        .lines()
        .find_map(|l| l.strip_prefix(&format!("{name}: ")))
        .unwrap_or_else(|| panic!("no {name} header in {}", got.data))
}

#[derive(Clone, Copy, PartialEq)]
enum Offer {
    Nothing,
    StartTls,
    Encrypted,
}

/// One conversation (opened with a greeting if `greet`); returns the stream when the client asked for STARTTLS (to be
/// wrapped and spoken to again, without a new greeting).
async fn converse<S: AsyncRead + AsyncWrite + Unpin>(
    stream: S,
    offer: Offer,
    greet: bool,
    tx: mpsc::Sender<Received>,
) -> Option<S> {
    let mut io = BufReader::new(stream);
    let fresh = || Received {
        encrypted: offer == Offer::Encrypted,
        ..Received::default()
    };
    let mut msg = fresh();
    if greet {
        io.write_all(b"220 loopback test SMTP\r\n").await.ok()?;
    }
    let mut line = String::new();
    loop {
        line.clear();
        if io.read_line(&mut line).await.ok()? == 0 {
            return None;
        }
        let line = line.trim_end_matches(['\r', '\n']);
        let upper = line.to_ascii_uppercase();
        let reply: &[u8] = if upper.starts_with("EHLO") || upper.starts_with("HELO") {
            match offer {
                Offer::StartTls => b"250-loopback\r\n250 STARTTLS\r\n",
                _ => b"250-loopback\r\n250 AUTH PLAIN\r\n",
            }
        } else if upper == "STARTTLS" && offer == Offer::StartTls {
            io.write_all(b"220 go ahead\r\n").await.ok()?;
            return Some(io.into_inner());
        } else if upper.starts_with("AUTH PLAIN ") {
            msg.login = Some(line[11..].to_string());
            b"235 accepted\r\n"
        } else if upper.starts_with("MAIL FROM:") {
            msg.from = line[10..].trim().to_string();
            b"250 OK\r\n"
        } else if upper.starts_with("RCPT TO:") {
            msg.to.push(line[8..].trim().to_string());
            b"250 OK\r\n"
        } else if upper == "DATA" {
            io.write_all(b"354 end with .\r\n").await.ok()?;
            let mut l = String::new();
            loop {
                l.clear();
                if io.read_line(&mut l).await.ok()? == 0 {
                    return None;
                }
                let l = l.trim_end_matches(['\r', '\n']);
                if l == "." {
                    break;
                }
                msg.data.push_str(l);
                msg.data.push('\n');
            }
            let login = msg.login.clone();
            let done = std::mem::replace(&mut msg, Received { login, ..fresh() });
            tx.send(done).await.ok()?;
            b"250 queued\r\n"
        } else if upper == "QUIT" {
            io.write_all(b"221 bye\r\n").await.ok()?;
            return None;
        } else {
            b"250 OK\r\n"
        };
        io.write_all(reply).await.ok()?;
    }
}
