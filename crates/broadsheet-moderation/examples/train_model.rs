//! Trains the classifier with cross-validated thresholds and writes the model file.
//!
//! `cargo run --release -p broadsheet-moderation --example train_model -- crates/broadsheet-moderation/corpus/train crates/broadsheet-moderation/model/model.bin [OUT_OF_FOLD.jsonl]`

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(corpus), Some(out)) = (args.first(), args.get(1)) else {
        eprintln!("usage: train_model CORPUS(.jsonl or folder) OUT_MODEL.bin");
        std::process::exit(2);
    };
    let text = broadsheet_moderation::read_corpus(corpus.as_ref()).expect("read corpus");
    let progress = |done, all| eprintln!("training: step {done}/{all}");
    // Hyper-parameters can be varied from the environment for experiments (TRAIN_EPOCHS…).
    let mut opt = broadsheet_moderation::TrainOptions::default();
    let env = |k: &str| std::env::var(k).ok().and_then(|v| v.parse::<f64>().ok());
    if let Some(v) = env("TRAIN_EPOCHS") {
        opt.epochs = v as usize;
    }
    if let Some(v) = env("TRAIN_LR") {
        opt.learning_rate = v as f32;
    }
    if let Some(v) = env("TRAIN_L2") {
        opt.l2 = v as f32;
    }
    if let Some(v) = env("TRAIN_NB_FLOOR") {
        opt.nb_floor = v as f32;
    }
    if let Some(v) = env("TRAIN_AVERAGE") {
        opt.average = v != 0.0;
    }
    if let Some(v) = env("TRAIN_MIN_COUNT") {
        opt.min_count = v as u32;
    }
    let examples = broadsheet_moderation::examples_from_jsonl(&text).expect("parse corpus");
    let base = broadsheet_moderation::Screener::builtin();
    let folds = broadsheet_moderation::FOLDS;
    match broadsheet_moderation::train_tuned(&examples, opt, folds, &base, progress) {
        Ok((model, report)) => {
            let model = model.to_bytes();
            std::fs::write(out, model).expect("write model");
            print!("{report}");
            if let Some(path) = args.get(2) {
                // Out-of-fold outcomes joined with the corpus, for error analysis.
                let mut lines = String::new();
                for (e, o) in examples.iter().zip(&report.out_of_fold) {
                    let row = serde_json::json!({"id": e.id, "category": e.category, "lang": e.lang,
                        "text": e.text, "outcome": o});
                    lines.push_str(&format!("{row}\n"));
                }
                std::fs::write(path, lines).expect("write out-of-fold file");
            }
            println!("wrote {out}");
        }
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    }
}
