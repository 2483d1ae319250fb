//! The retry loop, blocking and async, around one shared decision.

use std::fmt;
use std::future::Future;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::{Duration, Instant};

use errtable_core::Jitter;

use crate::VendorError;
use crate::retry::budget::{RetryBudget, RetryCause, TokenBucket};
use crate::retry::clock::{Clock, JitterSource, Sleep, SystemClock, ThreadSleep, Xorshift};
use crate::retry::outcome::{Attempt, BoxError, Failure, Outcome, RetryError, Success};
use crate::retry::policy::{AttemptState, Decision, RetryPolicy, Stop};

/// Runs requests to a vendor with retries, as its catalog says.
///
/// Each failed attempt is classified by its error's retry class (or the catalog's
/// `transport` rule when there was no response) and decided by
/// [`RetryPolicy::decide`]: `never` stops, `backoff` waits the policy's next delay,
/// `after` waits the server's delay (backing off when it gave none), `reauth` calls your
/// re-authentication step and retries at once. The policy starts as the vendor's
/// (`E::backoff()`) and every number can be overridden.
///
/// An executor is cheap to clone; clones share the [`RetryBudget`] (by default a
/// [`TokenBucket`]), so make one per client and share it across requests and threads.
///
/// ```
/// use std::time::Duration;
/// use errtable::retry::{Executor, Failure, VirtualClock};
///
/// #[errtable::catalog(spec = "../../../specs/octopost.json")]
/// pub enum OctopostError {}
///
/// let clock = VirtualClock::new();
/// let executor = Executor::<OctopostError>::new().time(clock.clone());
/// let mut responses = vec![(200, &b"{}"[..]), (503, b""), (503, b"")];
/// let outcome = executor.run_blocking(|_attempt| {
///     let (status, body) = responses.pop().unwrap();
///     match OctopostError::decode(status, &[], body).into_first() {
///         Some(error) => Err(Failure::Error(error)),
///         None => Ok(status),
///     }
/// });
/// let success = outcome.unwrap();
/// assert_eq!((success.response, success.attempts), (200, 3));
/// // Octopost backs off 1 s, then 2 s, without jitter.
/// assert_eq!(clock.sleeps(), [Duration::from_secs(1), Duration::from_secs(2)]);
/// ```
pub struct Executor<E> {
    policy: RetryPolicy,
    budget: Arc<dyn RetryBudget>,
    clock: Arc<dyn Clock>,
    sleep: Arc<dyn Sleep>,
    jitter: Arc<dyn JitterSource>,
    catalog: PhantomData<fn() -> E>,
}

impl<E: VendorError> Executor<E> {
    /// An executor with the vendor's policy, a fresh [`TokenBucket`], the system clock,
    /// thread sleeping and random jitter.
    pub fn new() -> Executor<E> {
        Executor::with_policy(RetryPolicy::of::<E>())
    }

    /// An executor with `policy`.
    pub fn with_policy(policy: RetryPolicy) -> Executor<E> {
        Executor {
            policy,
            budget: Arc::new(TokenBucket::default()),
            clock: Arc::new(SystemClock),
            sleep: Arc::new(ThreadSleep),
            jitter: Arc::new(Xorshift::from_entropy()),
            catalog: PhantomData,
        }
    }

    /// The policy.
    pub fn policy(&self) -> &RetryPolicy {
        &self.policy
    }

    /// Replaces the policy.
    pub fn set_policy(mut self, policy: RetryPolicy) -> Self {
        self.policy = policy;
        self
    }

    /// Overrides the attempt maximum ([`RetryPolicy::max_attempts`]).
    pub fn max_attempts(self, max_attempts: u32) -> Self {
        self.map_policy(|p| p.max_attempts(max_attempts))
    }

    /// Overrides the backoff cap ([`RetryPolicy::max_delay`]).
    pub fn max_delay(self, max_delay: Duration) -> Self {
        self.map_policy(|p| p.max_delay(max_delay))
    }

    /// Overrides the jitter ([`RetryPolicy::jitter`]).
    pub fn jitter(self, jitter: Jitter) -> Self {
        self.map_policy(|p| p.jitter(jitter))
    }

