//! The enum's impls: the hidden plumbing (one small `match` each), `Display`, the
//! inherent API (one-line delegations to the runtime, so nothing needs importing), the
//! `is_*()` helpers and the conversion into the catalog-wide enum.

use std::fmt::Write as _;

use proc_macro2::{Literal, Span, TokenStream};
use quote::{format_ident, quote};

use super::Cx;
use super::text::{FirstSeen, RustText};
use super::variants::{self, ident as field_ident, ident_text, is_non_exhaustive};

/// Every impl of the enum.
pub(crate) fn impls(cx: &Cx) -> TokenStream {
    let generated = generated(cx);
    let display = display(cx);
    let inherent = inherent(cx);
    let into = into(cx);
    quote! {
        #generated
        #display
        #inherent
        #into
    }
}

/// A local binding with the macro's own (mixed-site) span, apart from any local variable
/// of the caller's (see `text.rs` on what that does not cover).
fn local(name: &str) -> syn::Ident {
    syn::Ident::new(name, Span::mixed_site())
}

fn variant_ident(cx: &Cx, id: usize) -> syn::Ident {
    format_ident!("{}", cx.catalog.entries[id].variant.as_ref())
}

/// `impl Generated` (what the runtime needs) and `impl VendorError`.
///
/// Its constants and methods are written as text ([`RustText`]): its matches have an arm
/// per variant. The rest is tokens, the user's `into` path and enum name among them.
fn generated(cx: &Cx) -> TokenStream {
    let ident = &cx.shell.ident;
    let entries = &cx.catalog.entries;
    let variant = |id: usize| entries[id].variant.as_ref();
    let fallback = cx.catalog.unknown.variant.as_ref();
    // Variants are named by the enum's name, not `Self`: rustc finds `Self::X` by
    // comparing X with every variant's name, a cost that grows with the enum squared.
    let name = ident.to_string();
    let mut out = RustText::with_capacity(64 * (cx.variants.len() + 8));
    if is_non_exhaustive(&cx.shell.attrs) {
        out.put("const NON_EXHAUSTIVE: bool = true;\n");
    }

    // For `Handle` derives, which only know the enum's path.
    out.put("const VARIANTS: &'static [&'static str] = &[");
    for &id in &cx.variants {
        out.literal(variant(id));
        out.put(", ");
    }
    out.literal(fallback);
    out.put("];\nconst FALLBACK: &'static str = ");
    out.literal(fallback);
    let alias = if fallback == crate::handle::FALLBACK_DEFAULT {
        format!(" (`{}` stands for `{fallback}`)", crate::handle::UNKNOWN_ALIAS)
    } else {
        String::new()
    };
    let all_names: Vec<&str> =
        cx.variants.iter().map(|&id| variant(id)).chain([fallback]).collect();
    out.put(";\nconst NOT_A_VARIANT: &'static str = ");
    out.literal(&format!(
        "not a variant of `{ident}`; its variants are: {}{alias}",
        all_names.join(", ")
    ));
    out.write(format_args!(";\nconst SPEC: u64 = {};\n", cx.options.fingerprint));
    let consts = out.into_tokens(cx);
    let p = cx.alias();
    let decoder = match &cx.options.into {
        // A per-operation enum decodes with its catalog enum's decoder (and table).
        Some(target) => quote!(<#target as #p::Generated>::decoder()),
        None => quote!(&DECODER),
    };

    let mut out = RustText::with_capacity(256 * (cx.variants.len() + 8));
    out.write(format_args!("fn scope() -> usize {{\n{}\n}}\n", cx.scope_index));

    let any_fields = cx.variants.iter().any(|&id| !entries[id].fields.is_empty());
    let mut builders = RustText::default();
    from_decoded(cx, &name, any_fields, &mut out, &mut builders);

    // One match for both: rustc checks a match in time that grows with its arms squared.
    out.put("fn entry_and_meta(&self) -> (::core::option::Option<usize>, &_errtable::ErrorMeta) {\nmatch self {\n");
    for &id in &cx.variants {
        out.write(format_args!(
            "{name}::{} {{ meta, .. }} => (_errtable::Some({id}), meta),\n",
            variant(id)
        ));
    }
    out.write(format_args!("{name}::{fallback} {{ meta }} => (_errtable::None, meta),\n}}\n}}\n"));

    out.put("fn field_values(&self) -> ::std::vec::Vec<(&'static str, _errtable::FieldValue)> {\n");
    if any_fields {
        out.put(
            "let mut out = ::std::vec::Vec::new();\n#[allow(unreachable_patterns)]\nmatch self {\n",
        );
        let groups = variants_by_fields(cx);
        for ids in groups.iter().flat_map(|group| group.chunks(MAX_ALTERNATIVES)) {
            let fields = &entries[ids[0]].fields;
            for (i, &id) in ids.iter().enumerate() {
                out.put(if i == 0 { "" } else { " | " });
                out.put(&name);
                out.put("::");
                out.put(variant(id));
                out.put(" { ");
                for field in fields.iter() {
                    out.write(format_args!("{}, ", ident_text(&field.rust_name)));
                }
                out.put(".. }");
            }
            out.put(" => {\n");
            for field in fields.iter() {
                out.put("_errtable::push_field(&mut out, ");
                out.literal(&field.name);
                out.write(format_args!(", {});\n", ident_text(&field.rust_name)));
            }
            out.put("}\n");
        }
        out.put("_ => {}\n}\nout\n");
    } else {
        out.put("::std::vec::Vec::new()\n");
    }
    out.put("}\n");
    let methods = out.into_tokens(cx);
    let builders = builders.into_tokens(cx);
    quote! {
        #builders
        impl #p::Generated for #ident {
            #consts
            fn decoder() -> &'static #p::Decoder {
                #decoder
            }
            #methods
        }
        impl #p::VendorError for #ident {}
    }
}

