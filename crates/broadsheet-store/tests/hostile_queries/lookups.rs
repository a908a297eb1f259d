//! The lookup property: hostile strings through every lookup find only exact matches.

use crate::fixture::{Fixture, fixture};
use crate::queries::search_for;
use crate::runner::{ok, property};
use crate::search::headline_filter;
use crate::seeds::{GUIDELINES_KEY, LINK_PURPOSES, MEDIA_KEY, SECTIONS, TAGS};
use crate::snapshot::{assert_unchanged, snapshot};
use crate::strings::{hostile, near_miss};
use broadsheet_domain::EmailAddress;
use broadsheet_store::{CommentSort, CommentStatus, SetupOutcome};
use broadsheet_testkit::TestDb;
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use std::collections::BTreeSet;

pub async fn hostile_strings_through_every_lookup_find_only_exact_matches(db: &TestDb) {
    let f = fixture(db).await;
    let before = snapshot(db).await;
    property("lookups", hostile(), |s| lookups(&f, s));
    // Near-misses of every seeded key, each one exhaustively.
    property("near-miss lookups", near_miss(), |s| lookups(&f, s));
    assert_unchanged(&before, &snapshot(db).await);
}

async fn lookups(f: &Fixture, s: String) -> Result<(), TestCaseError> {
    let st = &f.store;
    let is = |set: &[&str]| set.contains(&s.as_str());

    // Sections and tags by slug: exactly the one with this slug, or none.
    let section = ok!(st.section_by_slug(&s));
    prop_assert_eq!(section.map(|x| x.slug), is(SECTIONS).then(|| s.clone()));
    let tag = ok!(st.tag_by_slug(&s));
    prop_assert_eq!(tag.map(|x| x.slug), is(TAGS).then(|| s.clone()));

    // Articles by address, with the string as either half or both.
    for (sec, slug) in [
        ("city", s.as_str()),
        (s.as_str(), "quay-opens"),
        (s.as_str(), s.as_str()),
    ] {
        let got = ok!(st.published_article(sec, slug));
        prop_assert_eq!(got.map(|a| a.summary.id), f.at_address(sec, slug));
    }
    // Old addresses redirect only from exactly the old address of a published article.
    for (sec, slug) in [
        ("city", s.as_str()),
        (s.as_str(), "old-harbour-slug"),
        (s.as_str(), "gone-old"),
    ] {
        let got = ok!(st.moved_article(sec, slug));
        let expected = ((sec, slug) == ("city", "old-harbour-slug"))
            .then(|| ("city".to_string(), "new-harbour-slug".to_string()));
        prop_assert_eq!(got, expected);
    }

    // Search and the newsroom filter take the same string (their own properties go deeper).
    let hits = ok!(st.search(&search_for(s.clone())));
    let published = f.published_ids();
    prop_assert!(hits.iter().all(|h| published.contains(&h.summary.id)));
    headline_filter(f, s.clone()).await?;

    // Users by email: the domain type decides what is an address; the store then
    // matches it exactly.
    for candidate in [s.clone(), format!("{s}@example.org"), format!("nora@{s}")] {
        if let Ok(email) = EmailAddress::parse(&candidate) {
            let got = ok!(st.user_by_email(&email));
            prop_assert_eq!(got.map(|u| u.id), f.users.get(email.as_str()).copied());
        }
    }

    // Secrets: a hostile string is never one of them, and looking never spends one.
    prop_assume!(!f.secrets.holds(&s));
    prop_assert!(ok!(st.user_for_api_token(&s)).is_none());
    prop_assert!(ok!(st.user_for_api_token(s.trim())).is_none());
    prop_assert!(ok!(st.user_for_session(&s)).is_none());
    for purpose in LINK_PURPOSES {
        prop_assert!(ok!(st.peek_link_token(&s, purpose)).is_none());
    }
    prop_assert!(!ok!(st.setup_token_is_valid(&s)));
    prop_assert!(ok!(st.verify_email(&s)).is_none());
    prop_assert!(ok!(st.reset_password(&s, "$argon2id$x")).is_none());
    prop_assert!(!ok!(st.unsubscribe(&s)));
    let admin = EmailAddress::parse("admin@example.org").unwrap();
    prop_assert!(matches!(
        ok!(st.complete_setup(&s, &admin, "Admin", "$argon2id$x")),
        SetupOutcome::InvalidLink
    ));
    ok!(st.delete_session(&s));

    // Keys the app makes or checks itself: form tokens (at most 100 bytes, from a body
    // that refuses NUL), upload keys, setting names, mail addresses, workflow actions and
    // the ad-free tag list (from settings). NUL cannot reach these, and PostgreSQL would
    // answer it with an error, so they get the string without it.
    let s = s.replace('\0', "");
    let by_nonce = ok!(st.comment_by_nonce(f.reader, &s));
    prop_assert_eq!(by_nonce.is_some(), s == "form-nonce-1");
    let media = ok!(st.media_by_key(&s));
    prop_assert_eq!(media.map(|m| m.key), (s == MEDIA_KEY).then(|| s.clone()));
    let setting = ok!(st.setting(&s));
    prop_assert_eq!(
        setting,
        (s == GUIDELINES_KEY).then(|| "Be civil.".to_string())
    );
    let mail = ok!(st.outbox(Some(&s), 50));
    prop_assert!(mail.iter().all(|m| m.to_addr == s));
    prop_assert_eq!(mail.len(), usize::from(s == "reader@example.org"));

    // Ad-free articles by the configured tag slugs.
    let tagged: BTreeSet<i64> = f
        .articles
        .iter()
        .filter(|a| a.tags.contains(&s))
        .map(|a| a.id)
        .chain([f.suppressed])
        .collect();
    let free: BTreeSet<i64> = ok!(st.ad_free_articles(std::slice::from_ref(&s)))
        .into_iter()
        .collect();
    prop_assert_eq!(free, tagged);
    let quay_tagged = f
        .articles
        .iter()
        .any(|a| a.id == f.quay && a.tags.contains(&s));
    prop_assert_eq!(
        ok!(st.article_is_ad_free(f.quay, std::slice::from_ref(&s))),
        quay_tagged
    );
    prop_assert_eq!(
        ok!(st.count_events(f.gone, &s)),
        i64::from(s == "unpublish")
    );

    // Words parsed from query strings match only exactly.
    prop_assert!(CommentStatus::parse(&s).is_none_or(|c| c.as_str() == s));
    prop_assert!(CommentSort::parse(&s).is_none_or(|c| c.as_str() == s));

    Ok(())
}
