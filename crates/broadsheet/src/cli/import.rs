//! `import wordpress FILE [--uploads DIR] [--dry-run]` and `import disqus FILE`: another
//! platform's stories, people, images and comments, with progress and a summary.

use super::maintenance::open_store;
use crate::config::DataConfig;
use crate::import::ImportReport;
use crate::telemetry::progress::Progress;
use anyhow::Context;
use clap::Subcommand;
use std::collections::HashMap;
use std::io::BufReader;
use std::path::{Path, PathBuf};

/// A progress line's printer, one per kind of item.
type Printer = Box<dyn FnMut(usize, usize)>;

/// How many missing or refused files the summary names before it only counts.
const LISTED_FILES: usize = 20;

#[derive(Subcommand, Debug)]
pub enum ImportCommand {
    /// A WordPress export (Tools → Export → All content, a WXR .xml file).
    Wordpress {
        file: PathBuf,
        /// The language of the imported articles.
        #[arg(long, default_value = "en")]
        language: String,
        /// A local copy of the old site's wp-content/uploads folder: its images go into
        /// the media library, bodies and lead images use them.
        #[arg(long, value_name = "DIR")]
        uploads: Option<PathBuf>,
        /// Print what the import would do and change nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// A Disqus comments export (.xml), onto the stories its thread links point to.
    Disqus { file: PathBuf },
}

fn open(file: &Path) -> anyhow::Result<BufReader<std::fs::File>> {
    let opened =
        std::fs::File::open(file).with_context(|| format!("cannot open {}", file.display()))?;
    Ok(BufReader::new(opened))
}

/// Progress on standard error: in place on a terminal, else every hundredth item and the last.
fn progress_printer(what: &'static str) -> impl FnMut(usize, usize) {
    let mut progress = Progress::new(format!("  {what}")).every(100);
    move |done: usize, all: usize| progress.tick(done, all)
}

pub async fn run(data: DataConfig, cmd: ImportCommand) -> anyhow::Result<()> {
    let file = match &cmd {
        ImportCommand::Wordpress { file, .. } | ImportCommand::Disqus { file } => file.clone(),
    };
    let nothing = || format!("nothing was imported from {}", file.display());
    let input = open(&file)?;
    let report = match cmd {
        ImportCommand::Wordpress {
            language,
            uploads,
            dry_run,
            ..
        } => {
            if let Some(dir) = uploads.as_deref().filter(|d| !d.is_dir()) {
                anyhow::bail!("the uploads folder {} is not a directory", dir.display());
            }
            let site = crate::import::wxr::parse(input)
                .map_err(anyhow::Error::msg)
                .with_context(nothing)?;
            let store = open_store(&data).await?;
            let media = crate::media::Media::local(&data.data_dir);
            let options = crate::import::Options {
                language: &language,
                uploads: uploads.as_deref(),
                media: &media,
                dry_run,
            };
            let mut printers: HashMap<&'static str, Printer> = HashMap::new();
            let mut progress = |what: &'static str, done: usize, all: usize| {
                let printer = printers
                    .entry(what)
                    .or_insert_with(|| Box::new(progress_printer(what)));
                printer(done, all);
            };
            let report = crate::import::wordpress(&store, &site, &options, &mut progress).await;
            store.close().await;
            report?
        }
        ImportCommand::Disqus { .. } => {
            let site = crate::import::disqus::parse(input)
                .map_err(anyhow::Error::msg)
                .with_context(nothing)?;
            let store = open_store(&data).await?;
            let mut progress = progress_printer("thread");
            let report = crate::import::disqus(&store, &site, &mut progress).await;
            store.close().await;
            report?
        }
    };
    print!("{}", summary(&report));
    Ok(())
}

/// The closing lines: what came in (or would), what stayed behind and why.
fn summary(r: &ImportReport) -> String {
    let mut out = String::new();
    if r.dry_run {
        out.push_str("dry run: nothing was changed; an import would do this:\n");
    }
    out.push_str(&format!(
        "imported {} articles ({} already there, {} pages or other items skipped), {} comments \
         ({} already there, {} spam, deleted or orphaned skipped, {} pingbacks and trackbacks \
         skipped), {} threads matched no story, {} new authors, {} new sections\n",
        r.articles,
        r.already_there,
        r.not_posts,
        r.comments,
        r.comments_already_there,
        r.comments_skipped,
        r.pingbacks,
        r.threads_unmatched,
        r.authors,
        r.sections
    ));
    if r.pages + r.pages_already_there > 0 {
        out.push_str(&format!(
            "imported {} pages ({} already there)\n",
            r.pages, r.pages_already_there
        ));
    }
    let media_seen = r.media + r.media_already_there + r.media_not_images;
    if media_seen > 0 || !r.media_missing.is_empty() || !r.media_failed.is_empty() {
        out.push_str(&format!(
            "media: {} images imported ({} already there, {} not images left at their old \
             address, {} missing, {} refused)\n",
            r.media,
            r.media_already_there,
            r.media_not_images,
            r.media_missing.len(),
            r.media_failed.len()
        ));
        for file in r.media_missing.iter().take(LISTED_FILES) {
            out.push_str(&format!("  missing upload: {file}\n"));
        }
        for why in r.media_failed.iter().take(LISTED_FILES) {
            out.push_str(&format!("  refused upload: {why}\n"));
        }
        let more = r.media_missing.len() + r.media_failed.len();
        if more > 2 * LISTED_FILES {
            out.push_str("  (only the first ones are listed)\n");
        }
    }
    if r.redirects_added() > 0 || r.redirects_already_there > 0 {
        let kinds: Vec<String> = r
            .redirects
            .iter()
            .map(|(k, n)| format!("{n} {k}"))
            .collect();
        out.push_str(&format!(
            "old addresses: {} new ({}), {} already there\n",
            r.redirects_added(),
            if kinds.is_empty() {
                "none".to_string()
            } else {
                kinds.join(", ")
            },
            r.redirects_already_there
        ));
        if r.dry_run {
            for (old, new) in &r.redirect_examples {
                out.push_str(&format!("  {old} → {new}\n"));
            }
        }
    }
    if r.shortcodes + r.shortcodes_unknown > 0 {
        out.push_str(&format!(
            "shortcodes: {} converted, {} unknown ones stripped to their text\n",
            r.shortcodes, r.shortcodes_unknown
        ));
    }
    if let Some(name) = &r.site_name {
        out.push_str(&format!("site name: {name}\n"));
    }
    if let Some(description) = &r.site_description {
        out.push_str(&format!("site description: {description}\n"));
    }
    out
}
