//! Prometheus metrics: request counts and latency histograms by route and status, plus
//! database pool gauges. Hand-rolled to keep the hot path to one short, uncontended lock:
//! each thread records into its own shard, and the exposition adds the shards up.

use broadsheet_store::PoolStats;
use parking_lot::Mutex;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// Upper bounds of the latency buckets, in seconds.
const BUCKETS: [f64; 11] = [
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0, 5.0,
];

/// Shards of the registry. Every cache hit records a line, on every worker thread at
/// once: one shared lock made the workers queue for it (and sleep on it) at 100k
/// requests a second. Threads take shards in turn, so workers rarely share one.
const SHARDS: usize = 8;

#[derive(Clone, Default)]
struct Series {
    count: u64,
    sum_secs: f64,
    buckets: [u64; BUCKETS.len()],
}

impl Series {
    fn add(&mut self, other: &Series) {
        self.count += other.count;
        self.sum_secs += other.sum_secs;
        for (mine, theirs) in self.buckets.iter_mut().zip(other.buckets) {
            *mine += theirs;
        }
    }
}

/// Series of one route, by (method, status).
type RouteSeries = HashMap<(&'static str, u16), Series>;

/// One shard, alone on its cache line so that two workers' shards do not share one.
#[derive(Default)]
#[repr(align(128))]
struct Shard(Mutex<HashMap<String, RouteSeries>>);

#[derive(Default)]
pub struct Metrics {
    shards: [Shard; SHARDS],
}

/// This thread's shard number, handed out in turn the first time it records.
fn shard_of_this_thread() -> usize {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    thread_local! {
        static SHARD: usize = NEXT.fetch_add(1, Ordering::Relaxed) % SHARDS;
    }
    SHARD.with(|s| *s)
}

/// Methods as static labels, so recording allocates nothing for a known route.
fn method_label(method: &str) -> &'static str {
    match method {
        "GET" => "GET",
        "HEAD" => "HEAD",
        "POST" => "POST",
        "PUT" => "PUT",
        "PATCH" => "PATCH",
        "DELETE" => "DELETE",
        "OPTIONS" => "OPTIONS",
        _ => "OTHER",
    }
}

impl Metrics {
    pub fn record(&self, route: &str, method: &str, status: u16, elapsed: Duration) {
        let secs = elapsed.as_secs_f64();
        let shard = &self.shards[shard_of_this_thread()].0;
        let mut map = shard.lock();
        if !map.contains_key(route) {
            map.insert(route.to_string(), HashMap::new());
        }
        let per_route = map.get_mut(route).expect("inserted above");
        let s = per_route.entry((method_label(method), status)).or_default();
        s.count += 1;
        s.sum_secs += secs;
        if let Some(i) = BUCKETS.iter().position(|b| secs <= *b) {
            s.buckets[i] += 1;
        }
    }