    /// Sets an overall deadline ([`RetryPolicy::deadline`]).
    pub fn deadline(self, deadline: Duration) -> Self {
        self.map_policy(|p| p.deadline(deadline))
    }

    /// Sets the longest server delay honoured ([`RetryPolicy::max_server_delay`]).
    pub fn max_server_delay(self, max: Duration) -> Self {
        self.map_policy(|p| p.max_server_delay(max))
    }

    /// Marks requests idempotent or not ([`RetryPolicy::idempotent`]).
    pub fn idempotent(self, idempotent: bool) -> Self {
        self.map_policy(|p| p.idempotent(idempotent))
    }

    fn map_policy(mut self, change: impl FnOnce(RetryPolicy) -> RetryPolicy) -> Self {
        self.policy = change(self.policy);
        self
    }

    /// Uses `budget`, shared with whatever else holds it (other executors, other
    /// catalogs' executors of the same vendor quota).
    pub fn budget(mut self, budget: Arc<dyn RetryBudget>) -> Self {
        self.budget = budget;
        self
    }

    /// The budget.
    pub fn retry_budget(&self) -> &Arc<dyn RetryBudget> {
        &self.budget
    }

    /// Reads the time from `clock`.
    pub fn clock(mut self, clock: impl Clock + 'static) -> Self {
        self.clock = Arc::new(clock);
        self
    }

    /// Sleeps with `sleep`.
    pub fn sleep(mut self, sleep: impl Sleep + 'static) -> Self {
        self.sleep = Arc::new(sleep);
        self
    }

