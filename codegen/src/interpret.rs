//! The reference interpreter: decodes a response with a [`Catalog`] directly, with the
//! semantics of generated code.
//!
//! It is written for obviousness, not speed: the body becomes a `serde_json::Value` and
//! every rule is a plain walk over it. `errtable explain` uses it, and a differential
//! test holds the runtime's one-pass decoder to it.
//!
//! One difference is deliberate: a body is JSON here when serde_json can parse it into a
//! `Value`. The runtime decoder only validates what the catalog reads and skips the
//! rest, so a body that is well-formed but holds, somewhere the catalog never reads, a
//! number beyond `f64` range, a lone surrogate escape or nesting deeper than 127
//! levels, is decoded by the runtime and is "not JSON" here.

use std::time::{Duration, SystemTime};

use serde_json::{Map, Value};

use crate::model::{
    Catalog, DelaySource, EntryId, Envelope, Field, FieldType, Operation, Pointer, RetryClass,
    Scalar, Scope, Source,
};

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
    /// The entry it resolved to (`None`: the unknown fallback).
    pub entry: Option<EntryId>,
    /// The Rust variant name.
    pub variant: String,
    /// The wire code (integers in decimal).
    pub code: Option<String>,
    /// HTTP status.
    pub status: u16,
    /// The vendor's message.
    pub message: Option<String>,
    /// Request id.
    pub request_id: Option<String>,
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

/// Decodes `response` with `operation`'s table (or the global one), taking HTTP-dates in
/// `Retry-After` relative to `now`.
pub fn interpret(
    catalog: &Catalog,
    operation: Option<&Operation>,
    response: Response,
    now: SystemTime,
) -> Vec<Interpreted> {
    let doc: Option<Value> =
        std::str::from_utf8(response.body).ok().and_then(|text| serde_json::from_str(text).ok());
    let site = Site { catalog, scope: catalog.scope(operation), response, now };
    let mut out = Vec::new();
    if response.status >= 400 {
        site.errors(&mut out, doc.as_ref(), &catalog.envelope, None);
        return out;
    }
    for rule in catalog.embedded.iter() {
        let failed = |v: &Value| eval(&rule.when, v).is_some_and(|x| scalar_eq(x, &rule.equals));
        match &rule.items {
            None => {
                if doc.as_ref().is_some_and(failed) {
                    site.errors(&mut out, doc.as_ref(), &rule.envelope, None);
                }
            }
            Some(items) => {
                if let Some(Value::Array(list)) = doc.as_ref().and_then(|d| eval(items, d)) {
                    for (i, item) in list.iter().enumerate().filter(|(_, item)| failed(item)) {
                        site.errors(&mut out, Some(item), &rule.envelope, Some(i));
                    }
                }
            }
        }
    }
    out
}

/// A code or message source's value: one, or a list.
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

impl Site<'_> {
    fn header(&self, name: &str) -> Option<&str> {
        self.response
            .headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn body_at<'v>(
        &self,
        root: Option<&'v Value>,
        source: &Source,
    ) -> Option<Result<&'v Value, String>> {
        match source {
            Source::Body(pointer) => root.and_then(|r| eval(pointer, r)).map(Ok),
            Source::Header(name) => self.header(name).map(|v| Err(v.to_owned())),
        }
    }

    fn errors(
        &self,
        out: &mut Vec<Interpreted>,
        root: Option<&Value>,
        envelope: &Envelope,
        item: Option<usize>,
    ) {
        let codes = envelope.code.iter().find_map(|source| match self.body_at(root, source)? {
            Err(header) => (!header.is_empty()).then_some(Found::One(header)),
            Ok(Value::Array(list)) => {
                list.iter().map(code_of).collect::<Option<_>>().map(Found::List)
            }
            Ok(value) => code_of(value).map(Found::One),
        });
        let messages =
            envelope.message.iter().find_map(|source| match self.body_at(root, source)? {
                Err(header) => (!header.is_empty()).then_some(Found::One(header)),
                Ok(Value::String(s)) if !s.is_empty() => Some(Found::One(s.clone())),
                Ok(Value::Array(list)) => list
                    .iter()
                    .map(|v| v.as_str().map(str::to_owned))
                    .collect::<Option<_>>()
                    .map(Found::List),
                Ok(_) => None,
            });
        let request_id =
            envelope.request_id.iter().find_map(|source| match self.body_at(root, source)? {
                Err(header) => (!header.is_empty()).then_some(header),
                Ok(Value::String(s)) if !s.is_empty() => Some(s.clone()),
                Ok(Value::Number(n)) if n.is_i64() || n.is_u64() => Some(n.to_string()),
                Ok(_) => None,
            });
        match codes {
            // A list of codes: one error each, paired with the message of the same index
            // (or the one message of them all).
            Some(Found::List(codes)) if !codes.is_empty() => {
                for (i, code) in codes.into_iter().enumerate() {
                    let message = match &messages {
                        Some(Found::One(m)) => Some(m.clone()),
                        Some(Found::List(list)) => list.get(i).filter(|m| !m.is_empty()).cloned(),
                        None => None,
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
                out.push(self.error(root, code, message, request_id, item));
            }
        }
    }

    fn error(
        &self,
        root: Option<&Value>,
        code: Option<String>,
        message: Option<String>,
        request_id: Option<String>,
        item: Option<usize>,
    ) -> Interpreted {
        let status = self.response.status;
        let entry = self.resolve(code.as_deref());
        let definition = entry.map(|id| &self.catalog.entries[id]);
        let delays = self.catalog.delay_sources(definition);
        let (delay, delay_source) = delays
            .iter()
            .find_map(|source| Some((Some(self.delay(root, source)?), Some(source.clone()))))
            .unwrap_or((None, None));
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
            retry: self.catalog.retry_class(entry, status),
            delay,
            delay_source,
            fields,
            item,
        }
    }

    fn resolve(&self, code: Option<&str>) -> Option<EntryId> {
        resolve(self.catalog, self.scope, code, self.response.status)
    }

    /// A delay: header text and body strings by the source's format, body numbers as
    /// numbers.
    fn delay(&self, root: Option<&Value>, source: &DelaySource) -> Option<Duration> {
        match self.body_at(root, &source.from)? {
            Err(header) => source.format.read_text(&header, self.now),
            Ok(Value::String(text)) => source.format.read_text(text, self.now),
            Ok(Value::Number(n)) => source.format.read_number(n.as_f64()?, self.now),
            Ok(_) => None,
        }
    }

    fn field(&self, root: Option<&Value>, field: &Field) -> Option<Value> {
        field.from.iter().find_map(|source| match self.body_at(root, source)? {
            Ok(value) => convert(self.catalog, value, field.ty),
            Err(header) => convert_text(&header, field.ty),
        })
    }
}

