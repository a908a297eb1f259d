//! Script injection, part two: the vectors of `reliability/xss/vectors.txt` go where
//! `security_xss_browser.rs` does not reach — readers' display names, bios and API token
//! labels (through the account form), staff names and author bios, ad campaign names,
//! advertisers, HTML creatives, slot names and network tags (through the admin forms),
//! moderation reasons, report details and word lists, lead-image and SEO fields — and the
//! pages showing them are opened in headless Chromium by an anonymous reader, a signed-in
//! reader, and an editor, a moderator and an administrator signed in to the newsroom.
//!
//! On every page no script may run, no event-handler attribute, inline script, foreign
//! script, stray frame or script URL may reach the DOM (nor the `<noscript>` ad
//! fallback), and the page must show the hostile text it was opened for, as text.
//!
//! Layout: `hostile` holds the corpus and what each form takes, `http` the form client;
//! `staff`, `articles`, `readers`, `comments`, `moderation` and `ads` store the hostile
//! data in that order; `tour` opens and checks pages, and `reader_pages`,
//! `editor_pages` and `desk_pages` list what each role opens.

use crate::common;

mod ads;
mod articles;
mod comments;
mod desk_pages;
mod editor_pages;
mod hostile;
mod http;
mod moderation;
mod reader_pages;
mod readers;
mod staff;
mod tour;

use broadsheet_store::Store;
use broadsheet_testkit::{TestDb, on_both_engines};
use common::browser::Browser;
use common::server::Server;
use std::time::Instant;

/// Everything the setup stored, for the tours to look for.
pub struct World {
    pub hostile: hostile::Hostile,
    pub staff: staff::Staff,
    pub articles: articles::Articles,
    pub readers: readers::Readers,
    pub threads: comments::Threads,
    pub desk: moderation::Desk,
    pub ads: ads::Ads,
}

on_both_engines!(no_vector_runs_on_profiles_ads_or_staff_pages);

async fn no_vector_runs_on_profiles_ads_or_staff_pages(db: &TestDb) {
    let started = Instant::now();
    let server = Server::start_with(&db.url, &["--rate-limit-scale", "1000"]).await;
    let Some(browser) = Browser::start().await else {
        return;
    };
    let store = Store::connect(&db.url).await.unwrap();
    let hostile = hostile::Hostile::load();
    let anon = http::Http::new(&server, None);

    let staff = staff::seed(&server, &hostile).await;
    let articles = articles::seed(&anon, &staff, &hostile).await;
    let readers = readers::seed(&server, &store, &hostile).await;
    let threads = comments::seed(&anon, &staff, &articles, &readers, &hostile).await;
    let desk = moderation::seed(&anon, &staff, &articles, &readers, &hostile).await;
    let ads = ads::seed(&server, &store, &anon, &staff, &hostile).await;
    let world = World {
        hostile,
        staff,
        articles,
        readers,
        threads,
        desk,
        ads,
    };
    let setup = started.elapsed();

    let mut tour = tour::Tour {
        b: &browser,
        server: &server,
        who: "an anonymous reader",
        pages: 0,
    };
    reader_pages::anonymous(&mut tour, &world).await;
    let anonymous_pages = tour.pages;
    reader_pages::signed_in(&mut tour, &world).await;
    editor_pages::editor(&mut tour, &world).await;
    desk_pages::moderator(&mut tour, &world).await;
    desk_pages::administrator(&mut tour, &world).await;

    let pages = tour.pages;
    browser.close().await;
    eprintln!(
        "{} vectors, {} accepted as HTML creatives; {pages} pages checked ({anonymous_pages} anonymous); \
         setup {:.1} s, total {:.1} s",
        world.hostile.n(),
        world.ads.accepted.len(),
        setup.as_secs_f64(),
        started.elapsed().as_secs_f64()
    );
}
