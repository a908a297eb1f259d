//! The comment section every plain signed-in reader sees alike, rendered once and filled
//! per request (decision 0048), on both engines: each reader's forms carry their own
//! form token and nonces fresh on every request, nothing of the shared rendering's
//! stand-ins shows, a reader who likes a comment gets their own section, and a theme
//! that prints the reader inside the section gets each reader's rendered for them. The
//! reader's own account links and staff bar, held by what they show (decision 0049),
//! follow a new name or role on the next request.

use crate::common::{Page, TestApp, store_comment};
use crate::reader_support::{demo, theme_text, themed};
use axum::http::StatusCode;
use broadsheet::cache::stencil::StandIns;
use broadsheet_domain::Role;
use broadsheet_store::CommentStatus;
use broadsheet_testkit::{TestDb, on_both_engines};

on_both_engines!(
    plain_readers_share_one_section_with_their_own_tokens,
    a_theme_showing_the_reader_in_the_section_renders_each_readers_own,
    held_account_links_follow_a_new_name_and_a_new_role_at_once,
);

/// The comment section of a page.
fn section(page: &Page) -> &str {
    let body = page.body.as_str();
    let start = body
        .find("<section id=\"comments\"")
        .expect("a comment section");
    let end = start + body[start..].find("</section>\n").expect("its end");
    &body[start..end]
}

/// The form tokens and the nonces of the section's forms.
fn tokens(page: &Page) -> (Vec<String>, Vec<String>) {
    (
        page.attrs("#comments input[name=csrf]", "value"),
        page.attrs("#comments input[name=nonce]", "value"),
    )
}

/// The section with the reader's token and nonces blanked: what every reader shares.
fn shared_part(page: &Page) -> String {
    let (csrf, nonces) = tokens(page);
    let mut html = section(page).replace(&csrf[0], "TOKEN");
    for nonce in nonces {
        html = html.replace(&nonce, "NONCE");
    }
    html
}

async fn plain_readers_share_one_section_with_their_own_tokens(db: &TestDb) {
    let (anonymous, _) = demo(db).await;
    let (article_id, path) = anonymous.first_article().await;
    let mut carol = TestApp::on_same(&anonymous);
    let carol_user = carol.sign_in_as(Role::Reader, "carol@example.org").await;
    let remark = "The ferry timetable finally matches the train.";
    let id = store_comment(
        &anonymous.store,
        (article_id, carol_user.id),
        CommentStatus::Visible,
        (remark, &format!("<p>{remark}</p>")),
        "[]",
    )
    .await;
    let mut alice = TestApp::on_same(&anonymous);
    alice.sign_in_as(Role::Reader, "alice@example.org").await;
    let mut bob = TestApp::on_same(&anonymous);
    bob.sign_in_as(Role::Reader, "bob@example.org").await;

    let first = alice.get(&path).await;
    let again = alice.get(&path).await;
    let bobs = bob.get(&path).await;
    let stand_ins = StandIns::get().values();
    for (page, app) in [(&first, &alice), (&again, &alice), (&bobs, &bob)] {
        assert_eq!(page.status, StatusCode::OK);
        assert!(section(page).contains(remark));
        let (csrf, nonces) = tokens(page);
        // The new-comment form, and the comment's like, reply and report forms.
        let own = app.cookie("bs_csrf").expect("a form token");
        assert_eq!(csrf.len(), 4, "{csrf:?}");
        assert!(csrf.iter().all(|t| t == own), "{csrf:?}");
        assert_eq!(nonces.len(), 2, "{nonces:?}");
        assert_ne!(nonces[0], nonces[1]);
        for stand_in in [stand_ins.csrf, stand_ins.nonce, stand_ins.forms] {
            assert!(!page.body.contains(stand_in), "a stand-in left in the page");
        }
        let like = format!("form[action=\"/comments/{id}/like\"] button");
        assert_eq!(page.attrs(&like, "aria-pressed"), ["false"]);
    }
    // Fresh nonces on every request, so a double submit is told from a new comment.
    let (_, first_nonces) = tokens(&first);
    let (_, again_nonces) = tokens(&again);
    assert!(first_nonces.iter().all(|n| !again_nonces.contains(n)));
    // Otherwise the same section for both readers.
    assert_eq!(shared_part(&first), shared_part(&bobs));

    // Alice likes the comment: her section says so; Bob's still shares and does not.
    let liked = alice
        .submit(&format!("/comments/{id}/like"), &[("on", "1")])
        .await;
    assert!(liked.status.is_redirection(), "{}", liked.status);
    let like = format!("form[action=\"/comments/{id}/like\"] button");
    assert_eq!(
        alice.get(&path).await.attrs(&like, "aria-pressed"),
        ["true"]
    );
    let bobs = bob.get(&path).await;
    assert_eq!(bobs.attrs(&like, "aria-pressed"), ["false"]);
    let likes = format!("#c-{id} > footer .comment-likes");
    assert_eq!(bobs.texts(&likes), ["1 like"], "the new count, at once");
    // Carol sees her own comment as hers: a delete button, no report form.
    let carols = carol.get(&path).await;
    let delete = format!("form[action=\"/comments/{id}/delete\"]");
    assert_eq!(carols.attrs(&delete, "method").len(), 1);
    assert!(bobs.attrs(&delete, "method").is_empty());
    let report = format!("form[action=\"/comments/{id}/report\"]");
    assert!(carols.attrs(&report, "method").is_empty());
    assert_eq!(bobs.attrs(&report, "method").len(), 1);
}

