//! The retry policy and the one decision every executor flavour shares.
//!
//! [`RetryPolicy::decide`] is a plain function of numbers: the attempt so far
//! ([`AttemptState`]), what the failure was ([`Classification`]), a jitter draw and the
//! [`RetryBudget`]. The blocking and async loops, the `tower` policy and anyone writing
//! their own loop call it, so they all behave alike.

use std::fmt;
use std::time::Duration;

use errtable_core::{Backoff, Jitter, RetryClass};

use crate::retry::budget::{RetryBudget, RetryCause};

/// How a catalog's errors are retried: the vendor's backoff policy (from
/// `E::backoff()`), with the overrides a client chooses in code.
///
/// ```
/// use std::time::Duration;
/// use errtable::retry::RetryPolicy;
///
/// # #[errtable::catalog(spec = "../../../specs/octopost.json")]
/// # pub enum OctopostError {}
/// // Octopost's doc: 1 s doubling to 16 s, six attempts in all.
/// let policy = RetryPolicy::of::<OctopostError>()
///     .max_attempts(3)
///     .deadline(Duration::from_secs(20))
///     .max_server_delay(Duration::from_secs(60));
/// assert_eq!(policy.backoff().initial(), Duration::from_secs(1));
/// assert_eq!(policy.backoff().max_attempts(), 3);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RetryPolicy {
    backoff: Backoff,
    deadline: Option<Duration>,
    max_server_delay: Duration,
    idempotent: Option<bool>,
}

impl RetryPolicy {
    /// The longest server delay honoured unless overridden: one minute.
    pub const DEFAULT_MAX_SERVER_DELAY: Duration = Duration::from_secs(60);

    /// A policy on `backoff`, without a deadline, honouring server delays up to
    /// [`DEFAULT_MAX_SERVER_DELAY`](Self::DEFAULT_MAX_SERVER_DELAY).
    pub const fn new(backoff: Backoff) -> RetryPolicy {
        RetryPolicy {
            backoff,
            deadline: None,
            max_server_delay: RetryPolicy::DEFAULT_MAX_SERVER_DELAY,
            idempotent: None,
        }
    }

    /// The policy of catalog `E`: the vendor's backoff (errtable's default when the doc
    /// states none).
    pub fn of<E: crate::VendorError>() -> RetryPolicy {
        RetryPolicy::new(E::backoff())
    }

    /// Replaces the backoff policy as a whole.
    pub const fn backoff_policy(mut self, backoff: Backoff) -> RetryPolicy {
        self.backoff = backoff;
        self
    }

    /// Attempts in all, the first included (0 is read as 1). Re-authentication retries
    /// do not count.
    pub const fn max_attempts(mut self, max_attempts: u32) -> RetryPolicy {
        self.backoff = self.backoff.with_max_attempts(max_attempts);
        self
    }

    /// The cap on backoff delays; jitter applies after it, so no backoff wait exceeds it.
    /// A cap below the backoff's initial delay caps the first delay too; a zero cap
    /// retries at once.
    pub const fn max_delay(mut self, max_delay: Duration) -> RetryPolicy {
        self.backoff = self.backoff.with_max_delay(max_delay);
        self
    }

    /// The randomization of backoff delays.
    pub const fn jitter(mut self, jitter: Jitter) -> RetryPolicy {
        self.backoff = self.backoff.with_jitter(jitter);
        self
    }

    /// The time the whole call may take, waits included, counted from the first
    /// attempt. A wait that would end at or past it ends the loop at once.
    pub const fn deadline(mut self, deadline: Duration) -> RetryPolicy {
        self.deadline = Some(deadline);
        self
    }

    /// The longest server delay (`Retry-After`, a body field) the executor waits for. A
    /// longer one ends the loop at once: retrying earlier than the server asked is
    /// pointless, and waiting longer than the client allows is not wanted.
    pub const fn max_server_delay(mut self, max: Duration) -> RetryPolicy {
        self.max_server_delay = max;
        self
    }

