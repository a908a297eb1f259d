//! Keyset checks for comment threads, a commenter's history, status queues and the desk.

use crate::fixture::Fixture;
use crate::queries::first_page;
use crate::runner::ok;
use broadsheet_store::{CommentCursor, CommentRow, CommentSort, CommentStatus, QueueFilter};
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;

fn keyset_after(sort: CommentSort, row: &CommentRow, c: CommentCursor) -> bool {
    match sort {
        CommentSort::Newest => row.id < c.id,
        CommentSort::Oldest => row.id > c.id,
        CommentSort::Liked => (row.like_count, row.id) < (c.likes, c.id),
    }
}

#[allow(clippy::too_many_arguments)]
pub async fn comment_keyset(
    f: &Fixture,
    text: String,
    sort: usize,
    viewer: usize,
    after: i64,
    limit: i64,
    likes: i64,
) -> Result<(), TestCaseError> {
    let sort = [CommentSort::Newest, CommentSort::Oldest, CommentSort::Liked][sort];
    let viewer = [None, Some(f.reader), Some(f.nora)][viewer];
    let ids = |rows: &[CommentRow]| rows.iter().map(|r| r.id).collect::<Vec<_>>();
    let full = ok!(f.store.top_comments(f.quay, viewer, sort, None, 200));
    for row in &full {
        prop_assert_eq!(row.depth, 0);
        let own = viewer.is_some() && row.author_id == viewer;
        let shown = row.status == CommentStatus::Visible
            || (row.reply_count > 0
                && ["deleted_by_author", "removed"].contains(&row.status.as_str()))
            || (own && ["pending", "rejected"].contains(&row.status.as_str()));
        prop_assert!(
            shown,
            "comment {} ({}) shown to {:?}",
            row.id,
            row.status,
            viewer
        );
    }
    // The cursor as the app decodes it from the URL, and one made of bare numbers.
    let mut cursors = vec![CommentCursor { likes, id: after }];
    cursors.extend(CommentCursor::decode(&text));
    for c in cursors {
        prop_assert_eq!(CommentCursor::decode(&c.encode()), Some(c));
        let page = ok!(f.store.top_comments(f.quay, viewer, sort, Some(c), limit));
        let rest = full
            .iter()
            .filter(|r| keyset_after(sort, r, c))
            .map(|r| r.id);
        prop_assert_eq!(ids(&page), first_page(rest, limit, 200));
    }
    // Replies, a commenter's history and the status queues page by bare ids.
    let replies = ok!(f.store.thread_replies(f.thread_root, viewer, i64::MIN, 500));
    let page = ok!(f.store.thread_replies(f.thread_root, viewer, after, limit));
    let expected = first_page(
        replies.iter().filter(|r| r.id > after).map(|r| r.id),
        limit,
        500,
    );
    prop_assert_eq!(ids(&page), expected);
    for hidden in [false, true] {
        let all = ok!(f.store.comments_by_author(f.reader, hidden, None, 200));
        let page = ok!(f
            .store
            .comments_by_author(f.reader, hidden, Some(after), limit));
        let expected = first_page(
            all.iter().filter(|r| r.id < after).map(|r| r.id),
            limit,
            200,
        );
        prop_assert_eq!(ids(&page), expected);
        prop_assert!(hidden || page.iter().all(|r| r.status == CommentStatus::Visible));
    }
    let status = [
        CommentStatus::Visible,
        CommentStatus::Pending,
        CommentStatus::Rejected,
    ][(after.unsigned_abs() % 3) as usize];
    let all = ok!(f.store.comments_by_status(status, i64::MIN, 500));
    let page = ok!(f.store.comments_by_status(status, after, limit));
    let expected = first_page(
        all.iter().filter(|r| r.id > after).map(|r| r.id),
        limit,
        500,
    );
    prop_assert_eq!(ids(&page), expected);
    prop_assert!(page.iter().all(|r| r.status == status));
    Ok(())
}

#[allow(clippy::too_many_arguments)]
pub async fn moderation_keyset(
    f: &Fixture,
    queue: String,
    newest_first: bool,
    after: Option<i64>,
    before: Option<i64>,
    limit: i64,
    scope: usize,
) -> Result<(), TestCaseError> {
    let mut filter = QueueFilter {
        queue,
        newest_first,
        limit: 200,
        ..Default::default()
    };
    match scope {
        0 => {}
        1 => filter.section_id = after,
        2 => filter.article_id = Some(f.quay),
        _ => filter.author_id = before,
    }
    let all = ok!(f.store.moderation_queue(&filter));
    filter.after_id = after;
    filter.limit = limit;
    let page = ok!(f.store.moderation_queue(&filter));
    let expected = first_page(
        all.iter()
            .map(|q| q.comment.id)
            .filter(|id| match (after, newest_first) {
                (None, _) => true,
                (Some(a), true) => *id < a,
                (Some(a), false) => *id > a,
            }),
        limit,
        200,
    );
    let got: Vec<i64> = page.iter().map(|q| q.comment.id).collect();
    prop_assert_eq!(got, expected);

    let log = ok!(f.store.moderation_log(None, None, None, 10_000));
    prop_assert!(!log.is_empty());
    let page = ok!(f.store.moderation_log(None, before, after, limit));
    let expected = first_page(
        log.iter()
            .filter(|l| before.is_none_or(|b| l.subject_id == Some(b)))
            .filter(|l| after.is_none_or(|a| l.id < a))
            .map(|l| l.id),
        limit,
        10_000,
    );
    prop_assert_eq!(page.iter().map(|l| l.id).collect::<Vec<_>>(), expected);
    Ok(())
}
