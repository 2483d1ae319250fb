//! The reference interpreter: decodes a response with a [`Catalog`] directly, with the
//! semantics of generated code.
//!
//! It is written for obviousness, not speed: the body becomes a [`Json`] tree (read by
//! [`crate::json`], which accepts exactly what the runtime's scanner accepts) and every
//! rule is a plain walk over it. `errtable explain` uses it, and a differential test
//! holds the runtime's one-pass decoder to it. It shares the vocabulary with the runtime
//! (delay formats, the fallback's rule) but not the algorithm.
//!
//! Memory: the tree costs a bounded amount per value of the body, and texts shared by
//! several errors (one message for a list of codes) are shared, not copied per error.

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use serde_json::{Map, Value};

use crate::json::{self, Json};
use crate::model::{
    Catalog, DelaySource, EntryId, Envelope, Field, FieldType, Operation, Pointer, RetryClass,
    Scalar, Scope, Source,
};

/// A warning a successful response carries.
#[derive(Debug, Clone, PartialEq)]
pub struct Warning {
    /// Its code.
    pub code: String,
    /// Its message.
    pub message: Option<Arc<str>>,
}

/// A response to decode.
#[derive(Debug, Clone, Copy)]
pub struct Response<'a> {
    /// HTTP status.
    pub status: u16,
    /// Headers, in order; names compare case-insensitively.
    pub headers: &'a [(String, String)],
    /// Raw body.
    pub body: &'a [u8],
}

/// One error the response carries.
#[derive(Debug, Clone, PartialEq)]
pub struct Interpreted {
    /// The entry it resolved to (`None`: the fallback).
    pub entry: Option<EntryId>,
    /// The Rust variant name.
    pub variant: String,
    /// The wire code (numbers as written).
    pub code: Option<String>,
    /// HTTP status.
    pub status: u16,
    /// The vendor's message (shared by the errors of one list of codes).
    pub message: Option<Arc<str>>,
    /// Request id.
    pub request_id: Option<Arc<str>>,
    /// Retry class.
    pub retry: RetryClass,
    /// The delay the response itself gave.
    pub delay: Option<Duration>,
    /// Where that delay was read.
    pub delay_source: Option<DelaySource>,
    /// Present fields by vendor name, in declaration order, as JSON.
    pub fields: Vec<(String, Value)>,
    /// Index of the failing item of a bulk body.
    pub item: Option<usize>,
}

/// Decodes `response` with `operation`'s table (or the global one), taking HTTP-dates and
/// reset times relative to `now`.
pub fn interpret(
    catalog: &Catalog,
    operation: Option<&Operation>,
    response: Response,
    now: SystemTime,
) -> Vec<Interpreted> {
    let status = response.status;
    let mut out = Vec::new();
    if status < 400 && catalog.embedded.is_empty() {
        return out;
    }
    let doc = json::parse(response.body);
    let site = Site { catalog, scope: catalog.scope(operation), response, now };
    if status >= 400 {
        // One error per item when the envelope names items and the body has some, else
        // one error read from the document.
        let items = catalog.envelope.items.as_ref().and_then(|items| eval(items, doc.as_ref()?));
        match items {
            Some(Json::Array(list)) if !list.is_empty() => {
                for (i, item) in list.iter().enumerate() {
                    site.errors(&mut out, Some(item), &catalog.envelope, Some(i));
                }
            }
            _ => site.errors(&mut out, doc.as_ref(), &catalog.envelope, None),
        }
        return out;
    }
    for rule in catalog.embedded.iter() {
        let failed = |v: &Json| eval(&rule.when, v).is_some_and(|x| scalar_eq(x, &rule.equals));
        match &rule.envelope.items {
            None => {
                if doc.as_ref().is_some_and(failed) {
                    site.errors(&mut out, doc.as_ref(), &rule.envelope, None);
                }
            }
            Some(items) => {
                if let Some(Json::Array(list)) = doc.as_ref().and_then(|d| eval(items, d)) {
                    for (i, item) in list.iter().enumerate().filter(|(_, item)| failed(item)) {
                        site.errors(&mut out, Some(item), &rule.envelope, Some(i));
                    }
                }
            }
        }
    }
    out
}

