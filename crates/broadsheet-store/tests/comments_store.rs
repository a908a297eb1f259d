//! Accounts, outbox and comments in the store, on both engines.

use broadsheet_domain::{EmailAddress, Role};
use broadsheet_store::{
    CommentCursor, CommentSort, CommentStatus, DeletedComments, EditOutcome, LinkPurpose,
    NewArticle, NewComment, NewMessage, PostOutcome, Store,
};
use broadsheet_testkit::{TestDb, on_both_engines};

on_both_engines!(
    links_are_single_use_and_expire,
    replies_nest_three_levels_and_stay_in_their_article,
    the_same_form_twice_makes_one_comment,
    reactions_and_reports_count_once_per_reader,
    edits_keep_to_the_window_and_deletes_leave_placeholders,
    held_comments_are_seen_only_by_their_author,
    a_readers_own_marks_on_an_article_come_in_one_read,
    thousands_of_comments_page_by_keyset_in_every_order,
    deleting_an_account_keeps_or_removes_its_comments,
    a_reconnecting_stream_gets_the_visible_comments_it_missed,
    an_outbox_unsubscribe_address_lasts_until_the_message_is_sent,
);

struct World {
    store: Store,
    article: i64,
    other_article: i64,
    ann: i64,
    bob: i64,
}

async fn world(db: &TestDb) -> World {
    let store = Store::open(&db.url).await.unwrap();
    let section = store
        .create_section("city", "City", "Şehir", "")
        .await
        .unwrap();
    let mut ids = Vec::new();
    for slug in ["one", "two"] {
        let id = store
            .create_article(&NewArticle {
                section_id: section.id,
                slug: slug.into(),
                headline: slug.into(),
                language: "en".into(),
                status: Some(broadsheet_domain::ArticleStatus::Published),
                published_at: Some(broadsheet_store::now()),
                ..Default::default()
            })
            .await
            .unwrap();
        ids.push(id);
    }
    let mut users = Vec::new();
    for e in ["ann@example.org", "bob@example.org"] {
        let email = EmailAddress::parse(e).unwrap();
        users.push(
            store
                .create_user(&email, e, Role::Reader, Some("x"))
                .await
                .unwrap()
                .id,
        );
    }
    World {
        store,
        article: ids[0],
        other_article: ids[1],
        ann: users[0],
        bob: users[1],
    }
}

fn comment(article: i64, author: i64, parent: Option<i64>, body: &str) -> NewComment {
    NewComment {
        article_id: article,
        parent_id: parent,
        author_id: Some(author),
        guest_name: String::new(),
        guest_email: String::new(),
        body_md: body.into(),
        body_html: format!("<p>{body}</p>"),
        status: CommentStatus::Visible,
        reasons: "[]".into(),
        nonce: None,
    }
}

async fn post(w: &World, new: NewComment) -> i64 {
    match w.store.post_comment(&new).await.unwrap() {
        PostOutcome::Created(row) => row.id,
        other => panic!("not created: {other:?}"),
    }
}

async fn count(w: &World) -> i64 {
    w.store.comment_counts(&[w.article]).await.unwrap()[0].1
}

async fn links_are_single_use_and_expire(db: &TestDb) {
    let w = world(db).await;
    let email = EmailAddress::parse("new@example.org").unwrap();
    let reader = w.store.create_reader(&email, "New", "hash").await.unwrap();
    assert!(w.store.account_flags(reader.id).await.unwrap().unverified);
    let link = w
        .store
        .create_link_token(reader.id, LinkPurpose::Verify, 3600)
        .await
        .unwrap();
    assert_eq!(w.store.verify_email(&link).await.unwrap(), Some(reader.id));
    assert_eq!(
        w.store.verify_email(&link).await.unwrap(),
        None,
        "single use"
    );
    assert!(!w.store.account_flags(reader.id).await.unwrap().unverified);

    let session = w.store.create_session(reader.id, 3600).await.unwrap();
    let reset = w
        .store
        .create_link_token(reader.id, LinkPurpose::Reset, 3600)
        .await
        .unwrap();
    assert_eq!(
        w.store.verify_email(&reset).await.unwrap(),
        None,
        "purpose is checked"
    );
    assert_eq!(
        w.store.reset_password(&reset, "new-hash").await.unwrap(),
        Some(reader.id)
    );
    assert_eq!(w.store.reset_password(&reset, "again").await.unwrap(), None);
    assert!(
        w.store.user_for_session(&session).await.unwrap().is_none(),
        "sessions end"
    );
    let user = w.store.user_by_id(reader.id).await.unwrap().unwrap();
    assert_eq!(user.password_hash.as_deref(), Some("new-hash"));

    let expired = w
        .store
        .create_link_token(reader.id, LinkPurpose::Reset, -1)
        .await
        .unwrap();
    assert_eq!(
        w.store.reset_password(&expired, "late").await.unwrap(),
        None
    );
    // A newer link replaces an older unused one.
    let old = w
        .store
        .create_link_token(reader.id, LinkPurpose::Reset, 3600)
        .await
        .unwrap();
    let _new = w
        .store
        .create_link_token(reader.id, LinkPurpose::Reset, 3600)
        .await
        .unwrap();
    assert_eq!(
        w.store
            .peek_link_token(&old, LinkPurpose::Reset)
            .await
            .unwrap(),
        None
    );

    let unsub = w
        .store
        .create_link_token(reader.id, LinkPurpose::Unsubscribe, 3600)
        .await
        .unwrap();
    assert!(w.store.unsubscribe(&unsub).await.unwrap());
    assert!(
        !w.store
            .account_flags(reader.id)
            .await
            .unwrap()
            .notify_replies
    );
}

