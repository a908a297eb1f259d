//! A signed-in reader's article page, composed from the same held shell as the
//! anonymous page with only their own parts rendered (decision 0043), on both engines:
//! each reader gets their own name, form token, staff links and comments (their held
//! comment, their delete buttons) and nobody else's; the article around them is the
//! anonymous page's bytes; an edit shows at once; the comments everyone sees are
//! shared, with each reader's own likes and comments on them (decision 0044); a theme
//! without the markers still gets a whole page.

use crate::common::{TestApp, store_comment};
use crate::reader_support::{demo, theme_text, themed};

use axum::http::StatusCode;
use broadsheet_domain::Role;
use broadsheet_store::CommentStatus;
use broadsheet_testkit::{TestDb, on_both_engines};
use serde_json::json;

on_both_engines!(
    each_reader_gets_the_shared_article_with_their_own_parts,
    readers_share_the_comments_with_their_own_likes,
    a_theme_without_the_markers_gets_the_whole_page,
);

/// The article itself: from the main landmark to the comment section.
fn article_part(body: &str) -> &str {
    let start = body.find("<main id=\"main\">").expect("a main landmark");
    let end = body
        .find("<section id=\"comments\"")
        .expect("a comment section");
    &body[start..end]
}

/// The form token of the page's sign-out form.
fn sign_out_token(page: &crate::common::Page) -> Vec<String> {
    page.attrs("form[action=\"/logout\"] input[name=csrf]", "value")
}

async fn each_reader_gets_the_shared_article_with_their_own_parts(db: &TestDb) {
    let (mut anonymous, _) = demo(db).await;
    let (article_id, path) = anonymous.first_article().await;
    let shared = anonymous.get(&path).await;
    assert_eq!(shared.texts(".account-nav a[href=\"/login\"]").len(), 1);

    let mut alice = TestApp::on_same(&anonymous);
    let alice_user = alice.sign_in_as(Role::Reader, "alice@example.org").await;
    let mut bob = TestApp::on_same(&anonymous);
    bob.sign_in_as(Role::Reader, "bob@example.org").await;
    let mut editor = TestApp::on_same(&anonymous);
    editor.sign_in_as(Role::Editor, "editor@example.org").await;
    // Alice has a comment held for review: only she sees it, with its notice.
    let held = "A held remark about the night buses.";
    let held_id = store_comment(
        &anonymous.store,
        (article_id, alice_user.id),
        CommentStatus::Pending,
        (held, &format!("<p>{held}</p>")),
        "[]",
    )
    .await;

    let alice_page = alice.get(&path).await;
    let bob_page = bob.get(&path).await;
    let editor_page = editor.get(&path).await;
    for (who, page, app) in [
        ("alice", &alice_page, &alice),
        ("bob", &bob_page, &bob),
        ("editor", &editor_page, &editor),
    ] {
        assert_eq!(page.status, StatusCode::OK, "{who}");
        assert_eq!(page.header("cache-control"), "private, no-store", "{who}");
        assert_eq!(
            page.header("x-cache"),
            "",
            "{who}: never from the page cache"
        );
        // Their own sign-out form, with their own form token, and no sign-in link.
        let token = app.cookie("bs_csrf").expect("a form token cookie");
        assert_eq!(sign_out_token(page), [token], "{who}");
        assert!(
            page.texts(".account-nav a[href=\"/login\"]").is_empty(),
            "{who}"
        );
        // The article around their parts is the anonymous page's, byte for byte.
        assert_eq!(
            article_part(&page.body),
            article_part(&shared.body),
            "{who}"
        );
        // The comment form is theirs: it carries their token.
        let forms = page.attrs(".comment-form input[name=csrf]", "value");
        assert_eq!(forms, [token], "{who}");
    }
    assert_ne!(sign_out_token(&alice_page), sign_out_token(&bob_page));

    // The held comment is Alice's alone, with her delete button.
    let held_anchor = format!("#c-{held_id}");
    assert_eq!(alice_page.attrs(&held_anchor, "id").len(), 1);
    assert!(alice_page.body.contains(held));
    let delete = format!("form[action=\"/comments/{held_id}/delete\"]");
    assert_eq!(alice_page.attrs(&delete, "method").len(), 1);
    for page in [&bob_page, &editor_page, &anonymous.get(&path).await] {
        assert!(!page.body.contains(held));
    }

    // Staff links: the editor's page has them for this article, readers' pages none.
    let edit_this = format!("/newsroom/articles/{article_id}");
    assert_eq!(editor_page.attrs("#edit-this", "href"), [edit_this]);
    for page in [&alice_page, &bob_page, &shared] {
        assert!(page.attrs(".staff-bar", "class").is_empty());
    }

    // The newsroom edits the headline: every reader sees it on their next request.
    let (_, token) = anonymous
        .token_for(Role::Editor, "api-editor@example.org")
        .await;
    let url = format!("/api/v1/articles/{article_id}");
    let found = anonymous.api("GET", &url, &token, None).await;
    let version = TestApp::json(&found)["version"].as_i64().unwrap();
    let body = json!({"version": version, "headline": "Night buses return to the hill"});
    let patched = anonymous.api("PATCH", &url, &token, Some(body)).await;
    assert_eq!(patched.status, StatusCode::OK, "{}", patched.body);
    for app in [&mut alice, &mut bob, &mut anonymous] {
        let page = app.get(&path).await;
        assert_eq!(
            page.texts("h1#headline"),
            ["Night buses return to the hill"]
        );
    }
    assert!(alice.get(&path).await.body.contains(held));
}

