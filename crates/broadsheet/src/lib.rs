//! Broadsheet, the application: command line, HTTP server, reader site and newsroom.

pub mod auth;
pub mod cache;
pub mod cli;
pub mod config;
pub mod content;
pub mod error;
pub mod http;
pub mod i18n;
pub mod router;
pub mod state;
pub mod telemetry;
pub mod theme;
pub mod theme_fns;
pub mod web;
