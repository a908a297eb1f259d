//! Reading a Disqus comments export: threads (one per page, by link) and the posts in
//! them, with replies pointing at their parent.

use super::threads::Imported;
use super::xml::{Node, attr, walk};
use crate::editorial::old_paths;
use broadsheet_store::CommentStatus;
use std::io::BufRead;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Thread {
    pub id: String,
    pub link: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Post {
    pub id: String,
    pub thread: String,
    pub parent: String,
    pub message: String,
    pub author: String,
    pub email: String,
    pub created_at: i64,
    pub deleted: bool,
    pub spam: bool,
}

#[derive(Debug, Default)]
pub struct Disqus {
    pub threads: Vec<Thread>,
    pub posts: Vec<Post>,
}

impl Disqus {
    /// The posts of thread `id`, ready for `threads::add`.
    pub fn comments_of(&self, id: &str) -> Vec<Imported> {
        let key = |id: &str| format!("disqus-{id}");
        self.posts
            .iter()
            .filter(|p| p.thread == id)
            .map(|p| Imported {
                key: key(&p.id),
                parent_key: (!p.parent.is_empty()).then(|| key(&p.parent)),
                author: p.author.clone(),
                email: p.email.clone(),
                body: p.message.clone(),
                status: (!p.deleted && !p.spam).then_some(CommentStatus::Visible),
                created_at: p.created_at,
            })
            .collect()
    }
}

/// The `(section, slug)` a thread's link names, from its path `/<section>/<slug>/`.
pub fn story_path(link: &str) -> Option<(String, String)> {
    let after_scheme = link.split_once("://").map_or(link, |(_, rest)| rest);
    let path = after_scheme.split_once('/').map_or("", |(_, p)| p);
    let path = path.split(['?', '#']).next().unwrap_or("");
    let mut parts = path.split('/').filter(|p| !p.is_empty());
    match (parts.next(), parts.next(), parts.next()) {
        (Some(section), Some(slug), None) => Some((section.to_string(), slug.to_string())),
        _ => None,
    }
}

/// Keys under which an old site's link may be recorded: its own path (or `?p=` id),
/// then without its first folder, then without its first two.
pub fn old_path_keys(link: &str) -> Vec<String> {
    let after_scheme = link.split_once("://").map_or(link, |(_, rest)| rest);
    let rest = after_scheme
        .find(['/', '?'])
        .map_or("", |i| &after_scheme[i..]);
    let rest = rest.split('#').next().unwrap_or("");
    let (path, query) = match rest.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (rest, None),
    };
    let path = if path.is_empty() { "/" } else { path };
    let mut keys: Vec<String> = Vec::new();
    let mut current = path;
    for _ in 0..3 {
        if let Some(k) = old_paths::key(current, query).filter(|k| !keys.contains(k)) {
            keys.push(k);
        }
        match current.trim_start_matches('/').split_once('/') {
            Some((_, tail)) if !tail.trim_matches('/').is_empty() => {
                current = &current[current.len() - tail.len() - 1..]
            }
            _ => break,
        }
    }
    keys
}

fn rfc3339(text: &str) -> i64 {
    time::OffsetDateTime::parse(text.trim(), &time::format_description::well_known::Rfc3339)
        .map(|t| t.unix_timestamp())
        .unwrap_or(0)
}

/// Parses a whole Disqus export. Not well-formed, or without threads, is an error.
pub fn parse(input: impl BufRead) -> Result<Disqus, String> {
    let mut out = Disqus::default();
    let (mut thread, mut post) = (None::<Thread>, None::<Post>);
    walk(input, |node| match node {
        Node::Start { name, attrs } => {
            let id = attr(attrs, "dsq:id").to_string();
            match (name, post.as_mut()) {
                ("post", _) => {
                    post = Some(Post {
                        id,
                        ..Default::default()
                    })
                }
                ("thread", Some(p)) => p.thread = id,
                ("parent", Some(p)) => p.parent = id,
                ("thread", None) => {
                    thread = Some(Thread {
                        id,
                        ..Default::default()
                    })
                }
                _ => {}
            }
        }
        Node::End { name, text } => {
            if let Some(p) = post.as_mut() {
                match name {
                    "message" => p.message = text,
                    "createdAt" => p.created_at = rfc3339(&text),
                    "isDeleted" => p.deleted = text.trim() == "true",
                    "isSpam" => p.spam = text.trim() == "true",
                    "name" => p.author = text.trim().to_string(),
                    "email" => p.email = text.trim().to_string(),
                    "post" => out.posts.extend(post.take()),
                    _ => {}
                }
            } else if let Some(t) = thread.as_mut() {
                match name {
                    "link" => t.link = text.trim().to_string(),
                    "thread" => out.threads.extend(thread.take()),
                    _ => {}
                }
            }
        }
    })
    .map_err(|e| format!("not a valid Disqus export: {e}"))?;
    if out.threads.is_empty() {
        return Err("no Disqus threads found: is this a Disqus export?".into());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::{old_path_keys, story_path};

    #[test]
    fn old_links_give_keys_with_and_without_folders() {
        assert_eq!(
            old_path_keys("https://old.example/blog/2024/05/01/quay/"),
            ["/blog/2024/05/01/quay", "/2024/05/01/quay", "/05/01/quay"]
        );
        assert_eq!(old_path_keys("http://old.example/?p=101"), ["/?p=101"]);
        assert_eq!(old_path_keys("https://old.example/"), Vec::<String>::new());
    }

    #[test]
    fn links_name_a_section_and_slug() {
        let pair = |s: &str, t: &str| Some((s.to_string(), t.to_string()));
        assert_eq!(
            story_path("https://courier.example/transport/ferry/"),
            pair("transport", "ferry")
        );
        assert_eq!(
            story_path("http://x.example/city/a-b?utm=1#c"),
            pair("city", "a-b")
        );
        assert_eq!(story_path("https://x.example/"), None);
        assert_eq!(story_path("https://x.example/a/b/c"), None);
        assert_eq!(story_path("not a link"), None);
    }
}