    /// Uses `time` as both clock and sleep: a
    /// [`VirtualClock`](crate::retry::VirtualClock), or `TokioTime` (feature `tokio`).
    pub fn time<T: Clock + Sleep + Clone + 'static>(self, time: T) -> Self {
        self.clock(time.clone()).sleep(time)
    }

    /// Draws jitter from `source` (a closure such as `|| 1.0` fixes it).
    pub fn jitter_source(mut self, source: impl JitterSource + 'static) -> Self {
        self.jitter = Arc::new(source);
        self
    }

    /// Runs `op` until it succeeds or the policy stops, blocking the thread while
    /// waiting. `op` gets the attempt number (1 for the first) and returns the response
    /// or why the attempt failed. An error of class `reauth` stops the loop
    /// ([`Stop::ReauthUnavailable`]); see [`run_blocking_with_reauth`](Self::run_blocking_with_reauth).
    pub fn run_blocking<T>(&self, op: impl FnMut(u32) -> Result<T, Failure<E>>) -> Outcome<T, E> {
        self.run_blocking_inner(op, None::<fn() -> Result<(), BoxError>>, self.idempotent_or(true))
    }

    /// Like [`run_blocking`](Self::run_blocking), calling `reauth` (refresh the session,
    /// renew the token) on an error of class `reauth`, then retrying at once. `op` must
    /// read the fresh credentials on each attempt.
    pub fn run_blocking_with_reauth<T, R, RE>(
        &self,
        op: impl FnMut(u32) -> Result<T, Failure<E>>,
        reauth: R,
    ) -> Outcome<T, E>
    where
        R: FnMut() -> Result<(), RE>,
        RE: Into<BoxError>,
    {
        self.run_blocking_inner(op, Some(reauth), self.idempotent_or(true))
    }

    /// The async flavour of [`run_blocking`](Self::run_blocking): waits with the
    /// executor's [`Sleep`].
    pub async fn run<T, F, Fut>(&self, op: F) -> Outcome<T, E>
    where
        F: FnMut(u32) -> Fut,
        Fut: Future<Output = Result<T, Failure<E>>>,
    {
        type NoReauth = std::future::Ready<Result<(), BoxError>>;
        self.run_inner(op, None::<fn() -> NoReauth>, self.idempotent_or(true)).await
    }

    /// The async flavour of [`run_blocking_with_reauth`](Self::run_blocking_with_reauth).
    pub async fn run_with_reauth<T, F, Fut, R, RFut, RE>(&self, op: F, reauth: R) -> Outcome<T, E>
    where
        F: FnMut(u32) -> Fut,
        Fut: Future<Output = Result<T, Failure<E>>>,
        R: FnMut() -> RFut,
        RFut: Future<Output = Result<(), RE>>,
        RE: Into<BoxError>,
    {
        self.run_inner(op, Some(reauth), self.idempotent_or(true)).await
    }

    /// The policy's idempotency, `default` when it does not say.
    pub(crate) fn idempotent_or(&self, default: bool) -> bool {
        self.policy.idempotence().unwrap_or(default)
    }

    pub(crate) fn run_blocking_inner<T, R, RE>(
        &self,
        mut op: impl FnMut(u32) -> Result<T, Failure<E>>,
        mut reauth: Option<R>,
        idempotent: bool,
    ) -> Outcome<T, E>
    where
        R: FnMut() -> Result<(), RE>,
        RE: Into<BoxError>,
    {
        let mut call = Call::start(self, idempotent, reauth.is_some());
        loop {
            let failure = match op(call.number()) {
                Ok(response) => return Ok(call.succeed(response)),
                Err(failure) => failure,
            };
            match call.fail(failure)? {
                Next::Wait(wait) => self.sleep.sleep_blocking(wait),
                Next::Reauth => {
                    if let Some(Err(error)) = reauth.as_mut().map(|step| step()) {
                        return Err(call.reauth_failed(error.into()));
                    }
                }
            }
        }
    }

    pub(crate) async fn run_inner<T, F, Fut, R, RFut, RE>(
        &self,
        mut op: F,
        mut reauth: Option<R>,
        idempotent: bool,
    ) -> Outcome<T, E>
    where
        F: FnMut(u32) -> Fut,
        Fut: Future<Output = Result<T, Failure<E>>>,
        R: FnMut() -> RFut,
        RFut: Future<Output = Result<(), RE>>,
        RE: Into<BoxError>,
    {
        let mut call = Call::start(self, idempotent, reauth.is_some());
        loop {
            let failure = match op(call.number()).await {
                Ok(response) => return Ok(call.succeed(response)),
                Err(failure) => failure,
            };
            match call.fail(failure)? {
                Next::Wait(wait) => self.sleep.sleep(wait).await,
                Next::Reauth => {
                    if let Some(step) = reauth.as_mut()
                        && let Err(error) = step().await
                    {
                        return Err(call.reauth_failed(error.into()));
                    }
                }
            }
        }
    }

    /// A call that fails before any attempt: not sent at all.
    #[cfg(any(feature = "reqwest", feature = "reqwest-blocking"))]
    pub(crate) fn unsent(&self, failure: Failure<E>) -> RetryError<E> {
        let stop = Stop::NotRetryable;
        RetryError { failure, stop, attempts: 0, history: Vec::new(), elapsed: Duration::ZERO }
    }

    /// Elapsed time on the executor's clock since `start`.
    pub(crate) fn since(&self, start: Instant) -> Duration {
        self.clock.now().saturating_duration_since(start)
    }

    #[cfg(feature = "tower")]
    pub(crate) fn now(&self) -> Instant {
        self.clock.now()
    }

    #[cfg(feature = "tower")]
    pub(crate) fn sleeper(&self) -> &Arc<dyn Sleep> {
        &self.sleep
    }

    /// The policy's decision on `failure` (also emits the attempt's trace event).
    pub(crate) fn decide(
        &self,
        state: &AttemptState,
        failure: &Failure<E>,
        attempt: u32,
    ) -> Decision {
        let classification = failure.classify();
        let decision =
            self.policy.decide(state, &classification, self.budget.as_ref(), self.jitter.unit());
        #[cfg(feature = "tracing")]
        trace_attempt(self, failure, &classification, attempt, &decision);
        let _ = attempt;
        decision
    }
}

impl<E: VendorError> Default for Executor<E> {
    fn default() -> Self {
        Executor::new()
    }
}

impl<E> Clone for Executor<E> {
    fn clone(&self) -> Self {
        Executor {
            policy: self.policy,
            budget: Arc::clone(&self.budget),
            clock: Arc::clone(&self.clock),
            sleep: Arc::clone(&self.sleep),
            jitter: Arc::clone(&self.jitter),
            catalog: PhantomData,
        }
    }
}

