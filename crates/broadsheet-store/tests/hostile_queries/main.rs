//! Hostile strings through every query parameter path of the store, on SQLite and
//! PostgreSQL, as property tests.
//!
//! Generated strings mix SQL metacharacters, FTS5 and tsquery/websearch syntax, LIKE
//! wildcards, NUL and other control characters, right-to-left marks, combining marks,
//! emoji, Turkish dotted and dotless I, near-misses of the seeded slugs and keys, and huge
//! repeats. They go through every store method that takes reader- or caller-provided text
//! or a paging cursor, and each answer is checked against what the fixture holds:
//!
//! - no call fails (no syntax error, no driver error): the outcome is a value or a clean
//!   "not found" (`None`, empty, `false`, `InvalidLink`);
//! - a lookup finds exactly the row whose key equals the string byte for byte, so `%`,
//!   `_`, case or a trailing space never match a different slug, email or key;
//! - search returns published articles within the filters only, and a word that is in no
//!   article empties the result whatever else the query holds (no operator widens it);
//! - the newsroom's headline filter treats `%`, `_` and `\` as text;
//! - keyset cursors, however extreme, page exactly the rows a cursor should continue to;
//! - every table is byte-for-byte the same afterwards (read paths write nothing);
//! - hostile text written through the write paths reads back unchanged.
//!
//! Cases per property: 64, or `PROPTEST_CASES` for a longer run.
//! NUL: PostgreSQL cannot store it in text and the app refuses it in request bodies; the
//! store answers a lookup with NUL in its key as "not found" on both engines.
//!
//! Layout: `strings` generates the hostile strings; `seeds`, `fixture`, `thread`, `keys`
//! and `vacuous` build and check the fixture; `runner`, `queries` and `snapshot` are the
//! shared machinery; `lookups`, `search`, `cursors`, `comment_cursors` and `writes` hold
//! the properties, and `regressions` the plain cases they found.

mod comment_cursors;
mod cursors;
mod fixture;
mod keys;
mod lookups;
mod queries;
mod regressions;
mod runner;
mod search;
mod seeds;
mod snapshot;
mod strings;
mod thread;
mod vacuous;
mod writes;

use broadsheet_testkit::on_both_engines;
use cursors::hostile_cursors_page_exactly_after_the_cursor;
use lookups::hostile_strings_through_every_lookup_find_only_exact_matches;
use regressions::{
    regression_huge_headline_filter_is_an_answer_not_an_error,
    regression_nul_in_a_lookup_is_not_found, regression_search_word_or_is_not_an_operator,
    regression_wildcards_and_case_never_widen_a_lookup,
};
use search::{
    hostile_headline_filter_treats_wildcards_as_text,
    hostile_search_finds_only_published_matches_within_filters,
};
use writes::hostile_text_round_trips_through_the_write_paths;

on_both_engines!(
    hostile_strings_through_every_lookup_find_only_exact_matches,
    hostile_search_finds_only_published_matches_within_filters,
    hostile_headline_filter_treats_wildcards_as_text,
    hostile_cursors_page_exactly_after_the_cursor,
    hostile_text_round_trips_through_the_write_paths,
    regression_search_word_or_is_not_an_operator,
    regression_nul_in_a_lookup_is_not_found,
    regression_wildcards_and_case_never_widen_a_lookup,
    regression_huge_headline_filter_is_an_answer_not_an_error,
);
