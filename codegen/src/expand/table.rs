//! The catalog as a `static`: the very [`Catalog`] value the engine validated, written
//! as Rust data (text and lists borrowed), and the runtime decoder that reads it.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::Cx;
use crate::model::{
    Backoff, Catalog, Code, Condition, DelaySource, EmbeddedRule, Entry, Envelope, Field,
    FieldType, Jitter, ObjectType, Operation, OperationRow, Pointer, RetryClass, RetrySettings,
    Scalar, Scope, Source, StatusPattern, UnknownRule,
};

/// `const ENTRY_0: Entry = …; …; static CATALOG: Catalog = …; static DECODER: Decoder = …;`
///
/// Each entry is a `const` of its own, named by its entry id: rustc type-checks every
/// item on its own, while one literal holding thousands of entries is one inference
/// context whose cost grows faster than its size (7.6 s of type checking at 1,000
/// codes, against 1.3 s split).
pub(crate) fn statics(cx: &Cx) -> TokenStream {
    let p = cx.alias();
    let emit = Emit { p: &p };
    let names: Vec<syn::Ident> = (0..cx.catalog.entries.len()).map(entry_const).collect();
    let entries = cx.catalog.entries.iter().map(|entry| emit.entry(entry));
    let catalog = emit.catalog(cx.catalog, &names);
    quote! {
        #(const #names: #p::Entry = #entries;)*
        static CATALOG: #p::Catalog = #catalog;
        static DECODER: #p::Decoder = #p::Decoder::new(&CATALOG);
    }
}

/// The `const` holding entry `id`.
fn entry_const(id: usize) -> syn::Ident {
    syn::Ident::new(&format!("ENTRY_{id}"), proc_macro2::Span::call_site())
}

/// The identifier a field-less enum value's `Debug` spells: its variant's name.
fn debug_ident(value: &impl std::fmt::Debug) -> syn::Ident {
    syn::Ident::new(&format!("{value:?}"), proc_macro2::Span::call_site())
}

/// Writes catalog values as Rust expressions valid in a `static`.
struct Emit<'a> {
    /// The runtime's private module.
    p: &'a syn::Ident,
}

