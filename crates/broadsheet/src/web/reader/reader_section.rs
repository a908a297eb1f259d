//! A signed-in reader's comment section under an article (decision 0048): a plain
//! reader (nothing of theirs in it) gets the section every plain reader sees, rendered
//! once per article, language and change and filled with their own form token and fresh
//! nonces; anyone else gets theirs rendered for them.

use super::Ctx;
use crate::cache::SectionCache;
use crate::cache::stencil::{SlotValues, StandIns, Stencil};
use crate::comments::public_rows::{ReaderRows, rows_for};
use crate::comments::section::{FormTokens, ReaderMarks, Section, build_section_with};
use crate::error::AppError;
use crate::state::AppState;
use crate::web::page::render_part;
use broadsheet_domain::Role;
use broadsheet_store::RoleText;
use broadsheet_store::User;
use minijinja::Value;
use minijinja::value::Serde;
use std::sync::Arc;

/// `user`'s comment section under `article_id`, rendered; `None` when the article
/// takes none.
pub(super) async fn for_reader(
    state: &AppState,
    ctx: &Ctx,
    user: &User,
    article_id: i64,
) -> Result<Option<String>, AppError> {
    let viewer = ctx.viewer();
    let Some(rows) = rows_for(state, &viewer, article_id).await? else {
        return Ok(None);
    };
    if rows.is_plain_for(user)
        && !state.fragments.sections_are_personal()
        && let Some(stencil) = shared(state, ctx, &rows, article_id).await?
    {
        let fresh = FormTokens::fresh();
        let values = SlotValues {
            csrf: &ctx.csrf,
            nonce: &fresh.nonce,
            forms: &fresh.forms,
        };
        return Ok(Some(stencil.fill(&values)));
    }
    let section = rows.section(state, &viewer).await?;
    Ok(Some(render(state, ctx, (Some(user), &ctx.csrf), &section)?))
}

/// The section as every plain reader sees it: held, else rendered for the stand-in
/// reader and cut. `None` when it shows the reader's own data (then never again tried).
async fn shared(
    state: &AppState,
    ctx: &Ctx,
    rows: &ReaderRows,
    article_id: i64,
) -> Result<Option<Arc<Stencil>>, AppError> {
    let held = &state.fragments.signed_in;
    let key = (article_id, (ctx.locale.clone(), rows.public.sort_name()));
    if let Some(stencil) = held.get(&state.page_cache, &key) {
        return Ok(Some(stencil));
    }
    let generation = SectionCache::generation(&state.page_cache);
    let stand_ins = StandIns::get();
    let reader = stand_in(&stand_ins.reader);
    let viewer = crate::comments::view::Viewer {
        user: Some(&reader),
        locale: &ctx.locale,
    };
    let values = stand_ins.values();
    let tokens = FormTokens {
        nonce: values.nonce.to_string(),
        forms: values.forms.to_string(),
    };
    let marks = ReaderMarks::default();
    let section = build_section_with(state, &viewer, &rows.public, &marks, tokens).await?;
    let html = render(state, ctx, (Some(&reader), values.csrf), &section)?;
    let Some(stencil) = Stencil::cut(&html) else {
        state.fragments.mark_sections_personal();
        return Ok(None);
    };
    let stencil = Arc::new(stencil);
    held.put(&state.page_cache, generation, key, stencil.clone());
    Ok(Some(stencil))
}

/// A signed-in reader no one is: a plain reader whose name, address and id a theme
/// that prints them would show (so the section is seen to be personal).
fn stand_in(marker: &str) -> User {
    User {
        id: StandIns::READER_ID,
        email: format!("{marker}@example.invalid"),
        display_name: marker.to_string(),
        role: RoleText(Role::Reader),
        password_hash: None,
        bio: marker.to_string(),
        created_at: 0,
    }
}

/// `section` rendered for `reader` (anonymous: `(None, "")`).
pub(super) fn render(
    state: &AppState,
    ctx: &Ctx,
    reader: (Option<&User>, &str),
    section: &Section,
) -> Result<String, AppError> {
    let data = minijinja::context! { comments => Value::from(Serde(section)) };
    render_part(state, &ctx.locale, reader, "comments/_section.html", data)
}
