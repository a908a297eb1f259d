//! Revision history: readable diffs between any two revisions, and restoring one.

use super::{finish_save, load};
use crate::error::AppError;
use crate::state::AppState;
use broadsheet_domain::Action;
use broadsheet_store::{ArticleInput, Revision, User};
use serde::Serialize;
use similar::{ChangeTag, TextDiff};

/// One line of a diff: `kind` is "same", "add" or "del".
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct DiffLine {
    pub kind: &'static str,
    pub text: String,
}

/// The changes to one field between two revisions.
#[derive(Debug, Serialize)]
pub struct FieldDiff {
    pub field: &'static str,
    pub changed: bool,
    pub lines: Vec<DiffLine>,
}

/// Line-by-line differences of `old` and `new`.
pub fn diff_text(old: &str, new: &str) -> Vec<DiffLine> {
    TextDiff::from_lines(old, new)
        .iter_all_changes()
        .map(|c| DiffLine {
            kind: match c.tag() {
                ChangeTag::Equal => "same",
                ChangeTag::Insert => "add",
                ChangeTag::Delete => "del",
            },
            text: c.value().trim_end_matches('\n').to_string(),
        })
        .collect()
}

/// Headline, standfirst and body differences between two revisions.
pub fn diff(old: &Revision, new: &Revision) -> Vec<FieldDiff> {
    [
        ("headline", &old.headline, &new.headline),
        ("standfirst", &old.standfirst, &new.standfirst),
        ("body", &old.body_md, &new.body_md),
    ]
    .into_iter()
    .map(|(field, a, b)| FieldDiff {
        field,
        changed: a != b,
        lines: diff_text(a, b),
    })
    .collect()
}

/// Two revisions of an article, or 404.
pub async fn pair(
    state: &AppState,
    id: i64,
    from: i64,
    to: i64,
) -> Result<(Revision, Revision), AppError> {
    let a = state
        .store
        .revision(id, from)
        .await?
        .ok_or(AppError::NotFound)?;
    let b = state
        .store
        .revision(id, to)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((a, b))
}

/// Makes revision `version`'s text current again as a new revision; `expected` is the
/// version the user saw, so a restore never overwrites a newer save.
pub async fn restore(
    state: &AppState,
    user: &User,
    id: i64,
    version: i64,
    expected: i64,
) -> Result<i64, AppError> {
    let loaded = load(state, id).await?;
    loaded.check(user, Action::Edit)?;
    let old = state
        .store
        .revision(id, version)
        .await?
        .ok_or(AppError::NotFound)?;
    let a = &loaded.article;
    let tags = state.store.tags_of_article(id).await?;
    let input = ArticleInput {
        section_id: a.section_id,
        slug: a.summary.slug.clone(),
        body_html: crate::content::markdown::render_article(&old.body_md).into_string(),
        word_count: crate::content::markdown::word_count(&old.body_md),
        headline: old.headline,
        standfirst: old.standfirst,
        body_md: old.body_md,
        language: a.summary.language.clone(),
        dateline: a.dateline.clone(),
        image_url: a.summary.image_url.clone(),
        image_alt: a.summary.image_alt.clone(),
        image_caption: a.image_caption.clone(),
        image_credit: a.image_credit.clone(),
        featured: a.summary.featured,
        comments_open: a.comments_open,
        seo_title: a.seo_title.clone(),
        seo_description: a.seo_description.clone(),
        canonical_url: a.canonical_url.clone(),
        author_ids: loaded.author_ids.clone(),
        tags: tags.into_iter().map(|t| (t.slug, t.name)).collect(),
    };
    let note = format!("restored version {version}");
    let outcome = state
        .store
        .save_article(Some(id), expected, &input, user.id, &note)
        .await?;
    finish_save(state, &loaded, outcome).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diffs_mark_added_and_removed_lines() {
        let d = diff_text("one\ntwo\nthree\n", "one\n2\nthree\n");
        let kinds: Vec<_> = d.iter().map(|l| (l.kind, l.text.as_str())).collect();
        assert_eq!(
            kinds,
            [
                ("same", "one"),
                ("del", "two"),
                ("add", "2"),
                ("same", "three")
            ]
        );
    }
}
