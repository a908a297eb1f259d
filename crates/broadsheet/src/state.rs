//! The state every handler shares: the store, the theme, metrics and site options.

use crate::cache::PageCache;
use crate::config::DataConfig;
use crate::http::rate_limit::Limits;
use crate::i18n::I18n;
use crate::telemetry::metrics::Metrics;
use crate::theme::Theme;
use broadsheet_store::Store;
use std::path::PathBuf;
use std::sync::Arc;

/// How long a request may take before it is answered with 408, unless configured.
pub const REQUEST_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

/// Options of the running site.
#[derive(Clone, Debug)]
pub struct SiteOptions {
    pub base_url: String,
    pub theme_dir: Option<PathBuf>,
    pub default_locale: String,
    pub behind_tls: bool,
    pub site_name: String,
    /// The site's one-line description (from a WordPress import); "" for the theme's.
    pub site_description: String,
    /// Multiplies every rate-limit quota (1 in production).
    pub rate_limit_scale: u32,
    /// How long a request may take, body upload included, before it is answered 408.
    pub request_timeout: std::time::Duration,
    /// Proxies whose forwarding headers name the client (`--trusted-proxies`).
    pub trusted_proxies: crate::http::client_addr::TrustedProxies,
    /// The bearer token that opens `/metrics` on the main listener; none: 404.
    pub metrics_token: Option<String>,
    /// Where pages link uploaded images (`--media-public-url`, a CDN or the bucket's
    /// public address), without a trailing slash; none: this site's `/media`.
    pub media_public_url: Option<crate::media::PublicUrl>,
}

impl SiteOptions {
    /// Options for tests and tools: a loopback base URL and the built-in theme.
    pub fn local() -> SiteOptions {
        SiteOptions {
            base_url: "http://127.0.0.1:8080".into(),
            theme_dir: None,
            default_locale: "en".into(),
            behind_tls: false,
            site_name: "Broadsheet".into(),
            site_description: String::new(),
            rate_limit_scale: 1,
            request_timeout: REQUEST_TIMEOUT,
            trusted_proxies: Default::default(),
            metrics_token: None,
            media_public_url: None,
        }
    }

    /// The base of image addresses in pages: `<base>/<key>/<file>`.
    pub fn media_base(&self) -> &str {
        match &self.media_public_url {
            Some(public) => public.base(),
            None => "/media",
        }
    }
}

/// What every handler shares, behind one `Arc`: cloning the state for a request or a
/// middleware layer is a single reference count, not one per field (that showed up as a
/// quarter of the CPU time of a cached page).
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

pub struct Shared {
    pub store: Store,
    pub theme: Arc<Theme>,
    pub i18n: Arc<I18n>,
    pub metrics: Arc<Metrics>,
    pub page_cache: Arc<PageCache>,
    /// Sections and settings for rendering, dropped with the page cache's changes.
    pub site: Arc<crate::cache::SiteCache>,
    /// Article pages' newsroom-made parts, dropped with the page cache's changes.
    pub articles: Arc<crate::cache::ArticleCache>,
    /// Listing pages' rows, dropped with the page cache's changes or after 5 seconds.
    pub listings: Arc<crate::cache::ListingCache>,
    /// Search results, dropped with the page cache's changes or after 10 seconds.
    pub searches: Arc<crate::cache::SearchCache>,
    /// Anonymous article pages' shells and comment sections (decision 0038).
    pub fragments: Arc<crate::cache::ArticleFragments>,
    /// Each busy article's first page of comments as everyone sees it.
    pub public_rows: Arc<crate::comments::rows::PublicRows>,
    pub limits: Arc<Limits>,
    pub options: Arc<SiteOptions>,
    pub data: Arc<DataConfig>,
    pub media: Arc<crate::media::Media>,
    /// The comment screener in use: the shipped model or one the site activated.
    pub screener: Arc<crate::screening::active::ActiveScreener>,
    /// The screener with the admin's word lists folded in.
    pub screeners: Arc<crate::screening::active::ScreenerCache>,
    /// The authorities trusted by outgoing TLS (SMTP, webhooks).
    pub tls: Arc<crate::tls::OutgoingTls>,
    /// Outgoing mail (the outbox, and SMTP when configured).
    pub mailer: Arc<crate::mail::Mailer>,
    /// New visible comments, for live updates.
    pub live: Arc<crate::comments::live::LiveHub>,
    /// The key that seals two-step secrets at rest (kept outside the database).
    pub sealed: Arc<crate::auth::sealed::SecretBox>,
    /// Open live comment streams, capped apart from page requests.
    pub live_streams: Arc<crate::comments::streams::StreamGate>,
    /// Ad slots and campaigns as this node last loaded them, and unflushed counts.
    pub ads: Arc<crate::ads::Ads>,
    /// The header and footer menus as this node last loaded them.
    pub menus: Arc<crate::menus::Menus>,
}