/// The warnings a successful response carries (none for a status of 400 and above).
pub fn warnings(catalog: &Catalog, response: Response) -> Vec<Warning> {
    let Some(envelope) = &catalog.warnings else { return Vec::new() };
    if response.status >= 400 {
        return Vec::new();
    }
    let doc = json::parse(response.body);
    let site = Site { catalog, scope: &catalog.global, response, now: SystemTime::UNIX_EPOCH };
    let codes = match site.codes(doc.as_ref(), envelope) {
        Some(Found::One(code)) => vec![code],
        Some(Found::List(list)) => list,
        None => Vec::new(),
    };
    let messages = site.messages(doc.as_ref(), envelope);
    let shared: Option<Arc<str>> = match &messages {
        Some(Found::One(m)) => Some(m.as_str().into()),
        _ => None,
    };
    codes
        .into_iter()
        .enumerate()
        .map(|(i, code)| {
            let message = match &messages {
                Some(Found::List(list)) => {
                    list.get(i).filter(|m| !m.is_empty()).map(|m| m.as_str().into())
                }
                _ => shared.clone(),
            };
            Warning { code, message }
        })
        .collect()
}

/// The value `pointer` addresses in `root`: a token addresses an array element when it
/// is a decimal index without leading zeros, or selects the first object of an array
/// whose member has a value when it is `[name=value]`.
pub fn eval<'v>(pointer: &Pointer, root: &'v Json) -> Option<&'v Json> {
    pointer.tokens().try_fold(root, |value, token| match value {
        Json::Object(_) => value.get(&token),
        Json::Array(items) => match errtable_core::pointer::selector(&token) {
            Some((name, wanted)) => items
                .iter()
                .find(|item| matches!(item.get(name), Some(Json::String(s)) if s == wanted)),
            None => errtable_core::pointer::array_index(&token).and_then(|i| items.get(i)),
        },
        _ => None,
    })
}

/// The entry an error resolves to within `scope`: the first entry with its code (or an
/// alias) whose conditions hold, else the first status default for its status whose
/// conditions hold, else none (the fallback).
pub fn resolve(
    catalog: &Catalog,
    scope: &Scope,
    code: Option<&str>,
    status: u16,
) -> Option<EntryId> {
    resolve_with(catalog, scope, code, status, &|_| None, None, None)
}

/// [`resolve`], with the response's headers, message and body (the item, in an
/// envelope with items) for entries with conditions.
fn resolve_with<'h>(
    catalog: &Catalog,
    scope: &Scope,
    code: Option<&str>,
    status: u16,
    header: &dyn Fn(&str) -> Option<&'h str>,
    message: Option<&str>,
    root: Option<&Json>,
) -> Option<EntryId> {
    let entries = &catalog.entries;
    let body = |pointer: &Pointer, equals: &Scalar| {
        root.and_then(|r| eval(pointer, r)).is_some_and(|v| scalar_eq(v, equals))
    };
    let holds =
        |id: EntryId| entries[id].when.iter().all(|c| c.holds(status, header, message, body));
    let by_code = code.and_then(|code| {
        scope
            .entries
            .iter()
            .copied()
            .find(|&id| entries[id].codes().any(|c| c.text() == code) && holds(id))
    });
    by_code.or_else(|| {
        scope.entries.iter().copied().find(|&id| {
            let entry = &entries[id];
            entry.is_status_default() && entry.statuses.contains(&status) && holds(id)
        })
    })
}

/// Equality of a body value with a rule's `equals` scalar: integers exactly, otherwise
/// numbers as `f64`.
pub fn scalar_eq(value: &Json, expected: &Scalar) -> bool {
    match (value, expected) {
        (Json::Null, Scalar::Null) => true,
        (Json::Bool(a), Scalar::Bool(b)) => a == b,
        (Json::String(a), Scalar::Str(b)) => a == b.as_ref(),
        (Json::Number(n), Scalar::Int(b)) if is_integer(n) => n.parse::<i64>() == Ok(*b),
        (Json::Number(n), Scalar::Int(b)) => n.parse::<f64>() == Ok(*b as f64),
        (Json::Number(n), Scalar::Float(b)) => n.parse::<f64>() == Ok(*b),
        _ => false,
    }
}

/// A number literal without fraction or exponent.
fn is_integer(literal: &str) -> bool {
    let digits = literal.strip_prefix('-').unwrap_or(literal);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

/// What a code or message source holds: one value, or a list.
enum Found {
    One(String),
    List(Vec<String>),
}

struct Site<'a> {
    catalog: &'a Catalog,
    scope: &'a Scope,
    response: Response<'a>,
    now: SystemTime,
}

/// A value found at a source: in the body, or a header's text.
enum At<'v> {
    Body(&'v Json),
    Header(String),
}

