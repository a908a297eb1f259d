//! The extreme-cursor case: listings, threads, the API and the desk at the ends of i64.

use super::site::{As, get, site};
use broadsheet_testkit::TestDb;

/// Cursors and ids at the ends of their ranges page (or are refused with 400), never
/// overflow into a server error.
pub async fn extreme_cursors_page_or_are_refused_cleanly(db: &TestDb) {
    let site = site(db).await;
    let (sec, tag, author, id, cid) = (
        site.section.clone(),
        site.tag.clone(),
        site.author.clone(),
        site.article_id,
        site.comment_id,
    );
    let pages = [
        "/".to_string(),
        format!("/{sec}"),
        format!("/tag/{tag}"),
        format!("/author/{author}"),
    ];
    // Cursors that page; negative values, spelt with a minus or in two's complement (a
    // page or a 400, whichever the cursor grammar makes of them); and malformed ones.
    let afters: [(&[&str], &[u16]); 3] = [
        (
            &["7fffffffffffffff-7fffffffffffffff", "0-0", "1f-1f"],
            &[200],
        ),
        (
            &[
                "1--1",
                "0--8000000000000000",
                "8000000000000000-1",
                "ffffffffffffffff-ffffffffffffffff",
                "8000000000000000-8000000000000000",
            ],
            &[200, 400],
        ),
        (
            &[
                "10000000000000000-1",
                "-1-1",
                "-8000000000000001-0",
                "1-",
                "-",
                "x-y",
                "1-1-1",
            ],
            &[400],
        ),
    ];
    for page in &pages {
        for (values, allowed) in afters {
            for after in values {
                let p = get(&site, As::Anonymous, &format!("{page}?after={after}")).await;
                let status = p.status.as_u16();
                assert!(allowed.contains(&status), "{page}?after={after}: {status}");
            }
        }
    }
    for cursor in [
        "9223372036854775807.9223372036854775807",
        "-9223372036854775808.-9223372036854775808",
        "0.0",
        "9223372036854775808.1",
        "1.2.3",
        ".",
    ] {
        for sort in ["newest", "oldest", "liked"] {
            for path in [
                format!("/articles/{id}/comments?sort={sort}&cursor={cursor}"),
                format!("/api/v1/articles/{id}/comments?sort={sort}&cursor={cursor}"),
            ] {
                let p = get(&site, As::Anonymous, &path).await;
                assert_eq!(p.status.as_u16(), 200, "{path}");
            }
        }
    }
    for n in ["9223372036854775807", "-9223372036854775808", "0", "-1"] {
        for (who, path) in [
            (As::Anonymous, format!("/comments/{cid}?after={n}")),
            (As::Writer, format!("/api/v1/articles?cursor={n}&limit={n}")),
            (
                As::Moderator,
                format!("/api/v1/moderation/queue?after={n}&author={n}"),
            ),
            (
                As::Staff,
                format!("/newsroom/articles?before={n}&author={n}"),
            ),
            (
                As::Staff,
                format!("/newsroom/moderation?after={n}&article={n}"),
            ),
            (
                As::Staff,
                format!("/newsroom/moderation/audit?before={n}&user={n}"),
            ),
            (As::Anonymous, format!("/search?q=harbour&page={n}")),
        ] {
            let p = get(&site, who, &path).await;
            assert_eq!(p.status.as_u16(), 200, "{path}");
        }
        let p = get(&site, As::Anonymous, &format!("/sitemaps/articles/{n}")).await;
        assert!(matches!(p.status.as_u16(), 200 | 404), "{n}: {}", p.status);
    }
}
