//! Managing endpoints, shared by the newsroom pages and the JSON API. Only
//! administrators may; that check lives here, once, in [`only_admins`].

use super::send::SECRET_CONTEXT;
use super::{ALLOW_PRIVATE_SETTING, Event, private_targets_allowed, target};
use crate::error::AppError;
use crate::state::AppState;
use broadsheet_domain::Role;
use broadsheet_store::{User, WebhookEndpoint, WebhookInput};

/// How many deliveries an endpoint's page lists.
pub const RECENT_DELIVERIES: i64 = 25;

/// Refuses everyone but administrators.
pub fn only_admins(user: &User) -> Result<(), AppError> {
    if user.role() == Role::Admin {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// An endpoint as an administrator describes it, before it is checked.
pub struct EndpointForm {
    pub url: String,
    pub events: Vec<String>,
    pub enabled: bool,
}

/// A checked endpoint: its address and its events, space-separated.
struct Checked {
    url: String,
    events: String,
}

/// Checks the address (scheme, and no private target unless allowed) and the events.
async fn check(state: &AppState, form: &EndpointForm) -> Result<Checked, AppError> {
    let url = target::parse(&form.url).map_err(|e| AppError::field("url", e.to_string()))?;
    let allow_private = private_targets_allowed(state).await;
    match target::resolve(&url, allow_private).await {
        // A name that does not resolve yet may be set up later; sending checks again.
        Ok(_) | Err(target::Refused::Unresolved(_)) => {}
        Err(e) => return Err(AppError::field("url", e.to_string())),
    }
    let mut events = Vec::new();
    for name in &form.events {
        let event = Event::parse(name.trim())
            .ok_or_else(|| AppError::field("events", format!("unknown event '{}'", name.trim())))?;
        if !events.contains(&event.name()) {
            events.push(event.name());
        }
    }
    if events.is_empty() {
        return Err(AppError::field("events", "choose at least one event"));
    }
    Ok(Checked {
        url: url.to_string(),
        events: events.join(" "),
    })
}

fn new_secret() -> String {
    broadsheet_store::secret::new_token("whsec_")
}

/// Registers an endpoint; returns its id and its secret, shown this once.
pub async fn create(
    state: &AppState,
    user: &User,
    form: &EndpointForm,
) -> Result<(i64, String), AppError> {
    only_admins(user)?;
    let checked = check(state, form).await?;
    let secret = new_secret();
    let input = WebhookInput {
        url: &checked.url,
        events: &checked.events,
        enabled: form.enabled,
    };
    let sealed = state.sealed.seal(SECRET_CONTEXT, &secret);
    let id = state.store.create_webhook(&input, &sealed, user.id).await?;
    tracing::info!(admin = user.id, webhook = id, "webhook endpoint created");
    Ok((id, secret))
}

pub async fn update(
    state: &AppState,
    user: &User,
    id: i64,
    form: &EndpointForm,
) -> Result<(), AppError> {
    only_admins(user)?;
    let checked = check(state, form).await?;
    let input = WebhookInput {
        url: &checked.url,
        events: &checked.events,
        enabled: form.enabled,
    };
    if !state.store.update_webhook(id, &input, user.id).await? {
        return Err(AppError::NotFound);
    }
    Ok(())
}

/// Gives an endpoint a new secret; returns it, shown this once.
pub async fn rotate(state: &AppState, user: &User, id: i64) -> Result<String, AppError> {
    only_admins(user)?;
    let secret = new_secret();
    let sealed = state.sealed.seal(SECRET_CONTEXT, &secret);
    if !state
        .store
        .rotate_webhook_secret(id, &sealed, user.id)
        .await?
    {
        return Err(AppError::NotFound);
    }
    Ok(secret)
}

pub async fn delete(state: &AppState, user: &User, id: i64) -> Result<(), AppError> {
    only_admins(user)?;
    if !state.store.delete_webhook(id, user.id).await? {
        return Err(AppError::NotFound);
    }
    Ok(())
}

/// Queues a `webhook.test` delivery to one enabled endpoint.
pub async fn send_test(state: &AppState, user: &User, id: i64) -> Result<(), AppError> {
    only_admins(user)?;
    let endpoint = endpoint(state, user, id).await?;
    if !endpoint.enabled {
        return Err(AppError::Conflict(
            "this endpoint is disabled; enable it first".into(),
        ));
    }
    let now = broadsheet_store::now();
    let data = serde_json::json!({ "message": "A test event from Broadsheet.", "endpoint_id": id });
    let body = super::payload(Event::Test, data, now);
    state
        .store
        .queue_webhook_deliveries(Event::Test.name(), &body, Some(id), now)
        .await?;
    Ok(())
}

pub async fn endpoints(state: &AppState, user: &User) -> Result<Vec<WebhookEndpoint>, AppError> {
    only_admins(user)?;
    Ok(state.store.webhook_endpoints().await?)
}

pub async fn endpoint(state: &AppState, user: &User, id: i64) -> Result<WebhookEndpoint, AppError> {
    only_admins(user)?;
    state
        .store
        .webhook_endpoint(id)
        .await?
        .ok_or(AppError::NotFound)
}

/// Turns "allow private targets" on or off, audit-logged.
pub async fn set_allow_private(state: &AppState, user: &User, allow: bool) -> Result<(), AppError> {
    only_admins(user)?;
    let value = if allow { "true" } else { "false" };
    state
        .store
        .set_setting_audited(ALLOW_PRIVATE_SETTING, value, user.id)
        .await?;
    Ok(())
}
