//! The recommended production deployment, end to end: Debian's nginx running the shipped
//! site with a self-signed certificate in front of two nodes on one PostgreSQL database,
//! media in moto's S3 server, mail over STARTTLS to a loopback SMTP server. Every reader
//! and editor action goes through nginx over HTTPS (curl from its own loopback address);
//! only the checks of what each node holds read a node directly. Last, one node is
//! killed, and a backup taken on the other restores a whole site (backup.rs). Skips
//! without nginx, curl, openssl or moto unless `BROADSHEET_REQUIRE_TOOLS=1`, and without
//! PostgreSQL unless `BROADSHEET_REQUIRE_POSTGRES=1`.

mod backup;
mod media;

use crate::common;

use broadsheet::media::S3Storage;
use common::curl::{Curl, failed_sign_ins_until_cut_off};
use common::moto::{self, Moto};
use common::nginx::{HOST, Nginx, free_port, site_for_test, tools};
use common::server::Server;
use common::smtp::{Mode, Received, smtp_server_with};
use common::tls::TestCert;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::mpsc::Receiver;

const READER: &str = "harbour.reader@example.org";
/// base64 of "\0ann\0s3cret": the AUTH PLAIN answer for the SMTP URL's account.
const SMTP_LOGIN: &str = "AGFubgBzM2NyZXQ=";

/// Everything the deployment runs, stopped when dropped.
struct Site {
    nodes: [Server; 2],
    dir: PathBuf,
    https: u16,
    inbox: Receiver<Received>,
    /// The nodes' `--media-url`, and the test's own view of that bucket.
    media_url: String,
    bucket: Arc<S3Storage>,
    _nginx: Nginx,
    moto: Moto,
    db: broadsheet_testkit::TestDb,
}

impl Site {
    async fn start() -> Option<Site> {
        let nginx = tools()?;
        let moto = Moto::start().await?;
        let db = broadsheet_testkit::postgres().await?;
        let dir = broadsheet_testkit::temp_dir("bs-deploy");
        let (http, https) = (free_port(), free_port());
        let smtp_cert = TestCert::new();
        std::fs::write(dir.join("smtp-ca.pem"), smtp_cert.pem()).unwrap();
        let (smtp, inbox) = smtp_server_with(Mode::StartTls(smtp_cert.acceptor())).await;
        let bucket = format!("bs-deploy-{}", std::process::id());
        let storage = moto.bucket(&bucket, "site").await;
        let media_url = format!("s3://{bucket}/site");
        let args = [
            format!("--base-url=https://{HOST}:{https}"),
            "--behind-tls".into(),
            "--trusted-proxies=127.0.0.1/32".into(),
            format!("--smtp-url=smtp://ann:s3cret@127.0.0.1:{smtp}?tls=starttls"),
            format!("--ca-file={}", dir.join("smtp-ca.pem").display()),
            format!("--media-url={media_url}"),
            format!("--s3-endpoint={}", moto.endpoint),
        ];
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let env = moto::env();
        let node = || {
            let data_dir = broadsheet_testkit::temp_dir("bs-deploy-node");
            Server::start_with_env(data_dir, &db.url, &args, &env)
        };
        let nodes = [node().await, node().await];
        let ports: Vec<u16> = nodes
            .iter()
            .map(|n| n.base.rsplit(':').next().unwrap().parse().unwrap())
            .collect();
        let nginx = Nginx::start(&nginx, &dir, &site_for_test(&dir, &ports, http, https));
        Nginx::wait_answering(&Curl::new("127.0.0.1", https, &dir, "probe")).await;
        Some(Site {
            nodes,
            dir,
            https,
            inbox,
            media_url,
            bucket: storage,
            _nginx: nginx,
            moto,
            db,
        })
    }

    /// A browser at `source` (a loopback address of its own), with a fresh cookie jar.
    fn client(&self, source: &str, who: &str) -> Curl {
        Curl::new(source, self.https, &self.dir, who)
    }
}

