//! Messages between nodes: on PostgreSQL every listener hears what any node sends, on
//! SQLite (one node) there is nothing to listen to and sending is harmless.

use broadsheet_store::{Heard, Store};
use broadsheet_testkit::{Engine, TestDb, on_both_engines};
use std::time::Duration;

on_both_engines!(nodes_hear_each_other_on_postgres_only);

async fn nodes_hear_each_other_on_postgres_only(db: &TestDb) {
    let sender = Store::open(&db.url).await.unwrap();
    let receiver = Store::connect(&db.url).await.unwrap();
    let listener = receiver.listen().await.unwrap();
    assert_eq!(sender.has_peers(), db.engine == Engine::Postgres);
    let Some(mut listener) = listener else {
        assert_eq!(db.engine, Engine::Sqlite);
        sender
            .notify("n1 changed")
            .await
            .expect("a no-op on SQLite");
        return;
    };
    for payload in ["n1 changed", "n1 comment 7", "ünïcode and 'quotes'; --"] {
        sender.notify(payload).await.unwrap();
        let heard = tokio::time::timeout(Duration::from_secs(5), listener.next())
            .await
            .expect("heard within 5 s")
            .unwrap();
        assert_eq!(heard, Heard::Message(payload.to_string()));
    }
}
