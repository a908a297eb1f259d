//! Fixed-window rate limits keyed by client address or account, kept in this node's
//! memory. Each node limits on its own; with N nodes an attacker gets at most N times the
//! quota. Memory is bounded: a limiter remembers at most a fixed number of keys, and
//! every hit does a constant amount of work.

use crate::http::client_addr::{TrustedProxies, client_addr, limit_key};
use axum::extract::ConnectInfo;
use axum::http::request::Parts;
use parking_lot::{Mutex, MutexGuard};
use std::collections::{HashMap, VecDeque};
use std::hash::BuildHasher;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Independently locked parts of a limiter, so requests for different keys rarely wait.
const SHARDS: usize = 16;
/// Most keys a limiter remembers; past it, the windows opened longest ago are forgotten.
pub const DEFAULT_MAX_KEYS: usize = 64 * 1024;

pub struct RateLimiter {
    limit: u32,
    window: Duration,
    shard_capacity: usize,
    hasher: std::collections::hash_map::RandomState,
    shards: Box<[Mutex<Shard>]>,
}

/// One shard: the open windows, and their keys in the order the windows opened. A queued
/// key whose window has since been reopened is stale and skipped.
#[derive(Default)]
struct Shard {
    windows: HashMap<Arc<str>, Window>,
    opened: VecDeque<(Arc<str>, Instant)>,
}

struct Window {
    start: Instant,
    count: u32,
}

impl RateLimiter {
    /// At most `limit` hits per `window` for each key.
    pub fn new(limit: u32, window: Duration) -> RateLimiter {
        RateLimiter::with_capacity(limit, window, DEFAULT_MAX_KEYS)
    }

    /// Like `new`, remembering at most about `max_keys` keys.
    pub fn with_capacity(limit: u32, window: Duration, max_keys: usize) -> RateLimiter {
        RateLimiter {
            limit,
            window,
            shard_capacity: max_keys.div_ceil(SHARDS).max(1),
            hasher: Default::default(),
            shards: (0..SHARDS).map(|_| Mutex::default()).collect(),
        }
    }

    /// Counts a hit for `key`; `Err(seconds)` says how long to wait when over the limit.
    pub fn hit(&self, key: &str) -> Result<(), u64> {
        let now = Instant::now();
        let mut shard = self.shard(key);
        shard.tidy(now, self.window);
        let expired =
            (shard.windows.get(key)).is_none_or(|w| now.duration_since(w.start) >= self.window);
        let window = if expired {
            shard.open(key, now, self.shard_capacity)
        } else {
            shard.windows.get_mut(key).expect("an open window")
        };
        if window.count >= self.limit {
            let start = window.start;
            return Err(self.wait(now, start));
        }
        window.count += 1;
        Ok(())
    }

    /// Whether `key` is over its limit now, without counting a hit.
    pub fn check(&self, key: &str) -> Result<(), u64> {
        let now = Instant::now();
        let shard = self.shard(key);
        match shard.windows.get(key) {
            Some(w) if now.duration_since(w.start) < self.window && w.count >= self.limit => {
                Err(self.wait(now, w.start))
            }
            _ => Ok(()),
        }
    }

    /// Takes back one hit of `key` (an attempt that turned out to be legitimate).
    pub fn refund(&self, key: &str) {
        if let Some(w) = self.shard(key).windows.get_mut(key) {
            w.count = w.count.saturating_sub(1);
        }
    }

    /// Clears every hit of `key` in its current window.
    pub fn forget(&self, key: &str) {
        if let Some(w) = self.shard(key).windows.get_mut(key) {
            w.count = 0;
        }
    }

    fn shard(&self, key: &str) -> MutexGuard<'_, Shard> {
        let index = self.hasher.hash_one(key) as usize % SHARDS;
        self.shards[index].lock()
    }

    fn wait(&self, now: Instant, start: Instant) -> u64 {
        let left = self.window.saturating_sub(now.duration_since(start));
        left.as_secs().max(1)
    }

    #[cfg(test)]
    fn remembered(&self) -> usize {
        self.shards.iter().map(|s| s.lock().windows.len()).sum()
    }
}

impl Shard {
    /// Drops up to two expired or stale windows from the front of the queue: constant
    /// work per hit, which keeps the queue about as long as the live windows.
    fn tidy(&mut self, now: Instant, window: Duration) {
        for _ in 0..2 {
            let Some((key, start)) = self.opened.front() else {
                return;
            };
            let live = self.windows.get(key).is_some_and(|w| w.start == *start);
            if live && now.duration_since(*start) < window {
                return;
            }
            if live {
                self.windows.remove(key);
            }
            self.opened.pop_front();
        }
    }

    /// Opens a fresh window for `key`, first forgetting the oldest one when full.
    fn open(&mut self, key: &str, now: Instant, capacity: usize) -> &mut Window {
        let key: Arc<str> = match self.windows.get_key_value(key) {
            Some((existing, _)) => existing.clone(),
            None => {
                if self.windows.len() >= capacity {
                    self.evict_oldest();
                }
                Arc::from(key)
            }
        };
        if self.opened.len() > 2 * capacity + 8 {
            // Rare: stale keys piled up behind a long-lived one; keep the live ones.
            let windows = &self.windows;
            self.opened
                .retain(|(k, start)| windows.get(k).is_some_and(|w| w.start == *start));
        }
        self.opened.push_back((key.clone(), now));
        let fresh = Window {
            start: now,
            count: 0,
        };
        let window = self.windows.entry(key).or_insert(fresh);
        *window = Window {
            start: now,
            count: 0,
        };
        window
    }

