//! Proc-macro shim of errtable. It parses attribute arguments, finds the spec file and
//! hands everything else to `errtable-codegen`, which has no `proc_macro` dependency and
//! is unit-tested on its own.
//!
//! Use these macros through the `errtable` crate (`errtable::catalog`).
#![forbid(unsafe_code)]

extern crate proc_macro;

mod args;
mod catalog;

use proc_macro::TokenStream;

/// Generates a typed error enum, its decoder and its retry classification from a
/// vendor error spec.
///
/// ```ignore
/// #[errtable::catalog(spec = "../specs/octopost.json")]
/// pub enum OctopostError {}
/// ```
///
/// Arguments:
/// - `spec = "path"` (required): the spec, relative to the file containing the
///   attribute, like `include_str!`.
/// - `operation = "Name"`: decode with that operation's code table plus the global one.
/// - `into = path::CatalogEnum`: with `operation`, implement `From<ThisEnum>` for the
///   catalog-wide enum.
/// - `crate = path`: where the `errtable` crate is, if renamed.
///
/// See the `errtable` crate documentation and the README for the generated API.
#[proc_macro_attribute]
pub fn catalog(args: TokenStream, input: TokenStream) -> TokenStream {
    catalog::expand(args.into(), input.into()).into()
}
