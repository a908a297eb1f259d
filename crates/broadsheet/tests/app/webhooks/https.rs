//! Deliveries to https:// endpoints: a receiver whose certificate the site trusts (its
//! `--ca-file`) gets the signed event over TLS; one with a certificate nobody vouches
//! for gets nothing, and the attempt is logged with the TLS failure and a retry.

use super::{Receiver, publish, register, site_trusting, verified};
use crate::common::tls::TestCert;
use broadsheet::webhooks::send::deliver_due;
use broadsheet_testkit::{TestDb, on_both_engines};

on_both_engines!(an_https_receiver_gets_signed_deliveries_and_an_untrusted_one_a_retry,);

async fn an_https_receiver_gets_signed_deliveries_and_an_untrusted_one_a_retry(db: &TestDb) {
    let cert = TestCert::new();
    let (mut app, state, admin) = site_trusting(db, cert.trusted()).await;
    let trusted = Receiver::start_https(&[], &cert).await;
    let stranger = Receiver::start_https(&[], &TestCert::new()).await;
    assert!(trusted.url.starts_with("https://127.0.0.1:"));
    let (_, secret) = register(&mut app, &admin, &trusted.url, &["article.published"]).await;
    let (stranger_id, _) = register(&mut app, &admin, &stranger.url, &["article.published"]).await;
    let id = publish(&mut app, &admin, "Harbour lights").await;

    let now = broadsheet_store::now();
    assert_eq!(deliver_due(&state, now).await.unwrap(), 2);
    let got = trusted.received();
    assert_eq!(got.len(), 1);
    let body = verified(&got[0], &secret);
    assert_eq!(body["event"], "article.published");
    assert_eq!(body["data"]["article"]["id"], id);

    assert!(
        stranger.received().is_empty(),
        "sent to an untrusted receiver"
    );
    let delivery = &app.store.webhook_deliveries(stranger_id, 10).await.unwrap()[0];
    assert_eq!((delivery.attempts, delivery.delivered_at), (1, None));
    assert_eq!(delivery.next_attempt_at, Some(now + 60), "no retry planned");
    let attempt = &app.store.webhook_attempts(delivery.id).await.unwrap()[0];
    assert_eq!(attempt.status, None);
    assert!(attempt.error.contains("TLS"), "{}", attempt.error);
    assert!(attempt.error.contains("certificate"), "{}", attempt.error);
}
