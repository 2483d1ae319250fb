//! The decoder every generated catalog calls: status + headers + body to the errors the
//! response carries.
//!
//! The semantics, shared with the reference interpreter in `errtable-codegen` (a
//! differential test holds the two together):
//!
//! - Status 400 and above: the catalog's envelope gives one error (several when the code
//!   is an array). Below 400: each embedded rule whose condition holds gives errors, per
//!   item for bulk rules. A body that is not UTF-8 JSON has no values at all.
//! - A code is a string or an integer (decimal text), or an array of them (one error
//!   each); anything else at a code source is no code and the next source is tried.
//! - An error resolves to the entry with its code in the scope, else the scope's default
//!   entry for its status, else the unknown fallback. Nothing is dropped: code, message,
//!   request id and the whole body are kept either way.

pub(crate) mod capture;
pub(crate) mod plan;

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::time::Duration;

use std::sync::OnceLock;
use std::time::SystemTime;

use bytes::Bytes;
use errtable_core::{Catalog, DelaySource, Envelope, Field, FieldType, Scalar, Scope, Source};

use self::capture::Node;
use self::plan::Plan;
use crate::errors::Errors;
use crate::field::FieldValue;
use crate::headers::Headers;
use crate::meta::ErrorMeta;

/// One error found in a response, before generated code gives it its variant.
#[derive(Debug)]
pub struct Decoded {
    /// The entry it resolved to; `None` for the unknown fallback.
    pub entry: Option<usize>,
    /// Its metadata.
    pub meta: ErrorMeta,
    /// The entry's fields in declaration order; `None` where absent or unusable.
    pub fields: Vec<Option<FieldValue>>,
}

/// A catalog's decoder: the catalog (plain data) and the capture plan built from it on
/// first use. Generated code emits one per catalog, beside the catalog's `static`.
pub struct Decoder {
    catalog: &'static Catalog,
    plan: OnceLock<Plan>,
}

/// The catalog of enums whose spec failed to load: no entries.
static EMPTY_CATALOG: Catalog = Catalog::EMPTY;

/// The decoder of enums whose spec failed to load (never called: their errors stop the
/// build).
pub static EMPTY_DECODER: Decoder = Decoder::new(&EMPTY_CATALOG);

impl Decoder {
    /// The decoder of `catalog`.
    pub const fn new(catalog: &'static Catalog) -> Decoder {
        Decoder { catalog, plan: OnceLock::new() }
    }

    /// The catalog it decodes with.
    pub fn catalog(&self) -> &'static Catalog {
        self.catalog
    }

    /// Decodes a response with the entries of `scope` (0 for the global table), copying
    /// the body only when the response can carry errors.
    pub fn decode_slice(
        &self,
        scope: usize,
        status: u16,
        headers: &dyn Headers,
        body: &[u8],
    ) -> Errors<Decoded> {
        if status < 400 && self.catalog.embedded.is_empty() {
            return Errors::none();
        }
        self.decode(scope, status, headers, Bytes::copy_from_slice(body))
    }

    /// Decodes a response with the entries of `scope` (0 for the global table).
    pub fn decode(
        &self,
        scope: usize,
        status: u16,
        headers: &dyn Headers,
        body: Bytes,
    ) -> Errors<Decoded> {
        let table = self.catalog;
        let mut errors = Errors::none();
        if status < 400 && table.embedded.is_empty() {
            return errors;
        }
        let plan = self.plan.get_or_init(|| Plan::build(table));
        let document = std::str::from_utf8(&body).ok().and_then(|text| plan.capture(text));
        let scope = match scope.checked_sub(1) {
            None => &table.global,
            Some(op) => table.operations.get(op).map_or(&table.global, |op| &op.scope),
        };
        let cx = Context { table, scope, status, headers, body: &body, now: SystemTime::now() };
        if status >= 400 {
            cx.site(&mut errors, document.as_ref(), &table.envelope, None);
            return errors;
        }
        for rule in table.embedded.iter() {
            let marks = |node: Option<&Node>| {
                node.and_then(|n| n.pointer(&rule.when))
                    .is_some_and(|v| scalar_equals(v, &rule.equals))
            };
            match &rule.items {
                None => {
                    if marks(document.as_ref()) {
                        cx.site(&mut errors, document.as_ref(), &rule.envelope, None);
                    }
                }
                Some(items) => {
                    let list = document.as_ref().and_then(|d| d.pointer(items));
                    if let Some(Node::Array(items)) = list {
                        for (index, item) in items.iter().enumerate() {
                            if marks(Some(item)) {
                                cx.site(&mut errors, Some(item), &rule.envelope, Some(index));
                            }
                        }
                    }
                }
            }
        }
        errors
    }
}