async fn replies_nest_three_levels_and_stay_in_their_article(db: &TestDb) {
    let w = world(db).await;
    let top = post(&w, comment(w.article, w.ann, None, "top")).await;
    let r1 = post(&w, comment(w.article, w.bob, Some(top), "r1")).await;
    let r2 = post(&w, comment(w.article, w.ann, Some(r1), "r2")).await;
    let r3 = post(&w, comment(w.article, w.bob, Some(r2), "r3")).await;
    let r4 = post(&w, comment(w.article, w.ann, Some(r3), "r4")).await;
    let replies = w.store.thread_replies(top, None, 0, 50).await.unwrap();
    let shape: Vec<(i64, i64, Option<i64>, Option<i64>)> = replies
        .iter()
        .map(|c| (c.id, c.depth, c.parent_id, c.nest_parent_id))
        .collect();
    assert_eq!(
        shape,
        [
            (r1, 1, Some(top), Some(top)),
            (r2, 2, Some(r1), Some(r1)),
            (r3, 3, Some(r2), Some(r1)),
            (r4, 4, Some(r3), Some(r1)),
        ]
    );
    assert_eq!(count(&w).await, 5);
    // A reply must be to a visible comment of the same article.
    let cross = comment(w.other_article, w.bob, Some(top), "elsewhere");
    assert!(matches!(
        w.store.post_comment(&cross).await.unwrap(),
        PostOutcome::BadParent
    ));
    w.store
        .set_comment_status(r4, CommentStatus::Removed)
        .await
        .unwrap();
    let to_removed = comment(w.article, w.bob, Some(r4), "to removed");
    assert!(matches!(
        w.store.post_comment(&to_removed).await.unwrap(),
        PostOutcome::BadParent
    ));
    assert!(matches!(
        w.store
            .post_comment(&comment(w.article, w.bob, Some(999_999), "x"))
            .await
            .unwrap(),
        PostOutcome::BadParent
    ));
    assert_eq!(
        count(&w).await,
        4,
        "nothing half-saved; the removal counted"
    );
}

async fn the_same_form_twice_makes_one_comment(db: &TestDb) {
    let w = world(db).await;
    let mut new = comment(w.article, w.ann, None, "once");
    new.nonce = Some("nonce-1".into());
    let first = post(&w, new.clone()).await;
    match w.store.post_comment(&new).await.unwrap() {
        PostOutcome::Duplicate(row) => assert_eq!(row.id, first),
        other => panic!("{other:?}"),
    }
    // Another reader's form with the same token is their own.
    new.author_id = Some(w.bob);
    post(&w, new).await;
    assert_eq!(count(&w).await, 2);
}

