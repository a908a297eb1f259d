//! How many live comment streams may be open: a few per address and a share of the
//! connection limit in all, so streams that never end cannot take every connection and
//! readers of pages are always served. Each stream also ends after a while; the browser
//! reconnects and resumes after the last comment it saw.

use parking_lot::Mutex;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

/// The caps and the lifetime of streams.
#[derive(Clone, Copy, Debug)]
pub struct StreamLimits {
    pub per_address: usize,
    pub total: usize,
    /// When the server ends a stream (the browser then reconnects).
    pub lifetime: Duration,
}

impl Default for StreamLimits {
    fn default() -> Self {
        StreamLimits::for_connections(4096, Duration::from_secs(600))
    }
}

impl StreamLimits {
    /// Eight per address, and a quarter of `max_connections` in all: three quarters of
    /// the connections stay for page requests.
    pub fn for_connections(max_connections: usize, lifetime: Duration) -> StreamLimits {
        StreamLimits {
            per_address: 8,
            total: (max_connections / 4).max(1),
            lifetime,
        }
    }
}

/// Why a stream was refused.
#[derive(Debug, PartialEq, Eq)]
pub enum Refused {
    /// This address has its share open (429).
    Address,
    /// The site has all it takes (503).
    Full,
}

/// Open streams, counted per address.
pub struct StreamGate {
    pub limits: StreamLimits,
    open: Arc<Mutex<Counts>>,
}

#[derive(Default)]
struct Counts {
    total: usize,
    by_address: HashMap<String, usize>,
}

/// One open stream; dropping it (the stream ended or the reader left) frees its place.
pub struct StreamPass {
    address: String,
    open: Arc<Mutex<Counts>>,
}

impl StreamGate {
    pub fn new(limits: StreamLimits) -> StreamGate {
        StreamGate {
            limits,
            open: Arc::default(),
        }
    }

    /// A place for one more stream from `address`, or why not.
    pub fn admit(&self, address: &str) -> Result<StreamPass, Refused> {
        let mut counts = self.open.lock();
        let mine = counts.by_address.get(address).copied().unwrap_or(0);
        if mine >= self.limits.per_address {
            return Err(Refused::Address);
        }
        if counts.total >= self.limits.total {
            return Err(Refused::Full);
        }
        counts.total += 1;
        *counts.by_address.entry(address.to_string()).or_default() += 1;
        Ok(StreamPass {
            address: address.to_string(),
            open: self.open.clone(),
        })
    }

    /// Streams open now.
    pub fn open(&self) -> usize {
        self.open.lock().total
    }
}

impl Default for StreamGate {
    fn default() -> Self {
        StreamGate::new(StreamLimits::default())
    }
}

impl Drop for StreamPass {
    fn drop(&mut self) {
        let mut counts = self.open.lock();
        counts.total -= 1;
        if let Some(n) = counts.by_address.get_mut(&self.address) {
            *n -= 1;
            if *n == 0 {
                counts.by_address.remove(&self.address);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caps_hold_per_address_and_in_all_and_places_come_back() {
        let gate = StreamGate::new(StreamLimits {
            per_address: 2,
            total: 3,
            lifetime: Duration::from_secs(1),
        });
        let a1 = gate.admit("a").unwrap();
        let _a2 = gate.admit("a").unwrap();
        assert_eq!(gate.admit("a").err(), Some(Refused::Address));
        let _b1 = gate.admit("b").unwrap();
        assert_eq!(gate.admit("c").err(), Some(Refused::Full));
        drop(a1);
        assert_eq!(gate.open(), 2);
        assert!(gate.admit("c").is_ok(), "a place freed is usable again");
    }
}
