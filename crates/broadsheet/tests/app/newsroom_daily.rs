//! The newsroom as editors and moderators use it every day (issue 19): desk decisions
//! one after another, error pages in the reader's language and masthead, unverified
//! readers, scheduled stories, lead-image checks, the full preview, sidebar ads on
//! front and section pages, language attributes, and a readable audit log.

use crate::common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use broadsheet_domain::{ArticleStatus, EmailAddress, Role};
use broadsheet_store::{CommentStatus, NewAdSlot};
use broadsheet_testkit::{TestDb, on_both_engines};
use common::{PASSWORD, TestApp};

on_both_engines!(
    desk_decisions_follow_one_another,
    error_pages_speak_the_readers_language,
    unverified_readers_read_and_can_ask_for_a_new_link,
    scheduled_stories_are_cancelled_not_unpublished,
    lead_images_must_be_images_a_browser_will_show,
    the_full_preview_shows_the_story_as_readers_will,
    sidebar_slots_appear_on_front_and_section_pages,
    the_audit_log_names_people_and_reads_as_sentences,
    staff_get_a_way_back_and_cards_show_pictures,
    the_desk_shows_why_readers_reported,
    profile_saves_are_limited_and_a_bio_keeps_the_cache
);

const FINDINGS: &str = r#"[{"category":"rude","rule":"insult","message_en":"Insults another reader","message_tr":"Başka bir okura hakaret","span":[0,5],"excerpt":"idiot"}]"#;

async fn held_comment(app: &TestApp, author: i64, text: &str, reasons: &str) -> i64 {
    let (article, _) = app.first_article().await;
    let html = format!("<p>{text}</p>");
    let status = CommentStatus::Pending;
    common::store_comment(
        &app.store,
        (article, author),
        status,
        (text, &html),
        reasons,
    )
    .await
}

async fn reader(app: &TestApp, email: &str, name: &str) -> i64 {
    let email = EmailAddress::parse(email).unwrap();
    app.store
        .create_user(&email, name, Role::Reader, None)
        .await
        .unwrap()
        .id
}

async fn desk_decisions_follow_one_another(db: &TestDb) {
    let mut app = TestApp::with_demo(db).await;
    let author = reader(&app, "r@example.org", "Harbour Reader").await;
    let first = held_comment(&app, author, "first held", "[]").await;
    let second = held_comment(&app, author, "second held", "[]").await;
    app.sign_in_as(Role::Moderator, "mod@example.org").await;

    let mut back = "/newsroom/moderation?queue=pending".to_string();
    for id in [first, second] {
        // The desk page the moderator is on offers itself as the way back, without
        // the previous decision's notice.
        let desk = app.get(&back).await;
        assert_eq!(desk.status, StatusCode::OK, "{}", desk.body);
        let offered = desk.attrs("input[name=back]", "value");
        assert!(
            offered.iter().all(|b| !b.contains("notice=")),
            "{offered:?}"
        );
        let done = app
            .submit(
                "/newsroom/moderation/act",
                &[
                    ("id", &id.to_string()),
                    ("action", "approve"),
                    ("back", &back),
                ],
            )
            .await;
        assert_eq!(done.status, StatusCode::SEE_OTHER);
        back = done.header("location").to_string();
        assert_eq!(back.matches("notice=").count(), 1, "{back}");
    }
    assert_eq!(app.get(&back).await.status, StatusCode::OK);
    for id in [first, second] {
        let c = app.store.comment(id).await.unwrap().unwrap();
        assert_eq!(c.status, CommentStatus::Visible);
    }
}

