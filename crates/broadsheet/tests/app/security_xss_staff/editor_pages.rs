//! The editor's tour: signing in through the login form, then the newsroom's pages.

use super::World;
use super::comments::with_names;
use super::tour::Tour;
use crate::common::enc;

/// Signs the browser in as the editor by typing into the login form.
async fn sign_in(tour: &mut Tour<'_>) {
    tour.use_session("an editor", None).await;
    tour.open("/login").await;
    assert!(tour.b.submit_login("xss-editor@example.org").await);
    assert!(
        tour.b
            .wait_until("return location.pathname === '/newsroom'", 10)
            .await,
        "signed in to the newsroom"
    );
    tour.check("the dashboard after signing in").await;
}

/// The dashboard, article list and searches, the editor with its live preview, a
/// revision diff, sections, tags, media, the moderation queue, the profile, a refused
/// new article, and error pages reached while signed in.
pub async fn editor(tour: &mut Tour<'_>, world: &World) {
    let (articles, editor_name) = (&world.articles, &world.staff.editor_name);
    let (vectors, v) = (&world.hostile.vectors, move |i: usize| world.hostile.v(i));
    let (p_id, p_headline) = (articles.p_id, &articles.p_headline);
    let (h_headline, d_headline) = (&articles.h_headline, &articles.d_headline);
    sign_in(tour).await;
    tour.assert_shows("the dashboard", &[editor_name.clone(), d_headline.clone()])
        .await;
    tour.shows(
        "/newsroom/articles",
        &[p_headline.clone(), h_headline.clone(), d_headline.clone()],
    )
    .await;
    for q in vectors.iter().step_by(12) {
        tour.shows(
            &format!("/newsroom/articles?q={}", enc(q)),
            &[q.trim().replace('\n', "")],
        )
        .await;
    }
    // The editor fetches its live preview of the hostile body on load.
    tour.shows(
        &format!("/newsroom/articles/{p_id}"),
        &[p_headline.clone(), v(3).to_string()],
    )
    .await;
    assert!(
        tour.b
            .wait_until(
                "return document.querySelector('#preview-body').textContent.includes('Tickets are on sale')",
                10
            )
            .await,
        "the live preview rendered the body"
    );
    tour.check("the editor with its preview").await;
    let diff: Vec<String> = vectors
        .iter()
        .take(12)
        .filter(|s| !s.contains('\n'))
        .cloned()
        .collect();
    tour.shows(
        &format!("/newsroom/articles/{p_id}/revisions?from=1&to=2"),
        &diff,
    )
    .await;
    tour.shows("/newsroom/sections", &articles.section_names)
        .await;
    tour.shows("/newsroom/tags", &articles.tag_names).await;
    tour.shows("/newsroom/media", &articles.alts).await;
    let mut needles = with_names(&world.desk.pending[..4]);
    needles.push(editor_name.clone());
    tour.shows("/newsroom/moderation", &needles).await;
    tour.shows(
        "/newsroom/profile",
        &[editor_name.clone(), world.staff.editor_bio.clone()],
    )
    .await;
    // A new article refused (a script URL as canonical): the form comes back with it.
    tour.open("/newsroom/articles/new").await;
    let refused_headline = format!("Refused {}", v(19));
    tour.submit_form(
        "#editor",
        &[
            ("headline", &refused_headline),
            ("standfirst", v(18)),
            ("body", v(13)),
            ("canonical_url", "javascript:window.__xss=1"),
        ],
    )
    .await;
    tour.assert_shows(
        "the refused editor form",
        std::slice::from_ref(&refused_headline),
    )
    .await;
    // Error pages reached while signed in.
    for path in [
        "/newsroom/users".to_string(),
        "/newsroom/ads".to_string(),
        "/newsroom/articles/999999999".to_string(),
        "/people/999999999".to_string(),
        format!("/{}", enc(v(0))),
        format!("/newsroom/{}", enc(v(26))),
    ] {
        tour.open(&path).await;
    }
}
