//! `moderation screen`, `train`, `models` and `activate`: the comment screener from the
//! shell, including retraining on a site's own moderators' decisions.

use super::DataArgs;
use super::maintenance::open_store;
use crate::screening::learn::{self, Comparison};
use crate::telemetry::progress::Progress;
use anyhow::Context;
use broadsheet_moderation::{Model, Screener, read_corpus, screen_jsonl, train_main};
use broadsheet_store::Store;
use clap::Subcommand;
use std::path::PathBuf;
use std::sync::Arc;

#[derive(Subcommand, Debug)]
pub enum ModerationCommand {
    /// Screen JSON lines `{"id", "text"}` from stdin; write one decision per line to stdout.
    Screen,
    /// Train the classifier on a labelled corpus (JSON lines), choosing its thresholds by
    /// cross-validation, and write the model file; or, with --from-site, train a candidate
    /// on the shipped corpus plus this site's moderator decisions and store it.
    Train {
        /// Labelled corpus: a JSONL file or a folder of them, with
        /// `{"id","text","label","category","lang"}` per line.
        #[arg(long, default_value = "crates/broadsheet-moderation/corpus/train")]
        corpus: PathBuf,
        /// Where to write the model.
        #[arg(long, default_value = "crates/broadsheet-moderation/model/model.bin")]
        out: PathBuf,
        /// Train on the site's decisions (in the database) and store the candidate there.
        #[arg(long)]
        from_site: bool,
        /// With --from-site: activate the candidate on every node, whatever it scored.
        #[arg(long, requires = "from_site")]
        activate: bool,
    },
    /// List the models trained on this site, with their scores.
    Models,
    /// Activate a stored model on every node, or go back to the shipped one.
    Activate {
        /// The model's number (see `moderation models`).
        #[arg(long, conflicts_with = "shipped", required_unless_present = "shipped")]
        model: Option<i64>,
        /// Use the model shipped with this release.
        #[arg(long)]
        shipped: bool,
    },
}

pub async fn run(data: &DataArgs, cmd: ModerationCommand) -> anyhow::Result<()> {
    match cmd {
        ModerationCommand::Screen => {
            let screener = Screener::builtin();
            let stdin = std::io::stdin().lock();
            let stdout = std::io::BufWriter::new(std::io::stdout().lock());
            let n = screen_jsonl(stdin, stdout, &screener)
                .context("cannot read or write the comment stream")?;
            eprintln!("screened {n} comments");
        }
        ModerationCommand::Train {
            from_site: true,
            activate,
            ..
        } => {
            let store = open_store(&data.config()?).await?;
            let outcome = train_from_site(&store, activate).await;
            store.close().await;
            outcome?;
        }
        ModerationCommand::Train { corpus, out, .. } => {
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
        ModerationCommand::Models => {
            let store = open_store(&data.config()?).await?;
            let models = store.screener_models().await;
            store.close().await;
            for m in models? {
                let c: Comparison = serde_json::from_str(&m.metrics).unwrap_or_default();
                println!(
                    "{:>4}{} trained on {} lines: frozen F1 {:.3} (was {:.3}), recent decisions F1 {:.3} (was {:.3})",
                    m.id,
                    if m.active { " (active)" } else { "" },
                    m.trained_on,
                    c.candidate.frozen.f1,
                    c.current.frozen.f1,
                    c.candidate.recent.f1,
                    c.current.recent.f1
                );
            }
        }
        ModerationCommand::Activate { model, .. } => {
            let store = open_store(&data.config()?).await?;
            let done = activate(&store, model).await;
            store.close().await;
            anyhow::ensure!(done?, "there is no model {}", model.unwrap_or_default());
            println!(
                "activated {}",
                model.map_or("the shipped model".into(), |m| format!("model {m}"))
            );
        }
    }
    Ok(())
}

/// Activates a model and tells running nodes (on PostgreSQL; a SQLite site's server
/// loads it on its next start or from the desk).
async fn activate(store: &Store, model: Option<i64>) -> anyhow::Result<bool> {
    if !store.activate_screener_model(model).await? {
        return Ok(false);
    }
    store.notify("cli screener").await?;
    Ok(true)
}

async fn train_from_site(store: &Store, force: bool) -> anyhow::Result<()> {
    let current_model = store.active_screener_model().await?;
    let current = match &current_model {
        Some((id, bytes)) => Model::from_bytes(bytes)
            .map(|m| Screener::builtin().with_model(Some(m)))
            .with_context(|| format!("the active model {id} cannot be read"))?,
        None => Screener::builtin(),
    };
    eprintln!("training on the shipped corpus and this site's decisions …");
    let mut progress = Progress::new("  cross-validation folds and final model");
    let (id, c) = learn::train_candidate(
        store,
        Arc::new(current),
        current_model.map(|(id, _)| id),
        None,
        move |done, all| progress.tick(done, all),
    )
    .await?;
    println!(
        "model {id}: frozen set F1 {:.3} (current {:.3}); {} recent decisions F1 {:.3} (current {:.3})",
        c.candidate.frozen.f1,
        c.current.frozen.f1,
        c.site_held_out,
        c.candidate.recent.f1,
        c.current.recent.f1
    );
    let auto = c.not_worse() && learn::auto_activate(store).await;
    if force || auto {
        activate(store, Some(id)).await?;
        println!("model {id} is now active");
    } else {
        println!("not activated: `broadsheet moderation activate --model {id}` or the desk");
    }
    Ok(())
}
