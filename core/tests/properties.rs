//! Properties of backoff policies, server-delay parsing and the generated table's rows,
//! for any input.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use errtable_core::catalog::{Code, Entry};
use errtable_core::delay::{DelayFormat, MAX_SERVER_DELAY, retry_after};
use errtable_core::table::{self, Table};
use errtable_core::{Backoff, Jitter, List, RetryClass, Text};
use proptest::prelude::*;

fn jitter() -> impl Strategy<Value = Jitter> {
    prop_oneof![Just(Jitter::None), Just(Jitter::Full), Just(Jitter::Equal)]
}

fn policy() -> impl Strategy<Value = Backoff> {
    (
        0u64..100_000,
        prop_oneof![Just(0.0), Just(1.0), 0.5f64..10.0, Just(f64::NAN), Just(f64::INFINITY)],
        0u64..200_000,
        0u32..20,
        jitter(),
    )
        .prop_map(|(initial, factor, cap, attempts, jitter)| {
            Backoff::new(
                Duration::from_millis(initial),
                factor,
                Duration::from_millis(cap),
                attempts,
                jitter,
            )
        })
}

/// An entry a table's row may hold: any text (separators included, which `row` must
/// refuse), any code, statuses and retry class.
fn row_entry() -> impl Strategy<Value = Entry> {
    let text = prop_oneof![any::<String>(), "[a-z \n\t\"\\\\\u{1e}\u{1f}é]{0,12}"];
    let code = prop_oneof![
        Just(None),
        any::<i64>().prop_map(|i| Some(Code::Int(i))),
        text.clone().prop_map(|t| Some(Code::Str(Text::Owned(t)))),
    ];
    let retry = prop::sample::select(RetryClass::ALL.to_vec());
    let statuses = prop::collection::vec(any::<u16>(), 0..4);
    ("[A-Z][A-Za-z0-9]{0,8}", code, statuses, retry, text.clone(), prop::option::of(text)).prop_map(
        |(variant, code, statuses, retry, description, resolution)| Entry {
            variant: Text::Owned(variant),
            code,
            statuses: List::Owned(statuses),
            retry,
            description: Text::Owned(description),
            resolution: resolution.map(Text::Owned),
            ..Entry::DEFAULTS
        },
    )
}

proptest! {
    // Fixed seed: the same cases on every run and every machine.
    #![proptest_config(ProptestConfig { rng_seed: proptest::test_runner::RngSeed::Fixed(0x7ab1e), failure_persistence: None, ..ProptestConfig::default() })]

    /// Every entry a row holds reads back as itself, in a table of several; an entry whose
    /// text holds a separator has no row.
    #[test]
    fn rows_read_back_as_their_entries(entries in prop::collection::vec(row_entry(), 1..6)) {
        let mut rows = Vec::new();
        let mut expected = Vec::new();
        for entry in &entries {
            let texts = [Some(&*entry.description), entry.resolution.as_deref(), match &entry.code {
                Some(Code::Str(t)) => Some(&**t),
                _ => None,
            }];
            let separator = texts.iter().flatten().any(|t| t.contains(['\u{1e}', '\u{1f}']));
            match table::row(entry, None) {
                Some(row) => {
                    prop_assert!(!separator);
                    rows.push(row);
                    expected.push(entry.clone());
                }
                None => prop_assert!(separator),
            }
        }
        prop_assume!(!rows.is_empty());
        let rows: &'static str = Box::leak(rows.join(&table::ROW.to_string()).into_boxed_str());
        prop_assert_eq!(Table { rows, ..Table::EMPTY }.entries(), expected);
    }
}