/// A code: a non-empty string, or an integer in decimal.
fn code_of(value: &Value) -> Option<String> {
    match value {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) if n.is_i64() || n.is_u64() => Some(n.to_string()),
        _ => None,
    }
}

/// The entry an error resolves to within `scope`: the entry with its code, else the
/// scope's status default for its status, else none (the fallback).
pub fn resolve(
    catalog: &Catalog,
    scope: &Scope,
    code: Option<&str>,
    status: u16,
) -> Option<EntryId> {
    let entries = &catalog.entries;
    let by_code = code.and_then(|code| {
        scope
            .entries
            .iter()
            .copied()
            .find(|&id| entries[id].code.as_ref().is_some_and(|c| c.text() == code))
    });
    by_code.or_else(|| {
        scope.entries.iter().copied().find(|&id| {
            let entry = &entries[id];
            entry.is_status_default() && entry.statuses.contains(&status)
        })
    })
}

/// The value `pointer` addresses in `root`: a token addresses an array element when it
/// is a decimal index without leading zeros.
pub fn eval<'v>(pointer: &Pointer, root: &'v Value) -> Option<&'v Value> {
    pointer.tokens().try_fold(root, |value, token| match value {
        Value::Object(map) => map.get(token.as_ref()),
        Value::Array(items) => {
            errtable_core::pointer::array_index(&token).and_then(|i| items.get(i))
        }
        _ => None,
    })
}

/// Equality of a body value with a rule's `equals` scalar: integers exactly, otherwise
/// numbers as `f64`.
pub fn scalar_eq(value: &Value, expected: &Scalar) -> bool {
    match (value, expected) {
        (Value::Null, Scalar::Null) => true,
        (Value::Bool(a), Scalar::Bool(b)) => a == b,
        (Value::String(a), Scalar::Str(b)) => a == b.as_ref(),
        (Value::Number(a), Scalar::Int(b)) => match a.as_i64() {
            Some(a) => a == *b,
            None => a.is_f64() && a.as_f64() == Some(*b as f64),
        },
        (Value::Number(a), Scalar::Float(b)) => a.as_f64() == Some(*b),
        _ => false,
    }
}

fn text_of(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
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

fn convert(catalog: &Catalog, value: &Value, ty: FieldType) -> Option<Value> {
    match (ty, value) {
        (FieldType::String, v) => text_of(v).map(Value::String),
        (FieldType::Integer, Value::Number(n)) => n.as_i64().map(Value::from),
        (FieldType::Number, Value::Number(n)) => n.as_f64().map(Value::from),
        (FieldType::Boolean, Value::Bool(b)) => Some(Value::Bool(*b)),
        (FieldType::Integer | FieldType::Number | FieldType::Boolean, Value::String(s)) => {
            convert_text(s, ty)
        }
        (FieldType::StringList, Value::Array(items)) => {
            Some(Value::Array(items.iter().filter_map(text_of).map(Value::String).collect()))
        }
        (FieldType::IntegerList, Value::Array(items)) => Some(Value::Array(
            items.iter().filter_map(|v| convert(catalog, v, FieldType::Integer)).collect(),
        )),
        (FieldType::StringMap, Value::Object(map)) => Some(Value::Object(
            map.iter().filter_map(|(k, v)| Some((k.clone(), Value::String(text_of(v)?)))).collect(),
        )),
        (FieldType::Object(t), Value::Object(_)) => Some(object(catalog, value, t)),
        (FieldType::ObjectList(t), Value::Array(items)) => Some(Value::Array(
            items.iter().filter(|v| v.is_object()).map(|v| object(catalog, v, t)).collect(),
        )),
        _ => None,
    }
}

fn object(catalog: &Catalog, value: &Value, t: u16) -> Value {
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
