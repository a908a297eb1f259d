//! The anonymous article page composed from a held shell and a held comment section
//! (decision 0038), on both engines: a new comment shows at once to its author and on
//! the next anonymous request (in every language), the rest of the page is reused byte
//! for byte, the ETag follows the comments, and edits to the comment or the article
//! never leave an outdated part behind.

use crate::common::TestApp;
use crate::reader_support::demo;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use broadsheet_domain::Role;
use broadsheet_testkit::{TestDb, on_both_engines};
use serde_json::json;

on_both_engines!(
    a_new_comment_changes_only_the_comment_section,
    edits_to_the_comment_or_the_article_show_at_once,
);

/// The page up to its comment section: the shell's first part.
fn above_comments(body: &str) -> &str {
    body.split_once("<section id=\"comments\"")
        .expect("a comment section")
        .0
}

async fn post_comment(writer: &mut TestApp, article_id: i64, body: &str) -> String {
    let nonce = broadsheet_store::secret::new_token("");
    let posted = writer
        .submit(
            &format!("/articles/{article_id}/comments"),
            &[("body", body), ("nonce", &nonce)],
        )
        .await;
    assert_eq!(posted.status, StatusCode::SEE_OTHER, "{}", posted.body);
    posted
        .header("location")
        .rsplit("#c-")
        .next()
        .unwrap()
        .to_string()
}

async fn a_new_comment_changes_only_the_comment_section(db: &TestDb) {
    let (mut reader, _) = demo(db).await;
    let (article_id, path) = reader.first_article().await;
    let mut turkish = TestApp::on_same(&reader);
    turkish.cookies.insert("bs_lang".into(), "tr".into());
    let before = reader.get(&path).await;
    let before_tr = turkish.get(&path).await;
    assert_eq!(reader.get(&path).await.header("x-cache"), "hit");
    let etag = before.header("etag").to_string();

    let mut writer = TestApp::on_same(&reader);
    writer.sign_in_as(Role::Reader, "writer@example.org").await;
    let remark = "The ferry ran forty minutes late again this morning.";
    let id = post_comment(&mut writer, article_id, remark).await;

    // Its author sees it at once, on their own (uncached) page.
    let own = writer.get(&path).await;
    assert!(own.body.contains(remark));
    assert_eq!(own.header("x-cache"), "");
    // The next anonymous reader too, in either language; the page around the comment
    // section is the same bytes as before.
    let after = reader.get(&path).await;
    assert_eq!(after.header("x-cache"), "miss");
    assert!(after.body.contains(remark));
    assert!(!after.attrs(&format!("#c-{id}"), "id").is_empty());
    assert_eq!(above_comments(&after.body), above_comments(&before.body));
    let after_tr = turkish.get(&path).await;
    assert!(after_tr.body.contains(remark));
    assert!(after_tr.body.contains("<html lang=\"tr\""));
    assert_eq!(
        above_comments(&after_tr.body),
        above_comments(&before_tr.body)
    );
    assert_ne!(above_comments(&after_tr.body), above_comments(&after.body));

    // The validator follows the comments: the old copy is no longer current.
    let new_etag = after.header("etag").to_string();
    assert_ne!(etag, new_etag);
    for (sent, status) in [
        (&etag, StatusCode::OK),
        (&new_etag, StatusCode::NOT_MODIFIED),
    ] {
        let req = Request::get(&path)
            .header(header::IF_NONE_MATCH, sent.as_str())
            .body(Body::empty())
            .unwrap();
        assert_eq!(reader.send(req).await.status, status, "{sent}");
    }
    // Held again: the next reader is served from memory with the comment.
    let again = reader.get(&path).await;
    assert_eq!(again.header("x-cache"), "hit");
    assert_eq!(again.body, after.body);
}

async fn edits_to_the_comment_or_the_article_show_at_once(db: &TestDb) {
    let (mut reader, _) = demo(db).await;
    let (article_id, path) = reader.first_article().await;
    let mut writer = TestApp::on_same(&reader);
    writer.sign_in_as(Role::Reader, "writer@example.org").await;
    let id = post_comment(&mut writer, article_id, "The quay lights are out again.").await;
    assert!(reader.get(&path).await.body.contains("quay lights are out"));

    // The author edits it: the held section is not served again.
    let edited = writer
        .submit(
            &format!("/comments/{id}/edit"),
            &[("body", "The quay lights were fixed by noon.")],
        )
        .await;
    assert!(edited.status.is_redirection(), "{}", edited.body);
    let page = reader.get(&path).await;
    assert!(page.body.contains("quay lights were fixed by noon"));
    assert!(!page.body.contains("quay lights are out"));

    // The newsroom edits the article: the held shell is not served again, and the
    // held comment section still goes into the new one.
    let (_, editor) = reader.token_for(Role::Editor, "editor@example.org").await;
    let found = reader
        .api(
            "GET",
            &format!("/api/v1/articles/{article_id}"),
            &editor,
            None,
        )
        .await;
    let version = TestApp::json(&found)["version"].as_i64().unwrap();
    let patched = reader
        .api(
            "PATCH",
            &format!("/api/v1/articles/{article_id}"),
            &editor,
            Some(json!({"version": version, "headline": "Lights back on the quay"})),
        )
        .await;
    assert_eq!(patched.status, StatusCode::OK, "{}", patched.body);
    let page = reader.get(&path).await;
    assert_eq!(page.texts("h1#headline"), ["Lights back on the quay"]);
    assert!(page.body.contains("quay lights were fixed by noon"));

    // Deleted by its author: gone from the next anonymous page.
    let deleted = writer.submit(&format!("/comments/{id}/delete"), &[]).await;
    assert!(deleted.status.is_redirection(), "{}", deleted.body);
    let page = reader.get(&path).await;
    assert!(!page.body.contains("quay lights were fixed by noon"));
    assert_eq!(page.texts("h1#headline"), ["Lights back on the quay"]);
}
