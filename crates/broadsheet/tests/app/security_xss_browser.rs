//! Script injection, as an attacker would try it: every vector of
//! `reliability/xss/vectors.txt` goes into every field a reader or staff member fills —
//! article headline, standfirst, Markdown body, dateline, section and tag names, comment
//! bodies, display names, search queries and unknown URLs — and every page showing them
//! is opened in headless Chromium. No script may run and no handler may reach the DOM.

use crate::common;

use broadsheet_testkit::{TestDb, on_both_engines};
use common::browser::Browser;
use common::server::Server;
use common::xss::{CLEAN, enc_all, vectors_by_nul};
use serde_json::{Value, json};

async fn api(
    client: &reqwest::Client,
    server: &Server,
    token: &str,
    path: &str,
    body: Value,
) -> Value {
    let resp = client
        .post(server.url(path))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = resp.status();
    let json: Value = resp.json().await.unwrap_or_default();
    assert!(
        status.is_success() || status.as_u16() == 400 || status.as_u16() == 409,
        "{path}: {status} {json}"
    );
    json
}

on_both_engines!(no_vector_runs_anywhere_it_is_shown);

async fn no_vector_runs_anywhere_it_is_shown(db: &TestDb) {
    let server = Server::start_with(&db.url, &["--rate-limit-scale", "1000"]).await;
    let Some(browser) = Browser::start().await else {
        return;
    };
    let client = reqwest::Client::new();
    let editor = server.user_with_token("xss-editor@example.org", "editor");
    let reader = server.user_with_token("xss-reader@example.org", "reader");
    // Text with a NUL character is refused outright with a clear 400; the rest is stored.
    let (with_nul, vectors) = vectors_by_nul();
    for v in &with_nul {
        let resp = client
            .post(server.url("/api/v1/articles"))
            .bearer_auth(&editor)
            .json(&json!({"headline": v, "section": "city"}))
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 400, "{v:?}");
    }

    // Staff fields: a section and tags named with vectors, articles carrying them.
    let section = api(
        &client,
        &server,
        &editor,
        "/api/v1/sections",
        json!({"name": vectors[2], "slug": "hostile"}),
    )
    .await;
    let section_slug = section["slug"].as_str().unwrap_or("city").to_string();
    let body = vectors.join("\n\n");
    let mut article_urls = Vec::new();
    let mut first_article = None;
    for (i, v) in vectors.iter().take(6).enumerate() {
        let created = api(&client, &server, &editor, "/api/v1/articles", json!({
            "headline": format!("Hostile {i} {v}"), "standfirst": v, "body": body, "dateline": v,
            "section": section_slug, "tags": [v, format!("tag {i}")]
        })).await;
        let id = created["id"]
            .as_i64()
            .unwrap_or_else(|| panic!("article {i} not created: {created}"));
        let published = api(
            &client,
            &server,
            &editor,
            &format!("/api/v1/articles/{id}/publish"),
            json!({}),
        )
        .await;
        article_urls.push(
            published["url"]
                .as_str()
                .unwrap_or_else(|| panic!("{published}"))
                .to_string(),
        );
        first_article.get_or_insert(id);
    }
    // Reader fields: every vector as a comment body.
    let article_id = first_article.unwrap();
    for v in &vectors {
        let body = format!("{v} (a civil remark about the harbour, so it is not held)");
        client
            .post(server.url(&format!("/api/v1/articles/{article_id}/comments")))
            .bearer_auth(&reader)
            .json(&json!({"body": body}))
            .send()
            .await
            .unwrap();
    }

    let mut pages: Vec<String> = vec!["/".into(), format!("/{section_slug}"), "/feed/json".into()];
    pages.extend(article_urls.iter().cloned());
    pages.extend(
        vectors
            .iter()
            .step_by(9)
            .map(|v| format!("/search?q={}", enc_all(v))),
    );
    pages.extend(
        vectors
            .iter()
            .step_by(13)
            .map(|v| format!("/{}", enc_all(v))),
    );
    pages.extend(
        vectors
            .iter()
            .step_by(17)
            .map(|v| format!("/tag/{}", enc_all(v))),
    );
    for page in &pages {
        browser.client.goto(&server.url(page)).await.unwrap();
        assert_eq!(browser.js(CLEAN).await, true, "script injection on {page}");
    }
    browser.close().await;
}
