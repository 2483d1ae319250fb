//! `#[derive(errtable::Handle)]`: maps every variant of a catalog enum to a variant of
//! the client's own enum, as one exhaustive `match`.
//!
//! The derive cannot see the catalog enum's variants (it only has its path), so it
//! leaves exhaustiveness to rustc, which names any code left out, and asks the catalog
//! itself, through constants its `CatalogError` impl carries, whether each name exists
//! (the error lists the valid names) and whether the enum is exhaustive at all.

use std::collections::HashMap;

use proc_macro2::{Group, Span, TokenStream, TokenTree};
use quote::{quote, quote_spanned};

use syn::spanned::Spanned;

/// The name `#[on(unknown)]` stands for: the catalog's fallback variant under its
/// default name.
pub const UNKNOWN_ALIAS: &str = "unknown";

/// The fallback variant's name unless a spec renames it.
pub const FALLBACK_DEFAULT: &str = errtable_core::UnknownRule::DEFAULT_VARIANT;

/// Expands the derive for `input`, or returns every problem found, combined.
pub fn expand(input: &syn::DeriveInput) -> syn::Result<TokenStream> {
    let handler = Handler::parse(input)?;
    Ok(handler.emit())
}

struct Handler<'a> {
    ident: &'a syn::Ident,
    target: syn::Path,
    krate: syn::Path,
    variants: Vec<Arm<'a>>,
}

struct Arm<'a> {
    variant: &'a syn::Variant,
    /// Catalog variant names, as written (spans point at the user's tokens).
    names: Vec<syn::Ident>,
}

/// Collects problems like serde_derive's context, so all are reported at once.
#[derive(Default)]
struct Errors(Option<syn::Error>);

impl Errors {
    fn push(&mut self, error: syn::Error) {
        match &mut self.0 {
            Some(all) => all.combine(error),
            None => self.0 = Some(error),
        }
    }

    fn finish(self) -> syn::Result<()> {
        self.0.map_or(Ok(()), Err)
    }
}

