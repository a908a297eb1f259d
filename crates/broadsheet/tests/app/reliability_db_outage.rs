//! The database going away: while PostgreSQL is down, requests that need it answer 503
//! with Retry-After instead of hanging, and `/readyz` says not ready; when it returns,
//! Broadsheet recovers by itself without a restart.

use crate::common;

use common::pg_cluster::PgCluster;
use common::server::Server;
use std::time::{Duration, Instant};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_outage_gives_503_then_recovers_by_itself() {
    let Some(pg) = PgCluster::start() else { return };
    let server = Server::start(&pg.url()).await;
    // A generous client timeout only tells "answered" from "hung".
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap();
    let needs_db = server.url("/city/no-such-article");
    assert_eq!(client.get(&needs_db).send().await.unwrap().status(), 404);

    pg.stop();
    for _ in 0..5 {
        let resp = client
            .get(&needs_db)
            .send()
            .await
            .expect("answered, not hung");
        assert_eq!(resp.status(), 503);
        let retry = resp
            .headers()
            .get("retry-after")
            .expect("Retry-After is set");
        assert!(retry.to_str().unwrap().parse::<u64>().unwrap() >= 1);
    }
    assert_eq!(
        client
            .get(server.url("/readyz"))
            .send()
            .await
            .unwrap()
            .status(),
        503
    );
    assert_eq!(
        client
            .get(server.url("/healthz"))
            .send()
            .await
            .unwrap()
            .status(),
        200,
        "the process itself is fine"
    );

    pg.start_again();
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let ready = client
            .get(server.url("/readyz"))
            .send()
            .await
            .unwrap()
            .status();
        if ready == 200 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "Broadsheet did not recover after the database came back"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(
        client.get(&needs_db).send().await.unwrap().status(),
        404,
        "service resumed"
    );
}
