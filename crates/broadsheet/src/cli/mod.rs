//! The command line: one binary, one subcommand per job, every flag also an env variable.

mod accounts;
mod archive;
mod archive_media;
mod import;
mod maintenance;
mod moderation;
mod serve;
mod storage;

use crate::config::DataConfig;
use crate::telemetry::logging::LogFormat;
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser, Debug)]
#[command(
    name = "broadsheet",
    version,
    about = "A news publishing platform in one binary."
)]
pub struct Cli {
    #[command(flatten)]
    pub data: DataArgs,
    /// Log format: human-readable text or one JSON object per line.
    #[arg(
        long,
        global = true,
        env = "BROADSHEET_LOG_FORMAT",
        value_enum,
        default_value = "text"
    )]
    pub log_format: LogFormat,
    /// Log filter, e.g. `info` or `info,broadsheet=debug`.
    #[arg(long, global = true, env = "BROADSHEET_LOG", default_value = "info")]
    pub log: String,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Where the data lives; shared by every command that touches it.
#[derive(Args, Debug, Clone)]
pub struct DataArgs {
    /// Data directory (SQLite file, media, outbox).
    #[arg(
        long,
        global = true,
        env = "BROADSHEET_DATA_DIR",
        default_value = "./data"
    )]
    pub data_dir: PathBuf,
    /// Database URL: sqlite://PATH or postgres://USER@HOST/DB. Default: a SQLite file in the data directory.
    #[arg(long, global = true, env = "BROADSHEET_DATABASE_URL")]
    pub database_url: Option<String>,
}

impl DataArgs {
    pub fn config(&self) -> anyhow::Result<DataConfig> {
        DataConfig::new(self.data_dir.clone(), self.database_url.clone())
    }
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Serve the site (the default when no command is given).
    Serve(Box<serve::ServeArgs>),
    /// Apply database migrations and exit.
    Migrate,
    /// Validate configuration and database connectivity.
    Check,
    /// Manage user accounts.
    #[command(subcommand)]
    User(accounts::UserCommand),
    /// Manage API tokens.
    #[command(subcommand)]
    Token(accounts::TokenCommand),
    /// Write the whole site as an archive (JSON lines), while it keeps serving.
    Export(archive::ExportArgs),
    /// Write an archive to a file under the data directory (or --out), whole or not at all.
    Backup(archive::BackupArgs),
    /// Restore an archive into an empty database (either engine), all or nothing.
    Restore(archive::RestoreArgs),
    /// Import another platform's export (WordPress WXR).
    #[command(subcommand)]
    Import(import::ImportCommand),
    /// Screen comments or train the screener.
    #[command(subcommand)]
    Moderation(moderation::ModerationCommand),
}

/// Parses the command line, runs the command, and turns any failure into one clear line.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    crate::telemetry::logging::init(cli.log_format, &cli.log);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("broadsheet: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("broadsheet: {}", one_sentence(&e));
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    if let Some(Command::Moderation(cmd)) = cli.command {
        return moderation::run(&cli.data, cmd).await;
    }
    let data = cli.data.config()?;
    match cli
        .command
        .unwrap_or(Command::Serve(Box::new(serve::ServeArgs::parse_default())))
    {
        Command::Serve(args) => serve::run(data, *args).await,
        Command::Migrate => maintenance::migrate(data).await,
        Command::Check => maintenance::check(data).await,
        Command::User(cmd) => accounts::user(data, cmd).await,
        Command::Token(cmd) => accounts::token(data, cmd).await,
        Command::Export(args) => archive::export(data, args).await,
        Command::Backup(args) => archive::backup(data, args).await,
        Command::Restore(args) => archive::restore(data, args).await,
        Command::Import(cmd) => import::run(data, cmd).await,
        Command::Moderation(_) => unreachable!("handled above"),
    }
}

/// "context: cause: root cause" as one line, without repeating identical parts.
fn one_sentence(e: &anyhow::Error) -> String {
    let mut parts: Vec<String> = Vec::new();
    for cause in e.chain() {
        let text = cause.to_string();
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
    }
    parts.join(": ")
}
