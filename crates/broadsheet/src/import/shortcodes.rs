//! WordPress shortcodes in post bodies turned into plain HTML the sanitizer keeps:
//! `[caption]` → figure with figcaption, `[gallery]` → a grid of figures, `[audio]` and
//! `[video]` → native players, `[embed]` → a link. Any other shortcode is stripped to
//! its inner text and counted; bracketed prose like `[sic]` is left alone.

/// An attachment as a gallery shows it.
pub struct Picture {
    pub url: String,
    pub alt: String,
    pub caption: String,
}

/// What the body's shortcodes became.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Converted {
    pub html: String,
    pub converted: u64,
    pub unknown: u64,
}

/// Converts every shortcode of `html`. `picture` finds an attachment by id; `attached`
/// lists the post's own attachments, for a `[gallery]` without `ids`.
pub fn convert(
    html: &str,
    picture: &dyn Fn(i64) -> Option<Picture>,
    attached: &[i64],
) -> Converted {
    let mut out = Converted::default();
    out.html = walk(
        html,
        picture,
        attached,
        &mut out.converted,
        &mut out.unknown,
    );
    out
}

const KNOWN: [&str; 6] = [
    "caption",
    "wp_caption",
    "gallery",
    "audio",
    "video",
    "embed",
];

fn walk(
    html: &str,
    picture: &dyn Fn(i64) -> Option<Picture>,
    attached: &[i64],
    converted: &mut u64,
    unknown: &mut u64,
) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(open) = rest.find('[') {
        out.push_str(&rest[..open]);
        let at = &rest[open..];
        // `[[name]]` is WordPress's way to write a shortcode as text.
        if let Some(escaped) = at.strip_prefix("[[")
            && let Some(end) = escaped.find("]]")
        {
            out.push('[');
            out.push_str(&escaped[..end]);
            out.push(']');
            rest = &escaped[end + 2..];
            continue;
        }
        let Some(tag) = opening(at) else {
            out.push('[');
            rest = &at[1..];
            continue;
        };
        let after = &at[tag.len..];
        let closing = format!("[/{}]", tag.name);
        let (inner, next) = match after.find(&closing) {
            Some(end) if !tag.self_closing => (Some(&after[..end]), &after[end + closing.len()..]),
            _ => (None, after),
        };
        let known = KNOWN.contains(&tag.name.as_str());
        let plugin_like = inner.is_some()
            || tag.self_closing
            || tag.attrs.contains('=')
            || tag.name.contains(['_', '-']);
        if !known && !plugin_like {
            out.push('[');
            rest = &at[1..];
            continue;
        }
        let inner = inner.unwrap_or("");
        if known {
            *converted += 1;
            let attrs = attributes(&tag.attrs);
            out.push_str(&block(&render(&tag.name, &attrs, inner, picture, attached)));
        } else {
            *unknown += 1;
            out.push_str(&walk(inner, picture, attached, converted, unknown));
        }
        rest = next;
    }
    out.push_str(rest);
    out
}

struct Opening {
    name: String,
    attrs: String,
    self_closing: bool,
    /// Bytes from `[` to `]`, both included.
    len: usize,
}

/// `[name attrs]` or `[name attrs /]` at the start of `text`.
fn opening(text: &str) -> Option<Opening> {
    let body = text.strip_prefix('[')?;
    let name_len = body
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
        .unwrap_or(body.len());
    let name = &body[..name_len];
    if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    let close = body.find(']')?;
    let attrs = body[name_len..close].trim();
    if !(attrs.is_empty() || body[name_len..].starts_with([' ', '\t', '\n', '/'])) {
        return None;
    }
    let self_closing = attrs.ends_with('/');
    Some(Opening {
        name: name.to_ascii_lowercase(),
        attrs: attrs.trim_end_matches('/').trim().to_string(),
        self_closing,
        len: close + 2,
    })
}

