//! Hostile strings in every URL parameter the site reads, through the real router on the
//! demo newspaper, on SQLite and PostgreSQL (the HTTP half of
//! `broadsheet-store/tests/hostile_queries`).
//!
//! Generated strings (SQL and full-text syntax, LIKE wildcards, NUL and control characters,
//! markup, right-to-left and combining marks, emoji, Turkish I, huge repeats) are
//! percent-encoded three ways: every reserved byte encoded, only the bytes a URI cannot
//! carry encoded (so `'`, `;`, `(` and `*` arrive raw), or with raw invalid UTF-8
//! sequences such as `%FF%FE` spliced in. They go to search, section, article, tag and
//! author paths, feeds and sitemaps, the `after`/`cursor`/`before` parameters of the
//! listings and comment threads, account and setup links, and the JSON API's and the
//! newsroom's query parameters, anonymously and signed in. Every answer must be 2xx, 3xx
//! or 4xx (never 5xx), no body may show a database error, and an HTML page must never
//! carry the string unescaped.
//!
//! Cases: 64 per engine, or `PROPTEST_CASES` for a longer run; each case sends every
//! target.
//!
//! Layout: `strings` and `encoding` make the URL text; `site` seeds the demo and sends and
//! checks requests, `targets` lists where the text goes; `property` is the property,
//! `regressions` and `cursors` the plain cases it found.

mod cursors;
mod encoding;
mod property;
mod regressions;
mod site;
mod strings;
mod targets;

use broadsheet_testkit::on_both_engines;
use cursors::extreme_cursors_page_or_are_refused_cleanly;
use property::hostile_strings_in_urls_never_fail_the_server;
use regressions::{
    regression_long_headline_filter_is_not_a_server_error,
    regression_nul_in_paths_and_queries_is_not_a_server_error,
    regression_searched_or_does_not_widen_results,
};

on_both_engines!(
    hostile_strings_in_urls_never_fail_the_server,
    regression_nul_in_paths_and_queries_is_not_a_server_error,
    regression_long_headline_filter_is_not_a_server_error,
    regression_searched_or_does_not_widen_results,
    extreme_cursors_page_or_are_refused_cleanly,
);
