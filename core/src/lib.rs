//! The vocabulary errtable's runtime (`errtable`) and engine (`errtable-codegen`) share.
//!
//! Every concept a spec can state is defined here once: [`RetryClass`], [`Backoff`] and
//! its [`Jitter`], the fallback's [`UnknownRule`], [`FieldType`]s, value [`Source`]s and
//! [`DelaySource`]s, JSON [`Pointer`]s, server-delay parsing ([`delay`]) and the
//! [`Catalog`] data model itself. The engine lowers a spec into a [`Catalog`]; the macro
//! emits that same value, as a `static` and a [`table`] of its entries that the runtime
//! reads on first use; the runtime decodes with it and the engine's interpreter reads it.
//! Text and lists are [`Text`] and [`List`] (`Cow<'static, …>`), so one type serves both
//! the owned model and the emitted one.
//!
//! Nothing here depends on `proc_macro`, `syn` or `serde`.
#![forbid(unsafe_code)]

pub mod backoff;
pub mod catalog;
pub mod delay;
pub mod field;
pub mod pointer;
pub mod retry;
pub mod source;
pub mod status;
pub mod table;

pub use crate::backoff::{Backoff, Jitter};
pub use crate::catalog::{
    Catalog, Code, CodeNormalize, Condition, EmbeddedRule, Entry, EntryId, Envelope, Field,
    ObjectType, Operation, OperationRow, RetryOverride, RetrySettings, Scalar, Scope,
};
pub use crate::field::FieldType;
pub use crate::pointer::{Pointer, PointerError};
pub use crate::retry::{Retry, RetryClass};
pub use crate::source::{DelaySource, Source};
pub use crate::status::{StatusPattern, UnknownRule};

/// Text in a catalog: borrowed from the binary in an emitted table, owned in the engine.
pub type Text = std::borrow::Cow<'static, str>;

/// A list in a catalog: a `static` slice in emitted code (a `Vec` for the statuses of a
/// [`table`] row), a `Vec` in the engine.
pub type List<T> = std::borrow::Cow<'static, [T]>;
