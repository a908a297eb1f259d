//! Sections and tags: who may run them, the rules for their names and addresses, and the
//! page-cache change each write makes. The newsroom pages and the JSON API both call here,
//! so the two cannot disagree.

use crate::cache::Change;
use crate::editorial::input::{name_field, slug_error};
use crate::error::AppError;
use crate::state::AppState;
use broadsheet_domain::Slug;
use broadsheet_store::{Section, StoreError, Tag, User};

/// A section's name in `locale`: the Turkish name where one is given, else the name.
pub fn section_label(s: &Section, locale: &str) -> String {
    if locale == "tr" && !s.name_tr.is_empty() {
        s.name_tr.clone()
    } else {
        s.name.clone()
    }
}

/// A section as a form or a JSON body gives it; blank `slug` means "from the name".
pub struct SectionInput<'a> {
    pub slug: &'a str,
    pub name: &'a str,
    pub name_tr: &'a str,
    pub description: &'a str,
}

/// Editors and administrators run sections and tags; other staff get 403.
pub fn may_run(user: &User) -> Result<(), AppError> {
    match user.role().edits_all_articles() {
        true => Ok(()),
        false => Err(AppError::Forbidden),
    }
}

pub async fn create_section(
    state: &AppState,
    user: &User,
    input: &SectionInput<'_>,
) -> Result<Section, AppError> {
    may_run(user)?;
    let name = name_field("name", input.name, 80)?;
    let slug = match input.slug.trim() {
        "" => Slug::from_title(&name),
        s => Slug::parse(s).map_err(slug_error)?,
    };
    if slug.as_str() == "pages" {
        // `/pages/…` holds the standalone pages (decision 0032).
        return Err(AppError::field_said(
            "slug",
            "nr-err-slug-pages",
            &[],
            "the address /pages is kept for the site's pages; choose another",
        ));
    }
    let (name_tr, description) = (input.name_tr.trim(), input.description.trim());
    let created = state
        .store
        .create_section(slug.as_str(), &name, name_tr, description)
        .await;
    if let Err(StoreError::Conflict(_)) = created {
        let message = format!("there is a section at /{slug} already");
        let args = [("slug", slug.to_string())];
        return Err(AppError::field_said(
            "slug",
            "nr-err-section-taken",
            &args,
            message,
        ));
    }
    let section = created?;
    state.after_write(Change::Everything);
    Ok(section)
}

/// Renames a section or changes its description (its address stays).
pub async fn update_section(
    state: &AppState,
    user: &User,
    id: i64,
    input: &SectionInput<'_>,
) -> Result<(), AppError> {
    may_run(user)?;
    let name = name_field("name", input.name, 80)?;
    let (name_tr, description) = (input.name_tr.trim(), input.description.trim());
    state
        .store
        .update_section(id, &name, name_tr, description)
        .await?;
    state.after_write(Change::Everything);
    Ok(())
}

/// A new tag; no page shows it until an article carries it, so nothing cached changes.
pub async fn create_tag(state: &AppState, user: &User, name: &str) -> Result<Tag, AppError> {
    may_run(user)?;
    let name = name_field("name", name, 60)?;
    let slug = Slug::from_title(&name);
    Ok(state.store.create_tag(slug.as_str(), &name).await?)
}

pub async fn rename_tag(
    state: &AppState,
    user: &User,
    id: i64,
    name: &str,
) -> Result<(), AppError> {
    may_run(user)?;
    state
        .store
        .rename_tag(id, &name_field("name", name, 60)?)
        .await?;
    state.after_write(Change::Everything);
    Ok(())
}

pub async fn delete_tag(state: &AppState, user: &User, id: i64) -> Result<(), AppError> {
    may_run(user)?;
    state.store.delete_tag(id).await?;
    state.after_write(Change::Everything);
    Ok(())
}
