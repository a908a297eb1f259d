//! Fixed-window rate limits keyed by IP address or account, kept in this node's memory.
//! Each node limits on its own; with N nodes an attacker gets at most N times the quota.

use axum::extract::ConnectInfo;
use axum::http::request::Parts;
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub struct RateLimiter {
    limit: u32,
    window: Duration,
    windows: Mutex<HashMap<String, (Instant, u32)>>,
}

impl RateLimiter {
    /// At most `limit` hits per `window` for each key.
    pub fn new(limit: u32, window: Duration) -> RateLimiter {
        RateLimiter {
            limit,
            window,
            windows: Mutex::new(HashMap::new()),
        }
    }

    /// Counts a hit for `key`; `Err(seconds)` says how long to wait when over the limit.
    pub fn hit(&self, key: &str) -> Result<(), u64> {
        let now = Instant::now();
        let mut map = self.windows.lock().unwrap_or_else(|p| p.into_inner());
        if map.len() > 100_000 {
            // Bound memory under a flood of distinct keys: drop expired windows.
            map.retain(|_, (start, _)| now.duration_since(*start) < self.window);
        }
        let entry = map.entry(key.to_string()).or_insert((now, 0));
        if now.duration_since(entry.0) >= self.window {
            *entry = (now, 0);
        }
        if entry.1 >= self.limit {
            let wait = self.window.saturating_sub(now.duration_since(entry.0));
            return Err(wait.as_secs().max(1));
        }
        entry.1 += 1;
        Ok(())
    }
}

/// The limiters of the site, one per thing an attacker would hammer.
pub struct Limits {
    pub login_ip: RateLimiter,
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
        }
    }
}

/// The client's address as this server saw it.
pub fn client_ip(parts: &Parts) -> String {
    parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip().to_string())
        .unwrap_or_else(|| "local".into())
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
}