async fn reactions_and_reports_count_once_per_reader(db: &TestDb) {
    let w = world(db).await;
    let id = post(&w, comment(w.article, w.ann, None, "likeable")).await;
    assert!(w.store.add_reaction(id, w.bob, "like").await.unwrap());
    assert!(!w.store.add_reaction(id, w.bob, "like").await.unwrap());
    assert!(w.store.add_reaction(id, w.ann, "like").await.unwrap());
    assert_eq!(w.store.comment(id).await.unwrap().unwrap().like_count, 2);
    assert_eq!(
        w.store.reacted(w.bob, "like", &[id, 12345]).await.unwrap(),
        [id]
    );
    assert!(w.store.remove_reaction(id, w.ann, "like").await.unwrap());
    assert!(!w.store.remove_reaction(id, w.ann, "like").await.unwrap());
    assert_eq!(w.store.comment(id).await.unwrap().unwrap().like_count, 1);
    let first = w
        .store
        .report_comment(id, w.bob, "rude", "", 2, 4)
        .await
        .unwrap();
    assert_eq!((first.counted, first.hidden_on), (true, None));
    let again = w
        .store
        .report_comment(id, w.bob, "spam", "again", 2, 4)
        .await
        .unwrap();
    assert!(!again.counted, "one report per reader");
    let reported = w.store.reported_comments(10).await.unwrap();
    assert_eq!((reported[0].id, reported[0].report_count), (id, 1));
    // The weight reaching the line hides the comment, logged in the same transaction.
    let hiding = w
        .store
        .report_comment(id, w.ann, "rude", "", 2, 4)
        .await
        .unwrap();
    assert_eq!(hiding.hidden_on, Some(w.article));
    assert_eq!(
        w.store.comment(id).await.unwrap().unwrap().status,
        CommentStatus::Pending
    );
    let log = w
        .store
        .moderation_log(Some(id), None, None, 10)
        .await
        .unwrap();
    assert_eq!(log[0].action, "hidden:reports");
    assert_eq!(log[0].reason, "2 reports");
    // Each counted report is on the record, by whom and about whom; the refused
    // second report of the same reader is not.
    let reports: Vec<_> = log.iter().filter(|e| e.action == "reported").collect();
    assert_eq!(reports.len(), 2, "{log:?}");
    assert_eq!(reports[0].actor_id, Some(w.ann));
    assert_eq!(reports[1].actor_id, Some(w.bob));
    assert!(
        reports.iter().all(|r| r.subject_id == Some(w.ann)),
        "about the author"
    );
    assert!(reports[1].subject_name.is_some(), "the author is named");
}

async fn edits_keep_to_the_window_and_deletes_leave_placeholders(db: &TestDb) {
    let w = world(db).await;
    let id = post(&w, comment(w.article, w.ann, None, "first")).await;
    let held = w
        .store
        .edit_comment(
            id,
            w.ann,
            &broadsheet_store::CommentEdit {
                body_md: "second".into(),
                body_html: "<p>second</p>".into(),
                status: CommentStatus::Pending,
                reasons: "[{}]".into(),
            },
            600,
        )
        .await
        .unwrap();
    let EditOutcome::Edited(row) = held else {
        panic!("{held:?}")
    };
    assert!(
        row.edited_at.is_some() && row.status == CommentStatus::Pending && row.body_md == "second"
    );
    assert_eq!(count(&w).await, 0, "a held edit leaves the count");
    assert!(matches!(
        w.store
            .edit_comment(
                id,
                w.bob,
                &broadsheet_store::CommentEdit {
                    body_md: "x".into(),
                    body_html: "x".into(),
                    status: CommentStatus::Visible,
                    reasons: "[]".into()
                },
                600
            )
            .await
            .unwrap(),
        EditOutcome::NotFound
    ));
    assert!(matches!(
        w.store
            .edit_comment(
                id,
                w.ann,
                &broadsheet_store::CommentEdit {
                    body_md: "x".into(),
                    body_html: "x".into(),
                    status: CommentStatus::Visible,
                    reasons: "[]".into()
                },
                -1
            )
            .await
            .unwrap(),
        EditOutcome::NotEditable
    ));
    // Deleted without replies: gone for everyone. With replies: a placeholder.
    let lonely = post(&w, comment(w.article, w.ann, None, "lonely")).await;
    let parent = post(&w, comment(w.article, w.ann, None, "parent")).await;
    post(&w, comment(w.article, w.bob, Some(parent), "reply")).await;
    for id in [lonely, parent] {
        w.store
            .set_comment_status(id, CommentStatus::DeletedByAuthor)
            .await
            .unwrap();
    }
    let page = w
        .store
        .top_comments(w.article, None, CommentSort::Newest, None, 20)
        .await
        .unwrap();
    let seen: Vec<(i64, &str, &str)> = page
        .iter()
        .map(|c| (c.id, c.status.as_str(), c.body_md.as_str()))
        .collect();
    assert_eq!(seen, [(parent, "deleted_by_author", "")]);
    assert_eq!(count(&w).await, 1, "only the reply is visible");
}

