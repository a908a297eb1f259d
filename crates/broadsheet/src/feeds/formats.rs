//! One `Feed` written as RSS 2.0, Atom 1.0 or JSON Feed 1.1.

use super::xml::Xml;
use super::{Feed, rfc2822, rfc3339};
use serde_json::json;

pub fn rss(feed: &Feed) -> (&'static str, String) {
    let mut x = Xml::new();
    x.open(
        "rss",
        &[
            ("version", "2.0"),
            ("xmlns:atom", "http://www.w3.org/2005/Atom"),
            ("xmlns:dc", "http://purl.org/dc/elements/1.1/"),
        ],
    )
    .open("channel", &[])
    .text("title", &[], &feed.title)
    .text("link", &[], &feed.home_url)
    .text("description", &[], &feed.description)
    .text("language", &[], &feed.language)
    .empty(
        "atom:link",
        &[
            ("href", &format!("{}/rss.xml", feed.feed_base)),
            ("rel", "self"),
            ("type", "application/rss+xml"),
        ],
    );
    if feed.updated > 0 {
        x.text("lastBuildDate", &[], &rfc2822(feed.updated));
    }
    for item in &feed.items {
        x.open("item", &[])
            .text("title", &[], &item.title)
            .text("link", &[], &item.url)
            .text("guid", &[("isPermaLink", "true")], &item.url)
            .text("description", &[], &item.summary)
            .text("pubDate", &[], &rfc2822(item.published))
            .text("category", &[], &item.category);
        for (name, _) in &item.authors {
            // RSS's own <author> wants an email address; Dublin Core takes a name.
            x.text("dc:creator", &[], name);
        }
        x.close();
    }
    ("application/rss+xml; charset=utf-8", x.finish())
}

pub fn atom(feed: &Feed) -> (&'static str, String) {
    let updated = rfc3339(feed.updated).unwrap_or_default();
    let self_url = format!("{}/atom.xml", feed.feed_base);
    let mut x = Xml::new();
    x.open(
        "feed",
        &[
            ("xmlns", "http://www.w3.org/2005/Atom"),
            ("xml:lang", &feed.language),
        ],
    )
    .text("id", &[], &self_url)
    .text("title", &[], &feed.title)
    .text("updated", &[], &updated)
    .empty(
        "link",
        &[
            ("rel", "self"),
            ("type", "application/atom+xml"),
            ("href", &self_url),
        ],
    )
    .empty(
        "link",
        &[
            ("rel", "alternate"),
            ("type", "text/html"),
            ("href", &feed.home_url),
        ],
    )
    .open("author", &[])
    .text("name", &[], &feed.title)
    .close();
    for item in &feed.items {
        x.open("entry", &[("xml:lang", &item.language)])
            .text("id", &[], &item.url)
            .text("title", &[], &item.title)
            .empty(
                "link",
                &[
                    ("rel", "alternate"),
                    ("type", "text/html"),
                    ("href", &item.url),
                ],
            )
            .text(
                "published",
                &[],
                &rfc3339(item.published).unwrap_or_default(),
            )
            .text("updated", &[], &rfc3339(item.updated).unwrap_or_default())
            .text("summary", &[], &item.summary)
            .empty("category", &[("term", &item.category)]);
        for (name, url) in &item.authors {
            x.open("author", &[])
                .text("name", &[], name)
                .text("uri", &[], url)
                .close();
        }
        x.close();
    }
    ("application/atom+xml; charset=utf-8", x.finish())
}

pub fn json(feed: &Feed) -> (&'static str, String) {
    let items: Vec<_> = feed
        .items
        .iter()
        .map(|item| {
            json!({
                "id": item.url,
                "url": item.url,
                "title": item.title,
                "summary": item.summary,
                "content_text": item.summary,
                "date_published": rfc3339(item.published),
                "date_modified": rfc3339(item.updated),
                "authors": item.authors.iter().map(|(name, url)| json!({ "name": name, "url": url })).collect::<Vec<_>>(),
                "tags": [item.category],
                "language": item.language,
            })
        })
        .collect();
    let doc = json!({
        "version": "https://jsonfeed.org/version/1.1",
        "title": feed.title,
        "home_page_url": feed.home_url,
        "feed_url": format!("{}/feed.json", feed.feed_base),
        "description": feed.description,
        "language": feed.language,
        "items": items,
    });
    ("application/feed+json; charset=utf-8", doc.to_string())
}
