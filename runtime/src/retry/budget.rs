//! The retry budget: retries cost tokens, successes refund them, so a failing vendor
//! gets no retry storm.

use std::fmt;
use std::sync::Mutex;

/// What a retry is for, which decides what it costs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RetryCause {
    /// The vendor answered with an error.
    Error,
    /// The request got no answer (connect failure, timeout, reset): dearer, since the
    /// vendor may be down.
    Transport,
}

/// A budget of retries shared by every request of a client, across threads.
///
/// The executor asks it before each retry after an error ([`acquire`](Self::acquire));
/// a `false` ends the call with [`Stop::BudgetExhausted`](crate::retry::Stop). First
/// attempts and re-authentication retries never ask. When a call succeeds the executor
/// reports it ([`record_success`](Self::record_success)) so the budget can refill.
///
/// [`TokenBucket`] is the in-process default. Clients that share one vendor quota
/// across processes (Octogen's rate limit is one budget for the whole organization,
/// across all keys and sessions) can implement this trait over a shared store: for
/// example `acquire` as an atomic "decrement by the cost if at least the cost" in Redis
/// (a Lua script or a `WATCH`ed transaction on one key), `record_success` as an
/// increment capped at the capacity, and `available` as a read. Keep both calls fast
/// and non-blocking in spirit (they run between attempts, on the request's task), and
/// decide what a store outage means: failing open (`true`) keeps the client working.
pub trait RetryBudget: Send + Sync {
    /// Takes the tokens one retry costs; `false` when there are not enough (no retry).
    fn acquire(&self, cause: RetryCause) -> bool;

    /// A call succeeded. `last_retry` is the cause of its last retry (`None` when the
    /// first attempt succeeded), whose tokens a bucket refunds.
    fn record_success(&self, last_retry: Option<RetryCause>);

    /// Tokens left, when the budget can tell (for logs and traces).
    fn available(&self) -> Option<u32> {
        None
    }
}

/// The AWS SDKs' "standard" retry quota, in process: 500 tokens; a retry after an error
/// costs 5, after a transport failure 10; a call that succeeds refunds its last retry's
/// cost, or adds 1 token when it succeeded at once; never above the capacity.
///
/// Source: the AWS SDKs and Tools Reference Guide, "Retry behavior"
/// (<https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html>), and
/// its implementations: smithy-rs `aws-smithy-runtime/src/client/retries/token_bucket.rs`
/// (`DEFAULT_CAPACITY = 500`, `RETRY_COST = 5`, `RETRY_TIMEOUT_COST = 10`,
/// `PERMIT_REGENERATION_AMOUNT = 1`) and smithy-typescript `util-retry/src/constants.ts`
/// (`INITIAL_RETRY_TOKENS = 500`, `RETRY_COST = 5`, `TIMEOUT_RETRY_COST = 10`,
/// `NO_RETRY_INCREMENT = 1`).
///
/// ```
/// use errtable::retry::{RetryBudget, RetryCause, TokenBucket};
/// let bucket = TokenBucket::new(12);
/// assert!(bucket.acquire(RetryCause::Error));      // 7 left
/// assert!(!bucket.acquire(RetryCause::Transport)); // 10 needed
/// bucket.record_success(Some(RetryCause::Error));  // refunded
/// assert_eq!(bucket.available(), Some(12));
/// ```
pub struct TokenBucket {
    tokens: Mutex<u32>,
    capacity: u32,
    error_cost: u32,
    transport_cost: u32,
    success_increment: u32,
}

impl TokenBucket {
    /// The AWS standard capacity.
    pub const DEFAULT_CAPACITY: u32 = 500;
    /// The AWS standard cost of a retry after an error.
    pub const ERROR_COST: u32 = 5;
    /// The AWS standard cost of a retry after a timeout (here: any transport failure).
    pub const TRANSPORT_COST: u32 = 10;
    /// The AWS standard refill after a call that succeeded at its first attempt.
    pub const SUCCESS_INCREMENT: u32 = 1;

    /// A full bucket of `capacity` tokens with the AWS standard costs.
    pub const fn new(capacity: u32) -> TokenBucket {
        TokenBucket {
            tokens: Mutex::new(capacity),
            capacity,
            error_cost: TokenBucket::ERROR_COST,
            transport_cost: TokenBucket::TRANSPORT_COST,
            success_increment: TokenBucket::SUCCESS_INCREMENT,
        }
    }

