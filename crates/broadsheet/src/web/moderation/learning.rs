//! The screener at the desk: the models trained on this site's decisions beside the one
//! in use, training a new candidate, activating one or going back to the shipped model
//! (administrators), and how far moderators agree with the screener (everyone at the desk).

use crate::auth::csrf::CsrfForm;
use crate::auth::extract::Moderator;
use crate::error::AppError;
use crate::screening::learn::{AUTO_ACTIVATE, Comparison, LearnError, MIN_DECISIONS};
use crate::screening::{self, insight};
use crate::state::AppState;
use crate::web::{Ctx, render};
use axum::extract::{Query, State};
use axum::response::{Redirect, Response};
use broadsheet_domain::Role;
use broadsheet_store::{ScreenerModel, User};
use serde::{Deserialize, Serialize};

#[derive(Serialize)]
struct Row {
    model: ScreenerModel,
    comparison: Option<Comparison>,
}

#[derive(Serialize)]
struct View {
    models: Vec<Row>,
    active: Option<i64>,
    admin: bool,
    auto: bool,
    training: bool,
    notice: Option<String>,
    insights: Vec<insight::Insight>,
}

#[derive(Serialize)]
struct Page {
    nr: View,
}

#[derive(Deserialize, Default)]
pub struct NoticeQuery {
    notice: Option<String>,
}

pub async fn page(
    State(state): State<AppState>,
    Moderator(user): Moderator,
    ctx: Ctx,
    Query(q): Query<NoticeQuery>,
) -> Result<Response, AppError> {
    let models = state.store.screener_models().await?;
    let rows = models
        .into_iter()
        .map(|model| Row {
            comparison: serde_json::from_str(&model.metrics).ok(),
            model,
        })
        .collect();
    let mut insights = Vec::new();
    for days in [7, 30] {
        insights.push(insight::over_days(&state.store, days).await?);
    }
    let view = View {
        models: rows,
        active: state.screener.model_id(),
        admin: user.role() == Role::Admin,
        auto: crate::screening::learn::auto_activate(&state.store).await,
        training: state.screener.is_training(),
        notice: q.notice.filter(|n| n.len() < 300),
        insights,
    };
    render(&state, &ctx, "moderation/screener.html", Page { nr: view })
}

fn admin(user: &User) -> Result<(), AppError> {
    (user.role() == Role::Admin)
        .then_some(())
        .ok_or(AppError::Forbidden)
}

fn back(notice: &str) -> Redirect {
    Redirect::to(&crate::http::errors::with_query_param(
        "/newsroom/moderation/screener",
        "notice",
        notice,
    ))
}

#[derive(Deserialize)]
pub struct Empty {}

/// Starts training a candidate in the background; the page shows it when it is stored.
pub async fn train(
    State(state): State<AppState>,
    Moderator(user): Moderator,
    CsrfForm(_): CsrfForm<Empty>,
) -> Result<Redirect, AppError> {
    admin(&user)?;
    let decisions = state.store.desk_decisions(0).await?.len();
    if decisions < MIN_DECISIONS {
        return Err(AppError::bad(
            LearnError::TooFewDecisions(decisions).to_string(),
        ));
    }
    if !state.screener.start_training() {
        return Err(AppError::Conflict(
            "a model is being trained already".into(),
        ));
    }
    let bg = state.clone();
    tokio::spawn(async move {
        let outcome = screening::retrain(&bg, Some(user.id)).await;
        if let Err(e) = outcome {
            tracing::warn!(error = %e, "screener training failed");
        }
        bg.screener.finish_training();
    });
    Ok(back("training started"))
}

#[derive(Deserialize)]
pub struct ActivateForm {
    /// Empty: the shipped model.
    #[serde(default)]
    id: String,
}

/// Activates a stored model, or the shipped one, on every node.
pub async fn activate(
    State(state): State<AppState>,
    Moderator(user): Moderator,
    CsrfForm(form): CsrfForm<ActivateForm>,
) -> Result<Redirect, AppError> {
    admin(&user)?;
    let id = match form.id.trim() {
        "" => None,
        n => Some(
            n.parse()
                .map_err(|_| AppError::field("id", "not a model number"))?,
        ),
    };
    if !screening::activate(&state, id).await? {
        return Err(AppError::NotFound);
    }
    Ok(back(match id {
        Some(_) => "model activated",
        None => "shipped model activated",
    }))
}

#[derive(Deserialize)]
pub struct AutoForm {
    #[serde(default)]
    auto: Option<String>,
}

/// Turns automatic activation of candidates that are not worse on or off.
pub async fn auto(
    State(state): State<AppState>,
    Moderator(user): Moderator,
    CsrfForm(form): CsrfForm<AutoForm>,
) -> Result<Redirect, AppError> {
    admin(&user)?;
    let on = form.auto.as_deref() == Some("on");
    state
        .store
        .set_setting(AUTO_ACTIVATE, if on { "on" } else { "off" })
        .await?;
    Ok(back("settings saved"))
}
