//! The HTML alternative of a plain-text mail, made from the text alone (so a retry, which
//! has only the stored text, sends the same): escaped, a paragraph per blank-line block,
//! line breaks kept, http(s) addresses made links.

use crate::import::shortcodes::escape;

/// `text` as a small HTML document.
pub fn from_text(text: &str) -> String {
    let mut html = String::from("<!DOCTYPE html>\n<html><body>\n");
    let normalised = text.replace("\r\n", "\n");
    let mut paragraph: Vec<&str> = Vec::new();
    for line in normalised.split('\n').chain([""]) {
        if !line.trim().is_empty() {
            paragraph.push(line);
            continue;
        }
        if paragraph.is_empty() {
            continue;
        }
        html.push_str("<p>");
        for (i, line) in paragraph.drain(..).enumerate() {
            if i > 0 {
                html.push_str("<br>\n");
            }
            push_linked(&mut html, line);
        }
        html.push_str("</p>\n");
    }
    html.push_str("</body></html>\n");
    html
}

/// Appends `line` escaped, with each http(s) address turned into a link to itself.
fn push_linked(html: &mut String, line: &str) {
    let mut rest = line;
    while let Some(start) = next_url(rest) {
        let url = url_at(&rest[start..]);
        let escaped = escape(url);
        html.push_str(&escape(&rest[..start]));
        html.push_str(&format!("<a href=\"{escaped}\">{escaped}</a>"));
        rest = &rest[start + url.len()..];
    }
    html.push_str(&escape(rest));
}

/// The address at the start of `text`: up to a space, quote or angle bracket, without
/// the sentence punctuation that often follows an address.
fn url_at(text: &str) -> &str {
    let end = text
        .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '\''))
        .unwrap_or(text.len());
    text[..end].trim_end_matches(['.', ',', ';', ':', '!', '?', ')', ']'])
}

/// Where the next address starting with `http://` or `https://` (at the start of a word,
/// and more than the scheme) begins in `text`.
fn next_url(text: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(found) = text[from..].find("http") {
        let at = from + found;
        let after = &text[at..];
        let word_start = text[..at]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric());
        let scheme = ["https://", "http://"]
            .into_iter()
            .find(|s| after.starts_with(s));
        if let Some(scheme) = scheme
            && word_start
            && url_at(after).len() > scheme.len()
        {
            return Some(at);
        }
        from = at + 4;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::from_text;

    fn body(html: &str) -> &str {
        html.strip_prefix("<!DOCTYPE html>\n<html><body>\n")
            .and_then(|h| h.strip_suffix("</body></html>\n"))
            .expect(html)
    }

    #[test]
    fn paragraphs_breaks_and_links() {
        let text = "Hello Ann,\n\nBob replied:\n> fine\n\n\nRead it at https://news.example/comments/7.\n\
                    Stop: <http://127.0.0.1:8080/account/unsubscribe/ab12>\n";
        assert_eq!(
            body(&from_text(text)),
            "<p>Hello Ann,</p>\n\
             <p>Bob replied:<br>\n&gt; fine</p>\n\
             <p>Read it at <a href=\"https://news.example/comments/7\">https://news.example/comments/7</a>.<br>\n\
             Stop: &lt;<a href=\"http://127.0.0.1:8080/account/unsubscribe/ab12\">\
             http://127.0.0.1:8080/account/unsubscribe/ab12</a>&gt;</p>\n"
        );
    }

    #[test]
    fn hostile_text_stays_escaped() {
        let text = "<script>alert(1)</script> & \"quotes\"\n\
                    https://x.example/?q=\"><script>alert(2)</script>\n\
                    javascript:alert(3) xhttps://no.example http:// httpx";
        let html = from_text(text);
        assert!(!html.contains("<script"), "{html}");
        assert_eq!(
            body(&html),
            "<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;<br>\n\
             <a href=\"https://x.example/?q=\">https://x.example/?q=</a>&quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt;<br>\n\
             javascript:alert(3) xhttps://no.example http:// httpx</p>\n"
        );
    }

    #[test]
    fn the_same_text_gives_the_same_html() {
        let text = "One\r\n\r\nTwo https://a.example/b";
        assert_eq!(from_text(text), from_text(text));
        assert_eq!(
            body(&from_text(text)),
            "<p>One</p>\n<p>Two <a href=\"https://a.example/b\">https://a.example/b</a></p>\n"
        );
    }
}