struct Context<'a> {
    table: &'static Catalog,
    scope: &'static Scope,
    status: u16,
    headers: &'a dyn Headers,
    body: &'a Bytes,
    now: SystemTime,
}

/// What a code or message source holds: one value, or a list of them.
enum Found<'a> {
    /// No source holds a usable value.
    None,
    One(Cow<'a, str>),
    /// A list (possibly empty: for codes, still one error, without a code).
    Many(Vec<Cow<'a, str>>),
}

impl Context<'_> {
    /// Builds the errors of one site: the document, or one item of a bulk body.
    fn site(
        &self,
        out: &mut Errors<Decoded>,
        root: Option<&Node>,
        envelope: &Envelope,
        item: Option<usize>,
    ) {
        let codes = self.first_found(root, &envelope.code, code_text, code_text);
        let messages = self.first_found(root, &envelope.message, nonempty_text, any_text);
        let request_id: Option<Box<str>> = self.request_id(root, &envelope.request_id);
        match codes {
            Found::Many(codes) if !codes.is_empty() => {
                for (i, code) in codes.iter().enumerate() {
                    let message = match &messages {
                        Found::None => None,
                        Found::One(m) => Some(Cow::Borrowed(m.as_ref())),
                        Found::Many(list) => {
                            list.get(i).filter(|m| !m.is_empty()).map(|m| Cow::Borrowed(m.as_ref()))
                        }
                    };
                    out.push(self.error(root, Some(code), message, request_id.clone(), item));
                }
            }
            codes => {
                let code = match &codes {
                    Found::One(code) => Some(code),
                    _ => None,
                };
                let message = match messages {
                    Found::None => None,
                    Found::One(m) => Some(m),
                    Found::Many(list) => {
                        Some(list.join("; ")).filter(|m| !m.is_empty()).map(Cow::Owned)
                    }
                };
                out.push(self.error(root, code, message, request_id, item));
            }
        }
    }

    fn error(
        &self,
        root: Option<&Node>,
        code: Option<&Cow<str>>,
        message: Option<Cow<str>>,
        request_id: Option<Box<str>>,
        item: Option<usize>,
    ) -> Decoded {
        let entry_id = self.resolve(code.map(|c| c.as_ref()));
        let entry = entry_id.and_then(|id| self.table.entries.get(id));
        let delays = self.table.delay_sources(entry);
        let mut meta = ErrorMeta::new(self.status, self.body.clone());
        meta.set(
            code.map(|c| c.as_ref().into()),
            message.map(|m| m.as_ref().into()),
            request_id,
            item,
        );
        meta.set_server_delay(self.delay(root, delays));
        let fields = match entry {
            Some(entry) => entry.fields.iter().map(|f| self.field(root, f)).collect(),
            None => Vec::new(),
        };
        Decoded { entry: entry_id, meta, fields }
    }

    fn resolve(&self, code: Option<&str>) -> Option<usize> {
        let entries = &self.table.entries;
        let ids = self.scope.entries.iter().copied();
        let by_code = || {
            let code = code?;
            ids.clone().find(|&id| {
                entries.get(id).and_then(|e| e.code.as_ref()).is_some_and(|c| c.text() == code)
            })
        };
        by_code().or_else(|| {
            ids.clone().find(|&id| {
                entries.get(id).is_some_and(|e| {
                    (e.status_default || e.code.is_none()) && e.statuses.contains(&self.status)
                })
            })
        })
    }

    /// The first source holding a usable value: a header, a body value `one` accepts,
    /// or a body array whose every element `element` accepts.
    fn first_found<'n>(
        &self,
        root: Option<&'n Node<'n>>,
        sources: &[Source],
        one: fn(&'n Node<'n>) -> Option<Cow<'n, str>>,
        element: fn(&'n Node<'n>) -> Option<Cow<'n, str>>,
    ) -> Found<'n> {
        for source in sources {
            match source {
                Source::Header(name) => {
                    if let Some(value) = self.headers.header(name).filter(|v| !v.is_empty()) {
                        return Found::One(Cow::Owned(value.to_owned()));
                    }
                }
                Source::Body(pointer) => match root.and_then(|r| r.pointer(pointer)) {
                    Some(Node::Array(items)) => {
                        if let Some(list) = items.iter().map(element).collect::<Option<Vec<_>>>() {
                            return Found::Many(list);
                        }
                    }
                    Some(node) => {
                        if let Some(value) = one(node) {
                            return Found::One(value);
                        }
                    }
                    None => {}
                },
            }
        }
        Found::None
    }

    fn request_id(&self, root: Option<&Node>, sources: &[Source]) -> Option<Box<str>> {
        sources.iter().find_map(|source| match source {
            Source::Header(name) => {
                self.headers.header(name).filter(|v| !v.is_empty()).map(Into::into)
            }
            Source::Body(pointer) => match root.and_then(|r| r.pointer(pointer))? {
                Node::Str(s) if !s.is_empty() => Some(s.as_ref().into()),
                Node::I64(i) => Some(i.to_string().into()),
                Node::U64(u) => Some(u.to_string().into()),
                _ => None,
            },
        })
    }

    fn delay(&self, root: Option<&Node>, sources: &[DelaySource]) -> Option<Duration> {
        sources.iter().find_map(|source| match &source.from {
            Source::Header(name) => source.format.read_text(self.headers.header(name)?, self.now),
            Source::Body(pointer) => match root?.pointer(pointer)? {
                Node::Str(text) => source.format.read_text(text, self.now),
                Node::I64(i) => source.format.read_number(*i as f64, self.now),
                Node::U64(u) => source.format.read_number(*u as f64, self.now),
                Node::F64(f) => source.format.read_number(*f, self.now),
                _ => None,
            },
        })
    }

    fn field(&self, root: Option<&Node>, field: &Field) -> Option<FieldValue> {
        field.from.iter().find_map(|source| match source {
            Source::Header(name) => header_field(self.headers.header(name)?, field.ty),
            Source::Body(pointer) => body_field(self.table, root?.pointer(pointer)?, field.ty),
        })
    }
}

