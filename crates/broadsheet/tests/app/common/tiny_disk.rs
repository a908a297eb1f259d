//! A small tmpfs mounted for one test, to make the disk full or read-only under a
//! running server, and unmounted when dropped. Mounting needs root (CAP_SYS_ADMIN):
//! without it the test skips with a message, and `BROADSHEET_REQUIRE_FAULTS=1` (set in
//! CI) turns that skip into a failure.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

pub struct TinyDisk {
    pub path: PathBuf,
    filler: PathBuf,
}

fn run(args: &[&str]) -> Result<(), String> {
    let out = Command::new(args[0])
        .args(&args[1..])
        .output()
        .map_err(|e| e.to_string())?;
    if out.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).trim().to_string())
    }
}

impl TinyDisk {
    /// Mounts a tmpfs of `mib` MiB at `path` (created if missing), or `None` when this
    /// machine does not let us mount.
    pub fn mount(path: &Path, mib: u32) -> Option<TinyDisk> {
        std::fs::create_dir_all(path).expect("create the mount point");
        let size = format!("size={mib}m");
        let target = path.to_str().expect("a UTF-8 path");
        if let Err(e) = run(&["mount", "-t", "tmpfs", "-o", &size, "tmpfs", target]) {
            let msg = format!("disk-fault test SKIPPED: cannot mount a tmpfs ({e})");
            if std::env::var("BROADSHEET_REQUIRE_FAULTS").is_ok_and(|v| v == "1") {
                panic!("{msg}; BROADSHEET_REQUIRE_FAULTS=1 forbids skipping");
            }
            eprintln!("{msg}");
            return None;
        }
        Some(TinyDisk {
            path: path.to_path_buf(),
            filler: path.join("filler.bin"),
        })
    }

    /// Writes a filler file until the disk refuses another byte; returns its size.
    pub fn fill(&self) -> u64 {
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.filler)
            .expect("open the filler");
        let mut written = 0u64;
        for chunk in [1 << 20, 4096, 512, 1] {
            let bytes = vec![0x5a_u8; chunk];
            while file.write_all(&bytes).is_ok() {
                written += chunk as u64;
            }
        }
        written
    }

    /// Removes the filler: space returns.
    pub fn free(&self) {
        std::fs::remove_file(&self.filler).expect("remove the filler");
    }

    /// Remounts read-only (`true`) or read-write; fails while a file is open for writing.
    pub fn set_read_only(&self, read_only: bool) {
        let mode = if read_only {
            "remount,ro"
        } else {
            "remount,rw"
        };
        let target = self.path.to_str().unwrap();
        run(&["mount", "-o", mode, target]).unwrap_or_else(|e| panic!("{mode}: {e}"));
    }
}

impl Drop for TinyDisk {
    fn drop(&mut self) {
        let _ = run(&["umount", "-l", self.path.to_str().unwrap()]);
        let _ = std::fs::remove_dir_all(&self.path);
    }
}
