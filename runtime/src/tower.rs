//! A `tower::retry::Policy` driven by the catalog (feature `tower`).
//!
//! [`CatalogPolicy`] retries an `http::Request<B>` (with a `Clone` body) whose response
//! (`http::Response<B>` with a body in memory, see [`ResponseBody`]) carries a
//! request-level error of catalog `E`, or whose service failed, exactly as
//! [`Executor`] decides: same policy, same budget (shared with the executor it is
//! built from), same clock and sleep. The final response or error is passed through
//! unchanged. tower's `Policy` has no re-authentication step, so a `reauth` error ends
//! the retries there; use [`Executor::run_with_reauth`] for that.
//!
//! ```
//! use std::convert::Infallible;
//! use errtable::Bytes;
//! use errtable::retry::{Executor, TokioTime};
//! use tower::{Layer, Service, ServiceExt};
//!
//! #[errtable::catalog(spec = "../../specs/octomil.json")]
//! pub enum OctomilError {}
//!
//! let executor = Executor::<OctomilError>::new().time(TokioTime);
//! let service = errtable::tower::layer(executor).layer(tower::service_fn(
//!     |_request: http::Request<Bytes>| async {
//!         Ok::<_, Infallible>(http::Response::new(Bytes::from_static(b"{}")))
//!     },
//! ));
//! # let _ = service;
//! ```

use std::time::Instant;

use ::http::{Request, Response};
use ::tower::retry::{Policy, RetryLayer};

use crate::VendorError;
use crate::http::ResponseBody;
use crate::retry::{
    AttemptState, BoxError, Decision, Executor, Failure, RetryCause, SleepFuture, TransportError,
    TransportKind,
};

/// A tower retry policy from a catalog and an [`Executor`]'s settings.
pub struct CatalogPolicy<E> {
    executor: Executor<E>,
    start: Option<Instant>,
    attempts: u32,
    state: AttemptState,
    last_retry: Option<RetryCause>,
}

impl<E: VendorError> CatalogPolicy<E> {
    /// A policy with `executor`'s policy, budget, clock, sleep and jitter.
    pub fn new(executor: Executor<E>) -> CatalogPolicy<E> {
        CatalogPolicy {
            executor,
            start: None,
            attempts: 0,
            state: AttemptState::default(),
            last_retry: None,
        }
    }
}

impl<E> Clone for CatalogPolicy<E> {
    fn clone(&self) -> Self {
        CatalogPolicy {
            executor: self.executor.clone(),
            start: self.start,
            attempts: self.attempts,
            state: self.state,
            last_retry: self.last_retry,
        }
    }
}

impl<E> std::fmt::Debug for CatalogPolicy<E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CatalogPolicy")
            .field("executor", &self.executor)
            .field("attempts", &self.attempts)
            .finish_non_exhaustive()
    }
}

/// `tower::retry::RetryLayer` with a [`CatalogPolicy`].
pub fn layer<E: VendorError>(executor: Executor<E>) -> RetryLayer<CatalogPolicy<E>> {
    RetryLayer::new(CatalogPolicy::new(executor))
}

/// A service error the policy can classify as a transport failure.
pub trait ServiceError {
    /// What kind of transport failure it is.
    fn transport_kind(&self) -> TransportKind;
}

impl ServiceError for BoxError {
    fn transport_kind(&self) -> TransportKind {
        TransportKind::of(self.as_ref())
    }
}

impl ServiceError for std::io::Error {
    fn transport_kind(&self) -> TransportKind {
        TransportKind::of(self)
    }
}

impl ServiceError for std::convert::Infallible {
    fn transport_kind(&self) -> TransportKind {
        match *self {}
    }
}

#[cfg(feature = "reqwest")]
impl ServiceError for ::reqwest::Error {
    fn transport_kind(&self) -> TransportKind {
        crate::reqwest::transport_kind(self)
    }
}

impl<E, ReqB, ResB, Err> Policy<Request<ReqB>, Response<ResB>, Err> for CatalogPolicy<E>
where
    E: VendorError,
    ReqB: Clone,
    ResB: ResponseBody,
    Err: ServiceError + std::fmt::Display,
{
    type Future = SleepFuture;

    fn retry(
        &mut self,
        request: &mut Request<ReqB>,
        result: &mut Result<Response<ResB>, Err>,
    ) -> Option<SleepFuture> {
        self.attempts = self.attempts.saturating_add(1);
        let failure = match result {
            Ok(response) => match Failure::<E>::from_errors(crate::http::decode(response)) {
                Some(failure) => failure,
                None => {
                    self.executor.retry_budget().record_success(self.last_retry);
                    return None;
                }
            },
            Err(error) => {
                Failure::Transport(TransportError::new(error.transport_kind(), error.to_string()))
            }
        };
        let start = *self.start.get_or_insert_with(|| self.executor.now());
        let idempotent = request.method().is_idempotent();
        self.state.idempotent = self.executor.idempotent_or(idempotent);
        self.state.elapsed = self.executor.since(start);
        match self.executor.decide(&self.state, &failure, self.attempts) {
            Decision::Retry { wait } => {
                self.state.retries = self.state.retries.saturating_add(1);
                self.last_retry = Some(failure.classify().cause);
                Some(self.executor.sleeper().sleep(wait))
            }
            Decision::Reauth | Decision::Stop(_) => None,
        }
    }

    fn clone_request(&mut self, request: &Request<ReqB>) -> Option<Request<ReqB>> {
        // tower calls this on the service's policy before cloning it into each call:
        // state untouched so far means a new call, whose clock starts now.
        if self.attempts == 0 {
            self.start = Some(self.executor.now());
        }
        let mut clone = Request::new(request.body().clone());
        *clone.method_mut() = request.method().clone();
        *clone.uri_mut() = request.uri().clone();
        *clone.version_mut() = request.version();
        *clone.headers_mut() = request.headers().clone();
        *clone.extensions_mut() = request.extensions().clone();
        Some(clone)
    }
}
