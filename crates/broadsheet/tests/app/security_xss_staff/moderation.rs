//! The moderation desk: held comments, hostile reasons for its decisions, hostile word lists.

use super::articles::Articles;
use super::comments::{Posted, comment};
use super::hostile::Hostile;
use super::http::Http;
use super::readers::Readers;
use super::staff::Staff;
use serde_json::json;

/// What the moderator decided, and with which hostile words.
pub struct Desk {
    /// The answers to the thread on H, all held for review.
    pub held: Vec<Posted>,
    pub rejected: Vec<Posted>,
    pub approved: Vec<Posted>,
    /// The held comments left waiting.
    pub pending: Vec<Posted>,
    /// The reasons given for decisions on comments and commenters, as shown.
    pub reasons: Vec<String>,
    /// The banned words, as saved.
    pub banned: Vec<String>,
}

/// Saves the moderation settings through the moderator's form: comments in the hostile
/// section held for review, "xss" a suspect word, and `banned` the banned words.
async fn save_settings(moderator: &Http, banned: String) {
    let fields = [
        ("mode", "post"),
        ("trust_after", "3"),
        ("max_links", "2"),
        ("hide_after_reports", "3"),
        ("banned_words", banned.as_str()),
        ("suspect_words", "xss"),
        ("section_mode.hostile", "pre_all"),
    ];
    let r = moderator
        .form("/newsroom/moderation/settings", &fields)
        .await;
    assert_eq!(r.status, 303, "moderation settings: {}", r.body);
}

/// Holds every comment in the hostile section for review, then lets every reader answer
/// a thread there so the pending queue fills up; the moderator rejects, approves and
/// leaves some, bans, suspends and trusts commenters, and finally saves hostile word lists.
pub async fn seed(
    anon: &Http,
    staff: &Staff,
    articles: &Articles,
    readers: &Readers,
    hostile: &Hostile,
) -> Desk {
    let (readers, v, n) = (&readers.list, move |i: usize| hostile.v(i), hostile.n());
    let h_id = articles.h_id;
    let th = comment(anon, &readers[0], 0, h_id, v(1), "H-top-0".into(), None)
        .await
        .expect("a thread on H");
    save_settings(&staff.moderator, String::new()).await;
    let mut held = Vec::new();
    for (k, reader) in readers.iter().enumerate().skip(1) {
        let marker = format!("H-reply-{k}");
        if let Some(c) = comment(anon, reader, k, h_id, v(k), marker, Some(th.id)).await {
            assert_ne!(c.status, "visible", "{} should wait for review", c.marker);
            held.push(c);
        }
    }
    assert!(held.len() > n / 2, "only {} comments were held", held.len());
    // The moderator rejects every other one and approves some, with hostile reasons,
    // and bans or suspends a few commenters.
    let (mut rejected, mut approved, mut pending) = (Vec::new(), Vec::new(), Vec::new());
    let mut reasons = Vec::new();
    for (i, c) in held.iter().enumerate() {
        let action = match i % 6 {
            0 | 2 | 4 => "reject",
            1 => "approve",
            _ => {
                pending.push(c.clone());
                continue;
            }
        };
        let reason = v(i + 5);
        let (status, json) = anon
            .api(
                &staff.mod_token,
                &format!("/api/v1/moderation/comments/{}/{action}", c.id),
                json!({ "reason": reason }),
            )
            .await;
        assert_eq!(status, 200, "{action} {}: {json}", c.id);
        reasons.push(reason.trim().to_string());
        if action == "reject" {
            rejected.push(c.clone());
        } else {
            approved.push(c.clone());
        }
    }
    for (i, change) in ["ban", "suspend", "trust"].iter().enumerate() {
        let subject = &readers[n - 1 - i];
        let reason = v(i + 30);
        let (status, json) = anon
            .api(
                &staff.mod_token,
                &format!("/api/v1/moderation/users/{}/{change}", subject.id),
                json!({ "reason": reason, "days": 3 }),
            )
            .await;
        assert_eq!(status, 200, "{change}: {json}");
        reasons.push(reason.trim().to_string());
    }
    // Now the word lists themselves are hostile.
    let banned: Vec<String> = hostile
        .vectors
        .iter()
        .map(|w| w.trim().to_lowercase())
        .filter(|w| !w.contains('\n') && w.chars().count() <= 60)
        .collect();
    save_settings(&staff.moderator, banned.join("\n")).await;
    Desk {
        held,
        rejected,
        approved,
        pending,
        reasons,
        banned,
    }
}
