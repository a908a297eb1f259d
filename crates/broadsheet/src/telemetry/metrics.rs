//! Prometheus metrics: request counts and latency histograms by route and status, plus
//! database pool gauges. Hand-rolled to keep the hot path to one short lock.

use broadsheet_store::PoolStats;
use std::collections::HashMap;
use std::fmt::Write;
use std::sync::Mutex;
use std::time::Duration;

/// Upper bounds of the latency buckets, in seconds.
const BUCKETS: [f64; 11] = [
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0, 5.0,
];

#[derive(Default)]
struct Series {
    count: u64,
    sum_secs: f64,
    buckets: [u64; BUCKETS.len()],
}

/// Series of one route, by (method, status).
type RouteSeries = HashMap<(&'static str, u16), Series>;

#[derive(Default)]
pub struct Metrics {
    series: Mutex<HashMap<String, RouteSeries>>,
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
        let mut map = self.series.lock().unwrap_or_else(|p| p.into_inner());
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

    /// The Prometheus text exposition of everything recorded so far.
    pub fn render(&self, pool: PoolStats) -> String {
        let mut out = String::new();
        let map = self.series.lock().unwrap_or_else(|p| p.into_inner());
        let mut keys: Vec<Key> = map
            .iter()
            .flat_map(|(route, per)| {
                per.keys().map(move |(m, st)| Key {
                    route,
                    method: m,
                    status: *st,
                })
            })
            .collect();
        keys.sort_by(|a, b| (a.route, a.method, a.status).cmp(&(b.route, b.method, b.status)));
        out.push_str("# HELP broadsheet_http_requests_total HTTP requests answered.\n");
        out.push_str("# TYPE broadsheet_http_requests_total counter\n");
        for k in &keys {
            let _ = writeln!(
                out,
                "broadsheet_http_requests_total{{{}}} {}",
                labels(k),
                map[k.route][&(k.method, k.status)].count
            );
        }
        out.push_str(
            "# HELP broadsheet_http_request_duration_seconds Time to answer HTTP requests.\n",
        );
        out.push_str("# TYPE broadsheet_http_request_duration_seconds histogram\n");
        for k in &keys {
            let s = &map[k.route][&(k.method, k.status)];
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
}