async fn error_pages_speak_the_readers_language(db: &TestDb) {
    let mut app = TestApp::with_demo(db).await;
    app.get("/lang/tr?next=/").await;
    let mut last = None;
    for _ in 0..25 {
        let page = app
            .submit(
                "/login",
                &[("email", "nobody@example.org"), ("password", "wrong guess")],
            )
            .await;
        if page.status == StatusCode::TOO_MANY_REQUESTS {
            last = Some(page);
            break;
        }
    }
    let refused = last.expect("repeated failed sign-ins are refused");
    assert!(!refused.header("retry-after").is_empty());
    let html = refused.html();
    let message = refused.texts(".error-page p").join(" ");
    assert!(
        message.contains("dakika"),
        "in Turkish, in minutes: {message}"
    );
    assert!(!message.contains("seconds"), "{message}");
    drop(html);

    // Too large a body: a themed page that says what to do, not plain text.
    let mut editor = TestApp::on_same(&app);
    editor.get("/lang/tr?next=/").await;
    let user = editor.sign_in_as(Role::Editor, "ed@example.org").await;
    let huge = "x".repeat(3 * 1024 * 1024);
    let token = editor.csrf().await;
    let req = Request::post("/newsroom/articles")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::CONTENT_LENGTH, huge.len() + 100)
        .body(Body::from(format!("csrf={token}&headline=Big&body={huge}")))
        .unwrap();
    let too_large = editor.send(req).await;
    assert_eq!(too_large.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(too_large.header("content-type").starts_with("text/html"));
    assert!(
        too_large.texts(".error-page p").join(" ").contains("Geri"),
        "translated advice: {}",
        too_large.body
    );
    // A signed-in editor's error page still shows who is signed in.
    assert_eq!(too_large.texts(".account-nav a"), [user.display_name]);
}

