//! The write property: hostile text written through the write paths reads back unchanged.

use crate::fixture::{Fixture, fixture};
use crate::queries::search_for;
use crate::runner::{ok, property};
use crate::seeds::{GUIDELINES_KEY, SECTIONS, T0, TAGS};
use crate::strings::hostile;
use broadsheet_domain::ArticleStatus;
use broadsheet_store::{
    CommentStatus, NewArticle, NewComment, NewMessage, PostOutcome, StoreError,
};
use broadsheet_testkit::TestDb;
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Mutex;

pub async fn hostile_text_round_trips_through_the_write_paths(db: &TestDb) {
    let f = fixture(db).await;
    // NUL never reaches a write: the app refuses it in request bodies.
    let text = hostile().prop_map(|s| s.replace('\0', ""));
    let key = hostile()
        .prop_map(|s| s.replace('\0', "").chars().take(60).collect::<String>())
        .prop_filter("a key is not empty", |k| !k.is_empty());
    let mut seen = Seen::default();
    let seeded = f.store.comment_by_nonce(f.reader, "form-nonce-1").await;
    seen.nonces
        .insert("form-nonce-1".into(), seeded.unwrap().unwrap().id);
    let seen = Mutex::new(seen);
    property("writes", (text, key), |(t, k)| round_trip(&f, &seen, t, k));
    // The seeded rows are still what they were.
    assert_eq!(
        f.store.section_by_slug("city").await.unwrap().unwrap().id,
        f.sections["city"]
    );
    assert_eq!(
        f.store.tag_by_slug("harbour").await.unwrap().unwrap().id,
        f.tags["harbour"]
    );
}

/// What earlier cases of the write property created.
#[derive(Default)]
struct Seen {
    n: i64,
    tags: BTreeSet<String>,
    sections: BTreeSet<String>,
    city_slugs: BTreeSet<String>,
    nonces: BTreeMap<String, i64>,
    settings: BTreeMap<String, String>,
}

/// One case: `t` (the text) and `k` (a key) through each write path in turn.
async fn round_trip(
    f: &Fixture,
    seen: &Mutex<Seen>,
    t: String,
    k: String,
) -> Result<(), TestCaseError> {
    let n = {
        let mut s = seen.lock().unwrap();
        s.n += 1;
        s.n
    };
    tag_and_section(f, seen, n, &t, &k).await?;
    setting_and_profile(f, seen, &t, &k).await?;
    comment(f, seen, &t, &k).await?;
    article(f, seen, n, &t, &k).await?;
    mail(f, &t).await
}

/// A create that must succeed for a key not `taken` and conflict for one that is: the
/// created value, or `None` on the expected conflict.
fn unique<T>(
    what: &str,
    key: &str,
    taken: bool,
    outcome: Result<T, StoreError>,
) -> Result<Option<T>, TestCaseError> {
    match outcome {
        Ok(created) => {
            prop_assert!(!taken, "a second {} at {:?}", what, key);
            Ok(Some(created))
        }
        Err(StoreError::Conflict(_)) => {
            prop_assert!(taken, "conflict on new {} slug {:?}", what, key);
            Ok(None)
        }
        Err(e) => Err(TestCaseError::fail(format!("create {what} {key:?}: {e:?}"))),
    }
}

/// A tag named with the text, one whose slug is the key, and a section whose slug is the
/// key and whose names are the text.
async fn tag_and_section(
    f: &Fixture,
    seen: &Mutex<Seen>,
    n: i64,
    t: &str,
    k: &str,
) -> Result<(), TestCaseError> {
    let st = &f.store;
    let slug = format!("rt-{n}");
    let tag = ok!(st.create_tag(&slug, t));
    prop_assert_eq!(&tag.name, t);
    prop_assert_eq!(
        ok!(st.tag_by_slug(&slug)).map(|x| x.name),
        Some(t.to_string())
    );
    let existed = TAGS.contains(&k) || seen.lock().unwrap().tags.contains(k);
    if let Some(tag) = unique("tag", k, existed, st.create_tag(k, "Hostile").await)? {
        prop_assert_eq!(ok!(st.tag_by_slug(k)).map(|x| x.id), Some(tag.id));
        seen.lock().unwrap().tags.insert(k.to_string());
    }
    let existed = SECTIONS.contains(&k) || seen.lock().unwrap().sections.contains(k);
    if let Some(s) = unique("section", k, existed, st.create_section(k, t, t, t).await)? {
        let back = ok!(st.section_by_slug(k));
        prop_assert_eq!(back.map(|x| (x.id, x.name)), Some((s.id, t.to_string())));
        seen.lock().unwrap().sections.insert(k.to_string());
    }
    Ok(())
}