    /// Marks the request idempotent or not. A non-idempotent request is retried only
    /// after a failure that guarantees it was not processed: a 429, a connection that
    /// was never made, an error the spec marks `retry_safe`. Unset, the `reqwest` and
    /// `tower` integrations read it from the HTTP method (RFC 9110: GET, HEAD, OPTIONS,
    /// TRACE, PUT and DELETE are idempotent) and the closure executors assume it.
    pub const fn idempotent(mut self, idempotent: bool) -> RetryPolicy {
        self.idempotent = Some(idempotent);
        self
    }

    /// The backoff policy.
    pub const fn backoff(&self) -> &Backoff {
        &self.backoff
    }

    /// The overall deadline, if any.
    pub const fn deadline_limit(&self) -> Option<Duration> {
        self.deadline
    }

    /// The longest server delay honoured.
    pub const fn max_server_delay_limit(&self) -> Duration {
        self.max_server_delay
    }

    /// Whether the request was marked idempotent (`None`: not said).
    pub const fn idempotence(&self) -> Option<bool> {
        self.idempotent
    }

    /// What to do after a failed attempt.
    ///
    /// In order: a `never` class stops; a non-idempotent request stops unless the failure
    /// is retry-safe; `reauth` re-authenticates unless the failed attempt already
    /// followed one (no budget, no wait, no attempt counted); the attempt maximum stops;
    /// the wait is the server's delay for `after` (backoff when it gave none), the
    /// backoff delay for `backoff` (raised to the server's delay if it gave a longer
    /// one); a server delay above the maximum stops; a wait reaching the deadline stops;
    /// last, the budget is asked for the retry's tokens.
    ///
    /// `jitter_unit` is a draw in `0.0..=1.0` (clamped) for the backoff's jitter.
    pub fn decide(
        &self,
        state: &AttemptState,
        failure: &Classification,
        budget: &dyn RetryBudget,
        jitter_unit: f64,
    ) -> Decision {
        if failure.class == RetryClass::Never {
            return Decision::Stop(Stop::NotRetryable);
        }
        if !state.idempotent && !failure.retry_safe {
            return Decision::Stop(Stop::NotIdempotent);
        }
        let remaining = self.deadline.map(|deadline| deadline.saturating_sub(state.elapsed));
        if failure.class == RetryClass::Reauth {
            if state.after_reauth {
                return Decision::Stop(Stop::ReauthRepeated);
            }
            if remaining == Some(Duration::ZERO) {
                let remaining = Duration::ZERO;
                return Decision::Stop(Stop::Deadline { wait: Duration::ZERO, remaining });
            }
            return Decision::Reauth;
        }
        // The failed attempt is number `retries + 1` of those counted against the maximum.
        let retry = state.retries.saturating_add(1);
        if !self.backoff.allows_retry_after(retry) {
            let max_attempts = self.backoff.max_attempts();
            return Decision::Stop(Stop::AttemptsExhausted { max_attempts });
        }
        let backoff = self.backoff.delay(retry, jitter_unit);
        let wait = match failure.server_delay {
            Some(delay) if delay > self.max_server_delay => {
                let max = self.max_server_delay;
                return Decision::Stop(Stop::ServerDelayTooLong { delay, max });
            }
            Some(delay) if failure.class == RetryClass::After => delay,
            Some(delay) => backoff.max(delay),
            None => backoff,
        };
        if let Some(remaining) = remaining
            && wait >= remaining
        {
            return Decision::Stop(Stop::Deadline { wait, remaining });
        }
        if !budget.acquire(failure.cause) {
            return Decision::Stop(Stop::BudgetExhausted);
        }
        Decision::Retry { wait }
    }
}

impl Default for RetryPolicy {
    /// errtable's default backoff ([`Backoff::DEFAULT`]).
    fn default() -> Self {
        RetryPolicy::new(Backoff::DEFAULT)
    }
}

