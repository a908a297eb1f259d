//! Headless Chromium going from page to page, checking each one for injected script.

use crate::common::browser::Browser;
use crate::common::server::Server;
use crate::common::xss::CLEAN;
use fantoccini::cookies::Cookie;
use serde_json::{Value, json};

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

/// Headless Chromium going from page to page, checking each one.
pub struct Tour<'a> {
    pub b: &'a Browser,
    pub server: &'a Server,
    pub who: &'static str,
    /// How many pages were checked.
    pub pages: usize,
}

impl Tour<'_> {
    pub async fn open(&mut self, path: &str) {
        self.b.client.goto(&self.server.url(path)).await.unwrap();
        self.check(path).await;
    }

    /// The page is loaded and nothing hostile reached its DOM.
    pub async fn check(&mut self, what: &str) {
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

    pub async fn missing(&self, needles: &[String]) -> Vec<String> {
        let v = self
            .b
            .client
            .execute(MISSING, vec![json!(needles)])
            .await
            .expect("script runs");
        serde_json::from_value(v).unwrap()
    }

    /// Opens `path` and requires every needle to show, as text.
    pub async fn shows(&mut self, path: &str, needles: &[String]) {
        self.open(path).await;
        self.assert_shows(path, needles).await;
    }

    pub async fn assert_shows(&self, what: &str, needles: &[String]) {
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
    pub async fn shows_across_pages(&mut self, path: &str, needles: &[String], max_pages: usize) {
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
    pub async fn use_session(&mut self, who: &'static str, secret: Option<&str>) {
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
    pub async fn submit_form(&mut self, form: &str, fields: &[(&str, &str)]) {
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
