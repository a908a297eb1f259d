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

/// Options of the running site.
#[derive(Clone, Debug)]
pub struct SiteOptions {
    pub base_url: String,
    pub theme_dir: Option<PathBuf>,
    pub default_locale: String,
    pub behind_tls: bool,
    pub site_name: String,
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
        }
    }
}

#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub theme: Arc<Theme>,
    pub i18n: Arc<I18n>,
    pub metrics: Arc<Metrics>,
    pub page_cache: Arc<PageCache>,
    pub limits: Arc<Limits>,
    pub options: Arc<SiteOptions>,
    pub data: Arc<DataConfig>,
}

impl AppState {
    pub fn site_name(&self) -> &str {
        &self.options.site_name
    }

    pub fn new(store: Store, data: DataConfig, options: SiteOptions) -> anyhow::Result<AppState> {
        let i18n = Arc::new(I18n::load(
            options.theme_dir.as_deref(),
            &options.default_locale,
        )?);
        let theme = Theme::load(options.theme_dir.as_deref(), i18n.clone())?;
        Ok(AppState {
            store,
            theme,
            i18n,
            metrics: Arc::new(Metrics::default()),
            page_cache: Arc::new(PageCache::default()),
            limits: Arc::new(Limits::default()),
            options: Arc::new(options),
            data: Arc::new(data),
        })
    }
}
