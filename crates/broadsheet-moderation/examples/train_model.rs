//! Trains the classifier and writes the model file.
//!
//! `cargo run --release -p broadsheet-moderation --example train_model -- data/moderation/train.jsonl crates/broadsheet-moderation/model/model.txt`

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(corpus), Some(out)) = (args.first(), args.get(1)) else {
        eprintln!("usage: train_model CORPUS.jsonl OUT_MODEL.txt");
        std::process::exit(2);
    };
    let text = std::fs::read_to_string(corpus).expect("read corpus");
    match broadsheet_moderation::train_main(&text) {
        Ok((model, summary)) => {
            std::fs::write(out, model).expect("write model");
            println!("{summary}; wrote {out}");
        }
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    }
}