    /// The same bucket with other costs per retry.
    pub const fn with_costs(mut self, error: u32, transport: u32) -> TokenBucket {
        self.error_cost = error;
        self.transport_cost = transport;
        self
    }

    /// The same bucket with another refill per first-attempt success.
    pub const fn with_success_increment(mut self, tokens: u32) -> TokenBucket {
        self.success_increment = tokens;
        self
    }

    /// The bucket's capacity.
    pub const fn capacity(&self) -> u32 {
        self.capacity
    }

    /// The cost of a retry for `cause`.
    pub const fn cost(&self, cause: RetryCause) -> u32 {
        match cause {
            RetryCause::Error => self.error_cost,
            RetryCause::Transport => self.transport_cost,
        }
    }

    fn tokens(&self) -> std::sync::MutexGuard<'_, u32> {
        // A panic while holding this lock cannot leave the count inconsistent.
        self.tokens.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl Default for TokenBucket {
    /// [`TokenBucket::DEFAULT_CAPACITY`] tokens.
    fn default() -> Self {
        TokenBucket::new(TokenBucket::DEFAULT_CAPACITY)
    }
}

impl RetryBudget for TokenBucket {
    fn acquire(&self, cause: RetryCause) -> bool {
        let cost = self.cost(cause);
        let mut tokens = self.tokens();
        match tokens.checked_sub(cost) {
            Some(left) => {
                *tokens = left;
                true
            }
            None => false,
        }
    }

    fn record_success(&self, last_retry: Option<RetryCause>) {
        let refill = last_retry.map_or(self.success_increment, |cause| self.cost(cause));
        let mut tokens = self.tokens();
        *tokens = tokens.saturating_add(refill).min(self.capacity);
    }

    fn available(&self) -> Option<u32> {
        Some(*self.tokens())
    }
}

impl fmt::Debug for TokenBucket {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenBucket")
            .field("tokens", &*self.tokens())
            .field("capacity", &self.capacity)
            .field("error_cost", &self.error_cost)
            .field("transport_cost", &self.transport_cost)
            .finish()
    }
}

/// No budget: every retry the policy allows is made. For tests, and for clients that
/// bound retries otherwise.
#[derive(Debug, Clone, Copy, Default)]
pub struct Unlimited;

impl RetryBudget for Unlimited {
    fn acquire(&self, _: RetryCause) -> bool {
        true
    }

    fn record_success(&self, _: Option<RetryCause>) {}
}

impl<B: RetryBudget + ?Sized> RetryBudget for std::sync::Arc<B> {
    fn acquire(&self, cause: RetryCause) -> bool {
        (**self).acquire(cause)
    }

    fn record_success(&self, last_retry: Option<RetryCause>) {
        (**self).record_success(last_retry)
    }

    fn available(&self) -> Option<u32> {
        (**self).available()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aws_standard_numbers() {
        let bucket = TokenBucket::default();
        assert_eq!(bucket.available(), Some(500));
        assert!(bucket.acquire(RetryCause::Transport));
        assert!(bucket.acquire(RetryCause::Error));
        assert_eq!(bucket.available(), Some(485));
        bucket.record_success(Some(RetryCause::Error));
        assert_eq!(bucket.available(), Some(490));
        bucket.record_success(None);
        assert_eq!(bucket.available(), Some(491));
        for _ in 0..20 {
            bucket.record_success(Some(RetryCause::Transport));
        }
        assert_eq!(bucket.available(), Some(500));
    }

    #[test]
    fn drains_and_refuses() {
        let bucket = TokenBucket::new(500);
        let retries =
            std::iter::from_fn(|| bucket.acquire(RetryCause::Error).then_some(())).count();
        assert_eq!(retries, 100);
        assert!(!bucket.acquire(RetryCause::Error));
        let custom = TokenBucket::new(3).with_costs(1, 2).with_success_increment(0);
        assert!(custom.acquire(RetryCause::Transport));
        custom.record_success(None);
        assert_eq!(custom.available(), Some(1));
    }
}
