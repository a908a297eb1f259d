//! The moderation desk's store on both engines: queues, decisions with their audit rows,
//! and commenters' standing.

use broadsheet_domain::moderation::CommentAction;
use broadsheet_domain::{ArticleStatus, EmailAddress, Role};
use broadsheet_store::{
    CommentStatus, Decided, NewArticle, NewComment, PostOutcome, QueueFilter, StandingChange, Store,
};
use broadsheet_testkit::{TestDb, on_both_engines};

on_both_engines!(
    decisions_move_comments_between_queues_and_are_logged,
    standing_changes_are_logged_and_read_back,
    desk_decisions_become_examples_and_models_switch,
);

async fn setup(db: &TestDb) -> (Store, i64, i64, i64) {
    let store = Store::open(&db.url).await.unwrap();
    let section = store
        .create_section("city", "City", "Kent", "")
        .await
        .unwrap();
    let reader = store
        .create_user(
            &EmailAddress::parse("r@example.org").unwrap(),
            "Reader",
            Role::Reader,
            None,
        )
        .await
        .unwrap();
    let moderator = store
        .create_user(
            &EmailAddress::parse("m@example.org").unwrap(),
            "Mod",
            Role::Moderator,
            None,
        )
        .await
        .unwrap();
    let article = store
        .create_article(&NewArticle {
            section_id: section.id,
            slug: "story".into(),
            headline: "Story".into(),
            status: Some(ArticleStatus::Published),
            published_at: Some(1),
            ..Default::default()
        })
        .await
        .unwrap();
    (store, article, reader.id, moderator.id)
}

async fn post(store: &Store, article: i64, author: i64, status: CommentStatus, text: &str) -> i64 {
    let new = NewComment {
        article_id: article,
        parent_id: None,
        author_id: Some(author),
        guest_name: String::new(),
        guest_email: String::new(),
        body_md: text.into(),
        body_html: format!("<p>{text}</p>"),
        status,
        reasons: "[]".into(),
        nonce: None,
    };
    match store.post_comment(&new).await.unwrap() {
        PostOutcome::Created(c) => c.id,
        other => panic!("{other:?}"),
    }
}

fn queue(name: &str) -> QueueFilter {
    QueueFilter {
        queue: name.into(),
        limit: 50,
        ..Default::default()
    }
}

async fn decisions_move_comments_between_queues_and_are_logged(db: &TestDb) {
    let (store, article, reader, moderator) = setup(db).await;
    let held = post(&store, article, reader, CommentStatus::Pending, "held one").await;
    let shown = post(&store, article, reader, CommentStatus::Visible, "shown one").await;
    assert_eq!(
        store
            .moderation_queue(&queue("pending"))
            .await
            .unwrap()
            .len(),
        1
    );
    assert_eq!(store.queue_counts().await.unwrap(), (1, 0));

    let done = store
        .moderate_comment(held, CommentAction::Approve, moderator, "fine on review")
        .await
        .unwrap();
    assert!(matches!(
        done,
        Decided::Done {
            old_status: CommentStatus::Pending,
            ..
        }
    ));
    assert!(
        store
            .moderation_queue(&queue("pending"))
            .await
            .unwrap()
            .is_empty()
    );
    let approved = store.moderation_queue(&queue("approved")).await.unwrap();
    assert_eq!(approved.len(), 2);
    assert_eq!(approved[0].article_path, "/city/story");
    // Approving twice does not apply; a missing comment is reported as such.
    assert!(matches!(
        store
            .moderate_comment(held, CommentAction::Approve, moderator, "")
            .await
            .unwrap(),
        Decided::NotApplicable(_)
    ));
    assert_eq!(
        store
            .moderate_comment(999_999, CommentAction::Remove, moderator, "")
            .await
            .unwrap(),
        Decided::NotFound
    );

    store
        .moderate_comment(
            shown,
            CommentAction::Reject,
            moderator,
            "insults another reader",
        )
        .await
        .unwrap();
    let rejected = store.moderation_queue(&queue("rejected")).await.unwrap();
    assert_eq!(
        rejected.iter().map(|i| i.comment.id).collect::<Vec<_>>(),
        [shown]
    );

    let log = store.moderation_log(None, None, None, 10).await.unwrap();
    let actions: Vec<_> = log.iter().map(|l| l.action.as_str()).collect();
    assert_eq!(
        actions,
        ["reject", "approve", "screened:visible", "screened:pending"],
        "screening is logged with each comment"
    );
    assert_eq!(log[0].action, "reject");
    assert_eq!(log[0].reason, "insults another reader");
    assert_eq!(log[0].actor_name.as_deref(), Some("Mod"));
    assert_eq!(log[1].comment_id, Some(held));
    let about_one = store
        .moderation_log(Some(shown), None, None, 10)
        .await
        .unwrap();
    assert_eq!(about_one.len(), 2, "its screening and its rejection");
}

