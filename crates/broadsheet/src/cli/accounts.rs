//! `user` and `token`: create accounts, reset two-step sign-in, and make API tokens
//! (optionally expiring) from a script.

use super::maintenance::open_store;
use crate::auth::{password, tokens};
use crate::config::DataConfig;
use anyhow::{Context, bail};
use broadsheet_domain::{EmailAddress, Role};
use broadsheet_store::{Store, StoreError, User};
use clap::Subcommand;
use std::io::Read;

#[derive(Subcommand, Debug)]
pub enum UserCommand {
    /// Create a user. The password is read from standard input.
    Create {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// reader, contributor, author, editor, moderator or admin.
        #[arg(long)]
        role: Role,
        /// Read the password from standard input (first line).
        #[arg(long)]
        password_stdin: bool,
    },
    /// Turn off two-step sign-in for someone who lost their authenticator and recovery
    /// codes (check who is asking first); written to the audit log.
    ResetTwoStep {
        #[arg(long)]
        email: String,
    },
}

#[derive(Subcommand, Debug)]
pub enum TokenCommand {
    /// Create an API token acting as the user; prints only the token on the last line.
    Create {
        #[arg(long)]
        email: String,
        /// A label to recognise the token by.
        #[arg(long)]
        name: String,
        /// Days until the token stops working (1–3650); without it, it never expires.
        #[arg(long)]
        expires_days: Option<u32>,
    },
    /// List a user's tokens: id, state, label, expiry and last use.
    List {
        #[arg(long)]
        email: String,
    },
    /// Revoke one of a user's tokens by its id.
    Revoke {
        #[arg(long)]
        email: String,
        #[arg(long)]
        id: i64,
    },
}

pub async fn user(data: DataConfig, cmd: UserCommand) -> anyhow::Result<()> {
    match cmd {
        UserCommand::Create {
            email,
            name,
            role,
            password_stdin,
        } => create_user(data, &email, &name, role, password_stdin).await,
        UserCommand::ResetTwoStep { email } => {
            let store = open_store(&data).await?;
            let result = reset_two_step(&store, &email).await;
            store.close().await;
            result
        }
    }
}

async fn reset_two_step(store: &Store, email: &str) -> anyhow::Result<()> {
    let user = find_user(store, email).await?;
    store
        .reset_two_step(user.id, None, "from the command line")
        .await?;
    println!("two-step sign-in is off for {}", user.email);
    Ok(())
}

async fn create_user(
    data: DataConfig,
    email: &str,
    name: &str,
    role: Role,
    password_stdin: bool,
) -> anyhow::Result<()> {
    let email = EmailAddress::parse(email)?;
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 80 {
        bail!("the name must be 1–80 characters");
    }
    let hash = if password_stdin {
        let mut input = String::new();
        std::io::stdin()
            .read_to_string(&mut input)
            .context("cannot read the password from standard input")?;
        let pw = input.lines().next().unwrap_or("").to_string();
        password::check_strength(&pw)?;
        Some(password::hash(pw).await?)
    } else {
        None
    };
    let store = open_store(&data).await?;
    let created = store.create_user(&email, name, role, hash.as_deref()).await;
    store.close().await;
    let user = created.map_err(|e| match e {
        StoreError::Conflict(_) => anyhow::anyhow!("a user with email {email} already exists"),
        other => anyhow::Error::new(other),
    })?;
    println!("created {} {} (id {})", user.role(), user.email, user.id);
    Ok(())
}

pub async fn token(data: DataConfig, cmd: TokenCommand) -> anyhow::Result<()> {
    let store = open_store(&data).await?;
    let result = token_in(&store, cmd).await;
    store.close().await;
    result
}

async fn token_in(store: &Store, cmd: TokenCommand) -> anyhow::Result<()> {
    match cmd {
        TokenCommand::Create {
            email,
            name,
            expires_days,
        } => {
            let now = broadsheet_store::now();
            let expires_at =
                tokens::expiry_after_days(expires_days, now).map_err(anyhow::Error::msg)?;
            let user = find_user(store, &email).await?;
            if !tokens::may_create(store, user.id).await? {
                bail!("{} has not verified their email address yet", user.email);
            }
            let (token, secret) = store
                .create_api_token_until(user.id, name.trim(), expires_at)
                .await?;
            println!(
                "token {} for {} ({}), expires {}, shown once:",
                token.id,
                user.email,
                user.role(),
                tokens::utc_or_never(token.expires_at)
            );
            println!("{secret}");
        }
        TokenCommand::List { email } => {
            let user = find_user(store, &email).await?;
            let now = broadsheet_store::now();
            for t in store.list_api_tokens(user.id).await? {
                println!("{}", tokens::list_line(&t, now));
            }
        }
        TokenCommand::Revoke { email, id } => {
            let user = find_user(store, &email).await?;
            store
                .revoke_api_token(user.id, id)
                .await
                .map_err(|e| match e {
                    StoreError::NotFound => {
                        anyhow::anyhow!("{email} has no active token with id {id}")
                    }
                    other => anyhow::Error::new(other),
                })?;
            println!("revoked token {id}");
        }
    }
    Ok(())
}

async fn find_user(store: &Store, email: &str) -> anyhow::Result<User> {
    let email = EmailAddress::parse(email)?;
    store
        .user_by_email(&email)
        .await?
        .with_context(|| format!("no user with email {email}"))
}
