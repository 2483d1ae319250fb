//! The `static` catalog table the runtime decoder reads.

use proc_macro2::{Literal, TokenStream};
use quote::quote;
use serde_json::Value;

use super::Cx;
use crate::model::{
    DelaySource, Envelope, Field, FieldType, Jitter, RetryClass, Source, StatusPattern,
};
use crate::pointer::Pointer;

/// `static TABLE: CatalogTable = …;`
pub(crate) fn table(cx: &Cx) -> TokenStream {
    let p = cx.private();
    let catalog = cx.catalog;
    let name = &catalog.name;
    let main_envelope = envelope(cx, &catalog.envelope);
    let embedded = catalog.embedded.iter().map(|rule| {
        let name = &rule.name;
        let items = match &rule.items {
            Some(items) => {
                let tokens = pointer(items);
                quote!(::core::option::Option::Some(#tokens))
            }
            None => quote!(::core::option::Option::None),
        };
        let when = pointer(&rule.when_pointer);
        let equals = scalar(cx, &rule.when_equals);
        let rule_envelope = envelope(cx, &rule.envelope);
        quote! {
            #p::EmbeddedRule { name: #name, items: #items, when: #when, equals: #equals, envelope: #rule_envelope }
        }
    });
    let entries = catalog.entries.iter().map(|entry| {
        let variant = &entry.variant;
        let code = option_str(entry.code.as_ref().map(|c| c.text().into_owned()).as_deref());
        let statuses = entry.statuses.iter().map(|&s| Literal::u16_unsuffixed(s));
        let status_default = entry.status_default;
        let retry = retry_class(cx, entry.retry);
        let delay_from = match &entry.delay_from {
            Some(delays) => {
                let delays = delay_sources(cx, delays);
                quote!(::core::option::Option::Some(#delays))
            }
            None => quote!(::core::option::Option::None),
        };
        let fields = fields(cx, &entry.fields);
        let description = &entry.description;
        let resolution = option_str(entry.resolution.as_deref());
        let operation = option_str(entry.operation.as_deref());
        quote! {
            #p::Entry {
                variant: #variant,
                code: #code,
                statuses: &[#(#statuses),*],
                status_default: #status_default,
                retry: #retry,
                delay_from: #delay_from,
                fields: #fields,
                description: #description,
                resolution: #resolution,
                operation: #operation,
            }
        }
    });
    let types = catalog.types.iter().map(|ty| {
        let name = &ty.name;
        let fields = fields(cx, &ty.fields);
        quote!(#p::ObjectType { name: #name, fields: #fields })
    });
    let global = scope(cx, None, &catalog.global.entries);
    let operations =
        catalog.operations.iter().map(|op| scope(cx, Some(&op.name), &op.scope.entries));
    let unknown = unknown(cx);
    let delay_from = delay_sources(cx, &catalog.retry.delay_from);
    let backoff = backoff(cx);
    let transport = retry_class(cx, catalog.retry.transport);
    quote! {
        static TABLE: #p::CatalogTable = #p::CatalogTable {
            name: #name,
            envelope: #main_envelope,
            embedded: &[#(#embedded),*],
            entries: &[#(#entries),*],
            types: &[#(#types),*],
            scopes: &[#global, #(#operations),*],
            unknown: #unknown,
            delay_from: #delay_from,
            backoff: #backoff,
            transport: #transport,
            plan: #p::OnceLock::new(),
        };
    }
}

fn pointer(pointer: &Pointer) -> TokenStream {
    let tokens = pointer.tokens();
    quote!(&[#(#tokens),*])
}

fn option_str(text: Option<&str>) -> TokenStream {
    match text {
        Some(text) => quote!(::core::option::Option::Some(#text)),
        None => quote!(::core::option::Option::None),
    }
}

fn sources(cx: &Cx, sources: &[Source]) -> TokenStream {
    let p = cx.private();
    let sources = sources.iter().map(|source| match source {
        Source::Body(ptr) => {
            let tokens = pointer(ptr);
            quote!(#p::Source::Body(#tokens))
        }
        Source::Header(name) => quote!(#p::Source::Header(#name)),
    });
    quote!(&[#(#sources),*])
}

fn delay_sources(cx: &Cx, sources: &[DelaySource]) -> TokenStream {
    let p = cx.private();
    let sources = sources.iter().map(|source| match source {
        DelaySource::Header(name) => quote!(#p::DelaySource::Header(#name)),
        DelaySource::BodySeconds(ptr) => {
            let tokens = pointer(ptr);
            quote!(#p::DelaySource::BodySeconds(#tokens))
        }
        DelaySource::BodyMilliseconds(ptr) => {
            let tokens = pointer(ptr);
            quote!(#p::DelaySource::BodyMilliseconds(#tokens))
        }
    });
    quote!(&[#(#sources),*])
}

fn envelope(cx: &Cx, envelope: &Envelope) -> TokenStream {
    let p = cx.private();
    let code = sources(cx, &envelope.code);
    let message = sources(cx, &envelope.message);
    let request_id = sources(cx, &envelope.request_id);
    quote!(#p::Envelope { code: #code, message: #message, request_id: #request_id })
}

fn fields(cx: &Cx, fields: &[Field]) -> TokenStream {
    let p = cx.private();
    let fields = fields.iter().map(|field| {
        let name = &field.name;
        let ty = match field.ty {
            FieldType::Integer => quote!(Integer),
            FieldType::Number => quote!(Number),
            FieldType::String => quote!(String),
            FieldType::Boolean => quote!(Boolean),
            FieldType::StringList => quote!(StringList),
            FieldType::IntegerList => quote!(IntegerList),
            FieldType::StringMap => quote!(StringMap),
            FieldType::Object(t) => {
                let t = Literal::usize_unsuffixed(t);
                quote!(Object(#t))
            }
            FieldType::ObjectList(t) => {
                let t = Literal::usize_unsuffixed(t);
                quote!(ObjectList(#t))
            }
        };
        let from = sources(cx, &field.from);
        quote!(#p::Field { name: #name, ty: #p::FieldType::#ty, from: #from })
    });
    quote!(&[#(#fields),*])
}

fn scalar(cx: &Cx, value: &Value) -> TokenStream {
    let p = cx.private();
    match value {
        Value::Bool(b) => quote!(#p::Scalar::Bool(#b)),
        Value::Number(n) => match n.as_i64() {
            Some(i) => {
                let i = Literal::i64_unsuffixed(i);
                quote!(#p::Scalar::Int(#i))
            }
            None => {
                // JSON numbers are finite; the fallback only keeps the literal valid.
                let f =
                    Literal::f64_unsuffixed(n.as_f64().filter(|f| f.is_finite()).unwrap_or(0.0));
                quote!(#p::Scalar::Float(#f))
            }
        },
        Value::String(s) => quote!(#p::Scalar::Str(#s)),
        // Validation allows only scalars; anything else compares as null.
        _ => quote!(#p::Scalar::Null),
    }
}

pub(crate) fn retry_class(cx: &Cx, class: RetryClass) -> TokenStream {
    let krate = cx.krate;
    let variant = match class {
        RetryClass::Never => quote!(Never),
        RetryClass::Backoff => quote!(Backoff),
        RetryClass::After => quote!(After),
        RetryClass::Reauth => quote!(Reauth),
    };
    quote!(#krate::RetryClass::#variant)
}

fn scope(cx: &Cx, operation: Option<&str>, entries: &[usize]) -> TokenStream {
    let p = cx.private();
    let operation = option_str(operation);
    let entries = entries.iter().map(|&id| Literal::usize_unsuffixed(id));
    quote!(#p::Scope { operation: #operation, entries: &[#(#entries),*] })
}

fn unknown(cx: &Cx) -> TokenStream {
    let p = cx.private();
    let unknown = &cx.catalog.unknown;
    let variant = &unknown.variant;
    let mut exact = Vec::new();
    let mut classes = Vec::new();
    for (pattern, class) in &unknown.retry {
        let class = retry_class(cx, *class);
        match *pattern {
            StatusPattern::Exact(s) => {
                let s = Literal::u16_unsuffixed(s);
                exact.push(quote!((#s, #class)));
            }
            StatusPattern::Class(c) => {
                let c = Literal::u16_unsuffixed(c);
                classes.push(quote!((#c, #class)));
            }
        }
    }
    let default = retry_class(cx, unknown.default_retry);
    quote! {
        #p::Unknown { variant: #variant, exact: &[#(#exact),*], classes: &[#(#classes),*], default: #default }
    }
}

fn backoff(cx: &Cx) -> TokenStream {
    let krate = cx.krate;
    let b = &cx.catalog.retry.backoff;
    let initial = Literal::u64_unsuffixed(b.initial_delay_ms);
    let factor = Literal::f64_unsuffixed(b.factor);
    let max = Literal::u64_unsuffixed(b.max_delay_ms);
    let attempts = Literal::u32_unsuffixed(b.max_attempts);
    let jitter = match b.jitter {
        Jitter::None => quote!(None),
        Jitter::Full => quote!(Full),
        Jitter::Equal => quote!(Equal),
    };
    quote! {
        #krate::Backoff::new(
            ::core::time::Duration::from_millis(#initial),
            #factor,
            ::core::time::Duration::from_millis(#max),
            #attempts,
            #krate::Jitter::#jitter,
        )
    }
}
