//! `export`, `backup` and `restore`: the whole site as one archive file (the database,
//! then the media files), written while it serves and restored into an empty database
//! of either engine and the media storage of the restoring side.

use super::archive_media;
use super::maintenance::open_store;
use super::storage::{CaFileArgs, MediaArgs};
use crate::config::DataConfig;
use crate::media::MediaStorage;
use anyhow::Context;
use clap::Args;
use std::io::{BufReader, BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

#[derive(Args, Debug)]
pub struct ExportArgs {
    /// Where to write the archive; `-` (the default) is standard output.
    #[arg(long, default_value = "-")]
    pub out: PathBuf,
    #[command(flatten)]
    pub media: MediaArgs,
    #[command(flatten)]
    pub ca: CaFileArgs,
}

#[derive(Args, Debug)]
pub struct BackupArgs {
    /// The backup file. Default: `<data-dir>/backups/broadsheet-<time>.jsonl`.
    #[arg(long)]
    pub out: Option<PathBuf>,
    #[command(flatten)]
    pub media: MediaArgs,
    #[command(flatten)]
    pub ca: CaFileArgs,
}

#[derive(Args, Debug)]
pub struct RestoreArgs {
    /// An archive written by `export` or `backup`.
    pub file: PathBuf,
    #[command(flatten)]
    pub media: MediaArgs,
    #[command(flatten)]
    pub ca: CaFileArgs,
}

/// Progress on standard error: a line per table and per thousand rows, or on a
/// terminal one line per table rewritten in place.
fn progress_printer() -> impl FnMut(&str, u64) {
    let live = std::io::stderr().is_terminal();
    let mut current = String::new();
    move |table: &str, rows: u64| {
        let mut err = std::io::stderr().lock();
        if !live {
            let _ = writeln!(err, "  {table}: {rows} rows");
            return;
        }
        if table != current && !current.is_empty() {
            let _ = writeln!(err);
        }
        let _ = write!(err, "\r  {table}: {rows} rows");
        let _ = err.flush();
        current = table.to_string();
    }
}

fn finish_line(
    summary: &broadsheet_store::ArchiveSummary,
    files: u64,
    started: Instant,
    what: &str,
) {
    let gap = if std::io::stderr().is_terminal() {
        "\n"
    } else {
        ""
    };
    eprintln!(
        "{gap}{what} {} rows from {} tables and {files} media files in {:.1} s",
        summary.rows(),
        summary.tables.len(),
        started.elapsed().as_secs_f64()
    );
}

pub async fn export(data: DataConfig, args: ExportArgs) -> anyhow::Result<()> {
    let storage = media_storage(&data, &args.media, &args.ca).await?;
    let store = open_store(&data).await?;
    let started = Instant::now();
    let mut progress = progress_printer();
    let (summary, files) = if args.out.as_os_str() == "-" {
        let mut out = BufWriter::new(std::io::stdout().lock());
        let summary = store.export_archive(&mut out, &mut progress).await?;
        let files = archive_media::write(&store, &storage, &mut out).await?;
        out.flush()?;
        (summary, files)
    } else {
        write_file(&store, &storage, &args.out, &mut progress).await?
    };
    finish_line(&summary, files, started, "exported");
    store.close().await;
    Ok(())
}

pub async fn backup(data: DataConfig, args: BackupArgs) -> anyhow::Result<()> {
    let storage = media_storage(&data, &args.media, &args.ca).await?;
    let store = open_store(&data).await?;
    let out = args.out.unwrap_or_else(|| {
        let stamp = file_stamp(broadsheet_store::now());
        data.data_dir
            .join("backups")
            .join(format!("broadsheet-{stamp}.jsonl"))
    });
    let started = Instant::now();
    let (summary, files) = write_file(&store, &storage, &out, &mut progress_printer()).await?;
    finish_line(&summary, files, started, "backed up");
    println!("{}", out.display());
    store.close().await;
    Ok(())
}

/// Writes the archive beside `path`, flushes it to disk, then renames it into place: a
/// backup file is either whole or absent.
async fn write_file(
    store: &broadsheet_store::Store,
    storage: &Arc<dyn MediaStorage>,
    path: &Path,
    progress: &mut dyn FnMut(&str, u64),
) -> anyhow::Result<(broadsheet_store::ArchiveSummary, u64)> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    let partial = path.with_extension("partial");
    let file =
        create_private(&partial).with_context(|| format!("cannot write {}", partial.display()))?;
    let mut out = BufWriter::new(file);
    let written = match store.export_archive(&mut out, progress).await {
        Ok(summary) => archive_media::write(store, storage, &mut out)
            .await
            .map(|files| (summary, files)),
        Err(e) => Err(e.into()),
    };
    let synced = written.and_then(|done| {
        let file = out.into_inner().map_err(|e| e.into_error())?;
        file.sync_all()?;
        Ok(done)
    });
    match synced {
        Ok(summary) => {
            std::fs::rename(&partial, path)?;
            Ok(summary)
        }
        Err(e) => {
            let _ = std::fs::remove_file(&partial);
            Err(e.context(format!("the archive {} was not written", path.display())))
        }
    }
}

/// Creates (or empties) `path` readable and writable by its owner only, before any byte
/// is written: an archive holds password hashes and every reader's email address.
fn create_private(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
    let file = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(path)?;
    // A file left over from an earlier run keeps its mode on open: set it.
    file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
    Ok(file)
}

pub async fn restore(data: DataConfig, args: RestoreArgs) -> anyhow::Result<()> {
    let file = std::fs::File::open(&args.file)
        .with_context(|| format!("cannot open {}", args.file.display()))?;
    let storage = media_storage(&data, &args.media, &args.ca).await?;
    let store = open_store(&data).await?;
    let started = Instant::now();
    let mut input = BufReader::new(file);
    let mut media = archive_media::Restore::new(storage);
    let restored = store
        .restore_archive(&mut input, &mut progress_printer(), &mut |line| {
            media.take(line)
        })
        .await;
    let summary = match restored {
        Ok(summary) => summary,
        Err(e) => {
            media.undo();
            let context = format!("nothing was restored from {}", args.file.display());
            return Err(anyhow::Error::from(e).context(context));
        }
    };
    finish_line(&summary, media.files, started, "restored");
    store.close().await;
    Ok(())
}

/// Where this site's media files live: the storage `serve` would use with these flags.
async fn media_storage(
    data: &DataConfig,
    media: &MediaArgs,
    ca: &CaFileArgs,
) -> anyhow::Result<Arc<dyn MediaStorage>> {
    media.storage(&data.data_dir, Arc::new(ca.tls()?)).await
}

/// `YYYYMMDD-HHMMSS` in UTC, for file names.
fn file_stamp(unix: i64) -> String {
    let format = time::macros::format_description!("[year][month][day]-[hour][minute][second]");
    time::OffsetDateTime::from_unix_timestamp(unix)
        .ok()
        .and_then(|t| t.format(&format).ok())
        .unwrap_or_else(|| unix.to_string())
}

#[cfg(test)]
mod tests {
    #[test]
    fn stamps_are_utc_calendar_times() {
        assert_eq!(super::file_stamp(0), "19700101-000000");
        assert_eq!(super::file_stamp(951_782_400), "20000229-000000");
    }
}
