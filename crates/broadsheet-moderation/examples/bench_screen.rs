//! Screening throughput on the corpus, against baselines measured in the same run.
//!
//! `cargo run --release -p broadsheet-moderation --example bench_screen -- [CORPUS.jsonl] [ROUNDS]`
//! Baselines: a plain lowercase-and-split tokeniser, and the evasion-aware normaliser alone.

use broadsheet_moderation::{AuthorContext, Screener, normalise, normalise_plain};
use std::hint::black_box;
use std::time::Instant;

fn time<F: FnMut(&str)>(name: &str, texts: &[String], rounds: usize, mut f: F) -> f64 {
    for t in texts {
        f(t);
    }
    let start = Instant::now();
    for _ in 0..rounds {
        for t in texts {
            f(t);
        }
    }
    let secs = start.elapsed().as_secs_f64();
    let n = (texts.len() * rounds) as f64;
    let us = secs * 1e6 / n;
    println!(
        "{name:34} {:>10.0} comments/s  {us:>8.2} µs/comment",
        n / secs
    );
    us
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let path = args
        .first()
        .map_or("data/moderation/corpus.jsonl", String::as_str);
    let rounds: usize = args.get(1).and_then(|r| r.parse().ok()).unwrap_or(20);
    let corpus = std::fs::read_to_string(path).expect("read corpus (run from the workspace root)");
    let texts: Vec<String> = corpus
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v["text"].as_str().map(str::to_owned))
        .collect();
    let mean_len = texts.iter().map(String::len).sum::<usize>() / texts.len().max(1);
    println!(
        "{} comments (mean {mean_len} bytes) x {rounds} rounds, one thread",
        texts.len()
    );
    let build = Instant::now();
    let screener = Screener::builtin();
    println!(
        "Screener::builtin() built in {:.1} ms",
        build.elapsed().as_secs_f64() * 1e3
    );
    let ctx = AuthorContext::default();
    let base = time("baseline: lowercase + split", &texts, rounds, |t| {
        black_box(normalise_plain(t));
    });
    time("normalise (evasion folding)", &texts, rounds, |t| {
        black_box(normalise(t));
    });
    let full = time("screen (rules + classifier)", &texts, rounds, |t| {
        black_box(screener.screen(t, &ctx));
    });
    println!("screen costs {:.1}x the baseline tokeniser", full / base);
    let long = "I have read the whole report and I think the analysis is careful. ".repeat(60);
    time("screen, 4 KB comment", &[long], rounds * 10, |t| {
        black_box(screener.screen(t, &ctx));
    });
}
