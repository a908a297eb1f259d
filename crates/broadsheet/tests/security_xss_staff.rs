//! Script injection, part two: the vectors of `reliability/xss/vectors.txt` go where
//! `security_xss_browser.rs` does not reach — readers' display names, bios and API token
//! labels (through the account form), staff names and author bios, ad campaign names,
//! advertisers, HTML creatives, slot names and network tags (through the admin forms),
//! moderation reasons, report details and word lists, lead-image and SEO fields — and the
//! pages showing them are opened in headless Chromium by an anonymous reader, a signed-in
//! reader, and an editor, a moderator and an administrator signed in to the newsroom.
//!
//! On every page no script may run, no event-handler attribute, inline script, foreign
//! script, stray frame or script URL may reach the DOM (nor the `<noscript>` ad
//! fallback), and the page must show the hostile text it was opened for, as text.

mod common;

use broadsheet_domain::{EmailAddress, Role};
use broadsheet_store::Store;
use broadsheet_testkit::{TestDb, on_both_engines};
use common::browser::Browser;
use common::server::Server;
use common::{PASSWORD, enc};
use fantoccini::Locator;
use fantoccini::cookies::Cookie;
use serde_json::{Value, json};
use std::time::{Duration, Instant};

fn vectors() -> Vec<String> {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../reliability/xss/vectors.txt"
    ))
    .unwrap();
    let list: Vec<String> = text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(|l| l.replace("\\n", "\n"))
        .collect();
    assert!(list.len() >= 100, "the corpus has {} vectors", list.len());
    list
}

/// The existing sweep's check, word for word.
const CLEAN: &str = "return window.__xss === undefined && document.querySelectorAll('[onerror],[onload],[onfocus],[onmouseover],[ontoggle],[onbegin],script:not([src]):not([type=\"application/ld+json\"]),a[href^=\"javascript\" i],iframe[src^=\"javascript\" i]').length === 0";

/// A stricter look at the page and at what each `<noscript>` would become without
/// JavaScript: every `on…` attribute, URL attributes that start a script (ignoring the
/// blanks and control characters browsers skip), inline or foreign scripts, and any
/// frame, object, embed or base element except the sandboxed ad frame.
const SCAN: &str = r#"
const scan = (doc, where) => {
  const bad = [];
  const urls = ['href', 'src', 'action', 'formaction', 'data', 'xlink:href', 'background', 'poster', 'ping', 'srcset', 'lowsrc', 'dynsrc', 'codebase'];
  for (const e of doc.querySelectorAll('*')) {
    for (const a of e.attributes) {
      const n = a.name.toLowerCase();
      const v = a.value.replace(/[\u0000-\u0020\u007f-\u00a0]/g, '').toLowerCase();
      if (n.startsWith('on')) bad.push(where + ': ' + e.tagName + '[' + n + ']');
      if (n === 'srcdoc') bad.push(where + ': ' + e.tagName + '[srcdoc]');
      if (urls.includes(n) && /(^|,)(javascript|vbscript|livescript):|^data:(text\/html|image\/svg|application)/.test(v)) bad.push(where + ': ' + e.tagName + '[' + n + '=' + a.value + ']');
    }
  }
  for (const s of doc.querySelectorAll('script')) {
    if (!s.hasAttribute('src')) {
      if (s.type !== 'application/ld+json') bad.push(where + ': inline script ' + s.textContent.slice(0, 80));
    } else {
      const u = new URL(s.getAttribute('src'), location.href);
      if (u.origin !== location.origin || !u.pathname.startsWith('/static/')) bad.push(where + ': script from ' + u.href);
    }
  }
  for (const f of doc.querySelectorAll('iframe')) {
    const src = f.getAttribute('src') || '';
    const ok = f.classList.contains('ad-frame') && f.getAttribute('sandbox') === 'allow-scripts allow-popups' && /^\/ads\/frame\/\d+$/.test(src);
    if (!ok) bad.push(where + ': frame ' + f.outerHTML.slice(0, 120));
  }
  for (const e of doc.querySelectorAll('object,embed,applet,base,frame,frameset,portal,meta[http-equiv],link[rel~="import" i]')) bad.push(where + ': ' + e.outerHTML.slice(0, 120));
  return bad;
};
let bad = window.__xss === undefined ? [] : ['window.__xss = ' + window.__xss];
bad = bad.concat(scan(document, 'page'));
for (const n of document.querySelectorAll('noscript')) {
  bad = bad.concat(scan(new DOMParser().parseFromString(n.textContent, 'text/html'), 'noscript'));
}
return bad;
"#;

/// Which of `arguments[0]` the page does not show as text (form values count).
const MISSING: &str = r#"
const text = [document.documentElement.textContent]
  .concat([...document.querySelectorAll('input, textarea')].map(e => e.value))
  .join('\n');
return arguments[0].filter(n => !text.includes(n));
"#;

/// Plain paragraphs ahead of the hostile ones, so the in-article ad slot has its place
/// whatever the hostile Markdown does to the rest of the body.
const LEAD: &str = "The night ferry returns.\n\nIt sails at nine.\n\nTickets are on sale.\n\nThe harbour is ready.\n\n";

/// A form token of the right shape; the site checks that the form echoes its cookie.
const CSRF: &str = "5eb63bbbe01eeed093cb22bb8f5acdc35eb63bbbe01eeed093cb22bb8f5acdc3";

/// What a reader may use as a display name (`web::accounts::clean_name`).
fn name_ok(v: &str) -> bool {
    let v = v.trim();
    !v.is_empty() && v.chars().count() <= 80 && !v.chars().any(char::is_control)
}

/// What the ad forms take as a one-line text field of `max` characters.
fn line_ok(v: &str, max: usize) -> bool {
    let v = v.trim();
    !v.is_empty() && v.chars().count() <= max && !v.chars().any(char::is_control)
}

/// Every vector, packed into texts of at most `max` characters.
fn pack(vectors: &[String], max: usize) -> Vec<String> {
    let mut out: Vec<String> = vec![String::new()];
    for v in vectors {
        let last = out.last_mut().unwrap();
        if !last.is_empty() && last.chars().count() + 2 + v.chars().count() > max {
            out.push(String::new());
        }
        let last = out.last_mut().unwrap();
        if !last.is_empty() {
            last.push_str("\n\n");
        }
        last.push_str(v);
    }
    out.into_iter().map(|b| b.trim().to_string()).collect()
}

/// A file in a multipart form: field name, file name, bytes.
type Upload<'a> = (&'a str, &'a str, &'a [u8]);

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

struct Resp {
    status: u16,
    location: String,
    session: Option<String>,
    body: String,
}

