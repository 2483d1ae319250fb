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
    Catalog, DelaySource, EntryId, Envelope, Field, FieldType, Operation, RetryClass, Scope, Source,
};

/// The longest server delay honoured, as in the runtime (24 hours).
pub const MAX_SERVER_DELAY: Duration = Duration::from_secs(86_400);

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
    for rule in &catalog.embedded {
        let failed = |v: &Value| {
            rule.when_pointer.eval(v).is_some_and(|x| json_scalar_eq(x, &rule.when_equals))
        };
        match &rule.items {
            None => {
                if doc.as_ref().is_some_and(failed) {
                    site.errors(&mut out, doc.as_ref(), &rule.envelope, None);
                }
            }
            Some(items) => {
                if let Some(Value::Array(list)) = doc.as_ref().and_then(|d| items.eval(d)) {
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
            Source::Body(pointer) => root.and_then(|r| pointer.eval(r)).map(Ok),
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
        let entry = self.catalog.resolve(self.scope, code.as_deref(), status);
        let definition = entry.map(|id| &self.catalog.entries[id]);
        let delays = definition
            .and_then(|e| e.delay_from.as_deref())
            .unwrap_or(&self.catalog.retry.delay_from);
        let (delay, delay_source) = delays
            .iter()
            .find_map(|source| Some((Some(self.delay(root, source)?), Some(source.clone()))))
            .unwrap_or((None, None));
        let fields = definition.map_or_else(Vec::new, |e| {
            e.fields.iter().filter_map(|f| Some((f.name.clone(), self.field(root, f)?))).collect()
        });
        Interpreted {
            entry,
            variant: definition
                .map_or_else(|| self.catalog.unknown.variant.clone(), |e| e.variant.clone()),
            code,
            status,
            message,
            request_id,
            retry: definition.map_or_else(|| self.catalog.unknown_retry(status), |e| e.retry),
            delay,
            delay_source,
            fields,
            item,
        }
    }

    fn delay(&self, root: Option<&Value>, source: &DelaySource) -> Option<Duration> {
        match source {
            DelaySource::Header(name) => retry_after_header(self.header(name)?, self.now),
            DelaySource::BodySeconds(p) => delay_amount(p.eval(root?)?, 1),
            DelaySource::BodyMilliseconds(p) => delay_amount(p.eval(root?)?, 1000),
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

/// Equality of a body value with a spec's `equals` scalar: integers exactly, otherwise
/// numbers as `f64`.
pub fn json_scalar_eq(value: &Value, expected: &Value) -> bool {
    match (value, expected) {
        (Value::Number(a), Value::Number(b)) => match (a.as_i64(), b.as_i64()) {
            (Some(x), Some(y)) => x == y,
            _ if (a.is_f64() || b.is_f64()) => a.as_f64() == b.as_f64(),
            _ => false,
        },
        (Value::Array(_) | Value::Object(_), _) => false,
        _ => value == expected,
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

fn object(catalog: &Catalog, value: &Value, t: usize) -> Value {
    let mut out = Map::new();
    for field in &catalog.types[t].fields {
        let found = field.from.iter().find_map(|source| match source {
            Source::Body(p) => convert(catalog, p.eval(value)?, field.ty),
            Source::Header(_) => None,
        });
        if let Some(found) = found {
            out.insert(field.name.clone(), found);
        }
    }
    Value::Object(out)
}

/// `Retry-After`: delta-seconds (digits, optionally a fraction, rounded up) or an
/// HTTP-date (past dates give zero), capped at [`MAX_SERVER_DELAY`].
pub fn retry_after_header(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Some(seconds) = decimal_seconds(value) {
        return Some(seconds);
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).map_or(Duration::ZERO, |d| d.min(MAX_SERVER_DELAY)))
}

/// `"45"` or `"1.5"`: whole seconds rounded up, capped.
fn decimal_seconds(text: &str) -> Option<Duration> {
    if !is_decimal(text) {
        return None;
    }
    let (whole, fraction) = text.split_once('.').map_or((text, None), |(w, f)| (w, Some(f)));
    let mut seconds = whole.parse::<u64>().unwrap_or(u64::MAX);
    if fraction.is_some_and(|f| f.chars().any(|c| c != '0')) {
        seconds = seconds.saturating_add(1);
    }
    Some(Duration::from_secs(seconds).min(MAX_SERVER_DELAY))
}

/// Digits, optionally `.` and more digits: how a delay may be spelled as text.
fn is_decimal(text: &str) -> bool {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, "0"));
    [whole, fraction]
        .iter()
        .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()))
}

/// A body delay: a JSON number, or a string of digits with an optional fraction, in
/// `1/per_second` seconds, rounded up to whole units, capped.
fn delay_amount(value: &Value, per_second: u32) -> Option<Duration> {
    let amount = match value {
        Value::Number(n) => n.as_f64()?,
        Value::String(s) if is_decimal(s) => s.parse::<f64>().ok()?,
        _ => return None,
    };
    if !amount.is_finite() || amount < 0.0 {
        return None;
    }
    let units = amount.ceil();
    let cap_units = MAX_SERVER_DELAY.as_secs_f64() * f64::from(per_second);
    if units >= cap_units {
        return Some(MAX_SERVER_DELAY);
    }
    let nanos = units * (1_000_000_000.0 / f64::from(per_second));
    Some(Duration::from_nanos(nanos as u64))
}
