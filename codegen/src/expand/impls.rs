//! Trait impls and helpers: small matches over the variants; the logic they reach is in
//! the runtime.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote};

use super::Cx;
use super::variants::{ident as field_ident, is_non_exhaustive};
use crate::ident::to_snake;

/// Every impl of the enum.
pub(crate) fn impls(cx: &Cx) -> TokenStream {
    let catalog_error = catalog_error(cx);
    let display = display(cx);
    let helpers = helpers(cx);
    let into = into(cx);
    quote! {
        #catalog_error
        #display
        #helpers
        #into
    }
}

/// A local variable name that user items in scope cannot capture.
fn local(name: &str) -> syn::Ident {
    syn::Ident::new(name, Span::mixed_site())
}

fn variant_names(cx: &Cx) -> Vec<syn::Ident> {
    cx.variants.iter().map(|&id| format_ident!("{}", cx.catalog.entries[id].variant)).collect()
}

fn catalog_error(cx: &Cx) -> TokenStream {
    let krate = cx.krate;
    let p = cx.private();
    let ident = &cx.shell.ident;
    let names = variant_names(cx);
    let unknown = format_ident!("{}", cx.catalog.unknown.variant);
    let scope = proc_macro2::Literal::usize_unsuffixed(cx.scope_index);
    let ids = cx.variants.iter().map(|&id| proc_macro2::Literal::usize_unsuffixed(id));
    let non_exhaustive = is_non_exhaustive(&cx.shell.attrs).then(|| {
        quote!(
            const __NON_EXHAUSTIVE: bool = true;
        )
    });
    // For `Handle` derives, which only know the enum's path.
    let all_names: Vec<String> =
        names.iter().map(ToString::to_string).chain([unknown.to_string()]).collect();
    let not_a_variant = format!(
        "not a variant of `{ident}`; its variants are: {} (`unknown` stands for `Unknown`)",
        all_names.join(", ")
    );

    let (decoded, entry, meta, fields) =
        (local("decoded"), local("entry"), local("meta"), local("fields"));
    let any_fields = cx.variants.iter().any(|&id| !cx.catalog.entries[id].fields.is_empty());
    let destructure = if any_fields {
        quote! {
            let #p::Decoded { #entry, #meta, #fields } = #decoded;
            let mut #fields = #p::VariantFields::new(#fields);
        }
    } else {
        quote!(let #p::Decoded { #entry, #meta, .. } = #decoded;)
    };
    let constructors = cx.variants.iter().map(|&id| {
        let entry_def = &cx.catalog.entries[id];
        let name = format_ident!("{}", entry_def.variant);
        let id = proc_macro2::Literal::usize_unsuffixed(id);
        let values = entry_def.fields.iter().map(|f| {
            let field = field_ident(&f.rust_name);
            quote!(#field: #fields.next())
        });
        quote!(::core::option::Option::Some(#id) => Self::#name { #(#values,)* #meta })
    });

    let out = local("out");
    let field_arms = cx.variants.iter().filter_map(|&id| {
        let entry_def = &cx.catalog.entries[id];
        if entry_def.fields.is_empty() {
            return None;
        }
        let name = format_ident!("{}", entry_def.variant);
        let bindings = entry_def.fields.iter().map(|f| field_ident(&f.rust_name));
        let pushes = entry_def.fields.iter().map(|f| {
            let field = field_ident(&f.rust_name);
            let vendor = &f.name;
            quote!(#p::push_field(&mut #out, #vendor, #field);)
        });
        Some(quote!(Self::#name { #(#bindings,)* .. } => { #(#pushes)* }))
    });
    let field_arms: Vec<_> = field_arms.collect();
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
        impl #krate::CatalogError for #ident {
            #non_exhaustive
            const __VARIANTS: &'static [&'static str] = &[#(#all_names),*];
            const __NOT_A_VARIANT: &'static str = #not_a_variant;
            fn __table() -> &'static #p::CatalogTable {
                &TABLE
            }
            fn __scope() -> usize {
                #scope
            }
            fn __from_decoded(#decoded: #p::Decoded) -> Self {
                #destructure
                match #entry {
                    #(#constructors,)*
                    _ => Self::#unknown { #meta },
                }
            }
            fn __entry(&self) -> ::core::option::Option<usize> {
                match self {
                    #(Self::#names { .. } => ::core::option::Option::Some(#ids),)*
                    Self::#unknown { .. } => ::core::option::Option::None,
                }
            }
            fn meta(&self) -> &#krate::ErrorMeta {
                match self {
                    #(Self::#names { #meta, .. })|* | Self::#unknown { #meta } => #meta,
                }
            }
            fn fields(&self) -> ::std::vec::Vec<(&'static str, #krate::FieldValue)> {
                #fields_body
            }
        }
    }
}

fn display(cx: &Cx) -> TokenStream {
    let krate = cx.krate;
    let p = cx.private();
    let ident = &cx.shell.ident;
    let f = local("f");
    quote! {
        impl ::core::fmt::Display for #ident {
            fn fmt(&self, #f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                #p::display(
                    #krate::CatalogError::meta(self),
                    &TABLE,
                    #krate::CatalogError::__entry(self),
                    #f,
                )
            }
        }
        impl ::std::error::Error for #ident {}
    }
}

/// `is_rate_limited()` and friends.
fn helpers(cx: &Cx) -> TokenStream {
    let ident = &cx.shell.ident;
    let unknown = &cx.catalog.unknown.variant;
    let names = cx
        .variants
        .iter()
        .map(|&id| cx.catalog.entries[id].variant.as_str())
        .chain([unknown.as_str()]);
    let methods = names.map(|name| {
        let variant = format_ident!("{name}");
        let method = format_ident!("is_{}", to_snake(name));
        let doc = format!(" Whether this is [`{ident}::{name}`].");
        quote! {
            #[doc = #doc]
            #[must_use]
            pub fn #method(&self) -> bool {
                ::core::matches!(self, Self::#variant { .. })
            }
        }
    });
    quote! {
        impl #ident {
            #(#methods)*
        }
    }
}

/// `From<PerOperationEnum> for CatalogEnum`.
fn into(cx: &Cx) -> TokenStream {
    let Some(target) = &cx.options.into else { return TokenStream::new() };
    let ident = &cx.shell.ident;
    let error = local("error");
    let meta = local("meta");
    let arms = cx.variants.iter().map(|&id| {
        let entry = &cx.catalog.entries[id];
        let name = format_ident!("{}", entry.variant);
        let fields: Vec<_> = entry.fields.iter().map(|f| field_ident(&f.rust_name)).collect();
        quote!(#ident::#name { #(#fields,)* #meta } => #target::#name { #(#fields,)* #meta })
    });
    let unknown = format_ident!("{}", cx.catalog.unknown.variant);
    let doc = format!(
        " Every error of operation `{}` is an error of the catalog.",
        cx.operation.map(|o| o.name.as_str()).unwrap_or_default()
    );
    quote! {
        #[doc = #doc]
        impl ::core::convert::From<#ident> for #target {
            fn from(#error: #ident) -> Self {
                match #error {
                    #(#arms,)*
                    #ident::#unknown { #meta } => #target::#unknown { #meta },
                }
            }
        }
    }
}