/// A setting under the key, holding the text; a profile made of the text.
async fn setting_and_profile(
    f: &Fixture,
    seen: &Mutex<Seen>,
    t: &str,
    k: &str,
) -> Result<(), TestCaseError> {
    let st = &f.store;
    ok!(st.set_setting(k, t));
    seen.lock()
        .unwrap()
        .settings
        .insert(k.to_string(), t.to_string());
    prop_assert_eq!(ok!(st.setting(k)), Some(t.to_string()));
    let guidelines = seen
        .lock()
        .unwrap()
        .settings
        .get(GUIDELINES_KEY)
        .cloned()
        .unwrap_or_else(|| "Be civil.".into());
    prop_assert_eq!(ok!(st.setting(GUIDELINES_KEY)), Some(guidelines));

    ok!(st.update_profile(f.reader, t, t));
    let me = ok!(st.user_by_id(f.reader)).unwrap();
    prop_assert_eq!((me.display_name.as_str(), me.bio.as_str()), (t, t));
    Ok(())
}

/// A comment with the text as body and the key as its form's one-time token.
async fn comment(f: &Fixture, seen: &Mutex<Seen>, t: &str, k: &str) -> Result<(), TestCaseError> {
    let st = &f.store;
    let nonce = k.to_string();
    let post = NewComment {
        article_id: f.quay,
        parent_id: None,
        author_id: Some(f.reader),
        guest_name: t.to_string(),
        guest_email: String::new(),
        body_md: t.to_string(),
        body_html: t.to_string(),
        status: CommentStatus::Pending,
        reasons: "[]".into(),
        nonce: Some(nonce.clone()),
    };
    let earlier = seen.lock().unwrap().nonces.get(&nonce).copied();
    let id = match (ok!(st.post_comment(&post)), earlier) {
        (PostOutcome::Created(row), None) => {
            prop_assert_eq!(row.body_md.as_str(), t);
            seen.lock().unwrap().nonces.insert(nonce.clone(), row.id);
            row.id
        }
        (PostOutcome::Duplicate(row), Some(first)) => {
            prop_assert_eq!(row.id, first);
            first
        }
        (other, earlier) => {
            return Err(TestCaseError::fail(format!(
                "post with nonce {nonce:?} (earlier {earlier:?}): {other:?}"
            )));
        }
    };
    prop_assert_eq!(
        ok!(st.comment_by_nonce(f.reader, &nonce)).map(|c| c.id),
        Some(id)
    );
    if earlier.is_none() {
        prop_assert_eq!(ok!(st.comment(id)).map(|c| c.body_md), Some(t.to_string()));
    }
    Ok(())
}

/// A published article whose slug is the key and whose words are the text; then the text
/// as a search.
async fn article(
    f: &Fixture,
    seen: &Mutex<Seen>,
    n: i64,
    t: &str,
    k: &str,
) -> Result<(), TestCaseError> {
    let st = &f.store;
    let existed = f
        .articles
        .iter()
        .any(|a| a.section == "city" && a.slug == k)
        || seen.lock().unwrap().city_slugs.contains(k);
    let body: String = t.chars().take(20_000).collect();
    let article = NewArticle {
        section_id: f.sections["city"],
        slug: k.to_string(),
        headline: t.to_string(),
        standfirst: t.to_string(),
        body_html: body.clone(),
        body_md: body,
        language: "en".into(),
        status: Some(ArticleStatus::Published),
        published_at: Some(T0 + 1000 + n),
        author_ids: vec![f.nora],
        ..Default::default()
    };
    let created = st.create_article(&article).await;
    if let Some(id) = unique("article in city", k, existed, created)? {
        seen.lock().unwrap().city_slugs.insert(k.to_string());
        let back = ok!(st.published_article("city", k));
        prop_assert_eq!(
            back.map(|a| (a.summary.id, a.summary.headline)),
            Some((id, t.to_string()))
        );
    }
    let hits = ok!(st.search(&search_for(t)));
    prop_assert!(
        hits.iter()
            .all(|h| h.summary.status.0 == ArticleStatus::Published)
    );
    Ok(())
}

/// Mail to the text as an address.
async fn mail(f: &Fixture, t: &str) -> Result<(), TestCaseError> {
    let st = &f.store;
    let mail = ok!(st.record_message(&NewMessage {
        to: t,
        subject: t,
        body: t,
        kind: "test",
        transport: "outbox",
        unsubscribe: Some(t),
    }));
    let found = ok!(st.outbox(Some(t), 500));
    prop_assert!(found.iter().all(|m| m.to_addr == t));
    prop_assert!(found.iter().any(|m| m.id == mail
        && m.subject == t
        && m.body == t
        && m.unsubscribe_url.as_deref() == Some(t)));
    Ok(())
}