impl std::ops::Deref for AppState {
    type Target = Shared;
    fn deref(&self) -> &Shared {
        &self.0
    }
}

impl AppState {
    /// Sections and settings as this node holds them (loaded when outdated).
    pub async fn site_data(
        &self,
    ) -> Result<Arc<crate::cache::SiteData>, broadsheet_store::StoreError> {
        self.site.get(&self.store, &self.page_cache).await
    }

    /// The one hook every write calls, after it committed, with what it changed: the
    /// page cache drops the pages (and the node's held copies) that show it, here and,
    /// through the relay, on every other node (decision 0020).
    pub fn after_write(&self, change: crate::cache::Change) {
        self.page_cache.changed(change);
    }

    pub fn site_name(&self) -> &str {
        &self.options.site_name
    }

    /// Adjusts the state while it is still being set up (before any clone is shared).
    pub fn configure(&mut self) -> &mut Shared {
        Arc::get_mut(&mut self.0).expect("the state is configured before it is shared")
    }

    pub fn new(store: Store, data: DataConfig, options: SiteOptions) -> anyhow::Result<AppState> {
        let i18n = Arc::new(I18n::load(
            options.theme_dir.as_deref(),
            &options.default_locale,
        )?);
        let mut theme = Theme::load(options.theme_dir.as_deref(), i18n.clone())?;
        let ads = Arc::new(crate::ads::Ads::default());
        // The theme was just built and is not shared yet: add the ad functions to it.
        if let Some(theme) = Arc::get_mut(&mut theme) {
            crate::ads::view::install(&mut theme.env, ads.clone());
        }
        let sealed = crate::auth::sealed::SecretBox::load(
            &data.data_dir,
            std::env::var(crate::auth::sealed::KEY_ENV).ok().as_deref(),
        )?;
        Ok(AppState(Arc::new(Shared {
            store,
            sealed: Arc::new(sealed),
            theme,
            i18n,
            metrics: Arc::new(Metrics::default()),
            page_cache: Arc::new(PageCache::default()),
            site: Arc::default(),
            articles: Arc::new(crate::cache::articles::article_cache()),
            listings: Arc::new(crate::cache::articles::listing_cache()),
            searches: Arc::new(crate::cache::articles::search_cache()),
            fragments: Arc::default(),
            public_rows: Arc::default(),
            limits: Arc::new(Limits::scaled(options.rate_limit_scale)),
            options: Arc::new(options),
            media: Arc::new(crate::media::Media::local(&data.data_dir)),
            data: Arc::new(data),
            screener: Arc::default(),
            screeners: Arc::default(),
            tls: Arc::new(crate::tls::OutgoingTls::system()),
            mailer: Arc::new(crate::mail::Mailer::outbox_only()),
            live: Arc::default(),
            live_streams: Arc::default(),
            ads,
            menus: Arc::default(),
        })))
    }
}
