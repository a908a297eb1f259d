//! `export`, `backup` and `restore` as an operator runs them: an archive taken from a
//! running site on one engine is restored into an empty database of the other, which
//! then serves the same stories, comments and search; bad archives change nothing.

use crate::common;

use broadsheet_testkit::{Engine, TestDb, on_both_engines, temp_dir};
use common::server::Server;
use common::sql::{first_article, scalar};
use std::path::Path;
use std::process::{Command, Output};

on_both_engines!(a_site_moves_to_the_other_engine_whole);
on_both_engines!(bad_archives_and_full_databases_are_refused_and_change_nothing);

fn broadsheet(data_dir: &Path, url: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_broadsheet"))
        .env("BROADSHEET_DATA_DIR", data_dir)
        .env("BROADSHEET_DATABASE_URL", url)
        .env("BROADSHEET_LOG", "warn")
        .args(args)
        .output()
        .unwrap()
}

fn ok(out: &Output) -> String {
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{stderr}");
    stderr
}

/// An empty database on the engine `db` is not on.
async fn other_engine(db: &TestDb) -> Option<TestDb> {
    match db.engine {
        Engine::Sqlite => broadsheet_testkit::postgres().await,
        Engine::Postgres => Some(broadsheet_testkit::sqlite()),
    }
}

const COUNT_COMMENTS: &str = "SELECT COUNT(*) FROM comments WHERE $1 = $1";

async fn a_site_moves_to_the_other_engine_whole(db: &TestDb) {
    let Some(target) = other_engine(db).await else {
        return;
    };
    let source = Server::start_with(&db.url, &["--rate-limit-scale", "1000"]).await;
    let reader = source.user_with_token("reader@example.org", "reader");
    let (article, path) = first_article(&db.url).await;
    let client = reqwest::Client::new();
    let remark = "Archived remark: the lighthouse keeper's log deserves a feature.";
    let posted = source.post_comment(&reader, article, remark).await;
    assert_eq!(posted.status(), 201);

    // A backup while the site serves: a whole file, with progress on standard error.
    let work = temp_dir("bs-archive");
    let file = work.join("site.jsonl");
    let file_arg = file.to_str().unwrap();
    let progress = ok(&source.cli(&["backup", "--out", file_arg], ""));
    assert!(
        progress.contains("articles") && progress.contains("backed up"),
        "{progress}"
    );
    assert!(
        !work.join("site.partial").exists(),
        "no partial file is left"
    );

    // Restored into the other engine, the site serves the same story and comment.
    let restored = ok(&broadsheet(
        &work.join("data"),
        &target.url,
        &["restore", file_arg],
    ));
    assert!(restored.contains("restored"), "{restored}");
    assert_eq!(
        scalar(&target.url, COUNT_COMMENTS, 0).await,
        scalar(&db.url, COUNT_COMMENTS, 0).await
    );
    let moved = Server::start_with(&target.url, &["--rate-limit-scale", "1000"]).await;
    let page = client.get(moved.url(&path)).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("lighthouse keeper"), "the comment came along");
    let search = client
        .get(moved.url("/search?q=harbour"))
        .send()
        .await
        .unwrap();
    let found = search.text().await.unwrap();
    assert!(
        found.contains("<mark>"),
        "the target's search index was rebuilt"
    );
    // The reader's token still works and new rows continue after the restored ids.
    let again = moved
        .post_comment(
            &reader,
            article,
            "A second remark, after the move, about the ferry.",
        )
        .await;
    assert_eq!(again.status(), 201, "{}", again.text().await.unwrap());

    // The export of the moved site has the same rows as the backup.
    let export = ok(&broadsheet(
        &work.join("data"),
        &target.url,
        &["export", "--out", "-"],
    ));
    assert!(export.contains("exported"));
    let _ = std::fs::remove_dir_all(work);
}

async fn bad_archives_and_full_databases_are_refused_and_change_nothing(db: &TestDb) {
    let work = temp_dir("bs-archive-bad");
    let source = Server::start_with(&db.url, &[]).await;
    let file = work.join("site.jsonl");
    ok(&source.cli(&["export", "--out", file.to_str().unwrap()], ""));
    let archive = std::fs::read_to_string(&file).unwrap();
    drop(source);

    // Restoring over a site with content is refused.
    let out = broadsheet(
        &work.join("d0"),
        &db.url,
        &["restore", file.to_str().unwrap()],
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("needs an empty database"));

    let Some(target) = other_engine(db).await else {
        return;
    };
    let lines: Vec<&str> = archive.lines().collect();
    let damaged = [
        ("not an archive", "hello\n".to_string()),
        (
            "other schema",
            archive.replacen("\"schema\":", "\"schema\":9", 1),
        ),
        (
            "truncated row",
            format!("{}\n[1, \"x\"\n", lines[..lines.len() / 2].join("\n")),
        ),
        (
            "unknown table",
            format!("{}\n{{\"table\":\"secrets\",\"columns\":[]}}\n", lines[0]),
        ),
        ("wrong type", archive.replacen("\"city\"", "12", 1)),
    ];
    for (what, text) in damaged {
        let bad = work.join("bad.jsonl");
        std::fs::write(&bad, text).unwrap();
        let out = broadsheet(
            &work.join("d1"),
            &target.url,
            &["restore", bad.to_str().unwrap()],
        );
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{what}");
        // Progress lines may come first; the error is one line, the last.
        let errors: Vec<&str> = stderr
            .lines()
            .filter(|l| l.starts_with("broadsheet:"))
            .collect();
        assert_eq!(errors.len(), 1, "{what}: one clear line: {stderr}");
        assert_eq!(stderr.lines().last(), Some(errors[0]), "{what}");
        assert!(stderr.contains("nothing was restored"), "{what}: {stderr}");
        let users = scalar(&target.url, "SELECT COUNT(*) FROM users WHERE $1 = $1", 0).await;
        assert_eq!(users, Some(0), "{what}: the target stays empty");
    }
    let _ = std::fs::remove_dir_all(work);
}
