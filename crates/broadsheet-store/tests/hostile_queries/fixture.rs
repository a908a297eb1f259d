//! The fixture: sections, people and articles (two re-addressed, one of those unpublished).

use crate::keys::{Secrets, seed_keys};
use crate::seeds::SEEDS;
use crate::strings::CORPUS;
use crate::thread::seed_thread;
use broadsheet_domain::{ArticleStatus, EmailAddress, Role};
use broadsheet_store::{ArticleInput, NewArticle, SaveOutcome, Store};
use broadsheet_testkit::TestDb;
use std::collections::{BTreeMap, BTreeSet};

/// An article as the fixture knows it after setup (renames and unpublishing applied).
#[derive(Clone, Debug)]
pub struct Known {
    pub id: i64,
    pub section_id: i64,
    pub section: String,
    pub slug: String,
    pub headline: String,
    pub published: bool,
    pub published_at: Option<i64>,
    pub tags: Vec<String>,
    pub authors: Vec<i64>,
}

pub struct Fixture {
    pub store: Store,
    pub sections: BTreeMap<String, i64>,
    pub tags: BTreeMap<String, i64>,
    pub users: BTreeMap<String, i64>,
    pub nora: i64,
    pub obrien: i64,
    pub reader: i64,
    pub articles: Vec<Known>,
    /// The article with the comment thread.
    pub quay: i64,
    /// Renamed, then unpublished: its old address must not redirect.
    pub gone: i64,
    /// Its address before the rename redirects here.
    pub moved: i64,
    /// A top-level comment with replies.
    pub thread_root: i64,
    pub suppressed: i64,
    pub secrets: Secrets,
}

pub async fn fixture(db: &TestDb) -> Fixture {
    let store = Store::open(&db.url).await.unwrap();
    let sections = seed_sections(&store).await;
    let users = seed_people(&store).await;
    let (nora, obrien, reader) = (
        users["nora@example.org"],
        users["o'brien+50%_off@example.org"],
        users["reader@example.org"],
    );
    let mut articles = seed_articles(&store, &sections, nora, obrien).await;
    let (quay, moved, gone, suppressed) = (
        id_of(&articles, "quay-opens"),
        id_of(&articles, "old-harbour-slug"),
        id_of(&articles, "gone-old"),
        id_of(&articles, "harbour-fish"),
    );
    readdress(&store, &mut articles, moved, gone, obrien).await;
    let tags = store
        .list_tags()
        .await
        .unwrap()
        .into_iter()
        .map(|t| (t.slug, t.id))
        .collect();
    let thread_root = seed_thread(&store, quay, nora, obrien, reader).await;
    let secrets = seed_keys(&store, nora, reader, suppressed).await;

    let f = Fixture {
        store,
        sections,
        tags,
        users,
        nora,
        obrien,
        reader,
        articles,
        quay,
        gone,
        moved,
        thread_root,
        suppressed,
        secrets,
    };
    f.assert_not_vacuous().await;
    f
}

async fn seed_sections(store: &Store) -> BTreeMap<String, i64> {
    let mut sections = BTreeMap::new();
    for (slug, name) in [
        ("city", "City"),
        ("city-hall", "City Hall"),
        ("sport", "Sport"),
    ] {
        let s = store.create_section(slug, name, "", "").await.unwrap();
        sections.insert(slug.to_string(), s.id);
    }
    sections
}

/// Two staff, one with an address full of quote and LIKE characters, and a reader.
async fn seed_people(store: &Store) -> BTreeMap<String, i64> {
    let mut users = BTreeMap::new();
    for (email, name, role) in [
        ("nora@example.org", "Nora", Role::Author),
        ("o'brien+50%_off@example.org", "Seán O'Brien", Role::Editor),
    ] {
        let u = store
            .create_user(&EmailAddress::parse(email).unwrap(), name, role, None)
            .await
            .unwrap();
        users.insert(email.to_string(), u.id);
    }
    let reader = store
        .create_reader(
            &EmailAddress::parse("reader@example.org").unwrap(),
            "Reader",
            "$argon2id$not-a-real-hash",
        )
        .await
        .unwrap();
    users.insert("reader@example.org".into(), reader.id);
    users
}

