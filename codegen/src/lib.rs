//! The errtable engine: everything between a vendor's error spec and Rust code, with no
//! `proc_macro` dependency so it is unit-testable.
//!
//! A spec concept travels through three places: [`ast`] (how the file writes it),
//! [`valid`] (its rules, and its lowering into the shared [`model`] of
//! `errtable-core`), and [`expand`] (the tokens that emit it). Around them:
//!
//! - [`load`]: reads a spec ([`json`] parses the text, [`read`] reads its sections into
//!   the [`ast`]), validates it and reports every problem as a located [`Diagnostic`]
//!   ([`diag`] collects, [`locate`] finds positions, [`render`] draws them).
//! - `interpret` (feature `interpret`): the reference decoder, an independent
//!   implementation of the semantics generated code has (the CLI's `explain`, the
//!   differential tests); the macro does not need it.
//! - [`handle`]: the tokens `#[derive(errtable::Handle)]` expands to.
//! - `schema` (feature `schema`): the JSON Schema of the spec format.

pub mod ast;
pub mod diag;
pub mod expand;
pub mod handle;
pub mod ident;
#[cfg(feature = "interpret")]
pub mod interpret;
pub mod json;
pub mod load;
pub mod locate;
pub mod model;
pub mod read;
pub mod render;
#[cfg(feature = "schema")]
pub mod schema;
pub mod valid;

pub use diag::{Diagnostic, Diagnostics};
pub use load::{load_bytes, load_file, load_str};
pub use model::Catalog;