impl Site<'_> {
    fn header(&self, name: &str) -> Option<&str> {
        self.response
            .headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn at<'v>(&self, root: Option<&'v Json>, source: &Source) -> Option<At<'v>> {
        match source {
            Source::Body(pointer) => root.and_then(|r| eval(pointer, r)).map(At::Body),
            Source::Header(name) => self.header(name).map(|v| At::Header(v.to_owned())),
        }
    }

    fn errors(
        &self,
        out: &mut Vec<Interpreted>,
        root: Option<&Json>,
        envelope: &Envelope,
        item: Option<usize>,
    ) {
        let codes = self.codes(root, envelope);
        let messages = self.messages(root, envelope);
        let request_id: Option<Arc<str>> =
            envelope.request_id.iter().find_map(|source| match self.at(root, source)? {
                At::Header(header) => (!header.is_empty()).then(|| header.into()),
                At::Body(value) => code_of(value).map(Into::into),
            });
        match codes {
            // A list of codes: one error each, paired with the message of the same index
            // (or the one message of them all, shared).
            Some(Found::List(codes)) if !codes.is_empty() => {
                let shared: Option<Arc<str>> = match &messages {
                    Some(Found::One(m)) => Some(m.as_str().into()),
                    _ => None,
                };
                for (i, code) in codes.into_iter().enumerate() {
                    let message = match &messages {
                        Some(Found::List(list)) => {
                            list.get(i).filter(|m| !m.is_empty()).map(|m| m.as_str().into())
                        }
                        _ => shared.clone(),
                    };
                    out.push(self.error(root, Some(code), message, request_id.clone(), item));
                }
            }
            // One error: a single code, or none (an empty list included); a list of
            // messages is joined.
            codes => {
                let code = match codes {
                    Some(Found::One(code)) => Some(code),
                    _ => None,
                };
                let message = match messages {
                    Some(Found::One(m)) => Some(m),
                    Some(Found::List(list)) => Some(list.join("; ")).filter(|m| !m.is_empty()),
                    None => None,
                };
                out.push(self.error(root, code, message.map(Into::into), request_id, item));
            }
        }
    }

    /// The codes of a site, normalized as the envelope says.
    fn codes(&self, root: Option<&Json>, envelope: &Envelope) -> Option<Found> {
        let normalize = |code: String| match envelope.normalize {
            Some(rule) => rule.apply(&code).to_owned(),
            None => code,
        };
        let found = envelope.code.iter().find_map(|source| match self.at(root, source)? {
            At::Header(header) => (!header.is_empty()).then_some(Found::One(header)),
            At::Body(Json::Array(list)) => {
                list.iter().map(code_of).collect::<Option<_>>().map(Found::List)
            }
            At::Body(value) => code_of(value).map(Found::One),
        });
        match found? {
            Found::One(code) => Some(Found::One(normalize(code))),
            Found::List(list) => Some(Found::List(list.into_iter().map(normalize).collect())),
        }
    }

    fn messages(&self, root: Option<&Json>, envelope: &Envelope) -> Option<Found> {
        envelope.message.iter().find_map(|source| match self.at(root, source)? {
            At::Header(header) => (!header.is_empty()).then_some(Found::One(header)),
            At::Body(Json::String(s)) if !s.is_empty() => Some(Found::One(s.clone())),
            At::Body(Json::Array(list)) => list
                .iter()
                .map(|v| match v {
                    Json::String(s) => Some(s.clone()),
                    _ => None,
                })
                .collect::<Option<_>>()
                .map(Found::List),
            At::Body(_) => None,
        })
    }

    fn error(
        &self,
        root: Option<&Json>,
        code: Option<String>,
        message: Option<Arc<str>>,
        request_id: Option<Arc<str>>,
        item: Option<usize>,
    ) -> Interpreted {
        let status = self.response.status;
        let header = |name: &str| self.header(name);
        let entry = resolve_with(
            self.catalog,
            self.scope,
            code.as_deref(),
            status,
            &header,
            message.as_deref(),
            root,
        );
        let definition = entry.map(|id| &self.catalog.entries[id]);
        let (delay, delay_source) = self
            .catalog
            .delay_sources(definition)
            .iter()
            .find_map(|source| Some((Some(self.delay(root, source)?), Some(source.clone()))))
            .unwrap_or((None, None));
        let delay = match definition {
            Some(entry) => entry.bound_delay(delay),
            None => delay,
        };
        // A header the vendor documents decides the retry class over the entry.
        let overridden = self.catalog.retry.overrides.iter().find(|o| {
            self.header(&o.header).is_some_and(|v| v.trim().eq_ignore_ascii_case(&o.equals))
        });
        let fields = definition.map_or_else(Vec::new, |e| {
            e.fields
                .iter()
                .filter_map(|f| Some((f.name.to_string(), self.field(root, f)?)))
                .collect()
        });
        Interpreted {
            entry,
            variant: definition.map_or(&self.catalog.unknown.variant, |e| &e.variant).to_string(),
            code,
            status,
            message,
            request_id,
            retry: overridden.map_or_else(|| self.catalog.retry_class(entry, status), |o| o.retry),
            delay,
            delay_source,
            fields,
            item,
        }
    }

    /// A delay: header text and body strings by the source's format, body numbers as
    /// numbers.
    fn delay(&self, root: Option<&Json>, source: &DelaySource) -> Option<Duration> {
        match self.at(root, &source.from)? {
            At::Header(header) => source.format.read_text(&header, || self.now),
            At::Body(Json::String(text)) => source.format.read_text(text, || self.now),
            At::Body(Json::Number(n)) => source.format.read_number(n.parse().ok()?, || self.now),
            At::Body(_) => None,
        }
    }

    fn field(&self, root: Option<&Json>, field: &Field) -> Option<Value> {
        field.from.iter().find_map(|source| match self.at(root, source)? {
            At::Body(value) => convert(self.catalog, value, field.ty),
            At::Header(header) => convert_text(&header, field.ty),
        })
    }
}

