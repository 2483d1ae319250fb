//! What a call with retries ends with: the response and its attempts, or the last typed
//! failure with the whole history. Nothing is lost.

use std::error::Error;
use std::fmt;
use std::time::Duration;

use errtable_core::RetryClass;

use crate::VendorError;
use crate::errors::Errors;
use crate::retry::budget::RetryCause;
use crate::retry::policy::{Classification, Stop};

/// A boxed error from a user-supplied step or an HTTP client.
pub type BoxError = Box<dyn Error + Send + Sync + 'static>;

/// What a call with retries returns.
pub type Outcome<T, E> = Result<Success<T, E>, RetryError<E>>;

/// Why one attempt failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum Failure<E> {
    /// The vendor answered with an error of its catalog (or the fallback).
    Error(E),
    /// The request got no response: DNS, connect, timeout, reset. Retried by the
    /// catalog's `transport` rule.
    Transport(TransportError),
    /// The re-authentication step failed.
    Reauth(BoxError),
    /// The request's body is a stream that cannot be cloned, so it cannot be sent again.
    /// Reported before the first attempt instead of silently sending it once.
    BodyNotCloneable,
    /// The request could not be built or sent as given (an invalid URL, a header the
    /// client refuses): not retried.
    Request(BoxError),
}

impl<E: VendorError> Failure<E> {
    /// The failure that decides what happens next when a response carries `errors`:
    /// `None` when it carries none, or only failed items of a bulk body (the request
    /// itself succeeded; read those from the response). Among several request-level
    /// errors (Octeth's lists of codes) the most restrictive decides: `never` before
    /// `reauth` before `after` (the longest delay) before `backoff`. Each error keeps the
    /// whole raw body (`meta().body()`), so the others can still be decoded from it.
    pub fn from_errors(errors: Errors<E>) -> Option<Failure<E>> {
        let rank = |error: &E| {
            let class = match error.retry_class() {
                RetryClass::Never => 3,
                RetryClass::Reauth => 2,
                RetryClass::After => 1,
                RetryClass::Backoff => 0,
            };
            (class, error.meta().server_delay())
        };
        let mut governing: Option<E> = None;
        for error in errors.into_iter().filter(|e| e.meta().item().is_none()) {
            if governing.as_ref().is_none_or(|g| rank(&error) > rank(g)) {
                governing = Some(error);
            }
        }
        governing.map(Failure::Error)
    }

    /// What the retry policy needs to know about this failure.
    pub fn classify(&self) -> Classification {
        match self {
            Failure::Error(error) => Classification {
                class: error.retry_class(),
                server_delay: error.meta().server_delay(),
                retry_safe: error.is_retry_safe(),
                cause: RetryCause::Error,
            },
            Failure::Transport(transport) => Classification {
                class: E::transport_retry(),
                server_delay: None,
                retry_safe: transport.kind().is_unsent(),
                cause: RetryCause::Transport,
            },
            Failure::Reauth(_) | Failure::BodyNotCloneable | Failure::Request(_) => {
                Classification::FATAL
            }
        }
    }
}

impl<E> Failure<E> {
    /// The vendor's typed error, if the attempt got one.
    pub fn error(&self) -> Option<&E> {
        match self {
            Failure::Error(error) => Some(error),
            _ => None,
        }
    }

    /// The vendor's typed error, taken out.
    pub fn into_error(self) -> Option<E> {
        match self {
            Failure::Error(error) => Some(error),
            _ => None,
        }
    }
}

impl<E> From<E> for Failure<E> {
    fn from(error: E) -> Self {
        Failure::Error(error)
    }
}

impl<E: fmt::Display> fmt::Display for Failure<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Error(error) => error.fmt(f),
            Failure::Transport(error) => error.fmt(f),
            Failure::Reauth(error) => write!(f, "re-authentication failed: {error}"),
            Failure::BodyNotCloneable => {
                f.write_str("the request body is a stream that cannot be cloned for a retry")
            }
            Failure::Request(error) => write!(f, "invalid request: {error}"),
        }
    }
}

impl<E: Error + 'static> Error for Failure<E> {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        match self {
            Failure::Error(error) => Some(error),
            Failure::Transport(error) => Some(error),
            Failure::Reauth(error) | Failure::Request(error) => Some(error.as_ref()),
            Failure::BodyNotCloneable => None,
        }
    }
}

/// A request that got no response.
#[derive(Debug)]
pub struct TransportError {
    kind: TransportKind,
    source: BoxError,
}

impl TransportError {
    /// A transport failure of `kind`, caused by `source`.
    pub fn new(kind: TransportKind, source: impl Into<BoxError>) -> TransportError {
        TransportError { kind, source: source.into() }
    }

    /// A transport failure classified from `source`'s chain ([`TransportKind::of`]).
    pub fn from_source(source: impl Into<BoxError>) -> TransportError {
        let source = source.into();
        TransportError { kind: TransportKind::of(source.as_ref()), source }
    }

    /// What kind of failure it was.
    pub fn kind(&self) -> TransportKind {
        self.kind
    }

    /// The client's error.
    pub fn get_ref(&self) -> &(dyn Error + Send + Sync + 'static) {
        self.source.as_ref()
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.kind, self.source)
    }
}

impl Error for TransportError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        Some(self.source.as_ref())
    }
}

/// The kinds of transport failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TransportKind {
    /// No connection was made (DNS failure, connection refused, unreachable): the request
    /// was never sent, so even a non-idempotent one may be repeated.
    Connect,
    /// The request or response timed out: it may have been processed.
    Timeout,
    /// The connection was reset or closed before a complete response: it may have been
    /// processed.
    Reset,
    /// Another I/O failure.
    Other,
}

