//! Every integration test of the app in one binary (decision 0022): one link of the whole
//! application instead of one per file. Each module is one area; browser tests skip
//! without Chromium, PostgreSQL tests without a server, unless CI requires them.

mod common;
mod reader_support;

mod accounts_login;
mod accounts_signup;
mod accounts_two_step;
mod accounts_two_step_abuse;
mod ads_browser;
mod ads_http;
mod api_articles;
mod browser_smoke;
mod cli;
mod cli_archive;
mod cli_import;
mod cluster_nodes;
mod comments_api;
mod comments_browser;
mod comments_guest_browser;
mod comments_http;
mod foundation_http;
mod long_words_browser;
mod mail_smtp;
mod moderation_desk;
mod moderation_learning;
mod moderation_policy;
mod newsroom_authz;
mod newsroom_browser;
mod newsroom_bylines;
mod newsroom_images;
mod newsroom_revisions;
mod newsroom_scheduling;
mod newsroom_workflow;
mod reader_cache;
mod reader_feeds;
mod reader_pages;
mod reliability_crash;
mod reliability_db_outage;
mod reliability_disk_faults;
mod reliability_graceful_shutdown;
mod reliability_load;
mod reliability_slow_clients;
mod security_api_authz;
mod security_bad_input;
mod security_csrf;
mod security_hostile_queries;
mod security_live_streams;
mod security_reports;
mod security_token_abuse;
mod security_xss_browser;
mod security_xss_staff;
mod theme;
