//! The catalog: the very [`Catalog`] value the engine validated, written as a `static` of
//! all but its entries (text and lists borrowed) and a table of the entries, one string
//! literal the runtime reads on first use; and the runtime decoder that reads both.
//!
//! Written as text ([`RustText`]): the table is most of a large catalog's tokens.

use proc_macro2::TokenStream;

use super::Cx;
use super::text::{FirstSeen, RustText};
use crate::model::{
    Backoff, Catalog, Code, Condition, DelaySource, EmbeddedRule, Entry, Envelope, Field,
    FieldType, Jitter, ObjectType, Operation, Pointer, RetryClass, RetrySettings, Scalar, Scope,
    Source, StatusPattern, UnknownRule, table,
};

/// `static CATALOG: Catalog = …; static TABLE: Table = Table { rows: "…", … };
/// static DECODER: Decoder = Decoder::new(&CATALOG, &TABLE);`: the catalog but its
/// entries, and the entries as the rows of one string literal
/// ([`table`](crate::model::table)); an entry that states more than a row holds is a
/// `const ENTRY_n` of its own, so that rustc checks it on its own.
///
/// Rows rather than a `const` per entry: rustc checks a `const` of an entry for about 2 M
/// instructions, 58 % of a 1,000-code expansion's check, and one literal of every entry
/// builds a drop path per element, which grows with the square of their number; a string
/// literal costs almost nothing (BENCHMARKS.md, "The table as one string").
pub(crate) fn statics(cx: &Cx) -> TokenStream {
    let entries = &cx.catalog.entries;
    RustText::tokens(cx, |emit| {
        let field_lists = shared_field_lists(emit, entries);
        let lists = field_lists.iter().flatten().max().map_or(0, |&last| last + 1);
        let mut rows = Vec::with_capacity(entries.len());
        let mut literal = Vec::new();
        for (id, (entry, &fields)) in entries.iter().zip(&field_lists).enumerate() {
            match table::row(entry, fields) {
                Some(row) => rows.push(row),
                None => {
                    emit.write(format_args!("const ENTRY_{id}: _errtable::Entry = "));
                    emit.entry_literal(entry, fields);
                    emit.put(";\n");
                    rows.push(table::LITERAL.to_owned());
                    literal.push(id);
                }
            }
        }
        emit.put("static CATALOG: _errtable::Catalog = ");
        emit.catalog(cx.catalog);
        emit.put(";\nstatic TABLE: _errtable::Table = _errtable::Table { rows: ");
        emit.rows(&rows);
        emit.put(", fields: ");
        emit.slice(&(0..lists).collect::<Vec<_>>(), |emit, list| {
            emit.write(format_args!("FIELDS_{list}"));
        });
        emit.put(", literal: ");
        emit.slice(&literal, |emit, id| emit.write(format_args!("ENTRY_{id}")));
        emit.put(
            " };\nstatic DECODER: _errtable::Decoder = _errtable::Decoder::new(&CATALOG, &TABLE);\n",
        );
    })
}

/// `const FIELDS_0: &[Field] = &[…];`, once for each distinct list of fields, and for
/// each entry the number of its list (`None` for none).
///
/// A vendor's `details` shape recurs across its codes (Stripe's 72 entries with fields
/// have two lists between them), and a list written once is lexed and checked once.
/// Lists are told apart by their text.
fn shared_field_lists(emit: &mut RustText, entries: &[Entry]) -> Vec<Option<usize>> {
    let mut seen = FirstSeen::default();
    let mut number_of = |fields: &[Field]| {
        let list = RustText::render(|list| list.field_list(fields));
        let (number, first) = seen.number(list.as_str());
        if first {
            emit.write(format_args!("const FIELDS_{number}: &[_errtable::Field] = "));
            emit.put_rendered(&list);
            emit.put(";\n");
        }
        number
    };
    entries.iter().map(|e| (!e.fields.is_empty()).then(|| number_of(&e.fields))).collect()
}

