//! A reader's browser as curl: HTTP/2 over TLS to nginx on loopback, from its own source
//! address (127.0.0.2, 127.0.0.3, … are distinct clients), trusting only the test's
//! certificate, keeping cookies in its own jar and sending the site's Origin on forms.

use super::nginx::HOST;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Marks where curl's `-w` line starts after the response.
const STATUS_MARK: &str = "\n--curl-status ";

pub struct Curl {
    source: String,
    https: u16,
    cacert: PathBuf,
    jar: PathBuf,
}

/// One response: status, HTTP version as curl names it ("2"), headers and body.
pub struct Reply {
    pub status: u16,
    pub version: String,
    pub headers: String,
    pub body: String,
}

impl Reply {
    /// The value of the first header `name` (lowercase), if any.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case(name).then(|| v.trim())
        })
    }
}

impl Curl {
    /// A client at `source` for the site on port `https`, trusting `dir/cert.pem`, with
    /// an empty cookie jar in `dir` named after `who`.
    pub fn new(source: &str, https: u16, dir: &Path, who: &str) -> Curl {
        let jar = dir.join(format!("cookies-{who}.txt"));
        std::fs::write(&jar, "").unwrap();
        Curl {
            source: source.into(),
            https,
            cacert: dir.join("cert.pem"),
            jar,
        }
    }

    /// The public URL of `path`.
    pub fn url(&self, path: &str) -> String {
        format!("https://{HOST}:{}{path}", self.https)
    }

    /// curl with `args` and the client's address, trust and cookies.
    pub fn run(&self, args: &[&str]) -> Reply {
        let out = Command::new("curl")
            .args(["-s", "-i", "--http2", "--interface", &self.source])
            .arg("--cacert")
            .arg(&self.cacert)
            .args(["--resolve", &format!("{HOST}:{}:127.0.0.1", self.https)])
            .arg("-b")
            .arg(&self.jar)
            .arg("-c")
            .arg(&self.jar)
            .args([
                "-w",
                &format!("{STATUS_MARK}%{{http_code}} %{{http_version}}"),
            ])
            .args(args)
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        let (response, status) = text.rsplit_once(STATUS_MARK).unwrap_or(("", &text));
        let (code, version) = status.trim().split_once(' ').unwrap_or(("0", ""));
        let mut response = response;
        // An interim "100 Continue" comes before the real answer.
        while response.starts_with("HTTP/1.1 100") {
            response = response.split_once("\r\n\r\n").map_or("", |(_, rest)| rest);
        }
        let (headers, body) = response.split_once("\r\n\r\n").unwrap_or((response, ""));
        Reply {
            status: code.parse().unwrap_or(0),
            version: version.to_string(),
            headers: headers.to_string(),
            body: body.to_string(),
        }
    }

    pub fn get(&self, path: &str) -> Reply {
        self.run(&[&self.url(path)])
    }

    /// Posts a form as the site's own page would: with the form token from the jar
    /// (fetching the login page first if there is none) and the site's Origin.
    pub fn submit(&self, path: &str, fields: &[(&str, &str)]) -> Reply {
        if self.cookie("bs_csrf").is_none() {
            self.get("/login");
        }
        let token = self.cookie("bs_csrf").expect("the site sets a form token");
        let mut body = vec![format!("csrf={token}")];
        body.extend(
            fields
                .iter()
                .map(|(k, v)| format!("{}={}", super::enc(k), super::enc(v))),
        );
        let origin = format!("Origin: {}", self.url(""));
        self.run(&["-H", &origin, "--data", &body.join("&"), &self.url(path)])
    }

    /// A cookie the site set in this client's jar.
    pub fn cookie(&self, name: &str) -> Option<String> {
        let jar = std::fs::read_to_string(&self.jar).ok()?;
        jar.lines().find_map(|line| {
            let fields: Vec<&str> = line.split('\t').collect();
            (fields.len() == 7 && fields[5] == name).then(|| fields[6].to_string())
        })
    }
}

/// Failed sign-ins from `client` (a new account name each time) until the site answers
/// 429; how many requests that took.
pub fn failed_sign_ins_until_cut_off(client: &Curl, most: usize) -> usize {
    for n in 1..=most {
        let email = format!("nobody{n}@example.org");
        let reply = client.submit("/login", &[("email", &email), ("password", "wrong wrong")]);
        assert_eq!(reply.version, "2", "HTTP/2 at the edge");
        match reply.status {
            401 => continue,
            429 => return n,
            other => panic!("a failed sign-in answered {other}"),
        }
    }
    panic!("{most} failed sign-ins were never cut off");
}
