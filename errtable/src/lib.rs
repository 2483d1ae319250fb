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
//! This crate is the two halves users need, re-exported: the macros ([`catalog`],
//! [`Handle`]) and the run-time crate (`errtable-runtime`): [`ErrorMeta`], [`Errors`],
//! [`Headers`], the retry executor ([`retry`]), the HTTP integrations behind features,
//! and the vocabulary shared with the engine: [`RetryClass`], [`Retry`], [`Backoff`],
//! server [`delay`]s. Generated code names its paths through this crate
//! (`::errtable::__private_v1`), so a client depends on `errtable` alone.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub use errtable_macros::{Handle, catalog};
pub use errtable_runtime::*;