async fn held_comments_are_seen_only_by_their_author(db: &TestDb) {
    let w = world(db).await;
    let mut held = comment(w.article, w.ann, None, "held");
    held.status = CommentStatus::Pending;
    let id = post(&w, held).await;
    let for_ann = w
        .store
        .top_comments(w.article, Some(w.ann), CommentSort::Newest, None, 20)
        .await
        .unwrap();
    let for_bob = w
        .store
        .top_comments(w.article, Some(w.bob), CommentSort::Newest, None, 20)
        .await
        .unwrap();
    let for_guest = w
        .store
        .top_comments(w.article, None, CommentSort::Newest, None, 20)
        .await
        .unwrap();
    assert_eq!(for_ann.iter().map(|c| c.id).collect::<Vec<_>>(), [id]);
    assert!(for_bob.is_empty() && for_guest.is_empty());
    assert_eq!(count(&w).await, 0);
    let queue = w
        .store
        .comments_by_status(CommentStatus::Pending, 0, 10)
        .await
        .unwrap();
    assert_eq!(queue[0].id, id);
    // Approval makes it count.
    w.store
        .set_comment_status(id, CommentStatus::Visible)
        .await
        .unwrap();
    assert_eq!(count(&w).await, 1);
}

/// Whether `user` has a comment on `article` that only they see.
async fn has_held(w: &World, user: i64, article: i64) -> bool {
    w.store
        .reader_on_article(user, article)
        .await
        .unwrap()
        .has_held
}

async fn a_readers_own_marks_on_an_article_come_in_one_read(db: &TestDb) {
    let w = world(db).await;
    let here = post(&w, comment(w.article, w.bob, None, "here")).await;
    let also = post(&w, comment(w.article, w.bob, None, "also here")).await;
    let elsewhere = post(&w, comment(w.other_article, w.bob, None, "elsewhere")).await;
    for id in [here, also, elsewhere] {
        w.store.add_reaction(id, w.ann, "like").await.unwrap();
    }
    // A report is not a like.
    w.store.add_reaction(here, w.bob, "report").await.unwrap();
    let mut ann = w.store.reader_on_article(w.ann, w.article).await.unwrap();
    ann.liked.sort();
    assert_eq!(ann.liked, [here, also], "only this article's likes");
    assert!(!ann.has_held && !ann.unverified);
    let bob = w.store.reader_on_article(w.bob, w.article).await.unwrap();
    assert!(bob.liked.is_empty(), "{bob:?}");

    // A held comment (pending, then rejected) marks its author only, on its article only.
    let mut pending = comment(w.article, w.ann, None, "held");
    pending.status = CommentStatus::Pending;
    let held = post(&w, pending).await;
    assert!(has_held(&w, w.ann, w.article).await);
    assert!(!has_held(&w, w.ann, w.other_article).await);
    assert!(!has_held(&w, w.bob, w.article).await);
    w.store
        .set_comment_status(held, CommentStatus::Rejected)
        .await
        .unwrap();
    assert!(has_held(&w, w.ann, w.article).await);
    w.store
        .set_comment_status(held, CommentStatus::Visible)
        .await
        .unwrap();
    assert!(!has_held(&w, w.ann, w.article).await);

    // A new reader has not verified their address yet.
    let email = EmailAddress::parse("new@example.org").unwrap();
    let new = w.store.create_reader(&email, "New", "hash").await.unwrap();
    let marks = w.store.reader_on_article(new.id, w.article).await.unwrap();
    assert!(marks.unverified && marks.liked.is_empty() && !marks.has_held);
}

async fn thousands_of_comments_page_by_keyset_in_every_order(db: &TestDb) {
    let w = world(db).await;
    let n = 3000;
    let items: Vec<NewComment> = (0..n)
        .map(|i| comment(w.article, w.ann, None, &format!("c{i}")))
        .collect();
    let ids = w.store.import_comments(&items).await.unwrap();
    assert_eq!(count(&w).await, n as i64);
    // Give some comments likes so the liked order differs from id order.
    for (k, id) in ids.iter().step_by(500).enumerate() {
        for u in [w.ann, w.bob].iter().take(k % 2 + 1) {
            w.store.add_reaction(*id, *u, "like").await.unwrap();
        }
    }
    for sort in [CommentSort::Newest, CommentSort::Oldest, CommentSort::Liked] {
        let mut seen = Vec::new();
        let mut cursor = None;
        loop {
            let page = w
                .store
                .top_comments(w.article, None, sort, cursor, 200)
                .await
                .unwrap();
            let Some(last) = page.last() else { break };
            cursor = Some(CommentCursor::of(last));
            seen.extend(page.iter().map(|c| (c.like_count, c.id)));
        }
        assert_eq!(seen.len(), n, "{sort:?}: every comment exactly once");
        let mut expected = seen.clone();
        match sort {
            CommentSort::Newest => expected.sort_by_key(|(_, id)| -id),
            CommentSort::Oldest => expected.sort_by_key(|(_, id)| *id),
            CommentSort::Liked => expected.sort_by_key(|(l, id)| (-l, -id)),
        }
        assert_eq!(seen, expected, "{sort:?}");
    }
    let cursor = CommentCursor::decode(&CommentCursor { likes: 2, id: 7 }.encode());
    assert_eq!(cursor, Some(CommentCursor { likes: 2, id: 7 }));
}

