//! Accounts on the web: signing in and out, sign-up with email verification, password
//! reset, the reader's account page (profile, history, API tokens, deletion), turning
//! reply mails off from their link, and the mail outbox for administrators.

pub mod delete;
pub mod invite;
pub mod login;
pub mod outbox;
pub mod profile;
pub mod reset;
pub mod signup;
pub mod tokens;
pub mod two_step;
pub mod two_step_checks;
pub mod two_step_login;
pub mod unsubscribe;

/// A display name as readers will see it: trimmed, 1–80 characters, no control characters.
pub fn clean_name(name: &str) -> Option<String> {
    let name = name.trim();
    let ok = !name.is_empty() && name.chars().count() <= 80 && !name.chars().any(char::is_control);
    ok.then(|| name.to_string())
}
