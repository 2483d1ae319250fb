//! Decoding an `http::Response` (feature `http`).

use ::http::{HeaderMap, Response};
use bytes::Bytes;

use crate::VendorError;
use crate::errors::Errors;
use crate::retry::Failure;

/// A response body already in memory, which errtable can decode.
///
/// [`Bytes`] is kept without copying (the errors' `meta().body()` shares it); other
/// bodies are read in place and copied only into the errors a response carries.
pub trait ResponseBody {
    /// The errors a response with this body carries.
    fn decode_as<E: VendorError>(&self, status: u16, headers: &HeaderMap) -> Errors<E>;
}

impl ResponseBody for Bytes {
    fn decode_as<E: VendorError>(&self, status: u16, headers: &HeaderMap) -> Errors<E> {
        E::decode_bytes(status, headers, self.clone())
    }
}

macro_rules! borrowed_bodies {
    ($($ty:ty),*) => {$(
        impl ResponseBody for $ty {
            fn decode_as<E: VendorError>(&self, status: u16, headers: &HeaderMap) -> Errors<E> {
                E::decode(status, headers, AsRef::<[u8]>::as_ref(self))
            }
        }
    )*};
}

borrowed_bodies!(Vec<u8>, String, Box<[u8]>, &[u8], &str);

/// The errors `response` carries: none for a success, and errors inside `200 OK` bodies
/// where the catalog has them.
///
/// ```
/// use errtable::Bytes;
///
/// #[errtable::catalog(spec = "../../specs/octomil.json")]
/// pub enum OctomilError {}
///
/// let body = Bytes::from_static(br#"{"error": "rate_limited", "message": "Slow down"}"#);
/// let response = http::Response::builder()
///     .status(429)
///     .header("Retry-After", "7")
///     .header("X-Request-Id", "req_42")
///     .body(body.clone())
///     .unwrap();
/// let errors = errtable::http::decode::<OctomilError, _>(&response);
/// let error = &errors[0];
/// assert_eq!(error.meta().request_id(), Some("req_42"));
/// assert_eq!(error.meta().server_delay(), Some(std::time::Duration::from_secs(7)));
/// // The body is shared, not copied.
/// assert_eq!(error.meta().body().as_ptr(), body.as_ptr());
/// ```
pub fn decode<E: VendorError, B: ResponseBody>(response: &Response<B>) -> Errors<E> {
    response.body().decode_as(response.status().as_u16(), response.headers())
}

/// `Ok(response)` unless it carries a request-level error, which is returned as the
/// [`Failure`] that decides what happens next ([`Failure::from_errors`]). Failed items of
/// a bulk body do not fail the request: decode them from the response.
pub fn check<E: VendorError, B: ResponseBody>(
    response: Response<B>,
) -> Result<Response<B>, Failure<E>> {
    match Failure::from_errors(decode::<E, B>(&response)) {
        Some(failure) => Err(failure),
        None => Ok(response),
    }
}
