//! The decoder every generated catalog calls: status + headers + body to the errors the
//! response carries.
//!
//! The semantics, shared with the reference interpreter in `errtable-codegen` (a
//! differential test holds the two together):
//!
//! - Status 400 and above: the catalog's envelope gives one error (several when the code
//!   is an array). Below 400: each embedded rule whose condition holds gives errors, per
//!   item for bulk rules. A body that is not JSON has no values; the error is still
//!   reported. JSON is read leniently where nothing is lost by it: a byte order mark,
//!   bytes that are not UTF-8 inside strings (read as U+FFFD), lone surrogate escapes,
//!   numbers of any size and nesting of any depth.
//! - A code is a non-empty string or an integer (as written, whatever its size), or an
//!   array of them (one error each); anything else at a code source is no code and the
//!   next source is tried.
//! - An error resolves to the entry with its code in the scope, else the scope's default
//!   entry for its status, else the fallback. Nothing is dropped: code, message, request
//!   id and the whole body are kept either way.
//!
//! Costs: one pass over the body, no allocation per value read (captures are spans,
//! texts are slices of the shared body unless they had escapes), and buffers reused
//! across decodes on a thread. Peak memory is the body plus a bounded amount per value
//! read and per error (see the README's performance section).

mod plan;
mod scan;
mod text;

use std::borrow::Cow;
use std::cell::{OnceCell, RefCell};
use std::collections::BTreeMap;
use std::sync::OnceLock;
use std::time::{Duration, SystemTime};

use bytes::Bytes;
use bytestring::ByteString;
use errtable_core::table::Table;
use errtable_core::{
    Catalog, DelaySource, Envelope, Field, FieldType, List, Pointer, Scalar, Source,
};

use self::plan::{Plan, Token};
use self::scan::{Cap, Kind, NONE, Scratch};
use crate::errors::{Errors, Warning};
use crate::field::{FieldValue, RawJson, VariantFields};
use crate::headers::Headers;
use crate::meta::ErrorMeta;

/// One error found in a response, handed to generated code to give it its variant
/// while the response is being read.
#[derive(Debug)]
pub struct Decoded<'a> {
    /// The entry it resolved to; `None` for the fallback.
    pub entry: Option<usize>,
    /// Its metadata.
    pub meta: ErrorMeta,
    /// The entry's fields, read as they are taken, in declaration order.
    pub fields: VariantFields<'a>,
}

/// Where a decode hands each error it finds.
type Sink<'s> = dyn FnMut(Decoded<'_>) + 's;

/// A catalog's decoder: the catalog (plain data, its entries a [`Table`] read on first
/// use) and the decode plan built from it on first use. Generated code emits one per
/// catalog, a `static`.
pub struct Decoder {
    /// Every part of the catalog but its entries.
    emitted: &'static Catalog,
    /// The entries.
    table: &'static Table,
    /// The whole catalog, read once and kept for the life of the program (as the
    /// `static` decoder holding it is).
    catalog: OnceLock<&'static Catalog>,
    plan: OnceLock<Plan>,
}

/// The catalog of enums whose spec failed to load: no entries.
static EMPTY_CATALOG: Catalog = Catalog::EMPTY;

/// The decoder of enums whose spec failed to load (never called: their errors stop the
/// build).
pub static EMPTY_DECODER: Decoder = Decoder::new(&EMPTY_CATALOG, &Table::EMPTY);

