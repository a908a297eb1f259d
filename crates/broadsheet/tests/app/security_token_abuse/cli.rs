//! `broadsheet token create --expires-days N` and `token list` with expiry and last use.

use broadsheet_domain::{EmailAddress, Role};
use broadsheet_store::{Store, now};
use broadsheet_testkit::{TestDb, temp_dir};
use std::process::{Command, Output};

fn token(db: &TestDb, dir: &std::path::Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_broadsheet"))
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("BROADSHEET_DATA_DIR", dir)
        .env("BROADSHEET_DATABASE_URL", &db.url)
        .env("BROADSHEET_LOG", "warn")
        .arg("token")
        .args(args)
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

pub async fn cli_tokens_expire_and_list_their_use(db: &TestDb) {
    let dir = temp_dir("bs-token-cli");
    let store = Store::open(&db.url).await.unwrap();
    let ops = EmailAddress::parse("ops@example.org").unwrap();
    let user = store
        .create_user(&ops, "Ops", Role::Editor, None)
        .await
        .unwrap();

    let before = now();
    let made = token(
        db,
        &dir,
        &[
            "create",
            "--email",
            ops.as_str(),
            "--name",
            "ci",
            "--expires-days",
            "7",
        ],
    );
    assert!(made.status.success(), "{}", text(&made.stderr));
    let stdout = text(&made.stdout);
    assert!(stdout.contains(", expires 20"), "{stdout}");
    let secret = stdout.lines().last().unwrap().trim().to_string();
    let expires = store.list_api_tokens(user.id).await.unwrap()[0]
        .expires_at
        .unwrap();
    assert!((before + 7 * 86_400..=now() + 7 * 86_400).contains(&expires));

    let listed = text(&token(db, &dir, &["list", "--email", ops.as_str()]).stdout);
    assert!(listed.contains("\tactive\tci\texpires 20"), "{listed}");
    assert!(listed.trim_end().ends_with("\tlast used never"), "{listed}");
    store
        .user_for_api_token(&secret)
        .await
        .unwrap()
        .expect("works");
    let listed = text(&token(db, &dir, &["list", "--email", ops.as_str()]).stdout);
    assert!(listed.contains("\tlast used 20"), "{listed}");

    let zero = token(
        db,
        &dir,
        &[
            "create",
            "--email",
            ops.as_str(),
            "--name",
            "x",
            "--expires-days",
            "0",
        ],
    );
    assert!(!zero.status.success());
    assert!(
        text(&zero.stderr).contains("1 to 3650 days"),
        "{}",
        text(&zero.stderr)
    );

    let fresh = EmailAddress::parse("fresh@example.org").unwrap();
    store.create_reader(&fresh, "Fresh", "x").await.unwrap();
    let refused = token(
        db,
        &dir,
        &["create", "--email", fresh.as_str(), "--name", "x"],
    );
    assert!(!refused.status.success());
    assert!(
        text(&refused.stderr).contains("has not verified"),
        "{}",
        text(&refused.stderr)
    );
    assert_eq!(store.list_api_tokens(user.id).await.unwrap().len(), 1);
    store.close().await;
    let _ = std::fs::remove_dir_all(dir);
}