/// The most entries one `match` of `from_decoded` builds; a larger enum's are spread
/// over functions of this many. rustc checks a match in time that grows with its arms
/// squared (exhaustiveness, the lowering to MIR) and borrow-checks a function in time
/// that grows with its blocks times its borrows: at 5,000 codes, one match of 5,000
/// arms cost 3.2 G instructions of rustc's 21.4 G, against 1.6 G in functions of 64
/// (BENCHMARKS.md, "The generated code, counted").
const ENTRIES_PER_FUNCTION: usize = 64;

/// `Generated::from_decoded`: the variant of a decoded entry number, its fields taken in
/// order. Up to [`ENTRIES_PER_FUNCTION`] variants, one `match`; beyond, a `match` on
/// ranges of entry numbers that calls a function per range (`from_decoded_0`, …,
/// written to `functions`), each a `match` of its own.
fn from_decoded(
    cx: &Cx,
    name: &str,
    any_fields: bool,
    out: &mut RustText,
    functions: &mut RustText,
) {
    let entries = &cx.catalog.entries;
    let fallback = cx.catalog.unknown.variant.as_ref();
    // One arm per entry: `3 => E::RateLimited { limit: fields.next(), meta },`.
    let arm = |out: &mut RustText, pattern: std::fmt::Arguments<'_>, id: usize| {
        out.write(pattern);
        out.write(format_args!(" => {name}::{} {{ ", entries[id].variant));
        for field in entries[id].fields.iter() {
            out.write(format_args!("{}: fields.next(), ", ident_text(&field.rust_name)));
        }
        out.put("meta },\n");
    };
    out.put("fn from_decoded(decoded: _errtable::Decoded<'_>) -> Self {\n");
    let one_match = cx.variants.len() <= ENTRIES_PER_FUNCTION;
    out.put(match (any_fields, one_match) {
        (false, _) => "let _errtable::Decoded { entry, meta, .. } = decoded;\n",
        (true, true) => "let _errtable::Decoded { entry, meta, mut fields } = decoded;\n",
        // Handed on to the functions that take them.
        (true, false) => "let _errtable::Decoded { entry, meta, fields } = decoded;\n",
    });
    out.put("match entry {\n");
    if one_match {
        for &id in &cx.variants {
            arm(out, format_args!("_errtable::Some({id})"), id);
        }
    } else {
        // Ranges of entry numbers: an operation's enum holds some of the catalog's
        // entries, in its table's order.
        let mut ids = cx.variants.clone();
        ids.sort_unstable();
        for (n, chunk) in ids.chunks(ENTRIES_PER_FUNCTION).enumerate() {
            let (first, last) = (chunk[0], chunk[chunk.len() - 1]);
            let fields = chunk.iter().any(|&id| !entries[id].fields.is_empty());
            out.write(format_args!("_errtable::Some(entry @ {first}..={last}) => "));
            out.write(format_args!(
                "from_decoded_{n}(entry, meta{}),\n",
                if any_fields { ", fields" } else { "" }
            ));
            functions.write(format_args!(
                "fn from_decoded_{n}(entry: usize, meta: _errtable::ErrorMeta"
            ));
            functions.put(match (any_fields, fields) {
                (false, _) => "",
                (true, false) => ", _: _errtable::VariantFields<'_>",
                (true, true) => ", mut fields: _errtable::VariantFields<'_>",
            });
            functions.write(format_args!(") -> {name} {{\nmatch entry {{\n"));
            for &id in chunk {
                arm(functions, format_args!("{id}"), id);
            }
            functions.write(format_args!("_ => {name}::{fallback} {{ meta }},\n}}\n}}\n"));
        }
    }
    out.write(format_args!("_ => {name}::{fallback} {{ meta }},\n}}\n}}\n"));
}