/// A message: a non-empty string.
fn nonempty_text<'n>(node: &'n Node<'n>) -> Option<Cow<'n, str>> {
    match node {
        Node::Str(s) if !s.is_empty() => Some(Cow::Borrowed(s.as_ref())),
        _ => None,
    }
}

/// An element of a list of messages: any string (an empty one pairs with its code as
/// no message).
fn any_text<'n>(node: &'n Node<'n>) -> Option<Cow<'n, str>> {
    match node {
        Node::Str(s) => Some(Cow::Borrowed(s.as_ref())),
        _ => None,
    }
}

/// The code a node holds: a non-empty string, or an integer in decimal.
fn code_text<'n>(node: &'n Node<'n>) -> Option<Cow<'n, str>> {
    nonempty_text(node).or_else(|| match node {
        Node::I64(i) => Some(Cow::Owned(i.to_string())),
        Node::U64(u) => Some(Cow::Owned(u.to_string())),
        _ => None,
    })
}

/// JSON scalar equality: integers compare exactly, any float compares as f64.
fn scalar_equals(node: &Node, scalar: &Scalar) -> bool {
    match (node, scalar) {
        (Node::Null, Scalar::Null) => true,
        (Node::Bool(a), Scalar::Bool(b)) => a == b,
        (Node::Str(a), Scalar::Str(b)) => a.as_ref() == b.as_ref(),
        (Node::I64(a), Scalar::Int(b)) => a == b,
        (Node::U64(a), Scalar::Int(b)) => i64::try_from(*a).is_ok_and(|a| a == *b),
        (Node::F64(a), Scalar::Int(b)) => *a == *b as f64,
        (Node::F64(a), Scalar::Float(b)) => a == b,
        (Node::I64(a), Scalar::Float(b)) => *a as f64 == *b,
        (Node::U64(a), Scalar::Float(b)) => *a as f64 == *b,
        _ => false,
    }
}

