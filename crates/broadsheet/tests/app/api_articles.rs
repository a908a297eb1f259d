//! The admin JSON API with bearer tokens: the story from draft to scheduled and
//! published, its errors with stable codes and fields, and the OpenAPI document's
//! coverage of every API route. SQLite and PostgreSQL.

use crate::common;

use axum::http::StatusCode;
use broadsheet_domain::Role;
use broadsheet_testkit::{TestDb, on_both_engines};
use common::TestApp;
use serde_json::json;

on_both_engines!(
    the_api_takes_a_story_from_draft_to_published,
    api_errors_have_codes_and_fields,
    every_api_route_is_in_the_openapi_document,
);

async fn app(db: &TestDb) -> TestApp {
    let app = TestApp::empty(db).await;
    app.store
        .create_section("city", "City", "", "")
        .await
        .unwrap();
    app
}

async fn the_api_takes_a_story_from_draft_to_published(db: &TestDb) {
    let mut app = app(db).await;
    let (writer, w) = app.token_for(Role::Contributor, "cora@example.org").await;
    let (_, ed) = app.token_for(Role::Editor, "ed@example.org").await;
    let body = json!({"headline": "Lifeboat named", "standfirst": "A new boat.", "body": "## Launch\n\nText.",
                      "section": "city", "tags": ["Harbour", "Boats"], "language": "en"});
    let page = app.api("POST", "/api/v1/articles", &w, Some(body)).await;
    assert_eq!(page.status, StatusCode::CREATED, "{}", page.body);
    let a = TestApp::json(&page);
    assert_eq!(
        (a["slug"].as_str(), a["url"].as_str(), a["status"].as_str()),
        (
            Some("lifeboat-named"),
            Some("/city/lifeboat-named"),
            Some("draft")
        )
    );
    assert_eq!(a["authors"], json!(["cora@example.org"]));
    assert_eq!(a["tags"], json!(["Boats", "Harbour"]));
    let id = a["id"].as_i64().unwrap();
    assert!(
        app.store
            .bylines(&[id])
            .await
            .unwrap()
            .iter()
            .any(|b| b.user_id == writer.id)
    );

    let page = app
        .api(
            "PATCH",
            &format!("/api/v1/articles/{id}"),
            &w,
            Some(json!({"version": 1, "standfirst": "A new all-weather boat."})),
        )
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert_eq!(TestApp::json(&page)["version"], 2);
    let page = app
        .api("POST", &format!("/api/v1/articles/{id}/publish"), &w, None)
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert_eq!(TestApp::json(&page)["error"]["code"], "forbidden");
    let page = app
        .api("POST", &format!("/api/v1/articles/{id}/submit"), &w, None)
        .await;
    assert_eq!(TestApp::json(&page)["status"], "in_review");

    let when = (time::OffsetDateTime::now_utc() + time::Duration::hours(3))
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap();
    let page = app
        .api(
            "POST",
            &format!("/api/v1/articles/{id}/schedule"),
            &ed,
            Some(json!({"publish_at": when})),
        )
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert_eq!(TestApp::json(&page)["status"], "scheduled");
    let page = app
        .api("POST", &format!("/api/v1/articles/{id}/publish"), &ed, None)
        .await;
    assert_eq!(TestApp::json(&page)["status"], "published");

    let page = app
        .api("GET", "/api/v1/articles?status=published", &ed, None)
        .await;
    let list = TestApp::json(&page);
    assert_eq!(list["articles"][0]["id"], id);
    assert_eq!(list["articles"][0]["url"], "/city/lifeboat-named");
    assert!(list["next_cursor"].is_null());
    // Keyset paging walks every article once.
    for i in 0..4 {
        let b = json!({"headline": format!("Story {i}"), "section": "city"});
        assert_eq!(
            app.api("POST", "/api/v1/articles", &ed, Some(b))
                .await
                .status,
            StatusCode::CREATED
        );
    }
    let (mut seen, mut cursor) = (Vec::new(), String::new());
    loop {
        let page = app
            .api(
                "GET",
                &format!("/api/v1/articles?limit=2{cursor}"),
                &ed,
                None,
            )
            .await;
        let v = TestApp::json(&page);
        seen.extend(
            v["articles"]
                .as_array()
                .unwrap()
                .iter()
                .map(|a| a["id"].as_i64().unwrap()),
        );
        match v["next_cursor"].as_str() {
            Some(c) => cursor = format!("&cursor={c}"),
            None => break,
        }
    }
    let mut sorted = seen.clone();
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    sorted.dedup();
    assert_eq!((seen.len(), sorted), (5, seen.clone()));

    let page = app
        .api(
            "GET",
            &format!("/api/v1/articles/{id}/revisions/2?diff_from=1"),
            &ed,
            None,
        )
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("A new all-weather boat."));
    let page = app
        .api(
            "POST",
            &format!("/api/v1/articles/{id}/revisions/1/restore"),
            &ed,
            Some(json!({"version": 2})),
        )
        .await;
    assert_eq!(TestApp::json(&page)["standfirst"], "A new boat.");
    let page = app
        .api(
            "POST",
            &format!("/api/v1/articles/{id}/unpublish"),
            &ed,
            None,
        )
        .await;
    assert_eq!(TestApp::json(&page)["status"], "unpublished");
    for path in ["/api/v1/sections", "/api/v1/tags", "/api/v1/authors"] {
        assert_eq!(
            app.api("GET", path, &w, None).await.status,
            StatusCode::OK,
            "{path}"
        );
    }
    let page = app
        .api(
            "POST",
            "/api/v1/sections",
            &ed,
            Some(json!({"name": "Sport"})),
        )
        .await;
    assert_eq!(
        (page.status, TestApp::json(&page)["slug"].as_str()),
        (StatusCode::CREATED, Some("sport"))
    );
    // The API keeps the newsroom's rules: /pages is reserved and a taken address is
    // refused at the slug field, not stored or answered with a bare conflict.
    for body in [
        json!({"name": "Pages", "slug": "pages"}),
        json!({"name": "Sport"}),
    ] {
        let page = app.api("POST", "/api/v1/sections", &ed, Some(body)).await;
        let v = TestApp::json(&page);
        assert_eq!(page.status, StatusCode::BAD_REQUEST, "{v}");
        assert_eq!(v["error"]["field"], "slug", "{v}");
    }
    assert_eq!(
        app.api("POST", "/api/v1/tags", &w, Some(json!({"name": "X"})))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
}

