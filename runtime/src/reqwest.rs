//! reqwest: decode a response, and send a request with retries (features `reqwest` and
//! `reqwest-blocking`).
//!
//! [`send`] rebuilds the request for each attempt with `RequestBuilder::try_clone`; a
//! request whose body is a stream cannot be cloned, and fails at once with
//! [`Failure::BodyNotCloneable`] instead of being sent once without retries. Unless the
//! policy says otherwise, idempotency comes from the method (POST and PATCH are not).
//! reqwest's errors become [`Failure::Transport`]: connect errors (the request was never
//! sent) as [`TransportKind::Connect`], timeouts as [`TransportKind::Timeout`], a
//! connection closed or reset before a complete response as [`TransportKind::Reset`].

use ::http::Response;
use bytes::Bytes;

use crate::VendorError;
use crate::retry::{Executor, Failure, RetryError, TransportError, TransportKind};

/// The [`Failure`] for a reqwest error: a builder error is [`Failure::Request`], any
/// other a [`Failure::Transport`] of the [`transport_kind`].
pub fn failure<E>(error: ::reqwest::Error) -> Failure<E> {
    if error.is_builder() {
        return Failure::Request(error.into());
    }
    Failure::Transport(TransportError::new(transport_kind(&error), error))
}

/// What kind of transport failure a reqwest error is.
pub fn transport_kind(error: &::reqwest::Error) -> TransportKind {
    if error.is_connect() {
        return TransportKind::Connect;
    }
    if error.is_timeout() {
        return TransportKind::Timeout;
    }
    match TransportKind::of(error) {
        // A request or body error that is no I/O error of a known kind: hyper saw the
        // connection end before the response did.
        TransportKind::Other if error.is_request() || error.is_body() => TransportKind::Reset,
        kind => kind,
    }
}

/// Checks that the request can be sent more than once, and reads its idempotency (the
/// policy's, else the method's). `probe` is the request built from a clone of the
/// builder, `None` when it could not be cloned.
fn preflight<E: VendorError>(
    executor: &Executor<E>,
    probe: Option<Result<::reqwest::Method, ::reqwest::Error>>,
) -> Result<bool, RetryError<E>> {
    match probe {
        None => Err(executor.unsent(Failure::BodyNotCloneable)),
        Some(Err(error)) => Err(executor.unsent(failure(error))),
        Some(Ok(method)) => Ok(executor.idempotent_or(method.is_idempotent())),
    }
}

/// Builds an `http::Response` around a body read whole.
fn assemble(
    status: ::http::StatusCode,
    version: ::http::Version,
    headers: ::http::HeaderMap,
    body: Bytes,
) -> Response<Bytes> {
    let mut response = Response::new(body);
    *response.status_mut() = status;
    *response.version_mut() = version;
    *response.headers_mut() = headers;
    response
}

#[cfg(feature = "reqwest")]
pub use self::nonblocking::*;

#[cfg(feature = "reqwest")]
mod nonblocking {
    use std::future::Future;

    use ::http::Response;
    use ::reqwest::RequestBuilder;
    use bytes::Bytes;

    use super::{assemble, failure, preflight};
    use crate::VendorError;
    use crate::retry::{BoxError, Executor, Failure, Outcome};

    /// Reads `response` whole into an `http::Response<Bytes>`.
    pub async fn read(
        mut response: ::reqwest::Response,
    ) -> Result<Response<Bytes>, ::reqwest::Error> {
        let (status, version) = (response.status(), response.version());
        let headers = std::mem::take(response.headers_mut());
        Ok(assemble(status, version, headers, response.bytes().await?))
    }

    /// Reads `response` and checks it ([`crate::http::check`]): `Ok` with the response
    /// unless it carries a request-level error of catalog `E` (errors inside `200 OK`
    /// bodies included) or its body could not be read.
    pub async fn decode<E: VendorError>(
        response: ::reqwest::Response,
    ) -> Result<Response<Bytes>, Failure<E>> {
        crate::http::check(read(response).await.map_err(failure)?)
    }

    /// Sends `request` with retries by `executor`.
    ///
    /// ```no_run
    /// # #[errtable::catalog(spec = "../../specs/octopost.json")]
    /// # pub enum OctopostError {}
    /// # async fn demo() {
    /// use errtable::retry::{Executor, TokioTime};
    /// let executor = Executor::<OctopostError>::new().time(TokioTime);
    /// let client = reqwest::Client::new();
    /// let request = client.get("https://api.octopost.ink/v1/posts/p_1");
    /// match errtable::reqwest::send(&executor, request).await {
    ///     Ok(success) => println!("{} after {} attempts", success.response.status(), success.attempts),
    ///     Err(failed) => eprintln!("{failed}"),
    /// }
    /// # }
    /// ```
    pub async fn send<E: VendorError>(
        executor: &Executor<E>,
        request: RequestBuilder,
    ) -> Outcome<Response<Bytes>, E> {
        type NoReauth = std::future::Ready<Result<(), BoxError>>;
        send_inner(executor, request, |r| r, None::<fn() -> NoReauth>).await
    }