thread_local! {
    /// Capture buffers, reused by every decode on this thread.
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

impl Decoder {
    /// The decoder of the catalog `emitted` with the entries of `table` (the entries
    /// `emitted` lists, if any, are replaced). For a `static`: the catalog it reads is
    /// kept for the life of the program.
    pub const fn new(emitted: &'static Catalog, table: &'static Table) -> Decoder {
        Decoder { emitted, table, catalog: OnceLock::new(), plan: OnceLock::new() }
    }

    /// The catalog's parts other than its entries (its `entries` are empty), with no table
    /// read: for what needs no entry (the backoff policy, the operations' names).
    pub fn settings(&self) -> &'static Catalog {
        self.emitted
    }

    /// The catalog it decodes with, its table read on the first call (which allocates
    /// it, once).
    #[inline] // after the first call, one atomic load: the retry path calls it
    pub fn catalog(&self) -> &'static Catalog {
        self.catalog.get_or_init(|| {
            let entries = List::Owned(self.table.entries());
            Box::leak(Box::new(Catalog { entries, ..self.emitted.clone() }))
        })
    }

    /// Whether a response with `status` can carry errors at all.
    fn can_fail(&self, status: u16) -> bool {
        status >= 400 || !self.emitted.embedded.is_empty()
    }

    /// Decodes a response with the entries of `scope` (0 for the global table), copying
    /// the body only when the response can carry errors; `build` gives each error its
    /// variant.
    pub fn decode_slice<E>(
        &self,
        scope: usize,
        status: u16,
        headers: &dyn Headers,
        body: &[u8],
        build: fn(Decoded<'_>) -> E,
    ) -> Errors<E> {
        if !self.can_fail(status) {
            return Errors::none();
        }
        self.decode(scope, status, headers, Bytes::copy_from_slice(body), build)
    }

    /// Decodes a response with the entries of `scope` (0 for the global table); `build`
    /// gives each error its variant.
    pub fn decode<E>(
        &self,
        scope: usize,
        status: u16,
        headers: &dyn Headers,
        body: Bytes,
        build: fn(Decoded<'_>) -> E,
    ) -> Errors<E> {
        let mut errors = Errors::none();
        if self.can_fail(status) {
            let warnings = self.decode_each(scope, status, headers, body, &mut |decoded| {
                errors.push(build(decoded));
            });
            errors.set_warnings(warnings);
        }
        errors
    }

    /// The decode itself, not generic: each error to `out`; the warnings returned.
    fn decode_each(
        &self,
        scope: usize,
        status: u16,
        headers: &dyn Headers,
        body: Bytes,
        out: &mut Sink<'_>,
    ) -> Vec<Warning> {
        let catalog = self.catalog();
        let plan = self.plan.get_or_init(|| Plan::build(catalog));
        // Header lookups and `build` (which reads fields, from headers too) run user and
        // generated code while the buffers are borrowed; should one decode again, it
        // gets fresh buffers.
        SCRATCH.with(|scratch| match scratch.try_borrow_mut() {
            Ok(mut scratch) => {
                self.run(catalog, plan, scope, status, headers, &body, &mut scratch, out)
            }
            Err(_) => {
                let scratch = &mut Scratch::default();
                self.run(catalog, plan, scope, status, headers, &body, scratch, out)
            }
        })
    }

    #[allow(clippy::too_many_arguments)] // the decode's inputs, passed down once
    fn run(
        &self,
        catalog: &'static Catalog,
        plan: &Plan,
        scope: usize,
        status: u16,
        headers: &dyn Headers,
        body: &Bytes,
        scratch: &mut Scratch,
        out: &mut Sink<'_>,
    ) -> Vec<Warning> {
        scan::scan(body, plan, scratch);
        let doc = Doc { body, caps: &scratch.caps, plan };
        let scope = if scope <= catalog.operations.len() { scope } else { 0 };
        let cx = Context { catalog, plan, scope, status, headers, doc, now: OnceCell::new() };
        let root = doc.root();
        if status >= 400 {
            // One error per item when the envelope names items and the body has some,
            // else one error read from the document.
            let items = catalog.envelope.items.as_ref().and_then(|items| doc.pointer(root?, items));
            match items
                .filter(|&l| doc.cap(l).kind == Kind::Array && doc.children(l).next().is_some())
            {
                Some(list) => {
                    for item in doc.children(list) {
                        let index = doc.cap(item).key_start as usize;
                        cx.site(out, Some(item), &catalog.envelope, Some(index));
                    }
                }
                None => cx.site(out, root, &catalog.envelope, None),
            }
            return Vec::new();
        }
        let warnings = match &catalog.warnings {
            Some(warnings) => cx.warnings(root, warnings),
            None => Vec::new(),
        };
        for rule in catalog.embedded.iter() {
            let marks = |site: Option<u32>| {
                site.and_then(|s| doc.pointer(s, &rule.when))
                    .is_some_and(|v| doc.scalar_equals(v, &rule.equals))
            };
            match &rule.envelope.items {
                None => {
                    if marks(root) {
                        cx.site(out, root, &rule.envelope, None);
                    }
                }
                Some(items) => {
                    let list = root.and_then(|r| doc.pointer(r, items));
                    if let Some(list) = list.filter(|&l| doc.cap(l).kind == Kind::Array) {
                        for item in doc.children(list) {
                            if marks(Some(item)) {
                                let index = doc.cap(item).key_start as usize;
                                cx.site(out, Some(item), &rule.envelope, Some(index));
                            }
                        }
                    }
                }
            }
        }
        warnings
    }
}

/// The captures of one body, and how to read them.
#[derive(Clone, Copy)]
struct Doc<'a> {
    body: &'a Bytes,
    caps: &'a [Cap],
    plan: &'a Plan,
}

