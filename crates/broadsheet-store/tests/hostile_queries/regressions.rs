//! Regressions found by the properties, kept as plain cases.

use crate::fixture::fixture;
use crate::queries::{headline, search_for};
use crate::seeds::IMPOSSIBLE;
use crate::snapshot::{assert_unchanged, snapshot};
use broadsheet_domain::EmailAddress;
use broadsheet_store::SearchQuery;
use broadsheet_testkit::TestDb;

/// On PostgreSQL the reader's words went through `websearch_to_tsquery`, where `or` is
/// an operator: "zqxjvkwq or harbour" found every harbour article although no article
/// says zqxjvkwq (SQLite, rightly, required both words). Search terms are now ANDed
/// plain words on both engines.
pub async fn regression_search_word_or_is_not_an_operator(db: &TestDb) {
    let f = fixture(db).await;
    for text in [
        format!("{IMPOSSIBLE} or harbour"),
        format!("{IMPOSSIBLE} OR harbour"),
        format!("harbour or {IMPOSSIBLE}"),
        format!("{IMPOSSIBLE} | harbour"),
        format!("\"{IMPOSSIBLE}\" or \"harbour\""),
    ] {
        let hits = f.store.search(&search_for(text.clone())).await.unwrap();
        assert!(hits.is_empty(), "{text:?} found {} articles", hits.len());
    }
    // "or" is still searchable as a word where it is one, and harmless where it is not.
    let hits = f.store.search(&search_for("harbour or")).await.unwrap();
    assert!(
        hits.iter()
            .all(|h| f.published_ids().contains(&h.summary.id))
    );
}

/// PostgreSQL cannot hold NUL in text and failed the whole query ("invalid byte
/// sequence"), so `/tag/%00`, `/city/%00`, `/feed/section/%00/rss` or `?q=%00` in the API
/// answered 500 on PostgreSQL; on SQLite the headline filter's LIKE pattern ended at the
/// NUL, so `q=fish%00` listed every article. A key with NUL in it now matches nothing on
/// both engines.
pub async fn regression_nul_in_a_lookup_is_not_found(db: &TestDb) {
    let f = fixture(db).await;
    let before = snapshot(db).await;
    let st = &f.store;
    for s in ["\0", "city\0", "\0city", "ci\0ty", "%\0%"] {
        assert!(st.section_by_slug(s).await.unwrap().is_none(), "{s:?}");
        assert!(st.tag_by_slug(s).await.unwrap().is_none(), "{s:?}");
        assert!(st.published_article("city", s).await.unwrap().is_none());
        assert!(
            st.published_article(s, "quay-opens")
                .await
                .unwrap()
                .is_none()
        );
        assert!(st.moved_article("city", s).await.unwrap().is_none());
        assert!(
            st.moved_article(s, "old-harbour-slug")
                .await
                .unwrap()
                .is_none()
        );
        let rows = st.staff_articles(&headline(s)).await.unwrap();
        assert!(rows.is_empty(), "{s:?}");
        // Secrets are hashed before they are looked up, and search keeps words only.
        assert!(st.user_for_api_token(s).await.unwrap().is_none());
        assert!(st.user_for_session(s).await.unwrap().is_none());
        st.search(&SearchQuery {
            text: s.into(),
            ..Default::default()
        })
        .await
        .unwrap();
    }
    assert_unchanged(&before, &snapshot(db).await);
}

/// Equality lookups take `%`, `_`, case and spaces literally (a LIKE or a case-folding
/// collation here would hand out a different row).
pub async fn regression_wildcards_and_case_never_widen_a_lookup(db: &TestDb) {
    let f = fixture(db).await;
    let st = &f.store;
    for s in [
        "%", "_", "cit_", "city%", "%city%", "CITY", "City", " city", "city ",
    ] {
        assert!(st.section_by_slug(s).await.unwrap().is_none(), "{s:?}");
        assert!(
            st.published_article(s, "quay-opens")
                .await
                .unwrap()
                .is_none()
        );
        assert!(st.published_article("city", s).await.unwrap().is_none());
    }
    for s in ["%", "harbour%", "harbour_master", "HARBOUR"] {
        assert!(st.tag_by_slug(s).await.unwrap().is_none(), "{s:?}");
    }
    for s in [
        "%@example.org",
        "_ora@example.org",
        "o'brien+50%_off@example.or_",
    ] {
        let email = EmailAddress::parse(s).unwrap();
        assert!(st.user_by_email(&email).await.unwrap().is_none(), "{s:?}");
    }
    let (derby, draft) = (f.id_of("derby-day"), f.id_of("secret-draft"));
    for (needle, expected) in [
        ("%", vec![draft, derby]),
        ("_", vec![draft, derby]),
        ("off_t", vec![derby]),
        ("\\", vec![derby]),
        ("50\\%", vec![]),
        ("5_%", vec![]),
        ("%%", vec![]),
    ] {
        let mut got: Vec<i64> = st
            .staff_articles(&headline(needle))
            .await
            .unwrap()
            .iter()
            .map(|r| r.summary.id)
            .collect();
        got.sort();
        let mut expected = expected;
        expected.sort();
        assert_eq!(got, expected, "{needle:?}");
    }
}

/// The headline filter was a LIKE pattern, which SQLite refuses past 50,000 bytes ("LIKE
/// or GLOB pattern too complex"): a long `q` to the API or the newsroom list answered 500
/// on SQLite. It is now a substring test with no length limit and nothing to escape.
pub async fn regression_huge_headline_filter_is_an_answer_not_an_error(db: &TestDb) {
    let f = fixture(db).await;
    let derby = f.id_of("derby-day");
    for (needle, expected) in [
        ("%_".repeat(30_000), vec![]),
        ("' OR '1'='1".repeat(10_000), vec![]),
        ("x".repeat(200_000), vec![]),
        ("DERBY DAY: 50% OFF_TICKETS \\ FOR FANS".into(), vec![derby]),
    ] {
        let rows = f
            .store
            .staff_articles(&headline(needle.clone()))
            .await
            .unwrap();
        let got: Vec<i64> = rows.iter().map(|r| r.summary.id).collect();
        assert_eq!(got, expected, "{} chars", needle.len());
    }
}