    /// Like [`send`], applying `prepare` to each attempt's request (to put in the
    /// current credentials) and calling `reauth` on an error of class `reauth`.
    pub async fn send_with<E, P, R, RFut, RE>(
        executor: &Executor<E>,
        request: RequestBuilder,
        prepare: P,
        reauth: R,
    ) -> Outcome<Response<Bytes>, E>
    where
        E: VendorError,
        P: FnMut(RequestBuilder) -> RequestBuilder,
        R: FnMut() -> RFut,
        RFut: Future<Output = Result<(), RE>>,
        RE: Into<BoxError>,
    {
        send_inner(executor, request, prepare, Some(reauth)).await
    }

    async fn send_inner<E, P, R, RFut, RE>(
        executor: &Executor<E>,
        request: RequestBuilder,
        mut prepare: P,
        reauth: Option<R>,
    ) -> Outcome<Response<Bytes>, E>
    where
        E: VendorError,
        P: FnMut(RequestBuilder) -> RequestBuilder,
        R: FnMut() -> RFut,
        RFut: Future<Output = Result<(), RE>>,
        RE: Into<BoxError>,
    {
        let probe = request.try_clone().map(|r| r.build().map(|r| r.method().clone()));
        let idempotent = preflight(executor, probe)?;
        let op = |_attempt| {
            let attempt = request.try_clone().map(&mut prepare);
            async move {
                let attempt = attempt.ok_or(Failure::BodyNotCloneable)?;
                decode(attempt.send().await.map_err(failure)?).await
            }
        };
        executor.run_inner(op, reauth, idempotent).await
    }
}

/// The same for `reqwest::blocking` (feature `reqwest-blocking`).
#[cfg(feature = "reqwest-blocking")]
pub mod blocking {
    use ::http::Response;
    use ::reqwest::blocking::RequestBuilder;
    use bytes::Bytes;

    use super::{assemble, failure, preflight};
    use crate::VendorError;
    use crate::retry::{BoxError, Executor, Failure, Outcome};

    /// Reads `response` whole into an `http::Response<Bytes>`.
    pub fn read(
        mut response: ::reqwest::blocking::Response,
    ) -> Result<Response<Bytes>, ::reqwest::Error> {
        let (status, version) = (response.status(), response.version());
        let headers = std::mem::take(response.headers_mut());
        Ok(assemble(status, version, headers, response.bytes()?))
    }

    /// Reads `response` and checks it ([`crate::http::check`]).
    pub fn decode<E: VendorError>(
        response: ::reqwest::blocking::Response,
    ) -> Result<Response<Bytes>, Failure<E>> {
        crate::http::check(read(response).map_err(failure)?)
    }

    /// Sends `request` with retries by `executor`, blocking.
    pub fn send<E: VendorError>(
        executor: &Executor<E>,
        request: RequestBuilder,
    ) -> Outcome<Response<Bytes>, E> {
        send_inner(executor, request, |r| r, None::<fn() -> Result<(), BoxError>>)
    }

    /// Like [`send`], applying `prepare` to each attempt's request and calling `reauth`
    /// on an error of class `reauth`.
    pub fn send_with<E, P, R, RE>(
        executor: &Executor<E>,
        request: RequestBuilder,
        prepare: P,
        reauth: R,
    ) -> Outcome<Response<Bytes>, E>
    where
        E: VendorError,
        P: FnMut(RequestBuilder) -> RequestBuilder,
        R: FnMut() -> Result<(), RE>,
        RE: Into<BoxError>,
    {
        send_inner(executor, request, prepare, Some(reauth))
    }

    fn send_inner<E, P, R, RE>(
        executor: &Executor<E>,
        request: RequestBuilder,
        mut prepare: P,
        reauth: Option<R>,
    ) -> Outcome<Response<Bytes>, E>
    where
        E: VendorError,
        P: FnMut(RequestBuilder) -> RequestBuilder,
        R: FnMut() -> Result<(), RE>,
        RE: Into<BoxError>,
    {
        let probe = request.try_clone().map(|r| r.build().map(|r| r.method().clone()));
        let idempotent = preflight(executor, probe)?;
        let op = |_attempt| {
            let attempt = request.try_clone().map(&mut prepare).ok_or(Failure::BodyNotCloneable)?;
            decode(attempt.send().map_err(failure)?)
        };
        executor.run_blocking_inner(op, reauth, idempotent)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[errtable_macros::catalog(spec = "../../specs/octomil.json", crate = crate)]
    enum OctomilError {}

    #[test]
    fn preflight_refuses_stream_bodies_and_reads_the_method() {
        let executor = Executor::<OctomilError>::new();
        let refused = preflight(&executor, None).unwrap_err();
        assert!(matches!(refused.failure, Failure::BodyNotCloneable));
        assert_eq!(refused.attempts, 0);
        assert_eq!(preflight(&executor, Some(Ok(::reqwest::Method::POST))).ok(), Some(false));
        assert_eq!(preflight(&executor, Some(Ok(::reqwest::Method::PUT))).ok(), Some(true));
        let marked = executor.idempotent(true);
        assert_eq!(preflight(&marked, Some(Ok(::reqwest::Method::POST))).ok(), Some(true));
    }
}
