//! Retrying as the vendor says: an executor driven by each error's retry class and the
//! catalog's backoff policy.
//!
//! The [`Executor`] runs an attempt (your closure, or a ready integration: `reqwest`,
//! `tower`), classifies its failure with the catalog and decides with
//! [`RetryPolicy::decide`]:
//!
//! | class | what the executor does |
//! |---|---|
//! | `never` | stops at once with the typed error |
//! | `backoff` | waits the policy's next delay: `initial * factor^(n-1)`, capped, then jittered (jitter after the cap, so the cap is a real maximum); a longer server delay, if the response gave one, is honoured |
//! | `after` | waits the server's delay (`Retry-After`, or the body field the spec names), backing off when there is none; a zero delay retries at once and still counts as an attempt |
//! | `reauth` | calls your re-authentication step, then retries at once; this takes no attempt and no budget, but a failed step or a second `reauth` in a row stops |
//! | transport failure | as the catalog's `transport` rule says (`never` or `backoff`) |
//!
//! Around that: a maximum number of attempts; an overall deadline (a wait that cannot fit
//! in what is left stops at once instead of sleeping and then failing); a maximum server
//! delay; idempotency (a non-idempotent request is retried only when the failure
//! guarantees it was not processed: a 429, a connection never made, an error the spec
//! marks `retry_safe`); and a [`RetryBudget`] shared across requests and threads
//! ([`TokenBucket`], the AWS SDKs' standard retry quota, by default), so a failing vendor
//! gets no retry storm.
//!
//! Time is pluggable: [`Clock`] and [`Sleep`] ([`ThreadSleep`] by default,
//! `TokioTime` with the `tokio` feature, [`VirtualClock`] for tests), and so is jitter
//! ([`JitterSource`]). With the `tracing` feature each attempt emits a `DEBUG` event
//! (target `errtable::retry`) with the catalog, variant, code, class, action, delay,
//! attempt and budget left.
//!
//! A call ends with an [`Outcome`]: [`Success`] (the response, the attempts it took and
//! the failed attempts before it) or [`RetryError`] (the last [`Failure`], typed, why
//! the executor stopped, and every attempt before it with its failure and wait).

mod budget;
mod clock;
mod executor;
mod outcome;
mod policy;

pub use self::budget::{RetryBudget, RetryCause, TokenBucket, Unlimited};
#[cfg(feature = "tokio")]
pub use self::clock::TokioTime;
pub use self::clock::{
    Clock, JitterSource, Sleep, SleepFuture, SystemClock, ThreadSleep, VirtualClock, Xorshift,
};
pub use self::executor::Executor;
pub use self::outcome::{
    Attempt, BoxError, Failure, Outcome, RetryError, Success, TransportError, TransportKind,
};
pub use self::policy::{AttemptState, Classification, Decision, RetryPolicy, Stop};
