//! Typed errors, decoders and retry classification generated from a vendor's error
//! documentation.
//!
//! A client crate points [`catalog`] at a JSON spec of the vendor's error tables:
//!
//! ```
//! use errtable::{CatalogError, Retry};
//! use std::time::Duration;
//!
//! /// Errors of the Octopost API.
//! #[errtable::catalog(spec = "../../specs/octopost.json")]
//! pub enum OctopostError {}
//!
//! let body = br#"{"error": "Slow down", "code": "rate_limited", "details": {"retry_after": 45}}"#;
//! let errors = OctopostError::decode(429, &[("X-Request-Id", "req_1")], body);
//! match &errors[..] {
//!     [OctopostError::RateLimited { retry_after, .. }] => assert_eq!(*retry_after, Some(45)),
//!     other => panic!("{other:?}"),
//! }
//! assert_eq!(errors[0].retry(), Retry::After(Some(Duration::from_secs(45))));
//! assert_eq!(errors[0].to_string(), "rate_limited: Slow down");
//! ```
//!
//! and gets one variant per documented code or status (with typed fields and the
//! vendor's documentation), a fallback variant that keeps everything of a response the
//! catalog does not describe, a decoder from status, headers and body to the errors a
//! response carries, and each error's retry class. See the README for the spec format.
//!
//! This crate holds what generated code needs at run time: the [`CatalogError`] trait,
//! [`ErrorMeta`], retry classes and [`Backoff`] policies, [`Headers`] lookup and
//! [`retry_after`] parsing.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod decode;
mod error;
mod field;
mod handle;
mod headers;
mod meta;
pub mod retry;
pub mod retry_after;
mod table;

pub use crate::error::CatalogError;
pub use crate::field::FieldValue;
pub use crate::headers::{Headers, NoHeaders};
pub use crate::meta::ErrorMeta;
pub use crate::retry::{Backoff, Jitter, Retry, RetryClass};
pub use bytes::Bytes;
pub use errtable_macros::{Handle, catalog};

/// What generated code calls. Not a public API: it changes without notice.
#[doc(hidden)]
pub mod __private {
    pub use crate::decode::{Decoded, decode};
    pub use crate::error::display;
    pub use crate::field::{
        FieldValue, FromFieldValue, ObjectField, ObjectFields, ToFieldValue, VariantFields,
        push_field,
    };
    pub use crate::handle::{assert_exhaustive, assert_variant};
    pub use crate::table::*;
    pub use std::sync::OnceLock;
}