    fn evict_oldest(&mut self) {
        while let Some((key, start)) = self.opened.pop_front() {
            if self.windows.get(&key).is_some_and(|w| w.start == start) {
                self.windows.remove(&key);
                return;
            }
        }
    }
}

/// The limiters of the site, one per thing an attacker would hammer.
pub struct Limits {
    /// Failed sign-ins (and second-step codes) from one address.
    pub login_ip: RateLimiter,
    /// Failed sign-ins to one account; a successful sign-in clears them.
    pub login_account: RateLimiter,
    pub signup_ip: RateLimiter,
    pub reset_ip: RateLimiter,
    /// Sign-up and reset mails to one address (no mail-bombing a stranger).
    pub signup_account: RateLimiter,
    pub reset_account: RateLimiter,
    pub post_user: RateLimiter,
    pub post_ip: RateLimiter,
    /// Likes and reports: one reader, and one address.
    pub react_user: RateLimiter,
    pub react_ip: RateLimiter,
    /// Two-step codes checked for one account: the sign-in step, turning it off, set-up.
    pub two_step_account: RateLimiter,
    /// Profile saves by one account (a changed name empties the page cache).
    pub profile_user: RateLimiter,
    /// Staff invitations sent by one administrator (each one mails a stranger).
    pub invite_admin: RateLimiter,
    /// Newsletter sign-ups from one address, and confirmation mails to one address.
    pub newsletter_ip: RateLimiter,
    pub newsletter_email: RateLimiter,
}

impl Default for Limits {
    fn default() -> Self {
        Limits::scaled(1)
    }
}

impl Limits {
    /// The site's limits with every quota multiplied by `scale` (load tests from one
    /// loopback address set `--rate-limit-scale`; production keeps 1).
    pub fn scaled(scale: u32) -> Limits {
        let minute = Duration::from_secs(60);
        let hour = Duration::from_secs(3600);
        let n = |base: u32| base.saturating_mul(scale.max(1));
        Limits {
            login_ip: RateLimiter::new(n(20), minute),
            login_account: RateLimiter::new(n(10), Duration::from_secs(15 * 60)),
            signup_ip: RateLimiter::new(n(10), hour),
            reset_ip: RateLimiter::new(n(10), hour),
            signup_account: RateLimiter::new(n(3), hour),
            reset_account: RateLimiter::new(n(3), hour),
            post_user: RateLimiter::new(n(10), minute),
            post_ip: RateLimiter::new(n(30), minute),
            react_user: RateLimiter::new(n(30), minute),
            react_ip: RateLimiter::new(n(60), minute),
            two_step_account: RateLimiter::new(n(10), Duration::from_secs(15 * 60)),
            profile_user: RateLimiter::new(n(20), hour),
            invite_admin: RateLimiter::new(n(20), hour),
            newsletter_ip: RateLimiter::new(n(10), hour),
            newsletter_email: RateLimiter::new(n(3), hour),
        }
    }
}

/// The client's rate-limit key: its address (IPv6: its /64), read through trusted
/// proxies; "local" for requests that did not come over a socket.
pub fn client_ip(parts: &Parts, trusted: &TrustedProxies) -> String {
    match parts.extensions.get::<ConnectInfo<SocketAddr>>() {
        Some(peer) => limit_key(client_addr(peer.0.ip(), &parts.headers, trusted)),
        None => "local".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_limit_holds_per_key_and_says_how_long_to_wait() {
        let l = RateLimiter::new(2, Duration::from_secs(60));
        assert!(l.hit("a").is_ok());
        assert!(l.hit("a").is_ok());
        let wait = l.hit("a").unwrap_err();
        assert!((1..=60).contains(&wait));
        assert!(l.hit("b").is_ok(), "other keys are unaffected");
    }

    #[test]
    fn check_refund_and_forget_change_only_what_they_say() {
        let l = RateLimiter::new(2, Duration::from_secs(60));
        assert!(l.check("a").is_ok());
        l.hit("a").unwrap();
        l.hit("a").unwrap();
        assert!(l.check("a").is_err(), "checking sees the limit");
        l.refund("a");
        assert!(l.check("a").is_ok(), "a refunded hit is not counted");
        l.hit("a").unwrap();
        assert!(l.hit("a").is_err());
        l.forget("a");
        assert!(
            l.hit("a").is_ok() && l.hit("a").is_ok(),
            "forgotten hits are gone"
        );
        l.refund("nobody");
        l.forget("nobody");
        assert!(l.check("nobody").is_ok());
    }

    #[test]
    fn a_flood_of_keys_stays_within_the_cap_and_forgets_the_oldest_first() {
        let l = RateLimiter::with_capacity(1, Duration::from_secs(600), 160);
        l.hit("first").unwrap();
        assert!(l.hit("first").is_err());
        for n in 0..100_000 {
            let _ = l.hit(&format!("flood-{n}"));
        }
        assert!(l.remembered() <= 160, "{} keys kept", l.remembered());
        assert!(l.hit("first").is_ok(), "the oldest window was forgotten");
        // The newest key is still remembered.
        assert!(l.hit("flood-99999").is_err());
    }

    #[test]
    fn expired_windows_leave_long_before_the_cap() {
        let l = RateLimiter::new(5, Duration::from_millis(1));
        for round in 0..5 {
            for n in 0..1000 {
                let _ = l.hit(&format!("r{round}-{n}"));
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        // 5,000 keys were hit; each hit tidies away expired ones, so about one round stays.
        assert!(l.remembered() <= 1500, "{} keys kept", l.remembered());
    }
}