async fn deleting_an_account_keeps_or_removes_its_comments(db: &TestDb) {
    let w = world(db).await;
    let kept = post(&w, comment(w.article, w.ann, None, "ann's")).await;
    let removed = post(&w, comment(w.article, w.bob, None, "bob's")).await;
    w.store.add_reaction(kept, w.bob, "like").await.unwrap();
    w.store
        .delete_account(w.ann, DeletedComments::Keep)
        .await
        .unwrap();
    w.store
        .delete_account(w.bob, DeletedComments::Remove)
        .await
        .unwrap();
    let kept = w.store.comment(kept).await.unwrap().unwrap();
    assert!(
        kept.author_deleted && kept.author_id.is_none() && kept.status == CommentStatus::Visible
    );
    assert_eq!(
        kept.like_count, 0,
        "the deleted reader's like went with them"
    );
    let removed = w.store.comment(removed).await.unwrap().unwrap();
    assert_eq!(
        (removed.status.as_str(), removed.body_md.as_str()),
        ("deleted_by_author", "")
    );
    assert_eq!(count(&w).await, 1);
    assert!(w.store.user_by_id(w.ann).await.unwrap().is_none());
}

async fn a_reconnecting_stream_gets_the_visible_comments_it_missed(db: &TestDb) {
    let w = world(db).await;
    let seen = post(&w, comment(w.article, w.ann, None, "seen")).await;
    let missed = post(&w, comment(w.article, w.bob, None, "missed")).await;
    let mut held = comment(w.article, w.ann, None, "held");
    held.status = CommentStatus::Pending;
    post(&w, held).await;
    post(&w, comment(w.other_article, w.ann, None, "elsewhere")).await;
    let reply = post(&w, comment(w.article, w.ann, Some(seen), "reply")).await;
    let after = |id| w.store.visible_comments_after(w.article, id, 10);
    let ids =
        |rows: Vec<broadsheet_store::CommentRow>| rows.iter().map(|c| c.id).collect::<Vec<_>>();
    assert_eq!(ids(after(seen).await.unwrap()), [missed, reply]);
    assert_eq!(ids(after(reply).await.unwrap()), Vec::<i64>::new());
}

async fn an_outbox_unsubscribe_address_lasts_until_the_message_is_sent(db: &TestDb) {
    let store = Store::open(&db.url).await.unwrap();
    let url = format!(
        "https://news.example/account/unsubscribe/{}",
        "ab".repeat(32)
    );
    let mut new = NewMessage {
        to: "ann@example.org",
        subject: "A reply",
        body: "Someone answered.",
        kind: "reply",
        transport: "smtp",
        unsubscribe: Some(&url),
    };
    let with = store.record_message(&new).await.unwrap();
    new.unsubscribe = None;
    let without = store.record_message(&new).await.unwrap();
    store
        .message_failed(with, "down", Some(broadsheet_store::now() - 1))
        .await
        .unwrap();
    // A retry reads the address back with the row.
    let due = store
        .claim_due_messages(broadsheet_store::now(), 300, 10)
        .await
        .unwrap();
    assert_eq!(due.len(), 1);
    assert_eq!(due[0].unsubscribe_url.as_deref(), Some(url.as_str()));
    store.message_sent(with, "Someone answered.").await.unwrap();
    let all = store.outbox(None, 10).await.unwrap();
    let by_id = |id| all.iter().find(|m| m.id == id).unwrap();
    assert_eq!(by_id(with).unsubscribe_url, None, "cleared once sent");
    assert!(by_id(with).sent_at.is_some());
    assert_eq!(by_id(without).unsubscribe_url, None);
}