/// An HTTP client that keeps a session cookie and echoes the form token, as a browser
/// on this site would; redirects are not followed so their targets can be read.
struct Http {
    client: reqwest::Client,
    base: String,
    session: Option<String>,
}

impl Http {
    fn new(server: &Server, session: Option<String>) -> Http {
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
    async fn sign_in(server: &Server, email: &str) -> Http {
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

    async fn read(resp: reqwest::Response) -> Resp {
        let status = resp.status().as_u16();
        let header = |name| {
            resp.headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
                .to_string()
        };
        let location = header("location");
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

    async fn get(&self, path: &str) -> Resp {
        let resp = self
            .client
            .get(format!("{}{path}", self.base))
            .header("cookie", self.cookie())
            .send()
            .await
            .unwrap();
        Http::read(resp).await
    }

    /// Posts a URL-encoded form with the form token.
    async fn form(&self, path: &str, fields: &[(&str, &str)]) -> Resp {
        let mut body = format!("csrf={CSRF}");
        for (k, v) in fields {
            body.push_str(&format!("&{}={}", enc(k), enc(v)));
        }
        let resp = self
            .client
            .post(format!("{}{path}", self.base))
            .header("cookie", self.cookie())
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await
            .unwrap();
        Http::read(resp).await
    }

    /// Posts a multipart form (text fields only) with the form token.
    async fn multipart(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        file: Option<Upload<'_>>,
    ) -> Resp {
        let (content_type, body) = multipart_body(&[&[("csrf", CSRF)], fields].concat(), file);
        let resp = self
            .client
            .post(format!("{}{path}", self.base))
            .header("cookie", self.cookie())
            .header("content-type", content_type)
            .body(body)
            .send()
            .await
            .unwrap();
        Http::read(resp).await
    }

    /// Posts a multipart form to the API with a bearer token (no cookies).
    async fn api_multipart(
        &self,
        token: &str,
        path: &str,
        fields: &[(&str, &str)],
        file: Upload<'_>,
    ) -> (u16, Value) {
        let (content_type, body) = multipart_body(fields, Some(file));
        let resp = self
            .client
            .post(format!("{}{path}", self.base))
            .bearer_auth(token)
            .header("content-type", content_type)
            .body(body)
            .send()
            .await
            .unwrap();
        let status = resp.status().as_u16();
        (status, resp.json().await.unwrap_or_default())
    }

    /// Calls the JSON API with a bearer token (no cookies).
    async fn api(&self, token: &str, path: &str, body: Value) -> (u16, Value) {
        let resp = self
            .client
            .post(format!("{}{path}", self.base))
            .bearer_auth(token)
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = resp.status().as_u16();
        (status, resp.json().await.unwrap_or_default())
    }

    async fn api_patch(&self, token: &str, path: &str, body: Value) -> (u16, Value) {
        let resp = self
            .client
            .patch(format!("{}{path}", self.base))
            .bearer_auth(token)
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = resp.status().as_u16();
        (status, resp.json().await.unwrap_or_default())
    }
}

/// A reader with a session (for the account forms) and an API token (for comments).
struct Reader {
    id: i64,
    token: String,
    http: Http,
    /// The display name the site shows for them.
    name: String,
}

/// A comment as stored: its id, status and the marker text in its body.
#[derive(Clone)]
struct Posted {
    id: i64,
    status: String,
    marker: String,
    author: usize,
    /// The name the site shows for its author.
    name: String,
}

async fn comment(
    anon: &Http,
    reader: &Reader,
    author: usize,
    article: i64,
    vector: &str,
    marker: String,
    parent: Option<i64>,
) -> Option<Posted> {
    let body = format!("{vector}\n\n{marker}: a civil remark about the harbour ferry timetable.");
    let (status, json) = anon
        .api(
            &reader.token,
            &format!("/api/v1/articles/{article}/comments"),
            json!({ "body": body, "parent_id": parent }),
        )
        .await;
    assert!(status < 500, "posting {vector:?}: {status} {json}");
    Some(Posted {
        id: json["id"].as_i64()?,
        status: json["status"].as_str()?.to_string(),
        marker,
        author,
        name: reader.name.clone(),
    })
}

/// Headless Chromium going from page to page, checking each one.
struct Tour<'a> {
    b: &'a Browser,
    server: &'a Server,
    who: &'static str,
    pages: usize,
}

impl Tour<'_> {
    async fn open(&mut self, path: &str) {
        self.b.client.goto(&self.server.url(path)).await.unwrap();
        self.check(path).await;
    }

    /// The page is loaded and nothing hostile reached its DOM.
    async fn check(&mut self, what: &str) {
        assert!(
            self.b
                .wait_until("return document.readyState === 'complete'", 15)
                .await,
            "{what} did not finish loading"
        );
        assert_eq!(
            self.b.js(CLEAN).await,
            true,
            "script injection on {what} as {}",
            self.who
        );
        let bad = self.b.js(SCAN).await;
        assert_eq!(bad, json!([]), "script injection on {what} as {}", self.who);
        self.pages += 1;
    }

    async fn missing(&self, needles: &[String]) -> Vec<String> {
        let v = self
            .b
            .client
            .execute(MISSING, vec![json!(needles)])
            .await
            .expect("script runs");
        serde_json::from_value(v).unwrap()
    }

    /// Opens `path` and requires every needle to show, as text.
    async fn shows(&mut self, path: &str, needles: &[String]) {
        self.open(path).await;
        self.assert_shows(path, needles).await;
    }

    async fn assert_shows(&self, what: &str, needles: &[String]) {
        assert!(!needles.is_empty(), "nothing to look for on {what}");
        let missing = self.missing(needles).await;
        assert!(
            missing.is_empty(),
            "{what} as {} does not show {} of {} hostile texts: {missing:?}",
            self.who,
            missing.len(),
            needles.len()
        );
    }

    /// Opens a paged list at `path` and follows its "next" links (each page checked);
    /// every needle must show on one of the pages.
    async fn shows_across_pages(&mut self, path: &str, needles: &[String], max_pages: usize) {
        assert!(!needles.is_empty(), "nothing to look for on {path}");
        let mut left = needles.to_vec();
        self.open(path).await;
        for _ in 1..max_pages {
            left = self.missing(&left).await;
            let next = self
                .b
                .js("var a = document.querySelector('a[rel=next]'); return a ? a.getAttribute('href') : null")
                .await;
            match next.as_str() {
                Some(next) if !left.is_empty() => self.open(next).await,
                _ => break,
            }
        }
        left = self.missing(&left).await;
        assert!(
            left.is_empty(),
            "{path} (and its next pages) as {} does not show {} of {} hostile texts: {left:?}",
            self.who,
            left.len(),
            needles.len()
        );
    }

    /// Switches the browser to a session obtained over HTTP.
    async fn use_session(&mut self, who: &'static str, secret: Option<&str>) {
        self.b
            .client
            .goto(&self.server.url("/healthz"))
            .await
            .unwrap();
        self.b.client.delete_all_cookies().await.unwrap();
        if let Some(secret) = secret {
            // SameSite=Lax as the site sets it; WebDriver's default (None) needs Secure.
            let cookie = Cookie::parse(format!(
                "bs_session={secret}; Path=/; Domain=127.0.0.1; HttpOnly; SameSite=Lax"
            ))
            .unwrap();
            self.b.client.add_cookie(cookie).await.unwrap();
        }
        self.who = who;
    }

    /// Sets form fields by id and submits the form without the browser's own checks
    /// (a hostile user would not be stopped by `maxlength` or `type=url` either).
    async fn submit_form(&mut self, form: &str, fields: &[(&str, &str)]) {
        let script = "const [form, fields] = arguments; \
             for (const [id, value] of fields) { document.getElementById(id).value = value; } \
             document.querySelector(form).submit(); return true;";
        let fields: Vec<Value> = fields.iter().map(|(k, v)| json!([k, v])).collect();
        self.b.js("window.__leaving = true; return true").await;
        self.b
            .client
            .execute(script, vec![json!(form), json!(fields)])
            .await
            .expect("form submits");
        assert!(
            self.b
                .wait_until(
                    "return window.__leaving === undefined && document.readyState === 'complete'",
                    15
                )
                .await,
            "the {form} form did not answer"
        );
        self.check(&format!("the answer to {form}")).await;
    }
}

on_both_engines!(no_vector_runs_on_profiles_ads_or_staff_pages);

async fn no_vector_runs_on_profiles_ads_or_staff_pages(db: &TestDb) {
    let started = Instant::now();
    let server = Server::start_with(&db.url, &["--rate-limit-scale", "1000"]).await;
    let Some(browser) = Browser::start().await else {
        return;
    };
    let store = Store::connect(&db.url).await.unwrap();
    // Text with a NUL character is refused outright (checked below); the rest is used.
    let (with_nul, vectors): (Vec<String>, Vec<String>) =
        vectors().into_iter().partition(|v| v.contains('\0'));
    let n = vectors.len();
    let v = |i: usize| vectors[i % n].as_str();
    let anon = Http::new(&server, None);

    // Staff, each with a hostile display name and a session of their own.
    let editor_token = server.user_with_token("xss-editor@example.org", "editor");
    let mod_token = server.user_with_token("xss-moderator@example.org", "moderator");
    server.user_with_token("xss-admin@example.org", "admin");
    let editor = Http::sign_in(&server, "xss-editor@example.org").await;
    let moderator = Http::sign_in(&server, "xss-moderator@example.org").await;
    let admin = Http::sign_in(&server, "xss-admin@example.org").await;
    let editor_name = format!("Editor {}", v(2));
    let mod_name = format!("Moderator {}", v(15));
    let admin_name = format!("Admin {}", v(44));
    let editor_bio = pack(&vectors, 2000).remove(0);
    let r = editor
        .form(
            "/newsroom/profile",
            &[
                ("name", &editor_name),
                ("bio", &editor_bio),
                (
                    "links",
                    "https://example.org/ledger\nhttps://example.org/a'b",
                ),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "the editor's profile: {}", r.body);
    for (http, name) in [(&moderator, &mod_name), (&admin, &admin_name)] {
        let r = http
            .form("/account/profile", &[("name", name), ("bio", v(60))])
            .await;
        assert_eq!(r.status, 303, "a staff profile: {}", r.body);
    }
    // The comment guidelines: a hostile summary above every comment form, every vector
    // in the full text (Markdown), and guests allowed to comment.
    let summary = pack(&vectors, 1000).remove(2);
    let full = format!("guidelines-mark\n\n{}", vectors.join("\n\n"));
    let r = admin
        .form(
            "/newsroom/comment-settings",
            &[
                ("guest_posting", "on"),
                ("auto_close_days", ""),
                ("summary.en", &summary),
                ("full.en", &full),
                ("summary.tr", v(34)),
                ("full.tr", v(35)),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "comment settings: {}", r.body);
    // Images uploaded with hostile alt text.
    let png = broadsheet::ads::demo::banner_png(40, 20, [200, 60, 20]);
    let mut alts = Vec::new();
    for alt in vectors.iter().skip(4).step_by(20) {
        let (status, json) = anon
            .api_multipart(
                &editor_token,
                "/api/v1/images",
                &[("alt", alt)],
                ("file", "lead.png", &png),
            )
            .await;
        assert_eq!(status, 201, "image with alt {alt:?}: {json}");
        alts.push(json["alt"].as_str().unwrap().to_string());
    }

    // Sections and tags named with vectors; articles carrying hostile fields.
    let (status, section) = anon
        .api(
            &editor_token,
            "/api/v1/sections",
            json!({"name": format!("Hostile {}", v(0)), "slug": "hostile"}),
        )
        .await;
    assert_eq!(status, 201, "{section}");
    let mut section_names = vec![format!("Hostile {}", v(0))];
    for (i, s) in vectors.iter().step_by(9).enumerate() {
        let name = s.trim();
        if name.chars().count() <= 80 && !name.contains('\n') {
            let body = json!({"name": name, "slug": format!("hostile-{i}")});
            let (status, json) = anon.api(&editor_token, "/api/v1/sections", body).await;
            assert_eq!(status, 201, "{json}");
            section_names.push(name.to_string());
        }
    }
    let mut tag_names = Vec::new();
    for t in vectors
        .iter()
        .filter(|t| t.trim().chars().count() <= 60 && !t.contains('\n'))
    {
        let (status, json) = anon
            .api(&editor_token, "/api/v1/tags", json!({"name": t}))
            .await;
        assert!(status == 201 || status == 409, "tag {t:?}: {status} {json}");
        if status == 201 {
            tag_names.push(t.trim().to_string());
        }
    }
    let article = |headline: String, section: &str, body: String| {
        json!({
            "headline": headline, "standfirst": v(3), "body": body, "dateline": v(7),
            "section": section, "tags": [v(10), "harbour"], "seo_title": v(20),
            "seo_description": v(21), "lead_image": "/media/none/lead.png", "image_alt": v(22),
            "image_caption": v(23), "image_credit": v(24),
        })
    };
    let create = |body: Value| {
        let anon = &anon;
        let token = &editor_token;
        async move {
            let (status, json) = anon.api(token, "/api/v1/articles", body).await;
            assert_eq!(status, 201, "{json}");
            json["id"].as_i64().unwrap()
        }
    };
    let p_headline = format!("Ferry P {}", v(5));
    let p_id = create(article(
        format!("Ferry draft {}", v(4)),
        "city",
        format!("{LEAD}{}", vectors.join("\n\n")),
    ))
    .await;
    let revised: Vec<&str> = vectors.iter().rev().map(String::as_str).collect();
    let (status, json) = anon
        .api_patch(
            &editor_token,
            &format!("/api/v1/articles/{p_id}"),
            json!({"version": 1, "headline": p_headline, "body": format!("{LEAD}{}", revised.join("\n\n"))}),
        )
        .await;
    assert_eq!(status, 200, "{json}");
    let h_headline = format!("Held H {}", v(8));
    let h_id = create(article(h_headline.clone(), "hostile", v(9).to_string())).await;
    let d_headline = format!("Draft D {}", v(11));
    let d_id = create(article(d_headline.clone(), "city", v(12).to_string())).await;
    let mut article_urls = Vec::new();
    for id in [p_id, h_id] {
        let (status, json) = anon
            .api(
                &editor_token,
                &format!("/api/v1/articles/{id}/publish"),
                json!({}),
            )
            .await;
        assert_eq!(status, 200, "{json}");
        article_urls.push(json["url"].as_str().unwrap().to_string());
    }
    let (status, json) = anon
        .api(
            &editor_token,
            &format!("/api/v1/articles/{d_id}/submit"),
            json!({}),
        )
        .await;
    assert_eq!(status, 200, "{json}");

    // Readers: every vector as a display name through the account form (refused with
    // 400 where it is no valid name), every vector in a bio, token labels for one.
    let bios = pack(&vectors, 1000);
    let mut readers = Vec::new();
    for (k, name) in vectors.iter().enumerate() {
        let email = EmailAddress::parse(&format!("reader{k}@example.org")).unwrap();
        let user = store
            .create_user(&email, &format!("Reader {k}"), Role::Reader, None)
            .await
            .unwrap();
        let secret = store.create_session(user.id, 3600).await.unwrap();
        let (_, token) = store.create_api_token(user.id, "xss").await.unwrap();
        let http = Http::new(&server, Some(secret));
        let bio = bios.get(k).cloned().unwrap_or_default();
        let r = http
            .form("/account/profile", &[("name", name), ("bio", &bio)])
            .await;
        let shown = if name_ok(name) {
            assert_eq!(r.status, 303, "name {name:?}: {}", r.body);
            name.trim().to_string()
        } else {
            assert_eq!(r.status, 400, "name {name:?} must be refused: {}", r.body);
            let plain = format!("Reader {k}");
            let r = http
                .form("/account/profile", &[("name", &plain), ("bio", &bio)])
                .await;
            assert_eq!(r.status, 303, "{}", r.body);
            plain
        };
        readers.push(Reader {
            id: user.id,
            token,
            http,
            name: shown,
        });
    }
    let names: Vec<String> = readers.iter().map(|r| r.name.clone()).collect();
    for hostile in &with_nul {
        let r = readers[0]
            .http
            .form("/account/profile", &[("name", hostile), ("bio", hostile)])
            .await;
        assert_eq!(
            r.status, 400,
            "a name with NUL must be refused: {hostile:?}"
        );
    }
    let labelled = &readers[3];
    let mut labels = Vec::new();
    for label in vectors.iter().step_by(7).filter(|l| name_ok(l)) {
        let r = labelled
            .http
            .form("/account/tokens", &[("label", label)])
            .await;
        assert!(r.status < 400, "token {label:?}: {}", r.body);
        labels.push(label.trim().to_string());
    }

    // Comments on P: reader 0 opens a thread that every other reader answers (its
    // permalink shows them all), and readers 1–19 start threads of their own (the
    // article page shows those). The replies mail reader 0: the outbox shows them.
    let t0 = comment(&anon, &readers[0], 0, p_id, v(0), "P-top-0".into(), None)
        .await
        .expect("the first thread");
    assert_eq!(t0.status, "visible");
    let mut p_replies = Vec::new();
    for (k, reader) in readers.iter().enumerate().skip(1) {
        let marker = format!("P-reply-{k}");
        if let Some(c) = comment(&anon, reader, k, p_id, v(k), marker, Some(t0.id)).await {
            p_replies.push(c);
        }
    }
    let mut p_tops = vec![t0.clone()];
    for (k, reader) in readers.iter().enumerate().take(20).skip(1) {
        let marker = format!("P-top-{k}");
        if let Some(c) = comment(&anon, reader, k, p_id, v(k + 40), marker, None).await {
            p_tops.push(c);
        }
    }
    // Guests answer the first thread too, with hostile names: held for review, half of
    // them approved.
    let (mut guests_pending, mut guests_approved) = (Vec::new(), Vec::new());
    for (i, name) in vectors
        .iter()
        .skip(2)
        .step_by(6)
        .filter(|s| name_ok(s))
        .enumerate()
    {
        let marker = format!("G-reply-{i}");
        let body = format!(
            "{}\n\n{marker}: a guest's remark about the harbour.",
            v(i + 7)
        );
        let r = anon
            .form(
                &format!("/articles/{p_id}/comments"),
                &[
                    ("body", &body),
                    ("parent_id", &t0.id.to_string()),
                    ("guest_name", name),
                    ("guest_email", &format!("guest{i}@example.org")),
                ],
            )
            .await;
        assert_eq!(r.status, 303, "guest {name:?}: {}", r.body);
        let id: i64 = r.location.rsplit("#c-").next().unwrap().parse().unwrap();
        let posted = Posted {
            id,
            status: "pending".into(),
            marker,
            author: usize::MAX,
            name: name.trim().to_string(),
        };
        if i % 2 == 0 {
            let (status, json) = anon
                .api(
                    &mod_token,
                    &format!("/api/v1/moderation/comments/{id}/approve"),
                    json!({}),
                )
                .await;
            assert_eq!(status, 200, "approving guest {id}: {json}");
            guests_approved.push(posted);
        } else {
            guests_pending.push(posted);
        }
    }
    // Readers report thirty replies, with hostile details.
    let mut reported = Vec::new();
    for (i, c) in p_replies
        .iter()
        .filter(|c| c.status == "visible")
        .take(30)
        .enumerate()
    {
        let reporter = &readers[(c.author + 1) % n];
        let (status, json) = anon
            .api(
                &reporter.token,
                &format!("/api/v1/comments/{}/reports", c.id),
                json!({"reason": "other", "detail": v(i + 3)}),
            )
            .await;
        assert!(status == 201 || status == 200, "report: {status} {json}");
        reported.push(c.clone());
    }

    // Hold every comment in the hostile section for review, flag "xss" as suspect,
    // then let every reader answer a thread there: the pending queue fills up.
    let th = comment(&anon, &readers[0], 0, h_id, v(1), "H-top-0".into(), None)
        .await
        .expect("a thread on H");
    let settings = |banned: String| {
        vec![
            ("mode".to_string(), "post".to_string()),
            ("trust_after".into(), "3".into()),
            ("max_links".into(), "2".into()),
            ("hide_after_reports".into(), "3".into()),
            ("banned_words".into(), banned),
            ("suspect_words".into(), "xss".into()),
            ("section_mode.hostile".into(), "pre_all".into()),
        ]
    };
    let save_settings = |fields: Vec<(String, String)>| {
        let moderator = &moderator;
        async move {
            let fields: Vec<(&str, &str)> = fields
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            let r = moderator
                .form("/newsroom/moderation/settings", &fields)
                .await;
            assert_eq!(r.status, 303, "moderation settings: {}", r.body);
        }
    };
    save_settings(settings(String::new())).await;
    let mut held = Vec::new();
    for (k, reader) in readers.iter().enumerate().skip(1) {
        let marker = format!("H-reply-{k}");
        if let Some(c) = comment(&anon, reader, k, h_id, v(k), marker, Some(th.id)).await {
            assert_ne!(c.status, "visible", "{} should wait for review", c.marker);
            held.push(c);
        }
    }
    assert!(held.len() > n / 2, "only {} comments were held", held.len());
    // The moderator rejects every other one and approves some, with hostile reasons,
    // and bans or suspends a few commenters.
    let (mut rejected, mut approved, mut pending) = (Vec::new(), Vec::new(), Vec::new());
    let mut reasons = Vec::new();
    for (i, c) in held.iter().enumerate() {
        let action = match i % 6 {
            0 | 2 | 4 => "reject",
            1 => "approve",
            _ => {
                pending.push(c.clone());
                continue;
            }
        };
        let reason = v(i + 5);
        let (status, json) = anon
            .api(
                &mod_token,
                &format!("/api/v1/moderation/comments/{}/{action}", c.id),
                json!({ "reason": reason }),
            )
            .await;
        assert_eq!(status, 200, "{action} {}: {json}", c.id);
        reasons.push(reason.trim().to_string());
        if action == "reject" {
            rejected.push(c.clone());
        } else {
            approved.push(c.clone());
        }
    }
    for (i, change) in ["ban", "suspend", "trust"].iter().enumerate() {
        let subject = &readers[n - 1 - i];
        let reason = v(i + 30);
        let (status, json) = anon
            .api(
                &mod_token,
                &format!("/api/v1/moderation/users/{}/{change}", subject.id),
                json!({ "reason": reason, "days": 3 }),
            )
            .await;
        assert_eq!(status, 200, "{change}: {json}");
        reasons.push(reason.trim().to_string());
    }
    // Now the word lists themselves are hostile.
    let banned: Vec<String> = vectors
        .iter()
        .map(|w| w.trim().to_lowercase())
        .filter(|w| !w.contains('\n') && w.chars().count() <= 60)
        .collect();
    save_settings(settings(banned.join("\n"))).await;

    // Ads: every vector as a campaign name and advertiser, and as an HTML creative.
    // Creatives carrying script are refused with the form shown again; the rest are
    // stored sanitized. Those campaigns start next year; one live campaign carries
    // every accepted creative, the demo campaigns are paused, and it is also the
    // fallback shown in <noscript>.
    let slots = store.list_ad_slots().await.unwrap();
    let slot_id = |name: &str| slots.iter().find(|s| s.name == name).unwrap().id;
    let (inline, sidebar) = (slot_id("Article inline"), slot_id("Sidebar"));
    for c in store.list_ad_campaigns().await.unwrap() {
        let r = admin
            .form(
                &format!("/newsroom/ads/campaigns/{}/enabled", c.id),
                &[("enabled", "false")],
            )
            .await;
        assert_eq!(r.status, 303, "{}", r.body);
    }
    let today = time::OffsetDateTime::now_utc().date();
    let day = |d: i64| (today + time::Duration::days(d)).to_string();
    let (inline_s, sidebar_s) = (inline.to_string(), sidebar.to_string());
    let campaign = |name: String, advertiser: String, html: String, live: bool| {
        let admin = &admin;
        let (starts, ends) = if live {
            (day(-1), day(30))
        } else {
            (day(400), day(430))
        };
        // The live one fills the sidebar; an image campaign takes the in-article slot.
        let (inline_s, sidebar_s) = (inline_s.clone(), sidebar_s.clone());
        let inline_s = if live { sidebar_s.clone() } else { inline_s };
        async move {
            let fields = [
                ("name", name.as_str()),
                ("advertiser", advertiser.as_str()),
                ("starts", starts.as_str()),
                ("ends", ends.as_str()),
                ("kind", "html"),
                ("html", html.as_str()),
                ("size", "300x250"),
                ("click_url", "https://example.org/offer?from='ledger'"),
                ("weight", "1000"),
                ("slots", inline_s.as_str()),
                ("slots", sidebar_s.as_str()),
            ];
            admin
                .multipart("/newsroom/ads/campaigns", &fields, None)
                .await
        }
    };
    let mut accepted = Vec::new();
    let mut ad_texts = Vec::new();
    let mut campaign_ids = Vec::new();
    for (k, hostile) in vectors.iter().enumerate() {
        let text = |s: &str, fallback: String| {
            if line_ok(s, 120) {
                s.trim().to_string()
            } else {
                fallback
            }
        };
        let name = text(hostile, format!("Campaign {k}"));
        let advertiser = text(v(k + 1), format!("Advertiser {k}"));
        let mark = format!("<p class=\"ad-house-text\">creative-mark-{k}</p>");
        let r = campaign(
            name.clone(),
            advertiser.clone(),
            format!("{hostile}{mark}"),
            false,
        )
        .await;
        let r = if r.status == 303 {
            accepted.push(hostile.clone());
            r
        } else {
            assert_eq!(r.status, 400, "creative {hostile:?}: {}", r.body);
            assert!(
                r.body.contains("id=\"form-error\""),
                "the refusal explains itself: {hostile:?}"
            );
            campaign(name.clone(), advertiser.clone(), mark, false).await
        };
        assert_eq!(r.status, 303, "campaign {k}: {}", r.body);
        campaign_ids.push(r.location.rsplit('/').next().unwrap().to_string());
        ad_texts.push(name);
        ad_texts.push(advertiser);
    }
    assert!(!accepted.is_empty(), "no creative was accepted");
    for hostile in &with_nul {
        let r = campaign(hostile.clone(), hostile.clone(), hostile.clone(), false).await;
        assert_eq!(
            r.status, 400,
            "a campaign with NUL must be refused: {hostile:?}"
        );
    }
    // The accepted creatives together; pieces that only carry script once joined to a
    // neighbour are left out.
    let mut combined = String::new();
    for piece in &accepted {
        let next = format!("{combined}<div class=\"ad-house\">{piece}</div>\n");
        if !broadsheet::ads::creative::carries_script(&next) {
            combined = next;
        }
    }
    combined.push_str("<p class=\"ad-house-title\">combined-mark</p>");
    let live_name = format!("Live {}", v(2));
    let r = campaign(live_name.clone(), v(16).trim().to_string(), combined, true).await;
    assert_eq!(r.status, 303, "the live campaign: {}", r.body);
    let live_id = r.location.rsplit('/').next().unwrap().to_string();
    let image_alt = v(31).trim().to_string();
    let png = broadsheet::ads::demo::banner_png(300, 250, [10, 60, 90]);
    let (starts, ends) = (day(-1), day(30));
    let r = admin
        .multipart(
            "/newsroom/ads/campaigns",
            &[
                ("name", v(32).trim()),
                ("advertiser", v(33).trim()),
                ("starts", &starts),
                ("ends", &ends),
                ("kind", "image"),
                ("image_alt", &image_alt),
                ("click_url", "https://example.org/image"),
                ("weight", "1000"),
                ("slots", &inline_s),
            ],
            Some(("image", "banner.png", &png)),
        )
        .await;
    assert_eq!(r.status, 303, "the image campaign: {}", r.body);
    ad_texts.extend([v(32).trim().to_string(), v(33).trim().to_string()]);
    let r = admin
        .form(
            "/newsroom/ads/settings",
            &[
                ("root_margin", "200"),
                ("when_empty", "collapse"),
                ("fallback_campaign", &live_id),
                ("no_ads_tags", ""),
                ("frame_origins", ""),
                ("noscript_fallback", "on"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "ad settings: {}", r.body);
    // A network tag runs script by design, but only inside its sandboxed frame: it tries
    // to reach the page around it and reports that it ran.
    const TAG: &str = "<script>parent.postMessage('tag-ran', '*'); try { parent.__xss = 1 } catch (e) {} \
        try { top.document.body.setAttribute('data-xss', '1') } catch (e) {}</script>\
        <img src=x onerror=\"try { parent.__xss = 1 } catch (e) {}\">";
    let tag_slot_name = format!("Tag {}", v(17));
    let mut slot_names = vec![tag_slot_name.clone()];
    let r = admin
        .form(
            "/newsroom/ads/slots",
            &[
                ("name", &tag_slot_name),
                ("placement", "top"),
                ("size_mobile", "300x250"),
                ("page_types", "article"),
                ("tag_html", TAG),
                ("enabled", "on"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "the tag slot: {}", r.body);
    for name in vectors
        .iter()
        .skip(1)
        .step_by(25)
        .filter(|s| line_ok(s, 80))
    {
        let r = admin
            .form(
                "/newsroom/ads/slots",
                &[
                    ("name", name),
                    ("placement", "sidebar"),
                    ("size_mobile", "300x250"),
                    ("page_types", "article"),
                    ("tag_html", name),
                ],
            )
            .await;
        assert_eq!(r.status, 303, "slot {name:?}: {}", r.body);
        slot_names.push(name.trim().to_string());
    }
    let tag_slot = store
        .list_ad_slots()
        .await
        .unwrap()
        .into_iter()
        .find(|s| s.name == tag_slot_name)
        .unwrap()
        .id;
    // The frame's own policy sandboxes it away from the site's origin.
    let frame = reqwest::Client::new()
        .get(server.url(&format!("/ads/frame/{tag_slot}")))
        .send()
        .await
        .unwrap();
    assert_eq!(frame.status(), 200);
    let policy = frame
        .headers()
        .get("content-security-policy")
        .map(|h| h.to_str().unwrap().to_string())
        .unwrap_or_default();
    assert!(
        policy.starts_with("sandbox allow-scripts allow-popups;")
            && !policy.contains("allow-same-origin"),
        "the tag frame must be sandboxed: {policy}"
    );
    // The creative endpoint answers JSON with the sanitized creative.
    let creative = anon.get(&format!("/ads/slot/{sidebar}/creative")).await;
    let ad: Value = serde_json::from_str(&creative.body).unwrap();
    let html = ad["html"].as_str().unwrap_or("").to_lowercase();
    assert!(
        html.contains("combined-mark"),
        "the live creative is served: {ad}"
    );
    assert!(
        !broadsheet::ads::creative::carries_script(&html),
        "the served creative carries script: {html}"
    );
    let setup = started.elapsed();

    // ---- An anonymous reader -------------------------------------------------------
    let mut tour = Tour {
        b: &browser,
        server: &server,
        who: "an anonymous reader",
        pages: 0,
    };
    let p_url = &article_urls[0];
    let marker_of = |c: &Posted| c.marker.clone();
    for (j, bio) in bios.iter().enumerate() {
        let mut needles = vec![names[j].clone(), bio.clone()];
        needles.extend(
            p_tops
                .iter()
                .chain(&p_replies)
                .filter(|c| c.author == j && c.status == "visible")
                .map(marker_of),
        );
        tour.shows(&format!("/people/{}", readers[j].id), &needles)
            .await;
    }
    for r in readers.iter().skip(bios.len()).step_by(9) {
        tour.shows(&format!("/people/{}", r.id), std::slice::from_ref(&r.name))
            .await;
    }
    let mut needles = vec![editor_name.clone(), p_headline.clone(), summary.clone()];
    needles.extend([v(20), v(23), v(24)].map(|s| s.trim().to_string()));
    for c in p_tops.iter().filter(|c| c.status == "visible") {
        needles.push(c.marker.clone());
        needles.push(c.name.clone());
    }
    tour.shows(p_url, &needles).await;
    // The ads on the article: the sidebar fills at once, the in-article slot once
    // scrolled to, the network tag inside its frame.
    let filled = |id: i64| {
        format!(
            "var s = document.querySelector('.ad-slot-{id}'); return s !== null && s.classList.contains('ad-slot-filled')"
        )
    };
    assert!(
        browser.wait_until(&filled(sidebar), 10).await,
        "the sidebar ad filled"
    );
    browser
        .js(&format!(
            "document.querySelector('.ad-slot-{inline}').scrollIntoView({{block: 'center'}}); return true"
        ))
        .await;
    assert!(
        browser.wait_until(&filled(inline), 10).await,
        "the inline ad filled"
    );
    assert!(
        browser.wait_until(&filled(tag_slot), 10).await,
        "the tag slot filled"
    );
    browser
        .js("window.__tag = []; addEventListener('message', e => window.__tag.push(e.data)); \
             var f = document.querySelector('iframe.ad-frame'); f.src = f.getAttribute('src'); return true")
        .await;
    assert!(
        browser
            .wait_until("return window.__tag.includes('tag-ran')", 10)
            .await,
        "the network tag ran inside its frame"
    );
    tokio::time::sleep(Duration::from_millis(300)).await;
    tour.check("the article with its ads filled").await;
    assert_eq!(
        browser
            .js("return document.body.getAttribute('data-xss')")
            .await,
        Value::Null,
        "the tag reached the page"
    );
    let alt = browser
        .js(&format!("var i = document.querySelector('.ad-slot-{inline} .ad-creative img'); return i && i.alt"))
        .await;
    assert_eq!(
        alt,
        json!(image_alt),
        "the in-article slot shows the image with its hostile alt"
    );
    let in_slots = browser
        .js("return [...document.querySelectorAll('.ad-slot-filled .ad-creative')].map(e => e.textContent).join(' ')")
        .await;
    assert!(
        in_slots.as_str().unwrap().contains("combined-mark"),
        "the hostile creative is what filled the slots: {in_slots}"
    );
    let noscript = browser
        .js("return [...document.querySelectorAll('noscript')].map(e => e.textContent).join(' ')")
        .await;
    assert!(
        noscript.as_str().unwrap().contains("combined-mark"),
        "the noscript fallback carries the hostile creative"
    );
    let author_page = browser
        .js("return document.querySelector('a.author').getAttribute('href')")
        .await;
    let mut needles: Vec<String> = p_replies
        .iter()
        .filter(|c| c.status == "visible")
        .map(marker_of)
        .collect();
    needles.extend(
        p_replies
            .iter()
            .filter(|c| c.status == "visible")
            .map(|c| c.name.clone()),
    );
    needles.extend(guests_approved.iter().map(marker_of));
    needles.extend(guests_approved.iter().map(|c| c.name.clone()));
    tour.shows(&format!("/comments/{}", t0.id), &needles).await;
    tour.shows("/guidelines", &["guidelines-mark".to_string()])
        .await;
    // The same thread in Turkish: names pass through other translated messages.
    let turkish = format!("/lang/tr?next={}", enc(&format!("/comments/{}", t0.id)));
    tour.shows(&turkish, &needles).await;
    assert_eq!(
        browser.js("return document.documentElement.lang").await,
        json!("tr")
    );
    tour.shows("/lang/en?next=/", std::slice::from_ref(&p_headline))
        .await;
    tour.shows(
        author_page.as_str().unwrap(),
        &[editor_name.clone(), editor_bio.clone()],
    )
    .await;
    tour.shows("/", std::slice::from_ref(&p_headline)).await;
    tour.shows("/hostile", &[section_names[0].clone(), h_headline.clone()])
        .await;
    let anonymous_pages = tour.pages;

    // ---- A signed-in reader ----------------------------------------------------------
    let me = &readers[3];
    let secret = me.http.session.clone();
    tour.use_session("a signed-in reader", secret.as_deref())
        .await;
    let mut needles = vec![me.name.clone(), bios[3].clone()];
    needles.extend(labels.iter().cloned());
    needles.extend(
        p_tops
            .iter()
            .chain(&p_replies)
            .chain(&held)
            .filter(|c| c.author == 3)
            .map(marker_of),
    );
    tour.shows("/account", &needles).await;
    // The profile form refused: shown again with its error.
    let long = format!("{} {}", v(3), "too long for a name ".repeat(5));
    tour.submit_form(
        "form[action='/account/profile']",
        &[("name", &long), ("bio", v(50))],
    )
    .await;
    tour.assert_shows("the refused profile form", std::slice::from_ref(&me.name))
        .await;
    let mut needles = vec![me.name.clone()];
    needles.extend(
        p_tops
            .iter()
            .filter(|c| c.status == "visible")
            .map(|c| c.name.clone()),
    );
    tour.shows(p_url, &needles).await;
    // A comment the screener refuses (its words are on the banned list): the form comes
    // back with the text kept and the reasons.
    let refused_comment = format!("{}\n\nrefused-mark about the harbour", v(0));
    tour.submit_form(".comment-form", &[("comment-body", &refused_comment)])
        .await;
    assert_eq!(
        browser.js("return location.pathname").await,
        json!(format!("/articles/{p_id}/comments")),
        "the refused comment comes back in its form"
    );
    tour.assert_shows(
        "the refused comment",
        &["refused-mark about the harbour".to_string()],
    )
    .await;

    let with_names = |list: &[Posted]| {
        let mut needles: Vec<String> = list.iter().map(marker_of).collect();
        needles.extend(list.iter().map(|c| c.name.clone()));
        needles
    };

    // ---- An editor, signed in through the login form --------------------------------
    tour.use_session("an editor", None).await;
    tour.open("/login").await;
    let b = &browser.client;
    b.find(Locator::Css("#email"))
        .await
        .unwrap()
        .send_keys("xss-editor@example.org")
        .await
        .unwrap();
    b.find(Locator::Css("#password"))
        .await
        .unwrap()
        .send_keys(PASSWORD)
        .await
        .unwrap();
    b.find(Locator::Css("form.stacked-form button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    assert!(
        browser
            .wait_until("return location.pathname === '/newsroom'", 10)
            .await,
        "signed in to the newsroom"
    );
    tour.check("the dashboard after signing in").await;
    tour.assert_shows("the dashboard", &[editor_name.clone(), d_headline.clone()])
        .await;
    tour.shows(
        "/newsroom/articles",
        &[p_headline.clone(), h_headline.clone(), d_headline.clone()],
    )
    .await;
    for q in vectors.iter().step_by(12) {
        tour.shows(
            &format!("/newsroom/articles?q={}", enc(q)),
            &[q.trim().replace('\n', "")],
        )
        .await;
    }
    // The editor fetches its live preview of the hostile body on load.
    tour.shows(
        &format!("/newsroom/articles/{p_id}"),
        &[p_headline.clone(), v(3).to_string()],
    )
    .await;
    assert!(
        browser
            .wait_until(
                "return document.querySelector('#preview-body').textContent.includes('Tickets are on sale')",
                10
            )
            .await,
        "the live preview rendered the body"
    );
    tour.check("the editor with its preview").await;
    let diff: Vec<String> = vectors
        .iter()
        .take(12)
        .filter(|s| !s.contains('\n'))
        .cloned()
        .collect();
    tour.shows(
        &format!("/newsroom/articles/{p_id}/revisions?from=1&to=2"),
        &diff,
    )
    .await;
    tour.shows("/newsroom/sections", &section_names).await;
    tour.shows("/newsroom/tags", &tag_names).await;
    tour.shows("/newsroom/media", &alts).await;
    let mut needles = with_names(&pending[..4]);
    needles.push(editor_name.clone());
    tour.shows("/newsroom/moderation", &needles).await;
    tour.shows(
        "/newsroom/profile",
        &[editor_name.clone(), editor_bio.clone()],
    )
    .await;
    // A new article refused (a script URL as canonical): the form comes back with it.
    tour.open("/newsroom/articles/new").await;
    let refused_headline = format!("Refused {}", v(19));
    tour.submit_form(
        "#editor",
        &[
            ("headline", &refused_headline),
            ("standfirst", v(18)),
            ("body", v(13)),
            ("canonical_url", "javascript:window.__xss=1"),
        ],
    )
    .await;
    tour.assert_shows(
        "the refused editor form",
        std::slice::from_ref(&refused_headline),
    )
    .await;
    // Error pages reached while signed in.
    for path in [
        "/newsroom/users".to_string(),
        "/newsroom/ads".to_string(),
        "/newsroom/articles/999999999".to_string(),
        "/people/999999999".to_string(),
        format!("/{}", enc(v(0))),
        format!("/newsroom/{}", enc(v(26))),
    ] {
        tour.open(&path).await;
    }

    // ---- A moderator, with a session from the login form over HTTP ------------------
    tour.use_session("a moderator", moderator.session.as_deref())
        .await;
    let mut needles = with_names(&pending);
    needles.extend(with_names(&guests_pending));
    needles.push(mod_name.clone());
    tour.shows_across_pages("/newsroom/moderation?queue=pending", &needles, 8)
        .await;
    let excerpts = browser
        .js("return document.querySelectorAll('.mod-reasons mark, .mod-context').length")
        .await;
    assert!(
        excerpts.as_i64().unwrap() > 0,
        "the queue shows screener excerpts and thread context"
    );
    tour.shows_across_pages(
        "/newsroom/moderation?queue=reported",
        &with_names(&reported),
        4,
    )
    .await;
    tour.shows_across_pages(
        "/newsroom/moderation?queue=rejected",
        &with_names(&rejected),
        6,
    )
    .await;
    tour.shows_across_pages(
        "/newsroom/moderation?queue=approved&order=newest",
        &with_names(&approved[approved.len() - 3..]),
        2,
    )
    .await;
    for c in pending.iter().step_by(8) {
        tour.shows(
            &format!(
                "/newsroom/moderation?queue=pending&author={}",
                readers[c.author].id
            ),
            &[c.name.clone(), c.marker.clone()],
        )
        .await;
    }
    for notice in vectors.iter().skip(5).step_by(12).filter(|s| s.len() < 200) {
        tour.shows(
            &format!("/newsroom/moderation?notice={}", enc(notice)),
            std::slice::from_ref(notice),
        )
        .await;
    }
    let mut needles = reasons.clone();
    needles.push(mod_name.clone());
    tour.shows_across_pages("/newsroom/moderation/audit", &needles, 4)
        .await;
    tour.shows("/newsroom/moderation/settings", &banned).await;
    tour.shows("/newsroom", std::slice::from_ref(&mod_name))
        .await;
    tour.open("/newsroom/articles").await;

    // ---- An administrator ------------------------------------------------------------
    tour.use_session("an administrator", admin.session.as_deref())
        .await;
    let mut needles = names.clone();
    needles.extend([editor_name.clone(), mod_name.clone(), admin_name.clone()]);
    tour.shows("/newsroom/users", &needles).await;
    tour.open("/newsroom/outbox").await;
    let repliers: Vec<String> = names.iter().rev().take(8).cloned().collect();
    let missing = tour.missing(&repliers).await;
    assert!(
        missing.len() < repliers.len(),
        "the outbox shows the reply mails with hostile names"
    );
    let mut needles = ad_texts.clone();
    needles.extend(slot_names.iter().cloned());
    needles.push(live_name.clone());
    tour.shows("/newsroom/ads", &needles).await;
    for (k, id) in campaign_ids.iter().enumerate().step_by(6) {
        tour.shows(
            &format!("/newsroom/ads/campaigns/{id}"),
            &[ad_texts[2 * k].clone(), ad_texts[2 * k + 1].clone()],
        )
        .await;
    }
    tour.shows(
        &format!("/newsroom/ads/campaigns/{live_id}"),
        std::slice::from_ref(&live_name),
    )
    .await;
    tour.shows(
        &format!("/newsroom/ads/slots/{tag_slot}"),
        &[tag_slot_name.clone(), TAG.to_string()],
    )
    .await;
    // A creative carrying script, refused: the form comes back with it as text.
    tour.open("/newsroom/ads/campaigns/new").await;
    let refused_name = format!("Refused {}", v(6));
    browser
        .js("document.querySelector('input[name=kind][value=html]').checked = true; return true")
        .await;
    tour.submit_form(
        "form[action='/newsroom/ads/campaigns']",
        &[
            ("c-name", &refused_name),
            ("c-adv", v(27)),
            ("c-url", "https://example.org/"),
            ("c-html", v(2)),
            ("c-size", "300x250"),
        ],
    )
    .await;
    tour.assert_shows(
        "the refused campaign form",
        &[refused_name.clone(), v(2).to_string()],
    )
    .await;
    tour.shows(
        "/newsroom/comment-settings",
        &[summary.clone(), full.clone()],
    )
    .await;
    tour.shows("/newsroom", std::slice::from_ref(&admin_name))
        .await;

    let pages = tour.pages;
    browser.close().await;
    eprintln!(
        "{} vectors, {} accepted as HTML creatives; {pages} pages checked ({anonymous_pages} anonymous); \
         setup {:.1} s, total {:.1} s",
        n,
        accepted.len(),
        setup.as_secs_f64(),
        started.elapsed().as_secs_f64()
    );
}
