//! Load: many concurrent readers plus a steady stream of comments, with no 5xx and
//! bounded memory. CI runs a short version; `RELIABILITY_LONG=1` runs 500 readers and
//! 20 comments a second for 60 seconds (see reliability/README.md). Latency and peak
//! memory are printed, not asserted as timings.

use crate::common;

use common::server::Server;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readers_and_commenters_get_no_server_errors() {
    let long = std::env::var("RELIABILITY_LONG").is_ok_and(|v| v == "1");
    let (readers, seconds, comments_per_sec) = if long { (500, 60, 20) } else { (50, 5, 20) };
    let db = broadsheet_testkit::sqlite();
    let server = Server::start_with(&db.url, &["--rate-limit-scale", "1000"]).await;
    let token = server.user_with_token("load@example.org", "reader");
    let (article_id, article) = common::sql::first_article(&db.url).await;
    let paths = Arc::new(vec![
        "/".to_string(),
        article.clone(),
        "/healthz".to_string(),
    ]);

    let stop = Arc::new(AtomicBool::new(false));
    let (ok, server_errors, other) = (
        Arc::new(AtomicU64::new(0)),
        Arc::new(AtomicU64::new(0)),
        Arc::new(AtomicU64::new(0)),
    );
    let latencies = Arc::new(std::sync::Mutex::new(Vec::<u32>::new()));
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(readers)
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap();
    let mut tasks = Vec::new();
    for r in 0..readers {
        let (client, stop, paths, base) = (
            client.clone(),
            stop.clone(),
            paths.clone(),
            server.base.clone(),
        );
        let (ok, server_errors, other, latencies) = (
            ok.clone(),
            server_errors.clone(),
            other.clone(),
            latencies.clone(),
        );
        tasks.push(tokio::spawn(async move {
            let mut i = r;
            while !stop.load(Ordering::Relaxed) {
                i += 1;
                let started = Instant::now();
                let status = client
                    .get(format!("{base}{}", paths[i % paths.len()]))
                    .send()
                    .await
                    .map(|r| r.status().as_u16());
                let counter = match status {
                    Ok(s) if s < 400 => &ok,
                    Ok(s) if s >= 500 => &server_errors,
                    _ => &other,
                };
                counter.fetch_add(1, Ordering::Relaxed);
                latencies
                    .lock()
                    .unwrap()
                    .push(started.elapsed().as_micros() as u32);
            }
        }));
    }
    let posted = Arc::new(AtomicU64::new(0));
    {
        let (client, stop, base, posted, server_errors) = (
            client.clone(),
            stop.clone(),
            server.base.clone(),
            posted.clone(),
            server_errors.clone(),
        );
        tasks.push(tokio::spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_millis(1000 / comments_per_sec));
            let mut n = 0;
            while !stop.load(Ordering::Relaxed) {
                tick.tick().await;
                n += 1;
                let body = serde_json::json!({"body": format!("Load comment {n}: I think the council got this one right.")});
                let resp = client.post(format!("{base}/api/v1/articles/{article_id}/comments")).bearer_auth(&token).json(&body).send().await;
                match resp.map(|r| r.status().as_u16()) {
                    Ok(s) if s < 300 => posted.fetch_add(1, Ordering::Relaxed),
                    Ok(s) if s >= 500 => server_errors.fetch_add(1, Ordering::Relaxed),
                    _ => 0,
                };
            }
        }));
    }
    tokio::time::sleep(Duration::from_secs(seconds)).await;
    stop.store(true, Ordering::Relaxed);
    for t in tasks {
        t.await.unwrap();
    }
    let mut lat = latencies.lock().unwrap().clone();
    lat.sort_unstable();
    let pct = |p: f64| {
        lat.get(((lat.len() as f64 * p) as usize).min(lat.len().saturating_sub(1)))
            .copied()
            .unwrap_or(0) as f64
            / 1000.0
    };
    let rss = server.peak_rss_kib().unwrap_or(0);
    eprintln!(
        "load: {readers} readers, {seconds}s: {} ok, {} 5xx, {} other, {} comments; p50 {:.1} ms, p99 {:.1} ms; peak RSS {} MiB",
        ok.load(Ordering::Relaxed),
        server_errors.load(Ordering::Relaxed),
        other.load(Ordering::Relaxed),
        posted.load(Ordering::Relaxed),
        pct(0.5),
        pct(0.99),
        rss / 1024
    );
    assert_eq!(
        server_errors.load(Ordering::Relaxed),
        0,
        "no server errors under load"
    );
    assert!(ok.load(Ordering::Relaxed) > 0 && posted.load(Ordering::Relaxed) > 0);
    assert!(rss < 1024 * 1024, "memory stays bounded (peak {rss} KiB)");
}
