//! Article Markdown -> safe HTML (`content::markdown`), and the same cleaner fed raw HTML.
//!
//! Checks: the output, parsed as a browser would, holds only allowed elements and
//! attributes, no event handlers or styles, and only http/https/mailto or relative URLs;
//! cleaning the output again changes nothing a browser would build from it; the in-article ad slots
//! (`ads::body::paragraph_ends`) are increasing char boundaries just after a `</p>`.
#![no_main]

use broadsheet::ads::body::paragraph_ends;
use broadsheet::content::markdown::{render_article, sanitize_article_html};
use broadsheet_fuzz::{ARTICLE, assert_clean_again, assert_safe};
use libfuzzer_sys::fuzz_target;

fn check(input: &str, html: &str) {
    assert_safe(input, html, &ARTICLE);
    assert_clean_again(input, html, sanitize_article_html(html).as_str());
    let mut prev = 0;
    for end in paragraph_ends(html) {
        assert!(
            end > prev && html.is_char_boundary(end) && html[..end].ends_with("</p>"),
            "bad paragraph end {end} in {html:?}"
        );
        prev = end;
    }
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let html = render_article(&text);
    check(&text, html.as_str());
    let cleaned = sanitize_article_html(&text);
    check(&text, cleaned.as_str());
});
