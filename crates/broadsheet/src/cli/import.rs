//! `import wordpress FILE` and `import disqus FILE`: another platform's stories, people
//! and comments, with progress.

use super::maintenance::open_store;
use crate::config::DataConfig;
use crate::telemetry::progress::Progress;
use anyhow::Context;
use clap::Subcommand;
use std::io::BufReader;
use std::path::{Path, PathBuf};

#[derive(Subcommand, Debug)]
pub enum ImportCommand {
    /// A WordPress export (Tools → Export → All content, a WXR .xml file).
    Wordpress {
        file: PathBuf,
        /// The language of the imported articles.
        #[arg(long, default_value = "en")]
        language: String,
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
        ImportCommand::Wordpress { language, .. } => {
            let site = crate::import::wxr::parse(input)
                .map_err(anyhow::Error::msg)
                .with_context(nothing)?;
            let store = open_store(&data).await?;
            let mut progress = progress_printer("post");
            let report = crate::import::wordpress(&store, &site, &language, &mut progress).await;
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
    if report.pages + report.pages_already_there > 0 {
        println!(
            "imported {} pages ({} already there)",
            report.pages, report.pages_already_there
        );
    }
    println!(
        "imported {} articles ({} already there, {} pages or other items skipped), {} comments \
         ({} already there, {} spam, deleted or orphaned skipped), {} threads matched no story, \
         {} new authors, {} new sections",
        report.articles,
        report.already_there,
        report.not_posts,
        report.comments,
        report.comments_already_there,
        report.comments_skipped,
        report.threads_unmatched,
        report.authors,
        report.sections
    );
    Ok(())
}
