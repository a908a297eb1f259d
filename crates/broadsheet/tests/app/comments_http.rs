//! Comments through the web forms, on both engines: post, reply, like, report, edit,
//! delete, screening with the nudge, paging, closed articles and bad input.

use crate::common;

use axum::http::StatusCode;
use broadsheet_domain::Role;
use broadsheet_store::{CommentStatus, NewComment};
use broadsheet_testkit::{TestDb, on_both_engines};
use common::TestApp;

on_both_engines!(
    post_reply_like_and_report,
    screening_holds_insults_lets_disagreement_through_and_nudges,
    edits_are_rescreened_and_deletes_leave_a_placeholder,
    double_submits_make_one_comment_and_bad_input_saves_nothing,
    closed_articles_refuse_comments,
    thousands_of_comments_page_with_show_more,
);

/// Posts a comment through the article's form; returns the response.
pub(crate) async fn comment(
    app: &mut TestApp,
    article: i64,
    body: &str,
    extra: &[(&str, &str)],
) -> common::Page {
    let nonce = broadsheet_store::secret::new_token("");
    let mut fields = vec![("body", body), ("nonce", nonce.as_str())];
    fields.extend_from_slice(extra);
    app.submit(&format!("/articles/{article}/comments"), &fields)
        .await
}

/// The id in a redirect to `…#c-ID`.
pub(crate) fn anchored(page: &common::Page) -> i64 {
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    page.header("location")
        .rsplit("#c-")
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

async fn post_reply_like_and_report(db: &TestDb) {
    let mut ann = TestApp::with_demo(db).await;
    ann.sign_in_as(Role::Reader, "ann@example.org").await;
    let mut bob = TestApp::on_same(&ann);
    bob.sign_in_as(Role::Reader, "bob@example.org").await;
    let (article, path) = ann.first_article().await;

    let top = anchored(
        &comment(
            &mut ann,
            article,
            "The ferry times **finally** make sense.",
            &[],
        )
        .await,
    );
    let reply = anchored(
        &comment(
            &mut bob,
            article,
            "Agreed, and I hope the Sunday service improves too.",
            &[("parent_id", &top.to_string())],
        )
        .await,
    );
    let deeper = anchored(
        &comment(
            &mut ann,
            article,
            "The Sunday timetable has been the same for years.",
            &[("parent_id", &reply.to_string())],
        )
        .await,
    );
    let deepest = anchored(
        &comment(
            &mut bob,
            article,
            "I remember more sailings in 2019.",
            &[("parent_id", &deeper.to_string())],
        )
        .await,
    );

    let page = bob.get(&path).await;
    assert_eq!(page.texts("#comments-heading"), ["4 comments"]);
    assert_eq!(
        page.texts(&format!("#c-{top} > .comment-body strong")),
        ["finally"]
    );
    // Three levels nest; the fourth sits beside the third, saying whom it answers.
    assert_eq!(
        page.attrs(
            &format!("#c-{top} > .comment-replies > #c-{reply} > .comment-replies > article"),
            "id"
        ),
        [format!("c-{deeper}"), format!("c-{deepest}")]
    );
    let reply_to = page.texts(&format!("#c-{deepest} .comment-reply-to"));
    assert_eq!(reply_to, ["in reply to Test User"]);
    // The permalink shows the thread.
    let thread = bob.get(&format!("/comments/{deepest}")).await;
    assert_eq!(thread.status, StatusCode::OK);
    assert_eq!(thread.attrs(".comment", "id").len(), 4);

    // One like per reader; liking again changes nothing; unliking takes it back.
    for _ in 0..2 {
        let liked = bob
            .submit(&format!("/comments/{top}/like"), &[("on", "1")])
            .await;
        assert_eq!(liked.status, StatusCode::SEE_OTHER);
    }
    assert_eq!(bob.store.comment(top).await.unwrap().unwrap().like_count, 1);
    let page = bob.get(&path).await;
    assert_eq!(
        page.texts(&format!("#c-{top} > footer .comment-likes")),
        ["1 like"]
    );
    assert_eq!(
        page.attrs(&format!("#c-{top} > footer .like-button"), "aria-pressed"),
        ["true"]
    );
    bob.submit(&format!("/comments/{top}/like"), &[("on", "0")])
        .await;
    assert_eq!(bob.store.comment(top).await.unwrap().unwrap().like_count, 0);

    // One report per reader, with a reason.
    let first = bob
        .submit(
            &format!("/comments/{top}/report"),
            &[("reason", "rude"), ("detail", "")],
        )
        .await;
    let again = bob
        .submit(
            &format!("/comments/{top}/report"),
            &[("reason", "spam"), ("detail", "")],
        )
        .await;
    assert_eq!(
        (first.status, again.status),
        (StatusCode::OK, StatusCode::OK)
    );
    assert_eq!(
        bob.store.comment(top).await.unwrap().unwrap().report_count,
        1
    );
    let bad = bob
        .submit(&format!("/comments/{top}/report"), &[("reason", "boring")])
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);

    // The reply notification went to Ann, with an unsubscribe link that works.
    let link = ann
        .mailed_link("ann@example.org", "/account/unsubscribe/")
        .await
        .expect("reply mail");
    // Opening the link only shows the button; pressing it turns the mails off.
    assert_eq!(ann.get(&link).await.status, StatusCode::OK);
    assert_eq!(ann.submit(&link, &[]).await.status, StatusCode::OK);
    let ann_id = ann
        .store
        .user_by_email(&broadsheet_domain::EmailAddress::parse("ann@example.org").unwrap())
        .await
        .unwrap()
        .unwrap()
        .id;
    assert!(
        !ann.store
            .account_flags(ann_id)
            .await
            .unwrap()
            .notify_replies
    );

    // A reply to another article's comment is refused, in the reader's language.
    let (other, _) = {
        let list = ann
            .store
            .listing(broadsheet_store::Listing::All, None, 2)
            .await
            .unwrap();
        (list[1].id, ())
    };
    let cross = comment(
        &mut bob,
        other,
        "Wrong thread",
        &[("parent_id", &top.to_string())],
    )
    .await;
    assert_eq!(cross.status, StatusCode::BAD_REQUEST);
    bob.get("/lang/tr").await;
    let cross = comment(
        &mut bob,
        other,
        "Yanlış yer",
        &[("parent_id", &top.to_string())],
    )
    .await;
    assert!(
        cross.body.contains("Yalnızca aynı haberdeki"),
        "{}",
        cross.body
    );
}

