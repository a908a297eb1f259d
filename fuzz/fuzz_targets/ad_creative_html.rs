//! HTML ad creatives (`ads::creative`): the script detector and the creative cleaner.
//!
//! Checks: whatever `carries_script` says, `sanitize_html` output holds only the allowed
//! elements, house classes and image attributes, https or relative image URLs and no
//! handlers;
//! cleaning twice changes nothing a browser would build; the URL checks never accept a URL with quotes, angle
//! brackets, whitespace or a non-http scheme.
#![no_main]

use broadsheet::ads::creative::{carries_script, is_http_url, is_https_origin, sanitize_html};
use broadsheet_fuzz::{AD_CREATIVE, assert_clean_again, assert_safe, url_scheme};
use libfuzzer_sys::fuzz_target;
use scraper::Html;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = carries_script(&text);
    let clean = sanitize_html(&text);
    assert_safe(&text, &clean, &AD_CREATIVE);
    for el in Html::parse_fragment(&clean).root_element().descendants() {
        if let Some(class) = el.value().as_element().and_then(|e| e.attr("class")) {
            assert!(
                class
                    .split_ascii_whitespace()
                    .all(|c| c.starts_with("ad-house")),
                "class {class:?} is not a house class\ninput:  {text:?}\noutput: {clean:?}"
            );
        }
    }
    assert_clean_again(&text, &clean, &sanitize_html(&clean));
    if is_http_url(&text) {
        assert!(
            matches!(url_scheme(&text).as_deref(), Some("http" | "https"))
                && !text.chars().any(|c| c.is_whitespace()
                    || c.is_control()
                    || matches!(c, '"' | '<' | '>' | '\\')),
            "is_http_url accepted {text:?}"
        );
    }
    if is_https_origin(&text) {
        assert!(
            is_http_url(&text) && text.starts_with("https://"),
            "{text:?}"
        );
    }
});