proptest! {
    // Fixed seed: the same cases on every run and every machine.
    #![proptest_config(ProptestConfig { rng_seed: proptest::test_runner::RngSeed::Fixed(0x5eed_e77a_b1e0), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn base_delays_grow_and_stay_capped(policy in policy(), retry in 1u32..10_000) {
        let delay = policy.base_delay(retry);
        prop_assert!(delay <= policy.max_delay());
        prop_assert!(policy.base_delay(retry + 1) >= delay, "never shrinks");
        if retry == 1 {
            prop_assert_eq!(delay, policy.initial().min(policy.max_delay()));
        }
    }

    #[test]
    fn jitter_stays_within_the_base_delay(policy in policy(), retry in 0u32..100, unit in prop_oneof![any::<f64>(), 0.0f64..=1.0]) {
        let delay = policy.delay(retry, unit);
        let base = policy.base_delay(retry);
        prop_assert!(delay <= base);
        if policy.jitter() == Jitter::Equal {
            prop_assert!(delay >= base / 2);
        }
        if policy.jitter() == Jitter::None {
            prop_assert_eq!(delay, base);
        }
    }

    #[test]
    fn the_attempt_budget_is_respected(policy in policy()) {
        prop_assert!(policy.max_attempts() >= 1);
        prop_assert_eq!(policy.base_delays().count() as u32, policy.max_attempts() - 1);
        prop_assert!(!policy.allows_retry_after(policy.max_attempts()));
        prop_assert!(policy.factor() >= 1.0);
        prop_assert!(policy.base_delays().all(|d| d <= policy.max_delay()));
    }

    #[test]
    fn retry_after_never_panics_and_is_capped(text in ".{0,40}") {
        if let Some(delay) = retry_after(&text) {
            prop_assert!(delay <= MAX_SERVER_DELAY);
        }
    }

    #[test]
    fn delta_seconds_round_trip(seconds in 0u64..=86_400, fraction in prop::option::of("[0-9]{1,4}")) {
        let text = match &fraction { Some(f) => format!("{seconds}.{f}"), None => seconds.to_string() };
        let rounds_up = fraction.as_deref().is_some_and(|f| f.bytes().any(|b| b != b'0'));
        let expected = Duration::from_secs(seconds + u64::from(rounds_up)).min(MAX_SERVER_DELAY);
        prop_assert_eq!(retry_after(&text), Some(expected));
    }

    #[test]
    fn http_dates_count_down_to_zero(now in 0u64..4_000_000_000, offset in -100_000i64..100_000) {
        let now = UNIX_EPOCH + Duration::from_secs(now);
        let at = if offset >= 0 { now + Duration::from_secs(offset as u64) } else { now - Duration::from_secs(offset.unsigned_abs()) };
        let text = httpdate::fmt_http_date(at);
        let expected = Duration::from_secs(offset.max(0) as u64).min(MAX_SERVER_DELAY);
        prop_assert_eq!(DelayFormat::RetryAfter.read_text(&text, || now), Some(expected));
    }

    #[test]
    fn body_delays(amount in any::<f64>()) {
        // An amount too large for any clock (infinity included) is capped, like a header
        // of 400 digits; only negative amounts and NaN are not delays.
        for format in [DelayFormat::Seconds, DelayFormat::Milliseconds] {
            match format.read_number(amount, || UNIX_EPOCH) {
                Some(delay) => {
                    prop_assert!(amount >= 0.0 && delay <= MAX_SERVER_DELAY);
                    let per_second = if format == DelayFormat::Seconds { 1.0 } else { 1000.0 };
                    let asked = (amount / per_second).min(MAX_SERVER_DELAY.as_secs_f64());
                    prop_assert!(delay.as_secs_f64() >= asked * (1.0 - 1e-12), "never early");
                }
                None => prop_assert!(amount.is_nan() || amount < 0.0),
            }
        }
    }

    #[test]
    fn text_delays_never_panic_and_are_capped(text in "\\PC{0,40}", now in 0u64..4_000_000_000) {
        let now = UNIX_EPOCH + Duration::from_secs(now);
        for format in DelayFormat::ALL {
            if let Some(delay) = format.read_text(&text, || now) {
                prop_assert!(delay <= MAX_SERVER_DELAY);
            }
        }
    }
}

#[test]
fn now_is_the_default_clock() {
    let soon = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(120));
    let delay = retry_after(&soon).unwrap();
    assert!(delay > Duration::from_secs(110) && delay <= Duration::from_secs(120), "{delay:?}");
}
