//! An HTTP client for the site's forms and its JSON API, used to store the hostile data.

use crate::common::server::Server;
use crate::common::{PASSWORD, enc};
use serde_json::Value;

/// A form token of the right shape; the site checks that the form echoes its cookie.
const CSRF: &str = "5eb63bbbe01eeed093cb22bb8f5acdc35eb63bbbe01eeed093cb22bb8f5acdc3";

/// A file in a multipart form: field name, file name, bytes.
pub type Upload<'a> = (&'a str, &'a str, &'a [u8]);

/// A multipart body of text fields and at most one file, with its content type.
fn multipart_body(fields: &[(&str, &str)], file: Option<Upload<'_>>) -> (String, Vec<u8>) {
    let boundary = "----broadsheet-xss-boundary-7d1f";
    let mut body = Vec::new();
    for (k, v) in fields {
        body.extend(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n")
                .as_bytes(),
        );
    }
    if let Some((field, name, bytes)) = file {
        body.extend(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{name}\"\r\n\
                 Content-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend(b"\r\n");
    }
    body.extend(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

pub struct Resp {
    pub status: u16,
    pub location: String,
    pub session: Option<String>,
    pub body: String,
}

/// An HTTP client that keeps a session cookie and echoes the form token, as a browser
/// on this site would; redirects are not followed so their targets can be read.
pub struct Http {
    client: reqwest::Client,
    base: String,
    pub session: Option<String>,
}

impl Http {
    pub fn new(server: &Server, session: Option<String>) -> Http {
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        Http {
            client,
            base: server.base.clone(),
            session,
        }
    }

    /// Signs in through the login form.
    pub async fn sign_in(server: &Server, email: &str) -> Http {
        let http = Http::new(server, None);
        let r = http
            .form("/login", &[("email", email), ("password", PASSWORD)])
            .await;
        assert_eq!(r.status, 303, "signing in {email}: {}", r.body);
        Http::new(server, Some(r.session.expect("a session cookie")))
    }

    fn cookie(&self) -> String {
        match &self.session {
            Some(s) => format!("bs_csrf={CSRF}; bs_session={s}"),
            None => format!("bs_csrf={CSRF}"),
        }
    }

    /// Sends `req` with this client's cookies and reads the answer.
    async fn send(&self, req: reqwest::RequestBuilder) -> Resp {
        let resp = req.header("cookie", self.cookie()).send().await.unwrap();
        let status = resp.status().as_u16();
        let location = resp
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        let session = resp
            .headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .filter_map(|v| v.split(';').next()?.strip_prefix("bs_session="))
            .find(|v| !v.is_empty())
            .map(str::to_string);
        let body = resp.text().await.unwrap_or_default();
        Resp {
            status,
            location,
            session,
            body,
        }
    }

    pub async fn get(&self, path: &str) -> Resp {
        self.send(self.client.get(format!("{}{path}", self.base)))
            .await
    }

    /// Posts a URL-encoded form with the form token.
    pub async fn form(&self, path: &str, fields: &[(&str, &str)]) -> Resp {
        let mut body = format!("csrf={CSRF}");
        for (k, v) in fields {
            body.push_str(&format!("&{}={}", enc(k), enc(v)));
        }
        let req = self
            .client
            .post(format!("{}{path}", self.base))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body);
        self.send(req).await
    }

    /// Posts a multipart form (text fields, at most one file) with the form token.
    pub async fn multipart(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        file: Option<Upload<'_>>,
    ) -> Resp {
        let (content_type, body) = multipart_body(&[&[("csrf", CSRF)], fields].concat(), file);
        let req = self
            .client
            .post(format!("{}{path}", self.base))
            .header("content-type", content_type)
            .body(body);
        self.send(req).await
    }

    /// Sends `req` to the API with a bearer token (no cookies): its status and JSON.
    async fn bearer(token: &str, req: reqwest::RequestBuilder) -> (u16, Value) {
        let resp = req.bearer_auth(token).send().await.unwrap();
        let status = resp.status().as_u16();
        (status, resp.json().await.unwrap_or_default())
    }

    /// Posts a multipart form to the API with a bearer token (no cookies).
    pub async fn api_multipart(
        &self,
        token: &str,
        path: &str,
        fields: &[(&str, &str)],
        file: Upload<'_>,
    ) -> (u16, Value) {
        let (content_type, body) = multipart_body(fields, Some(file));
        let req = self
            .client
            .post(format!("{}{path}", self.base))
            .header("content-type", content_type)
            .body(body);
        Http::bearer(token, req).await
    }

    /// Posts JSON to the API with a bearer token (no cookies).
    pub async fn api(&self, token: &str, path: &str, body: Value) -> (u16, Value) {
        let req = self.client.post(format!("{}{path}", self.base)).json(&body);
        Http::bearer(token, req).await
    }

    /// Patches with JSON through the API with a bearer token (no cookies).
    pub async fn api_patch(&self, token: &str, path: &str, body: Value) -> (u16, Value) {
        let req = self
            .client
            .patch(format!("{}{path}", self.base))
            .json(&body);
        Http::bearer(token, req).await
    }
}
