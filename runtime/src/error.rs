//! The trait generated enums implement for generic code, and the plumbing behind it.
//!
//! Users never import anything: every method below is also an inherent method of each
//! generated enum. [`VendorError`] is for code generic over catalogs (a retry executor,
//! a logging layer); [`Generated`] is what the macro implements, hidden.

use std::fmt;

use bytes::Bytes;
use errtable_core::{Backoff, Catalog, EntryId, Retry, RetryClass};

use crate::decode::{Decoded, Decoder};
use crate::errors::Errors;
use crate::field::FieldValue;
use crate::headers::{Headers, HeadersRef};
use crate::meta::ErrorMeta;

/// A typed error enum generated from a vendor's catalog by
/// `#[errtable::catalog]`, for code generic over catalogs.
///
/// Implemented only by generated enums (it requires their hidden plumbing).
pub trait VendorError: Generated + std::error::Error + Send + Sync + 'static {
    /// Decodes a response into the errors it carries: none for a success, usually one,
    /// several for bulk bodies and lists of codes. A success of a catalog that has no
    /// errors inside successful responses returns at once, without reading the body.
    fn decode<H: Headers + ?Sized>(status: u16, headers: &H, body: &[u8]) -> Errors<Self> {
        Self::decoder().decode_slice(
            Self::scope(),
            status,
            &HeadersRef(headers),
            body,
            Self::from_decoded,
        )
    }

    /// Like [`decode`](Self::decode), keeping `body` without copying it.
    fn decode_bytes<H: Headers + ?Sized>(status: u16, headers: &H, body: Bytes) -> Errors<Self> {
        Self::decoder().decode(
            Self::scope(),
            status,
            &HeadersRef(headers),
            body,
            Self::from_decoded,
        )
    }

    /// The response's metadata: status, code, message, request id, server delay, bulk
    /// item and the whole raw body.
    fn meta(&self) -> &ErrorMeta {
        self.error_meta()
    }

    /// How the vendor says to retry this error.
    fn retry_class(&self) -> RetryClass {
        let meta = self.meta();
        meta.retry_override()
            .unwrap_or_else(|| Self::catalog().retry_class(self.entry_id(), meta.status()))
    }

    /// The retry class with the server's delay when the class waits for it.
    fn retry(&self) -> Retry {
        Retry::new(self.retry_class(), self.meta().server_delay())
    }

    /// Whether the request that failed so was certainly not processed, so that even a
    /// non-idempotent request may be retried: a 429, or an error the vendor guarantees
    /// (`retry_safe` in its spec).
    fn is_retry_safe(&self) -> bool {
        let entry = self.entry_id().and_then(|id| Self::catalog().entries.get(id));
        self.meta().status() == 429 || entry.is_some_and(|e| e.retry_safe)
    }

    /// The Rust name of this error's variant, e.g. `"RateLimited"`.
    fn variant_name(&self) -> &'static str {
        let catalog = Self::catalog();
        match self.entry_id().and_then(|id| catalog.entries.get(id)) {
            Some(entry) => &entry.variant,
            None => &catalog.unknown.variant,
        }
    }

    /// Whether this is the fallback for a code or status the catalog does not document.
    fn is_fallback(&self) -> bool {
        self.entry_id().is_none()
    }

    /// The vendor's description of this error (`None` for the fallback).
    fn description(&self) -> Option<&'static str> {
        self.entry_id()
            .and_then(|id| Self::catalog().entries.get(id))
            .map(|e| e.description.as_ref())
    }

    /// What to do about it, in the vendor's words.
    fn resolution(&self) -> Option<&'static str> {
        self.entry_id()
            .and_then(|id| Self::catalog().entries.get(id))
            .and_then(|e| e.resolution.as_deref())
    }

    /// The variant's typed fields as [`FieldValue`]s, by the vendor's field names,
    /// present ones only.
    fn fields(&self) -> Vec<(&'static str, FieldValue)> {
        self.field_values()
    }

    /// The catalog: the vendor's whole table, as data. The first call reads the
    /// generated table of entries (allocating the catalog once; a first decode does too).
    fn catalog() -> &'static Catalog {
        Self::decoder().catalog()
    }

    /// The operation this enum decodes for, if it was generated with `operation = "…"`.
    fn operation() -> Option<&'static str> {
        let scope = Self::scope().checked_sub(1)?;
        Self::decoder().settings().operations.get(scope).map(|op| op.name.as_ref())
    }

    /// The vendor's backoff policy (errtable's default when the doc states none).
    fn backoff() -> Backoff {
        Self::decoder().settings().retry.backoff
    }

    /// How to treat a request that got no response at all.
    fn transport_retry() -> RetryClass {
        Self::decoder().settings().retry.transport
    }
}

