//! Comment bodies -> HTML (`comments::format::render`), and the comment cleaner fed raw HTML.
//!
//! Checks: only p/br/strong/em/blockquote and links, links only absolute http(s) with
//! `rel="nofollow ugc noopener"`, no raw HTML from the body ever becomes markup, and
//! cleaning the output again changes nothing a browser would build from it.
#![no_main]

use broadsheet::comments::format::{render, sanitize};
use broadsheet_fuzz::{COMMENT, assert_clean_again, assert_safe};
use libfuzzer_sys::fuzz_target;
use scraper::{Html, Selector};
use std::sync::LazyLock;

static LINKS: LazyLock<Selector> = LazyLock::new(|| Selector::parse("a").expect("selector"));

fn check(input: &str, html: &str) {
    assert_safe(input, html, &COMMENT);
    assert_clean_again(input, html, &sanitize(html));
    for a in Html::parse_fragment(html).select(&LINKS) {
        assert_eq!(
            a.value().attr("rel"),
            Some("nofollow ugc noopener"),
            "link without rel\ninput:  {input:?}\noutput: {html:?}"
        );
    }
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let html = render(&text);
    check(&text, &html);
    let cleaned = sanitize(&text);
    check(&text, &cleaned);
});
