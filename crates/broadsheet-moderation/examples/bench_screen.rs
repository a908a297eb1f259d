//! Per-comment screening latency, throughput on one core, model load time and 4 KB comments,
//! each next to a baseline measured in the same run: the plain lowercase-and-split tokeniser
//! `normalise_plain`, which every screening pays for in some form.
//!
//! ```text
//! CARGO_TARGET_DIR=/work/main/target-mod cargo run --release -p broadsheet-moderation \
//!     --example bench_screen -- [CORPUS] [PASSES]
//! ```
//!
//! `CORPUS` is a `.jsonl` file or a folder of them (default: every `.jsonl` file of
//! `crates/broadsheet-moderation/corpus/train`, read with `read_corpus`); `PASSES` (default 5)
//! passes over all comments, the first a warm-up that is not counted. Each call is timed on
//! its own with `Instant`, on one thread. Targets: p99 < 1 ms per comment, model load < 50 ms.
//! Results and how to read them: `bench/moderation/README.md`.

use broadsheet_moderation::{AuthorContext, Model, Screener, normalise_plain, read_corpus};
use std::hint::black_box;
use std::path::Path;
use std::time::Instant;

/// The model `Screener::builtin()` embeds, embedded here again to time its parsing alone.
const MODEL: &[u8] = include_bytes!("../model/model.bin");
const DEFAULT_CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus/train");
/// Runs of each load measurement; the median is reported.
const LOAD_RUNS: usize = 20;
/// Size of each long comment, and how many distinct ones are built from the corpus.
const LONG_BYTES: usize = 4096;
const LONG_COMMENTS: usize = 16;
/// Passes over the long comments (the first is a warm-up).
const LONG_PASSES: usize = 101;

/// Latency summary in microseconds.
struct Stats {
    n: usize,
    p50: f64,
    p99: f64,
    max: f64,
    mean: f64,
    /// Wall-clock seconds of the counted passes (for throughput).
    wall: f64,
}

impl Stats {
    fn new(mut ns: Vec<u64>, wall: f64) -> Stats {
        ns.sort_unstable();
        let n = ns.len().max(1);
        // Nearest rank: the smallest value with at least p of the samples at or below it.
        let rank = |p: f64| ns[((p * n as f64).ceil() as usize).clamp(1, n) - 1] as f64 / 1e3;
        Stats {
            n: ns.len(),
            p50: rank(0.50),
            p99: rank(0.99),
            max: ns.last().copied().unwrap_or(0) as f64 / 1e3,
            mean: ns.iter().sum::<u64>() as f64 / n as f64 / 1e3,
            wall,
        }
    }

    fn print(&self, name: &str) {
        println!(
            "{name:32} p50 {:>8.2}  p99 {:>8.2}  max {:>9.2}  mean {:>8.2} µs   {:>9.0} comments/s",
            self.p50,
            self.p99,
            self.max,
            self.mean,
            self.n as f64 / self.wall
        );
    }
}

/// Times `f` on every text, `passes` times; the first pass is a warm-up and not counted.
fn per_call<F: FnMut(&str)>(texts: &[String], passes: usize, mut f: F) -> Stats {
    let mut ns = Vec::with_capacity(texts.len() * passes.saturating_sub(1));
    let mut wall = 0.0;
    for pass in 0..passes {
        let start = Instant::now();
        for t in texts {
            let t0 = Instant::now();
            f(t);
            let d = t0.elapsed();
            if pass > 0 {
                ns.push(d.as_nanos() as u64);
            }
        }
        if pass > 0 {
            wall += start.elapsed().as_secs_f64();
        }
    }
    Stats::new(ns, wall)
}

/// Median, minimum and first run, in milliseconds, of building something `LOAD_RUNS` times.
fn load<T, F: FnMut() -> T>(mut f: F) -> (f64, f64, f64) {
    let mut ms: Vec<f64> = (0..LOAD_RUNS)
        .map(|_| {
            let t0 = Instant::now();
            let built = black_box(f());
            let d = t0.elapsed().as_secs_f64() * 1e3;
            drop(built);
            d
        })
        .collect();
    let first = ms[0];
    ms.sort_by(f64::total_cmp);
    (ms[LOAD_RUNS / 2], ms[0], first)
}

