//! The enum itself and the object types its fields use.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote};

use super::text::{RustText, UserTokens};
use super::{Cx, docs};
use crate::model::{Field, FieldType};

/// A field or variant identifier; keywords become raw identifiers (`r#type`).
pub(crate) fn ident(name: &str) -> syn::Ident {
    if crate::ident::is_keyword(name) {
        syn::Ident::new_raw(name, Span::call_site())
    } else {
        syn::Ident::new(name, Span::call_site())
    }
}

/// Whether the user's attributes already derive `Debug`.
pub(crate) fn derives_debug(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().filter(|a| a.path().is_ident("derive")).any(|attr| {
        let mut found = false;
        let _ = attr.parse_nested_meta(|meta| {
            found |= meta.path.segments.last().is_some_and(|s| s.ident == "Debug");
            Ok(())
        });
        found
    })
}

/// Whether the user marked the enum `#[non_exhaustive]`.
pub(crate) fn is_non_exhaustive(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| a.path().is_ident("non_exhaustive"))
}

/// The user's paths field types spell, worked out once per enum.
struct TypePaths {
    /// The runtime crate (`::errtable`), for `ErrorMeta` and `RawJson`.
    krate: UserTokens,
    /// Where object types live when this enum does not emit them itself: a
    /// per-operation enum with `into = path::CatalogEnum` uses the catalog-wide enum's,
    /// from its module.
    objects: Option<UserTokens>,
}

