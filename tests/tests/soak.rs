//! The fault-injection soak, short (`errtable_tests::soak`; the full run is
//! `cargo run --release -p errtable-tests --example soak`): requests through the reqwest
//! integration with a retry budget against a loopback server injecting 429s, 5xx, resets
//! and slow responses. None lost, none duplicated, every attempt seen by the server,
//! retries within the budget, threads flat. No wall-clock assertion.

use std::sync::Mutex;

use errtable::retry::Stop;
use errtable_tests::soak::{self, Config, Ending, Faults, Report};

/// One soak at a time: memory and threads are sampled for the whole process.
fn run(config: &Config) -> Report {
    static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());
    let _guard = ONE_AT_A_TIME.lock().unwrap_or_else(|p| p.into_inner());
    soak::run(config)
}

#[test]
fn faults_at_the_default_rates() {
    let config = Config { requests: 400, concurrency: 8, ..Config::default() };
    let report = run(&config);
    assert!(report.problems().is_empty(), "{report}");
    let successes = report.tally.count(|e| *e == Ending::Success);
    // With ~20 % faults per attempt and six attempts, nearly every request succeeds.
    assert!(successes >= 390, "{report}");
    // Every kind of fault was served and retried.
    assert_eq!(report.answers.len(), 6, "{report}");
    assert!(report.tally.retries > 0, "{report}");
}

#[test]
fn a_storm_exhausts_the_budget_and_nothing_is_lost() {
    // Most attempts fail: the budget, not the attempt limit, ends the retries.
    let faults =
        Faults { rate_limited: 0.4, server_error: 0.2, reset: 0.2, slow: 0.0, ..Faults::default() };
    let config = Config { requests: 300, concurrency: 8, faults, budget: 100, ..Config::default() };
    let report = run(&config);
    assert!(report.problems().is_empty(), "{report}");
    let exhausted =
        report.tally.count(|e| matches!(e, Ending::Failed { stop: Stop::BudgetExhausted, .. }));
    assert!(exhausted > 0, "{report}");
    assert!(report.budget.denied > 0 && report.budget.left < 100, "{report}");
}
