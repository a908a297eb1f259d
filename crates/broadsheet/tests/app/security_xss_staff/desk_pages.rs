//! The moderator's and the administrator's tours, with sessions from the login form.

use super::World;
use super::ads::TAG;
use super::comments::with_names;
use super::tour::Tour;
use crate::common::enc;

/// The moderation queues (paged), one commenter's queue, notices, the audit log, the
/// settings with their hostile word lists, and the dashboard.
pub async fn moderator(tour: &mut Tour<'_>, world: &World) {
    let (desk, threads, staff) = (&world.desk, &world.threads, &world.staff);
    tour.use_session("a moderator", staff.moderator.session.as_deref())
        .await;
    let mut needles = with_names(&desk.pending);
    needles.extend(with_names(&threads.guests_pending));
    needles.push(staff.mod_name.clone());
    tour.shows_across_pages("/newsroom/moderation?queue=pending", &needles, 8)
        .await;
    let excerpts = tour
        .b
        .js("return document.querySelectorAll('.mod-reasons mark, .mod-context').length")
        .await;
    assert!(
        excerpts.as_i64().unwrap() > 0,
        "the queue shows screener excerpts and thread context"
    );
    tour.shows_across_pages(
        "/newsroom/moderation?queue=reported",
        &with_names(&threads.reported),
        4,
    )
    .await;
    tour.shows_across_pages(
        "/newsroom/moderation?queue=rejected",
        &with_names(&desk.rejected),
        6,
    )
    .await;
    tour.shows_across_pages(
        "/newsroom/moderation?queue=approved&order=newest",
        &with_names(&desk.approved[desk.approved.len() - 3..]),
        2,
    )
    .await;
    for c in desk.pending.iter().step_by(8) {
        tour.shows(
            &format!(
                "/newsroom/moderation?queue=pending&author={}",
                world.readers.list[c.author].id
            ),
            &[c.name.clone(), c.marker.clone()],
        )
        .await;
    }
    let notices = world.hostile.vectors.iter().skip(5).step_by(12);
    for notice in notices.filter(|s| s.len() < 200) {
        tour.shows(
            &format!("/newsroom/moderation?notice={}", enc(notice)),
            std::slice::from_ref(notice),
        )
        .await;
    }
    let mut needles = desk.reasons.clone();
    needles.push(staff.mod_name.clone());
    tour.shows_across_pages("/newsroom/moderation/audit", &needles, 4)
        .await;
    tour.shows("/newsroom/moderation/settings", &desk.banned)
        .await;
    tour.shows("/newsroom", std::slice::from_ref(&staff.mod_name))
        .await;
    tour.open("/newsroom/articles").await;
}

/// Users, the outbox, the ads overview, campaigns and the tag slot, a refused creative,
/// the comment settings, and the dashboard.
pub async fn administrator(tour: &mut Tour<'_>, world: &World) {
    let (ads, staff, names) = (&world.ads, &world.staff, &world.readers.names);
    let v = move |i: usize| world.hostile.v(i);
    tour.use_session("an administrator", staff.admin.session.as_deref())
        .await;
    let staff_names = [
        staff.editor_name.clone(),
        staff.mod_name.clone(),
        staff.admin_name.clone(),
    ];
    tour.shows("/newsroom/users", &staff_names).await;
    // Readers have their own tab, fifty to a page.
    tour.shows_across_pages("/newsroom/users?tab=readers", names, 4)
        .await;
    tour.open("/newsroom/outbox").await;
    let repliers: Vec<String> = names.iter().rev().take(8).cloned().collect();
    let missing = tour.missing(&repliers).await;
    assert!(
        missing.len() < repliers.len(),
        "the outbox shows the reply mails with hostile names"
    );
    let mut needles = ads.ad_texts.clone();
    needles.extend(ads.slot_names.iter().cloned());
    needles.push(ads.live_name.clone());
    tour.shows("/newsroom/ads", &needles).await;
    for (k, id) in ads.campaign_ids.iter().enumerate().step_by(6) {
        tour.shows(
            &format!("/newsroom/ads/campaigns/{id}"),
            &[ads.ad_texts[2 * k].clone(), ads.ad_texts[2 * k + 1].clone()],
        )
        .await;
    }
    tour.shows(
        &format!("/newsroom/ads/campaigns/{}", ads.live_id),
        std::slice::from_ref(&ads.live_name),
    )
    .await;
    tour.shows(
        &format!("/newsroom/ads/slots/{}", ads.tag_slot),
        &[ads.tag_slot_name.clone(), TAG.to_string()],
    )
    .await;
    // A creative carrying script, refused: the form comes back with it as text.
    tour.open("/newsroom/ads/campaigns/new").await;
    let refused_name = format!("Refused {}", v(6));
    tour.b
        .js("document.querySelector('input[name=kind][value=html]').checked = true; return true")
        .await;
    tour.submit_form(
        "form[action='/newsroom/ads/campaigns']",
        &[
            ("c-name", &refused_name),
            ("c-adv", v(27)),
            ("c-url", "https://example.org/"),
            ("c-html", v(2)),
            ("c-size", "300x250"),
        ],
    )
    .await;
    tour.assert_shows(
        "the refused campaign form",
        &[refused_name.clone(), v(2).to_string()],
    )
    .await;
    tour.shows(
        "/newsroom/comment-settings",
        &[staff.summary.clone(), staff.full.clone()],
    )
    .await;
    tour.shows("/newsroom", std::slice::from_ref(&staff.admin_name))
        .await;
}