impl<'a> Handler<'a> {
    fn parse(input: &'a syn::DeriveInput) -> syn::Result<Handler<'a>> {
        let mut errors = Errors::default();
        let syn::Data::Enum(data) = &input.data else {
            return Err(syn::Error::new(
                input.ident.span(),
                "#[derive(Handle)] goes on an enum whose variants are your actions, e.g. `enum Next { Retry, FixInput }`",
            ));
        };
        if !input.generics.params.is_empty() {
            errors.push(syn::Error::new(
                input.generics.span(),
                "#[derive(Handle)] does not support generic enums: the mapping is from one catalog enum to one action enum",
            ));
        }
        let (target, krate) = match parse_handle_attr(input) {
            Ok(parsed) => parsed,
            Err(error) => {
                errors.push(error);
                (syn::parse_quote!(__Missing), syn::parse_quote!(::errtable))
            }
        };
        let mut seen: HashMap<String, &syn::Ident> = HashMap::new();
        let mut variants = Vec::new();
        for variant in &data.variants {
            let mut names = Vec::new();
            let mut found = false;
            for attr in variant.attrs.iter().filter(|a| a.path().is_ident("on")) {
                found = true;
                let parsed = attr.parse_args_with(
                    syn::punctuated::Punctuated::<syn::Ident, syn::Token![,]>::parse_terminated,
                );
                match parsed {
                    Ok(list) if list.is_empty() => errors.push(syn::Error::new(
                        attr.span(),
                        "#[on()] lists no catalog variant\nhelp: name the catalog variants this action handles, e.g. #[on(RateLimited, ServerError)]",
                    )),
                    Ok(list) => names.extend(list),
                    Err(error) => errors.push(syn::Error::new(
                        error.span(),
                        "expected catalog variant names, e.g. #[on(RateLimited, ServerError)] or #[on(unknown)]",
                    )),
                }
            }
            if !found {
                errors.push(syn::Error::new(
                    variant.ident.span(),
                    format!(
                        "`{}` handles no catalog variant\nhelp: add #[on(...)] with the catalog variants it handles, or remove it",
                        variant.ident
                    ),
                ));
            }
            for name in &names {
                let key = canonical(name);
                match seen.get(&key) {
                    Some(first) => errors.push(syn::Error::new(
                        name.span(),
                        format!("`{key}` is already handled by `{first}`\nhelp: map every catalog variant to exactly one action"),
                    )),
                    None => {
                        seen.insert(key, &variant.ident);
                    }
                }
            }
            if let syn::Fields::Unnamed(fields) = &variant.fields
                && fields.unnamed.len() != 1
            {
                errors.push(syn::Error::new(
                    fields.span(),
                    "a tuple variant carries the error itself, in one field\nhelp: use `Variant(CatalogEnum)`, or named fields such as `{ retry: errtable::Retry }`",
                ));
            }
            variants.push(Arm { variant, names });
        }
        errors.finish()?;
        Ok(Handler { ident: &input.ident, target, krate, variants })
    }

    fn emit(&self) -> TokenStream {
        let Handler { ident, target, krate, .. } = self;
        let error = syn::Ident::new("error", Span::mixed_site());
        let arms = self.variants.iter().map(|arm| self.arm(arm, &error));
        // Each check is spanned entirely at the name (or path) it is about, so a failed
        // one is reported there rather than at the derive.
        let p = crate::expand::private(krate);
        let checks = self.variants.iter().flat_map(|arm| &arm.names).map(|name| {
            let text = canonical(name);
            // `unknown` must name the fallback, not a documented `Unknown` or nothing.
            let check = if *name == UNKNOWN_ALIAS {
                quote!(const _: () = #p::assert_fallback::<#target>(#text);)
            } else {
                quote!(const _: () = #p::assert_variant::<#target>(#text);)
            };
            respan(check, name.span())
        });
        let assert_catalog =
            respan(quote!(const _: () = #p::assert_exhaustive::<#target>();), target.span());
        let doc = format!(" Maps every `{}` to the action that handles it.", path_text(target));
        quote! {
            #[doc = #doc]
            impl ::core::convert::From<&#target> for #ident {
                fn from(#error: &#target) -> Self {
                    match #error {
                        #(#arms)*
                    }
                }
            }
            impl ::core::convert::From<#target> for #ident {
                fn from(#error: #target) -> Self {
                    <Self as ::core::convert::From<&#target>>::from(&#error)
                }
            }
            #assert_catalog
            #(#checks)*
        }
    }

    fn arm(&self, arm: &Arm, error: &syn::Ident) -> TokenStream {
        let target = &self.target;
        let krate = &self.krate;
        let action = &arm.variant.ident;
        // Fields taken from the catalog variant are bound by name in every pattern.
        let bound: Vec<&syn::Ident> = match &arm.variant.fields {
            syn::Fields::Named(fields) => fields
                .named
                .iter()
                .filter_map(|f| f.ident.as_ref())
                .filter(|f| !matches!(f.to_string().as_str(), "error" | "retry" | "meta"))
                .collect(),
            _ => Vec::new(),
        };
        let patterns = arm.names.iter().map(|name| {
            let variant = syn::Ident::new(&canonical(name), name.span());
            quote!(#target::#variant { #(#bound,)* .. })
        });
        let value = match &arm.variant.fields {
            syn::Fields::Unit => quote!(Self::#action),
            syn::Fields::Unnamed(_) => quote!(Self::#action(::core::clone::Clone::clone(#error))),
            syn::Fields::Named(fields) => {
                let values = fields.named.iter().filter_map(|f| f.ident.as_ref()).map(|field| {
                    let value = match field.to_string().as_str() {
                        "error" => quote!(::core::clone::Clone::clone(#error)),
                        "retry" => quote!(#krate::VendorError::retry(#error)),
                        "meta" => {
                            quote!(::core::clone::Clone::clone(#krate::VendorError::meta(#error)))
                        }
                        _ => quote_spanned!(field.span()=> ::core::clone::Clone::clone(#field)),
                    };
                    quote!(#field: #value)
                });
                quote!(Self::#action { #(#values,)* })
            }
        };
        quote!(#(#patterns)|* => #value,)
    }
}

/// `tokens` with every span set to `span`.
fn respan(tokens: TokenStream, span: Span) -> TokenStream {
    tokens
        .into_iter()
        .map(|tree| match tree {
            TokenTree::Group(group) => {
                let mut inner = Group::new(group.delimiter(), respan(group.stream(), span));
                inner.set_span(span);
                TokenTree::Group(inner)
            }
            mut other => {
                other.set_span(span);
                other
            }
        })
        .collect()
}

/// `unknown` stands for the fallback variant under its default name; a const check
/// (`assert_fallback`) fails the build when the catalog's fallback has another name.
fn canonical(name: &syn::Ident) -> String {
    let text = name.to_string();
    if text == UNKNOWN_ALIAS { FALLBACK_DEFAULT.to_owned() } else { text }
}

fn path_text(path: &syn::Path) -> String {
    let segments: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
    segments.join("::")
}

/// `#[handle(path::CatalogEnum)]` or `#[handle(path::CatalogEnum, crate = path)]`.
fn parse_handle_attr(input: &syn::DeriveInput) -> syn::Result<(syn::Path, syn::Path)> {
    let mut attrs = input.attrs.iter().filter(|a| a.path().is_ident("handle"));
    let Some(attr) = attrs.next() else {
        return Err(syn::Error::new(
            input.ident.span(),
            "missing #[handle(CatalogEnum)]\nhelp: name the catalog enum this enum handles, e.g. #[handle(OctopostError)]",
        ));
    };
    if let Some(second) = attrs.next() {
        return Err(syn::Error::new(second.span(), "#[handle(...)] is given twice"));
    }
    attr.parse_args_with(|stream: syn::parse::ParseStream| {
        let target: syn::Path = stream.parse().map_err(|e| {
            syn::Error::new(e.span(), "expected the catalog enum's path, e.g. #[handle(OctopostError)]")
        })?;
        let mut krate: syn::Path = syn::parse_quote!(::errtable);
        if stream.parse::<Option<syn::Token![,]>>()?.is_some() && !stream.is_empty() {
            stream.parse::<syn::Token![crate]>()?;
            stream.parse::<syn::Token![=]>()?;
            krate = stream.parse()?;
        }
        if !stream.is_empty() {
            return Err(stream.error("unexpected tokens; expected #[handle(CatalogEnum)] or #[handle(CatalogEnum, crate = path)]"));
        }
        Ok((target, krate))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expand_str(text: &str) -> Result<String, String> {
        let input: syn::DeriveInput = syn::parse_str(text).map_err(|e| e.to_string())?;
        expand(&input)
            .map(|t| t.to_string())
            .map_err(|e| e.into_iter().map(|e| e.to_string()).collect::<Vec<_>>().join(" | "))
    }

    #[test]
    fn maps_listed_variants_and_extracts_data() {
        let out = expand_str(
            "#[handle(OctopostError)] enum Next {
                #[on(Unauthorized, Forbidden)] FixCredentials,
                #[on(RateLimited)] Wait { retry: errtable::Retry, retry_after: Option<i64> },
                #[on(unknown)] Escalate(OctopostError),
            }",
        )
        .unwrap();
        assert!(out.contains("OctopostError :: Unauthorized { .. } | OctopostError :: Forbidden { .. } => Self :: FixCredentials"), "{out}");
        assert!(out.contains("OctopostError :: RateLimited { retry_after , .. }"), "{out}");
        assert!(out.contains("retry : :: errtable :: VendorError :: retry (error)"), "{out}");
        assert!(out.contains("OctopostError :: Unknown { .. } => Self :: Escalate"), "{out}");
        assert!(out.contains("assert_fallback :: < OctopostError > (\"Unknown\")"), "{out}");
        assert!(out.contains("assert_variant :: < OctopostError > (\"RateLimited\")"), "{out}");
    }

    #[test]
    fn reports_every_problem_at_once() {
        let err = expand_str(
            "enum Next<T> {
                #[on(RateLimited)] A,
                #[on(RateLimited)] B,
                C,
                #[on()] D,
                #[on(unknown)] E(T, T),
            }",
        )
        .unwrap_err();
        for expected in [
            "does not support generic enums",
            "missing #[handle(CatalogEnum)]",
            "`RateLimited` is already handled by `A`",
            "`C` handles no catalog variant",
            "#[on()] lists no catalog variant",
            "a tuple variant carries the error itself",
        ] {
            assert!(err.contains(expected), "missing {expected:?} in {err}");
        }
    }

    #[test]
    fn rejects_structs_and_bad_attributes() {
        assert!(expand_str("#[handle(E)] struct S;").unwrap_err().contains("goes on an enum"));
        assert!(
            expand_str("#[handle(\"E\")] enum N { #[on(A)] X }")
                .unwrap_err()
                .contains("expected the catalog enum's path")
        );
        assert!(
            expand_str("#[handle(E)] #[handle(E)] enum N { #[on(A)] X }")
                .unwrap_err()
                .contains("given twice")
        );
        assert!(expand_str("#[handle(E, nonsense)] enum N { #[on(A)] X }").is_err());
        assert!(
            expand_str("#[handle(E, crate = my::errtable)] enum N { #[on(A)] X }")
                .unwrap()
                .contains("my :: errtable :: __private_v1")
        );
    }
}
