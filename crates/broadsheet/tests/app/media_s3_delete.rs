//! Deleting an upload in the newsroom's media library removes every one of its files
//! from the media storage (objects in a bucket on moto's S3 server, or files on local
//! disk), and its addresses answer 404. Only editors and administrators may, with the
//! form token; a refused request leaves every file in place.

use crate::common;
use crate::common::images::png;

use axum::http::StatusCode;
use broadsheet::media::{LocalDisk, Media, MediaStorage};
use broadsheet_domain::Role;
use broadsheet_testkit::{TestDb, on_both_engines};
use common::TestApp;
use common::moto::Moto;
use std::sync::Arc;

on_both_engines!(
    deleting_an_upload_removes_its_objects_from_the_bucket,
    deleting_an_upload_removes_its_files_from_disk
);

/// The upload's stored file names, read off the runtime.
async fn files(storage: &Arc<dyn MediaStorage>, key: &str) -> Vec<String> {
    let (s, k) = (storage.clone(), key.to_string());
    tokio::task::spawn_blocking(move || s.files(&k))
        .await
        .unwrap()
        .unwrap()
}

async fn deleting_an_upload_removes_its_objects_from_the_bucket(db: &TestDb) {
    let Some(moto) = Moto::start().await else {
        return;
    };
    let storage: Arc<dyn MediaStorage> = moto.bucket("deletions", "site").await;
    deleting_removes_every_file(db, storage).await;
}

async fn deleting_an_upload_removes_its_files_from_disk(db: &TestDb) {
    let root = broadsheet_testkit::temp_dir("bs-delete-media");
    let storage: Arc<dyn MediaStorage> = Arc::new(LocalDisk::new(root.join("media")));
    deleting_removes_every_file(db, storage).await;
    let _ = std::fs::remove_dir_all(root);
}

async fn deleting_removes_every_file(db: &TestDb, storage: Arc<dyn MediaStorage>) {
    let s = storage.clone();
    let mut app = TestApp::configured(db, move |state| {
        let media = Media {
            storage: s,
            ..Media::local(&std::env::temp_dir())
        };
        state.configure().media = Arc::new(media);
    })
    .await;
    let (_, token) = app.token_for(Role::Author, "author@example.org").await;
    let up = app.upload_image(&token, "pier.png", &png(900, 600)).await;
    assert_eq!(up.status, StatusCode::CREATED, "{}", up.body);
    let key = TestApp::json(&up)["key"].as_str().unwrap().to_string();
    let stored = files(&storage, &key).await;
    assert!(stored.len() >= 3, "original and variants: {stored:?}");
    let addresses: Vec<String> = stored.iter().map(|f| format!("/media/{key}/{f}")).collect();
    let delete = format!("/newsroom/media/{key}/delete");

    // An author may upload but not delete: no button, and the post is refused.
    app.sign_in_as(Role::Author, "writer@example.org").await;
    let library = app.get("/newsroom/media").await;
    assert!(
        library
            .attrs("form[action$='/delete']", "action")
            .is_empty()
    );
    assert_eq!(app.submit(&delete, &[]).await.status, StatusCode::FORBIDDEN);

    let mut editor = TestApp::on_same(&app);
    editor.sign_in_as(Role::Editor, "desk@example.org").await;
    let library = editor.get("/newsroom/media").await;
    assert_eq!(
        library.attrs("form[action$='/delete']", "action"),
        [delete.as_str()]
    );
    // Without the form token nothing happens either.
    let forged = editor.post_form(&delete, &[("csrf", "forged")]).await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert_eq!(
        files(&storage, &key).await,
        stored,
        "refusals keep every file"
    );

    let done = editor.submit(&delete, &[]).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let after = editor.get(done.header("location")).await;
    assert_eq!(after.texts(".nr-done"), ["Image deleted."]);
    assert!(after.attrs(".nr-media-grid img", "src").is_empty());
    assert!(files(&storage, &key).await.is_empty(), "no file is left");
    for address in &addresses {
        assert_eq!(
            editor.get(address).await.status,
            StatusCode::NOT_FOUND,
            "{address}"
        );
    }
    assert_eq!(
        app.store.media_by_key(&key).await.unwrap().map(|m| m.key),
        None
    );
    // Deleting it again finds nothing.
    assert_eq!(
        editor.submit(&delete, &[]).await.status,
        StatusCode::NOT_FOUND
    );
}
