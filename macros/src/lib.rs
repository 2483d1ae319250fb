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
/// ```
/// #[errtable::catalog(spec = "../../specs/octopost.json")]
/// pub enum OctopostError {}
///
/// let errors = OctopostError::decode(502, &[], b"<html>Bad Gateway</html>");
/// assert!(errors[0].is_bad_gateway());
/// assert_eq!(errors[0].retry(), errtable::Retry::Backoff);
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

/// Maps every variant of a catalog enum to one of your own actions, checked at compile
/// time: a catalog variant left out is a compile error naming it.
///
/// ```
/// # #[errtable::catalog(spec = "../../specs/octopost.json")]
/// # #[derive(Clone)]
/// # pub enum OctopostError {}
/// #[derive(Debug, errtable::Handle)]
/// #[handle(OctopostError)]
/// enum Next {
///     #[on(Unauthorized, Forbidden)] FixCredentials,
///     #[on(RateLimited)] Wait { retry: errtable::Retry, retry_after: Option<i64> },
///     #[on(ServerError, BadGateway, ServiceUnavailable, GatewayTimeout)] Retry,
///     #[on(ValidationError, BadRequest, NotFound, Conflict)] FixInput,
///     #[on(unknown)] Escalate(OctopostError),
/// }
///
/// let body = br#"{"code": "rate_limited", "details": {"retry_after": 45}}"#;
/// let error = OctopostError::decode(429, &[], body).into_first().unwrap();
/// assert!(matches!(Next::from(&error), Next::Wait { retry_after: Some(45), .. }));
/// ```
///
/// Implements `From<&CatalogEnum>` and `From<CatalogEnum>`. Fields of an action are
/// filled by name: `error` (the error itself, cloned), `retry` (its `errtable::Retry`),
/// `meta` (its `ErrorMeta`), or a field of the catalog variant with the same name; a
/// one-field tuple variant carries the error itself. `unknown` names the fallback when
/// it has its default name, `Unknown` (the build fails if it has another).
#[proc_macro_derive(Handle, attributes(handle, on))]
pub fn handle(input: TokenStream) -> TokenStream {
    let input = syn::parse_macro_input!(input as syn::DeriveInput);
    errtable_codegen::handle::expand(&input).unwrap_or_else(syn::Error::into_compile_error).into()
}
