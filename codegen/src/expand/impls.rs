//! The enum's impls: the hidden plumbing (one small `match` each), `Display`, the
//! inherent API (one-line delegations to the runtime, so nothing needs importing), the
//! `is_*()` helpers and the conversion into the catalog-wide enum.

use proc_macro2::{Literal, Span, TokenStream};
use quote::{format_ident, quote};

use super::Cx;
use super::variants::{self, ident as field_ident, is_non_exhaustive};

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

/// A local variable name that user items in scope cannot capture.
fn local(name: &str) -> syn::Ident {
    syn::Ident::new(name, Span::mixed_site())
}

fn variant_ident(cx: &Cx, id: usize) -> syn::Ident {
    format_ident!("{}", cx.catalog.entries[id].variant.as_ref())
}

/// `impl Generated` (what the runtime needs) and `impl VendorError`.
fn generated(cx: &Cx) -> TokenStream {
    let p = cx.alias();
    let ident = &cx.shell.ident;
    let names: Vec<syn::Ident> = cx.variants.iter().map(|&id| variant_ident(cx, id)).collect();
    let fallback = format_ident!("{}", cx.catalog.unknown.variant.as_ref());
    let scope = Literal::usize_unsuffixed(cx.scope_index);
    let ids: Vec<Literal> = cx.variants.iter().map(|&id| Literal::usize_unsuffixed(id)).collect();
    let spec = Literal::u64_unsuffixed(cx.options.fingerprint);
    let non_exhaustive = is_non_exhaustive(&cx.shell.attrs).then(|| {
        quote!(
            const NON_EXHAUSTIVE: bool = true;
        )
    });
    // For `Handle` derives, which only know the enum's path.
    let all_names: Vec<String> =
        names.iter().map(ToString::to_string).chain([fallback.to_string()]).collect();
    let fallback_name = fallback.to_string();
    let alias = if fallback_name == crate::handle::FALLBACK_DEFAULT {
        format!(" (`{}` stands for `{fallback_name}`)", crate::handle::UNKNOWN_ALIAS)
    } else {
        String::new()
    };
    let not_a_variant =
        format!("not a variant of `{ident}`; its variants are: {}{alias}", all_names.join(", "));
    let decoder = match &cx.options.into {
        // A per-operation enum decodes with its catalog enum's decoder (and table).
        Some(target) => quote!(<#target as #p::Generated>::decoder()),
        None => quote!(&DECODER),
    };

    let (decoded, meta, fields) = (local("decoded"), local("meta"), local("fields"));
    let any_fields = cx.variants.iter().any(|&id| !cx.catalog.entries[id].fields.is_empty());
    let destructure = if any_fields {
        quote! {
            let #p::Decoded { entry, #meta, mut #fields } = #decoded;
        }
    } else {
        quote!(let #p::Decoded { entry, #meta, .. } = #decoded;)
    };
    // Each variant's fields, for a nested repetition (no token stream per arm).
    let field_names: Vec<Vec<syn::Ident>> = cx
        .variants
        .iter()
        .map(|&id| {
            cx.catalog.entries[id].fields.iter().map(|f| field_ident(&f.rust_name)).collect()
        })
        .collect();

    let out = local("out");
    let field_arms: Vec<TokenStream> = cx
        .variants
        .iter()
        .filter(|&&id| !cx.catalog.entries[id].fields.is_empty())
        .map(|&id| {
            let entry = &cx.catalog.entries[id];
            let name = variant_ident(cx, id);
            let bindings = entry.fields.iter().map(|f| field_ident(&f.rust_name));
            let pushes = entry.fields.iter().map(|f| {
                let field = field_ident(&f.rust_name);
                let vendor = f.name.as_ref();
                quote!(#p::push_field(&mut #out, #vendor, #field);)
            });
            quote!(Self::#name { #(#bindings,)* .. } => { #(#pushes)* })
        })
        .collect();
    let fields_body = if field_arms.is_empty() {
        quote!(::std::vec::Vec::new())
    } else {
        quote! {
            let mut #out = ::std::vec::Vec::new();
            #[allow(unreachable_patterns)]
            match self {
                #(#field_arms)*
                _ => {}
            }
            #out
        }
    };

    quote! {
        impl #p::Generated for #ident {
            #non_exhaustive
            const VARIANTS: &'static [&'static str] = &[#(#all_names),*];
            const FALLBACK: &'static str = #fallback_name;
            const NOT_A_VARIANT: &'static str = #not_a_variant;
            const SPEC: u64 = #spec;
            fn decoder() -> &'static #p::Decoder {
                #decoder
            }
            fn scope() -> usize {
                #scope
            }
            fn from_decoded(#decoded: #p::Decoded<'_>) -> Self {
                #destructure
                match entry {
                    #(
                        ::core::option::Option::Some(#ids) => Self::#names {
                            #(#field_names: #fields.next(),)*
                            #meta
                        },
                    )*
                    _ => Self::#fallback { #meta },
                }
            }
            fn entry_id(&self) -> ::core::option::Option<usize> {
                match self {
                    #(Self::#names { .. } => ::core::option::Option::Some(#ids),)*
                    Self::#fallback { .. } => ::core::option::Option::None,
                }
            }
            fn error_meta(&self) -> &#p::ErrorMeta {
                match self {
                    #(Self::#names { #meta, .. })|* | Self::#fallback { #meta } => #meta,
                }
            }
            fn field_values(&self) -> ::std::vec::Vec<(&'static str, #p::FieldValue)> {
                #fields_body
            }
        }
        impl #p::VendorError for #ident {}
    }
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
/// the runtime (through `VendorError`), and each `is_*()` helper compares the variant's
/// entry number, so no helper holds a `match` of its own for rustc to check.
fn inherent(cx: &Cx) -> TokenStream {
    let p = cx.alias();
    let ident = &cx.shell.ident;
    let vendor = quote!(#p::VendorError);
    // The entries' helpers as parallel lists for one repetition (a token stream apiece
    // would each be joined through the proc-macro bridge), then the fallback's.
    let helper = |name: &str| {
        let method = format_ident!("{}", crate::valid::helper_name(name));
        // The fallback's own helper would be `is_fallback()`, which every enum has.
        let reserved = crate::valid::RESERVED_HELPERS.contains(&method.to_string().as_str());
        (!reserved).then(|| (format!(" Whether this is [`{ident}::{name}`]."), method))
    };
    let (mut docs, mut methods, mut ids) = (Vec::new(), Vec::new(), Vec::new());
    for &id in &cx.variants {
        if let Some((doc, method)) = helper(cx.catalog.entries[id].variant.as_ref()) {
            docs.push(doc);
            methods.push(method);
            ids.push(Literal::usize_unsuffixed(id));
        }
    }
    let fallback_helper = helper(cx.catalog.unknown.variant.as_ref()).map(|(doc, method)| {
        quote! {
            #[doc = #doc]
            #[must_use]
            pub fn #method(&self) -> bool {
                #p::Generated::entry_id(self) == ::core::option::Option::None
            }
        }
    });
    let helpers = quote! {
        #(
            #[doc = #docs]
            #[must_use]
            pub fn #methods(&self) -> bool {
                #p::Generated::entry_id(self) == ::core::option::Option::Some(#ids)
            }
        )*
        #fallback_helper
    };
    quote! {
        impl #ident {
            /// Decodes a response into the errors it carries: none for a success, usually
            /// one, several for bulk bodies and lists of codes.
            pub fn decode<H: #p::Headers + ?Sized>(
                status: u16,
                headers: &H,
                body: &[u8],
            ) -> #p::Errors<Self> {
                <Self as #vendor>::decode(status, headers, body)
            }
            /// Like `decode`, keeping `body` without copying it.
            pub fn decode_bytes<H: #p::Headers + ?Sized>(
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
