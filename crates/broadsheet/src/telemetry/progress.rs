//! Progress lines for long command-line work: rewritten in place on a terminal, plain
//! lines (every `every` items and the last) when standard error is a log or a pipe.

use std::io::{IsTerminal, Write};

/// Counts items towards a total and reports on standard error.
pub struct Progress {
    what: String,
    live: bool,
    every: usize,
}

impl Progress {
    /// Reports `what done/all`; off a terminal only the last line is written.
    pub fn new(what: impl Into<String>) -> Progress {
        Progress {
            what: what.into(),
            live: std::io::stderr().is_terminal(),
            every: 0,
        }
    }

    /// Off a terminal, also writes a line every `n` items (0: only the last).
    pub fn every(mut self, n: usize) -> Progress {
        self.every = n;
        self
    }

    /// Records that `done` of `all` items are finished.
    pub fn tick(&mut self, done: usize, all: usize) {
        let last = done >= all;
        let mut err = std::io::stderr().lock();
        if self.live {
            let end = if last { "\n" } else { "" };
            let _ = write!(err, "\r{} {done}/{all}{end}", self.what);
            let _ = err.flush();
        } else if last || (self.every > 0 && done.is_multiple_of(self.every)) {
            let _ = writeln!(err, "{} {done}/{all}", self.what);
        }
    }
}
