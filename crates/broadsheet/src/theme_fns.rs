//! Functions and filters templates use: `t()` for translations, and dates per locale.

use crate::i18n::I18n;
use minijinja::value::Kwargs;
use minijinja::{Environment, State, Value};
use std::sync::Arc;
use time::OffsetDateTime;

/// Adds `t(key, **args)`, `|date`, `|datetime`, `|datetime_iso` and `|reading_time` to templates.
pub fn install(env: &mut Environment<'static>, i18n: Arc<I18n>) {
    let for_t = i18n.clone();
    env.add_function(
        "t",
        move |state: &State, key: &str, kwargs: Kwargs| -> Result<String, minijinja::Error> {
            let locale = current_locale(state);
            let pairs: Vec<(&str, Value)> = kwargs
                .args()
                .map(|k| (k, kwargs.get::<Value>(k).unwrap_or_default()))
                .collect();
            Ok(if pairs.is_empty() {
                for_t.t(&locale, key, None)
            } else {
                for_t.t_with(&locale, key, &pairs)
            })
        },
    );
    let for_datetime = i18n.clone();
    let for_date = i18n;
    env.add_filter("date", move |state: &State, ts: Option<i64>| -> String {
        let Some(dt) = ts.and_then(|t| OffsetDateTime::from_unix_timestamp(t).ok()) else {
            return String::new();
        };
        let locale = current_locale(state);
        let month = for_date.t(&locale, &format!("month-{}", u8::from(dt.month())), None);
        format!("{} {month} {}", dt.day(), dt.year())
    });
    // A moment as people read it, in UTC; newsroom pages turn it into the reader's own
    // time zone in the browser (`time[data-local]`), so this is the no-script fallback.
    env.add_filter(
        "datetime",
        move |state: &State, ts: Option<i64>| -> String {
            let Some(dt) = ts.and_then(|t| OffsetDateTime::from_unix_timestamp(t).ok()) else {
                return String::new();
            };
            let locale = current_locale(state);
            let month = for_datetime.t(&locale, &format!("month-{}", u8::from(dt.month())), None);
            format!(
                "{} {month} {}, {:02}:{:02} UTC",
                dt.day(),
                dt.year(),
                dt.hour(),
                dt.minute()
            )
        },
    );
    env.add_filter("datetime_iso", |ts: Option<i64>| -> String {
        ts.and_then(|t| OffsetDateTime::from_unix_timestamp(t).ok())
            .and_then(|dt| {
                dt.format(&time::format_description::well_known::Rfc3339)
                    .ok()
            })
            .unwrap_or_default()
    });
}

/// The page's UI language, from the template context.
fn current_locale(state: &State) -> String {
    state
        .lookup("lang")
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_else(|| "en".into())
}
