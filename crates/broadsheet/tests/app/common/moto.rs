//! moto's S3 server on a free loopback port, stopped when dropped, and buckets in it.
//! Without moto (pip install -r scripts/test-requirements.txt) a test skips, or fails
//! under `BROADSHEET_REQUIRE_TOOLS=1`.

use broadsheet::media::{Credentials, MediaStorage, S3Storage};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;

/// The access key tests sign with (moto accepts any until it is told to check).
pub const ACCESS_KEY: &str = "AKIDTEST";
pub const SECRET_KEY: &str = "secret";

pub struct Moto {
    child: Child,
    /// `http://127.0.0.1:<port>`, for `--s3-endpoint`.
    pub endpoint: String,
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Moto {
    /// Starts moto's server and waits until it answers; `None` (after a skip line) when
    /// it cannot run here.
    pub async fn start() -> Option<Moto> {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let started = Command::new("python3")
            .args(["-m", "moto.server", "-H", "127.0.0.1", "-p"])
            .arg(port.to_string())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn();
        let endpoint = format!("http://127.0.0.1:{port}");
        let moto = match started {
            Ok(child) => Moto { child, endpoint },
            Err(e) => return skip(&format!("python3 could not start: {e}")),
        };
        for _ in 0..300 {
            if reqwest::get(format!("{}/moto-api/", moto.endpoint))
                .await
                .is_ok()
            {
                return Some(moto);
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        skip("moto's server did not start (pip install -r scripts/test-requirements.txt)")
    }

    /// A client for `s3://<bucket>/<prefix>` signing with `secret`.
    pub fn storage(&self, bucket: &str, prefix: &str, secret: &str) -> Arc<S3Storage> {
        let creds = Credentials {
            access_key: ACCESS_KEY.into(),
            secret_key: secret.into(),
            region: "us-east-1".into(),
        };
        let url = format!("s3://{bucket}/{prefix}");
        Arc::new(S3Storage::new(&url, Some(&self.endpoint), creds, Default::default()).unwrap())
    }

    /// Creates an empty bucket and answers a client for `s3://<bucket>/<prefix>`.
    pub async fn bucket(&self, bucket: &str, prefix: &str) -> Arc<S3Storage> {
        let storage = self.storage(bucket, prefix, SECRET_KEY);
        let s3 = storage.clone();
        tokio::task::spawn_blocking(move || s3.create_bucket())
            .await
            .unwrap()
            .unwrap();
        storage
    }
}

/// Runs a boto3 snippet against the server (`s3` is a client signing with the test
/// keys; `endpoint` and `args` are bound), for setup Broadsheet itself never does.
/// Answers what it printed.
pub fn boto3(moto: &Moto, script: &str, args: &[&str]) -> String {
    let prelude = "import boto3, json, sys\n\
        endpoint, args = sys.argv[1], sys.argv[2:]\n\
        s3 = boto3.client('s3', endpoint_url=endpoint, region_name='us-east-1', \
        aws_access_key_id='AKIDTEST', aws_secret_access_key='secret')\n";
    let out = Command::new("python3")
        .arg("-c")
        .arg(format!("{prelude}{script}"))
        .arg(&moto.endpoint)
        .args(args)
        .output()
        .expect("python3 runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "boto3 setup failed: {stderr}");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Lets anyone read the bucket's objects without signing, as a public bucket behind a
/// CDN would.
pub fn make_public(moto: &Moto, bucket: &str) {
    let script = "bucket = args[0]\n\
        policy = {'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', \
        'Principal': '*', 'Action': 's3:GetObject', \
        'Resource': f'arn:aws:s3:::{bucket}/*'}]}\n\
        s3.put_bucket_policy(Bucket=bucket, Policy=json.dumps(policy))\n";
    boto3(moto, script, &[bucket]);
}

/// Turns on moto's signature and permission checks for every later request, after
/// creating an IAM user allowed all of S3; answers that user's access key and secret.
pub async fn enforce_signatures(moto: &Moto) -> (String, String) {
    let script = "iam = boto3.client('iam', endpoint_url=endpoint, region_name='us-east-1', \
        aws_access_key_id='AKIDTEST', aws_secret_access_key='secret')\n\
        iam.create_user(UserName='broadsheet')\n\
        policy = {'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', \
        'Action': 's3:*', 'Resource': '*'}]}\n\
        iam.put_user_policy(UserName='broadsheet', PolicyName='media', \
        PolicyDocument=json.dumps(policy))\n\
        key = iam.create_access_key(UserName='broadsheet')['AccessKey']\n\
        print(key['AccessKeyId'], key['SecretAccessKey'])\n";
    let printed = boto3(moto, script, &[]);
    let (id, secret) = printed.trim().split_once(' ').expect("a key and a secret");
    let answer = reqwest::Client::new()
        .post(format!("{}/moto-api/reset-auth", moto.endpoint))
        .body("0")
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 200, "moto checks signatures from now on");
    (id.to_string(), secret.to_string())
}

/// The environment a Broadsheet process needs to sign for the bucket.
pub fn env() -> [(&'static str, &'static str); 2] {
    [
        ("AWS_ACCESS_KEY_ID", ACCESS_KEY),
        ("AWS_SECRET_ACCESS_KEY", SECRET_KEY),
    ]
}

/// Runs a blocking storage call off the runtime.
pub async fn blocking<T: Send + 'static>(
    storage: &Arc<S3Storage>,
    call: impl FnOnce(&S3Storage) -> std::io::Result<T> + Send + 'static,
) -> T {
    let s3 = storage.clone();
    tokio::task::spawn_blocking(move || call(&s3))
        .await
        .unwrap()
        .unwrap()
}

/// Every object of an upload, by file name, with its bytes.
pub async fn objects(storage: &Arc<S3Storage>, key: &str) -> Vec<(String, Vec<u8>)> {
    let key = key.to_string();
    blocking(storage, move |s3| {
        let mut found = Vec::new();
        for name in s3.files(&key)? {
            let bytes = s3.get(&key, &name)?.unwrap_or_default();
            found.push((name, bytes));
        }
        Ok(found)
    })
    .await
}

fn skip(msg: &str) -> Option<Moto> {
    assert!(
        !std::env::var("BROADSHEET_REQUIRE_TOOLS").is_ok_and(|v| v == "1"),
        "{msg}; BROADSHEET_REQUIRE_TOOLS=1 forbids skipping"
    );
    println!("skipped: {msg}");
    None
}