/// `key="v"`, `key='v'` and `key=v` pairs; a bare word is kept with an empty key.
fn attributes(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = text.trim();
    while !rest.is_empty() {
        let word_end = rest
            .find(|c: char| c == '=' || c.is_whitespace())
            .unwrap_or(rest.len());
        let (key, after) = rest.split_at(word_end);
        if let Some(value) = after.strip_prefix('=') {
            let (value, tail) = match value.chars().next() {
                Some(q @ ('"' | '\'' | '”' | '″')) => {
                    let v = &value[q.len_utf8()..];
                    let end = v.find(q).unwrap_or(v.len());
                    (&v[..end], v.get(end + q.len_utf8()..).unwrap_or(""))
                }
                _ => value.split_at(value.find(char::is_whitespace).unwrap_or(value.len())),
            };
            out.push((key.to_ascii_lowercase(), value.to_string()));
            rest = tail.trim_start();
        } else {
            out.push((String::new(), key.to_string()));
            rest = after.trim_start();
        }
    }
    out
}

fn attr<'a>(attrs: &'a [(String, String)], names: &[&str]) -> &'a str {
    names
        .iter()
        .find_map(|n| attrs.iter().find(|(k, v)| k == n && !v.is_empty()))
        .map_or("", |(_, v)| v.trim())
}

fn render(
    name: &str,
    attrs: &[(String, String)],
    inner: &str,
    picture: &dyn Fn(i64) -> Option<Picture>,
    attached: &[i64],
) -> String {
    match name {
        "caption" | "wp_caption" => caption(attrs, inner),
        "gallery" => {
            let ids: Vec<i64> = match attr(attrs, &["ids", "include"]) {
                "" => attached.to_vec(),
                list => list
                    .split(',')
                    .filter_map(|id| id.trim().parse().ok())
                    .collect(),
            };
            let figures: String = ids
                .into_iter()
                .filter_map(picture)
                .map(|p| figure(&p))
                .collect();
            if figures.is_empty() {
                return String::new();
            }
            format!("<figure class=\"gallery\">{figures}</figure>")
        }
        "audio" | "video" => {
            let formats: &[&str] = if name == "audio" {
                &["src", "mp3", "m4a", "ogg", "oga", "wav", "flac", "opus"]
            } else {
                &["src", "mp4", "webm", "m4v", "ogv", "mov"]
            };
            let src = Some(attr(attrs, formats))
                .filter(|s| !s.is_empty())
                .unwrap_or(inner.trim());
            if !web_url(src) {
                return String::new();
            }
            format!(
                "<figure><{name} controls src=\"{}\"></{name}></figure>",
                url_attr(src)
            )
        }
        _ => {
            let url = Some(attr(attrs, &["src", "url"]))
                .filter(|s| !s.is_empty())
                .unwrap_or(inner.trim());
            if !web_url(url) {
                return String::new();
            }
            let shown = url
                .split_once("://")
                .map_or(url, |(_, r)| r)
                .trim_start_matches("www.");
            let host = shown.split(['/', '?', '#']).next().unwrap_or(shown);
            let shown: String = shown.trim_end_matches('/').chars().take(80).collect();
            format!(
                "<p><a href=\"{}\" title=\"{}\">{}</a></p>",
                url_attr(url),
                escape(host),
                escape(&shown)
            )
        }
    }
}

/// `[caption]<img …> Text[/caption]` (or `<a><img></a>`, or `caption="Text"`).
fn caption(attrs: &[(String, String)], inner: &str) -> String {
    let inner = inner.trim();
    let image_end = if inner.starts_with("<a") {
        inner.find("</a>").map(|i| i + 4)
    } else if inner.starts_with("<img") {
        inner.find('>').map(|i| i + 1)
    } else {
        None
    };
    let (image, text) = match image_end {
        Some(end) => (&inner[..end], inner[end..].trim()),
        None => ("", inner),
    };
    let text = Some(attr(attrs, &["caption"]))
        .filter(|t| !t.is_empty())
        .unwrap_or(text);
    let caption = if text.is_empty() {
        String::new()
    } else {
        format!("<figcaption>{text}</figcaption>")
    };
    format!("<figure>{image}{caption}</figure>")
}

