//! Batch screening of JSON lines: `{"id", "text"}` in, one decision line out per input line.

use crate::screener::Screener;
use crate::types::AuthorContext;
use serde_json::{Value, json};
use std::io::{self, BufRead, Write};

/// Screens every `{"id": …, "text": …}` line of `input` and writes one JSON line per
/// non-empty input line to `output`: `id`, `decision`, `violation`, `categories` (scoring at
/// least 0.5) and `reasons`. A malformed line produces `{"line": n, "error": …}` and the run
/// goes on. Returns the number of lines written.
pub fn screen_jsonl(
    input: impl BufRead,
    mut output: impl Write,
    screener: &Screener,
) -> io::Result<usize> {
    let ctx = AuthorContext::default();
    let mut written = 0;
    for (n, line) in input.split(b'\n').enumerate() {
        let line = line?;
        let line = String::from_utf8_lossy(&line);
        if line.trim().is_empty() {
            continue;
        }
        let out = match parse(&line) {
            Ok((id, text)) => {
                let s = screener.screen(&text, &ctx);
                let reasons: Vec<Value> = s
                    .reasons
                    .iter()
                    .map(|r| {
                        json!({"category": r.category, "rule": r.rule, "message": r.message_en,
                               "span": r.span, "excerpt": r.excerpt})
                    })
                    .collect();
                json!({"id": id, "decision": s.decision, "violation": s.violation(),
                       "categories": s.categories_over(0.5), "reasons": reasons})
            }
            Err((id, e)) => json!({"id": id, "line": n + 1, "error": e}),
        };
        serde_json::to_writer(&mut output, &out)?;
        output.write_all(b"\n")?;
        written += 1;
    }
    output.flush()?;
    Ok(written)
}

fn parse(line: &str) -> Result<(Value, String), (Value, String)> {
    let v: Value =
        serde_json::from_str(line).map_err(|e| (Value::Null, format!("invalid JSON: {e}")))?;
    let id = match v.get("id") {
        Some(id @ (Value::String(_) | Value::Number(_))) => id.clone(),
        _ => return Err((Value::Null, "missing \"id\" (string or number)".into())),
    };
    match v.get("text") {
        Some(Value::String(t)) => Ok((id, t.clone())),
        _ => Err((id, "missing \"text\" string".into())),
    }
}

/// Reads a labelled corpus: one JSONL file, or every `.jsonl` file of a folder in name order.
pub fn read_corpus(path: &std::path::Path) -> io::Result<String> {
    if !path.is_dir() {
        return std::fs::read_to_string(path);
    }
    let mut files: Vec<_> = std::fs::read_dir(path)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    files.sort();
    let mut all = String::new();
    for f in files {
        let text = std::fs::read_to_string(&f)?;
        all.push_str(text.trim_end());
        all.push('\n');
    }
    Ok(all)
}
