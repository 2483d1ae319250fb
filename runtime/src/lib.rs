//! The run-time half of [errtable](https://docs.rs/errtable): what generated code needs
//! when it runs. Depend on `errtable`, which re-exports all of this crate beside the
//! macros; its documentation is the one to read.
//!
//! It holds [`ErrorMeta`], [`Errors`], [`Headers`], the decoder generated code drives,
//! the retry executor ([`retry`]) and the HTTP integrations behind features, and the
//! vocabulary it shares with the engine (re-exported from `errtable-core`):
//! [`RetryClass`], [`Retry`], [`Backoff`], server [`delay`]s. It is a crate of its own,
//! apart from the macros, so that cargo compiles it while the macros' engine compiles.
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

/// What generated code calls. Not a public API: it changes without notice.
///
/// The version in its name is the contract between this crate and the macro that
/// generates code against it: a macro from another release emits another name, and the
/// build fails loudly at the first path instead of misbehaving.
#[doc(hidden)]
pub mod __private_v1 {
    pub use crate::RawJson;
    pub use crate::decode::{Decoded, Decoder, EMPTY_DECODER};
    pub use crate::error::{Generated, debug, display, is_entry};
    pub use crate::field::{
        FieldValue, FromFieldValue, ObjectField, ObjectFields, ToFieldValue, VariantFields,
        push_field,
    };
    pub use crate::handle::{assert_exhaustive, assert_fallback, assert_same_spec, assert_variant};
    pub use errtable_core::catalog::*;
    pub use errtable_core::delay::DelayFormat;
    pub use errtable_core::table::Table;
    pub use errtable_core::{
        Backoff, DelaySource, FieldType, Jitter, Pointer, RetryClass, Source, StatusPattern,
        UnknownRule,
    };
    pub use std::borrow::Cow::Borrowed;
    // Spelt through the alias (as serde_derive's `_serde::__private::Some`): short, and
    // out of reach of a user's item named like them.
    pub use std::option::Option::{self, None, Some};
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