/// A code: a non-empty string, or a number as written.
fn code_of(value: &Json) -> Option<String> {
    match value {
        Json::String(s) if !s.is_empty() => Some(s.clone()),
        Json::Number(n) => Some(n.clone()),
        _ => None,
    }
}

/// A scalar as text: strings as they are, numbers as written, booleans as JSON writes
/// them.
fn text_of(value: &Json) -> Option<String> {
    match value {
        Json::String(s) => Some(s.clone()),
        Json::Number(n) => Some(n.clone()),
        Json::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn convert_text(text: &str, ty: FieldType) -> Option<Value> {
    match ty {
        FieldType::String => Some(Value::String(text.to_owned())),
        FieldType::Integer => text.trim().parse::<i64>().ok().map(Value::from),
        FieldType::Number => {
            text.trim().parse::<f64>().ok().filter(|f| f.is_finite()).map(Value::from)
        }
        FieldType::Boolean => match text.trim() {
            "true" => Some(Value::Bool(true)),
            "false" => Some(Value::Bool(false)),
            _ => None,
        },
        _ => None,
    }
}

fn convert(catalog: &Catalog, value: &Json, ty: FieldType) -> Option<Value> {
    match (ty, value) {
        (FieldType::String, v) => text_of(v).map(Value::String),
        (FieldType::Integer, Json::Number(n)) if is_integer(n) => {
            n.parse::<i64>().ok().map(Value::from)
        }
        (FieldType::Number, Json::Number(n)) => {
            n.parse::<f64>().ok().filter(|f| f.is_finite()).map(Value::from)
        }
        (FieldType::Boolean, Json::Bool(b)) => Some(Value::Bool(*b)),
        (FieldType::Integer | FieldType::Number | FieldType::Boolean, Json::String(s)) => {
            convert_text(s, ty)
        }
        (FieldType::StringList, Json::Array(items)) => {
            Some(Value::Array(items.iter().filter_map(text_of).map(Value::String).collect()))
        }
        (FieldType::IntegerList, Json::Array(items)) => Some(Value::Array(
            items.iter().filter_map(|v| convert(catalog, v, FieldType::Integer)).collect(),
        )),
        (FieldType::StringMap, Json::Object(_)) => Some(Value::Object(
            value
                .members()
                .into_iter()
                .filter_map(|(k, v)| Some((k.to_owned(), Value::String(text_of(v)?))))
                .collect(),
        )),
        (FieldType::Json, value) => Some(json::to_value(value)),
        (FieldType::Object(t), Json::Object(_)) => Some(object(catalog, value, t)),
        (FieldType::ObjectList(t), Json::Array(items)) => Some(Value::Array(
            items
                .iter()
                .filter(|v| matches!(v, Json::Object(_)))
                .map(|v| object(catalog, v, t))
                .collect(),
        )),
        _ => None,
    }
}

fn object(catalog: &Catalog, value: &Json, t: u16) -> Value {
    let mut out = Map::new();
    for field in catalog.types[usize::from(t)].fields.iter() {
        let found = field.from.iter().find_map(|source| match source {
            Source::Body(p) => convert(catalog, eval(p, value)?, field.ty),
            Source::Header(_) => None,
        });
        if let Some(found) = found {
            out.insert(field.name.to_string(), found);
        }
    }
    Value::Object(out)
}