fn figure(p: &Picture) -> String {
    let caption = match p.caption.trim() {
        "" => String::new(),
        c => format!("<figcaption>{}</figcaption>", escape(c)),
    };
    format!(
        "<figure><img src=\"{}\" alt=\"{}\">{caption}</figure>",
        escape(&p.url),
        escape(&p.alt)
    )
}

/// A URL from the body (where `&` is often already `&amp;`) as an attribute value.
fn url_attr(url: &str) -> String {
    escape(&url.replace("&amp;", "&"))
}

fn web_url(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://") || url.starts_with("/media/"))
        && !url.contains(['"', '<', '>', ' '])
}

/// A converted shortcode as a block of its own: blank lines around it (so the Markdown
/// pass keeps the HTML as it is) and none inside.
fn block(html: &str) -> String {
    if html.is_empty() {
        return String::new();
    }
    let one_line = html
        .split('\n')
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    format!("\n\n{one_line}\n\n")
}

/// Text for an HTML attribute or element.
pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pictures(id: i64) -> Option<Picture> {
        (id < 10).then(|| Picture {
            url: format!("/media/k{id}/original.jpg"),
            alt: format!("Alt {id}"),
            caption: if id == 1 {
                "First".into()
            } else {
                String::new()
            },
        })
    }

    fn run(html: &str) -> Converted {
        convert(html, &pictures, &[2, 3])
    }

    #[test]
    fn known_shortcodes_become_html() {
        let c = run(
            r#"Before [caption id="a" width="300"]<img src="/x.jpg" alt="Quay"> The quay[/caption] after"#,
        );
        assert!(
            c.html.contains(
                r#"<figure><img src="/x.jpg" alt="Quay"><figcaption>The quay</figcaption></figure>"#
            ),
            "{}",
            c.html
        );
        let c = run(r#"[gallery ids="1, 2,99"] and [gallery]"#);
        assert_eq!(c.converted, 2);
        assert!(c.html.contains(r#"<figure class="gallery"><figure><img src="/media/k1/original.jpg" alt="Alt 1"><figcaption>First</figcaption></figure><figure><img src="/media/k2/original.jpg""#), "{}", c.html);
        assert!(
            c.html.contains(r#"k3/original.jpg"#),
            "a gallery without ids shows the post's own"
        );
        let c = run(
            r#"[audio mp3="https://a.example/t.mp3"][/audio][video src='https://a.example/v.mp4' width=640]"#,
        );
        assert!(
            c.html.contains(
                r#"<figure><audio controls src="https://a.example/t.mp3"></audio></figure>"#
            ),
            "{}",
            c.html
        );
        assert!(
            c.html
                .contains(r#"<video controls src="https://a.example/v.mp4"></video>"#),
            "{}",
            c.html
        );
        let c = run("[embed]https://www.video.example/watch?v=1&t=2[/embed]");
        assert!(c.html.contains(r#"<a href="https://www.video.example/watch?v=1&amp;t=2" title="video.example">video.example/watch?v=1&amp;t=2</a>"#), "{}", c.html);
    }

    #[test]
    fn unknown_shortcodes_leave_their_text_and_prose_stays() {
        let c = run(
            r#"[vc_row][vc_column]Kept text[/vc_column][/vc_row] [contact-form-7 id="4"] [sic] [1] [[gallery]] [x](https://l.example)"#,
        );
        assert_eq!(c.unknown, 3, "{}", c.html);
        assert_eq!(c.converted, 0);
        assert_eq!(
            c.html,
            "Kept text  [sic] [1] [gallery] [x](https://l.example)"
        );
    }

    #[test]
    fn hostile_sources_are_dropped() {
        let c = run(
            r#"[audio src="javascript:alert(1)"][embed]data:text/html,x[/embed][video src="https://a.example/x.mp4&quot;onerror=x"]"#,
        );
        assert!(
            !c.html.contains("javascript") && !c.html.contains("data:"),
            "{}",
            c.html
        );
        assert!(!c.html.contains("\"onerror"), "{}", c.html);
    }
}
