//! A private PostgreSQL cluster (initdb + pg_ctl) that a test may stop and start, so an
//! outage test never disturbs the shared server other tests use.

use std::path::PathBuf;
use std::process::Command;

pub struct PgCluster {
    pub port: u16,
    dir: PathBuf,
    bin: PathBuf,
}

impl PgCluster {
    /// Creates and starts a cluster, or `None` when PostgreSQL's server binaries are not
    /// installed (panics instead under `BROADSHEET_REQUIRE_POSTGRES=1`).
    pub fn start() -> Option<PgCluster> {
        let bin = std::fs::read_dir("/usr/lib/postgresql")
            .ok()
            .and_then(|mut d| d.next())
            .and_then(|e| e.ok())
            .map(|e| e.path().join("bin"));
        let Some(bin) = bin.filter(|b| b.join("initdb").exists()) else {
            let msg = "outage test SKIPPED: PostgreSQL server binaries (initdb, pg_ctl) are not installed";
            if std::env::var("BROADSHEET_REQUIRE_POSTGRES").is_ok_and(|v| v == "1") {
                panic!("{msg}");
            }
            eprintln!("{msg}");
            return None;
        };
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let dir = broadsheet_testkit::temp_dir("bs-pgcluster");
        // PostgreSQL refuses to run as root: the cluster belongs to the postgres user.
        let _ = Command::new("chown")
            .args(["-R", "postgres:postgres"])
            .arg(&dir)
            .status();
        let cluster = PgCluster { port, dir, bin };
        let data = cluster.dir.join("data");
        cluster.as_postgres(&[
            cluster.bin.join("initdb").to_str().unwrap(),
            "-A",
            "trust",
            "-U",
            "postgres",
            "-D",
            data.to_str().unwrap(),
        ]);
        cluster.ctl("start");
        Some(cluster)
    }

    pub fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }

    /// Stops the server at once, as a crash or a restart of the database host would.
    pub fn stop(&self) {
        self.ctl("stop");
    }

    pub fn start_again(&self) {
        self.ctl("start");
    }

    fn ctl(&self, action: &str) {
        let data = self.dir.join("data");
        let opts = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1",
            self.port,
            self.dir.display()
        );
        let log = self.dir.join("log");
        let mut args = vec![
            self.bin.join("pg_ctl").to_str().unwrap().to_string(),
            "-D".into(),
            data.to_str().unwrap().into(),
            "-w".into(),
        ];
        if action == "stop" {
            args.extend(["-m".into(), "immediate".into()]);
        } else {
            args.extend(["-o".into(), opts, "-l".into(), log.to_str().unwrap().into()]);
        }
        args.push(action.into());
        let refs: Vec<&str> = args.iter().map(String::as_str).collect();
        self.as_postgres(&refs);
    }

    fn as_postgres(&self, args: &[&str]) {
        let running_as_root = Command::new("id")
            .arg("-u")
            .output()
            .map(|o| o.stdout.starts_with(b"0"))
            .unwrap_or(false);
        let status = if running_as_root {
            Command::new("runuser")
                .args(["-u", "postgres", "--"])
                .args(args)
                .status()
        } else {
            Command::new(args[0]).args(&args[1..]).status()
        };
        assert!(status.is_ok_and(|s| s.success()), "{args:?} failed");
    }
}

impl Drop for PgCluster {
    fn drop(&mut self) {
        let data = self.dir.join("data");
        let _ = Command::new("runuser")
            .args(["-u", "postgres", "--"])
            .arg(self.bin.join("pg_ctl"))
            .args(["-D", data.to_str().unwrap(), "-m", "immediate", "stop"])
            .status();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