/// Whether `page` shows comment `id` as liked by its reader.
fn liked(page: &crate::common::Page, id: &str) -> Vec<String> {
    let button = format!("form[action=\"/comments/{id}/like\"] button");
    page.attrs(&button, "aria-pressed")
}

async fn readers_share_the_comments_with_their_own_likes(db: &TestDb) {
    let (mut anonymous, _) = demo(db).await;
    let (article_id, path) = anonymous.first_article().await;
    let mut alice = TestApp::on_same(&anonymous);
    alice.sign_in_as(Role::Reader, "alice@example.org").await;
    let mut bob = TestApp::on_same(&anonymous);
    bob.sign_in_as(Role::Reader, "bob@example.org").await;
    // Everyone has read the page, so its comments are held.
    for app in [&mut anonymous, &mut alice, &mut bob] {
        assert_eq!(app.get(&path).await.status, StatusCode::OK);
    }

    // Bob comments: he and Alice see it on their next request, only Bob as his own.
    let remark = "The new crossing by the school works well at pick-up time.";
    let nonce = broadsheet_store::secret::new_token("");
    let comments = format!("/articles/{article_id}/comments");
    let posted = bob
        .submit(&comments, &[("body", remark), ("nonce", &nonce)])
        .await;
    assert_eq!(posted.status, StatusCode::SEE_OTHER, "{}", posted.body);
    let id = posted
        .header("location")
        .rsplit("#c-")
        .next()
        .unwrap()
        .to_string();
    let anchor = format!("#c-{id}");
    let bob_page = bob.get(&path).await;
    let alice_page = alice.get(&path).await;
    assert!(bob_page.body.contains(remark) && alice_page.body.contains(remark));
    let delete = format!("form[action=\"/comments/{id}/delete\"]");
    assert_eq!(bob_page.attrs(&delete, "method").len(), 1, "Bob's own");
    assert!(
        alice_page.attrs(&delete, "method").is_empty(),
        "not Alice's"
    );
    assert_eq!(alice_page.attrs(&anchor, "class").len(), 1);
    assert_eq!(liked(&alice_page, &id), ["false"]);

    // Alice likes it: her page says so, Bob's does not; then she takes it back.
    let like = format!("/comments/{id}/like");
    let done = alice.submit(&like, &[("on", "1")]).await;
    assert!(done.status.is_redirection(), "{}", done.status);
    let likes = format!("#c-{id} > footer .comment-likes");
    let alice_page = alice.get(&path).await;
    assert_eq!(liked(&alice_page, &id), ["true"]);
    assert_eq!(alice_page.texts(&likes), ["1 like"], "her like is counted");
    let bob_page = bob.get(&path).await;
    assert_eq!(liked(&bob_page, &id), ["false"]);
    assert_eq!(bob_page.texts(&likes), ["1 like"]);
    let done = alice.submit(&like, &[("on", "0")]).await;
    assert!(done.status.is_redirection(), "{}", done.status);
    let alice_page = alice.get(&path).await;
    assert_eq!(liked(&alice_page, &id), ["false"]);
    assert_eq!(alice_page.texts(&likes), ["0 likes"]);

    // The anonymous page shows the comment with no like buttons at all.
    let shared = anonymous.get(&path).await;
    assert!(shared.body.contains(remark));
    assert!(liked(&shared, &id).is_empty());
}

async fn a_theme_without_the_markers_gets_the_whole_page(db: &TestDb) {
    let (app, _) = demo(db).await;
    let (_, path) = app.first_article().await;
    // A theme whose base template prints the account links itself (no reader parts).
    let base = theme_text("templates/base.html");
    let start = base
        .find("{% if reader_parts %}{{ reader_parts.account_nav")
        .unwrap();
    let end = start + base[start..].find("{% endif %}").unwrap() + "{% endif %}".len();
    let own = base.replace(&base[start..end], "{% include \"accounts/_nav.html\" %}");
    let (mut themed, dir) = themed(&app, &[("templates/base.html", own.as_bytes())]);
    let anonymous = themed.get(&path).await;
    assert_eq!(anonymous.status, StatusCode::OK);
    assert_eq!(anonymous.texts(".account-nav a[href=\"/login\"]").len(), 1);
    themed.sign_in_as(Role::Reader, "carol@example.org").await;
    let page = themed.get(&path).await;
    assert_eq!(page.status, StatusCode::OK);
    let token = themed.cookie("bs_csrf").unwrap().to_string();
    assert_eq!(sign_out_token(&page), [token]);
    assert!(page.texts(".account-nav a[href=\"/login\"]").is_empty());
    assert!(!page.body.contains("<!--broadsheet:"));
    let _ = std::fs::remove_dir_all(dir);
}