async fn api_errors_have_codes_and_fields(db: &TestDb) {
    let mut app = app(db).await;
    let (_, ed) = app.token_for(Role::Editor, "ed@example.org").await;
    let (_, reader) = app.token_for(Role::Reader, "r@example.org").await;
    let err = |page: &common::Page| {
        let v = TestApp::json(page);
        (
            v["error"]["code"].as_str().unwrap_or("").to_string(),
            v["error"]["field"].as_str().unwrap_or("").to_string(),
        )
    };
    let cases = [
        (
            json!({"section": "city"}),
            StatusCode::BAD_REQUEST,
            ("bad_request", "headline"),
        ),
        (
            json!({"headline": "X", "section": "nowhere"}),
            StatusCode::BAD_REQUEST,
            ("bad_request", "section"),
        ),
        (
            json!({"headline": "X", "section": "city", "body": "a".repeat(1024 * 1024 + 10)}),
            StatusCode::BAD_REQUEST,
            ("bad_request", "body"),
        ),
        (
            json!({"headline": "X", "section": "city", "authors": ["nobody@example.org"]}),
            StatusCode::BAD_REQUEST,
            ("bad_request", "authors"),
        ),
        (
            json!({"headline": "X", "section": "city", "lead_image": "/media/a/original.png"}),
            StatusCode::BAD_REQUEST,
            ("bad_request", "image_alt"),
        ),
        (
            json!({"headline": "X", "section": "city", "colour": "red"}),
            StatusCode::BAD_REQUEST,
            ("bad_request", ""),
        ),
    ];
    for (body, status, (code, field)) in cases {
        let page = app.api("POST", "/api/v1/articles", &ed, Some(body)).await;
        assert_eq!(page.status, status, "{}", page.body);
        assert_eq!(
            err(&page),
            (code.to_string(), field.to_string()),
            "{}",
            page.body
        );
    }
    assert_eq!(
        app.store.count_articles().await.unwrap(),
        0,
        "nothing was saved"
    );
    let page = app
        .api(
            "POST",
            "/api/v1/articles",
            &ed,
            Some(json!({"headline": "Same", "section": "city"})),
        )
        .await;
    let id = TestApp::json(&page)["id"].as_i64().unwrap();
    let page = app
        .api(
            "POST",
            "/api/v1/articles",
            &ed,
            Some(json!({"headline": "Same", "section": "city"})),
        )
        .await;
    assert_eq!(
        (page.status, err(&page).0.as_str()),
        (StatusCode::CONFLICT, "conflict")
    );
    let page = app
        .api(
            "PATCH",
            &format!("/api/v1/articles/{id}"),
            &ed,
            Some(json!({"headline": "No version"})),
        )
        .await;
    assert_eq!(err(&page), ("bad_request".into(), "version".into()));
    app.api(
        "PATCH",
        &format!("/api/v1/articles/{id}"),
        &ed,
        Some(json!({"version": 1, "headline": "V2"})),
    )
    .await;
    let page = app
        .api(
            "PATCH",
            &format!("/api/v1/articles/{id}"),
            &ed,
            Some(json!({"version": 1, "headline": "Lost?"})),
        )
        .await;
    assert_eq!(
        (page.status, err(&page).0.as_str()),
        (StatusCode::CONFLICT, "conflict")
    );
    assert!(
        TestApp::json(&page)["error"]["message"]
            .as_str()
            .unwrap()
            .contains("version 2")
    );
    for bad in ["not a date", "2001-01-01T00:00:00Z"] {
        let page = app
            .api(
                "POST",
                &format!("/api/v1/articles/{id}/schedule"),
                &ed,
                Some(json!({"publish_at": bad})),
            )
            .await;
        assert_eq!(
            err(&page),
            ("bad_request".into(), "publish_at".into()),
            "{bad}"
        );
    }
    let page = app
        .api(
            "POST",
            &format!("/api/v1/articles/{id}/unpublish"),
            &ed,
            None,
        )
        .await;
    assert_eq!(
        (page.status, err(&page).0.as_str()),
        (StatusCode::CONFLICT, "conflict")
    );
    assert_eq!(
        app.api("POST", &format!("/api/v1/articles/{id}/fly"), &ed, None)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.api("GET", "/api/v1/articles/999999", &ed, None)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let page = app.api("GET", "/api/v1/articles", &reader, None).await;
    assert_eq!(
        (page.status, err(&page).0.as_str()),
        (StatusCode::FORBIDDEN, "forbidden")
    );
    let page = app
        .api("GET", "/api/v1/articles", "bs_not_a_token", None)
        .await;
    assert_eq!(
        (page.status, err(&page).0.as_str()),
        (StatusCode::UNAUTHORIZED, "unauthorized")
    );
    let page = app.api("POST", "/api/v1/articles", &ed, None).await;
    assert_eq!(err(&page).1, "headline");
    let raw = app
        .api("GET", "/api/v1/articles?status=flying", &ed, None)
        .await;
    assert_eq!(err(&raw), ("bad_request".into(), "status".into()));
}

async fn every_api_route_is_in_the_openapi_document(db: &TestDb) {
    let mut app = app(db).await;
    let page = app.get("/api/v1/openapi.json").await;
    assert_eq!(page.status, StatusCode::OK);
    let doc = TestApp::json(&page);
    assert_eq!(doc["openapi"], "3.1.0");
    let paths = doc["paths"].as_object().unwrap();
    for path in broadsheet::api::PATHS {
        let documented = paths
            .get(*path)
            .unwrap_or_else(|| panic!("{path} is not in openapi.json"));
        let concrete = path
            .replace("{id}", "1")
            .replace("{version}", "1")
            .replace("{action}", "publish")
            .replace("{change}", "ban");
        for method in ["GET", "POST", "PATCH", "PUT", "DELETE"] {
            if path.ends_with("/stream") && method == "GET" {
                // An event stream never ends; it is documented, and tested in comments_api.rs.
                assert!(documented.get("get").is_some());
                continue;
            }
            let page = app.api(method, &concrete, "bs_nobody", None).await;
            let routed = page.status != StatusCode::METHOD_NOT_ALLOWED;
            let in_doc = documented.get(method.to_lowercase()).is_some();
            assert_eq!(
                routed, in_doc,
                "{method} {path}: routed {routed}, documented {in_doc}"
            );
        }
    }
    assert_eq!(
        paths.len(),
        broadsheet::api::PATHS.len(),
        "the document lists a path the router lacks"
    );
}