    /// Every shard's series added up, in label order.
    fn added_up(&self) -> BTreeMap<(String, &'static str, u16), Series> {
        let mut all: BTreeMap<(String, &'static str, u16), Series> = BTreeMap::new();
        for shard in &self.shards {
            let map = shard.0.lock();
            for (route, per) in map.iter() {
                for ((method, status), series) in per {
                    all.entry((route.clone(), method, *status))
                        .or_default()
                        .add(series);
                }
            }
        }
        all
    }

    /// The Prometheus text exposition of everything recorded so far.
    pub fn render(&self, pool: PoolStats) -> String {
        let mut out = String::new();
        let all = self.added_up();
        let series: Vec<(Key, &Series)> = all
            .iter()
            .map(|((route, method, status), s)| {
                let key = Key {
                    route,
                    method,
                    status: *status,
                };
                (key, s)
            })
            .collect();
        out.push_str("# HELP broadsheet_http_requests_total HTTP requests answered.\n");
        out.push_str("# TYPE broadsheet_http_requests_total counter\n");
        for (k, s) in &series {
            let _ = writeln!(
                out,
                "broadsheet_http_requests_total{{{}}} {}",
                labels(k),
                s.count
            );
        }
        out.push_str(
            "# HELP broadsheet_http_request_duration_seconds Time to answer HTTP requests.\n",
        );
        out.push_str("# TYPE broadsheet_http_request_duration_seconds histogram\n");
        for (k, s) in &series {
            let mut cumulative = 0;
            for (bound, n) in BUCKETS.iter().zip(s.buckets) {
                cumulative += n;
                let _ = writeln!(
                    out,
                    "broadsheet_http_request_duration_seconds_bucket{{{},le=\"{bound}\"}} {cumulative}",
                    labels(k)
                );
            }
            let _ = writeln!(
                out,
                "broadsheet_http_request_duration_seconds_bucket{{{},le=\"+Inf\"}} {}",
                labels(k),
                s.count
            );
            let _ = writeln!(
                out,
                "broadsheet_http_request_duration_seconds_sum{{{}}} {}",
                labels(k),
                s.sum_secs
            );
            let _ = writeln!(
                out,
                "broadsheet_http_request_duration_seconds_count{{{}}} {}",
                labels(k),
                s.count
            );
        }
        for (name, help, value) in [
            (
                "broadsheet_db_pool_connections",
                "Open database connections.",
                pool.size,
            ),
            (
                "broadsheet_db_pool_idle_connections",
                "Idle database connections.",
                pool.idle,
            ),
            (
                "broadsheet_db_pool_max_connections",
                "Most database connections the pool opens.",
                pool.max,
            ),
        ] {
            let _ = writeln!(
                out,
                "# HELP {name} {help}\n# TYPE {name} gauge\n{name} {value}"
            );
        }
        out
    }
}

/// One series' labels, borrowed from the registry while it renders.
struct Key<'a> {
    route: &'a str,
    method: &'static str,
    status: u16,
}

fn labels(k: &Key) -> String {
    format!(
        "route=\"{}\",method=\"{}\",status=\"{}\"",
        escape(k.route),
        k.method,
        k.status
    )
}

fn escape(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn histograms_are_cumulative_and_counts_add_up() {
        let m = Metrics::default();
        m.record("/a", "GET", 200, Duration::from_micros(300));
        m.record("/a", "GET", 200, Duration::from_millis(30));
        m.record("/a", "GET", 404, Duration::from_millis(2));
        let text = m.render(PoolStats {
            size: 2,
            idle: 1,
            max: 8,
        });
        assert!(
            text.contains(
                r#"broadsheet_http_requests_total{route="/a",method="GET",status="200"} 2"#
            )
        );
        assert!(text.contains(r#"broadsheet_http_request_duration_seconds_bucket{route="/a",method="GET",status="200",le="0.0005"} 1"#));
        assert!(text.contains(r#"broadsheet_http_request_duration_seconds_bucket{route="/a",method="GET",status="200",le="0.05"} 2"#));
        assert!(text.contains("broadsheet_db_pool_max_connections 8"));
    }

    #[test]
    fn lines_recorded_on_many_threads_add_up() {
        let m = std::sync::Arc::new(Metrics::default());
        let threads: Vec<_> = (0..12)
            .map(|_| {
                let m = m.clone();
                std::thread::spawn(move || {
                    for _ in 0..100 {
                        m.record("/b", "GET", 200, Duration::from_millis(3));
                    }
                })
            })
            .collect();
        threads
            .into_iter()
            .for_each(|t| t.join().expect("recorder"));
        let text = m.render(PoolStats {
            size: 1,
            idle: 1,
            max: 1,
        });
        assert!(text.contains(
            r#"broadsheet_http_requests_total{route="/b",method="GET",status="200"} 1200"#
        ));
        assert!(text.contains(r#"broadsheet_http_request_duration_seconds_bucket{route="/b",method="GET",status="200",le="0.0025"} 0"#));
        assert!(text.contains(r#"broadsheet_http_request_duration_seconds_bucket{route="/b",method="GET",status="200",le="0.005"} 1200"#));
    }
}
