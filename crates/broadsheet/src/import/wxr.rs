//! Reading a WordPress export (WXR, an RSS file with `wp:` elements) into plain records:
//! authors, and posts with their categories, tags and comments.

use super::xml::{Node, attr, walk};
use std::io::BufRead;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Author {
    pub login: String,
    pub email: String,
    pub display_name: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Post {
    pub id: i64,
    pub title: String,
    pub slug: String,
    /// The post's HTML as WordPress stores it (paragraphs often as blank lines).
    pub html: String,
    pub excerpt: String,
    /// `publish`, `draft`, `pending`, `future`, `private`, `trash`…
    pub status: String,
    /// `post`, `page`, `attachment`…
    pub post_type: String,
    /// Unix seconds from `wp:post_date_gmt`; 0 when missing.
    pub published_at: i64,
    pub creator: String,
    /// (slug, name) of each category, in file order.
    pub categories: Vec<(String, String)>,
    pub tags: Vec<(String, String)>,
    pub comments: Vec<Comment>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Comment {
    pub id: i64,
    pub parent: i64,
    pub author: String,
    pub email: String,
    pub content: String,
    /// `1` approved, `0` waiting, `spam`, `trash`.
    pub approved: String,
    pub created_at: i64,
}

#[derive(Debug, Default)]
pub struct Wxr {
    pub authors: Vec<Author>,
    pub posts: Vec<Post>,
}

/// `YYYY-MM-DD HH:MM:SS` (UTC) as Unix seconds.
pub fn gmt(text: &str) -> i64 {
    let format = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]:[second]");
    time::PrimitiveDateTime::parse(text.trim(), &format)
        .map(|t| t.assume_utc().unix_timestamp())
        .unwrap_or(0)
}

/// Parses a whole WXR file. A file that is not well-formed XML, or holds no posts or
/// authors, is an error.
pub fn parse(input: impl BufRead) -> Result<Wxr, String> {
    let mut out = Wxr::default();
    let (mut post, mut comment, mut author) = (None::<Post>, None::<Comment>, None::<Author>);
    let mut category = (String::new(), String::new());
    walk(input, |node| match node {
        Node::Start { name, attrs } => match name {
            "item" => post = Some(Post::default()),
            "wp:comment" => comment = Some(Comment::default()),
            "wp:author" => author = Some(Author::default()),
            "category" => category = (attr(attrs, "domain").into(), attr(attrs, "nicename").into()),
            _ => {}
        },
        Node::End { name, text: value } => {
            if let Some(c) = comment.as_mut() {
                match name {
                    "wp:comment_id" => c.id = value.trim().parse().unwrap_or(0),
                    "wp:comment_parent" => c.parent = value.trim().parse().unwrap_or(0),
                    "wp:comment_author" => c.author = value,
                    "wp:comment_author_email" => c.email = value.trim().to_string(),
                    "wp:comment_content" => c.content = value,
                    "wp:comment_approved" => c.approved = value.trim().to_string(),
                    "wp:comment_date_gmt" => c.created_at = gmt(&value),
                    "wp:comment" => {
                        if let (Some(p), Some(c)) = (post.as_mut(), comment.take()) {
                            p.comments.push(c);
                        }
                    }
                    _ => {}
                }
            } else if let Some(p) = post.as_mut() {
                match name {
                    "title" => p.title = value,
                    "content:encoded" => p.html = value,
                    "excerpt:encoded" => p.excerpt = value,
                    "dc:creator" => p.creator = value.trim().to_string(),
                    "wp:post_id" => p.id = value.trim().parse().unwrap_or(0),
                    "wp:post_name" => p.slug = value.trim().to_string(),
                    "wp:status" => p.status = value.trim().to_string(),
                    "wp:post_type" => p.post_type = value.trim().to_string(),
                    "wp:post_date_gmt" => p.published_at = gmt(&value),
                    "category" => {
                        let (domain, slug) = std::mem::take(&mut category);
                        let pair = (slug, value.trim().to_string());
                        match domain.as_str() {
                            "category" => p.categories.push(pair),
                            "post_tag" => p.tags.push(pair),
                            _ => {}
                        }
                    }
                    "item" => out.posts.extend(post.take()),
                    _ => {}
                }
            } else if let Some(a) = author.as_mut() {
                match name {
                    "wp:author_login" => a.login = value.trim().to_string(),
                    "wp:author_email" => a.email = value.trim().to_string(),
                    "wp:author_display_name" => a.display_name = value.trim().to_string(),
                    "wp:author" => out.authors.extend(author.take()),
                    _ => {}
                }
            }
        }
    })
    .map_err(|e| format!("not a valid WordPress export: {e}"))?;
    if out.posts.is_empty() && out.authors.is_empty() {
        return Err("no WordPress posts or authors found: is this a WXR export?".into());
    }
    Ok(out)
}
