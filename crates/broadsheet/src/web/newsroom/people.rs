//! Users, roles and two-step resets (administrators only) and each writer's own author
//! profile.

use super::see_other;
use crate::auth::extract::{Admin, Writer};
use crate::auth::{csrf::CsrfForm, password};
use crate::editorial::input::name_field;
use crate::error::AppError;
use crate::state::AppState;
use crate::web::Ctx;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use broadsheet_domain::{EmailAddress, Role};
use broadsheet_store::PeopleKind;
use serde::{Deserialize, Serialize};

/// People shown on one page of the users admin.
const PER_PAGE: i64 = 50;

/// `/newsroom/users?tab=staff|readers&q=…&page=N`.
#[derive(Deserialize, Default)]
pub struct UsersQuery {
    #[serde(default)]
    tab: String,
    #[serde(default)]
    q: String,
    #[serde(default)]
    page: Option<i64>,
}

/// The invitation form as typed, with the field that needs fixing and why.
#[derive(Serialize, Default)]
pub struct InviteEcho {
    pub email: String,
    pub name: String,
    pub role: String,
    pub field: Option<&'static str>,
    pub error: Option<String>,
}

pub async fn users(
    State(state): State<AppState>,
    Admin(_): Admin,
    ctx: Ctx,
    Query(q): Query<UsersQuery>,
) -> Result<Response, AppError> {
    users_page(&state, &ctx, &q, InviteEcho::default()).await
}

/// The users admin: a tab of staff or readers, searched and paged, and the
/// invitation form (echoing `invite` after a refused invitation).
pub async fn users_page(
    state: &AppState,
    ctx: &Ctx,
    q: &UsersQuery,
    invite: InviteEcho,
) -> Result<Response, AppError> {
    let readers = q.tab == "readers";
    let kind = if readers {
        PeopleKind::Readers
    } else {
        PeopleKind::Staff
    };
    let search: String = q.q.trim().chars().take(100).collect();
    let page = q.page.unwrap_or(1).clamp(1, 10_000);
    let (people, more) = state
        .store
        .search_people(kind, &search, (page - 1) * PER_PAGE, PER_PAGE)
        .await?;
    let tab = if readers { "readers" } else { "staff" };
    let link = |p: i64| {
        let mut url = format!("/newsroom/users?tab={tab}&page={p}");
        if !search.is_empty() {
            url = crate::http::errors::with_query_param(&url, "q", &search);
        }
        url
    };
    let roles: Vec<&str> = Role::ALL.iter().map(|r| r.as_str()).collect();
    let staff_roles: Vec<&str> = Role::ALL
        .iter()
        .filter(|r| r.is_staff())
        .map(|r| r.as_str())
        .collect();
    super::show(
        state,
        ctx,
        "users",
        serde_json::json!({
            "people": people, "roles": roles, "staff_roles": staff_roles,
            "tab": tab, "q": search, "page": page,
            "prev": (page > 1).then(|| link(page - 1)),
            "next": more.then(|| link(page + 1)),
            "invite": invite,
        }),
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
    Ok(see_other("/newsroom/users?done=user-created"))
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
    Ok(see_other("/newsroom/users?done=role-changed"))
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
    Ok(see_other("/newsroom/users?done=two-step-reset"))
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
    crate::accounts::save_staff_profile(&state, &user, &name, bio, photo, &links).await?;
    Ok(see_other("/newsroom/profile?done=profile-saved"))
}
