//! Tests for batch JSONL screening, the model text format and training.

use broadsheet_moderation::{Model, Screener, screen_jsonl, train};

#[test]
fn jsonl_screens_lines_and_survives_malformed_ones() {
    let input = concat!(
        "{\"id\": \"a\", \"text\": \"You are an idiot.\", \"lang\": \"en\"}\n",
        "not json at all\n",
        "\n",
        "{\"id\": 7, \"text\": \"Nice piece on the harbour.\"}\n",
        "{\"text\": \"no id\"}\n",
        "{\"id\": \"b\"}\n",
    );
    let mut out = Vec::new();
    let n = screen_jsonl(input.as_bytes(), &mut out, &Screener::builtin()).unwrap();
    assert_eq!(n, 5);
    let lines: Vec<serde_json::Value> = String::from_utf8(out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines[0]["id"], "a");
    assert_eq!(lines[0]["violation"], true);
    assert_eq!(lines[0]["decision"], "reject");
    assert!(
        lines[0]["categories"]
            .as_array()
            .unwrap()
            .contains(&"rude".into())
    );
    assert!(lines[0]["reasons"][0]["message"].is_string());
    assert!(lines[1]["error"].is_string());
    assert_eq!(lines[2]["id"], 7);
    assert_eq!(lines[2]["violation"], false);
    assert!(lines[3]["error"].is_string());
    assert_eq!(lines[4]["id"], "b");
    assert!(lines[4]["error"].is_string());
}

const TINY: &str = r#"{"id":"1","text":"you are an idiot","label":"violation","category":"rude"}
{"id":"2","text":"you total moron","label":"violation","category":"rude"}
{"id":"3","text":"thanks for the article","label":"ok","category":"civil"}
{"id":"4","text":"thanks for the map","label":"ok","category":"civil"}
{"id":"5","text":"kill them all","label":"violation","category":"aggressive"}
{"id":"6","text":"kill them now","label":"violation","category":"aggressive"}
"#;

#[test]
fn model_round_trips_through_text() {
    let m = train(TINY).unwrap();
    assert!(!m.is_empty());
    let text = m.to_text();
    let back = Model::from_text(&text).unwrap();
    assert_eq!(back.to_text(), text);
    assert_eq!(back.len(), m.len());
    assert!(Model::from_text("garbage").is_err());
    assert!(Model::from_text("broadsheet-moderation-model v1\nw:x\t1 2").is_err());
}

#[test]
fn trained_model_separates_tiny_corpus() {
    let m = train(TINY).unwrap();
    let s = Screener::builtin().with_model(Some(m));
    let ctx = Default::default();
    assert!(s.screen("thanks for the article", &ctx).reasons.is_empty());
}

#[test]
fn training_reports_bad_lines() {
    assert!(train("").is_err());
    assert!(train("{\"text\":\"x\",\"label\":\"maybe\"}").is_err());
    assert!(train("{oops").is_err());
}

#[test]
fn builtin_model_loads() {
    let text = include_str!("../model/model.txt");
    let m = Model::from_text(text).unwrap();
    assert!(m.len() > 100);
}