/// What `#[errtable::catalog]` implements for each enum. Not a public API.
#[doc(hidden)]
pub trait Generated: Sized + 'static {
    /// Every variant name, the fallback last (for `Handle` derives to check theirs).
    const VARIANTS: &'static [&'static str];
    /// The fallback's variant name.
    const FALLBACK: &'static str;
    /// The compile error for a name that is not a variant, listing the valid ones.
    const NOT_A_VARIANT: &'static str;
    /// A fingerprint of the spec, so a per-operation enum can check that the catalog
    /// enum it converts into was generated from the same one.
    const SPEC: u64;
    /// Whether the enum is `#[non_exhaustive]`.
    const NON_EXHAUSTIVE: bool = false;
    /// Whether the spec failed to load (its errors are already reported).
    const SPEC_FAILED: bool = false;
    /// The catalog's decoder.
    fn decoder() -> &'static Decoder;
    /// The scope the enum decodes with: 0 for the global table, `i + 1` for operation `i`.
    fn scope() -> usize;
    /// The variant of a decoded error.
    fn from_decoded(decoded: Decoded<'_>) -> Self;
    /// The catalog entry of this variant (`None` for the fallback) and the metadata every
    /// variant carries: one `match` over the variants for both, since rustc's check of a
    /// match grows with the square of its arms.
    fn entry_and_meta(&self) -> (Option<EntryId>, &ErrorMeta);
    /// The catalog entry of this variant; `None` for the fallback.
    fn entry_id(&self) -> Option<EntryId> {
        self.entry_and_meta().0
    }
    /// The metadata every variant carries.
    fn error_meta(&self) -> &ErrorMeta {
        self.entry_and_meta().1
    }
    /// The typed fields as [`FieldValue`]s.
    fn field_values(&self) -> Vec<(&'static str, FieldValue)>;
}

/// Whether `error` is the variant of catalog entry `entry`: the body of every generated
/// `is_*()` helper. A call with a literal costs rustc less to check, helper by helper,
/// than the comparison of two `Option`s it stands for (−5 % of a 1,000-code crate's
/// check, counted with callgrind; BENCHMARKS.md).
pub fn is_entry<E: Generated>(error: &E, entry: usize) -> bool {
    error.entry_id() == Some(entry)
}

/// `Debug` for generated enums, as `#[derive(Debug)]` would write it: the variant, its
/// typed fields (`None` when absent), then `meta`. A runtime function rather than a
/// derive: a derived `Debug` is one `match` per catalog whose cost rustc pays per
/// variant, on every build.
pub fn debug(
    meta: &ErrorMeta,
    catalog: &Catalog,
    entry: Option<EntryId>,
    values: Vec<(&'static str, FieldValue)>,
    f: &mut fmt::Formatter<'_>,
) -> fmt::Result {
    let entry = entry.and_then(|id| catalog.entries.get(id));
    let variant = entry.map_or(catalog.unknown.variant.as_ref(), |e| e.variant.as_ref());
    let mut out = f.debug_struct(variant);
    for field in entry.map(|e| e.fields.as_ref()).unwrap_or_default() {
        let value = values.iter().find(|(name, _)| *name == field.name).map(|(_, v)| v);
        out.field(&field.rust_name, &value);
    }
    out.field("meta", meta).finish()
}

/// `Display` for generated enums: the code and the vendor's message.
///
/// `rate_limited: Rate limit exceeded. Try again in 45 seconds.`; without a message the
/// catalog's description stands in; without a code, the status does.
pub fn display(
    meta: &ErrorMeta,
    catalog: &Catalog,
    entry: Option<EntryId>,
    f: &mut fmt::Formatter<'_>,
) -> fmt::Result {
    let description = entry.and_then(|id| catalog.entries.get(id)).map(|e| e.description.as_ref());
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