impl<'a> Doc<'a> {
    #[inline(always)]
    fn cap(&self, index: u32) -> &'a Cap {
        &self.caps[index as usize]
    }

    /// The document's capture, when anything of it was read.
    fn root(&self) -> Option<u32> {
        self.caps.first().filter(|c| c.parent == NONE).map(|_| 0)
    }

    /// The captures directly inside `parent`, in document order.
    #[inline(always)]
    fn children(&self, parent: u32) -> impl Iterator<Item = u32> + use<'a> {
        let caps = self.caps;
        let end = caps[parent as usize].next;
        let mut at = parent + 1;
        std::iter::from_fn(move || {
            (at < end).then(|| {
                let here = at;
                at = caps[here as usize].next;
                here
            })
        })
    }

    /// The member `token` of an object (the last one when a key repeats), or the
    /// element whose index `token` spells, or the first object element whose member
    /// `name` is the string `value` when `token` is a selector `[name=value]`.
    fn get(&self, parent: u32, token: &str) -> Option<u32> {
        match self.cap(parent).kind {
            Kind::Object => self.children(parent).filter(|&c| self.key_is(c, token)).last(),
            Kind::Array => match errtable_core::pointer::selector(token) {
                Some((name, value)) => self.children(parent).find(|&item| {
                    self.cap(item).kind == Kind::Object
                        && self
                            .get(item, name)
                            .and_then(|m| self.string(m))
                            .is_some_and(|s| s == value)
                }),
                None => {
                    let index = errtable_core::pointer::array_index(token)?;
                    let index = u32::try_from(index).ok()?;
                    self.children(parent).find(|&c| self.cap(c).key_start == index)
                }
            },
            _ => None,
        }
    }

    /// The value `pointer` addresses from `from`: by interned keys when the plan
    /// resolved it, else by its text.
    #[inline(always)]
    fn pointer(&self, from: u32, pointer: &Pointer) -> Option<u32> {
        match self.plan.tokens(pointer) {
            Some(tokens) => tokens.iter().try_fold(from, |at, token| self.get_token(at, token)),
            None => pointer.tokens().try_fold(from, |at, token| self.get(at, &token)),
        }
    }

    /// [`get`](Self::get) for a token the plan resolved: a member compared by its
    /// interned key (the last one when a key repeats), an element by its index.
    #[inline(always)]
    fn get_token(&self, parent: u32, token: &Token) -> Option<u32> {
        match self.cap(parent).kind {
            Kind::Object => self.children(parent).filter(|&c| self.cap(c).key == token.key).last(),
            Kind::Array => {
                let index = token.index?;
                self.children(parent).find(|&c| self.cap(c).key_start == index)
            }
            _ => None,
        }
    }

    fn raw(&self, start: u32, end: u32) -> &'a [u8] {
        &self.body[start as usize..end as usize]
    }

    /// An object member's key.
    fn key(&self, index: u32) -> Cow<'a, str> {
        let cap = self.cap(index);
        text::string(self.raw(cap.key_start, cap.key_end), cap.key_escaped)
    }

    /// Whether an object member's key reads as `token`.
    fn key_is(&self, index: u32, token: &str) -> bool {
        let cap = self.cap(index);
        text::key_is(self.raw(cap.key_start, cap.key_end), cap.key_escaped, token)
    }

    /// A string's text.
    fn string(&self, index: u32) -> Option<Cow<'a, str>> {
        let cap = self.cap(index);
        (cap.kind == Kind::String)
            .then(|| text::string(self.raw(cap.start + 1, cap.end - 1), cap.escaped))
    }

    /// A number's literal.
    fn number(&self, index: u32) -> Option<&'a str> {
        let cap = self.cap(index);
        let literal = (cap.kind == Kind::Number).then(|| self.raw(cap.start, cap.end))?;
        std::str::from_utf8(literal).ok()
    }

    /// The body's bytes from `start` to `end` as text shared with the body (validated as
    /// UTF-8 once, by the conversion), or `None` when they are not UTF-8.
    fn shared(&self, start: u32, end: u32) -> Option<ByteString> {
        ByteString::try_from(self.body.slice(start as usize..end as usize)).ok()
    }

    /// A value as the body writes it, shared with the body, or repaired (bytes that are
    /// not UTF-8 read as U+FFFD) and owned.
    fn raw_text(&self, index: u32) -> ByteString {
        let cap = self.cap(index);
        self.shared(cap.start, cap.end).unwrap_or_else(|| {
            ByteString::from(String::from_utf8_lossy(self.raw(cap.start, cap.end)).into_owned())
        })
    }

    /// A code: a non-empty string, or a number as written (an integer beyond `i64`, or
    /// one written `1e400`, keeps its text rather than vanishing).
    fn code(&self, index: u32) -> Option<ByteString> {
        let cap = self.cap(index);
        match cap.kind {
            Kind::Number => self.shared(cap.start, cap.end),
            _ => self.nonempty_string(index),
        }
    }

    fn nonempty_string(&self, index: u32) -> Option<ByteString> {
        self.shared_string(index).filter(|s| !s.is_empty())
    }

    /// A string's text, shared with the body when it is a slice of it (validated as
    /// UTF-8 once, by the conversion), owned when it has escapes or bytes to repair.
    fn shared_string(&self, index: u32) -> Option<ByteString> {
        let cap = self.cap(index);
        if cap.kind != Kind::String {
            return None;
        }
        let (start, end) = (cap.start + 1, cap.end - 1);
        if !cap.escaped
            && let Some(text) = self.shared(start, end)
        {
            return Some(text);
        }
        Some(ByteString::from(text::string(self.raw(start, end), cap.escaped).into_owned()))
    }

    /// A scalar as text: strings as they are, numbers as written, booleans as JSON
    /// writes them.
    fn scalar_text(&self, index: u32) -> Option<Cow<'a, str>> {
        match self.cap(index).kind {
            Kind::String => self.string(index),
            Kind::Number => self.number(index).map(Cow::Borrowed),
            Kind::True => Some(Cow::Borrowed("true")),
            Kind::False => Some(Cow::Borrowed("false")),
            Kind::Null | Kind::Array | Kind::Object => None,
        }
    }

    fn integer(&self, index: u32) -> Option<i64> {
        let cap = self.cap(index);
        match cap.kind {
            Kind::Number => text::integer(self.raw(cap.start, cap.end)),
            Kind::String => self.string(index)?.trim().parse().ok(),
            _ => None,
        }
    }

    fn float(&self, index: u32) -> Option<f64> {
        let value: f64 = match self.cap(index).kind {
            Kind::Number => self.number_value(index)?,
            Kind::String => self.string(index)?.trim().parse().ok()?,
            _ => return None,
        };
        value.is_finite().then_some(value)
    }

    /// A number's value as `str::parse::<f64>` reads its literal (infinite beyond
    /// `f64`). A non-zero integer within `i64` converts without the general parser,
    /// rounded to the nearest `f64` as the parser rounds it (zero goes to the parser,
    /// which keeps the sign of `-0`).
    fn number_value(&self, index: u32) -> Option<f64> {
        let cap = self.cap(index);
        if cap.kind != Kind::Number {
            return None;
        }
        match text::integer(self.raw(cap.start, cap.end)) {
            Some(integer) if integer != 0 => Some(integer as f64),
            _ => self.number(index)?.parse().ok(),
        }
    }

    fn boolean(&self, index: u32) -> Option<bool> {
        match self.cap(index).kind {
            Kind::True => Some(true),
            Kind::False => Some(false),
            Kind::String => match self.string(index)?.trim() {
                "true" => Some(true),
                "false" => Some(false),
                _ => None,
            },
            _ => None,
        }
    }

    /// JSON scalar equality: integers exactly, other numbers as `f64`.
    fn scalar_equals(&self, index: u32, scalar: &Scalar) -> bool {
        let kind = self.cap(index).kind;
        match (kind, scalar) {
            (Kind::Null, Scalar::Null) => true,
            (Kind::True, Scalar::Bool(b)) => *b,
            (Kind::False, Scalar::Bool(b)) => !*b,
            (Kind::String, Scalar::Str(s)) => self.string(index).is_some_and(|t| *t == **s),
            (Kind::Number, Scalar::Int(i)) => self.number(index).is_some_and(|n| {
                match text::integer(n.as_bytes()) {
                    Some(value) => value == *i,
                    // An integer literal beyond `i64` equals no `i64`.
                    None if text::is_integer(n.as_bytes()) => false,
                    None => n.parse::<f64>() == Ok(*i as f64),
                }
            }),
            (Kind::Number, Scalar::Float(f)) => {
                self.number(index).is_some_and(|n| n.parse::<f64>() == Ok(*f))
            }
            _ => false,
        }
    }
}