impl Drop for Site {
    fn drop(&mut self) {
        for node in &mut self.nodes {
            node.kill_hard();
            let _ = std::fs::remove_dir_all(&node.data_dir);
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_nodes_behind_nginx_serve_the_site_as_one_and_survive_losing_one() {
    let Some(mut site) = Site::start().await else {
        return;
    };
    let (article, path) = common::sql::first_article(&site.nodes[0].database_url).await;
    let reader = site.client("127.0.0.3", "reader");
    sign_up_and_verify(&mut site, &reader).await;
    comment_reaches_both_nodes(&site, &reader, article, &path).await;
    let image = media::image_is_served_by_both_nodes(&site).await;
    lockouts_stay_with_their_client(&site);

    // Step 4: a node dies without warning; nginx keeps serving from the other one.
    site.nodes[0].kill_hard();
    // Open live streams reconnect at once: each must reach the node left, as a browser's
    // EventSource gives up for good on an error answer. (Held open for 3 s, then dropped.)
    let stream = reader.url(&format!("/api/v1/articles/{article}/comments/stream"));
    for _ in 0..3 {
        let reconnected = reader.run(&["--max-time", "3", &stream]);
        assert_eq!(reconnected.status, 200, "a live stream through nginx");
    }
    for _ in 0..4 {
        for page in ["/", path.as_str()] {
            let reply = reader.get(page);
            assert_eq!((reply.status, reply.version.as_str()), (200, "2"), "{page}");
            assert!(reply.header("strict-transport-security").is_some());
        }
    }
    let remark = "Written after one node went down: the harbour ferry still runs hourly.";
    let form = format!("/articles/{article}/comments");
    let posted = reader.submit(&form, &[("body", remark)]);
    assert_eq!(posted.status, 303, "a signed-in comment with one node left");
    assert!(reader.get(&path).body.contains(remark));

    // Step 5: a backup taken while the site serves restores a whole site.
    backup::restores_into_a_fresh_database_and_bucket(&site, &reader, &path, &image).await;
}

/// Step 1: the reader signs up through nginx; the verification mail travels over
/// STARTTLS with the SMTP login and links to the public HTTPS address.
async fn sign_up_and_verify(site: &mut Site, reader: &Curl) {
    let fields = [
        ("name", "Harbour Reader"),
        ("email", READER),
        ("password", common::PASSWORD),
    ];
    let signed_up = reader.submit("/signup", &fields);
    assert_eq!(signed_up.status, 200, "{}", signed_up.body);
    let mail = tokio::time::timeout(Duration::from_secs(20), site.inbox.recv())
        .await
        .expect("the verification mail arrives within 20 s")
        .expect("a message");
    assert!(mail.encrypted, "the mail crossed in clear");
    assert_eq!(mail.login.as_deref(), Some(SMTP_LOGIN));
    assert_eq!(mail.to, [format!("<{READER}>")]);
    let text = mail.data.replace("=\n", "");
    let public = reader.url("/verify/");
    let start = text
        .find(&public)
        .unwrap_or_else(|| panic!("no link to {public} in the mail: {text}"));
    let token: String = text[start + public.len()..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || "-_".contains(*c))
        .collect();
    let verified = reader.get(&format!("/verify/{token}"));
    assert_eq!(verified.status, 200, "the mailed link verifies the address");
    let signed_in = reader.submit(
        "/login",
        &[("email", READER), ("password", common::PASSWORD)],
    );
    assert_eq!(signed_in.status, 303, "{}", signed_in.body);
}

/// The reader comments through nginx: both nodes' live streams (read on each node
/// directly) carry it, so the node that did not take the post heard of it at once.
async fn comment_reaches_both_nodes(site: &Site, reader: &Curl, article: i64, path: &str) {
    let mut streams = Vec::new();
    for node in &site.nodes {
        let url = node.url(&format!("/api/v1/articles/{article}/comments/stream"));
        let stream = reqwest::get(url).await.unwrap();
        assert_eq!(stream.status(), 200);
        streams.push(stream);
    }
    let remark = "Sent through the proxy: the tide tables in the print edition were a day out.";
    let form = format!("/articles/{article}/comments");
    let posted = reader.submit(&form, &[("body", remark)]);
    assert_eq!(posted.status, 303, "{}", posted.body);
    for (n, stream) in streams.iter_mut().enumerate() {
        let mut seen = String::new();
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        while !seen.contains(remark) {
            let chunk = tokio::time::timeout_at(deadline, stream.chunk())
                .await
                .unwrap_or_else(|_| panic!("node {n}'s stream shows the comment within 10 s"))
                .unwrap()
                .expect("the stream stays open");
            seen.push_str(&String::from_utf8_lossy(&chunk));
        }
    }
    assert!(reader.get(path).body.contains(remark));
}

/// Step 3: failed sign-ins from 127.0.0.2 are cut off (each node counts its own, so
/// within twice the quota of 20), while the reader at 127.0.0.3 still signs in.
fn lockouts_stay_with_their_client(site: &Site) {
    let attacker = site.client("127.0.0.2", "attacker");
    let cut_off_at = failed_sign_ins_until_cut_off(&attacker, 60);
    println!("127.0.0.2 was cut off at its sign-in attempt {cut_off_at}");
    assert!(
        (21..=41).contains(&cut_off_at),
        "cut off after {cut_off_at} requests"
    );
    let reader = site.client("127.0.0.3", "reader-again");
    let wrong = reader.submit(
        "/login",
        &[("email", READER), ("password", "not it at all")],
    );
    assert_eq!(wrong.status, 401, "another client is not cut off");
    let right = reader.submit(
        "/login",
        &[("email", READER), ("password", common::PASSWORD)],
    );
    assert_eq!(right.status, 303, "{}", right.body);
}
