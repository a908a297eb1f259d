//! Embeds the labelled corpus and the frozen evaluation set (every `.jsonl` file of
//! `corpus/train` and `corpus/eval`), so a site can retrain without the repository.

use std::path::Path;

fn main() {
    let out = std::env::var("OUT_DIR").expect("OUT_DIR");
    for (dir, name) in [
        ("corpus/train", "train.jsonl"),
        ("corpus/eval", "eval.jsonl"),
    ] {
        println!("cargo:rerun-if-changed={dir}");
        let mut files: Vec<_> = std::fs::read_dir(dir)
            .map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect())
            .unwrap_or_default();
        files.retain(|p: &std::path::PathBuf| p.extension().is_some_and(|x| x == "jsonl"));
        files.sort();
        let mut all = String::new();
        for f in files {
            println!("cargo:rerun-if-changed={}", f.display());
            let text = std::fs::read_to_string(&f).expect("read corpus file");
            all.push_str(text.trim_end());
            all.push('\n');
        }
        std::fs::write(Path::new(&out).join(name), all).expect("write embedded corpus");
    }
}
