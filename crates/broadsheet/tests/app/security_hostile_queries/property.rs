//! The property: hostile strings in every URL never fail the server or reflect unescaped.

use super::encoding::{encode, encoding};
use super::site::{check, site};
use super::strings::{hostile, shaped};
use broadsheet_testkit::TestDb;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::time::Instant;

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(64)
}

pub async fn hostile_strings_in_urls_never_fail_the_server(db: &TestDb) {
    let site = site(db).await;
    // Half the strings with markup in them are wrapped in markers, so that finding one
    // verbatim in a page proves an unescaped reflection, never a coincidence of the page's
    // own text.
    let strategy = (
        prop_oneof![3 => hostile(), 2 => shaped()],
        encoding(),
        any::<bool>(),
    );
    let config = Config {
        cases: cases(),
        failure_persistence: None,
        ..Config::default()
    };
    let handle = tokio::runtime::Handle::current();
    let mut runner = TestRunner::new(config);
    let started = Instant::now();
    let requests = Cell::new(0usize);
    // HTML answers to marked strings, and those that showed the string (escaped).
    let (eligible, reflected) = (Cell::new(0usize), Cell::new(0usize));
    // Answers per target, to show (and check) that the strings reach the handlers.
    let templates = site.targets("{s}");
    let answers: RefCell<Vec<BTreeMap<u16, usize>>> =
        RefCell::new(vec![BTreeMap::new(); templates.len()]);
    let outcome = tokio::task::block_in_place(|| {
        runner.run(&strategy, |(s, how, marked)| {
            handle.block_on(async {
                let markup = s.contains(['<', '>', '"', '\'', '&']);
                let reflects = marked && markup;
                let s = if reflects { format!("qzq{s}qzq") } else { s };
                let e = encode(&s, how);
                for (n, (who, uri)) in site.targets(&e).into_iter().enumerate() {
                    let page = site.send(who, &uri).await?;
                    requests.set(requests.get() + 1);
                    *answers.borrow_mut()[n]
                        .entry(page.status.as_u16())
                        .or_default() += 1;
                    check(&uri, &page, reflects.then_some(s.as_str()))?;
                    if reflects && page.header("content-type").starts_with("text/html") {
                        eligible.set(eligible.get() + 1);
                        if page.body.contains("qzq") {
                            reflected.set(reflected.get() + 1);
                        }
                    }
                }
                Ok(())
            })
        })
    });
    if let Err(e) = outcome {
        let report = e.to_string();
        let head: String = report.chars().take(3000).collect();
        panic!("{head} [{} chars in all]", report.chars().count());
    }
    eprintln!(
        "{} cases, {} requests in {:.1?}",
        cases(),
        requests.get(),
        started.elapsed()
    );
    eprintln!(
        "  {} HTML answers to strings with markup, {} of them showing it escaped",
        eligible.get(),
        reflected.get()
    );
    // The search page always shows its query: the reflection check did run.
    assert!(eligible.get() == 0 || reflected.get() > 0);
    let answers = answers.into_inner();
    for ((who, template), statuses) in templates.iter().zip(&answers) {
        eprintln!("  {who:?} {template}: {statuses:?}");
    }
    // The strings got past routing and extraction to the handlers and the store: search,
    // the listings, the comment threads and the filters answered pages, not only refusals.
    for (n, (_, template)) in templates.iter().enumerate() {
        let ok = answers[n].get(&200).copied().unwrap_or(0);
        let must = template.starts_with("/search")
            || template.contains("comments?sort=")
            || template.starts_with("/newsroom/articles?q=")
            || template.starts_with("/api/v1/articles?q=");
        assert!(
            !must || ok > 0,
            "{template} never answered 200: {:?}",
            answers[n]
        );
    }
}
