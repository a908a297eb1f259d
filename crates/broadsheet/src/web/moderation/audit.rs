//! The audit log of every decision, automatic or human: a page, CSV and JSON.

use crate::auth::extract::Moderator;
use crate::error::AppError;
use crate::state::AppState;
use crate::web::{Ctx, render};
use axum::Json;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use broadsheet_store::LogEntry;
use serde::{Deserialize, Serialize};

#[derive(Deserialize, Default)]
pub struct AuditQuery {
    comment: Option<i64>,
    user: Option<i64>,
    before: Option<i64>,
}

const PAGE: i64 = 100;
/// Exports stop here; page with `before` for more.
const EXPORT_MAX: i64 = 10_000;

#[derive(Serialize)]
struct AuditPage {
    nr: AuditView,
}

#[derive(Serialize)]
struct AuditView {
    entries: Vec<AuditRow>,
    next: Option<i64>,
}

/// One entry as a moderator reads it: the action in words, the screener's findings as
/// sentences in the desk's language instead of their stored JSON.
#[derive(Serialize)]
struct AuditRow {
    #[serde(flatten)]
    entry: LogEntry,
    action_label: String,
    reason_text: String,
}

impl AuditRow {
    fn new(state: &AppState, locale: &str, entry: LogEntry) -> AuditRow {
        let key = format!("mod-log-{}", entry.action.replace([':', '_'], "-"));
        let label = state.i18n.t(locale, &key, None);
        AuditRow {
            action_label: if label == key {
                entry.action.clone()
            } else {
                label
            },
            reason_text: readable_reason(&entry.reason, locale),
            entry,
        }
    }
}

/// Screening reasons are stored as JSON findings; anything else is already words.
fn readable_reason(reason: &str, locale: &str) -> String {
    let Ok(serde_json::Value::Array(findings)) = serde_json::from_str(reason) else {
        return reason.to_string();
    };
    let sentence = |f: &serde_json::Value| {
        let text = |k: &str| f.get(k).and_then(|v| v.as_str()).filter(|s| !s.is_empty());
        let message = text(&format!("message_{locale}")).or_else(|| text("message_en"));
        let category = text("category").unwrap_or_default();
        match (message, text("excerpt")) {
            (Some(m), Some(x)) => format!("{m} (\u{201c}{x}\u{201d})"),
            (Some(m), None) => m.to_string(),
            (None, _) => category.to_string(),
        }
    };
    let mut parts: Vec<String> = findings.iter().map(sentence).collect();
    parts.retain(|p| !p.is_empty());
    parts.dedup();
    parts.join("; ")
}

pub async fn page(
    State(state): State<AppState>,
    Moderator(_): Moderator,
    ctx: Ctx,
    Query(q): Query<AuditQuery>,
) -> Result<Response, AppError> {
    let entries = state
        .store
        .moderation_log(q.comment, q.user, q.before, PAGE)
        .await?;
    let next = (entries.len() as i64 == PAGE)
        .then(|| entries.last().map(|e| e.id))
        .flatten();
    let entries = entries
        .into_iter()
        .map(|e| AuditRow::new(&state, &ctx.locale, e))
        .collect();
    render(
        &state,
        &ctx,
        "moderation/audit.html",
        AuditPage {
            nr: AuditView { entries, next },
        },
    )
}

pub async fn json(
    State(state): State<AppState>,
    Moderator(_): Moderator,
    Query(q): Query<AuditQuery>,
) -> Result<Json<Vec<LogEntry>>, AppError> {
    Ok(Json(
        state
            .store
            .moderation_log(q.comment, q.user, q.before, EXPORT_MAX)
            .await?,
    ))
}

pub async fn csv(
    State(state): State<AppState>,
    Moderator(_): Moderator,
    Query(q): Query<AuditQuery>,
) -> Result<Response, AppError> {
    let entries = state
        .store
        .moderation_log(q.comment, q.user, q.before, EXPORT_MAX)
        .await?;
    let mut out = String::from("id,time,actor,action,comment_id,subject_id,reason\n");
    for e in entries {
        let time = time::OffsetDateTime::from_unix_timestamp(e.created_at)
            .ok()
            .and_then(|t| {
                t.format(&time::format_description::well_known::Rfc3339)
                    .ok()
            })
            .unwrap_or_default();
        let actor = e.actor_name.unwrap_or_else(|| "screener".into());
        let opt = |v: Option<i64>| v.map(|n| n.to_string()).unwrap_or_default();
        let row = [
            e.id.to_string(),
            time,
            actor,
            e.action,
            opt(e.comment_id),
            opt(e.subject_id),
            e.reason,
        ];
        out.push_str(
            &row.iter()
                .map(|f| csv_field(f))
                .collect::<Vec<_>>()
                .join(","),
        );
        out.push('\n');
    }
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"moderation-log.csv\"",
            ),
        ],
        out,
    )
        .into_response())
}

/// Quotes a CSV field, and defuses spreadsheet formulas in text people typed.
pub fn csv_field(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::readable_reason;

    #[test]
    fn screening_findings_read_as_sentences() {
        let stored = r#"[{"category":"rude","message_en":"Insults another reader","message_tr":"Başka bir okura hakaret","excerpt":"idiot"}]"#;
        assert_eq!(
            readable_reason(stored, "tr"),
            "Başka bir okura hakaret (\u{201c}idiot\u{201d})"
        );
        assert_eq!(readable_reason("[]", "en"), "");
        assert_eq!(readable_reason("off topic", "en"), "off topic");
    }

    #[test]
    fn csv_fields_are_quoted_and_formulas_defused() {
        assert_eq!(super::csv_field("plain"), "plain");
        assert_eq!(super::csv_field("a,b"), "\"a,b\"");
        assert_eq!(super::csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(super::csv_field("=HYPERLINK(1)"), "'=HYPERLINK(1)");
    }
}
