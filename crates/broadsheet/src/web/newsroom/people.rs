//! Users, roles and two-step resets (administrators only) and each writer's own author
//! profile.

use super::{Admin, Writer, see_other};
use crate::auth::{csrf::CsrfForm, password};
use crate::editorial::input::name_field;
use crate::error::AppError;
use crate::state::AppState;
use crate::web::Ctx;
use axum::extract::{Path, State};
use axum::response::Response;
use broadsheet_domain::{EmailAddress, Role};
use serde::Deserialize;

pub async fn users(
    State(state): State<AppState>,
    Admin(_): Admin,
    ctx: Ctx,
) -> Result<Response, AppError> {
    let people = state.store.list_people(false).await?;
    let roles: Vec<&str> = Role::ALL.iter().map(|r| r.as_str()).collect();
    super::show(
        &state,
        &ctx,
        "users",
        serde_json::json!({ "people": people, "roles": roles }),
    )
}

#[derive(Deserialize)]
pub struct NewUserForm {
    email: String,
    name: String,
    role: String,
    password: String,
}

pub async fn create_user(
    State(state): State<AppState>,
    Admin(admin): Admin,
    CsrfForm(f): CsrfForm<NewUserForm>,
) -> Result<Response, AppError> {
    let email =
        EmailAddress::parse(&f.email).map_err(|e| AppError::field("email", e.to_string()))?;
    let name = name_field("name", &f.name, 80)?;
    let role: Role = f
        .role
        .parse()
        .map_err(|e: broadsheet_domain::role::UnknownRole| {
            AppError::field("role", e.to_string())
        })?;
    if f.password.chars().count() < 10 {
        return Err(AppError::field(
            "password",
            "the password needs at least 10 characters",
        ));
    }
    let hash = password::hash(f.password).await?;
    let user = state
        .store
        .create_user(&email, &name, role, Some(&hash))
        .await?;
    tracing::info!(
        admin = admin.id,
        user = user.id,
        role = role.as_str(),
        "user created"
    );
    Ok(see_other("/newsroom/users"))
}

#[derive(Deserialize)]
pub struct RoleForm {
    role: String,
}

pub async fn set_role(
    State(state): State<AppState>,
    Admin(admin): Admin,
    Path(id): Path<i64>,
    CsrfForm(f): CsrfForm<RoleForm>,
) -> Result<Response, AppError> {
    let role: Role = f
        .role
        .parse()
        .map_err(|e: broadsheet_domain::role::UnknownRole| {
            AppError::field("role", e.to_string())
        })?;
    if id == admin.id && role != Role::Admin {
        return Err(AppError::field(
            "role",
            "you cannot take away your own administrator role",
        ));
    }
    state.store.set_role(id, role).await?;
    tracing::info!(
        admin = admin.id,
        user = id,
        role = role.as_str(),
        "role changed"
    );
    Ok(see_other("/newsroom/users"))
}

/// Turns off two-step sign-in for a colleague who lost their authenticator and recovery
/// codes; the audit log records which administrator did it.
pub async fn reset_two_step(
    State(state): State<AppState>,
    Admin(admin): Admin,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm<super::taxonomy::Empty>,
) -> Result<Response, AppError> {
    state
        .store
        .reset_two_step(id, Some(admin.id), "by an administrator")
        .await?;
    tracing::info!(admin = admin.id, user = id, "two-step sign-in reset");
    Ok(see_other("/newsroom/users"))
}

pub async fn profile(
    State(state): State<AppState>,
    Writer(user): Writer,
    ctx: Ctx,
) -> Result<Response, AppError> {
    let person = state
        .store
        .person(user.id)
        .await?
        .ok_or(AppError::NotFound)?;
    super::show(
        &state,
        &ctx,
        "profile",
        serde_json::json!({ "person": person }),
    )
}

#[derive(Deserialize)]
pub struct ProfileForm {
    name: String,
    #[serde(default)]
    bio: String,
    #[serde(default)]
    photo_url: String,
    #[serde(default)]
    links: String,
}

pub async fn save_profile(
    State(state): State<AppState>,
    Writer(user): Writer,
    CsrfForm(f): CsrfForm<ProfileForm>,
) -> Result<Response, AppError> {
    let name = name_field("name", &f.name, 80)?;
    let bio = f.bio.trim();
    if bio.chars().count() > 2000 {
        return Err(AppError::field(
            "bio",
            "the bio is longer than 2000 characters",
        ));
    }
    let photo = f.photo_url.trim();
    let link_ok = |l: &str| {
        (l.starts_with("https://") || l.starts_with("http://") || l.starts_with("/media/"))
            && !l.chars().any(|c| c.is_whitespace() || c == '"' || c == '<')
    };
    if !photo.is_empty() && !link_ok(photo) {
        return Err(AppError::field(
            "photo_url",
            "the photo must be a /media/ path or an http(s) URL",
        ));
    }
    let links: Vec<&str> = f
        .links
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    if links.len() > 10 || links.iter().any(|l| !(l.starts_with("http") && link_ok(l))) {
        return Err(AppError::field(
            "links",
            "links must be up to ten http(s) URLs, one a line",
        ));
    }
    state
        .store
        .set_profile(&user, &name, bio, photo, &links.join("\n"))
        .await?;
    state.page_cache.invalidate_all();
    Ok(see_other("/newsroom/profile"))
}