async fn screening_holds_insults_lets_disagreement_through_and_nudges(db: &TestDb) {
    let mut ann = TestApp::with_demo(db).await;
    ann.sign_in_as(Role::Reader, "ann@example.org").await;
    let mut bob = TestApp::on_same(&ann);
    bob.sign_in_as(Role::Reader, "bob@example.org").await;
    let (article, path) = ann.first_article().await;

    let civil = comment(
        &mut ann,
        article,
        "I disagree strongly with the council: this plan is a waste of money.",
        &[],
    )
    .await;
    let civil = anchored(&civil);
    assert_eq!(
        ann.store.comment(civil).await.unwrap().unwrap().status,
        CommentStatus::Visible
    );

    // The insult is not stored; the author is told why and may rephrase.
    let nonce = broadsheet_store::secret::new_token("");
    let fields = [("body", "You are an idiot."), ("nonce", nonce.as_str())];
    let nudge = ann
        .submit(&format!("/articles/{article}/comments"), &fields)
        .await;
    assert_eq!(nudge.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(!nudge.texts(".nudge .comment-reasons li").is_empty());
    assert_eq!(
        nudge.texts("textarea[name=body]"),
        ["You are an idiot."],
        "the text is kept"
    );
    assert_eq!(
        ann.store
            .comments_by_author(1, true, None, 10)
            .await
            .unwrap()
            .len(),
        0
    );

    // "Post anyway" sends it to the queue: only its author sees it, awaiting review.
    let fields = [
        ("body", "You are an idiot."),
        ("nonce", nonce.as_str()),
        ("post_anyway", "1"),
    ];
    let held = anchored(
        &ann.submit(&format!("/articles/{article}/comments"), &fields)
            .await,
    );
    let row = ann.store.comment(held).await.unwrap().unwrap();
    assert_eq!(row.status, CommentStatus::Pending);
    assert!(
        row.reasons.contains("message_tr"),
        "reasons are kept for the desk: {}",
        row.reasons
    );
    let mine = ann.get(&path).await;
    assert_eq!(mine.texts(&format!("#c-{held} .comment-pending")).len(), 1);
    let theirs = bob.get(&path).await;
    assert!(theirs.attrs(&format!("#c-{held}"), "id").is_empty());
    let anonymous = TestApp::on_same(&ann).get(&path).await;
    assert!(anonymous.attrs(&format!("#c-{held}"), "id").is_empty());
    assert_eq!(anonymous.texts("#comments-heading"), ["1 comment"]);

    // In Turkish, the reasons are Turkish.
    ann.get("/lang/tr").await;
    let nonce = broadsheet_store::secret::new_token("");
    let nudge = ann
        .submit(
            &format!("/articles/{article}/comments"),
            &[("body", "Sen bir aptalsın."), ("nonce", nonce.as_str())],
        )
        .await;
    assert_eq!(
        nudge.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        nudge.body
    );
    assert!(
        nudge
            .texts(".nudge p")
            .iter()
            .any(|p| p.contains("otomatik denetimimiz"))
    );
}

async fn edits_are_rescreened_and_deletes_leave_a_placeholder(db: &TestDb) {
    let mut ann = TestApp::with_demo(db).await;
    ann.sign_in_as(Role::Reader, "ann@example.org").await;
    let mut bob = TestApp::on_same(&ann);
    bob.sign_in_as(Role::Reader, "bob@example.org").await;
    let (article, path) = ann.first_article().await;
    let id = anchored(&comment(&mut ann, article, "The bridge costs too much.", &[]).await);

    assert_eq!(
        ann.get(&format!("/comments/{id}/edit")).await.status,
        StatusCode::OK
    );
    let edited = ann
        .submit(
            &format!("/comments/{id}/edit"),
            &[("body", "The bridge costs far too much.")],
        )
        .await;
    assert_eq!(edited.status, StatusCode::SEE_OTHER);
    let page = bob.get(&path).await;
    assert_eq!(page.texts(&format!("#c-{id} .comment-edited")), ["edited"]);
    // An insulting edit is caught like a new comment.
    let nudged = ann
        .submit(
            &format!("/comments/{id}/edit"),
            &[("body", "You are an idiot.")],
        )
        .await;
    assert_eq!(nudged.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        ann.store.comment(id).await.unwrap().unwrap().body_md,
        "The bridge costs far too much."
    );
    // Someone else's comment is not theirs to edit or delete.
    let theirs = bob
        .submit(&format!("/comments/{id}/edit"), &[("body", "Hijacked")])
        .await;
    assert_eq!(theirs.status, StatusCode::NOT_FOUND);
    assert_eq!(
        bob.submit(&format!("/comments/{id}/delete"), &[])
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    // After the window, no edits.
    ann.store
        .edit_comment(
            id,
            0,
            &broadsheet_store::CommentEdit {
                body_md: "".into(),
                body_html: "".into(),
                status: CommentStatus::Visible,
                reasons: "[]".into(),
            },
            0,
        )
        .await
        .unwrap();
    let old = ann.store.comment(id).await.unwrap().unwrap();
    assert_eq!(old.body_md, "The bridge costs far too much.");

    // Deleting a comment with a reply leaves "deleted by author" in its place.
    anchored(
        &comment(
            &mut bob,
            article,
            "Compared with what?",
            &[("parent_id", &id.to_string())],
        )
        .await,
    );
    let gone = ann.submit(&format!("/comments/{id}/delete"), &[]).await;
    assert_eq!(gone.status, StatusCode::SEE_OTHER);
    let page = bob.get(&path).await;
    assert_eq!(
        page.texts(&format!("#c-{id} > .comment-placeholder")),
        ["This comment was deleted by its author."]
    );
    assert!(!page.body.contains("far too much"));
    // A lonely comment disappears entirely.
    let lonely = anchored(&comment(&mut ann, article, "Short-lived thought.", &[]).await);
    ann.submit(&format!("/comments/{lonely}/delete"), &[]).await;
    assert!(
        bob.get(&path)
            .await
            .attrs(&format!("#c-{lonely}"), "id")
            .is_empty()
    );
    // Replies to a deleted comment are refused.
    let late = comment(
        &mut bob,
        article,
        "Too late",
        &[("parent_id", &id.to_string())],
    )
    .await;
    assert_eq!(late.status, StatusCode::BAD_REQUEST);
}

async fn double_submits_make_one_comment_and_bad_input_saves_nothing(db: &TestDb) {
    let mut ann = TestApp::with_demo(db).await;
    let user = ann.sign_in_as(Role::Reader, "ann@example.org").await;
    let (article, _) = ann.first_article().await;
    let fields = [
        ("body", "Posted twice by a double click."),
        ("nonce", "same-form-token"),
    ];
    let first = anchored(
        &ann.submit(&format!("/articles/{article}/comments"), &fields)
            .await,
    );
    let second = anchored(
        &ann.submit(&format!("/articles/{article}/comments"), &fields)
            .await,
    );
    assert_eq!(first, second);

    for (body, expect) in [
        ("   \n\t ", "Please write something"),
        (&"x".repeat(5001)[..], "at most 5000"),
    ] {
        let page = comment(&mut ann, article, body, &[]).await;
        assert_eq!(page.status, StatusCode::BAD_REQUEST);
        assert!(
            page.texts(".form-error")[0].contains(expect),
            "{}",
            page.body
        );
    }
    let token = ann.csrf().await;
    let mut raw = format!("csrf={token}&nonce=n1&body=").into_bytes();
    raw.extend_from_slice(&[0xFF, 0xFE, b'a']);
    let req = axum::http::Request::post(format!("/articles/{article}/comments"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(axum::body::Body::from(raw))
        .unwrap();
    let bad = ann.send(req).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.body.contains("could not be read"), "{}", bad.body);
    assert_eq!(
        ann.store
            .comments_by_author(user.id, true, None, 10)
            .await
            .unwrap()
            .len(),
        1
    );

    // Flooding is cut off with a clear message and Retry-After.
    let mut limited = None;
    for i in 0..15 {
        let page = comment(
            &mut ann,
            article,
            &format!("Thought number {i} about the harbour."),
            &[],
        )
        .await;
        if page.status == StatusCode::TOO_MANY_REQUESTS {
            limited = Some(page);
            break;
        }
    }
    let page = limited.expect("posting is rate limited");
    assert!(page.header("retry-after").parse::<u64>().unwrap() >= 1);
    assert!(
        page.body.contains("posting too quickly") || page.body.contains("Too many"),
        "{}",
        page.body
    );
}

async fn closed_articles_refuse_comments(db: &TestDb) {
    let mut ann = TestApp::with_demo(db).await;
    ann.sign_in_as(Role::Reader, "ann@example.org").await;
    let (article, path) = ann.first_article().await;
    // Auto-close after 0 days means never; after 1 day (publication 2 days ago) closed.
    ann.store
        .set_setting("comments.auto_close_days", "1")
        .await
        .unwrap();
    let published = ann
        .store
        .comment_article(article)
        .await
        .unwrap()
        .unwrap()
        .published_at
        .unwrap();
    let closed = broadsheet_store::now() - published > 86_400;
    let page = comment(&mut ann, article, "Is this still open?", &[]).await;
    if closed {
        assert_eq!(page.status, StatusCode::FORBIDDEN);
        assert!(ann.get(&path).await.texts(".comments-closed").len() == 1);
    }
    ann.store
        .set_setting("comments.auto_close_days", "")
        .await
        .unwrap();
    assert_eq!(
        comment(&mut ann, article, "Open again.", &[]).await.status,
        StatusCode::SEE_OTHER
    );
}

async fn thousands_of_comments_page_with_show_more(db: &TestDb) {
    let mut app = TestApp::with_demo(db).await;
    let user = app.sign_in_as(Role::Reader, "ann@example.org").await;
    let (article, path) = app.first_article().await;
    let items: Vec<NewComment> = (0..2500)
        .map(|i| NewComment {
            article_id: article,
            parent_id: None,
            author_id: Some(user.id),
            guest_name: String::new(),
            guest_email: String::new(),
            body_md: format!("seed {i}"),
            body_html: format!("<p>seed {i}</p>"),
            status: CommentStatus::Visible,
            reasons: "[]".into(),
            nonce: None,
        })
        .collect();
    app.store.import_comments(&items).await.unwrap();
    let page = app.get(&path).await;
    assert_eq!(page.texts("#comments-heading"), ["2500 comments"]);
    assert_eq!(
        page.texts("[data-list] > article .comment-body")[0],
        "seed 2499"
    );
    assert_eq!(page.attrs("[data-list] > article", "id").len(), 20);
    let more = page.attrs("a[data-more]", "href").remove(0);
    let next = app.get(more.split('#').next().unwrap()).await;
    assert_eq!(
        next.texts("[data-list] > article .comment-body")[0],
        "seed 2479"
    );
    let oldest = app
        .get(&format!("/articles/{article}/comments?sort=oldest"))
        .await;
    assert_eq!(
        oldest.texts("[data-list] > article .comment-body")[0],
        "seed 0"
    );
    let fragment = app
        .get(&format!("{}&fragment=1", more.split('#').next().unwrap()))
        .await;
    assert!(
        !fragment.body.contains("<html"),
        "the script gets only the list"
    );
}
