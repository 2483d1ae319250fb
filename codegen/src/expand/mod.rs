//! What `#[errtable::catalog]` expands to, as tokens.
//!
//! [`expand`] emits the user's enum with one variant per entry, the catalog the runtime
//! decodes with (a `static` and a table of its entries), and a few small matches;
//! [`fallback`] emits the bare enum and inert impls for when the spec is broken, so users
//! see the spec's diagnostics rather than a cascade of "no variant" and "trait not
//! implemented" errors.
//!
//! Every path is absolute (`::errtable::__private_v1::…`, or the `crate = …` the user
//! gives), so the user's crate needs only `errtable` and no imports. Inside the
//! expansion's `const _` block the runtime's private module is `_errtable`, through which
//! the table and the per-variant arms also spell `Some` and `None` (thousands of times:
//! four tokens where `::core::option::Option::Some` is twelve; the prelude's names could
//! be shadowed by the user's items, and an import of them would shadow a user's enum
//! named like them).

pub mod docs;
mod impls;
mod table;
mod text;
mod variants;

use proc_macro2::{Span, TokenStream};
use quote::quote;
use syn::spanned::Spanned;

use crate::json::Json;
use crate::model::{Catalog, EntryId, Operation};

/// How to expand a catalog.
#[derive(Clone)]
pub struct Options {
    /// The operation whose table (plus the global one) the enum decodes with.
    pub operation: Option<String>,
    /// Where `operation` was written, for the error when the catalog has no such one.
    pub operation_span: Span,
    /// The catalog-wide enum this per-operation enum converts into.
    pub into: Option<syn::Path>,
    /// Path of the runtime crate (`::errtable` unless renamed).
    pub krate: syn::Path,
    /// Absolute path of the spec, included with `include_bytes!` so cargo rebuilds the
    /// crate when the spec changes. `None` for checked-in generated code.
    pub track: Option<String>,
    /// The spec path as the user wrote it, for documentation.
    pub spec_display: String,
    /// A fingerprint of the spec text ([`fingerprint`]), so a per-operation enum can
    /// check that its `into` target comes from the same spec.
    pub fingerprint: u64,
    /// Turns the Rust source the expansion writes as text (its data: the table, the
    /// variants, the per-variant arms) into tokens. [`Options::new`] uses proc-macro2's
    /// parser; the macro passes rustc's own lexer, skipping proc-macro2's check of the
    /// text by its unoptimized fallback lexer, which costs more than building the tokens
    /// one by one. The text is well-formed whatever the spec holds (spec text goes into
    /// string literals, or into doc comments only when it holds no line break), so that
    /// check could only find errtable's own bugs, which the CLI's expansion, parsed by
    /// proc-macro2, and the tests would show.
    pub tokens_from_text: fn(&str) -> Result<TokenStream, String>,
}

/// A fingerprint of the spec's bytes, stable across runs and platforms: sixteen bytes
/// at a time (little-endian), each half folded in by FxHash's rotate, xor and multiply,
/// then the last bytes and the length. Whole words and a plain loop because the macro
/// runs unoptimized, where FNV-1a's byte-by-byte fold cost 15 M instructions on a 400 KB
/// spec and this costs about 4 M (`ChunksExact` costs more than the bytes it saves).
pub fn fingerprint(bytes: &[u8]) -> u64 {
    let step =
        |hash: u64, word: u64| (hash.rotate_left(5) ^ word).wrapping_mul(0x517c_c1b7_2722_0a95);
    let mut hash = 0xcbf2_9ce4_8422_2325;
    let mut at = 0;
    while at + 16 <= bytes.len() {
        let words = u128::from_le_bytes(bytes[at..at + 16].try_into().unwrap_or_default());
        hash = step(step(hash, words as u64), (words >> 64) as u64);
        at += 16;
    }
    let mut last = [0; 16];
    last[..bytes.len() - at].copy_from_slice(&bytes[at..]);
    let words = u128::from_le_bytes(last);
    step(step(step(hash, words as u64), (words >> 64) as u64), bytes.len() as u64)
}

impl Options {
    /// Defaults: global table, `::errtable`, no tracking.
    pub fn new(spec_display: impl Into<String>) -> Options {
        Options {
            operation: None,
            operation_span: Span::call_site(),
            into: None,
            krate: syn::parse_quote!(::errtable),
            track: None,
            spec_display: spec_display.into(),
            fingerprint: 0,
            tokens_from_text: |text| {
                text.parse().map_err(|error: proc_macro2::LexError| error.to_string())
            },
        }
    }
}

/// The pieces every emitter needs.
pub(crate) struct Cx<'a> {
    pub(crate) catalog: &'a Catalog,
    pub(crate) shell: &'a syn::DeriveInput,
    pub(crate) options: &'a Options,
    /// The operation selected, if any.
    pub(crate) operation: Option<&'a Operation>,
    /// Index of the scope the enum decodes with (0 global, `i + 1` operation `i`).
    pub(crate) scope_index: usize,
    /// The entries that become variants, in order.
    pub(crate) variants: Vec<EntryId>,
    pub(crate) krate: &'a syn::Path,
}

