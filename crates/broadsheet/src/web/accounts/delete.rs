//! Deleting one's own account, after the password, keeping or removing the comments.

use super::profile::account_page;
use crate::auth::csrf::CsrfForm;
use crate::auth::password;
use crate::auth::session::{self, SignedIn};
use crate::error::AppError;
use crate::state::AppState;
use crate::web::Ctx;
use crate::web::respond::notice;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use broadsheet_store::DeletedComments;
use serde::Deserialize;

#[derive(Deserialize)]
pub struct DeleteForm {
    password: String,
    comments: String,
}

pub async fn submit(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: Ctx,
    CsrfForm(form): CsrfForm<DeleteForm>,
) -> Result<Response, AppError> {
    // Staff accounts own articles and audit history; an administrator removes them.
    if user.role().is_staff() {
        return Err(AppError::Forbidden);
    }
    let choice = match form.comments.as_str() {
        "keep" => DeletedComments::Keep,
        "remove" => DeletedComments::Remove,
        _ => {
            return Err(AppError::field(
                "comments",
                ctx.t(&state, "delete-error-choice"),
            ));
        }
    };
    let stored = user
        .password_hash
        .clone()
        .unwrap_or_else(|| password::dummy_hash().to_string());
    if !password::verify(form.password, stored).await {
        let error = ctx.t(&state, "delete-error-password");
        return account_page(&state, &ctx, &user, None, Some(error)).await;
    }
    crate::accounts::delete(&state, &user, choice).await?;
    let mut response = notice(
        &state,
        &ctx,
        StatusCode::OK,
        "account-deleted",
        ("/", "error-go-home"),
    )?;
    let expired = format!(
        "{}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0",
        session::COOKIE
    );
    response.headers_mut().append(
        header::SET_COOKIE,
        HeaderValue::from_str(&expired).expect("cookie"),
    );
    Ok(response)
}
