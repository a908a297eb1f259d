//! Refused newsroom forms in the Turkish UI: the article editor, the page editor, the
//! section form and the ad-slot form each come back with the Turkish message at its field
//! (tied to it by `aria-describedby`, the field marked `aria-invalid`) and what was typed
//! still in the form; nothing is saved.

use crate::common;

use axum::http::StatusCode;
use broadsheet_domain::Role;
use broadsheet_testkit::{TestDb, on_both_engines};
use common::{Page, TestApp};

on_both_engines!(turkish_messages_sit_at_their_fields);

/// Asserts the message `said` is shown at the field `#input` as `#error`, and that the
/// field is marked and described by it.
fn at_field(page: &Page, input: &str, error: &str, said: &str) {
    assert_eq!(page.texts(&format!("#{error}")), [said], "{}", page.body);
    assert_eq!(page.attrs(&format!("#{input}"), "aria-invalid"), ["true"]);
    let described = page.attrs(&format!("#{input}"), "aria-describedby");
    assert!(
        described[0].split(' ').any(|id| id == error),
        "{input} is described by {error}: {described:?}"
    );
    // The summary says where to look, in Turkish too.
    assert_eq!(
        page.texts("#form-error"),
        ["Hiçbir şey kaydedilmedi. Aşağıda işaretli alanı düzeltin."]
    );
}

async fn turkish_messages_sit_at_their_fields(db: &TestDb) {
    let mut app = TestApp::with_demo(db).await;
    app.sign_in_as(Role::Admin, "chief@example.org").await;
    app.cookies.insert("bs_lang".into(), "tr".into());
    let articles = app.store.count_articles().await.unwrap();

    // The article editor: an address with capitals and spaces.
    let page = app
        .submit(
            "/newsroom/articles",
            &[
                ("headline", "Gece vapuru yeniden sefere başlıyor"),
                ("section", "city"),
                ("slug", "Gece Vapuru!"),
                ("body", "Haziranda sefer yeniden başlıyor."),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST, "{}", page.body);
    at_field(
        &page,
        "slug",
        "slug-error",
        "Küçük harf, rakam ve tek tire kullanın; örneğin gece-vapuru.",
    );
    assert_eq!(
        page.attrs("#headline", "value"),
        ["Gece vapuru yeniden sefere başlıyor"]
    );
    assert_eq!(page.attrs("#slug", "value"), ["Gece Vapuru!"]);
    assert_eq!(page.texts("#body"), ["Haziranda sefer yeniden başlıyor."]);
    assert_eq!(app.store.count_articles().await.unwrap(), articles);

    // A lead image without alt text: the message sits at the alt field.
    let page = app
        .submit(
            "/newsroom/articles",
            &[
                ("headline", "Liman ışıkları"),
                ("section", "city"),
                ("lead_image", "https://images.example.org/liman.jpg"),
            ],
        )
        .await;
    at_field(
        &page,
        "image_alt",
        "image_alt-error",
        "Manşet görselinin onu anlatan bir alternatif metni olmalı.",
    );
    assert_eq!(
        page.attrs("#lead_image", "value"),
        ["https://images.example.org/liman.jpg"]
    );

    // The page editor: a language that is not a tag.
    let pages = app.store.list_pages(false).await.unwrap().len();
    let page = app
        .submit(
            "/newsroom/pages",
            &[
                ("title", "Hakkımızda"),
                ("language", "türkçe"),
                ("body", "Biz kimiz"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST, "{}", page.body);
    at_field(
        &page,
        "language",
        "language-error",
        "“türkçe” en ya da tr gibi bir dil etiketi değil.",
    );
    assert_eq!(page.attrs("#title", "value"), ["Hakkımızda"]);
    assert_eq!(app.store.list_pages(false).await.unwrap().len(), pages);

    // The section form: the address kept for pages, then one already taken.
    let sections = app.store.list_sections().await.unwrap().len();
    let page = app
        .submit(
            "/newsroom/sections",
            &[
                ("name", "Sayfalar"),
                ("slug", "pages"),
                ("description", "Her şey"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST, "{}", page.body);
    at_field(
        &page,
        "s-slug",
        "slug-error",
        "/pages adresi sitenin sayfalarına ayrılmıştır; başka bir adres seçin.",
    );
    assert_eq!(page.attrs("#s-name", "value"), ["Sayfalar"]);
    assert_eq!(page.attrs("#s-desc", "value"), ["Her şey"]);
    let page = app
        .submit("/newsroom/sections", &[("name", "Şehir"), ("slug", "city")])
        .await;
    at_field(
        &page,
        "s-slug",
        "slug-error",
        "/city adresinde zaten bir bölüm var; başka bir adres seçin.",
    );
    assert_eq!(app.store.list_sections().await.unwrap().len(), sections);

    // The ad-slot form: a size that is no size.
    let slots = app.store.list_ad_slots().await.unwrap().len();
    let page = app
        .submit(
            "/newsroom/ads/slots",
            &[
                ("name", "Yan sütun"),
                ("placement", "sidebar"),
                ("size_mobile", "geniş"),
                ("page_types", "home"),
                ("enabled", "on"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST, "{}", page.body);
    at_field(
        &page,
        "size-mobile",
        "size_mobile-error",
        "300x250 gibi bir boyut girin: iki kenar da 1 ile 2000 piksel arasında.",
    );
    assert_eq!(page.attrs("#slot-name", "value"), ["Yan sütun"]);
    assert_eq!(page.attrs("#size-mobile", "value"), ["geniş"]);
    assert_eq!(app.store.list_ad_slots().await.unwrap().len(), slots);
}
