//! Readers' profiles: every vector as a display name and in a bio, and as API token labels.

use super::hostile::{Hostile, name_ok, pack};
use super::http::Http;
use crate::common::server::Server;
use broadsheet_domain::{EmailAddress, Role};
use broadsheet_store::Store;

/// A reader with a session (for the account forms) and an API token (for comments).
pub struct Reader {
    pub id: i64,
    pub token: String,
    pub http: Http,
    /// The display name the site shows for them.
    pub name: String,
}

/// One reader a vector, and what their profiles show.
pub struct Readers {
    pub list: Vec<Reader>,
    /// Every reader's shown name, in order.
    pub names: Vec<String>,
    /// The bios of the first readers, every vector among them.
    pub bios: Vec<String>,
    /// The API token labels of reader 3, as shown.
    pub labels: Vec<String>,
}

/// Every vector as a display name through the account form (refused with 400 where it
/// is no valid name), every vector in a bio, token labels for one reader.
pub async fn seed(server: &Server, store: &Store, hostile: &Hostile) -> Readers {
    let vectors = &hostile.vectors;
    let bios = pack(vectors, 1000);
    let mut readers = Vec::new();
    for (k, name) in vectors.iter().enumerate() {
        let email = EmailAddress::parse(&format!("reader{k}@example.org")).unwrap();
        let user = store
            .create_user(&email, &format!("Reader {k}"), Role::Reader, None)
            .await
            .unwrap();
        let secret = store.create_session(user.id, 3600).await.unwrap();
        let (_, token) = store.create_api_token(user.id, "xss").await.unwrap();
        let http = Http::new(server, Some(secret));
        let bio = bios.get(k).cloned().unwrap_or_default();
        let r = http
            .form("/account/profile", &[("name", name), ("bio", &bio)])
            .await;
        let shown = if name_ok(name) {
            assert_eq!(r.status, 303, "name {name:?}: {}", r.body);
            name.trim().to_string()
        } else {
            assert_eq!(r.status, 400, "name {name:?} must be refused: {}", r.body);
            let plain = format!("Reader {k}");
            let r = http
                .form("/account/profile", &[("name", &plain), ("bio", &bio)])
                .await;
            assert_eq!(r.status, 303, "{}", r.body);
            plain
        };
        readers.push(Reader {
            id: user.id,
            token,
            http,
            name: shown,
        });
    }
    let names: Vec<String> = readers.iter().map(|r| r.name.clone()).collect();
    for vector in &hostile.with_nul {
        let r = readers[0]
            .http
            .form("/account/profile", &[("name", vector), ("bio", vector)])
            .await;
        assert_eq!(r.status, 400, "a name with NUL must be refused: {vector:?}");
    }
    let labelled = &readers[3];
    let mut labels = Vec::new();
    for label in vectors.iter().step_by(7).filter(|l| name_ok(l)) {
        let r = labelled
            .http
            .form("/account/tokens", &[("label", label)])
            .await;
        assert!(r.status < 400, "token {label:?}: {}", r.body);
        labels.push(label.trim().to_string());
    }
    Readers {
        list: readers,
        names,
        bios,
        labels,
    }
}