/// The most alternatives the expansion puts in one or-pattern. rustc checks that the
/// alternatives of an or-pattern bind the same names pair by pair, so one of n
/// alternatives costs n² in name resolution (0.3 s of it for one of 5,000, against
/// 0.2 s for the whole crate's with patterns of 64).
pub(crate) const MAX_ALTERNATIVES: usize = 64;

/// The variants with fields, those whose fields have the same names and types together
/// (in the order each group first appears): one `match` arm serves each group, so a
/// vendor's `details` shape shared by many codes is one arm, not one per code.
fn variants_by_fields(cx: &Cx) -> Vec<Vec<usize>> {
    let mut groups: Vec<Vec<usize>> = Vec::new();
    // Keyed by the names and types as text.
    let mut seen = FirstSeen::default();
    let mut key = String::new();
    for &id in &cx.variants {
        let fields = &cx.catalog.entries[id].fields;
        if fields.is_empty() {
            continue;
        }
        key.clear();
        for field in fields.iter() {
            let _ = write!(key, "{}\0{}\0{:?}\0", field.name, field.rust_name, field.ty);
        }
        match seen.number(&key) {
            (_, true) => groups.push(vec![id]),
            (group, false) => groups[group].push(id),
        }
    }
    groups
}

fn display(cx: &Cx) -> TokenStream {
    let p = cx.alias();
    let ident = &cx.shell.ident;
    let f = local("f");
    // Unless the user derives it: a runtime function, not a derived `match`.
    let debug = (!variants::derives_debug(&cx.shell.attrs)).then(|| {
        quote! {
            impl ::core::fmt::Debug for #ident {
                fn fmt(&self, #f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    #p::debug(
                        #p::VendorError::meta(self),
                        <Self as #p::VendorError>::catalog(),
                        #p::Generated::entry_id(self),
                        #p::Generated::field_values(self),
                        #f,
                    )
                }
            }
        }
    });
    quote! {
        impl ::core::fmt::Display for #ident {
            fn fmt(&self, #f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                #p::display(
                    #p::VendorError::meta(self),
                    <Self as #p::VendorError>::catalog(),
                    #p::Generated::entry_id(self),
                    #f,
                )
            }
        }
        #debug
        impl ::std::error::Error for #ident {}
    }
}