/// Where a call stands when an attempt has failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct AttemptState {
    /// Retries made so far after failures (re-authentication retries excluded): 0 when
    /// the first attempt failed.
    pub retries: u32,
    /// Time since the first attempt started.
    pub elapsed: Duration,
    /// Whether the failed attempt was the one sent right after a re-authentication.
    pub after_reauth: bool,
    /// Whether the request may be repeated without harm.
    pub idempotent: bool,
}

/// What a failed attempt was, in the numbers [`RetryPolicy::decide`] needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Classification {
    /// The retry class: the error's, or the catalog's transport rule.
    pub class: RetryClass,
    /// The delay the server asked for, if any.
    pub server_delay: Option<Duration>,
    /// Whether the request was certainly not processed, so that even a non-idempotent
    /// request may be repeated.
    pub retry_safe: bool,
    /// What the retry costs from the budget.
    pub cause: RetryCause,
}

impl Classification {
    /// A failure that is not retried whatever the policy.
    pub const FATAL: Classification = Classification {
        class: RetryClass::Never,
        server_delay: None,
        retry_safe: false,
        cause: RetryCause::Error,
    };
}

/// What to do after a failed attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Wait, then send the request again (a zero wait retries at once, and still counts
    /// as an attempt).
    Retry {
        /// How long to wait.
        wait: Duration,
    },
    /// Re-authenticate, then send the request again at once.
    Reauth,
    /// Give up.
    Stop(Stop),
}

/// Why the executor gave up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Stop {
    /// The failure's class is `never` (or it is no vendor response at all and cannot be
    /// repeated, such as a body that cannot be cloned).
    NotRetryable,
    /// The request is not idempotent and the failure does not guarantee it was not
    /// processed.
    NotIdempotent,
    /// The policy's attempts are used up.
    AttemptsExhausted {
        /// The maximum.
        max_attempts: u32,
    },
    /// The wait would reach the deadline: the loop ends at once instead of sleeping and
    /// then failing.
    Deadline {
        /// The wait that was due.
        wait: Duration,
        /// What was left of the deadline.
        remaining: Duration,
    },
    /// The server asked for a longer delay than the policy allows.
    ServerDelayTooLong {
        /// The server's delay.
        delay: Duration,
        /// The policy's maximum.
        max: Duration,
    },
    /// The shared retry budget has no tokens left: the vendor is failing, so no retry
    /// storm.
    BudgetExhausted,
    /// A second `reauth` in a row: re-authenticating did not help.
    ReauthRepeated,
    /// The re-authentication step failed.
    ReauthFailed,
    /// The error asks to re-authenticate and no re-authentication step was given.
    ReauthUnavailable,
}

