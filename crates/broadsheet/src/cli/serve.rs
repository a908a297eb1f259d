//! `serve`: bind, open the database, do first-start work, and serve until told to stop.

use super::maintenance::{open_store, redact};
use super::storage::{CaFileArgs, MediaArgs};
use crate::comments::streams::{StreamGate, StreamLimits};
use crate::config::DataConfig;
use crate::http::client_addr::TrustedProxies;
use crate::http::server::ServerLimits;
use crate::state::{AppState, SiteOptions};
use anyhow::Context;
use clap::builder::BoolishValueParser;
use clap::{Args, Parser};
use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Args, Debug, Clone)]
pub struct ServeArgs {
    /// Address and port to listen on.
    #[arg(long, env = "BROADSHEET_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// Skip the demo content on first start.
    #[arg(long, env = "BROADSHEET_NO_DEMO", value_parser = BoolishValueParser::new())]
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
    /// Multiplies every rate-limit quota, for load tests from one address (default 1).
    #[arg(long, env = "BROADSHEET_RATE_LIMIT_SCALE", default_value_t = 1)]
    pub rate_limit_scale: u32,
    /// Most client connections open at once; more wait in the listen backlog.
    #[arg(long, env = "BROADSHEET_MAX_CONNECTIONS", default_value_t = 4096)]
    pub max_connections: usize,
    /// Seconds a live comment stream stays open before the server ends it (the browser
    /// reconnects and resumes).
    #[arg(long, env = "BROADSHEET_STREAM_LIFETIME", default_value_t = 600)]
    pub stream_lifetime: u64,
    /// Seconds a request may take, body included (a slow upload is cut off with 408).
    #[arg(long, env = "BROADSHEET_REQUEST_TIMEOUT", default_value_t = 30)]
    pub request_timeout: u64,
    /// Seconds a client may take to send its request headers.
    #[arg(long, env = "BROADSHEET_HEADER_TIMEOUT", default_value_t = 10)]
    pub header_timeout: u64,
    /// Proxies allowed to name the client in X-Forwarded-For or Forwarded: a
    /// comma-separated list of addresses and networks, e.g. `127.0.0.1,10.0.0.0/8`.
    /// Default: none (the socket address is the client).
    #[arg(long, env = "BROADSHEET_TRUSTED_PROXIES", value_parser = TrustedProxies::parse, default_value = "")]
    pub trusted_proxies: TrustedProxies,
    /// Serve /metrics on the main listener to `Authorization: Bearer <token>`.
    /// Without it (and without --metrics-listen) /metrics is not served.
    #[arg(long, env = "BROADSHEET_METRICS_TOKEN")]
    pub metrics_token: Option<String>,
    /// Serve /metrics (and /healthz, /readyz) without a token on this separate address,
    /// for a scraper on a private network.
    #[arg(long, env = "BROADSHEET_METRICS_LISTEN")]
    pub metrics_listen: Option<SocketAddr>,
    /// Set when a TLS-terminating proxy is in front: secure cookies and HSTS.
    #[arg(long, env = "BROADSHEET_BEHIND_TLS", value_parser = BoolishValueParser::new())]
    pub behind_tls: bool,
    /// Largest image upload accepted, in megabytes.
    #[arg(long, env = "BROADSHEET_MAX_UPLOAD_MB", default_value_t = 20)]
    pub max_upload_mb: usize,
    /// Send mail over SMTP: `smtps://user:pass@host[:port]` (TLS, port 465),
    /// `smtp://user:pass@host[:port]?tls=starttls` (STARTTLS required, port 587), or
    /// `smtp://host[:port]` (no TLS, port 25; a password only to this machine). Without
    /// it mail waits in the outbox that administrators read at /newsroom/outbox.
    #[arg(long, env = "BROADSHEET_SMTP_URL")]
    pub smtp_url: Option<String>,
    #[command(flatten)]
    pub media: MediaArgs,
    /// Link images in pages at this address instead of /media (a CDN, or the bucket's
    /// public URL holding the same `<key>/<file>` objects); /media keeps serving.
    #[arg(long, env = "BROADSHEET_MEDIA_PUBLIC_URL", value_parser = crate::media::PublicUrl::parse)]
    pub media_public_url: Option<crate::media::PublicUrl>,
    #[command(flatten)]
    pub ca: CaFileArgs,
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
    let metrics_listener = match args.metrics_listen {
        Some(addr) => Some(
            tokio::net::TcpListener::bind(addr)
                .await
                .with_context(|| format!("cannot listen for metrics on {addr}"))?,
        ),
        None => None,
    };
    let base_url = args
        .base_url
        .clone()
        .unwrap_or_else(|| format!("http://{}", args.listen))
        .trim_end_matches('/')
        .to_string();
    let tls = std::sync::Arc::new(args.ca.tls()?);
    let storage = args.media.storage(&data.data_dir, tls.clone()).await?;
    let store = open_store(&data).await?;
    // The secret key lives in the data directory whatever the database (a PostgreSQL
    // node with media in a bucket may have nothing else there).
    data.prepare_data_dir()?;
    crate::content::first_start::run(&store, !args.no_demo, &base_url).await?;
    let site_name = store
        .setting("site_name")
        .await?
        .unwrap_or_else(|| "Broadsheet".into());
    let site_description = store.setting("site_description").await?.unwrap_or_default();
    let options = SiteOptions {
        site_name,
        site_description,
        base_url: base_url.clone(),
        theme_dir: args.theme_dir.clone(),
        default_locale: args.locale.clone(),
        behind_tls: args.behind_tls,
        rate_limit_scale: args.rate_limit_scale,
        request_timeout: std::time::Duration::from_secs(args.request_timeout.max(1)),
        trusted_proxies: args.trusted_proxies.clone(),
        metrics_token: args.metrics_token.clone().filter(|t| !t.is_empty()),
        media_public_url: args.media_public_url.clone(),
    };
    let mut state = AppState::new(store.clone(), data, options)?;
    state.configure().tls = tls.clone();
    if let Some(url) = args.smtp_url.as_deref().filter(|u| !u.is_empty()) {
        let from = crate::mail::default_sender(state.site_name(), &base_url);
        let mailer = crate::mail::Mailer::smtp(url, &from, &state.tls)?;
        state.configure().mailer = std::sync::Arc::new(mailer);
    }
    let media = crate::media::Media {
        max_bytes: args.max_upload_mb.max(1) * 1024 * 1024,
        storage,
        ..crate::media::Media::local(&state.data.data_dir)
    };
    state.configure().media = std::sync::Arc::new(media);
    state.configure().live_streams =
        std::sync::Arc::new(StreamGate::new(StreamLimits::for_connections(
            args.max_connections,
            std::time::Duration::from_secs(args.stream_lifetime.max(1)),
        )));
    let sealed = crate::auth::sealed::seal_plain_two_step_secrets(&store, &state.sealed).await?;
    if sealed > 0 {
        tracing::info!(sealed, "two-step secrets stored in clear are now sealed");
    }
    // The screener model this site activated, if any (the shipped one otherwise).
    crate::screening::reload(&state).await;
    let cluster = crate::cluster::spawn(&state);
    let jobs = crate::jobs::spawn(state.clone(), crate::jobs::EVERY);
    let ad_counts = crate::ads::counter::Flusher::spawn(state.ads.clone(), store.clone());
    let (stop_metrics, metrics_server) = match metrics_listener {
        Some(listener) => {
            let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
            let routes = crate::web::health::private_routes(state.clone());
            let until = async move {
                let _ = stopped.await;
            };
            let server =
                crate::http::server::serve(listener, routes, ServerLimits::default(), until);
            (Some(stop), Some(tokio::spawn(server)))
        }
        None => (None, None),
    };
    let app = crate::router::front(state);
    tracing::info!(listen = %args.listen, database = %redact(&store_url_hint(&store)), "serving {base_url}");
    let limits = ServerLimits {
        max_connections: args.max_connections,
        header_read_timeout: std::time::Duration::from_secs(args.header_timeout.max(1)),
        ..ServerLimits::default()
    };
    crate::http::server::serve(listener, app, limits, shutdown_signal()).await;
    if let (Some(stop), Some(server)) = (stop_metrics, metrics_server) {
        let _ = stop.send(());
        let _ = server.await;
    }
    jobs.stop().await;
    // After the last request: write every ad event already acknowledged.
    ad_counts.stop().await;
    cluster.stop();
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
