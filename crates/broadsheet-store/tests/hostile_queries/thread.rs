//! The fixture's comment thread: every status, replies three deep, likes and a report.

use broadsheet_store::{CommentStatus, NewComment, PostOutcome, Store};

/// Seeds the thread on the `quay` article; answers its first top-level comment, which
/// has replies.
pub async fn seed_thread(store: &Store, quay: i64, nora: i64, obrien: i64, reader: i64) -> i64 {
    let comment =
        |author: Option<i64>, status: CommentStatus, parent: Option<i64>, body: &str| NewComment {
            article_id: quay,
            parent_id: parent,
            author_id: author,
            guest_name: if author.is_none() {
                "Guest".into()
            } else {
                String::new()
            },
            guest_email: String::new(),
            body_md: body.into(),
            body_html: format!("<p>{body}</p>"),
            status,
            reasons: "[]".into(),
            nonce: None,
        };
    let tops = store
        .import_comments(&[
            comment(Some(nora), CommentStatus::Visible, None, "First."),
            comment(Some(obrien), CommentStatus::Visible, None, "Second."),
            comment(None, CommentStatus::Visible, None, "A guest's view."),
            comment(
                Some(reader),
                CommentStatus::Visible,
                None,
                "A reader's view.",
            ),
            comment(Some(obrien), CommentStatus::Visible, None, "Soon deleted."),
            comment(Some(reader), CommentStatus::Rejected, None, "Rejected."),
        ])
        .await
        .unwrap();
    let r1 = store
        .import_comments(&[comment(
            Some(obrien),
            CommentStatus::Visible,
            Some(tops[0]),
            "Reply.",
        )])
        .await
        .unwrap()[0];
    store
        .import_comments(&[
            comment(Some(nora), CommentStatus::Visible, Some(r1), "Deeper."),
            comment(Some(reader), CommentStatus::Pending, Some(tops[0]), "Held."),
            comment(
                Some(nora),
                CommentStatus::Visible,
                Some(tops[4]),
                "Under a deleted one.",
            ),
        ])
        .await
        .unwrap();
    store
        .set_comment_status(tops[4], CommentStatus::DeletedByAuthor)
        .await
        .unwrap();
    let mut with_nonce = comment(Some(reader), CommentStatus::Pending, None, "Awaiting.");
    with_nonce.nonce = Some("form-nonce-1".into());
    assert!(matches!(
        store.post_comment(&with_nonce).await.unwrap(),
        PostOutcome::Created(_)
    ));
    for (c, who) in [
        (tops[1], nora),
        (tops[1], reader),
        (tops[2], nora),
        (tops[0], reader),
    ] {
        assert!(store.add_reaction(c, who, "like").await.unwrap());
    }
    assert!(
        store
            .report_comment(tops[3], nora, "spam", "", 2, 100)
            .await
            .unwrap()
            .counted
    );
    tops[0]
}
