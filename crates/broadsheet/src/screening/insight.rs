//! How far moderators agree with the screener: for each category, of the comments the
//! screener held that a moderator then decided, the share the moderator rejected too
//! (precision), and how many comments it let through that moderators removed.

use broadsheet_store::{DeskDecision, Store, StoreError};
use serde::Serialize;

/// The violation categories, in the order the page shows them.
pub const CATEGORIES: [&str; 4] = ["rude", "aggressive", "derogatory", "discriminatory"];

/// Agreement in one category.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct CategoryInsight {
    pub category: &'static str,
    /// Held by the screener and then rejected or removed by a moderator.
    pub confirmed: u32,
    /// Held by the screener and then approved by a moderator.
    pub overturned: u32,
    /// confirmed / (confirmed + overturned), when there was any decision.
    pub precision: Option<f64>,
    /// The precision as a whole percentage, for the chart (0 without decisions).
    pub percent: u32,
}

/// Agreement over one period.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Insight {
    pub days: i64,
    pub decisions: u32,
    pub categories: Vec<CategoryInsight>,
    /// Comments the screener let through that moderators rejected or removed.
    pub missed: u32,
}

/// The screener's category for a comment: its first reason in a violation category.
fn flagged_category(reasons: &str) -> Option<&'static str> {
    let reasons: Vec<serde_json::Value> = serde_json::from_str(reasons).unwrap_or_default();
    reasons
        .iter()
        .filter_map(|r| r["category"].as_str())
        .find_map(|c| CATEGORIES.iter().find(|k| **k == c).copied())
}

/// Tallies decisions into per-category agreement.
pub fn tally(decisions: &[DeskDecision], days: i64) -> Insight {
    let mut categories: Vec<CategoryInsight> = CATEGORIES
        .iter()
        .map(|c| CategoryInsight {
            category: c,
            ..Default::default()
        })
        .collect();
    let mut missed = 0;
    for d in decisions {
        match flagged_category(&d.reasons) {
            Some(c) => {
                let entry = categories.iter_mut().find(|x| x.category == c);
                if let Some(entry) = entry {
                    if d.is_violation() {
                        entry.confirmed += 1;
                    } else {
                        entry.overturned += 1;
                    }
                }
            }
            None if d.is_violation() => missed += 1,
            None => {}
        }
    }
    for c in &mut categories {
        let n = c.confirmed + c.overturned;
        c.precision = (n > 0).then(|| f64::from(c.confirmed) / f64::from(n));
        c.percent = c.precision.map_or(0, |p| (p * 100.0).round() as u32);
    }
    Insight {
        days,
        decisions: decisions.len() as u32,
        categories,
        missed,
    }
}

/// Agreement over the last `days` days.
pub async fn over_days(store: &Store, days: i64) -> Result<Insight, StoreError> {
    let since = broadsheet_store::now() - days * 86_400;
    Ok(tally(&store.desk_decisions(since).await?, days))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decision(reasons: &str, action: &str) -> DeskDecision {
        DeskDecision {
            comment_id: 1,
            body_md: String::new(),
            reasons: reasons.into(),
            action: action.into(),
            decided_at: 0,
        }
    }

    #[test]
    fn precision_counts_confirmed_and_overturned_holds() {
        let rude = r#"[{"category":"spam"},{"category":"rude"}]"#;
        let threat = r#"[{"category":"aggressive"}]"#;
        let i = tally(
            &[
                decision(rude, "reject"),
                decision(rude, "remove"),
                decision(rude, "approve"),
                decision(threat, "approve"),
                decision("[]", "reject"),
                decision("[]", "approve"),
            ],
            7,
        );
        assert_eq!(i.decisions, 6);
        assert_eq!(i.missed, 1);
        let rude = &i.categories[0];
        assert_eq!((rude.confirmed, rude.overturned, rude.percent), (2, 1, 67));
        assert_eq!(i.categories[1].precision, Some(0.0));
        assert_eq!(i.categories[2].precision, None);
    }
}
