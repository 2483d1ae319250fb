//! Typed errors, decoders and retry classification generated from a vendor's error
//! documentation.
//!
//! A client crate points [`catalog`] at a JSON spec of the vendor's error tables:
//!
//! ```
//! use errtable::Retry;
//! use std::time::Duration;
//!
//! /// Errors of the Octopost API.
//! #[errtable::catalog(spec = "../../specs/octopost.json")]
//! pub enum OctopostError {}
//!
//! let body = br#"{"error": "Slow down", "code": "rate_limited", "details": {"retry_after": 45}}"#;
//! let errors = OctopostError::decode(429, &[("Retry-After", "30")], body);
//! let Some(OctopostError::RateLimited { retry_after, .. }) = errors.first() else {
//!     panic!("{errors:?}")
//! };
//! assert_eq!(*retry_after, Some(45));
//! // The spec reads the `Retry-After` header first, then `details.retry_after`.
//! assert_eq!(errors[0].retry(), Retry::After(Some(Duration::from_secs(30))));
//! assert_eq!(errors[0].to_string(), "rate_limited: Slow down");
//! ```
//!
//! and gets one variant per documented code or status (with typed fields and the
//! vendor's documentation), a fallback variant that keeps everything of a response the
//! catalog does not describe, a decoder from status, headers and body to the [`Errors`]
//! a response carries, and each error's retry class. Every method is inherent: nothing
//! needs importing. Generic code uses the [`VendorError`] trait. See the README for the
//! spec format.
//!
//! This crate holds what generated code needs at run time: [`ErrorMeta`], [`Errors`],
//! [`Headers`], and the vocabulary it shares with the engine (re-exported from
//! `errtable-core`): [`RetryClass`], [`Retry`], [`Backoff`], server [`delay`]s.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod decode;
mod error;
mod errors;
mod field;
mod handle;
mod headers;
#[cfg(feature = "http")]
pub mod http;
mod meta;
#[cfg(any(feature = "reqwest", feature = "reqwest-blocking"))]
pub mod reqwest;
pub mod retry;
#[cfg(feature = "tower")]
pub mod tower;

pub use crate::error::VendorError;
pub use crate::errors::{Errors, Warning};
pub use crate::field::{FieldValue, RawJson};
pub use crate::headers::{Headers, NoHeaders};
pub use crate::meta::ErrorMeta;
pub use bytes::Bytes;
pub use errtable_core::delay;
pub use errtable_core::{Backoff, Catalog, Jitter, Retry, RetryClass};
pub use errtable_macros::{Handle, catalog};

/// What generated code calls. Not a public API: it changes without notice.
///
/// The version in its name is the contract between this crate and the macro that
/// generates code against it: a macro from another release emits another name, and the
/// build fails loudly at the first path instead of misbehaving.
#[doc(hidden)]
pub mod __private_v1 {
    pub use crate::RawJson;
    pub use crate::decode::{Decoded, Decoder, EMPTY_DECODER};
    pub use crate::error::{Generated, debug, display};
    pub use crate::field::{
        FieldValue, FromFieldValue, ObjectField, ObjectFields, ToFieldValue, VariantFields,
        push_field,
    };
    pub use crate::handle::{assert_exhaustive, assert_fallback, assert_same_spec, assert_variant};
    pub use errtable_core::catalog::*;
    pub use errtable_core::delay::DelayFormat;
    pub use errtable_core::{
        Backoff, DelaySource, FieldType, Jitter, Pointer, RetryClass, Source, StatusPattern,
        UnknownRule,
    };
    pub use std::borrow::Cow::Borrowed;
    pub use std::time::Duration;

    // The public items generated code names, so it needs one alias only.
    pub use crate::{Bytes, Catalog, ErrorMeta, Errors, Headers, Retry, VendorError};

    /// `Some` text of a generated catalog.
    pub const fn some(text: &'static str) -> Option<errtable_core::Text> {
        Some(Borrowed(text))
    }

    /// A string wire code of a generated catalog.
    pub const fn code_str(code: &'static str) -> Option<errtable_core::Code> {
        Some(errtable_core::Code::Str(Borrowed(code)))
    }

    /// An integer wire code of a generated catalog.
    pub const fn code_int(code: i64) -> Option<errtable_core::Code> {
        Some(errtable_core::Code::Int(code))
    }
}