async fn standing_changes_are_logged_and_read_back(db: &TestDb) {
    let (store, article, reader, moderator) = setup(db).await;
    post(
        &store,
        article,
        reader,
        CommentStatus::Visible,
        "approved already",
    )
    .await;
    let s = store.standing(reader).await.unwrap();
    assert_eq!(
        (s.banned, s.trusted, s.approved_comments),
        (false, false, 1)
    );
    assert!(
        store
            .change_standing(
                reader,
                StandingChange::Suspend {
                    until: 4_000_000_000
                },
                moderator,
                "cooling off"
            )
            .await
            .unwrap()
    );
    assert!(
        store
            .standing(reader)
            .await
            .unwrap()
            .is_barred(1_800_000_000)
    );
    assert!(
        store
            .change_standing(reader, StandingChange::Unban, moderator, "")
            .await
            .unwrap()
    );
    assert!(
        !store
            .standing(reader)
            .await
            .unwrap()
            .is_barred(1_800_000_000)
    );
    store
        .change_standing(reader, StandingChange::Trust, moderator, "long record")
        .await
        .unwrap();
    assert!(store.standing(reader).await.unwrap().trusted);
    store
        .change_standing(reader, StandingChange::Ban, moderator, "threats")
        .await
        .unwrap();
    assert!(store.standing(reader).await.unwrap().banned);
    assert!(
        !store
            .change_standing(987_654, StandingChange::Ban, moderator, "")
            .await
            .unwrap()
    );
    let log = store
        .moderation_log(None, Some(reader), None, 10)
        .await
        .unwrap();
    let actions: Vec<_> = log.iter().map(|l| l.action.as_str()).collect();
    assert_eq!(
        actions,
        ["ban", "trust", "unban", "suspend", "screened:visible"]
    );
}

async fn desk_decisions_become_examples_and_models_switch(db: &TestDb) {
    let (store, article, reader, moderator) = setup(db).await;
    let first = post(&store, article, reader, CommentStatus::Pending, "first").await;
    let second = post(&store, article, reader, CommentStatus::Pending, "second").await;
    let untouched = post(&store, article, reader, CommentStatus::Pending, "third").await;
    store
        .log_automatic(untouched, Some(reader), "screened:pending", "")
        .await
        .unwrap();
    store
        .moderate_comment(first, CommentAction::Reject, moderator, "")
        .await
        .unwrap();
    store
        .moderate_comment(first, CommentAction::Approve, moderator, "")
        .await
        .unwrap();
    store
        .moderate_comment(second, CommentAction::Remove, moderator, "")
        .await
        .unwrap();
    // Featuring is no verdict on the text.
    store
        .moderate_comment(first, CommentAction::Feature, moderator, "")
        .await
        .unwrap();

    let examples = store.desk_decisions(0).await.unwrap();
    let got: Vec<(i64, &str, bool)> = examples
        .iter()
        .map(|d| (d.comment_id, d.action.as_str(), d.is_violation()))
        .collect();
    assert_eq!(
        got,
        [(first, "approve", false), (second, "remove", true)],
        "the latest human verdict per comment, oldest first; automatic ones are not examples"
    );
    assert!(
        store
            .desk_decisions(broadsheet_store::now() + 10)
            .await
            .unwrap()
            .is_empty()
    );

    // Models: stored inactive, one active at a time, back to none (the shipped one).
    assert!(store.active_screener_model().await.unwrap().is_none());
    let a = store
        .save_screener_model(b"model a", "{\"f1\":1}", 10, Some(moderator))
        .await
        .unwrap();
    let b = store
        .save_screener_model(&[0, 159, 255], "{}", 12, None)
        .await
        .unwrap();
    assert!(store.activate_screener_model(Some(a)).await.unwrap());
    assert!(store.activate_screener_model(Some(b)).await.unwrap());
    assert_eq!(
        store.active_screener_model().await.unwrap(),
        Some((b, vec![0, 159, 255])),
        "binary model bytes round-trip"
    );
    assert!(!store.activate_screener_model(Some(b + 100)).await.unwrap());
    assert_eq!(store.active_screener_model().await.unwrap().unwrap().0, b);
    let listed = store.screener_models().await.unwrap();
    assert_eq!(
        listed.iter().map(|m| (m.id, m.active)).collect::<Vec<_>>(),
        [(b, true), (a, false)]
    );
    assert_eq!(listed[1].metrics, "{\"f1\":1}");
    assert!(store.activate_screener_model(None).await.unwrap());
    assert!(store.active_screener_model().await.unwrap().is_none());
}
