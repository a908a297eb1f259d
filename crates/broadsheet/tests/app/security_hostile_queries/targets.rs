//! Every place a URL carries text the site reads: the targets of the property.

use super::site::{As, Site};

impl Site {
    /// Every place a URL carries text the site reads, with `e` (the encoded string)
    /// in it.
    pub fn targets(&self, e: &str) -> Vec<(As, String)> {
        let (sec, art, id, tag, author, cid) = (
            &self.section,
            &self.article,
            self.article_id,
            &self.tag,
            &self.author,
            self.comment_id,
        );
        use As::*;
        vec![
            // Search and its filters.
            (Anonymous, format!("/search?q={e}")),
            (
                Anonymous,
                format!("/search?q=harbour&section={e}&from={e}&to={e}&page={e}"),
            ),
            (Anonymous, format!("/search?q={e}&page=2&from=2000-01-01")),
            // Addresses: sections, articles (and their old addresses), tags, authors.
            (Anonymous, format!("/{e}")),
            (Anonymous, format!("/{e}/{e}")),
            (Anonymous, format!("/{sec}/{e}")),
            (
                Anonymous,
                format!("/{e}/{}", art.split('/').nth(1).unwrap()),
            ),
            (Anonymous, format!("/tag/{e}")),
            (Anonymous, format!("/author/{e}")),
            (Anonymous, format!("/people/{e}")),
            // Keyset cursors of listings.
            (Anonymous, format!("/?after={e}")),
            (Anonymous, format!("/{sec}?after={e}")),
            (Anonymous, format!("/tag/{tag}?after={e}")),
            (Anonymous, format!("/author/{author}?after={e}")),
            // Feeds and sitemaps.
            (Anonymous, format!("/feed/{e}")),
            (Anonymous, format!("/feed/section/{e}/rss")),
            (Anonymous, format!("/feed/tag/{e}/atom")),
            (Anonymous, format!("/feed/author/{e}/rss")),
            (Anonymous, format!("/feed/{e}/{e}/{e}")),
            (Anonymous, format!("/sitemaps/articles/{e}")),
            // Comment threads: sort and cursor, the permalink's `after`.
            (
                Anonymous,
                format!("/articles/{id}/comments?sort={e}&cursor={e}"),
            ),
            (
                Anonymous,
                format!("/articles/{id}/comments?sort=liked&cursor={e}&fragment=1"),
            ),
            (Anonymous, format!("/articles/{e}/comments")),
            (Anonymous, format!("/comments/{cid}?after={e}")),
            (Anonymous, format!("/comments/{e}")),
            (
                Anonymous,
                format!("/api/v1/articles/{id}/comments?sort={e}&cursor={e}"),
            ),
            (
                Anonymous,
                format!("/api/v1/articles/{id}/comments?sort=oldest&cursor={e}"),
            ),
            // One-time links, language, sign-in redirect, media, ads, assets.
            (Anonymous, format!("/verify/{e}")),
            (Anonymous, format!("/password/reset/{e}")),
            (Anonymous, format!("/account/unsubscribe/{e}")),
            (Anonymous, format!("/setup/{e}")),
            (Anonymous, format!("/lang/{e}")),
            (Anonymous, format!("/login?next={e}")),
            (Anonymous, format!("/media/{e}/{e}")),
            (
                Anonymous,
                format!("/ads/slot/1/creative?section={e}&article={e}"),
            ),
            (Anonymous, format!("/ads/slots.css?v={e}")),
            (Anonymous, format!("/static/{e}/{e}")),
            // The JSON API's filters and cursor.
            (Writer, format!("/api/v1/articles?q={e}")),
            (Writer, format!("/api/v1/articles?section={e}&status={e}")),
            (Writer, format!("/api/v1/articles?cursor={e}&limit={e}")),
            (Writer, format!("/api/v1/articles/{e}")),
            (Writer, format!("/api/v1/articles/{id}/revisions/{e}")),
            (
                Moderator,
                format!("/api/v1/moderation/queue?queue={e}&section={e}&order={e}"),
            ),
            (
                Moderator,
                format!("/api/v1/moderation/queue?after={e}&author={e}"),
            ),
            // The newsroom and the moderation desk, signed in.
            (Staff, format!("/newsroom/articles?q={e}")),
            (
                Staff,
                format!("/newsroom/articles?status={e}&section={e}&author={e}&before={e}"),
            ),
            (
                Staff,
                format!("/newsroom/moderation?queue={e}&section={e}&order={e}&notice={e}"),
            ),
            (Staff, format!("/newsroom/moderation?after={e}&article={e}")),
            (
                Staff,
                format!("/newsroom/moderation/audit?before={e}&user={e}"),
            ),
            (Staff, format!("/newsroom/articles/{e}")),
            // Signed-in readers skip the page cache: the reader pages once more.
            (Staff, format!("/{sec}?after={e}")),
            (Staff, format!("/search?q={e}")),
        ]
    }
}
