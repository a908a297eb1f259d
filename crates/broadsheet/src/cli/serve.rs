//! `serve`: bind, open the database, do first-start work, and serve until told to stop.

use super::maintenance::{open_store, redact};
use crate::config::DataConfig;
use crate::state::{AppState, SiteOptions};
use anyhow::Context;
use clap::{Args, Parser};
use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Args, Debug, Clone)]
pub struct ServeArgs {
    /// Address and port to listen on.
    #[arg(long, env = "BROADSHEET_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// Skip the demo content on first start.
    #[arg(long, env = "BROADSHEET_NO_DEMO")]
    pub no_demo: bool,
    /// Public base URL (for links in mail, feeds and the setup link). Default: from --listen.
    #[arg(long, env = "BROADSHEET_BASE_URL")]
    pub base_url: Option<String>,
    /// A theme directory whose files override the built-in theme.
    #[arg(long, env = "BROADSHEET_THEME_DIR")]
    pub theme_dir: Option<PathBuf>,
    /// The site's default UI language.
    #[arg(long, env = "BROADSHEET_LOCALE", default_value = "en")]
    pub locale: String,
    /// Set when a TLS-terminating proxy is in front: secure cookies and HSTS.
    #[arg(long, env = "BROADSHEET_BEHIND_TLS")]
    pub behind_tls: bool,
}

#[derive(Parser)]
struct ServeOnly {
    #[command(flatten)]
    args: ServeArgs,
}

impl ServeArgs {
    /// The serve options when no subcommand is given: defaults plus environment.
    pub fn parse_default() -> ServeArgs {
        ServeOnly::parse_from(["broadsheet"]).args
    }
}

pub async fn run(data: DataConfig, args: ServeArgs) -> anyhow::Result<()> {
    // Bind first: a port in use must fail before anything is created on disk.
    let listener = tokio::net::TcpListener::bind(args.listen)
        .await
        .with_context(|| format!("cannot listen on {}", args.listen))?;
    let base_url = args
        .base_url
        .clone()
        .unwrap_or_else(|| format!("http://{}", args.listen))
        .trim_end_matches('/')
        .to_string();
    let store = open_store(&data).await?;
    crate::content::first_start::run(&store, !args.no_demo, &base_url).await?;
    let site_name = store
        .setting("site_name")
        .await?
        .unwrap_or_else(|| "Broadsheet".into());
    let options = SiteOptions {
        site_name,
        base_url: base_url.clone(),
        theme_dir: args.theme_dir.clone(),
        default_locale: args.locale.clone(),
        behind_tls: args.behind_tls,
    };
    let state = AppState::new(store.clone(), data, options)?;
    let app = crate::router::build(state);
    tracing::info!(listen = %args.listen, database = %redact(&store_url_hint(&store)), "serving {base_url}");
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await
    .context("the server stopped with an error")?;
    tracing::info!("shutting down: closing the database");
    store.close().await;
    Ok(())
}

fn store_url_hint(store: &broadsheet_store::Store) -> String {
    format!("{:?}", store.backend()).to_lowercase()
}

/// Resolves on SIGINT or SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
    tracing::info!("shutdown signal received: finishing in-flight requests");
}
