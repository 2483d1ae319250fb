//! The errtable engine: everything between a vendor's error spec and Rust code, with no
//! `proc_macro` dependency so it is unit-testable.
//!
//! - [`ast`]: the file format as written (serde, JSON Schema).
//! - [`load`]: reads a spec, validates it ([`valid`]) and reports every problem as a
//!   located [`Diagnostic`].
//! - [`model`]: the validated [`Catalog`] every consumer reads.
//! - [`interpret`]: the reference decoder of the same semantics as generated code.
//! - [`expand`]: the tokens `#[errtable::catalog]` expands to.
//! - [`handle`]: the tokens `#[derive(errtable::Handle)]` expands to.

pub mod ast;
pub mod diag;
pub mod expand;
pub mod handle;
pub mod ident;
pub mod interpret;
pub mod load;
pub mod locate;
pub mod model;
pub mod pointer;
#[cfg(feature = "schema")]
pub mod schema;
pub mod valid;

pub use diag::{Diagnostic, Diagnostics};
pub use load::{load_file, load_str};
pub use model::Catalog;
