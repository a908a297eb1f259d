//! Reading a WordPress export (WXR, an RSS file with `wp:` elements) into plain records:
//! the site's name and address, authors, categories, and posts (and attachments) with
//! their links, categories, tags, meta and comments.

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
    /// The post's public address on the old site (`<link>`).
    pub link: String,
    /// For an attachment: the post it was uploaded to (0: none).
    pub parent: i64,
    /// For an attachment: the uploaded file's address.
    pub attachment_url: String,
    /// `wp:postmeta` pairs (`_thumbnail_id`, `_wp_attachment_image_alt`…), in file order.
    pub meta: Vec<(String, String)>,
}

impl Post {
    /// The first value of meta `key`, or "".
    pub fn meta(&self, key: &str) -> &str {
        self.meta
            .iter()
            .find(|(k, _)| k == key)
            .map_or("", |(_, v)| v.as_str())
    }
}

/// A category as the channel lists it, with its parent's nicename ("" at the top).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Category {
    pub nicename: String,
    pub parent: String,
    pub name: String,
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
    /// "" or `comment` for a reader's comment; `pingback`, `trackback` for links.
    pub kind: String,
}

#[derive(Debug, Default)]
pub struct Wxr {
    /// The channel's title and description: the old site's name and tagline.
    pub title: String,
    pub description: String,
    /// The old site's addresses: the channel `<link>`, `wp:base_blog_url`,
    /// `wp:base_site_url` (in that order; empty ones left out).
    pub bases: Vec<String>,
    pub categories: Vec<Category>,
    pub authors: Vec<Author>,
    pub posts: Vec<Post>,
}

impl Wxr {
    /// The old site's addresses as `&str`, for [`crate::editorial::old_paths::key_of_link`].
    pub fn bases(&self) -> Vec<&str> {
        self.bases.iter().map(String::as_str).collect()
    }
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
    let mut term = None::<Category>;
    let mut category = (String::new(), String::new());
    let mut meta_key = String::new();
    // Inside the channel's `<image>`, whose `<title>` and `<link>` are not the site's.
    let mut in_image = false;
    walk(input, |node| match node {
        Node::Start { name, attrs } => match name {
            "item" => post = Some(Post::default()),
            "wp:comment" => comment = Some(Comment::default()),
            "wp:author" => author = Some(Author::default()),
            "wp:category" => term = Some(Category::default()),
            "image" => in_image = true,
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
                    "wp:comment_type" => c.kind = value.trim().to_string(),
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
                    "link" => p.link = value.trim().to_string(),
                    "content:encoded" => p.html = value,
                    "excerpt:encoded" => p.excerpt = value,
                    "dc:creator" => p.creator = value.trim().to_string(),
                    "wp:post_id" => p.id = value.trim().parse().unwrap_or(0),
                    "wp:post_parent" => p.parent = value.trim().parse().unwrap_or(0),
                    "wp:post_name" => p.slug = value.trim().to_string(),
                    "wp:status" => p.status = value.trim().to_string(),
                    "wp:post_type" => p.post_type = value.trim().to_string(),
                    "wp:post_date_gmt" => p.published_at = gmt(&value),
                    "wp:attachment_url" => p.attachment_url = value.trim().to_string(),
                    "wp:meta_key" => meta_key = value.trim().to_string(),
                    "wp:meta_value" => p.meta.push((std::mem::take(&mut meta_key), value)),
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
            } else if let Some(t) = term.as_mut() {
                match name {
                    "wp:category_nicename" => t.nicename = value.trim().to_string(),
                    "wp:category_parent" => t.parent = value.trim().to_string(),
                    "wp:cat_name" => t.name = value.trim().to_string(),
                    "wp:category" => out.categories.extend(term.take()),
                    _ => {}
                }
            } else if in_image {
                in_image = name != "image";
            } else {
                let value = value.trim().to_string();
                match name {
                    "title" => out.title = value,
                    "description" => out.description = value,
                    "link" | "wp:base_blog_url" | "wp:base_site_url"
                        if !value.is_empty() && !out.bases.contains(&value) =>
                    {
                        out.bases.push(value)
                    }
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
