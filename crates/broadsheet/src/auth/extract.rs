//! Extractors for who is asking: the client's address for rate limits, and signed-in
//! users of a role. A handler names the role it needs in its signature; everyone else
//! gets 401 (not signed in) or 403 (signed in, wrong role).

use crate::auth::session::SignedIn;
use crate::error::AppError;
use crate::http::rate_limit::client_ip;
use crate::state::AppState;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use broadsheet_domain::Role;
use broadsheet_store::User;

/// The client's rate-limit key: its address (IPv6: its /64), read through the
/// configured trusted proxies.
pub struct ClientIp(pub String);

impl FromRequestParts<AppState> for ClientIp {
    type Rejection = std::convert::Infallible;
    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        Ok(ClientIp(client_ip(parts, &state.options.trusted_proxies)))
    }
}

/// Declares an extractor for a user that `$base` accepts and whose role passes `$allowed`.
macro_rules! role_extractor {
    ($(#[$doc:meta])* $name:ident from $base:ident where |$role:ident| $allowed:expr) => {
        $(#[$doc])*
        pub struct $name(pub User);

        impl FromRequestParts<AppState> for $name {
            type Rejection = AppError;
            async fn from_request_parts(
                parts: &mut Parts,
                state: &AppState,
            ) -> Result<Self, AppError> {
                let $base(user) = $base::from_request_parts(parts, state).await?;
                let $role = user.role();
                if $allowed { Ok($name(user)) } else { Err(AppError::Forbidden) }
            }
        }
    };
}

role_extractor!(
    /// A signed-in staff member (any role but reader).
    Staff from SignedIn where |role| role.is_staff()
);
role_extractor!(
    /// A moderator, editor or administrator: works the moderation desk.
    Moderator from SignedIn where |role| role.moderates()
);
role_extractor!(
    /// A staff member who writes articles (contributor, author, editor, admin).
    Writer from Staff where |role| role.writes_articles()
);
role_extractor!(
    /// An editor or administrator: runs sections, tags and newsletters.
    DeskEditor from Staff where |role| role.edits_all_articles()
);
role_extractor!(
    /// An administrator: users and roles, ads, webhooks, navigation.
    Admin from Staff where |role| role == Role::Admin
);