struct Context<'a> {
    catalog: &'static Catalog,
    plan: &'a Plan,
    scope: usize,
    status: u16,
    headers: &'a dyn Headers,
    doc: Doc<'a>,
    /// The time delays count from, read from the clock when a delay first needs it
    /// (a date or a Unix time; reading the clock costs about 50 ns), then the same for
    /// every error of the response.
    now: OnceCell<SystemTime>,
}

/// What a code or message source holds: one value, or a list of them.
enum Found {
    /// No source holds a usable value.
    None,
    One(ByteString),
    /// An array whose every element is usable (possibly empty: for codes, still one
    /// error, without a code). Kept as its capture and read element by element, so that
    /// a list of many codes costs no vector of their texts beside the errors.
    Many(u32),
}

impl<'a> Context<'a> {
    /// Builds the errors of one site: the document, or one item of a bulk body.
    fn site(
        &self,
        out: &mut Sink<'_>,
        site: Option<u32>,
        envelope: &Envelope,
        item: Option<usize>,
    ) {
        let doc = self.doc;
        let codes = self.codes(site, envelope);
        let messages = self.messages(site, envelope);
        let request_id = self.request_id(site, &envelope.request_id);
        match codes {
            Found::Many(list) if doc.children(list).next().is_some() => {
                let mut message = self.message_per_code(messages);
                for element in doc.children(list) {
                    // Every element holds a code (the list was checked); were one not to,
                    // its error would still be built, without a code.
                    let code = self.code(element, envelope);
                    self.error(out, site, code, message(), request_id.clone(), item);
                }
            }
            codes => {
                let code = match codes {
                    Found::One(code) => Some(code),
                    _ => None,
                };
                let message = match messages {
                    Found::None => None,
                    Found::One(m) => Some(m),
                    Found::Many(list) => {
                        let mut joined = String::new();
                        for (i, m) in
                            doc.children(list).filter_map(|m| doc.shared_string(m)).enumerate()
                        {
                            if i > 0 {
                                joined.push_str("; ");
                            }
                            joined.push_str(&m);
                        }
                        Some(joined).filter(|m| !m.is_empty()).map(ByteString::from)
                    }
                };
                self.error(out, site, code, message, request_id, item);
            }
        }
    }

