//! `moderation screen` and `moderation train`: the comment screener from the shell.

use crate::telemetry::progress::Progress;
use anyhow::Context;
use broadsheet_moderation::{Screener, read_corpus, screen_jsonl, train_main};
use clap::Subcommand;
use std::path::PathBuf;

#[derive(Subcommand, Debug)]
pub enum ModerationCommand {
    /// Screen JSON lines `{"id", "text"}` from stdin; write one decision per line to stdout.
    Screen,
    /// Train the classifier on a labelled corpus (JSON lines), choosing its thresholds by
    /// cross-validation, and write the model file.
    Train {
        /// Labelled corpus: a JSONL file or a folder of them, with
        /// `{"id","text","label","category","lang"}` per line.
        #[arg(long, default_value = "crates/broadsheet-moderation/corpus/train")]
        corpus: PathBuf,
        /// Where to write the model.
        #[arg(long, default_value = "crates/broadsheet-moderation/model/model.bin")]
        out: PathBuf,
    },
}

/// Runs without a database: screening is pure.
pub fn run(cmd: ModerationCommand) -> anyhow::Result<()> {
    match cmd {
        ModerationCommand::Screen => {
            let screener = Screener::builtin();
            let stdin = std::io::stdin().lock();
            let stdout = std::io::BufWriter::new(std::io::stdout().lock());
            let n = screen_jsonl(stdin, stdout, &screener)
                .context("cannot read or write the comment stream")?;
            eprintln!("screened {n} comments");
        }
        ModerationCommand::Train { corpus, out } => {
            let text = read_corpus(&corpus)
                .with_context(|| format!("cannot read the corpus {}", corpus.display()))?;
            eprintln!("training on {} …", corpus.display());
            let mut progress = Progress::new("  cross-validation folds and final model");
            let (model, report) = train_main(&text, |done, all| progress.tick(done, all))
                .map_err(|e| anyhow::anyhow!("training failed: {e}"))?;
            std::fs::write(&out, model)
                .with_context(|| format!("cannot write the model to {}", out.display()))?;
            eprint!("{report}");
            eprintln!("model written to {} (rebuild to embed it)", out.display());
        }
    }
    Ok(())
}