impl Emit<'_> {
    fn catalog(&self, c: &Catalog, entries: &[syn::Ident]) -> TokenStream {
        let p = self.p;
        let name = self.text(&c.name);
        let title = self.some_text(c.title.as_deref());
        let description = self.some_text(c.description.as_deref());
        let source = self.some_text(c.source.as_deref());
        let envelope = self.envelope(&c.envelope);
        let embedded = self.list(c.embedded.iter().map(|rule| self.rule(rule)));
        let retry = self.retry(&c.retry);
        let warnings = self.option(c.warnings.as_ref(), |w| self.envelope(w));
        let unknown = self.unknown(&c.unknown);
        let types = self.list(c.types.iter().map(|ty| self.object_type(ty)));
        let entries = self.list(entries.iter().map(|name| quote!(#name)));
        let global = self.scope(&c.global);
        let operations = self.list(c.operations.iter().map(|op| self.operation(op)));
        quote! {
            #p::Catalog {
                name: #name,
                title: #title,
                description: #description,
                source: #source,
                envelope: #envelope,
                embedded: #embedded,
                retry: #retry,
                warnings: #warnings,
                unknown: #unknown,
                types: #types,
                entries: #entries,
                global: #global,
                operations: #operations,
            }
        }
    }

    fn text(&self, text: &str) -> TokenStream {
        let p = self.p;
        quote!(#p::Borrowed(#text))
    }

    fn list(&self, items: impl Iterator<Item = TokenStream>) -> TokenStream {
        let p = self.p;
        quote!(#p::Borrowed(&[#(#items),*]))
    }

    /// `Some` text, or `None`.
    fn some_text(&self, text: Option<&str>) -> TokenStream {
        let p = self.p;
        match text {
            Some(text) => quote!(#p::some(#text)),
            None => quote!(::core::option::Option::None),
        }
    }

    fn option<T>(&self, value: Option<T>, some: impl FnOnce(T) -> TokenStream) -> TokenStream {
        match value {
            Some(value) => {
                let value = some(value);
                quote!(::core::option::Option::Some(#value))
            }
            None => quote!(::core::option::Option::None),
        }
    }

    fn pointer(&self, pointer: &Pointer) -> TokenStream {
        let p = self.p;
        let text = pointer.as_str();
        quote!(#p::Pointer::from_static(#text))
    }

    fn source(&self, source: &Source) -> TokenStream {
        let p = self.p;
        match source {
            Source::Body(pointer) => {
                let text = pointer.as_str();
                quote!(#p::Source::body(#text))
            }
            Source::Header(name) => {
                let name = name.as_ref();
                quote!(#p::Source::header(#name))
            }
        }
    }

    fn sources(&self, sources: &[Source]) -> TokenStream {
        self.list(sources.iter().map(|s| self.source(s)))
    }

    fn delay_sources(&self, sources: &[DelaySource]) -> TokenStream {
        let p = self.p;
        self.list(sources.iter().map(|d| {
            let from = self.source(&d.from);
            let format = debug_ident(&d.format);
            quote!(#p::DelaySource::new(#from, #p::DelayFormat::#format))
        }))
    }

    fn envelope(&self, e: &Envelope) -> TokenStream {
        let p = self.p;
        if *e == Envelope::EMPTY {
            return quote!(#p::Envelope::EMPTY);
        }
        let items = self.option(e.items.as_ref(), |items| self.pointer(items));
        let code = self.sources(&e.code);
        let normalize = self.option(e.normalize, |rule| {
            let rule = debug_ident(&rule);
            quote!(#p::CodeNormalize::#rule)
        });
        let message = self.sources(&e.message);
        let request_id = self.sources(&e.request_id);
        quote! {
            #p::Envelope {
                items: #items,
                code: #code,
                normalize: #normalize,
                message: #message,
                request_id: #request_id,
            }
        }
    }

    fn condition(&self, c: &Condition) -> TokenStream {
        let p = self.p;
        match c {
            Condition::Header { name, equals } => {
                let (name, equals) = (self.text(name), self.text(equals));
                quote!(#p::Condition::Header { name: #name, equals: #equals })
            }
            Condition::MessageContains(needle) => {
                let needle = self.text(needle);
                quote!(#p::Condition::MessageContains(#needle))
            }
            Condition::Status(statuses) => {
                let statuses = statuses.iter().map(|&s| Literal::u16_unsuffixed(s));
                quote!(#p::Condition::Status(#p::Borrowed(&[#(#statuses),*])))
            }
            Condition::Body { pointer, equals } => {
                let (pointer, equals) = (self.pointer(pointer), self.scalar(equals));
                quote!(#p::Condition::Body { pointer: #pointer, equals: #equals })
            }
        }
    }

    fn rule(&self, rule: &EmbeddedRule) -> TokenStream {
        let p = self.p;
        let name = self.text(&rule.name);
        let description = self.some_text(rule.description.as_deref());
        let when = self.pointer(&rule.when);
        let equals = self.scalar(&rule.equals);
        let envelope = self.envelope(&rule.envelope);
        quote! {
            #p::EmbeddedRule {
                name: #name,
                description: #description,
                when: #when,
                equals: #equals,
                envelope: #envelope,
            }
        }
    }

    fn scalar(&self, scalar: &Scalar) -> TokenStream {
        let p = self.p;
        match scalar {
            Scalar::Null => quote!(#p::Scalar::Null),
            Scalar::Bool(b) => quote!(#p::Scalar::Bool(#b)),
            Scalar::Int(i) => quote!(#p::Scalar::Int(#i)),
            Scalar::Float(f) => {
                // Validation keeps only finite numbers; the guard keeps the literal valid.
                let f = Literal::f64_suffixed(if f.is_finite() { *f } else { 0.0 });
                quote!(#p::Scalar::Float(#f))
            }
            Scalar::Str(s) => {
                let s = self.text(s);
                quote!(#p::Scalar::Str(#s))
            }
        }
    }

    fn retry_class(&self, class: RetryClass) -> TokenStream {
        let p = self.p;
        let variant = debug_ident(&class);
        quote!(#p::RetryClass::#variant)
    }

    fn backoff(&self, b: &Backoff) -> TokenStream {
        let p = self.p;
        let millis = |d: std::time::Duration| Literal::u64_unsuffixed(d.as_millis() as u64);
        let (initial, max) = (millis(b.initial()), millis(b.max_delay()));
        let factor = Literal::f64_suffixed(b.factor());
        let attempts = Literal::u32_unsuffixed(b.max_attempts());
        let jitter = match b.jitter() {
            Jitter::None => quote!(None),
            Jitter::Full => quote!(Full),
            Jitter::Equal => quote!(Equal),
        };
        quote! {
            #p::Backoff::new(
                #p::Duration::from_millis(#initial),
                #factor,
                #p::Duration::from_millis(#max),
                #attempts,
                #p::Jitter::#jitter,
            )
        }
    }

    fn retry(&self, r: &RetrySettings) -> TokenStream {
        let p = self.p;
        let delay_from = self.delay_sources(&r.delay_from);
        let backoff = self.backoff(&r.backoff);
        let stated = r.backoff_stated;
        let description = self.some_text(r.backoff_description.as_deref());
        let transport = self.retry_class(r.transport);
        let overrides = self.list(r.overrides.iter().map(|o| {
            let (header, equals) = (self.text(&o.header), self.text(&o.equals));
            let retry = self.retry_class(o.retry);
            quote!(#p::RetryOverride { header: #header, equals: #equals, retry: #retry })
        }));
        quote! {
            #p::RetrySettings {
                delay_from: #delay_from,
                backoff: #backoff,
                backoff_stated: #stated,
                backoff_description: #description,
                transport: #transport,
                overrides: #overrides,
            }
        }
    }

    fn unknown(&self, u: &UnknownRule) -> TokenStream {
        let p = self.p;
        if *u == UnknownRule::DEFAULT {
            return quote!(#p::UnknownRule::DEFAULT);
        }
        let variant = self.text(&u.variant);
        let retry = self.list(u.retry.iter().map(|(pattern, class)| {
            let pattern = match *pattern {
                StatusPattern::Exact(s) => {
                    let s = Literal::u16_unsuffixed(s);
                    quote!(#p::StatusPattern::Exact(#s))
                }
                StatusPattern::Class(c) => {
                    let c = Literal::u16_unsuffixed(c);
                    quote!(#p::StatusPattern::Class(#c))
                }
            };
            let class = self.retry_class(*class);
            quote!((#pattern, #class))
        }));
        let default = self.retry_class(u.default_retry);
        quote!(#p::UnknownRule { variant: #variant, retry: #retry, default_retry: #default })
    }

    fn object_type(&self, ty: &ObjectType) -> TokenStream {
        let p = self.p;
        let name = self.text(&ty.name);
        let description = self.some_text(ty.description.as_deref());
        let fields = self.fields(&ty.fields);
        quote!(#p::ObjectType { name: #name, description: #description, fields: #fields })
    }

    /// Written as one `quote!` each, text and numbers interpolated as they are: a
    /// catalog has thousands of them, this runs unoptimized inside the compiler, and
    /// every token stream built apart costs a call through the proc-macro bridge to join.
    fn fields(&self, fields: &[Field]) -> TokenStream {
        let p = self.p;
        self.list(fields.iter().map(|f| {
            let (name, rust_name) = (f.name.as_ref(), f.rust_name.as_ref());
            let ty = match f.ty {
                FieldType::Object(t) => {
                    let t = Literal::u16_unsuffixed(t);
                    quote!(Object(#t))
                }
                FieldType::ObjectList(t) => {
                    let t = Literal::u16_unsuffixed(t);
                    quote!(ObjectList(#t))
                }
                simple => {
                    let name = debug_ident(&simple);
                    quote!(#name)
                }
            };
            let from = self.sources(&f.from);
            let description = self.some_text(f.description.as_deref());
            quote! {
                #p::Field {
                    name: #p::Borrowed(#name),
                    rust_name: #p::Borrowed(#rust_name),
                    ty: #p::FieldType::#ty,
                    from: #from,
                    description: #description,
                }
            }
        }))
    }

    /// An entry: what the spec states, completed with [`Entry::DEFAULTS`]. Common parts
    /// are interpolated as text and numbers (see [`Emit::fields`]); an absent optional
    /// part is an empty repetition.
    fn entry(&self, e: &Entry) -> TokenStream {
        let p = self.p;
        // Each optional part as an iterator of zero or one item, for a `#(…)*` repetition.
        let variant = e.variant.as_ref();
        let code_str = match &e.code {
            Some(Code::Str(s)) => Some(s.as_ref()),
            _ => None,
        }
        .into_iter();
        let code_int = match &e.code {
            Some(Code::Int(i)) => Some(*i),
            _ => None,
        }
        .into_iter();
        let aliases = (!e.aliases.is_empty())
            .then(|| {
                self.list(e.aliases.iter().map(|code| match code {
                    Code::Int(i) => quote!(#p::Code::Int(#i)),
                    Code::Str(s) => {
                        let s = self.text(s);
                        quote!(#p::Code::Str(#s))
                    }
                }))
            })
            .into_iter();
        let statuses = e.statuses.iter().map(|&s| Literal::u16_unsuffixed(s));
        let when = (!e.when.is_empty())
            .then(|| self.list(e.when.iter().map(|c| self.condition(c))))
            .into_iter();
        let status_default = e.status_default.then_some(true).into_iter();
        let retry = debug_ident(&e.retry);
        let retry_safe = e.retry_safe.then_some(true).into_iter();
        let delay_from = e.delay_from.as_ref().map(|delays| self.delay_sources(delays)).into_iter();
        let millis = |d: std::time::Duration| Literal::u64_unsuffixed(d.as_millis() as u64);
        let default_delay = e.default_delay.map(millis).into_iter();
        let min_delay = e.min_delay.map(millis).into_iter();
        let description = e.description.as_ref();
        let resolution = e.resolution.as_deref().into_iter();
        let fields = (!e.fields.is_empty()).then(|| self.fields(&e.fields)).into_iter();
        let operation = e.operation.as_deref().into_iter();
        quote! {
            #p::Entry {
                variant: #p::Borrowed(#variant),
                #(code: #p::code_str(#code_str),)*
                #(code: #p::code_int(#code_int),)*
                #(aliases: #aliases,)*
                statuses: #p::Borrowed(&[#(#statuses),*]),
                #(when: #when,)*
                #(status_default: #status_default,)*
                retry: #p::RetryClass::#retry,
                #(retry_safe: #retry_safe,)*
                #(delay_from: ::core::option::Option::Some(#delay_from),)*
                #(default_delay: ::core::option::Option::Some(
                    #p::Duration::from_millis(#default_delay)),)*
                #(min_delay: ::core::option::Option::Some(
                    #p::Duration::from_millis(#min_delay)),)*
                description: #p::Borrowed(#description),
                #(resolution: #p::some(#resolution),)*
                #(fields: #fields,)*
                #(operation: #p::some(#operation),)*
                ..#p::Entry::DEFAULTS
            }
        }
    }

    fn scope(&self, scope: &Scope) -> TokenStream {
        let p = self.p;
        let ids = scope.entries.iter().map(|&id| Literal::usize_unsuffixed(id));
        quote!(#p::Scope { entries: #p::Borrowed(&[#(#ids),*]) })
    }

    fn operation(&self, op: &Operation) -> TokenStream {
        let p = self.p;
        let name = self.text(&op.name);
        let description = self.some_text(op.description.as_deref());
        let rows = self.list(op.rows.iter().map(|row: &OperationRow| {
            let entry = Literal::usize_unsuffixed(row.entry);
            let same_as = row.same_as;
            let description = self.some_text(row.description.as_deref());
            quote!(#p::OperationRow { entry: #entry, same_as: #same_as, description: #description })
        }));
        let scope = self.scope(&op.scope);
        quote!(#p::Operation { name: #name, description: #description, rows: #rows, scope: #scope })
    }
}