impl TypePaths {
    fn new(cx: &Cx) -> TypePaths {
        let objects = cx.options.into.as_ref().and_then(|into| {
            let mut module = into.clone();
            module.segments.pop();
            if module.segments.is_empty() {
                return None;
            }
            let module = module.segments.pairs().map(|pair| pair.into_value()).collect::<Vec<_>>();
            let leading = into.leading_colon;
            Some(UserTokens::new(&quote!(#leading #(#module)::*)))
        });
        TypePaths { krate: UserTokens::new(cx.krate), objects }
    }
}

impl RustText<'_> {
    /// The Rust type of a field's value, before the `Option`.
    fn field_type(&mut self, cx: &Cx, paths: &TypePaths, ty: FieldType) {
        const STRING: &str = "::std::string::String";
        let object = |out: &mut RustText, t: u16| {
            if let Some(module) = &paths.objects {
                out.user_tokens(module);
                out.put("::");
            }
            out.put(cx.catalog.type_name(t));
        };
        match ty {
            FieldType::Integer => self.put("i64"),
            FieldType::Number => self.put("f64"),
            FieldType::String => self.put(STRING),
            FieldType::Boolean => self.put("bool"),
            FieldType::StringList => self.write(format_args!("::std::vec::Vec<{STRING}>")),
            FieldType::IntegerList => self.put("::std::vec::Vec<i64>"),
            FieldType::StringMap => {
                self.write(format_args!("::std::collections::BTreeMap<{STRING}, {STRING}>"))
            }
            FieldType::Json => {
                self.user_tokens(&paths.krate);
                self.put("::RawJson");
            }
            FieldType::Object(t) => object(self, t),
            FieldType::ObjectList(t) => {
                self.put("::std::vec::Vec<");
                object(self, t);
                self.put(">");
            }
        }
    }

    /// `/// docs` then `vis name: Option<type>,`.
    fn struct_field(
        &mut self,
        cx: &Cx,
        paths: &TypePaths,
        field: &Field,
        vis: Option<&UserTokens>,
    ) {
        self.doc(&docs::field(cx.catalog, field));
        if let Some(vis) = vis {
            self.user_tokens(vis);
        }
        self.write(format_args!(" {}: ::core::option::Option<", ident_text(&field.rust_name)));
        self.field_type(cx, paths, field.ty);
        self.put(">,\n");
    }
}

/// A field identifier as text; keywords become raw identifiers (`r#type`), as [`ident`] makes them.
pub(crate) fn ident_text(name: &str) -> std::borrow::Cow<'_, str> {
    if crate::ident::is_keyword(name) { format!("r#{name}").into() } else { name.into() }
}

/// Struct definitions of the object types the enum's variants use.
pub(crate) fn object_types(cx: &Cx) -> TokenStream {
    if cx.options.into.is_some() {
        return TokenStream::new();
    }
    let used = |t: usize| {
        cx.variants.iter().any(|&id| {
            cx.catalog.entries[id]
                .fields
                .iter()
                .any(|f| matches!(f.ty, FieldType::Object(u) | FieldType::ObjectList(u) if usize::from(u) == t))
        })
    };
    let vis = &cx.shell.vis;
    let vis_tokens = UserTokens::new(vis);
    let paths = TypePaths::new(cx);
    let p = cx.private();
    let types = cx.catalog.types.iter().enumerate().filter(|(t, _)| used(*t)).map(|(_, ty)| {
        let name = format_ident!("{}", ty.name);
        let mut lines = match &ty.description {
            Some(d) => d.lines().map(str::to_owned).collect(),
            None => vec![format!("The `{}` object of the {} catalog.", ty.name, cx.catalog.name)],
        };
        lines.push(String::new());
        lines.push(format!("Generated by errtable from `{}`.", cx.options.spec_display));
        let docs = RustText::tokens(cx, |docs| docs.doc(&lines));
        let fields = RustText::tokens(cx, |fields| {
            for field in ty.fields.iter() {
                fields.struct_field(cx, &paths, field, Some(&vis_tokens));
            }
        });
        let takes = ty.fields.iter().map(|f| {
            let rust = ident(&f.rust_name);
            let name = &f.name;
            quote!(#rust: fields.take(#name))
        });
        let puts = ty.fields.iter().map(|f| {
            let rust = ident(&f.rust_name);
            let name = &f.name;
            quote! {
                if let ::core::option::Option::Some(value) = &self.#rust {
                    out.push((#name, #p::ToFieldValue::to_field_value(value)));
                }
            }
        });
        quote! {
            #docs
            #[derive(::core::fmt::Debug, ::core::clone::Clone, ::core::cmp::PartialEq)]
            #vis struct #name {
                #fields
            }
            impl #p::ObjectField for #name {
                fn from_fields(mut fields: #p::ObjectFields) -> Self {
                    Self { #(#takes,)* }
                }
                fn to_fields(&self) -> ::std::vec::Vec<(&'static str, #p::FieldValue)> {
                    let mut out = ::std::vec::Vec::new();
                    #(#puts)*
                    out
                }
            }
        }
    });
    quote!(#(#types)*)
}

/// The user's enum with its variants.
///
/// The variants, their documentation and their fields are written as text ([`RustText`]):
/// after the table, they are most of a large catalog's tokens.
pub(crate) fn enum_item(cx: &Cx) -> TokenStream {
    let shell = cx.shell;
    let attrs = &shell.attrs;
    let vis = &shell.vis;
    let ident = &shell.ident;
    let user_docs = attrs.iter().any(|a| a.path().is_ident("doc"));
    let docs = (!user_docs).then(|| {
        let lines = docs::catalog(
            cx.catalog,
            &cx.options.spec_display,
            cx.operation.map(|o| o.name.as_ref()),
        );
        RustText::tokens(cx, |docs| docs.doc(&lines))
    });
    let paths = TypePaths::new(cx);
    let meta = |body: &mut RustText| {
        body.put(
            "/// Status, code, message, request id, server delay and raw body of the response.\nmeta: ",
        );
        body.user_tokens(&paths.krate);
        body.put("::ErrorMeta,\n},\n");
    };
    let body = RustText::tokens(cx, |body| {
        for &id in &cx.variants {
            let entry = &cx.catalog.entries[id];
            body.doc(&docs::variant(cx.catalog, entry));
            body.write(format_args!("{} {{\n", entry.variant));
            for field in entry.fields.iter() {
                body.struct_field(cx, &paths, field, None);
            }
            meta(body);
        }
        body.doc(&docs::unknown(cx.catalog));
        body.write(format_args!("{} {{\n", cx.catalog.unknown.variant));
        meta(body);
    });
    quote! {
        #(#attrs)*
        #docs
        #vis enum #ident {
            #body
        }
    }
}