/// `count` comments of at most `bytes` bytes, each the next corpus texts joined by spaces.
fn long_comments(texts: &[String], bytes: usize, count: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut it = texts.iter().cycle();
    while out.len() < count {
        let mut s = String::new();
        while s.len() < bytes {
            s.push_str(it.next().map_or("", String::as_str));
            s.push(' ');
        }
        let mut cut = bytes;
        while !s.is_char_boundary(cut) {
            cut -= 1;
        }
        s.truncate(cut);
        out.push(s);
    }
    out
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let path = args.first().map_or(DEFAULT_CORPUS, String::as_str);
    let passes: usize = args.get(1).and_then(|p| p.parse().ok()).unwrap_or(5).max(2);
    let corpus = read_corpus(Path::new(path)).expect("read corpus (file or folder of .jsonl)");
    let texts: Vec<String> = corpus
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v["text"].as_str().map(str::to_owned))
        .collect();
    assert!(
        !texts.is_empty(),
        "no comments with a \"text\" field in {path}"
    );
    let bytes: usize = texts.iter().map(String::len).sum();
    println!(
        "{} comments from {path} (mean {} bytes), {passes} passes (first is warm-up), one thread",
        texts.len(),
        bytes / texts.len()
    );

    // Load: a one-off cost per process.
    let model = Model::from_bytes(MODEL).expect("embedded model parses");
    println!(
        "model.bin: {} bytes, {} hash bits ({} buckets)",
        MODEL.len(),
        model.bits(),
        1usize << model.bits()
    );
    drop(model);
    let (m_med, m_min, m_first) = load(|| Model::from_bytes(black_box(MODEL)));
    let (s_med, s_min, s_first) = load(Screener::builtin);
    println!("load (ms, {LOAD_RUNS} runs)                median    min  first   target < 50");
    println!("  Model::from_bytes(model.bin)     {m_med:>7.2} {m_min:>6.2} {m_first:>6.2}");
    println!("  Screener::builtin()              {s_med:>7.2} {s_min:>6.2} {s_first:>6.2}");

    // Per-comment latency over the corpus.
    let screener = Screener::builtin();
    let ctx = AuthorContext::default();
    let timer = per_call(&texts, passes, |t| {
        black_box(t);
    });
    let base = per_call(&texts, passes, |t| {
        black_box(normalise_plain(black_box(t)));
    });
    let full = per_call(&texts, passes, |t| {
        black_box(screener.screen(black_box(t), &ctx));
    });
    println!("per comment ({} timed calls each):", full.n);
    timer.print("  timer alone (overhead)");
    base.print("  baseline: normalise_plain");
    full.print("  screen (builtin, default ctx)");
    println!(
        "  ratio screen/baseline: p50 {:.1}x  p99 {:.1}x  mean {:.1}x   (target p99 < 1000 µs)",
        full.p50 / base.p50,
        full.p99 / base.p99,
        full.mean / base.mean
    );

    // Long comments.
    let long = long_comments(&texts, LONG_BYTES, LONG_COMMENTS);
    let long_base = per_call(&long, LONG_PASSES, |t| {
        black_box(normalise_plain(black_box(t)));
    });
    let long_full = per_call(&long, LONG_PASSES, |t| {
        black_box(screener.screen(black_box(t), &ctx));
    });
    println!(
        "{LONG_COMMENTS} comments of {LONG_BYTES} bytes built from corpus texts ({} timed calls each):",
        long_full.n
    );
    long_base.print("  baseline: normalise_plain");
    long_full.print("  screen (builtin, default ctx)");
    println!(
        "  ratio screen/baseline: p50 {:.1}x  p99 {:.1}x",
        long_full.p50 / long_base.p50,
        long_full.p99 / long_base.p99
    );
}