/// A scalar as text: strings as they are, numbers and booleans as JSON writes them.
pub(crate) fn scalar_text(node: &Node) -> Option<String> {
    match node {
        Node::Str(s) => Some(s.as_ref().to_owned()),
        Node::I64(i) => Some(i.to_string()),
        Node::U64(u) => Some(u.to_string()),
        Node::F64(f) => serde_json::Number::from_f64(*f).map(|n| n.to_string()),
        Node::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn integer(node: &Node) -> Option<i64> {
    match node {
        Node::I64(i) => Some(*i),
        Node::U64(u) => i64::try_from(*u).ok(),
        Node::Str(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn float(node: &Node) -> Option<f64> {
    match node {
        Node::I64(i) => Some(*i as f64),
        Node::U64(u) => Some(*u as f64),
        Node::F64(f) => Some(*f),
        Node::Str(s) => s.trim().parse::<f64>().ok().filter(|f| f.is_finite()),
        _ => None,
    }
}

fn boolean(node: &Node) -> Option<bool> {
    match node {
        Node::Bool(b) => Some(*b),
        Node::Str(s) => match s.trim() {
            "true" => Some(true),
            "false" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

/// A field read from a header: only scalar types can be (the spec is validated so).
fn header_field(text: &str, ty: FieldType) -> Option<FieldValue> {
    let node = Node::Str(Cow::Borrowed(text));
    match ty {
        FieldType::Integer => integer(&node).map(FieldValue::Integer),
        FieldType::Number => float(&node).map(FieldValue::Number),
        FieldType::String => Some(FieldValue::String(text.to_owned())),
        FieldType::Boolean => boolean(&node).map(FieldValue::Boolean),
        _ => None,
    }
}

fn body_field(table: &'static Catalog, node: &Node, ty: FieldType) -> Option<FieldValue> {
    match ty {
        FieldType::Integer => integer(node).map(FieldValue::Integer),
        FieldType::Number => float(node).map(FieldValue::Number),
        FieldType::String => scalar_text(node).map(FieldValue::String),
        FieldType::Boolean => boolean(node).map(FieldValue::Boolean),
        FieldType::StringList => match node {
            Node::Array(items) => {
                Some(FieldValue::StringList(items.iter().filter_map(scalar_text).collect()))
            }
            _ => None,
        },
        FieldType::IntegerList => match node {
            Node::Array(items) => {
                Some(FieldValue::IntegerList(items.iter().filter_map(integer).collect()))
            }
            _ => None,
        },
        FieldType::StringMap => match node {
            Node::Object(members) => {
                let mut map = BTreeMap::new();
                for (key, value) in members {
                    match scalar_text(value) {
                        Some(text) => map.insert(key.as_ref().to_owned(), text),
                        // A later non-scalar member with the same key hides the earlier one.
                        None => map.remove(key.as_ref()),
                    };
                }
                Some(FieldValue::StringMap(map))
            }
            _ => None,
        },
        FieldType::Object(t) => object(table, node, t).map(FieldValue::Object),
        FieldType::ObjectList(t) => match node {
            Node::Array(items) => Some(FieldValue::ObjectList(
                items.iter().filter_map(|item| object(table, item, t)).collect(),
            )),
            _ => None,
        },
    }
}

fn object(table: &'static Catalog, node: &Node, t: u16) -> Option<Vec<(&'static str, FieldValue)>> {
    let Node::Object(_) = node else { return None };
    let object_type = table.types.get(usize::from(t))?;
    Some(
        object_type
            .fields
            .iter()
            .filter_map(|field| {
                let value = field.from.iter().find_map(|source| match source {
                    Source::Body(pointer) => body_field(table, node.pointer(pointer)?, field.ty),
                    Source::Header(_) => None,
                })?;
                Some((field.name.as_ref(), value))
            })
            .collect(),
    )
}
