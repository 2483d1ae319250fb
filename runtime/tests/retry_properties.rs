//! Properties of the executor's policy arithmetic, for any policy values: waits never
//! exceed the cap or the remaining deadline, attempts never exceed the maximum, nothing
//! overflows or panics.

use std::time::Duration;

use errtable::retry::{
    AttemptState, Classification, Decision, RetryBudget, RetryCause, RetryPolicy, Stop,
    TokenBucket, Unlimited,
};
use errtable::{Backoff, Jitter, RetryClass};
use proptest::prelude::*;

fn duration() -> impl Strategy<Value = Duration> {
    prop_oneof![
        Just(Duration::ZERO),
        Just(Duration::MAX),
        Just(Duration::from_secs(u64::MAX / 2)),
        (0u64..100_000_000).prop_map(Duration::from_millis),
        any::<u64>().prop_map(Duration::from_nanos),
    ]
}

fn unit() -> impl Strategy<Value = f64> {
    prop_oneof![0.0f64..=1.0, Just(f64::NAN), Just(-1.0), Just(2.0), Just(f64::INFINITY)]
}

fn policy() -> impl Strategy<Value = RetryPolicy> {
    (
        duration(),
        prop_oneof![Just(0.0), Just(1.0), 0.5f64..10.0, Just(f64::NAN), Just(f64::INFINITY)],
        duration(),
        prop_oneof![0u32..10, Just(u32::MAX)],
        prop_oneof![Just(Jitter::None), Just(Jitter::Full), Just(Jitter::Equal)],
        proptest::option::of(duration()),
        duration(),
        proptest::option::of(any::<bool>()),
    )
        .prop_map(
            |(initial, factor, cap, attempts, jitter, deadline, max_server, idempotent)| {
                let mut policy =
                    RetryPolicy::new(Backoff::new(initial, factor, cap, attempts, jitter))
                        .max_server_delay(max_server);
                if let Some(deadline) = deadline {
                    policy = policy.deadline(deadline);
                }
                if let Some(idempotent) = idempotent {
                    policy = policy.idempotent(idempotent);
                }
                policy
            },
        )
}

fn class() -> impl Strategy<Value = RetryClass> {
    prop_oneof![
        Just(RetryClass::Never),
        Just(RetryClass::Backoff),
        Just(RetryClass::After),
        Just(RetryClass::Reauth)
    ]
}

fn classification() -> impl Strategy<Value = Classification> {
    (class(), proptest::option::of(duration()), any::<bool>(), any::<bool>()).prop_map(
        |(class, server_delay, retry_safe, transport)| Classification {
            class,
            server_delay,
            retry_safe,
            cause: if transport { RetryCause::Transport } else { RetryCause::Error },
        },
    )
}

fn state() -> impl Strategy<Value = AttemptState> {
    (prop_oneof![0u32..20, Just(u32::MAX)], duration(), any::<bool>(), any::<bool>()).prop_map(
        |(retries, elapsed, after_reauth, idempotent)| AttemptState {
            retries,
            elapsed,
            after_reauth,
            idempotent,
        },
    )
}

proptest! {
    // Fixed seed: the same cases on every run and every machine.
    #![proptest_config(ProptestConfig { rng_seed: proptest::test_runner::RngSeed::Fixed(0x5eed_e77a_b1e0), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn one_decision_respects_every_bound(
        policy in policy(),
        state in state(),
        failure in classification(),
        unit in unit(),
    ) {
        let decision = policy.decide(&state, &failure, &Unlimited, unit);
        let Decision::Retry { wait } = decision else {
            if let Decision::Stop(Stop::Deadline { wait, remaining }) = decision {
                prop_assert!(wait >= remaining);
            }
            return Ok(());
        };
        prop_assert!(failure.class == RetryClass::Backoff || failure.class == RetryClass::After);
        prop_assert!(state.idempotent || failure.retry_safe, "a non-idempotent request retried");
        prop_assert!(state.retries.saturating_add(1) < policy.backoff().max_attempts());
        let cap = policy.backoff().max_delay();
        match failure.server_delay {
            None => prop_assert!(wait <= cap, "{wait:?} above the cap {cap:?}"),
            Some(delay) => {
                prop_assert!(delay <= policy.max_server_delay_limit());
                prop_assert!(wait <= cap.max(delay));
                prop_assert!(wait >= delay, "retried before the server allowed");
            }
        }
        if let Some(deadline) = policy.deadline_limit() {
            prop_assert!(wait < deadline.saturating_sub(state.elapsed), "{wait:?} past the deadline");
        }
    }

    /// A whole call, failing each time as `failures` say and taking `durations` per
    /// attempt: it ends, within the attempt maximum, never twice re-authenticating in a
    /// row, never starting an attempt at or past the deadline after a wait.
    #[test]
    fn a_call_stays_within_its_bounds(
        policy in policy(),
        failures in proptest::collection::vec(classification(), 1..40),
        durations in proptest::collection::vec(duration(), 1..40),
        units in proptest::collection::vec(unit(), 1..40),
        idempotent in any::<bool>(),
    ) {
        let bucket = TokenBucket::new(50);
        let mut state = AttemptState { idempotent, ..AttemptState::default() };
        let mut counted = 1u32;
        let mut elapsed = Duration::ZERO;
        for (i, failure) in failures.iter().cycle().take(1000).enumerate() {
            elapsed = elapsed.saturating_add(durations[i % durations.len()]);
            state.elapsed = elapsed;
            match policy.decide(&state, failure, &bucket, units[i % units.len()]) {
                Decision::Stop(_) => break,
                Decision::Reauth => {
                    prop_assert!(!state.after_reauth, "two reauths in a row");
                    state.after_reauth = true;
                }
                Decision::Retry { wait } => {
                    elapsed = elapsed.saturating_add(wait);
                    if let Some(deadline) = policy.deadline_limit() {
                        prop_assert!(elapsed < deadline);
                    }
                    state.retries += 1;
                    state.after_reauth = false;
                    counted += 1;
                }
            }
            prop_assert!(counted <= policy.backoff().max_attempts());
            prop_assert!(i < 999, "the call never ended");
        }
        prop_assert!(bucket.available().unwrap() <= 50);
    }

    #[test]
    fn the_bucket_never_overflows_or_underflows(
        capacity in prop_oneof![0u32..1000, Just(u32::MAX)],
        costs in (any::<u32>(), any::<u32>(), any::<u32>()),
        ops in proptest::collection::vec((any::<bool>(), any::<bool>(), any::<bool>()), 0..200),
    ) {
        let bucket = TokenBucket::new(capacity).with_costs(costs.0, costs.1).with_success_increment(costs.2);
        for (acquire, transport, retried) in ops {
            let cause = if transport { RetryCause::Transport } else { RetryCause::Error };
            let before = bucket.available().unwrap();
            if acquire {
                let granted = bucket.acquire(cause);
                let after = bucket.available().unwrap();
                prop_assert_eq!(granted, before >= bucket.cost(cause));
                prop_assert_eq!(after, if granted { before - bucket.cost(cause) } else { before });
            } else {
                bucket.record_success(retried.then_some(cause));
                prop_assert!(bucket.available().unwrap() >= before);
            }
            prop_assert!(bucket.available().unwrap() <= capacity);
        }
    }
}