impl TransportKind {
    /// Whether the request certainly never reached the server.
    pub const fn is_unsent(self) -> bool {
        matches!(self, TransportKind::Connect)
    }

    /// Classifies an error by the first `std::io::Error` in its source chain, or a tokio
    /// or tower timeout (with those features); [`Other`](Self::Other) otherwise.
    pub fn of(error: &(dyn Error + 'static)) -> TransportKind {
        use std::io::ErrorKind;
        let mut next = Some(error);
        while let Some(error) = next {
            if let Some(io) = error.downcast_ref::<std::io::Error>() {
                return match io.kind() {
                    ErrorKind::ConnectionRefused
                    | ErrorKind::AddrNotAvailable
                    | ErrorKind::NotFound
                    | ErrorKind::HostUnreachable
                    | ErrorKind::NetworkUnreachable => TransportKind::Connect,
                    ErrorKind::TimedOut | ErrorKind::WouldBlock => TransportKind::Timeout,
                    ErrorKind::ConnectionReset
                    | ErrorKind::ConnectionAborted
                    | ErrorKind::BrokenPipe
                    | ErrorKind::UnexpectedEof => TransportKind::Reset,
                    _ => TransportKind::Other,
                };
            }
            if is_elapsed(error) {
                return TransportKind::Timeout;
            }
            next = error.source();
        }
        TransportKind::Other
    }
}

/// Whether `error` is tokio's or tower's timeout error.
fn is_elapsed(error: &(dyn Error + 'static)) -> bool {
    #[cfg(feature = "tokio")]
    if error.is::<tokio::time::error::Elapsed>() {
        return true;
    }
    #[cfg(feature = "tower")]
    if error.is::<tower::timeout::error::Elapsed>() {
        return true;
    }
    let _ = error;
    false
}

impl fmt::Display for TransportKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TransportKind::Connect => "connection failed",
            TransportKind::Timeout => "timed out",
            TransportKind::Reset => "connection reset",
            TransportKind::Other => "transport error",
        })
    }
}

/// One failed attempt that was followed by another.
#[derive(Debug)]
#[non_exhaustive]
pub struct Attempt<E> {
    /// Its number, 1 for the first request.
    pub number: u32,
    /// Why it failed.
    pub failure: Failure<E>,
    /// How long the executor waited before the next attempt (zero after a
    /// re-authentication).
    pub wait: Duration,
    /// Whether the executor re-authenticated before the next attempt.
    pub reauthenticated: bool,
}

/// A call that succeeded.
#[derive(Debug)]
#[non_exhaustive]
pub struct Success<T, E> {
    /// The response.
    pub response: T,
    /// Requests sent, the successful one included.
    pub attempts: u32,
    /// The failed attempts before it, each with its failure and wait.
    pub history: Vec<Attempt<E>>,
    /// Time from the first attempt to the response, on the executor's clock.
    pub elapsed: Duration,
}

/// A call that failed: the last failure, why the executor stopped, and every attempt
/// before it.
#[derive(Debug)]
#[non_exhaustive]
pub struct RetryError<E> {
    /// The last failure: the last attempt's, or the re-authentication's.
    pub failure: Failure<E>,
    /// Why there was no further attempt.
    pub stop: Stop,
    /// Requests sent (0 when the request could not be sent at all).
    pub attempts: u32,
    /// The failed attempts before the last, each with its failure and wait.
    pub history: Vec<Attempt<E>>,
    /// Time from the first attempt to giving up, on the executor's clock.
    pub elapsed: Duration,
}

impl<E> RetryError<E> {
    /// The vendor's typed error, if the last failure was one.
    pub fn error(&self) -> Option<&E> {
        self.failure.error()
    }

    /// The vendor's typed error, taken out.
    pub fn into_error(self) -> Option<E> {
        self.failure.into_error()
    }

    /// The waits between attempts, in order.
    pub fn waits(&self) -> Vec<Duration> {
        self.history.iter().map(|attempt| attempt.wait).collect()
    }
}

impl<E: fmt::Display> fmt::Display for RetryError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let plural = if self.attempts == 1 { "" } else { "s" };
        write!(f, "{} ({}; {} attempt{plural})", self.failure, self.stop, self.attempts)
    }
}

impl<E: Error + 'static> Error for RetryError<E> {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        Some(&self.failure)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_io_errors_through_the_chain() {
        #[derive(Debug)]
        struct Wrapper(std::io::Error);
        impl fmt::Display for Wrapper {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("wrapped")
            }
        }
        impl Error for Wrapper {
            fn source(&self) -> Option<&(dyn Error + 'static)> {
                Some(&self.0)
            }
        }
        let io = |kind| Wrapper(std::io::Error::from(kind));
        use std::io::ErrorKind::*;
        assert_eq!(TransportKind::of(&io(ConnectionRefused)), TransportKind::Connect);
        assert_eq!(TransportKind::of(&io(TimedOut)), TransportKind::Timeout);
        assert_eq!(TransportKind::of(&io(ConnectionReset)), TransportKind::Reset);
        assert_eq!(TransportKind::of(&io(Other)), TransportKind::Other);
        let boxed: BoxError = "no idea".into();
        assert_eq!(TransportKind::of(boxed.as_ref()), TransportKind::Other);
        let error = TransportError::from_source(std::io::Error::from(ConnectionRefused));
        assert!(error.kind().is_unsent());
        assert!(error.to_string().starts_with("connection failed: "), "{error}");
    }
}
