//! The media storage flags that `serve`, `export`, `backup` and `restore` share, and the
//! one function that builds the site's storage from them, so a backup reads (and a
//! restore writes) exactly where the server keeps its images.

use crate::media::{Credentials, MediaStorage, S3Storage};
use crate::tls::OutgoingTls;
use anyhow::Context;
use clap::Args;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Where media lives: the data directory, or an S3-compatible bucket.
#[derive(Args, Debug, Clone, Default)]
pub struct MediaArgs {
    /// Keep media in an S3-compatible bucket: `s3://bucket/prefix` (region from
    /// AWS_REGION, default us-east-1; keys from AWS_ACCESS_KEY_ID and
    /// AWS_SECRET_ACCESS_KEY). Without it media lives in the data directory.
    #[arg(long, env = "BROADSHEET_MEDIA_URL")]
    pub media_url: Option<String>,
    /// The S3 server for --media-url when it is not AWS, e.g. `http://127.0.0.1:9000`
    /// (path-style requests: endpoint/bucket/key).
    #[arg(long, env = "BROADSHEET_S3_ENDPOINT")]
    pub s3_endpoint: Option<String>,
}

/// Trust for outgoing TLS (SMTP, webhooks, an https S3 endpoint).
#[derive(Args, Debug, Clone, Default)]
pub struct CaFileArgs {
    /// A PEM file of certificate authorities trusted by outgoing TLS (the SMTP server,
    /// webhook receivers, an https S3 endpoint) besides the system's own.
    #[arg(long, env = "BROADSHEET_CA_FILE")]
    pub ca_file: Option<PathBuf>,
}

impl CaFileArgs {
    /// The system's authorities, plus the file's when one is given.
    pub fn tls(&self) -> anyhow::Result<OutgoingTls> {
        match self
            .ca_file
            .as_deref()
            .filter(|p| !p.as_os_str().is_empty())
        {
            Some(path) => OutgoingTls::with_ca_file(path),
            None => Ok(OutgoingTls::system()),
        }
    }
}

impl MediaArgs {
    /// The configured storage: the bucket of `--media-url` (credentials from the
    /// environment, checked with one signed request), or `<data_dir>/media`.
    pub async fn storage(
        &self,
        data_dir: &Path,
        tls: Arc<OutgoingTls>,
    ) -> anyhow::Result<Arc<dyn MediaStorage>> {
        let Some(url) = self.media_url.as_deref().filter(|u| !u.is_empty()) else {
            return Ok(crate::media::Media::local(data_dir).storage);
        };
        let env = |name: &str| std::env::var(name).unwrap_or_default();
        let region = Some(env("AWS_REGION")).filter(|r| !r.is_empty());
        let creds = Credentials {
            access_key: env("AWS_ACCESS_KEY_ID"),
            secret_key: env("AWS_SECRET_ACCESS_KEY"),
            region: region.unwrap_or_else(|| "us-east-1".into()),
        };
        let s3 = Arc::new(S3Storage::new(
            url,
            self.s3_endpoint.as_deref(),
            creds,
            tls,
        )?);
        let probe = s3.clone();
        tokio::task::spawn_blocking(move || probe.check())
            .await?
            .with_context(|| {
                format!(
                    "cannot use the media bucket {url} (check AWS_ACCESS_KEY_ID, \
                     AWS_SECRET_ACCESS_KEY, AWS_REGION and --s3-endpoint)"
                )
            })?;
        Ok(s3)
    }
}
