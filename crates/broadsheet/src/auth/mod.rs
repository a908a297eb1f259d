//! Who is asking: passwords, sessions, API tokens and cross-site request forgery tokens.

pub mod csrf;
pub mod extract;
pub mod password;
pub mod qr;
pub mod recovery;
pub mod sealed;
pub mod session;
pub mod tokens;
pub mod totp;