    /// The codes of a site. One found alone is cleaned as the envelope says; a list is
    /// one whose every element holds a code (`Doc::code`), each read and cleaned by
    /// [`code`](Self::code), which is `Some` for exactly those elements.
    fn codes(&self, site: Option<u32>, envelope: &Envelope) -> Found {
        let doc = self.doc;
        match self.first_found(site, &envelope.code, |i| doc.code(i), |i| doc.code(i).is_some()) {
            Found::One(code) => Found::One(clean(envelope, code)),
            found => found,
        }
    }

    /// The code an element of a list of codes holds, cleaned as the envelope says.
    fn code(&self, element: u32, envelope: &Envelope) -> Option<ByteString> {
        self.doc.code(element).map(|code| clean(envelope, code))
    }

    /// The messages of a site.
    fn messages(&self, site: Option<u32>, envelope: &Envelope) -> Found {
        let doc = self.doc;
        self.first_found(
            site,
            &envelope.message,
            |i| doc.nonempty_string(i),
            |i| doc.cap(i).kind == Kind::String,
        )
    }

    /// The message of each code in turn: the one message, or the i-th of a list for the
    /// i-th code (none when it is empty or missing).
    fn message_per_code(&self, messages: Found) -> impl FnMut() -> Option<ByteString> + use<'a> {
        let doc = self.doc;
        let (one, mut listed) = match messages {
            Found::One(message) => (Some(message), None),
            Found::Many(list) => (None, Some(doc.children(list))),
            Found::None => (None, None),
        };
        move || match &mut listed {
            Some(list) => list.next().and_then(|m| doc.nonempty_string(m)),
            None => one.clone(),
        }
    }

    /// The warnings of a successful response.
    fn warnings(&self, site: Option<u32>, envelope: &Envelope) -> Vec<Warning> {
        let doc = self.doc;
        // Messages are looked for only once there is a code.
        let warnings = |codes: &mut dyn Iterator<Item = ByteString>| {
            let mut message = self.message_per_code(self.messages(site, envelope));
            codes.map(|code| Warning::decoded(code, message())).collect()
        };
        match self.codes(site, envelope) {
            Found::None => Vec::new(),
            Found::One(code) => warnings(&mut std::iter::once(code)),
            // Every element holds a code (the list was checked).
            Found::Many(list) => {
                warnings(&mut doc.children(list).filter_map(|c| self.code(c, envelope)))
            }
        }
    }

    /// Resolves one error and hands it to `out`, its fields read as they are taken.
    fn error(
        &self,
        out: &mut Sink<'_>,
        site: Option<u32>,
        code: Option<ByteString>,
        message: Option<ByteString>,
        request_id: Option<ByteString>,
        item: Option<usize>,
    ) {
        let entry_id = self.resolve(site, code.as_deref(), message.as_deref());
        let entry = entry_id.and_then(|id| self.catalog.entries.get(id));
        let delay = self.delay(site, self.catalog.delay_sources(entry));
        let delay = match entry {
            Some(entry) => entry.bound_delay(delay),
            None => delay,
        };
        let overridden = self.catalog.retry.overrides.iter().find(|o| {
            self.headers.header(&o.header).is_some_and(|v| v.trim().eq_ignore_ascii_case(&o.equals))
        });
        let meta = ErrorMeta::decoded(
            self.status,
            self.doc.body.clone(),
            [code, message, request_id],
            (delay, overridden.map(|o| o.retry)),
            item,
        );
        match entry {
            Some(entry) => {
                let read = |at: usize| self.field(site, entry.fields.get(at)?);
                out(Decoded { entry: entry_id, meta, fields: VariantFields::new(&read) });
            }
            None => out(Decoded { entry: entry_id, meta, fields: VariantFields::none() }),
        }
    }

    /// The first entry with the code whose conditions hold, else the first status
    /// default whose conditions hold.
    fn resolve(
        &self,
        site: Option<u32>,
        code: Option<&str>,
        message: Option<&str>,
    ) -> Option<usize> {
        let doc = self.doc;
        let body = |pointer: &Pointer, equals: &Scalar| {
            site.and_then(|s| doc.pointer(s, pointer)).is_some_and(|v| doc.scalar_equals(v, equals))
        };
        let holds = |&id: &usize| {
            self.catalog.entries[id]
                .when
                .iter()
                .all(|c| c.holds(self.status, |name| self.headers.header(name), message, body))
        };
        let by_code =
            code.and_then(|code| self.plan.by_code(self.scope, code).iter().copied().find(holds));
        by_code.or_else(|| self.plan.by_status(self.scope, self.status).iter().copied().find(holds))
    }

    /// The first source holding a usable value: a header, a body value `one` accepts,
    /// or a body array whose every element `element` accepts.
    fn first_found(
        &self,
        site: Option<u32>,
        sources: &[Source],
        one: impl Fn(u32) -> Option<ByteString>,
        element: impl Fn(u32) -> bool,
    ) -> Found {
        let doc = self.doc;
        for source in sources {
            match source {
                Source::Header(name) => {
                    if let Some(value) = self.headers.header(name).filter(|v| !v.is_empty()) {
                        return Found::One(ByteString::from(value));
                    }
                }
                Source::Body(pointer) => {
                    let Some(at) = site.and_then(|s| doc.pointer(s, pointer)) else { continue };
                    if doc.cap(at).kind != Kind::Array {
                        if let Some(value) = one(at) {
                            return Found::One(value);
                        }
                    } else if doc.children(at).all(&element) {
                        return Found::Many(at);
                    }
                }
            }
        }
        Found::None
    }

    fn request_id(&self, site: Option<u32>, sources: &[Source]) -> Option<ByteString> {
        let doc = self.doc;
        sources.iter().find_map(|source| match source {
            Source::Header(name) => {
                self.headers.header(name).filter(|v| !v.is_empty()).map(ByteString::from)
            }
            Source::Body(pointer) => doc.code(doc.pointer(site?, pointer)?),
        })
    }

    fn delay(&self, site: Option<u32>, sources: &[DelaySource]) -> Option<Duration> {
        let doc = self.doc;
        let now = || *self.now.get_or_init(SystemTime::now);
        sources.iter().find_map(|source| match &source.from {
            Source::Header(name) => source.format.read_text(self.headers.header(name)?, now),
            Source::Body(pointer) => {
                let at = doc.pointer(site?, pointer)?;
                match doc.cap(at).kind {
                    Kind::String => source.format.read_text(&doc.string(at)?, now),
                    Kind::Number => source.format.read_number(doc.number_value(at)?, now),
                    _ => None,
                }
            }
        })
    }

    fn field(&self, site: Option<u32>, field: &Field) -> Option<FieldValue> {
        field.from.iter().find_map(|source| match source {
            Source::Header(name) => header_field(self.headers.header(name)?, field.ty),
            Source::Body(pointer) => {
                let at = self.doc.pointer(site?, pointer)?;
                body_field(self.catalog, self.doc, at, field.ty)
            }
        })
    }
}