fn corpus_body() -> String {
    CORPUS
        .iter()
        .filter(|c| !c.contains('\0'))
        .copied()
        .collect::<Vec<_>>()
        .join(" ")
}

async fn seed_articles(
    store: &Store,
    sections: &BTreeMap<String, i64>,
    nora: i64,
    obrien: i64,
) -> Vec<Known> {
    let mut articles = Vec::new();
    for (n, seed) in SEEDS.iter().enumerate() {
        let body = if seed.corpus_body {
            corpus_body()
        } else {
            format!(
                "{} The harbour wall, the quay and the fish market.",
                seed.headline
            )
        };
        let authors = if n % 2 == 0 {
            vec![nora]
        } else {
            vec![obrien, nora]
        };
        let id = store
            .create_article(&NewArticle {
                section_id: sections[seed.section],
                slug: seed.slug.into(),
                headline: seed.headline.into(),
                standfirst: format!("About {}.", seed.slug),
                body_html: format!("<p>{body}</p>"),
                body_md: body,
                language: seed.language.into(),
                status: Some(seed.status),
                published_at: seed.at,
                author_ids: authors.clone(),
                tags: seed
                    .tags
                    .iter()
                    .map(|t| (t.to_string(), t.to_string()))
                    .collect(),
                ..Default::default()
            })
            .await
            .unwrap();
        articles.push(Known {
            id,
            section_id: sections[seed.section],
            section: seed.section.into(),
            slug: seed.slug.into(),
            headline: seed.headline.into(),
            published: seed.status == ArticleStatus::Published,
            published_at: seed.at,
            tags: seed.tags.iter().map(|t| t.to_string()).collect(),
            authors,
        });
    }
    articles
}

/// Two published articles change address; one of them is then unpublished.
async fn readdress(store: &Store, articles: &mut [Known], moved: i64, gone: i64, obrien: i64) {
    for (id, new_slug) in [(moved, "new-harbour-slug"), (gone, "gone-new")] {
        let k = articles.iter_mut().find(|a| a.id == id).unwrap();
        let input = ArticleInput {
            section_id: k.section_id,
            slug: new_slug.into(),
            headline: k.headline.clone(),
            standfirst: "Moved.".into(),
            body_md: "Moved along the harbour.".into(),
            body_html: "<p>Moved along the harbour.</p>".into(),
            language: "en".into(),
            comments_open: true,
            author_ids: k.authors.clone(),
            tags: k.tags.iter().map(|t| (t.clone(), t.clone())).collect(),
            ..Default::default()
        };
        let saved = store
            .save_article(Some(id), 1, &input, obrien, "rename")
            .await
            .unwrap();
        assert!(matches!(saved, SaveOutcome::Saved { .. }), "{saved:?}");
        k.slug = new_slug.into();
    }
    assert!(
        store
            .move_article(
                gone,
                ArticleStatus::Published,
                ArticleStatus::Unpublished,
                "unpublish",
                None,
                obrien,
            )
            .await
            .unwrap()
    );
    articles
        .iter_mut()
        .find(|a| a.id == gone)
        .unwrap()
        .published = false;
}

fn id_of(articles: &[Known], slug: &str) -> i64 {
    articles.iter().find(|a| a.slug == slug).unwrap().id
}

impl Fixture {
    /// The id of the article the fixture seeded with this (current) slug.
    pub fn id_of(&self, slug: &str) -> i64 {
        id_of(&self.articles, slug)
    }

    pub fn published_ids(&self) -> BTreeSet<i64> {
        self.articles
            .iter()
            .filter(|a| a.published)
            .map(|a| a.id)
            .collect()
    }

    /// The published article at exactly this address.
    pub fn at_address(&self, section: &str, slug: &str) -> Option<i64> {
        self.articles
            .iter()
            .find(|a| a.published && a.section == section && a.slug == slug)
            .map(|a| a.id)
    }

    pub fn section_slug(&self, id: i64) -> Option<&str> {
        self.sections
            .iter()
            .find(|(_, v)| **v == id)
            .map(|(k, _)| k.as_str())
    }
}
