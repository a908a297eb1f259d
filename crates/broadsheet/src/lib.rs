//! Broadsheet, the application: command line, HTTP server, reader site and newsroom.

pub mod ads;
pub mod api;
pub mod auth;
pub mod cache;
pub mod cli;
pub mod cluster;
pub mod comments;
pub mod config;
pub mod content;
pub mod editorial;
pub mod error;
pub mod feeds;
pub mod http;
pub mod i18n;
pub mod import;
pub mod jobs;
pub mod mail;
pub mod media;
pub mod router;
pub mod screening;
pub mod state;
pub mod telemetry;
pub mod theme;
pub mod theme_fns;
pub mod web;
pub mod webhooks;
