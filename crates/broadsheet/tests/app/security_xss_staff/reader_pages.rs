//! The pages an anonymous reader and a signed-in reader open, and what each must show.

use super::World;
use super::comments::Posted;
use super::tour::Tour;
use crate::common::enc;
use serde_json::{Value, json};
use std::time::Duration;

fn marker_of(c: &Posted) -> String {
    c.marker.clone()
}

/// Profiles, the article with its comments and ads, a thread (in English and Turkish),
/// the guidelines, the author's page, the front page and the hostile section.
pub async fn anonymous(tour: &mut Tour<'_>, world: &World) {
    let (readers, threads, staff) = (&world.readers, &world.threads, &world.staff);
    let (p_tops, p_replies) = (&threads.p_tops, &threads.p_replies);
    let p_url = &world.articles.article_urls[0];
    let p_headline = &world.articles.p_headline;
    for (j, bio) in readers.bios.iter().enumerate() {
        let mut needles = vec![readers.names[j].clone(), bio.clone()];
        needles.extend(
            p_tops
                .iter()
                .chain(p_replies)
                .filter(|c| c.author == j && c.status == "visible")
                .map(marker_of),
        );
        tour.shows(&format!("/people/{}", readers.list[j].id), &needles)
            .await;
    }
    for r in readers.list.iter().skip(readers.bios.len()).step_by(9) {
        tour.shows(&format!("/people/{}", r.id), std::slice::from_ref(&r.name))
            .await;
    }
    let mut needles = vec![
        staff.editor_name.clone(),
        p_headline.clone(),
        staff.summary.clone(),
    ];
    let v = move |i: usize| world.hostile.v(i);
    needles.extend([v(20), v(23), v(24)].map(|s| s.trim().to_string()));
    for c in p_tops.iter().filter(|c| c.status == "visible") {
        needles.push(c.marker.clone());
        needles.push(c.name.clone());
    }
    tour.shows(p_url, &needles).await;
    ads_on_the_article(tour, world).await;
    let author_page = tour
        .b
        .js("return document.querySelector('a.author').getAttribute('href')")
        .await;
    let mut needles: Vec<String> = p_replies
        .iter()
        .filter(|c| c.status == "visible")
        .map(marker_of)
        .collect();
    needles.extend(
        p_replies
            .iter()
            .filter(|c| c.status == "visible")
            .map(|c| c.name.clone()),
    );
    needles.extend(threads.guests_approved.iter().map(marker_of));
    needles.extend(threads.guests_approved.iter().map(|c| c.name.clone()));
    let thread = format!("/comments/{}", threads.t0.id);
    tour.shows(&thread, &needles).await;
    tour.shows("/guidelines", &["guidelines-mark".to_string()])
        .await;
    // The same thread in Turkish: names pass through other translated messages.
    let turkish = format!("/lang/tr?next={}", enc(&thread));
    tour.shows(&turkish, &needles).await;
    assert_eq!(
        tour.b.js("return document.documentElement.lang").await,
        json!("tr")
    );
    tour.shows("/lang/en?next=/", std::slice::from_ref(p_headline))
        .await;
    tour.shows(
        author_page.as_str().unwrap(),
        &[staff.editor_name.clone(), staff.editor_bio.clone()],
    )
    .await;
    tour.shows("/", std::slice::from_ref(p_headline)).await;
    let h_headline = world.articles.h_headline.clone();
    tour.shows(
        "/hostile",
        &[world.articles.section_names[0].clone(), h_headline],
    )
    .await;
}

