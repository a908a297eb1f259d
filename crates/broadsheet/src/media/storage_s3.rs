//! Media in an S3-compatible bucket (decision 0037): objects at `<prefix><key>/<file>`,
//! path-style requests signed with SigV4 over the crate's own HTTP/1.1 client.

use super::sigv4::{self, Credentials};
use super::storage::{MediaStorage, plain};
use crate::tls::OutgoingTls;
use crate::webhooks::http::{self, Call};
use std::io;
use std::sync::Arc;
use std::time::Duration;
use url::Url;

/// Where the bucket is and who signs: parsed from `--media-url s3://bucket/prefix`.
pub struct S3Storage {
    endpoint: Url,
    bucket: String,
    prefix: String,
    creds: Credentials,
    tls: Arc<OutgoingTls>,
    /// The trait's calls block on their own small runtime, never on the caller's, so
    /// a blocking thread waiting here cannot starve the site's workers.
    runtime: Option<tokio::runtime::Runtime>,
}

impl S3Storage {
    /// `media_url` is `s3://bucket[/prefix]`; `endpoint` an `http(s)://host[:port]`
    /// of a non-AWS server (AWS's regional endpoint otherwise).
    pub fn new(
        media_url: &str,
        endpoint: Option<&str>,
        creds: Credentials,
        tls: Arc<OutgoingTls>,
    ) -> anyhow::Result<S3Storage> {
        let rest = media_url
            .strip_prefix("s3://")
            .ok_or_else(|| anyhow::anyhow!("--media-url must look like s3://bucket/prefix"))?;
        let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
        let prefix = prefix.trim_matches('/');
        let ok = |s: &str| {
            s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-._/".contains(&b))
        };
        if bucket.is_empty() || !ok(bucket) || bucket.contains('/') || !ok(prefix) {
            anyhow::bail!("--media-url {media_url:?} names no usable bucket and prefix");
        }
        let endpoint = match endpoint.filter(|e| !e.is_empty()) {
            Some(e) => e.to_string(),
            None => format!("https://s3.{}.amazonaws.com", creds.region),
        };
        let endpoint = Url::parse(&endpoint)
            .ok()
            .filter(|u| matches!(u.scheme(), "http" | "https") && u.host_str().is_some())
            .ok_or_else(|| anyhow::anyhow!("--s3-endpoint must be http(s)://host[:port]"))?;
        if creds.access_key.is_empty() || creds.secret_key.is_empty() {
            anyhow::bail!("media in S3 needs AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY");
        }
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("broadsheet-s3")
            .enable_all()
            .build()?;
        Ok(S3Storage {
            endpoint,
            bucket: bucket.to_string(),
            prefix: if prefix.is_empty() {
                String::new()
            } else {
                format!("{prefix}/")
            },
            creds,
            tls,
            runtime: Some(runtime),
        })
    }

    /// Creates the bucket (tests and first setup); one that exists already is fine.
    pub fn create_bucket(&self) -> io::Result<()> {
        let (status, body) = self.call("PUT", None, &[], Vec::new())?;
        match status {
            200..=299 | 409 => Ok(()),
            _ => Err(refused("PUT", &self.bucket, status, &body)),
        }
    }

    /// One signed listing of at most one object under the prefix: proves the bucket
    /// exists and the keys sign and may read, before anything else happens.
    pub fn check(&self) -> io::Result<()> {
        let query = [
            ("list-type", "2".to_string()),
            ("max-keys", "1".to_string()),
            // Without the trailing `/`: still this site's objects, and an encoded `/`
            // in a query trips moto's signature check (its canonical query differs).
            ("prefix", self.prefix.trim_end_matches('/').to_string()),
        ];
        let (status, body) = self.call("GET", None, &query, Vec::new())?;
        match status {
            200 => Ok(()),
            _ => Err(refused("LIST", &self.bucket, status, &body)),
        }
    }