async fn unverified_readers_read_and_can_ask_for_a_new_link(db: &TestDb) {
    let mut app = TestApp::with_demo(db).await;
    let email = EmailAddress::parse("new@example.org").unwrap();
    let hash = broadsheet::auth::password::hash(PASSWORD.into())
        .await
        .unwrap();
    let me = app
        .store
        .create_reader(&email, "New Reader", &hash)
        .await
        .unwrap();
    let other = reader(&app, "old@example.org", "Old Reader").await;
    let (article, path) = app.first_article().await;
    let visible = held_comment(&app, other, "A thoughtful comment", "[]").await;
    app.store
        .moderate_comment(
            visible,
            broadsheet_domain::moderation::CommentAction::Approve,
            other,
            "",
        )
        .await
        .unwrap();
    let signed_in = app
        .submit(
            "/login",
            &[("email", email.as_str()), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(signed_in.status, StatusCode::SEE_OTHER);

    let page = app.get(&path).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("A thoughtful comment"),
        "they can read (article {article})"
    );
    assert!(page.attrs(".comment-reply form", "action").is_empty());
    assert!(page.attrs(".like-button", "class").is_empty());
    assert!(page.attrs(".comment-report form", "action").is_empty());
    assert_eq!(
        page.attrs("#comments form[action='/account/verify/resend']", "method"),
        ["post"]
    );

    let before = app
        .store
        .outbox(Some(email.as_str()), 10)
        .await
        .unwrap()
        .len();
    let resent = app.submit("/account/verify/resend", &[]).await;
    assert_eq!(resent.status, StatusCode::OK, "{}", resent.body);
    let mails = app.store.outbox(Some(email.as_str()), 10).await.unwrap();
    assert_eq!(mails.len(), before + 1, "a new link is mailed");
    assert!(mails[0].body.contains("/verify/"));
    // Without the form token nothing is sent.
    let forged = app.post_form("/account/verify/resend", &[]).await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert_eq!(
        app.store
            .outbox(Some(email.as_str()), 10)
            .await
            .unwrap()
            .len(),
        before + 1
    );
    assert_eq!(me.email, email.as_str());
}

/// Signs in an editor and saves a draft through the editor; returns its id.
async fn editor_with_draft(app: &mut TestApp) -> i64 {
    app.sign_in_as(Role::Editor, "ed@example.org").await;
    let saved = app
        .submit(
            "/newsroom/articles",
            &[
                ("headline", "Ferry timetable changes"),
                ("section", "city"),
                ("body", "The ferry runs later from Monday."),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let location = saved.header("location");
    location
        .trim_start_matches("/newsroom/articles/")
        .split(['?', '/'])
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

async fn scheduled_stories_are_cancelled_not_unpublished(db: &TestDb) {
    let mut app = TestApp::with_demo(db).await;
    let id = editor_with_draft(&mut app).await;
    let scheduled = app
        .submit(
            &format!("/newsroom/articles/{id}/workflow"),
            &[
                ("action", "schedule"),
                ("publish_at", "2031-05-04T09:30"),
                ("tz_offset", "-180"),
            ],
        )
        .await;
    assert_eq!(
        scheduled.status,
        StatusCode::SEE_OTHER,
        "{}",
        scheduled.body
    );
    let a = app.store.article_by_id(id).await.unwrap().unwrap();
    assert_eq!(a.summary.status.0, ArticleStatus::Scheduled);

    let editor = app.get(&format!("/newsroom/articles/{id}")).await;
    assert!(editor.attrs("#action-unpublish", "id").is_empty());
    assert_eq!(editor.attrs("#action-return_to_draft", "id").len(), 1);
    let when = editor.texts(".nr-meta time").join("");
    assert_eq!(when, "4 May 2031, 06:30 UTC", "local 09:30 at UTC+3");
    // The API refuses it too: a story that never went out cannot be unpublished.
    let refused = app
        .submit(
            &format!("/newsroom/articles/{id}/workflow"),
            &[("action", "unpublish")],
        )
        .await;
    assert_ne!(refused.status, StatusCode::SEE_OTHER);
    let a = app.store.article_by_id(id).await.unwrap().unwrap();
    assert_eq!(a.summary.status.0, ArticleStatus::Scheduled);
}

async fn lead_images_must_be_images_a_browser_will_show(db: &TestDb) {
    let mut app = TestApp::with_demo(db).await;
    let id = editor_with_draft(&mut app).await;
    let save = |image: &'static str| {
        vec![
            ("headline", "Ferry timetable changes"),
            ("section", "city"),
            ("body", "The ferry runs later."),
            ("version", "1"),
            ("lead_image", image),
            ("image_alt", "The ferry at the pier"),
        ]
    };
    for bad in [
        "https://news.example/a-story-page",
        "http://img.example/pier.jpg",
        "/media/no-such-upload/original.jpg",
    ] {
        let page = app
            .submit(&format!("/newsroom/articles/{id}"), &save(bad))
            .await;
        assert_eq!(page.status, StatusCode::BAD_REQUEST, "{bad}");
        assert_eq!(
            page.attrs("#lead_image[aria-invalid=true]", "value"),
            [bad],
            "the field is marked and keeps what was typed"
        );
    }
    let good = app
        .submit(
            &format!("/newsroom/articles/{id}"),
            &save("https://img.example/pier.jpg?w=1200"),
        )
        .await;
    assert_eq!(good.status, StatusCode::SEE_OTHER, "{}", good.body);

    // An upload is offered by the editor's picker and accepted as the lead image.
    let (_, token) = app.token_for(Role::Editor, "photo@example.org").await;
    let mut png = std::io::Cursor::new(Vec::new());
    image::RgbImage::from_pixel(64, 36, image::Rgb([20, 90, 160]))
        .write_to(&mut png, image::ImageFormat::Png)
        .unwrap();
    let uploaded = app.upload_image(&token, "pier.png", png.get_ref()).await;
    assert_eq!(uploaded.status, StatusCode::CREATED, "{}", uploaded.body);
    let url = app.store.list_media(1).await.unwrap().remove(0);
    let url = broadsheet::media::url(&url);
    let editor = app.get(&format!("/newsroom/articles/{id}")).await;
    assert!(
        editor
            .attrs("button[data-use-lead]", "data-use-lead")
            .contains(&url),
        "the picker offers {url}"
    );
    let version = editor.attrs("input[name=version]", "value").remove(0);
    let mut fields = save("");
    fields.retain(|(k, _)| *k != "lead_image" && *k != "version");
    fields.push(("lead_image", &url));
    fields.push(("version", &version));
    let with_upload = app
        .submit(&format!("/newsroom/articles/{id}"), &fields)
        .await;
    assert_eq!(
        with_upload.status,
        StatusCode::SEE_OTHER,
        "{}",
        with_upload.body
    );
}

async fn the_full_preview_shows_the_story_as_readers_will(db: &TestDb) {
    let mut app = TestApp::with_demo(db).await;
    app.sign_in_as(Role::Editor, "ed@example.org").await;
    let page = app
        .submit(
            "/newsroom/preview",
            &[
                ("headline", "Harbour bridge reopens"),
                ("standfirst", "Repairs finished a week early."),
                ("section", "city"),
                ("authors", "ed@example.org"),
                ("language", "en"),
                ("body", "## Traffic\n\nBuses return on Monday."),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.texts(".article-header h1"), ["Harbour bridge reopens"]);
    assert_eq!(
        page.texts(".article-header .standfirst"),
        ["Repairs finished a week early."]
    );
    assert_eq!(page.texts(".byline .author"), ["Test User"]);
    assert_eq!(page.texts("#preview-body h2"), ["Traffic"]);
}

async fn sidebar_slots_appear_on_front_and_section_pages(db: &TestDb) {
    let mut app = TestApp::with_demo(db).await;
    let slot = app
        .store
        .create_ad_slot(&NewAdSlot {
            name: "Front rail".into(),
            placement: "sidebar".into(),
            sizes: "mobile=300x250".into(),
            page_types: "home,section".into(),
            enabled: true,
            ..NewAdSlot::default()
        })
        .await
        .unwrap();
    let rail = format!(".ad-rail .ad-slot-{slot}");
    for path in ["/", "/city"] {
        let page = app.get(path).await;
        assert_eq!(page.status, StatusCode::OK);
        assert_eq!(page.texts(&format!("{rail} .ad-label")).len(), 1, "{path}");
    }
    // Language: on the Turkish interface an English story keeps its language on its
    // own words only; the ad label is in the interface's language.
    app.get("/lang/tr?next=/").await;
    let english = app
        .store
        .listing(broadsheet_store::Listing::All, None, 50)
        .await
        .unwrap()
        .into_iter()
        .find(|a| a.language == "en")
        .expect("the demo has English stories");
    let page = app
        .get(&format!("/{}/{}", english.section_slug, english.slug))
        .await;
    assert!(page.attrs("article.article", "lang").is_empty());
    assert_eq!(page.attrs("#headline", "lang"), ["en"]);
    assert_eq!(page.attrs(".article-body", "lang"), ["en"]);
    let ads = page.attrs("aside.ad-slot", "lang");
    assert!(!ads.is_empty() && ads.iter().all(|l| l == "tr"), "{ads:?}");
}

async fn the_audit_log_names_people_and_reads_as_sentences(db: &TestDb) {
    let mut app = TestApp::with_demo(db).await;
    let author = reader(&app, "r@example.org", "Harbour Reader").await;
    let held = held_comment(&app, author, "You idiot", FINDINGS).await;
    app.sign_in_as(Role::Moderator, "mod@example.org").await;
    app.get("/lang/tr?next=/").await;
    let page = app
        .get(&format!("/newsroom/moderation/audit?comment={held}"))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    let cells = page.texts(".nr-audit td").join(" | ");
    assert!(cells.contains("Harbour Reader"), "{cells}");
    assert!(cells.contains("Başka bir okura hakaret"), "{cells}");
    assert!(cells.contains("Otomatik taramayla bekletildi"), "{cells}");
    assert!(!cells.contains("\"category\""), "{cells}");
}

async fn staff_get_a_way_back_and_cards_show_pictures(db: &TestDb) {
    let mut app = TestApp::with_demo(db).await;
    let (id, path) = app.first_article().await;
    let anonymous = app.get(&path).await;
    assert!(
        anonymous.texts(".staff-bar a").is_empty(),
        "readers see no staff bar"
    );
    let section_id = app.store.section_by_slug("city").await.unwrap().unwrap().id;
    app.store
        .create_article(&broadsheet_store::NewArticle {
            section_id,
            slug: "pier".into(),
            headline: "Pier reopens".into(),
            body_html: "<p>Text.</p>".into(),
            status: Some(ArticleStatus::Published),
            published_at: Some(broadsheet_store::now()),
            image_url: "https://img.example/pier.jpg".into(),
            image_alt: "The pier at dusk".into(),
            language: "en".into(),
            ..Default::default()
        })
        .await
        .unwrap();
    for listing in ["/", "/city"] {
        let page = app.get(listing).await;
        let pictures = page.attrs(".story .card-image", "alt");
        assert!(
            pictures.contains(&"The pier at dusk".to_string()),
            "{listing}: cards show their stories' pictures: {pictures:?}"
        );
        let lazy = page.attrs(".story .card-image", "loading");
        assert!(lazy.iter().all(|l| l == "lazy"), "{lazy:?}");
    }

    let mut reader_browser = TestApp::on_same(&app);
    reader_browser
        .sign_in_as(Role::Reader, "reader@example.org")
        .await;
    let as_reader = reader_browser.get(&path).await;
    assert!(as_reader.texts(".staff-bar a").is_empty());

    app.sign_in_as(Role::Editor, "ed@example.org").await;
    let as_editor = app.get(&path).await;
    assert_eq!(
        as_editor.attrs("#edit-this", "href"),
        [format!("/newsroom/articles/{id}")]
    );
    assert_eq!(as_editor.texts(".staff-bar a").len(), 3);
}

async fn the_desk_shows_why_readers_reported(db: &TestDb) {
    let mut app = TestApp::with_demo(db).await;
    let author = reader(&app, "r@example.org", "Harbour Reader").await;
    let id = held_comment(&app, author, "Cheap watches at my site", "[]").await;
    app.store
        .moderate_comment(
            id,
            broadsheet_domain::moderation::CommentAction::Approve,
            author,
            "",
        )
        .await
        .unwrap();
    let reporter = reader(&app, "k@example.org", "Keen Reader").await;
    let reported = app
        .store
        .report_comment(id, reporter, "spam", "selling watches again", 1, 100)
        .await
        .unwrap();
    assert!(reported.counted);
    app.sign_in_as(Role::Moderator, "mod@example.org").await;
    let desk = app.get("/newsroom/moderation?queue=reported").await;
    let notes = desk.texts(&format!("#c{id} .mod-report-notes li"));
    assert_eq!(
        notes,
        ["Spam or advertising · Keen Reader: selling watches again"]
    );
}

async fn profile_saves_are_limited_and_a_bio_keeps_the_cache(db: &TestDb) {
    let mut app = TestApp::with_demo(db).await;
    let mut anonymous = TestApp::on_same(&app);
    anonymous.get("/").await;
    assert_eq!(anonymous.get("/").await.header("x-cache"), "hit");
    app.sign_in_as(Role::Reader, "bio@example.org").await;
    let saved = app
        .submit(
            "/account/profile",
            &[("name", "Test User"), ("bio", "Reads the harbour news.")],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    assert_eq!(
        anonymous.get("/").await.header("x-cache"),
        "hit",
        "a new bio shows on no cached page"
    );
    let renamed = app
        .submit(
            "/account/profile",
            &[("name", "Harbour Watcher"), ("bio", "")],
        )
        .await;
    assert_eq!(renamed.status, StatusCode::SEE_OTHER);
    assert_eq!(
        anonymous.get("/").await.header("x-cache"),
        "miss",
        "a new name may show on comment threads"
    );
    let mut refused = None;
    for i in 0..25 {
        let page = app
            .submit(
                "/account/profile",
                &[("name", "Harbour Watcher"), ("bio", &format!("edit {i}"))],
            )
            .await;
        if page.status == StatusCode::TOO_MANY_REQUESTS {
            refused = Some(i);
            break;
        }
    }
    assert_eq!(refused, Some(18), "twenty saves an hour, two already made");
}