/// The ads on the article: the sidebar fills at once, the in-article slot once
/// scrolled to, the network tag inside its frame; none of them may reach the page.
async fn ads_on_the_article(tour: &mut Tour<'_>, world: &World) {
    let (browser, ads) = (tour.b, &world.ads);
    let (inline, sidebar) = (ads.inline, ads.sidebar);
    let filled = |id: i64| {
        format!(
            "var s = document.querySelector('.ad-slot-{id}'); return s !== null && s.classList.contains('ad-slot-filled')"
        )
    };
    assert!(
        browser.wait_until(&filled(sidebar), 10).await,
        "the sidebar ad filled"
    );
    browser
        .js(&format!(
            "document.querySelector('.ad-slot-{inline}').scrollIntoView({{block: 'center'}}); return true"
        ))
        .await;
    assert!(
        browser.wait_until(&filled(inline), 10).await,
        "the inline ad filled"
    );
    assert!(
        browser.wait_until(&filled(ads.tag_slot), 10).await,
        "the tag slot filled"
    );
    browser
        .js("window.__tag = []; addEventListener('message', e => window.__tag.push(e.data)); \
             var f = document.querySelector('iframe.ad-frame'); f.src = f.getAttribute('src'); return true")
        .await;
    assert!(
        browser
            .wait_until("return window.__tag.includes('tag-ran')", 10)
            .await,
        "the network tag ran inside its frame"
    );
    tokio::time::sleep(Duration::from_millis(300)).await;
    tour.check("the article with its ads filled").await;
    assert_eq!(
        browser
            .js("return document.body.getAttribute('data-xss')")
            .await,
        Value::Null,
        "the tag reached the page"
    );
    let alt = browser
        .js(&format!("var i = document.querySelector('.ad-slot-{inline} .ad-creative img'); return i && i.alt"))
        .await;
    assert_eq!(
        alt,
        json!(ads.image_alt),
        "the in-article slot shows the image with its hostile alt"
    );
    let in_slots = browser
        .js("return [...document.querySelectorAll('.ad-slot-filled .ad-creative')].map(e => e.textContent).join(' ')")
        .await;
    assert!(
        in_slots.as_str().unwrap().contains("combined-mark"),
        "the hostile creative is what filled the slots: {in_slots}"
    );
    let noscript = browser
        .js("return [...document.querySelectorAll('noscript')].map(e => e.textContent).join(' ')")
        .await;
    assert!(
        noscript.as_str().unwrap().contains("combined-mark"),
        "the noscript fallback carries the hostile creative"
    );
}

/// Reader 3's account page, the profile form refused, the article as they see it, and
/// a comment the screener refuses.
pub async fn signed_in(tour: &mut Tour<'_>, world: &World) {
    let (readers, threads) = (&world.readers, &world.threads);
    let v = move |i: usize| world.hostile.v(i);
    let me = &readers.list[3];
    let secret = me.http.session.clone();
    tour.use_session("a signed-in reader", secret.as_deref())
        .await;
    let mut needles = vec![me.name.clone(), readers.bios[3].clone()];
    needles.extend(readers.labels.iter().cloned());
    needles.extend(
        threads
            .p_tops
            .iter()
            .chain(&threads.p_replies)
            .chain(&world.desk.held)
            .filter(|c| c.author == 3)
            .map(marker_of),
    );
    tour.shows("/account", &needles).await;
    // The profile form refused: shown again with its error.
    let long = format!("{} {}", v(3), "too long for a name ".repeat(5));
    tour.submit_form(
        "form[action='/account/profile']",
        &[("name", &long), ("bio", v(50))],
    )
    .await;
    tour.assert_shows("the refused profile form", std::slice::from_ref(&me.name))
        .await;
    let mut needles = vec![me.name.clone()];
    needles.extend(
        threads
            .p_tops
            .iter()
            .filter(|c| c.status == "visible")
            .map(|c| c.name.clone()),
    );
    tour.shows(&world.articles.article_urls[0], &needles).await;
    // A comment the screener refuses (its words are on the banned list): the form comes
    // back with the text kept and the reasons.
    let refused_comment = format!("{}\n\nrefused-mark about the harbour", v(0));
    tour.submit_form(".comment-form", &[("comment-body", &refused_comment)])
        .await;
    assert_eq!(
        tour.b.js("return location.pathname").await,
        json!(format!("/articles/{}/comments", world.articles.p_id)),
        "the refused comment comes back in its form"
    );
    tour.assert_shows(
        "the refused comment",
        &["refused-mark about the harbour".to_string()],
    )
    .await;
}
