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
/// per variant. The rest is tokens, the user's `into` path among them.
fn generated(cx: &Cx) -> TokenStream {
    let ident = &cx.shell.ident;
    let entries = &cx.catalog.entries;
    let variant = |id: usize| entries[id].variant.as_ref();
    let fallback = cx.catalog.unknown.variant.as_ref();
    // Variants are named by the enum's name, not `Self`: rustc resolves `Self::X` by
    // comparing X with each variant's name in turn, which costs more per variant.
    let name = ident.to_string();
    let consts = RustText::tokens(cx, |out| {
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
    });
    let p = cx.alias();
    let decoder = match &cx.options.into {
        // A per-operation enum decodes with its catalog enum's decoder (and table).
        Some(target) => quote!(<#target as #p::Generated>::decoder()),
        None => quote!(&DECODER),
    };

    // `from_decoded` and `entry_and_meta` write their chains' functions beside the impl.
    let mut functions = TokenStream::new();
    let methods = RustText::tokens(cx, |out| {
        out.write(format_args!("fn scope() -> usize {{\n{}\n}}\n", cx.scope_index));
        functions = RustText::tokens(cx, |chains| {
            from_decoded(cx, &name, out, chains);
            entry_and_meta(cx, &name, out, chains);
        });
        field_values(cx, &name, out);
    });
    quote! {
        #functions
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

/// The most entries one `match` of `from_decoded` builds, or of `entry_and_meta` names; a
/// larger enum's are spread over functions of at most this many ([`per_function`]).
/// rustc checks a `match` in time that grows with its arms squared (exhaustiveness, the
/// lowering to MIR) and borrow-checks a function in time that grows with its blocks times
/// its borrows: at 5,000 codes, 21.4 G instructions of rustc's with the ranges' matches
/// in one function, 19.8 G in functions of 64; functions of 32 or 128 cost within 0.3 %
/// of 64, at 1,000 codes as at 5,000 (BENCHMARKS.md, "What grows faster than the catalog,
/// counted").
const ENTRIES_PER_FUNCTION: usize = 64;

/// `ids` in runs of at most [`ENTRIES_PER_FUNCTION`], as even as they go (65 entries: 33
/// and 32, not 64 and 1), one run per generated function.
fn per_function(ids: &[usize]) -> std::slice::Chunks<'_, usize> {
    let functions = ids.len().div_ceil(ENTRIES_PER_FUNCTION).max(1);
    ids.chunks(ids.len().div_ceil(functions).max(1))
}

/// `Generated::from_decoded`: the variant of a decoded entry number, its fields taken in
/// order. Up to [`ENTRIES_PER_FUNCTION`] variants, one `match`; beyond, a `match` on
/// ranges of entry numbers that hands each range to a function of its own
/// (`from_decoded_0`, …, written to `functions`).
fn from_decoded(cx: &Cx, name: &str, out: &mut RustText, functions: &mut RustText) {
    let entries = &cx.catalog.entries;
    let fallback = cx.catalog.unknown.variant.as_ref();
    let takes_fields = |ids: &[usize]| ids.iter().any(|&id| !entries[id].fields.is_empty());
    out.put("fn from_decoded(decoded: _errtable::Decoded<'_>) -> Self {\n");
    if cx.variants.is_empty() {
        out.write(format_args!(
            "let _errtable::Decoded {{ meta, .. }} = decoded;\n{name}::{fallback} {{ meta }}\n}}\n"
        ));
        return;
    }
    let one_match = cx.variants.len() <= ENTRIES_PER_FUNCTION;
    let any_fields = takes_fields(&cx.variants);
    let fields = match (any_fields, one_match) {
        (false, _) => "..",
        (true, true) => "mut fields",
        // Handed on to the functions that take them.
        (true, false) => "fields",
    };
    out.write(format_args!("let _errtable::Decoded {{ entry, meta, {fields} }} = decoded;\n"));
    if one_match {
        entry_match(cx, name, &cx.variants, true, out);
        out.put("}\n");
        return;
    }
    // Sorted and unique (an operation's scope holds each entry once), so the ranges do
    // not overlap. An operation's enum holds some of the catalog's entries: a number
    // inside a range that is no variant's reaches that function's fallback arm.
    let mut ids = cx.variants.clone();
    ids.sort_unstable();
    debug_assert!(ids.windows(2).all(|pair| pair[0] < pair[1]), "entry numbers repeat");
    out.put("match entry {\n");
    for (n, range) in per_function(&ids).enumerate() {
        let (first, last) = (range[0], range[range.len() - 1]);
        let (argument, parameter) = match (any_fields, takes_fields(range)) {
            (false, _) => ("", ""),
            (true, false) => (", fields", ", _: _errtable::VariantFields<'_>"),
            (true, true) => (", fields", ", mut fields: _errtable::VariantFields<'_>"),
        };
        out.write(format_args!(
            "_errtable::Some(entry @ {first}..={last}) => from_decoded_{n}(entry, meta{argument}),\n"
        ));
        functions.write(format_args!(
            "fn from_decoded_{n}(entry: usize, meta: _errtable::ErrorMeta{parameter}) -> {name} {{\n"
        ));
        entry_match(cx, name, range, false, functions);
        functions.put("}\n");
    }
    out.write(format_args!("_ => {name}::{fallback} {{ meta }},\n}}\n}}\n"));
}

/// `match entry { 3 => E::RateLimited { limit: fields.next(), meta }, …, _ => fallback }`
/// over the variants of `ids`; `entry` an `Option<usize>` when `optional`.
fn entry_match(cx: &Cx, name: &str, ids: &[usize], optional: bool, out: &mut RustText) {
    let entries = &cx.catalog.entries;
    out.put("match entry {\n");
    for &id in ids {
        if optional {
            out.write(format_args!("_errtable::Some({id})"));
        } else {
            out.write(format_args!("{id}"));
        }
        out.write(format_args!(" => {name}::{} {{ ", entries[id].variant));
        for field in entries[id].fields.iter() {
            out.write(format_args!("{}: fields.next(), ", ident_text(&field.rust_name)));
        }
        out.put("meta },\n");
    }
    let fallback = cx.catalog.unknown.variant.as_ref();
    out.write(format_args!("_ => {name}::{fallback} {{ meta }},\n}}\n"));
}

/// `Generated::entry_and_meta`: a variant's entry number and its `meta`. Every variant
/// holds its own `meta`, so the variants are matched one by one: up to
/// [`ENTRIES_PER_FUNCTION`], in one `match`; beyond, in a chain of functions
/// (`entry_and_meta_0`, …, written to `functions`, as many variants each as
/// [`per_function`] gives them), each handing any other variant to the next. rustc
/// checks a `match` over an enum in time that grows with its arms times the enum's
/// variants, and one arm of `_` covers every variant the others do not name: at 5,000
/// codes, 7.8 G instructions of rustc's against 9.2 G for one `match` (BENCHMARKS.md,
/// "What grows faster than the catalog, counted"). A variant of the n-th function is
/// reached through n calls (an optimized build inlines some).
fn entry_and_meta(cx: &Cx, name: &str, out: &mut RustText, functions: &mut RustText) {
    out.put(
        "fn entry_and_meta(&self) -> (::core::option::Option<usize>, &_errtable::ErrorMeta) {\n",
    );
    let fallback = cx.catalog.unknown.variant.as_ref();
    let arm = |out: &mut RustText, id: usize| {
        let variant = &cx.catalog.entries[id].variant;
        out.write(format_args!(
            "{name}::{variant} {{ meta, .. }} => (_errtable::Some({id}), meta),\n"
        ));
    };
    let fallback_arm = format!("{name}::{fallback} {{ meta }} => (_errtable::None, meta),\n");
    if cx.variants.len() <= ENTRIES_PER_FUNCTION {
        out.put("match self {\n");
        cx.variants.iter().for_each(|&id| arm(out, id));
        out.put(&fallback_arm);
        out.put("}\n}\n");
        return;
    }
    out.put("entry_and_meta_0(self)\n}\n");
    let chunks: Vec<&[usize]> = per_function(&cx.variants).collect();
    for (n, ids) in chunks.iter().enumerate() {
        functions.write(format_args!(
            "fn entry_and_meta_{n}(error: &{name}) -> (::core::option::Option<usize>, &_errtable::ErrorMeta) {{\nmatch error {{\n"
        ));
        ids.iter().for_each(|&id| arm(functions, id));
        if n + 1 < chunks.len() {
            functions.write(format_args!("_ => entry_and_meta_{}(error),\n", n + 1));
        } else {
            // Every variant is named by exactly one function of the chain.
            functions.put(&fallback_arm);
            functions.put("_ => ::core::unreachable!(),\n");
        }
        functions.put("}\n}\n");
    }
}

/// `Generated::field_values`: a variant's typed fields by vendor name, one arm for the
/// variants with the same fields (an `if let` when there is one arm, which clippy
/// prefers to a `match` of one arm and `_`).
fn field_values(cx: &Cx, name: &str, out: &mut RustText) {
    out.put("fn field_values(&self) -> ::std::vec::Vec<(&'static str, _errtable::FieldValue)> {\n");
    let groups = variants_by_fields(cx);
    let arms: Vec<&[usize]> =
        groups.iter().flat_map(|group| group.chunks(MAX_ALTERNATIVES)).collect();
    match arms.len() {
        0 => out.put("::std::vec::Vec::new()\n"),
        1 => out.put("let mut out = ::std::vec::Vec::new();\nif let "),
        _ => out.put(
            "let mut out = ::std::vec::Vec::new();\n#[allow(unreachable_patterns)]\nmatch self {\n",
        ),
    }
    for ids in &arms {
        let fields = &cx.catalog.entries[ids[0]].fields;
        for (i, &id) in ids.iter().enumerate() {
            out.put(if i == 0 { "" } else { " | " });
            out.write(format_args!("{name}::{} {{ ", cx.catalog.entries[id].variant));
            for field in fields.iter() {
                out.write(format_args!("{}, ", ident_text(&field.rust_name)));
            }
            out.put(".. }");
        }
        out.put(if arms.len() == 1 { " = self {\n" } else { " => {\n" });
        for field in fields.iter() {
            out.put("_errtable::push_field(&mut out, ");
            out.literal(&field.name);
            out.write(format_args!(", {});\n", ident_text(&field.rust_name)));
        }
        out.put("}\n");
    }
    match arms.len() {
        0 => {}
        1 => out.put("out\n"),
        _ => out.put("_ => {}\n}\nout\n"),
    }
    out.put("}\n");
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
    let helpers = RustText::tokens(cx, |helpers| {
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
    });
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

#[cfg(test)]
mod tests {
    use super::ENTRIES_PER_FUNCTION;
    use crate::expand::{Options, expand};

    /// A spec of `n` codes; those `field` picks have an integer field.
    fn spec(n: usize, field: impl Fn(usize) -> bool) -> String {
        let entries: Vec<String> = (0..n)
            .map(|i| {
                let fields = if field(i) {
                    r#", "fields": {"index": {"type": "integer", "from": {"body": "/index"}}}"#
                } else {
                    ""
                };
                format!(
                    r#"{{"variant": "C{i}", "code": "c{i}", "status": [400], "retry": "never", "description": "C{i}."{fields}}}"#
                )
            })
            .collect();
        format!(
            r#"{{"errtable": 1, "name": "t", "envelope": {{"code": {{"body": "/code"}}}}, "errors": [{}]}}"#,
            entries.join(",")
        )
    }

    /// The expansion of `spec` for enum `E` (of `operation`'s table when given), as
    /// proc-macro2 prints tokens: `fn from_decoded_0 (entry : usize , …`.
    fn expansion(spec: &str, operation: Option<&str>) -> String {
        let catalog = crate::load::load_str("spec.json", spec).expect("the spec loads");
        let shell: syn::DeriveInput = syn::parse_quote!(
            pub enum E {}
        );
        let mut options = Options::new("spec.json");
        options.operation = operation.map(str::to_owned);
        expand(&catalog, &shell, &options).expect("it expands").to_string()
    }

    /// What one function of `from_decoded` is: the range `from_decoded` hands it, its
    /// parameters and the entry numbers of its arms.
    #[derive(Debug)]
    struct Function {
        range: (usize, usize),
        parameters: String,
        arms: Vec<usize>,
    }

    fn functions(text: &str) -> Vec<Function> {
        let main = &text[text.find("fn from_decoded (").expect("from_decoded")..];
        let main = &main[..main.find("fn entry_and_meta").expect("entry_and_meta")];
        let mut found = Vec::new();
        for (n, range) in main.split("Some (entry @ ").skip(1).enumerate() {
            let (first, rest) = range.split_once(" ..= ").expect("a range");
            let (last, call) = rest.split_once(')').expect("a range's end");
            assert!(call.trim_start().starts_with(&format!("=> from_decoded_{n} (")), "{call}");
            let start = text.find(&format!("fn from_decoded_{n} (")).expect("its function");
            let function = &text[start..];
            let end = function[1..].find("fn ").map_or(function.len(), |end| end + 1);
            let function = &function[..end];
            let (parameters, body) = function.split_once(") ->").expect("parameters");
            let arms = body
                .split(" => E :: ")
                .filter_map(|before| before.rsplit([',', '{']).next()?.trim().parse().ok())
                .collect();
            let parameters = parameters.split_once('(').expect("(").1.trim_end().to_owned();
            found.push(Function {
                range: (first.parse().unwrap(), last.trim().parse().unwrap()),
                parameters,
                arms,
            });
        }
        found
    }

    /// Every entry number of the enum is an arm of the function whose range holds it, no
    /// function has more than `ENTRIES_PER_FUNCTION` arms, and the ranges are in order.
    fn check_ranges(found: &[Function], mut ids: Vec<usize>) {
        ids.sort_unstable();
        let arms: Vec<usize> = found.iter().flat_map(|f| f.arms.iter().copied()).collect();
        assert_eq!(arms, ids);
        for function in found {
            assert!(function.arms.len() <= ENTRIES_PER_FUNCTION, "{function:?}");
            assert_eq!(function.range, (function.arms[0], *function.arms.last().unwrap()));
        }
        for pair in found.windows(2) {
            assert!(pair[0].range.1 < pair[1].range.0, "{pair:?}");
        }
    }

    #[test]
    fn up_to_the_limit_from_decoded_is_one_match() {
        for n in [0, 1, ENTRIES_PER_FUNCTION] {
            let text = expansion(&spec(n, |i| i % 2 == 0), None);
            assert!(!text.contains("from_decoded_0"), "{n} codes");
            let main = &text[text.find("fn from_decoded (").unwrap()..];
            let main = &main[..main.find("fn entry_and_meta").unwrap()];
            // No `match` of the fallback alone (clippy's match_single_binding).
            assert_eq!(main.contains("match entry"), n > 0, "{n} codes");
            assert_eq!(main.matches(" => E :: C").count(), n, "{n} codes");
        }
    }

    #[test]
    fn beyond_the_limit_functions_share_the_entries_evenly() {
        for (n, functions_expected, largest) in [(65, 2, 33), (128, 2, 64), (129, 3, 43)] {
            let found = functions(&expansion(&spec(n, |_| false), None));
            assert_eq!(found.len(), functions_expected, "{n} codes: {found:?}");
            assert_eq!(found.iter().map(|f| f.arms.len()).max(), Some(largest), "{n} codes");
            check_ranges(&found, (0..n).collect());
        }
    }

    /// A function takes the fields only when an entry of its range has some, and
    /// `from_decoded` hands them on only when one does.
    #[test]
    fn functions_take_the_fields_only_when_they_read_them() {
        let text = expansion(&spec(130, |i| i < 40), None);
        let found = functions(&text);
        let parameters: Vec<&str> = found.iter().map(|f| f.parameters.as_str()).collect();
        assert_eq!(found.len(), 3);
        assert!(
            parameters[0].ends_with(", mut fields : _errtable :: VariantFields <'_ >"),
            "{parameters:?}"
        );
        for parameters in &parameters[1..] {
            assert!(parameters.ends_with(", _ : _errtable :: VariantFields <'_ >"), "{parameters}");
        }
        assert!(text.contains("Decoded { entry , meta , fields } = decoded"));

        let text = expansion(&spec(130, |_| false), None);
        for function in functions(&text) {
            assert_eq!(function.parameters, "entry : usize , meta : _errtable :: ErrorMeta");
        }
        assert!(text.contains("Decoded { entry , meta , .. } = decoded"));
        let start = text.find("fn from_decoded_0").unwrap();
        let end = text.find("fn entry_and_meta").unwrap();
        assert!(!text[start..end].contains("fields"), "{}", &text[start..end]);
    }

    /// `entry_and_meta` up to the limit is one `match`; beyond, a chain of functions,
    /// each naming at most `ENTRIES_PER_FUNCTION` variants and handing any other to the
    /// next; every variant is named once, and the last function names the fallback.
    #[test]
    fn beyond_the_limit_entry_and_meta_is_a_chain() {
        let cases = [(0, 0, 0), (ENTRIES_PER_FUNCTION, 0, 0), (65, 2, 33), (129, 3, 43)];
        for (n, expected, largest) in cases {
            let text = expansion(&spec(n, |i| i % 3 == 0), None);
            let method = &text[text.find("fn entry_and_meta (").unwrap()..];
            let method = &method[..method.find("fn field_values").unwrap()];
            let chain: Vec<&str> = text
                .split("fn entry_and_meta_")
                .skip(1)
                .map(|f| &f[..f.find("fn ").unwrap_or(f.len())])
                .collect();
            assert_eq!(chain.len(), expected, "{n} codes");
            let arms = |text: &str| -> Vec<usize> {
                let arms = text.split(" => (_errtable :: Some (").skip(1);
                arms.map(|arm| arm[..arm.find(')').unwrap()].trim().parse().unwrap()).collect()
            };
            if expected == 0 {
                assert_eq!(arms(method), (0..n).collect::<Vec<_>>(), "{n} codes");
                assert!(method.contains("E :: Unknown { meta } => (_errtable :: None , meta)"));
                continue;
            }
            assert!(method.contains("entry_and_meta_0 (self)"), "{method}");
            let sizes = chain.iter().map(|f| arms(f).len());
            assert_eq!(sizes.max(), Some(largest), "{n} codes: as even as they go");
            let named: Vec<usize> = chain.iter().flat_map(|f| arms(f)).collect();
            assert_eq!(named, (0..n).collect::<Vec<_>>(), "{n} codes");
            for (k, function) in chain.iter().enumerate() {
                assert!(arms(function).len() <= ENTRIES_PER_FUNCTION, "{function}");
                let last = k + 1 == chain.len();
                let next = format!("_ => entry_and_meta_{} (error)", k + 1);
                assert_eq!(function.contains(&next), !last, "{function}");
                let fallback = "E :: Unknown { meta } => (_errtable :: None , meta)";
                assert_eq!(function.contains(fallback), last, "{function}");
            }
        }
    }

    /// An operation's enum: entry numbers with gaps, its table's first.
    #[test]
    fn an_operations_entries_are_ranged_in_order() {
        let spec = include_str!("../../../tests/specs/many_codes.json");
        let catalog = crate::load::load_str("many_codes.json", spec).unwrap();
        let ids = catalog.operation("Bulk.Run").unwrap().scope.entries.to_vec();
        assert!(ids.windows(2).any(|pair| pair[0] > pair[1]), "not out of order: {ids:?}");
        let found = functions(&expansion(spec, Some("Bulk.Run")));
        assert_eq!(found.len(), 3);
        check_ranges(&found, ids);
        // The catalog's enum has a variant for every entry, its operations' included.
        check_ranges(&functions(&expansion(spec, None)), (0..154).collect());
    }
}
