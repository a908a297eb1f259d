//! Comments on article P: hostile bodies from readers, hostile guest names, hostile reports.

use super::articles::Articles;
use super::hostile::{Hostile, name_ok};
use super::http::Http;
use super::readers::{Reader, Readers};
use super::staff::Staff;
use serde_json::json;

/// A comment as stored: its id, status and the marker text in its body.
#[derive(Clone)]
pub struct Posted {
    pub id: i64,
    pub status: String,
    pub marker: String,
    pub author: usize,
    /// The name the site shows for its author.
    pub name: String,
}

/// The markers of `list`, then its authors' names: what a page listing them shows.
pub fn with_names(list: &[Posted]) -> Vec<String> {
    let mut needles: Vec<String> = list.iter().map(|c| c.marker.clone()).collect();
    needles.extend(list.iter().map(|c| c.name.clone()));
    needles
}

/// Has reader number `author` post `vector` (and `marker`) on `article` through the API;
/// `None` when the site refused it.
pub async fn comment(
    anon: &Http,
    reader: &Reader,
    author: usize,
    article: i64,
    vector: &str,
    marker: String,
    parent: Option<i64>,
) -> Option<Posted> {
    let body = format!("{vector}\n\n{marker}: a civil remark about the harbour ferry timetable.");
    let (status, json) = anon
        .api(
            &reader.token,
            &format!("/api/v1/articles/{article}/comments"),
            json!({ "body": body, "parent_id": parent }),
        )
        .await;
    assert!(status < 500, "posting {vector:?}: {status} {json}");
    Some(Posted {
        id: json["id"].as_i64()?,
        status: json["status"].as_str()?.to_string(),
        marker,
        author,
        name: reader.name.clone(),
    })
}

/// The comments on P.
pub struct Threads {
    /// The first thread, which every other reader answers.
    pub t0: Posted,
    pub p_tops: Vec<Posted>,
    pub p_replies: Vec<Posted>,
    pub guests_pending: Vec<Posted>,
    pub guests_approved: Vec<Posted>,
    /// The replies readers reported.
    pub reported: Vec<Posted>,
}

/// Reader 0 opens a thread on P that every other reader answers (its permalink shows
/// them all), and readers 1–19 start threads of their own (the article page shows
/// those). The replies mail reader 0: the outbox shows them.
pub async fn seed(
    anon: &Http,
    staff: &Staff,
    articles: &Articles,
    readers: &Readers,
    hostile: &Hostile,
) -> Threads {
    let (readers, v, p_id) = (&readers.list, move |i: usize| hostile.v(i), articles.p_id);
    let t0 = comment(anon, &readers[0], 0, p_id, v(0), "P-top-0".into(), None)
        .await
        .expect("the first thread");
    assert_eq!(t0.status, "visible");
    let mut p_replies = Vec::new();
    for (k, reader) in readers.iter().enumerate().skip(1) {
        let marker = format!("P-reply-{k}");
        if let Some(c) = comment(anon, reader, k, p_id, v(k), marker, Some(t0.id)).await {
            p_replies.push(c);
        }
    }
    let mut p_tops = vec![t0.clone()];
    for (k, reader) in readers.iter().enumerate().take(20).skip(1) {
        let marker = format!("P-top-{k}");
        if let Some(c) = comment(anon, reader, k, p_id, v(k + 40), marker, None).await {
            p_tops.push(c);
        }
    }
    // Guests answer the first thread too, with hostile names: held for review, half of
    // them approved.
    let (mut guests_pending, mut guests_approved) = (Vec::new(), Vec::new());
    for (i, name) in hostile
        .vectors
        .iter()
        .skip(2)
        .step_by(6)
        .filter(|s| name_ok(s))
        .enumerate()
    {
        let marker = format!("G-reply-{i}");
        let body = format!(
            "{}\n\n{marker}: a guest's remark about the harbour.",
            v(i + 7)
        );
        let r = anon
            .form(
                &format!("/articles/{p_id}/comments"),
                &[
                    ("body", &body),
                    ("parent_id", &t0.id.to_string()),
                    ("guest_name", name),
                    ("guest_email", &format!("guest{i}@example.org")),
                ],
            )
            .await;
        assert_eq!(r.status, 303, "guest {name:?}: {}", r.body);
        let id: i64 = r.location.rsplit("#c-").next().unwrap().parse().unwrap();
        let posted = Posted {
            id,
            status: "pending".into(),
            marker,
            author: usize::MAX,
            name: name.trim().to_string(),
        };
        if i % 2 == 0 {
            let (status, json) = anon
                .api(
                    &staff.mod_token,
                    &format!("/api/v1/moderation/comments/{id}/approve"),
                    json!({}),
                )
                .await;
            assert_eq!(status, 200, "approving guest {id}: {json}");
            guests_approved.push(posted);
        } else {
            guests_pending.push(posted);
        }
    }
    // Readers report thirty replies, with hostile details.
    let mut reported = Vec::new();
    for (i, c) in p_replies
        .iter()
        .filter(|c| c.status == "visible")
        .take(30)
        .enumerate()
    {
        let reporter = &readers[(c.author + 1) % hostile.n()];
        let (status, json) = anon
            .api(
                &reporter.token,
                &format!("/api/v1/comments/{}/reports", c.id),
                json!({"reason": "other", "detail": v(i + 3)}),
            )
            .await;
        assert!(status == 201 || status == 200, "report: {status} {json}");
        reported.push(c.clone());
    }
    Threads {
        t0,
        p_tops,
        p_replies,
        guests_pending,
        guests_approved,
        reported,
    }
}
