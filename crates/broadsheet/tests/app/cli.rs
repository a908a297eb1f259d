//! The `broadsheet` binary as an operator uses it: scripts that create users and tokens
//! and reset two-step sign-in, clear one-line errors on bad input, and a real server on
//! a loopback port.

use broadsheet_testkit::{TestDb, on_both_engines, temp_dir};
use std::io::Write;
use std::net::TcpListener;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn broadsheet(data_dir: &Path, db: Option<&TestDb>) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_broadsheet"));
    cmd.env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("BROADSHEET_DATA_DIR", data_dir)
        .env("BROADSHEET_LOG", "warn");
    if let Some(db) = db {
        cmd.env("BROADSHEET_DATABASE_URL", &db.url);
    }
    cmd
}

fn run_with_stdin(mut cmd: Command, stdin: &str) -> Output {
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

on_both_engines!(user_and_token_commands_share_the_database);

async fn user_and_token_commands_share_the_database(db: &TestDb) {
    let dir = temp_dir("bs-cli");
    let mut create = broadsheet(&dir, Some(db));
    create.args([
        "user",
        "create",
        "--email",
        "Ed@Example.org",
        "--name",
        "Ed",
        "--role",
        "editor",
        "--password-stdin",
    ]);
    let out = run_with_stdin(create, "a long passphrase\n");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("created editor ed@example.org"));

    let mut again = broadsheet(&dir, Some(db));
    again.args([
        "user",
        "create",
        "--email",
        "ed@example.org",
        "--name",
        "Ed",
        "--role",
        "editor",
        "--password-stdin",
    ]);
    let out = run_with_stdin(again, "a long passphrase\n");
    assert!(!out.status.success());
    assert_eq!(
        text(&out.stderr).trim(),
        "broadsheet: a user with email ed@example.org already exists"
    );

    let out = broadsheet(&dir, Some(db))
        .args([
            "token",
            "create",
            "--email",
            "ed@example.org",
            "--name",
            "ci",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let token = stdout.lines().last().unwrap().trim().to_string();
    assert!(token.starts_with("bs_") && token.len() > 40, "{stdout}");

    let store = broadsheet_store::Store::open(&db.url).await.unwrap();
    let user = store
        .user_for_api_token(&token)
        .await
        .unwrap()
        .expect("token acts as the user");
    assert_eq!(user.email, "ed@example.org");

    let listed = text(
        &broadsheet(&dir, Some(db))
            .args(["token", "list", "--email", "ed@example.org"])
            .output()
            .unwrap()
            .stdout,
    );
    let id = listed.split('\t').next().unwrap().to_string();
    assert!(listed.contains("active\tci"), "{listed}");
    let out = broadsheet(&dir, Some(db))
        .args(["token", "revoke", "--email", "ed@example.org", "--id", &id])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(store.user_for_api_token(&token).await.unwrap().is_none());

    // A lost phone: the operator turns two-step sign-in off, and the audit log says so.
    store
        .set_two_step_pending(user.id, Some("JBSWY3DPEHPK3PXP"))
        .await
        .unwrap();
    assert!(store.enable_two_step(user.id, 1, &[]).await.unwrap());
    let out = broadsheet(&dir, Some(db))
        .args(["user", "reset-two-step", "--email", "ed@example.org"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("two-step sign-in is off for ed@example.org"));
    assert_eq!(store.two_step(user.id).await.unwrap().secret, None);
    let log = store
        .moderation_log(None, Some(user.id), None, 5)
        .await
        .unwrap();
    assert_eq!(
        (log[0].action.as_str(), log[0].actor_id),
        ("reset-two-step", None)
    );
    let unknown = broadsheet(&dir, Some(db))
        .args(["user", "reset-two-step", "--email", "nobody@example.org"])
        .output()
        .unwrap();
    assert!(!unknown.status.success());
    assert_eq!(
        text(&unknown.stderr).trim(),
        "broadsheet: no user with email nobody@example.org"
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn bad_input_exits_non_zero_with_one_clear_line() {
    let dir = temp_dir("bs-cli-bad");
    let fresh = dir.join("never-made");
    // (arguments, environment, what the error line must say)
    type Case = (Vec<&'static str>, Vec<(&'static str, String)>, &'static str);
    let cases: Vec<Case> = vec![
        (
            vec!["serve", "--frobnicate"],
            vec![],
            "unexpected argument '--frobnicate'",
        ),
        (
            vec!["migrate"],
            vec![("BROADSHEET_DATABASE_URL", "mysql://x".into())],
            "should start with sqlite:// or postgres://",
        ),
        (
            vec!["check"],
            vec![(
                "BROADSHEET_DATABASE_URL",
                "postgres://nobody@127.0.0.1:1/db".into(),
            )],
            "cannot reach the database",
        ),
        (
            vec![
                "user",
                "create",
                "--email",
                "x@example.org",
                "--name",
                "X",
                "--role",
                "owner",
            ],
            vec![],
            "unknown role 'owner'",
        ),
    ];
    for (args, env, expected) in cases {
        let mut cmd = broadsheet(&fresh, None);
        for (k, v) in env {
            cmd.env(k, v);
        }
        let out = cmd.args(&args).output().unwrap();
        let stderr = text(&out.stderr);
        assert!(!out.status.success(), "{args:?} succeeded");
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
        assert!(!fresh.exists(), "{args:?} left {} behind", fresh.display());
    }
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_taken_port_or_unwritable_data_dir_fails_cleanly() {
    let dir = temp_dir("bs-cli-port");
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    let data = dir.join("data");
    let out = broadsheet(&data, None)
        .args(["serve", "--listen", &addr])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains(&format!("cannot listen on {addr}")),
        "{}",
        text(&out.stderr)
    );
    assert!(!data.exists(), "nothing is created when the port is taken");

    // A data directory below a regular file cannot be created.
    let file = dir.join("a-file");
    std::fs::write(&file, b"x").unwrap();
    let out = broadsheet(&file.join("data"), None)
        .args(["migrate"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("cannot create the data directory"),
        "{}",
        text(&out.stderr)
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn serve_answers_on_a_loopback_port_and_stops_on_sigterm() {
    let dir = temp_dir("bs-serve");
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let addr = format!("127.0.0.1:{port}");
    let mut child = broadsheet(&dir.join("data"), None)
        .args(["serve", "--listen", &addr])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let client = reqwest::Client::new();
    let deadline = Instant::now() + Duration::from_secs(30);
    let home = loop {
        match rt.block_on(client.get(format!("http://{addr}/")).send()) {
            Ok(r) => break r,
            Err(_) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(100)),
            Err(e) => panic!("server never answered: {e}"),
        }
    };
    assert_eq!(home.status(), 200);
    let body = rt.block_on(home.text()).unwrap();
    assert!(body.contains("The Harbour Ledger"));
    let ready = rt
        .block_on(client.get(format!("http://{addr}/readyz")).send())
        .unwrap();
    assert_eq!(ready.status(), 200);

    let pid = child.id().to_string();
    assert!(
        Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap()
            .success()
    );
    let status = child.wait().unwrap();
    assert!(
        status.success(),
        "graceful shutdown exits 0, got {status:?}"
    );
    let stderr = text(&{
        let mut s = Vec::new();
        std::io::Read::read_to_end(&mut child.stderr.take().unwrap(), &mut s).unwrap();
        s
    });
    assert!(
        stderr.contains("/setup/"),
        "the first start prints a setup link: {stderr}"
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn moderation_screen_reads_and_writes_json_lines() {
    let input = concat!(
        "{\"id\":\"a\",\"text\":\"I disagree with the council's budget; the numbers do not add up.\"}\n",
        "{\"id\":\"b\",\"text\":\"You are a pathetic idiot and everyone here knows it.\"}\n",
        "{\"id\":7,\"text\":\"Sen tam bir aptalsın.\",\"extra\":1}\n",
        "not json\n",
    );
    let dir = temp_dir("bs-mod").join("data");
    let mut cmd = broadsheet(&dir, None);
    cmd.args(["moderation", "screen"]);
    let out = run_with_stdin(cmd, input);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let lines: Vec<serde_json::Value> = text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 4);
    assert_eq!(lines[0]["id"], "a");
    assert_eq!(lines[0]["decision"], "allow");
    assert_eq!(lines[0]["violation"], false);
    assert_eq!(lines[1]["violation"], true);
    assert!(!lines[1]["reasons"].as_array().unwrap().is_empty());
    assert_eq!(lines[2]["id"], 7);
    assert_eq!(lines[2]["violation"], true, "Turkish insult: {}", lines[2]);
    assert!(lines[3].get("error").is_some());
    assert!(!dir.exists(), "screening touches no data directory");
}

/// Boolean variables read as a shell script or a systemd env file writes them.
#[test]
fn boolean_variables_take_1_0_true_false_yes_no() {
    let dir = temp_dir("bs-cli-bool");
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    for value in [
        "1", "0", "true", "false", "yes", "no", "TRUE", "No", "on", "off",
    ] {
        for variable in ["BROADSHEET_NO_DEMO", "BROADSHEET_BEHIND_TLS"] {
            let out = broadsheet(&dir.join("data"), None)
                .env(variable, value)
                .args(["serve", "--listen", &addr])
                .output()
                .unwrap();
            // Accepted: the server goes on to bind, and finds the port taken.
            assert!(
                text(&out.stderr).contains("cannot listen on"),
                "{variable}={value}: {}",
                text(&out.stderr)
            );
        }
    }
    let out = broadsheet(&dir.join("data"), None)
        .env("BROADSHEET_NO_DEMO", "maybe")
        .args(["serve", "--listen", &addr])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("invalid value 'maybe'"),
        "{}",
        text(&out.stderr)
    );
    drop(taken);

    // And they mean what they say: no demo paper, and HSTS for a site behind TLS.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let addr = format!("127.0.0.1:{port}");
    let mut child = broadsheet(&dir.join("data"), None)
        .env("BROADSHEET_NO_DEMO", "1")
        .env("BROADSHEET_BEHIND_TLS", "yes")
        .args(["serve", "--listen", &addr])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    let home = loop {
        match rt.block_on(reqwest::get(format!("http://{addr}/"))) {
            Ok(r) => break r,
            Err(_) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(100)),
            Err(e) => panic!("server never answered: {e}"),
        }
    };
    assert!(home.headers().contains_key("strict-transport-security"));
    let body = rt.block_on(home.text()).unwrap();
    assert!(!body.contains("The Harbour Ledger"), "no demo paper");
    let _ = child.kill();
    let _ = child.wait();
    let _ = std::fs::remove_dir_all(dir);
}
