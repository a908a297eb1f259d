//! Runs a property inside the test's tokio runtime, and the `ok!` shorthand for store calls.

use proptest::strategy::Strategy;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use std::fmt::Debug;
use std::future::Future;
use std::time::Instant;

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(64)
}

/// Runs `check` on `cases()` generated values (shrinking a failure to a minimal one).
/// The checks are async: the runner blocks on them from a blocking section of the
/// multi-threaded test runtime.
pub fn property<S, F, Fut>(name: &str, strategy: S, check: F)
where
    S: Strategy,
    S::Value: Debug,
    F: Fn(S::Value) -> Fut,
    Fut: Future<Output = Result<(), TestCaseError>>,
{
    let config = Config {
        cases: cases(),
        failure_persistence: None,
        ..Config::default()
    };
    let handle = tokio::runtime::Handle::current();
    let mut runner = TestRunner::new(config);
    let started = Instant::now();
    let outcome =
        tokio::task::block_in_place(|| runner.run(&strategy, |v| handle.block_on(check(v))));
    if let Err(e) = outcome {
        // A huge failing input would drown the report: show its head and its length.
        let report = e.to_string();
        let head: String = report.chars().take(3000).collect();
        panic!("{name}: {head} [{} chars in all]", report.chars().count());
    }
    eprintln!("{name}: {} cases in {:.1?}", cases(), started.elapsed());
}

/// Awaits a store call; any error fails the case with the call and the error.
macro_rules! ok {
    ($call:expr) => {
        ($call).await.map_err(|e: ::broadsheet_store::StoreError| {
            ::proptest::test_runner::TestCaseError::fail(format!(
                "{} failed: {e:?}",
                stringify!($call)
            ))
        })?
    };
}
pub(crate) use ok;
