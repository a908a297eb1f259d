//! Accounts on the web: signing in and out (and, with the accounts work, sign-up,
//! verification, password reset and profiles).

pub mod login;
