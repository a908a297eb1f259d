//! `import wordpress FILE`: a WordPress site's posts, people and comments, with progress.

use super::maintenance::open_store;
use crate::config::DataConfig;
use anyhow::Context;
use clap::Subcommand;
use std::io::{BufReader, IsTerminal, Write};
use std::path::PathBuf;

#[derive(Subcommand, Debug)]
pub enum ImportCommand {
    /// A WordPress export (Tools → Export → All content, a WXR .xml file).
    Wordpress {
        file: PathBuf,
        /// The language of the imported articles.
        #[arg(long, default_value = "en")]
        language: String,
    },
}

pub async fn run(data: DataConfig, cmd: ImportCommand) -> anyhow::Result<()> {
    let ImportCommand::Wordpress { file, language } = cmd;
    let opened =
        std::fs::File::open(&file).with_context(|| format!("cannot open {}", file.display()))?;
    let site = crate::import::wxr::parse(BufReader::new(opened))
        .map_err(anyhow::Error::msg)
        .with_context(|| format!("nothing was imported from {}", file.display()))?;
    let store = open_store(&data).await?;
    let live = std::io::stderr().is_terminal();
    let mut progress = |done: usize, all: usize| {
        if live || done == all || done.is_multiple_of(100) {
            let end = if live && done < all { "\r" } else { "\n" };
            eprint!("  post {done}/{all}{end}");
            let _ = std::io::stderr().flush();
        }
    };
    let report = crate::import::wordpress(&store, &site, &language, &mut progress).await?;
    println!(
        "imported {} articles ({} already there, {} pages or other items skipped), {} comments \
         ({} spam, trash or orphaned skipped), {} new authors, {} new sections",
        report.articles,
        report.already_there,
        report.not_posts,
        report.comments,
        report.comments_skipped,
        report.authors,
        report.sections
    );
    store.close().await;
    Ok(())
}
