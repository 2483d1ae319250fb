//! The trait every generated catalog enum implements.

use std::fmt;
use std::time::Duration;

use bytes::Bytes;

use crate::decode::{self, Decoded};
use crate::field::FieldValue;
use crate::headers::{Headers, HeadersRef};
use crate::meta::ErrorMeta;
use crate::retry::{Backoff, Retry, RetryClass};
use crate::table::CatalogTable;

/// A typed error enum generated from a vendor's catalog by
/// [`#[errtable::catalog]`](crate::catalog).
///
/// Decoding and every accessor live here, so generated code stays a table and a few
/// small matches.
pub trait CatalogError: std::error::Error + Sized + Send + Sync + 'static {
    /// The catalog's static table.
    #[doc(hidden)]
    fn __table() -> &'static CatalogTable;

    /// Which of the table's scopes this enum decodes with (0: global).
    #[doc(hidden)]
    fn __scope() -> usize;

    /// Builds the variant of a decoded error.
    #[doc(hidden)]
    fn __from_decoded(decoded: Decoded) -> Self;

    /// The catalog entry of this variant; `None` for the unknown fallback.
    #[doc(hidden)]
    fn __entry(&self) -> Option<usize>;

    /// Whether the enum is `#[non_exhaustive]` (a `Handle` derive cannot then check
    /// that every code is handled).
    #[doc(hidden)]
    const __NON_EXHAUSTIVE: bool = false;

    /// Whether the spec failed to load (the enum is an empty stand-in; its own errors
    /// are already reported, so derives stay quiet).
    #[doc(hidden)]
    const __SPEC_FAILED: bool = false;

    /// The variant names, for `Handle` derives to check theirs against.
    #[doc(hidden)]
    const __VARIANTS: &'static [&'static str] = &[];

    /// The compile error for a name that is not a variant, listing the valid ones.
    #[doc(hidden)]
    const __NOT_A_VARIANT: &'static str = "";

    /// The response metadata every variant carries.
    fn meta(&self) -> &ErrorMeta;

    /// The variant's typed fields as [`FieldValue`]s, by the vendor's field names,
    /// present ones only.
    fn fields(&self) -> Vec<(&'static str, FieldValue)>;

    /// Decodes a response into the errors it carries: none for a success, usually one,
    /// several for bulk bodies and lists of codes.
    fn decode<H: Headers + ?Sized>(status: u16, headers: &H, body: &[u8]) -> Vec<Self> {
        Self::decode_bytes(status, headers, Bytes::copy_from_slice(body))
    }

    /// Like [`decode`](Self::decode), keeping `body` without copying it.
    fn decode_bytes<H: Headers + ?Sized>(status: u16, headers: &H, body: Bytes) -> Vec<Self> {
        decode::decode(Self::__table(), Self::__scope(), status, &HeadersRef(headers), body)
            .into_iter()
            .map(Self::__from_decoded)
            .collect()
    }

    /// The Rust name of this error's variant, e.g. `"RateLimited"`.
    fn variant_name(&self) -> &'static str {
        let table = Self::__table();
        self.__entry().and_then(|id| table.entry(id)).map_or(table.unknown.variant, |e| e.variant)
    }

    /// Whether this is the fallback for a code or status the catalog does not list.
    fn is_unknown(&self) -> bool {
        self.__entry().is_none()
    }

    /// The HTTP status of the response.
    fn status(&self) -> u16 {
        self.meta().status()
    }

    /// The wire code (integer codes in decimal), if the response had one.
    fn code(&self) -> Option<&str> {
        self.meta().code()
    }

    /// The wire code as an integer.
    fn code_i64(&self) -> Option<i64> {
        self.meta().code_i64()
    }

    /// The vendor's message.
    fn message(&self) -> Option<&str> {
        self.meta().message()
    }

    /// The request id.
    fn request_id(&self) -> Option<&str> {
        self.meta().request_id()
    }

    /// The delay the response asked for, whatever the retry class.
    fn server_delay(&self) -> Option<Duration> {
        self.meta().server_delay()
    }

    /// The failing item's index in a bulk response.
    fn item(&self) -> Option<usize> {
        self.meta().item()
    }

    /// The whole raw response body.
    fn raw_body(&self) -> &Bytes {
        self.meta().body()
    }

    /// How the vendor says to retry this error.
    fn retry_class(&self) -> RetryClass {
        Self::__table().retry_class(self.__entry(), self.status())
    }

    /// The retry class with the server's delay when the class waits for it.
    fn retry(&self) -> Retry {
        Retry::new(self.retry_class(), self.server_delay())
    }

    /// The vendor's description of this error (`None` for the unknown fallback).
    fn description(&self) -> Option<&'static str> {
        self.__entry().and_then(|id| Self::__table().entry(id)).map(|e| e.description)
    }

    /// What to do about it, in the vendor's words.
    fn resolution(&self) -> Option<&'static str> {
        self.__entry().and_then(|id| Self::__table().entry(id)).and_then(|e| e.resolution)
    }

    /// The catalog's machine name, e.g. `"octopost"`.
    fn catalog_name() -> &'static str {
        Self::__table().name
    }

    /// The operation this enum decodes for, if it was generated with `operation = "…"`.
    fn operation() -> Option<&'static str> {
        Self::__table().scopes.get(Self::__scope()).and_then(|s| s.operation)
    }

    /// The vendor's backoff policy (errtable's default when the doc states none).
    fn backoff() -> Backoff {
        Self::__table().backoff
    }

    /// How to treat a request that got no response at all.
    fn transport_retry() -> RetryClass {
        Self::__table().transport
    }
}

/// `Display` for generated enums: the code and the vendor's message.
///
/// `rate_limited: Rate limit exceeded. Try again in 45 seconds.`; without a message the
/// catalog's description stands in; without a code, the status does.
#[doc(hidden)]
pub fn display(
    meta: &ErrorMeta,
    table: &CatalogTable,
    entry: Option<usize>,
    f: &mut fmt::Formatter<'_>,
) -> fmt::Result {
    let description = entry.and_then(|id| table.entry(id)).map(|e| e.description);
    let message = meta.message().filter(|m| Some(*m) != meta.code());
    match meta.code() {
        Some(code) => write!(f, "{code}")?,
        None => write!(f, "HTTP {}", meta.status())?,
    }
    match (message, description) {
        (Some(message), _) => write!(f, ": {message}")?,
        (None, Some(description)) => write!(f, ": {description}")?,
        (None, None) if meta.code().is_some() => write!(f, " (HTTP {})", meta.status())?,
        (None, None) => f.write_str(": unknown error")?,
    }
    if let Some(item) = meta.item() {
        write!(f, " (item {item})")?;
    }
    Ok(())
}