impl fmt::Display for Stop {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Stop::NotRetryable => f.write_str("not retryable"),
            Stop::NotIdempotent => f.write_str("not retried: the request is not idempotent"),
            Stop::AttemptsExhausted { max_attempts } => {
                write!(f, "gave up after {max_attempts} attempts")
            }
            Stop::Deadline { wait, remaining } => write!(
                f,
                "a wait of {wait:?} does not fit in the {remaining:?} left before the deadline"
            ),
            Stop::ServerDelayTooLong { delay, max } => {
                write!(f, "the server asked for {delay:?}, more than the allowed {max:?}")
            }
            Stop::BudgetExhausted => f.write_str("the retry budget is spent"),
            Stop::ReauthRepeated => f.write_str("re-authentication did not help"),
            Stop::ReauthFailed => f.write_str("re-authentication failed"),
            Stop::ReauthUnavailable => f.write_str("re-authentication needed, none given"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::retry::budget::{TokenBucket, Unlimited};

    fn secs(n: u64) -> Duration {
        Duration::from_secs(n)
    }

    const BACKOFF: Classification = Classification {
        class: RetryClass::Backoff,
        server_delay: None,
        retry_safe: false,
        cause: RetryCause::Error,
    };

    fn policy() -> RetryPolicy {
        RetryPolicy::new(Backoff::new(secs(1), 2.0, secs(16), 6, Jitter::None))
    }

    fn state(retries: u32) -> AttemptState {
        AttemptState { retries, idempotent: true, ..AttemptState::default() }
    }

    fn decide(policy: RetryPolicy, state: AttemptState, failure: Classification) -> Decision {
        policy.decide(&state, &failure, &Unlimited, 1.0)
    }

    #[test]
    fn backoff_doubles_up_to_the_attempt_maximum() {
        let waits: Vec<_> = (0..5).map(|r| decide(policy(), state(r), BACKOFF)).collect();
        let expected: Vec<_> =
            [1, 2, 4, 8, 16].map(|s| Decision::Retry { wait: secs(s) }).into_iter().collect();
        assert_eq!(waits, expected);
        let stop = Stop::AttemptsExhausted { max_attempts: 6 };
        assert_eq!(decide(policy(), state(5), BACKOFF), Decision::Stop(stop));
    }

    #[test]
    fn never_is_never_retried() {
        let never = Classification { class: RetryClass::Never, retry_safe: true, ..BACKOFF };
        assert_eq!(decide(policy(), state(0), never), Decision::Stop(Stop::NotRetryable));
    }

    #[test]
    fn the_server_delay_rules_after_and_floors_backoff() {
        let after = Classification {
            class: RetryClass::After,
            server_delay: Some(Duration::ZERO),
            ..BACKOFF
        };
        assert_eq!(decide(policy(), state(3), after), Decision::Retry { wait: Duration::ZERO });
        let without = Classification { server_delay: None, ..after };
        assert_eq!(decide(policy(), state(1), without), Decision::Retry { wait: secs(2) });
        let floor = Classification { server_delay: Some(secs(5)), ..BACKOFF };
        assert_eq!(decide(policy(), state(0), floor), Decision::Retry { wait: secs(5) });
        let long = Classification { server_delay: Some(secs(61)), ..after };
        let stop = Stop::ServerDelayTooLong { delay: secs(61), max: secs(60) };
        assert_eq!(decide(policy(), state(0), long), Decision::Stop(stop));
    }

    #[test]
    fn a_wait_past_the_deadline_stops_at_once() {
        let policy = policy().deadline(secs(10));
        let after =
            Classification { class: RetryClass::After, server_delay: Some(secs(30)), ..BACKOFF };
        let at = AttemptState { elapsed: secs(1), ..state(0) };
        let stop = Stop::Deadline { wait: secs(30), remaining: secs(9) };
        assert_eq!(decide(policy, at, after), Decision::Stop(stop));
        let late = AttemptState { elapsed: secs(100), ..state(0) };
        let stop = Stop::Deadline { wait: secs(1), remaining: Duration::ZERO };
        assert_eq!(decide(policy, late, BACKOFF), Decision::Stop(stop));
    }

    #[test]
    fn non_idempotent_requests_retry_only_when_safe() {
        let post = AttemptState { idempotent: false, ..state(0) };
        assert_eq!(decide(policy(), post, BACKOFF), Decision::Stop(Stop::NotIdempotent));
        let safe = Classification { retry_safe: true, ..BACKOFF };
        assert_eq!(decide(policy(), post, safe), Decision::Retry { wait: secs(1) });
    }

    #[test]
    fn reauth_is_free_once_in_a_row() {
        let reauth = Classification { class: RetryClass::Reauth, ..BACKOFF };
        let budget = TokenBucket::new(0);
        assert_eq!(policy().decide(&state(5), &reauth, &budget, 1.0), Decision::Reauth);
        let again = AttemptState { after_reauth: true, ..state(0) };
        assert_eq!(decide(policy(), again, reauth), Decision::Stop(Stop::ReauthRepeated));
    }

    #[test]
    fn an_empty_budget_stops_the_storm() {
        let budget = TokenBucket::new(7);
        assert_eq!(
            policy().decide(&state(0), &BACKOFF, &budget, 1.0),
            Decision::Retry { wait: secs(1) }
        );
        let stop = Decision::Stop(Stop::BudgetExhausted);
        assert_eq!(policy().decide(&state(0), &BACKOFF, &budget, 1.0), stop);
        assert_eq!(budget.available(), Some(2));
    }
}