    fn object(&self, key: &str, file: &str) -> io::Result<String> {
        if plain(key) && plain(file) {
            Ok(format!("{}{key}/{file}", self.prefix))
        } else {
            Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "bad media path",
            ))
        }
    }

    /// One signed request to the bucket (or one of its objects): status and answer.
    fn call(
        &self,
        method: &str,
        object: Option<&str>,
        query: &[(&str, String)],
        body: Vec<u8>,
    ) -> io::Result<(u16, Vec<u8>)> {
        let mut path = format!("/{}", sigv4::encode(&self.bucket, true));
        if let Some(object) = object {
            path = format!("{path}/{}", sigv4::encode(object, false));
        }
        let mut url = self.endpoint.join(&path).map_err(io::Error::other)?;
        let query_string = sigv4::query_string(query);
        url.set_query((!query_string.is_empty()).then_some(query_string.as_str()));
        let host = match url.port() {
            Some(port) => format!("{}:{port}", url.host_str().unwrap_or_default()),
            None => url.host_str().unwrap_or_default().to_string(),
        };
        let now = time::OffsetDateTime::now_utc();
        let amz_date = format!(
            "{:04}{:02}{:02}T{:02}{:02}{:02}Z",
            now.year(),
            u8::from(now.month()),
            now.day(),
            now.hour(),
            now.minute(),
            now.second()
        );
        let payload = sigv4::sha256_hex(&body);
        let mut headers = vec![
            ("host", host.clone()),
            ("x-amz-content-sha256", payload.clone()),
            ("x-amz-date", amz_date.clone()),
        ];
        let auth = sigv4::authorization(
            &self.creds,
            &sigv4::Request {
                method,
                path: url.path(),
                query,
                headers: &headers,
                payload_sha256: &payload,
                amz_date: &amz_date,
            },
        );
        headers.retain(|(n, _)| *n != "host"); // the client writes Host itself
        headers.push(("authorization", auth));
        let call = Call {
            method: method.parse().map_err(io::Error::other)?,
            timeout: Duration::from_secs(60),
            max_answer: 1 << 30,
            agent: concat!("Broadsheet/", env!("CARGO_PKG_VERSION")),
        };
        let runtime = self.runtime.as_ref().expect("runtime lives until drop");
        runtime
            .block_on(async {
                let port = url.port_or_known_default().unwrap_or(443);
                let addrs: Vec<_> = tokio::net::lookup_host((url.host_str().unwrap_or(""), port))
                    .await
                    .map_err(|e| format!("cannot resolve the object storage host: {e}"))?
                    .collect();
                http::exchange(&call, &url, &addrs, &headers, body, &self.tls).await
            })
            .map_err(|e| io::Error::other(format!("object storage: {e}")))
    }
}

impl MediaStorage for S3Storage {
    fn put(&self, key: &str, file: &str, bytes: &[u8]) -> io::Result<()> {
        let object = self.object(key, file)?;
        let (status, body) = self.call("PUT", Some(&object), &[], bytes.to_vec())?;
        match status {
            200..=299 => Ok(()),
            _ => Err(refused("PUT", &object, status, &body)),
        }
    }

    fn get(&self, key: &str, file: &str) -> io::Result<Option<Vec<u8>>> {
        let object = self.object(key, file)?;
        match self.call("GET", Some(&object), &[], Vec::new())? {
            (200, body) => Ok(Some(body)),
            (404, _) => Ok(None),
            (status, body) => Err(refused("GET", &object, status, &body)),
        }
    }

    fn delete(&self, key: &str) -> io::Result<()> {
        for file in self.files(key)? {
            let object = self.object(key, &file)?;
            let (status, body) = self.call("DELETE", Some(&object), &[], Vec::new())?;
            if !(200..=299).contains(&status) && status != 404 {
                return Err(refused("DELETE", &object, status, &body));
            }
        }
        Ok(())
    }

    fn files(&self, key: &str) -> io::Result<Vec<String>> {
        let dir = self.object(key, "x")?;
        let dir = &dir[..dir.len() - 1];
        let mut names = Vec::new();
        let mut token: Option<String> = None;
        loop {
            let mut query = vec![("list-type", "2".to_string()), ("prefix", dir.to_string())];
            if let Some(t) = &token {
                query.push(("continuation-token", t.clone()));
            }
            let (status, body) = self.call("GET", None, &query, Vec::new())?;
            if status != 200 {
                return Err(refused("LIST", dir, status, &body));
            }
            let xml = String::from_utf8_lossy(&body);
            for object in elements(&xml, "Key") {
                let name = object.strip_prefix(dir).unwrap_or_default();
                if plain(name) {
                    names.push(name.to_string());
                }
            }
            token = elements(&xml, "NextContinuationToken").next().map(unescape);
            if token.is_none() {
                break;
            }
        }
        names.sort();
        Ok(names)
    }
}

impl Drop for S3Storage {
    fn drop(&mut self) {
        // Dropping a runtime may happen inside async code: let it wind down alone.
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}

/// The text of every `<tag>…</tag>` in a small S3 answer (keys here are plain).
fn elements<'a>(xml: &'a str, tag: &str) -> std::vec::IntoIter<&'a str> {
    let (open, close) = (format!("<{tag}>"), format!("</{tag}>"));
    let found: Vec<&str> = xml
        .split(open.as_str())
        .skip(1)
        .filter_map(|s| s.split(close.as_str()).next())
        .collect();
    found.into_iter()
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// The error an administrator reads: what was refused, and S3's code for why.
fn refused(what: &str, object: &str, status: u16, body: &[u8]) -> io::Error {
    let xml = String::from_utf8_lossy(body);
    let code = elements(&xml, "Code").next().unwrap_or("no error code");
    io::Error::other(format!(
        "object storage refused {what} {object}: HTTP {status} ({code})"
    ))
}