async fn a_theme_showing_the_reader_in_the_section_renders_each_readers_own(db: &TestDb) {
    let (app, _) = demo(db).await;
    let (_, path) = app.first_article().await;
    let section = theme_text("templates/comments/_section.html");
    let personal = format!("<p class=\"hello\">{{{{ user.email }}}}</p>{section}");
    let file = [("templates/comments/_section.html", personal.as_bytes())];
    let (themed, dir) = themed(&app, &file);
    let mut dora = TestApp::on_same(&themed);
    dora.sign_in_as(Role::Reader, "dora@example.org").await;
    let mut emil = TestApp::on_same(&themed);
    emil.sign_in_as(Role::Reader, "emil@example.org").await;
    // Each reader, then the first again: nobody is shown the reader before them.
    for (app, email) in [
        (&mut dora, "dora@example.org"),
        (&mut emil, "emil@example.org"),
    ] {
        let page = app.get(&path).await;
        assert_eq!(page.status, StatusCode::OK);
        assert_eq!(page.texts("#comments .hello"), [email]);
    }
    assert_eq!(
        dora.get(&path).await.texts("#comments .hello"),
        ["dora@example.org"]
    );
    let _ = std::fs::remove_dir_all(dir);
}

async fn held_account_links_follow_a_new_name_and_a_new_role_at_once(db: &TestDb) {
    let (anonymous, _) = demo(db).await;
    let (article_id, path) = anonymous.first_article().await;
    let mut fay = TestApp::on_same(&anonymous);
    let fay_user = fay.sign_in_as(Role::Reader, "fay@example.org").await;
    let mut gus = TestApp::on_same(&anonymous);
    gus.sign_in_as(Role::Reader, "gus@example.org").await;
    let name = |page: &Page| page.texts(".account-nav a[href=\"/account\"]");
    assert_eq!(name(&fay.get(&path).await), ["Test User"]);

    let renamed = fay
        .submit("/account/profile", &[("name", "Fay Okonkwo"), ("bio", "")])
        .await;
    assert!(renamed.status.is_redirection(), "{}", renamed.body);
    assert_eq!(name(&fay.get(&path).await), ["Fay Okonkwo"]);
    let gus_page = gus.get(&path).await;
    assert_eq!(name(&gus_page), ["Test User"], "Fay's links stay hers");
    let token = gus.cookie("bs_csrf").unwrap();
    let sign_out = gus_page.attrs("form[action=\"/logout\"] input[name=csrf]", "value");
    assert_eq!(sign_out, [token]);

    // Made an editor, she gets the staff bar on her next request.
    assert!(fay.get(&path).await.attrs("#edit-this", "href").is_empty());
    let store = &anonymous.store;
    store.set_role(fay_user.id, Role::Editor).await.unwrap();
    let edit_this = format!("/newsroom/articles/{article_id}");
    assert_eq!(
        fay.get(&path).await.attrs("#edit-this", "href"),
        [edit_this]
    );
}