impl Cx<'_> {
    /// The runtime's private module, versioned: a macro and a runtime from different
    /// releases fail at the first path rather than misbehave.
    pub(crate) fn private(&self) -> TokenStream {
        private(self.krate)
    }

    /// The alias of the runtime's private module inside the expansion's `const _` block
    /// (serde_derive's `_serde` does the same): one absolute path, then short ones.
    ///
    /// An identifier, not a token stream: rustc's proc-macro bridge joins streams one
    /// call at a time, while an identifier is one more token of the stream being built.
    pub(crate) fn alias(&self) -> syn::Ident {
        syn::Ident::new("_errtable", Span::call_site())
    }
}

/// `krate::__private_v1`.
pub(crate) fn private(krate: &syn::Path) -> TokenStream {
    quote!(#krate::__private_v1)
}

/// Checks the annotated enum: empty, not generic, an enum at all.
pub fn check_shell(shell: &syn::DeriveInput) -> syn::Result<()> {
    if !shell.generics.params.is_empty() || shell.generics.where_clause.is_some() {
        return Err(syn::Error::new(
            shell.generics.span(),
            "a catalog enum cannot be generic: its variants and fields come from the spec",
        ));
    }
    let syn::Data::Enum(data) = &shell.data else {
        return Err(syn::Error::new(
            shell.ident.span(),
            "#[errtable::catalog] goes on an empty enum: `pub enum VendorError {}`",
        ));
    };
    if let Some(variant) = data.variants.first() {
        return Err(syn::Error::new(
            variant.span(),
            "a catalog enum must be empty: its variants come from the spec\n\
             help: remove the variants; to handle codes in your own terms, use #[derive(errtable::Handle)] on another enum",
        ));
    }
    Ok(())
}

/// Expands `catalog` into `shell`.
pub fn expand(
    catalog: &Catalog,
    shell: &syn::DeriveInput,
    options: &Options,
) -> syn::Result<TokenStream> {
    check_shell(shell)?;
    let operation = match &options.operation {
        None => None,
        Some(name) => Some(catalog.operation(name).ok_or_else(|| {
            let known: Vec<&str> = catalog.operations.iter().map(|op| op.name.as_ref()).collect();
            let known = if known.is_empty() {
                format!("the `{}` catalog has no operations", catalog.name)
            } else {
                format!("its operations are: {}", known.join(", "))
            };
            syn::Error::new(
                options.operation_span,
                format!("unknown operation `{name}`\nhelp: {known}"),
            )
        })?),
    };
    if options.into.is_some() && operation.is_none() {
        return Err(syn::Error::new(
            options.into.span(),
            "`into` converts a per-operation enum into the catalog-wide one\nhelp: add `operation = \"...\"`, or remove `into`",
        ));
    }
    let scope_index = match operation {
        None => 0,
        Some(op) => 1 + catalog.operation_index(&op.name).unwrap_or(0),
    };
    let variants = match operation {
        None => (0..catalog.entries.len()).collect(),
        Some(op) => op.scope.entries.to_vec(),
    };
    let cx =
        Cx { catalog, shell, options, operation, scope_index, variants, krate: &options.krate };

    let object_types = variants::object_types(&cx);
    let enum_item = variants::enum_item(&cx);
    // With `into`, the catalog enum's statics serve this enum too.
    let statics = options.into.is_none().then(|| table::statics(&cx));
    let impls = impls::impls(&cx);
    let private = cx.private();
    let track = options.track.as_ref().map(|path| {
        quote! {
            // Makes cargo rebuild this crate when the spec changes.
            const _: &[u8] = include_bytes!(#path);
        }
    });
    Ok(quote! {
        #object_types
        #enum_item
        const _: () = {
            use #private as _errtable;
            #track
            #statics
            #impls
        };
    })
}

/// The enum and inert impls, emitted beside `compile_error!` when the spec is broken,
/// so the only errors users see are the spec's.
///
/// `variants` are the names a broken spec still shows (see [`salvage_variant_names`]);
/// with them, `match`es and `Handle` derives on the enum keep compiling.
pub fn fallback(shell: &syn::DeriveInput, krate: &syn::Path, variants: &[String]) -> TokenStream {
    let p = private(krate);
    let ident = &shell.ident;
    let attrs = &shell.attrs;
    let vis = &shell.vis;
    let debug =
        (!variants::derives_debug(&shell.attrs)).then(|| quote!(#[derive(::core::fmt::Debug)]));
    let names: Vec<syn::Ident> =
        variants.iter().map(|v| syn::Ident::new(v, Span::call_site())).collect();
    let meta = syn::Ident::new("meta", Span::mixed_site());
    let meta_arms = if names.is_empty() {
        quote!(match *self {})
    } else {
        let arms = names.chunks(impls::MAX_ALTERNATIVES).map(
            |chunk| quote!(#(#ident::#chunk { #meta })|* => (::core::option::Option::None, #meta),),
        );
        quote!(match self { #(#arms)* })
    };
    // Generics are themselves an error here; dropping them keeps it the only one.
    quote! {
        #(#attrs)*
        #debug
        #vis enum #ident {
            #(#names { #meta: #krate::ErrorMeta },)*
        }
        impl ::core::fmt::Display for #ident {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str("the catalog spec failed to load")
            }
        }
        impl ::std::error::Error for #ident {}
        impl #p::Generated for #ident {
            const VARIANTS: &'static [&'static str] = &[];
            const FALLBACK: &'static str = "";
            const NOT_A_VARIANT: &'static str = "";
            const SPEC: u64 = 0;
            const SPEC_FAILED: bool = true;
            fn decoder() -> &'static #p::Decoder {
                &#p::EMPTY_DECODER
            }
            fn scope() -> usize {
                0
            }
            fn from_decoded(_: #p::Decoded<'_>) -> Self {
                ::core::unreachable!("the catalog spec failed to load")
            }
            fn entry_and_meta(&self) -> (::core::option::Option<usize>, &#krate::ErrorMeta) {
                #meta_arms
            }
            fn field_values(&self) -> ::std::vec::Vec<(&'static str, #krate::FieldValue)> {
                ::std::vec::Vec::new()
            }
        }
        impl #krate::VendorError for #ident {}
    }
}

/// The variant names a broken spec still shows: its entries' `variant`s (global and
/// per operation, in document order, valid identifiers only, each once) and the
/// fallback's name. Nothing when the text is not JSON even read leniently (as response
/// bodies are), except the default fallback name.
pub fn salvage_variant_names(text: &str) -> Vec<String> {
    let doc = crate::json::parse(text.as_bytes()).unwrap_or_default();
    let variant = |entry: &Json| match entry.get("variant") {
        Some(Json::String(name)) => Some(name.clone()),
        _ => None,
    };
    let entries = |table: Option<&Json>| -> Vec<String> {
        match table {
            Some(Json::Array(entries)) => entries.iter().filter_map(variant).collect(),
            _ => Vec::new(),
        }
    };
    let mut found = entries(doc.get("errors"));
    for (_, operation) in doc.get("operations").map(Json::members).unwrap_or_default() {
        found.extend(entries(operation.get("errors")));
    }
    let fallback = match doc.get("unknown").and_then(|unknown| unknown.get("variant")) {
        Some(Json::String(name)) => name.clone(),
        _ => "Unknown".to_owned(),
    };
    found.push(fallback);
    let mut seen = std::collections::HashSet::new();
    found.retain(|name| crate::ident::is_upper_camel(name) && seen.insert(name.clone()));
    found
}

#[cfg(test)]
mod tests {
    /// Every byte and the length count, whatever the text's length modulo sixteen.
    #[test]
    fn fingerprints_tell_texts_apart() {
        let text = br#"{"errtable": 1, "name": "acme", "errors": [], "unknown": {}}"#;
        for len in 0..text.len() {
            let base = super::fingerprint(&text[..len]);
            let mut padded = text[..len].to_vec();
            padded.push(0);
            assert_ne!(base, super::fingerprint(&padded), "{len}");
            for at in 0..len {
                let mut changed = text[..len].to_vec();
                changed[at] ^= 0x20;
                assert_ne!(base, super::fingerprint(&changed), "{len} {at}");
            }
        }
    }

    /// The fallback's `entry_and_meta` binds `meta` in or-patterns of at most
    /// [`MAX_ALTERNATIVES`](super::impls::MAX_ALTERNATIVES), as the expansion's does.
    #[test]
    fn fallback_or_patterns_are_capped() {
        let shell: syn::DeriveInput = syn::parse_quote!(
            pub enum E {}
        );
        for (variants, arms) in [(1, 1), (64, 1), (65, 2), (130, 3)] {
            let names: Vec<String> = (0..variants).map(|i| format!("V{i}")).collect();
            let text = super::fallback(&shell, &syn::parse_quote!(::errtable), &names).to_string();
            let start = text.find("fn entry_and_meta").expect("entry_and_meta");
            let end = start + text[start..].find("fn field_values").expect("field_values");
            // Each arm: `E :: V0 { meta } | … => (… None , meta) ,`.
            let found: Vec<usize> = text[start..end]
                .split("=> (")
                .map(|arm| arm.matches("E ::").count())
                .filter(|&alternatives| alternatives > 0)
                .collect();
            assert_eq!(found.len(), arms, "{variants} variants: {found:?}");
            assert_eq!(found.iter().sum::<usize>(), variants);
            assert!(found.iter().all(|&n| n <= super::impls::MAX_ALTERNATIVES), "{found:?}");
        }
    }
}