/// A code cleaned as the envelope says (`normalize`), still shared with the body.
fn clean(envelope: &Envelope, code: ByteString) -> ByteString {
    let Some(rule) = envelope.normalize else { return code };
    let cleaned = rule.apply(&code);
    if cleaned.len() == code.len() { code } else { code.slice_ref(cleaned) }
}

/// A field read from a header: only scalar types can be (the spec is validated so).
fn header_field(text: &str, ty: FieldType) -> Option<FieldValue> {
    match ty {
        FieldType::Integer => text.trim().parse().ok().map(FieldValue::Integer),
        FieldType::Number => {
            text.trim().parse::<f64>().ok().filter(|f| f.is_finite()).map(FieldValue::Number)
        }
        FieldType::String => Some(FieldValue::String(text.to_owned())),
        FieldType::Boolean => match text.trim() {
            "true" => Some(FieldValue::Boolean(true)),
            "false" => Some(FieldValue::Boolean(false)),
            _ => None,
        },
        _ => None,
    }
}

fn body_field(catalog: &'static Catalog, doc: Doc, at: u32, ty: FieldType) -> Option<FieldValue> {
    let kind = doc.cap(at).kind;
    match ty {
        FieldType::Integer => doc.integer(at).map(FieldValue::Integer),
        FieldType::Number => doc.float(at).map(FieldValue::Number),
        FieldType::String => doc.scalar_text(at).map(|t| FieldValue::String(t.into_owned())),
        FieldType::Boolean => doc.boolean(at).map(FieldValue::Boolean),
        FieldType::StringList => (kind == Kind::Array).then(|| {
            let items = doc.children(at).filter_map(|i| doc.scalar_text(i));
            FieldValue::StringList(items.map(Cow::into_owned).collect())
        }),
        FieldType::IntegerList => (kind == Kind::Array).then(|| {
            FieldValue::IntegerList(doc.children(at).filter_map(|i| doc.integer(i)).collect())
        }),
        FieldType::StringMap => (kind == Kind::Object).then(|| {
            let mut map = BTreeMap::new();
            for member in doc.children(at) {
                let key = doc.key(member).into_owned();
                match doc.scalar_text(member) {
                    Some(text) => map.insert(key, text.into_owned()),
                    // A later non-scalar member with the same key hides the earlier one.
                    None => map.remove(&key),
                };
            }
            FieldValue::StringMap(map)
        }),
        FieldType::Json => Some(FieldValue::Json(RawJson::new(doc.raw_text(at)))),
        FieldType::Object(t) => object(catalog, doc, at, t).map(FieldValue::Object),
        FieldType::ObjectList(t) => (kind == Kind::Array).then(|| {
            let items = doc.children(at).filter_map(|item| object(catalog, doc, item, t));
            FieldValue::ObjectList(items.collect())
        }),
    }
}

fn object(
    catalog: &'static Catalog,
    doc: Doc,
    at: u32,
    t: u16,
) -> Option<Vec<(&'static str, FieldValue)>> {
    if doc.cap(at).kind != Kind::Object {
        return None;
    }
    let object_type = catalog.types.get(usize::from(t))?;
    let fields = object_type.fields.iter().filter_map(|field| {
        let value = field.from.iter().find_map(|source| match source {
            Source::Body(pointer) => body_field(catalog, doc, doc.pointer(at, pointer)?, field.ty),
            Source::Header(_) => None,
        })?;
        Some((field.name.as_ref(), value))
    });
    Some(fields.collect())
}
