//! Tests for batch JSONL screening, the model file format and training.

use broadsheet_moderation::model::FORMAT_VERSION;
use broadsheet_moderation::{Model, ModelError, Screener, screen_jsonl, train};

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
fn model_round_trips_through_bytes_and_refuses_damage() {
    let m = train(TINY).unwrap();
    assert!(!m.is_empty());
    let bytes = m.to_bytes();
    let back = Model::from_bytes(&bytes).unwrap();
    assert_eq!(back.to_bytes(), bytes);
    assert_eq!(back.len(), m.len());
    assert_eq!(Model::from_bytes(b"garbage"), Err(ModelError::Magic));
    let mut flipped = bytes.clone();
    let middle = flipped.len() / 2;
    flipped[middle] ^= 0x55;
    assert!(matches!(
        Model::from_bytes(&flipped),
        Err(ModelError::Damaged(_))
    ));
    assert!(matches!(
        Model::from_bytes(&bytes[..bytes.len() - 3]),
        Err(ModelError::Damaged(_))
    ));
    let mut newer = bytes.clone();
    newer[8..12].copy_from_slice(&(FORMAT_VERSION + 1).to_le_bytes());
    let err = Model::from_bytes(&newer).unwrap_err();
    assert_eq!(err, ModelError::Version(FORMAT_VERSION + 1));
    assert!(err.to_string().contains("newer Broadsheet"), "{err}");
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
fn builtin_model_loads_with_thresholds_from_cross_validation() {
    let s = Screener::builtin();
    let m = s.model().expect("the shipped model loads");
    assert!(m.len() > 1000);
    let t = m.thresholds;
    assert!(
        t.hold > 0.0 && t.hold < 1.0 && t.hold_short >= t.hold,
        "{t:?}"
    );
}

#[test]
fn training_refuses_too_few_examples() {
    let examples = broadsheet_moderation::examples_from_jsonl(TINY).unwrap();
    let err = broadsheet_moderation::train_tuned(
        &examples,
        Default::default(),
        5,
        &Screener::builtin(),
        |_, _| {},
    )
    .unwrap_err();
    assert!(err.to_string().contains("too few"), "{err}");
}