impl<E> fmt::Debug for Executor<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Executor")
            .field("policy", &self.policy)
            .field("budget_available", &self.budget.available())
            .finish_non_exhaustive()
    }
}

/// What the loop does after a failed attempt it goes on from.
enum Next {
    Wait(Duration),
    Reauth,
}

/// The bookkeeping of one call: attempt numbers, state, history. Both loops drive it.
struct Call<'a, E> {
    executor: &'a Executor<E>,
    start: Instant,
    attempts: u32,
    state: AttemptState,
    last_retry: Option<RetryCause>,
    history: Vec<Attempt<E>>,
    can_reauth: bool,
}

impl<'a, E: VendorError> Call<'a, E> {
    fn start(executor: &'a Executor<E>, idempotent: bool, can_reauth: bool) -> Self {
        Call {
            executor,
            start: executor.clock.now(),
            attempts: 0,
            state: AttemptState { idempotent, ..AttemptState::default() },
            last_retry: None,
            history: Vec::new(),
            can_reauth,
        }
    }

    /// The number of the attempt about to be made.
    fn number(&mut self) -> u32 {
        self.attempts = self.attempts.saturating_add(1);
        self.attempts
    }

    fn succeed<T>(self, response: T) -> Success<T, E> {
        self.executor.budget.record_success(self.last_retry);
        #[cfg(feature = "tracing")]
        tracing::debug!(
            target: "errtable::retry",
            catalog = %E::decoder().settings().name,
            attempt = self.attempts,
            outcome = "success",
        );
        let elapsed = self.executor.since(self.start);
        Success { response, attempts: self.attempts, history: self.history, elapsed }
    }

    fn fail(&mut self, failure: Failure<E>) -> Result<Next, RetryError<E>> {
        self.state.elapsed = self.executor.since(self.start);
        let mut decision = self.executor.decide(&self.state, &failure, self.attempts);
        if decision == Decision::Reauth && !self.can_reauth {
            decision = Decision::Stop(Stop::ReauthUnavailable);
        }
        let (next, wait, reauthenticated) = match decision {
            Decision::Stop(stop) => return Err(self.stop(failure, stop)),
            Decision::Retry { wait } => {
                self.state.retries = self.state.retries.saturating_add(1);
                self.last_retry = Some(failure.classify().cause);
                (Next::Wait(wait), wait, false)
            }
            Decision::Reauth => (Next::Reauth, Duration::ZERO, true),
        };
        self.state.after_reauth = reauthenticated;
        self.history.push(Attempt { number: self.attempts, failure, wait, reauthenticated });
        Ok(next)
    }

    fn reauth_failed(&mut self, error: BoxError) -> RetryError<E> {
        self.stop(Failure::Reauth(error), Stop::ReauthFailed)
    }

    fn stop(&mut self, failure: Failure<E>, stop: Stop) -> RetryError<E> {
        RetryError {
            failure,
            stop,
            attempts: self.attempts,
            history: std::mem::take(&mut self.history),
            elapsed: self.executor.since(self.start),
        }
    }
}

#[cfg(feature = "tracing")]
fn trace_attempt<E: VendorError>(
    executor: &Executor<E>,
    failure: &Failure<E>,
    classification: &crate::retry::Classification,
    attempt: u32,
    decision: &Decision,
) {
    let (variant, code) = match failure {
        Failure::Error(error) => (error.variant_name(), error.meta().code()),
        Failure::Transport(_) => ("transport", None),
        _ => ("request", None),
    };
    let (action, delay) = match decision {
        Decision::Retry { wait } => ("retry", Some(*wait)),
        Decision::Reauth => ("reauth", None),
        Decision::Stop(_) => ("stop", None),
    };
    tracing::debug!(
        target: "errtable::retry",
        catalog = %E::decoder().settings().name,
        variant,
        code,
        class = %classification.class,
        action,
        delay = ?delay,
        attempt,
        budget = ?executor.budget.available(),
        stop = ?match decision { Decision::Stop(stop) => Some(stop), _ => None },
        "{failure}"
    );
}
