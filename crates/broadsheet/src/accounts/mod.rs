//! Accounts as a service: sign-up and its verification mail, password-reset links,
//! profile changes and account deletion. The handlers in `web/accounts/` check input,
//! rate limits and passwords, then call here.

pub mod links;
mod profiles;

pub use profiles::{delete, save_reader_profile, save_staff_profile};
