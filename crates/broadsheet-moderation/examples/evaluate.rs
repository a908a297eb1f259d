//! Evaluates the built-in screener on labelled JSONL files and writes `score.py` predictions.
//!
//! `cargo run --release -p broadsheet-moderation --example evaluate -- GOLD.jsonl [PREDS.jsonl] [--ablation] [--errors] [--model=MODEL.bin]`
//! (`--model` screens with a freshly trained model instead of the embedded one.)

use broadsheet_moderation::model::Model;
use broadsheet_moderation::{Screener, Signals, evaluate};
use std::io::Write;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let files: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    let Some(gold_path) = files.first() else {
        eprintln!("usage: evaluate GOLD.jsonl [PREDS.jsonl] [--ablation] [--errors]");
        std::process::exit(2);
    };
    let gold = std::fs::read_to_string(gold_path).expect("read gold file");
    let model = args
        .iter()
        .find_map(|a| a.strip_prefix("--model="))
        .map(|path| {
            let bytes = std::fs::read(path).expect("read model file");
            Model::from_bytes(&bytes).expect("a valid model file")
        });
    let base = || match &model {
        Some(m) => Screener::builtin().with_model(Some(m.clone())),
        None => Screener::builtin(),
    };
    let screener = base();
    let report = evaluate(&gold, &screener).expect("evaluate");
    print!("{report}");
    if let Some(out) = files.get(1) {
        let mut f = std::fs::File::create(out).expect("create predictions file");
        for (id, v) in &report.predictions {
            writeln!(f, "{}", serde_json::json!({"id": id, "violation": v})).expect("write");
        }
    }
    if args.iter().any(|a| a == "--errors") {
        for line in gold.lines() {
            let v: serde_json::Value = serde_json::from_str(line).expect("json");
            if report.errors.contains(&v["id"]) {
                let s = screener.screen(v["text"].as_str().unwrap_or(""), &Default::default());
                let rules: Vec<String> = s
                    .reasons
                    .iter()
                    .map(|r| format!("{}={}", r.rule, r.excerpt.as_deref().unwrap_or("")))
                    .collect();
                println!("{} [{}] {:?} {}", v["id"], v["category"], rules, v["text"]);
            }
        }
    }
    if args.iter().any(|a| a == "--ablation") {
        let all = Signals::default();
        let variants = [
            ("all signals", all),
            (
                "no evasion normalisation",
                Signals {
                    evasion: false,
                    ..all
                },
            ),
            (
                "word list instead of targeting rules",
                Signals {
                    rules: false,
                    word_list: true,
                    ..all
                },
            ),
            (
                "no classifier (rules only)",
                Signals {
                    classifier: false,
                    ..all
                },
            ),
            (
                "classifier only",
                Signals {
                    rules: false,
                    ..all
                },
            ),
            (
                "word list only",
                Signals {
                    rules: false,
                    word_list: true,
                    classifier: false,
                    ..all
                },
            ),
        ];
        println!("\n| variant | P | R | F1 | FPR strong | FPR mild | tr F1 |");
        println!("|---|---|---|---|---|---|---|");
        for (name, sig) in variants {
            let s = base().with_signals(sig);
            let r = evaluate(&gold, &s).expect("evaluate");
            let rate = |c: &str| {
                r.by_category
                    .get(c)
                    .map_or(0.0, |c| c.flagged as f64 / c.n.max(1) as f64)
            };
            let tr = r.by_lang.get("tr").map_or(0.0, |m| m.f1);
            println!(
                "| {name} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} |",
                r.overall.precision,
                r.overall.recall,
                r.overall.f1,
                rate("civil_strong_disagreement"),
                rate("civil_with_mild_words"),
                tr
            );
        }
    }
}