/// The API users call, inherent so no trait needs importing: each method delegates to
/// the runtime (through `VendorError`), and each `is_*()` helper passes the variant's
/// entry number to one runtime function, so no helper holds a `match` of its own (or
/// even a comparison) for rustc to check.
fn inherent(cx: &Cx) -> TokenStream {
    let p = cx.alias();
    let ident = &cx.shell.ident;
    let vendor = quote!(#p::VendorError);
    // The `is_*()` helpers, one per variant: written as text.
    let mut helpers = RustText::with_capacity(160 * (cx.variants.len() + 1));
    let mut helper = |name: &str, id: Option<usize>| {
        let method = crate::valid::helper_name(name);
        // The fallback's own helper would be `is_fallback()`, which every enum has.
        if crate::valid::RESERVED_HELPERS.contains(&method.as_str()) {
            return;
        }
        helpers.write(format_args!(
            "/// Whether this is [`{ident}::{name}`].\n#[must_use]\npub fn {method}(&self) -> bool {{\n"
        ));
        match id {
            Some(id) => helpers.write(format_args!("_errtable::is_entry(self, {id})\n}}\n")),
            None => helpers.put("_errtable::VendorError::is_fallback(self)\n}\n"),
        }
    };
    for &id in &cx.variants {
        helper(cx.catalog.entries[id].variant.as_ref(), Some(id));
    }
    helper(cx.catalog.unknown.variant.as_ref(), None);
    let helpers = helpers.into_tokens(cx);
    quote! {
        impl #ident {
            /// Decodes a response into the errors it carries: none for a success, usually
            /// one, several for bulk bodies and lists of codes.
            pub fn decode<H: #p::Headers + ?::core::marker::Sized>(
                status: u16,
                headers: &H,
                body: &[u8],
            ) -> #p::Errors<Self> {
                <Self as #vendor>::decode(status, headers, body)
            }
            /// Like `decode`, keeping `body` without copying it.
            pub fn decode_bytes<H: #p::Headers + ?::core::marker::Sized>(
                status: u16,
                headers: &H,
                body: #p::Bytes,
            ) -> #p::Errors<Self> {
                <Self as #vendor>::decode_bytes(status, headers, body)
            }
            /// Status, code, message, request id, server delay, bulk item and raw body.
            pub fn meta(&self) -> &#p::ErrorMeta {
                #vendor::meta(self)
            }
            /// The HTTP status of the response.
            pub fn status(&self) -> u16 {
                #vendor::meta(self).status()
            }
            /// The wire code (integer codes in decimal), if the response had one.
            pub fn code(&self) -> ::core::option::Option<&str> {
                #vendor::meta(self).code()
            }
            /// The vendor's message.
            pub fn message(&self) -> ::core::option::Option<&str> {
                #vendor::meta(self).message()
            }
            /// The request id, for support tickets.
            pub fn request_id(&self) -> ::core::option::Option<&str> {
                #vendor::meta(self).request_id()
            }
            /// How the vendor says to retry this error.
            pub fn retry_class(&self) -> #p::RetryClass {
                #vendor::retry_class(self)
            }
            /// The retry class, with the server's delay when the class waits for it.
            pub fn retry(&self) -> #p::Retry {
                #vendor::retry(self)
            }
            /// The Rust name of this error's variant.
            pub fn variant_name(&self) -> &'static str {
                #vendor::variant_name(self)
            }
            /// Whether this is the fallback for a code or status the catalog does not document.
            pub fn is_fallback(&self) -> bool {
                #vendor::is_fallback(self)
            }
            /// Whether the request was certainly not processed (a 429, or an error the
            /// vendor guarantees), so even a non-idempotent request may be retried.
            pub fn is_retry_safe(&self) -> bool {
                #vendor::is_retry_safe(self)
            }
            /// The vendor's description of this error (`None` for the fallback).
            pub fn description(&self) -> ::core::option::Option<&'static str> {
                #vendor::description(self)
            }
            /// What to do about it, in the vendor's words.
            pub fn resolution(&self) -> ::core::option::Option<&'static str> {
                #vendor::resolution(self)
            }
            /// The typed fields, by the vendor's field names, present ones only.
            pub fn fields(&self) -> ::std::vec::Vec<(&'static str, #p::FieldValue)> {
                #vendor::fields(self)
            }
            /// The catalog: the vendor's whole table, as data.
            pub fn catalog() -> &'static #p::Catalog {
                <Self as #vendor>::catalog()
            }
            /// The operation this enum decodes for, if it was generated for one.
            pub fn operation() -> ::core::option::Option<&'static str> {
                <Self as #vendor>::operation()
            }
            /// The vendor's backoff policy (errtable's default when the doc states none).
            pub fn backoff() -> #p::Backoff {
                <Self as #vendor>::backoff()
            }
            /// How to treat a request that got no response at all.
            pub fn transport_retry() -> #p::RetryClass {
                <Self as #vendor>::transport_retry()
            }
            #helpers
        }
    }
}

/// `From<PerOperationEnum> for CatalogEnum`.
fn into(cx: &Cx) -> TokenStream {
    let Some(target) = &cx.options.into else { return TokenStream::new() };
    let p = cx.alias();
    let ident = &cx.shell.ident;
    let error = local("error");
    let meta = local("meta");
    let arms = cx.variants.iter().map(|&id| {
        let name = variant_ident(cx, id);
        let fields: Vec<_> =
            cx.catalog.entries[id].fields.iter().map(|f| field_ident(&f.rust_name)).collect();
        quote!(#ident::#name { #(#fields,)* #meta } => #target::#name { #(#fields,)* #meta })
    });
    let fallback = format_ident!("{}", cx.catalog.unknown.variant.as_ref());
    let spec = Literal::u64_unsuffixed(cx.options.fingerprint);
    let doc = format!(
        " Every error of operation `{}` is an error of the catalog.",
        cx.operation.map(|o| o.name.as_ref()).unwrap_or_default()
    );
    quote! {
        const _: () = #p::assert_same_spec::<#target>(#spec);
        #[doc = #doc]
        impl ::core::convert::From<#ident> for #target {
            fn from(#error: #ident) -> Self {
                match #error {
                    #(#arms,)*
                    #ident::#fallback { #meta } => #target::#fallback { #meta },
                }
            }
        }
    }
}
