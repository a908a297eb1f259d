//! Keyset paging cursors: articles (`web::reader::{cursor_text, decode_cursor}`, the text
//! `encode_cursor` writes) and comments (`broadsheet_store::CommentCursor`), plus the
//! comment sort parameter.
//!
//! Checks: decode(encode(x)) == x for every value, negative ones included; decoding
//! arbitrary text never panics and is a 400, never a 500; whatever decodes re-encodes to
//! a cursor that decodes to the same value.
#![no_main]

use arbitrary::Arbitrary;
use broadsheet::error::AppError;
use broadsheet::web::reader::{cursor_text, decode_cursor};
use broadsheet_store::{ArticleCursor, CommentCursor, CommentSort};
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
struct Input<'a> {
    published_at: i64,
    id: i64,
    likes: i64,
    text: &'a str,
}

fn decode_article(s: &str) -> Option<ArticleCursor> {
    match decode_cursor(Some(s)) {
        Ok(c) => c,
        Err(AppError::BadRequest { .. }) => None,
        Err(e) => panic!("cursor {s:?} is not a bad request but {e:?}"),
    }
}

fuzz_target!(|input: Input| {
    let Input {
        published_at,
        id,
        likes,
        text,
    } = input;

    let c = ArticleCursor { published_at, id };
    let encoded = cursor_text(c);
    assert_eq!(
        decode_article(&encoded),
        Some(c),
        "article cursor {encoded:?} does not round-trip"
    );
    if let Some(c) = decode_article(text) {
        let again = cursor_text(c);
        assert_eq!(decode_article(&again), Some(c), "{text:?} -> {again:?}");
    }

    let c = CommentCursor { likes, id };
    assert_eq!(
        CommentCursor::decode(&c.encode()),
        Some(c),
        "comment cursor {:?} does not round-trip",
        c.encode()
    );
    if let Some(c) = CommentCursor::decode(text) {
        assert_eq!(CommentCursor::decode(&c.encode()), Some(c), "{text:?}");
    }
    if let Some(sort) = CommentSort::parse(text) {
        assert_eq!(sort.as_str(), text);
    }
});
