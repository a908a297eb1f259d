//! The fixture's secrets of every kind, and the rows found by a key: media, a setting, mail.

use crate::seeds::{GUIDELINES_KEY, LINK_PURPOSES, MEDIA_KEY};
use broadsheet_store::{LinkPurpose, NewMedia, NewMessage, Store};

/// The secrets the fixture handed out.
pub struct Secrets {
    pub api: String,
    pub session: String,
    pub links: Vec<(LinkPurpose, String)>,
    pub setup: String,
}

impl Secrets {
    /// Whether `s` is one of them.
    pub fn holds(&self, s: &str) -> bool {
        s == self.api
            || s == self.session
            || s == self.setup
            || self.links.iter().any(|(_, l)| l == s)
    }
}

/// Seeds the secrets, media, a setting and mail, and makes `suppressed` ad-free.
pub async fn seed_keys(store: &Store, nora: i64, reader: i64, suppressed: i64) -> Secrets {
    let (_, api) = store.create_api_token(nora, "cli").await.unwrap();
    let session = store.create_session(nora, 3600).await.unwrap();
    let mut links = Vec::new();
    for purpose in LINK_PURPOSES {
        let secret = store
            .create_link_token(reader, purpose, 3600)
            .await
            .unwrap();
        links.push((purpose, secret));
    }
    let setup = store.create_setup_token(3600).await.unwrap();
    store
        .record_media(&NewMedia {
            key: MEDIA_KEY.into(),
            uploader_id: nora,
            original_name: "quay.jpg".into(),
            format: "jpeg".into(),
            width: 10,
            height: 10,
            bytes: 100,
            variants: "320".into(),
            alt: "The quay".into(),
        })
        .await
        .unwrap();
    store
        .set_setting(GUIDELINES_KEY, "Be civil.")
        .await
        .unwrap();
    store
        .record_message(&NewMessage {
            to: "reader@example.org",
            subject: "Verify",
            body: "Click",
            kind: "verify",
            transport: "outbox",
            unsubscribe: None,
        })
        .await
        .unwrap();
    store
        .set_article_ads_suppressed(suppressed, true)
        .await
        .unwrap();
    Secrets {
        api,
        session,
        links,
        setup,
    }
}