/// Catalog values as Rust expressions valid in a `static`, naming the runtime's private
/// module by its alias in the expansion, `_errtable`.
impl RustText<'_> {
    /// A number, or another value whose `Display` is its Rust source.
    fn number(&mut self, value: impl std::fmt::Display) {
        self.write(format_args!("{value}"));
    }

    /// `function("text")`.
    fn call_with_literal(&mut self, function: &str, text: &str) {
        self.put(function);
        self.put("(");
        self.literal(text);
        self.put(")");
    }

    fn text(&mut self, text: &str) {
        self.call_with_literal("_errtable::Borrowed", text);
    }

    /// `_errtable::Borrowed(&[a, b])`, each item written by `item`.
    fn list<T>(&mut self, items: &[T], item: impl FnMut(&mut Self, &T)) {
        self.put("_errtable::Borrowed(");
        self.slice(items, item);
        self.put(")");
    }

    /// `&[a, b]`, each item written by `item`.
    fn slice<T>(&mut self, items: &[T], mut item: impl FnMut(&mut Self, &T)) {
        self.put("&[");
        for (i, value) in items.iter().enumerate() {
            if i > 0 {
                self.put(", ");
            }
            item(self, value);
        }
        self.put("]");
    }

    /// `Some` text, or `None`.
    fn some_text(&mut self, text: Option<&str>) {
        match text {
            Some(text) => self.call_with_literal("_errtable::some", text),
            None => self.put("_errtable::None"),
        }
    }

    fn option<T>(&mut self, value: Option<T>, some: impl FnOnce(&mut Self, T)) {
        match value {
            Some(value) => {
                self.put("_errtable::Some(");
                some(self, value);
                self.put(")");
            }
            None => self.put("_errtable::None"),
        }
    }

    fn millis(&mut self, duration: std::time::Duration) {
        self.put("_errtable::Duration::from_millis(");
        self.number(duration.as_millis() as u64);
        self.put(")");
    }

    fn catalog(&mut self, c: &Catalog) {
        self.put("_errtable::Catalog { name: ");
        self.text(&c.name);
        self.put(", title: ");
        self.some_text(c.title.as_deref());
        self.put(", description: ");
        self.some_text(c.description.as_deref());
        self.put(", source: ");
        self.some_text(c.source.as_deref());
        self.put(", envelope: ");
        self.envelope(&c.envelope);
        self.put(", embedded: ");
        self.list(&c.embedded, Self::rule);
        self.put(", retry: ");
        self.retry(&c.retry);
        self.put(", warnings: ");
        self.option(c.warnings.as_ref(), Self::envelope);
        self.put(", unknown: ");
        self.unknown(&c.unknown);
        self.put(", types: ");
        self.list(&c.types, Self::object_type);
        // The entries are the decoder's table.
        self.put(", entries: _errtable::Borrowed(&[])");
        self.put(", global: ");
        self.scope(&c.global);
        self.put(", operations: ");
        self.list(&c.operations, Self::operation);
        self.put(", }");
    }

    fn pointer(&mut self, pointer: &Pointer) {
        self.call_with_literal("_errtable::Pointer::from_static", pointer.as_str());
    }

    fn source(&mut self, source: &Source) {
        match source {
            Source::Body(pointer) => {
                self.call_with_literal("_errtable::Source::body", pointer.as_str())
            }
            Source::Header(name) => self.call_with_literal("_errtable::Source::header", name),
        }
    }

    fn sources(&mut self, sources: &[Source]) {
        self.list(sources, Self::source);
    }

    fn delay_sources(&mut self, sources: &[DelaySource]) {
        self.list(sources, |emit, delay| {
            emit.put("_errtable::DelaySource::new(");
            emit.source(&delay.from);
            emit.put(", _errtable::DelayFormat::");
            emit.debug_ident(&delay.format);
            emit.put(")");
        });
    }

    fn envelope(&mut self, e: &Envelope) {
        if *e == Envelope::EMPTY {
            return self.put("_errtable::Envelope::EMPTY");
        }
        self.put("_errtable::Envelope { items: ");
        self.option(e.items.as_ref(), Self::pointer);
        self.put(", code: ");
        self.sources(&e.code);
        self.put(", normalize: ");
        self.option(e.normalize, |emit, rule| {
            emit.put("_errtable::CodeNormalize::");
            emit.debug_ident(&rule);
        });
        self.put(", message: ");
        self.sources(&e.message);
        self.put(", request_id: ");
        self.sources(&e.request_id);
        self.put(", }");
    }

    fn condition(&mut self, c: &Condition) {
        match c {
            Condition::Header { name, equals } => {
                self.put("_errtable::Condition::Header { name: ");
                self.text(name);
                self.put(", equals: ");
                self.text(equals);
                self.put(" }");
            }
            Condition::MessageContains(needle) => {
                self.put("_errtable::Condition::MessageContains(");
                self.text(needle);
                self.put(")");
            }
            Condition::Status(statuses) => {
                self.put("_errtable::Condition::Status(");
                self.statuses(statuses);
                self.put(")");
            }
            Condition::Body { pointer, equals } => {
                self.put("_errtable::Condition::Body { pointer: ");
                self.pointer(pointer);
                self.put(", equals: ");
                self.scalar(equals);
                self.put(" }");
            }
        }
    }

    fn statuses(&mut self, statuses: &[u16]) {
        self.list(statuses, |emit, status| emit.number(status));
    }

    fn rule(&mut self, rule: &EmbeddedRule) {
        self.put("_errtable::EmbeddedRule { name: ");
        self.text(&rule.name);
        self.put(", description: ");
        self.some_text(rule.description.as_deref());
        self.put(", when: ");
        self.pointer(&rule.when);
        self.put(", equals: ");
        self.scalar(&rule.equals);
        self.put(", envelope: ");
        self.envelope(&rule.envelope);
        self.put(", }");
    }

    fn scalar(&mut self, scalar: &Scalar) {
        match scalar {
            Scalar::Null => self.put("_errtable::Scalar::Null"),
            Scalar::Bool(b) => {
                self.put("_errtable::Scalar::Bool(");
                self.number(b);
                self.put(")");
            }
            Scalar::Int(i) => {
                self.put("_errtable::Scalar::Int(");
                self.write(format_args!("{i}i64"));
                self.put(")");
            }
            Scalar::Float(f) => {
                // Validation keeps only finite numbers; the guard keeps the literal valid.
                self.put("_errtable::Scalar::Float(");
                self.write(format_args!("{}f64", if f.is_finite() { *f } else { 0.0 }));
                self.put(")");
            }
            Scalar::Str(s) => {
                self.put("_errtable::Scalar::Str(");
                self.text(s);
                self.put(")");
            }
        }
    }

    fn retry_class(&mut self, class: RetryClass) {
        self.put("_errtable::RetryClass::");
        self.debug_ident(&class);
    }

    fn backoff(&mut self, b: &Backoff) {
        self.put("_errtable::Backoff::new(");
        self.millis(b.initial());
        self.write(format_args!(", {}f64, ", b.factor()));
        self.millis(b.max_delay());
        self.write(format_args!(", {}, _errtable::Jitter::", b.max_attempts()));
        self.put(match b.jitter() {
            Jitter::None => "None",
            Jitter::Full => "Full",
            Jitter::Equal => "Equal",
        });
        self.put(", )");
    }

    fn retry(&mut self, r: &RetrySettings) {
        self.put("_errtable::RetrySettings { delay_from: ");
        self.delay_sources(&r.delay_from);
        self.put(", backoff: ");
        self.backoff(&r.backoff);
        self.write(format_args!(", backoff_stated: {}, backoff_description: ", r.backoff_stated));
        self.some_text(r.backoff_description.as_deref());
        self.put(", transport: ");
        self.retry_class(r.transport);
        self.put(", overrides: ");
        self.list(&r.overrides, |emit, o| {
            emit.put("_errtable::RetryOverride { header: ");
            emit.text(&o.header);
            emit.put(", equals: ");
            emit.text(&o.equals);
            emit.put(", retry: ");
            emit.retry_class(o.retry);
            emit.put(" }");
        });
        self.put(", }");
    }

    fn unknown(&mut self, u: &UnknownRule) {
        if *u == UnknownRule::DEFAULT {
            return self.put("_errtable::UnknownRule::DEFAULT");
        }
        self.put("_errtable::UnknownRule { variant: ");
        self.text(&u.variant);
        self.put(", retry: ");
        self.list(&u.retry, |emit, (pattern, class)| {
            let (kind, value) = match *pattern {
                StatusPattern::Exact(s) => ("Exact", s),
                StatusPattern::Class(c) => ("Class", c),
            };
            emit.write(format_args!("(_errtable::StatusPattern::{kind}({value}), "));
            emit.retry_class(*class);
            emit.put(")");
        });
        self.put(", default_retry: ");
        self.retry_class(u.default_retry);
        self.put(" }");
    }

    fn object_type(&mut self, ty: &ObjectType) {
        self.put("_errtable::ObjectType { name: ");
        self.text(&ty.name);
        self.put(", description: ");
        self.some_text(ty.description.as_deref());
        self.put(", fields: ");
        self.fields(&ty.fields);
        self.put(" }");
    }

    fn fields(&mut self, fields: &[Field]) {
        self.list(fields, Self::field);
    }

    /// `&[Field { … }, …]`.
    fn field_list(&mut self, fields: &[Field]) {
        self.slice(fields, Self::field);
    }

    fn field(&mut self, f: &Field) {
        self.put("_errtable::Field { name: ");
        self.text(&f.name);
        self.put(", rust_name: ");
        self.text(&f.rust_name);
        self.put(", ty: _errtable::FieldType::");
        match f.ty {
            FieldType::Object(t) => self.write(format_args!("Object({t})")),
            FieldType::ObjectList(t) => self.write(format_args!("ObjectList({t})")),
            simple => self.debug_ident(&simple),
        }
        self.put(", from: ");
        self.sources(&f.from);
        self.put(", description: ");
        self.some_text(f.description.as_deref());
        self.put(", }");
    }

    /// The table's rows as one string literal, each on a line of its own (a `\` and
    /// a line break continue a Rust string without either).
    fn rows(&mut self, rows: &[String]) {
        self.put("\"");
        for (i, row) in rows.iter().enumerate() {
            self.put("\\\n");
            self.literal_content(row);
            if i + 1 < rows.len() {
                self.literal_content(table::ROW.encode_utf8(&mut [0; 4]));
            }
        }
        self.put("\"");
    }

    /// An entry's wire code, `Option<Code>`.
    fn code(&mut self, code: Option<&Code>) {
        match code {
            Some(Code::Str(s)) => self.call_with_literal("_errtable::code_str", s),
            Some(Code::Int(i)) => self.write(format_args!("_errtable::code_int({i}i64)")),
            None => self.put("_errtable::None"),
        }
    }

    /// An entry that states more than a table's row holds, as a struct literal: what the
    /// spec states, completed with [`Entry::DEFAULTS`].
    fn entry_literal(&mut self, e: &Entry, fields: Option<usize>) {
        self.put("_errtable::Entry { variant: ");
        self.text(&e.variant);
        if e.code.is_some() {
            self.put(", code: ");
            self.code(e.code.as_ref());
        }
        if !e.aliases.is_empty() {
            self.put(", aliases: ");
            self.list(&e.aliases, |emit, code| match code {
                Code::Int(i) => emit.write(format_args!("_errtable::Code::Int({i}i64)")),
                Code::Str(s) => {
                    emit.put("_errtable::Code::Str(");
                    emit.text(s);
                    emit.put(")");
                }
            });
        }
        self.put(", statuses: ");
        self.statuses(&e.statuses);
        if !e.when.is_empty() {
            self.put(", when: ");
            self.list(&e.when, Self::condition);
        }
        if e.status_default {
            self.put(", status_default: true");
        }
        self.put(", retry: ");
        self.retry_class(e.retry);
        if e.retry_safe {
            self.put(", retry_safe: true");
        }
        if let Some(delays) = &e.delay_from {
            self.put(", delay_from: _errtable::Some(");
            self.delay_sources(delays);
            self.put(")");
        }
        for (name, delay) in [("default_delay", e.default_delay), ("min_delay", e.min_delay)] {
            if let Some(delay) = delay {
                self.write(format_args!(", {name}: _errtable::Some("));
                self.millis(delay);
                self.put(")");
            }
        }
        self.put(", description: ");
        self.text(&e.description);
        if let Some(resolution) = e.resolution.as_deref() {
            self.put(", resolution: ");
            self.some_text(Some(resolution));
        }
        if let Some(fields) = fields {
            self.write(format_args!(", fields: _errtable::Borrowed(FIELDS_{fields})"));
        }
        if let Some(operation) = e.operation.as_deref() {
            self.put(", operation: ");
            self.some_text(Some(operation));
        }
        self.put(", .._errtable::Entry::DEFAULTS }");
    }

    fn scope(&mut self, scope: &Scope) {
        self.put("_errtable::Scope { entries: ");
        self.list(&scope.entries, |emit, id| emit.number(id));
        self.put(" }");
    }

    fn operation(&mut self, op: &Operation) {
        self.put("_errtable::Operation { name: ");
        self.text(&op.name);
        self.put(", description: ");
        self.some_text(op.description.as_deref());
        self.put(", rows: ");
        self.list(&op.rows, |emit, row| {
            emit.write(format_args!(
                "_errtable::OperationRow {{ entry: {}, same_as: {}, description: ",
                row.entry, row.same_as
            ));
            emit.some_text(row.description.as_deref());
            emit.put(" }");
        });
        self.put(", scope: ");
        self.scope(&op.scope);
        self.put(" }");
    }
}
