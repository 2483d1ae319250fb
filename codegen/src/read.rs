//! Reading the spec's sections from the JSON tree into the [`crate::ast`] types.
//!
//! A value that does not fit says what was expected in serde_json's words (`invalid
//! type: string "x", expected u64`, `unknown field`, `missing field`), which the spec's
//! diagnostics show. The readers are written out rather than derived with serde: the
//! engine then compiles without `serde_derive`, which would otherwise sit on the path of
//! every user's first build, ahead of the macro.
//!
//! As with serde's derive, an object is read member by member in document order (a
//! repeated key: its last value, where it first appeared), an unknown key or a value of
//! the wrong shape stops the read there, and a missing required key is reported last.

use crate::ast::{
    Backoff, Code, Condition, DelaySource, EmbeddedRule, Entry, EntryCondition, Envelope, Field,
    Lenient, NamedList, ObjectType, OneOrMany, Operation, RetryName, RetryOverride, RetrySettings,
    ShapeError, Source, Unknown, Warnings,
};
use crate::json::{self, Json, Number, SyntaxError, number};

/// Why a spec's text could not be read as a spec at all.
#[derive(Debug)]
pub enum ParseError {
    /// The text is not JSON.
    Syntax(SyntaxError),
    /// It is JSON, but not an object; what it is instead, in serde_json's words.
    NotAnObject(String),
}

/// The spec's top-level object.
pub(crate) fn top_level(text: &str) -> Result<Json, ParseError> {
    match json::parse_spec(text).map_err(ParseError::Syntax)? {
        json @ Json::Object(_) => Ok(json),
        other => Err(ParseError::NotAnObject(invalid_type(&other, "an object").message)),
    }
}

/// A value of the spec format read from the tree.
pub trait FromJson: Sized {
    /// Reads `value`, or says where below it and why it does not fit.
    fn from_json(value: &Json) -> Result<Self, ShapeError>;
}

impl<T: FromJson> Lenient<T> {
    /// Reads a section on its own: a problem inside it stays inside.
    pub(crate) fn read(value: &Json) -> Lenient<T> {
        match T::from_json(value) {
            Ok(t) => Lenient::Ok(t),
            Err(error) => Lenient::Err(error),
        }
    }
}

impl<T: FromJson> FromJson for Lenient<T> {
    fn from_json(value: &Json) -> Result<Self, ShapeError> {
        Ok(Lenient::read(value))
    }
}

impl ShapeError {
    fn new(message: String) -> ShapeError {
        ShapeError { path: Vec::new(), message, at_key: false }
    }

    /// A key that is not one of `expected`: an unknown field or variant.
    fn unknown(what: &str, key: &str, expected: &[&str]) -> ShapeError {
        let message = format!("unknown {what} `{key}`, {}", one_of(expected));
        ShapeError { path: Vec::new(), message, at_key: true }
    }

    /// The same problem, one level further from the value that has it.
    fn under(mut self, token: impl Into<String>) -> ShapeError {
        self.path.insert(0, token.into());
        self
    }
}

/// What a value is, as serde's `Unexpected` says it (`null` rather than "unit value": a
/// spec is JSON).
fn unexpected(value: &Json) -> String {
    match value {
        Json::Null => "null".to_owned(),
        Json::Bool(b) => format!("boolean `{b}`"),
        Json::Number(text) => match number(text) {
            Number::Unsigned(u) => format!("integer `{u}`"),
            Number::Signed(i) => format!("integer `{i}`"),
            Number::Float(f) => format!("floating point `{}`", float_text(f)),
        },
        Json::String(s) => format!("string {s:?}"),
        Json::Array(_) => "sequence".to_owned(),
        Json::Object(_) => "map".to_owned(),
    }
}

/// A float as serde writes it: with a decimal point, `1e20` as `100000000000000000000.0`.
fn float_text(f: f64) -> String {
    let text = f.to_string();
    if f.is_finite() && !text.contains('.') { format!("{text}.0") } else { text }
}

fn invalid_type(value: &Json, expected: &str) -> ShapeError {
    ShapeError::new(format!("invalid type: {}, expected {expected}", unexpected(value)))
}

fn invalid_integer(value: impl std::fmt::Display, expected: &str) -> ShapeError {
    ShapeError::new(format!("invalid value: integer `{value}`, expected {expected}"))
}

/// `expected `a``, `expected `a` or `b``, `expected one of `a`, `b`, `c``.
fn one_of(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|name| format!("`{name}`")).collect();
    match quoted.as_slice() {
        [one] => format!("expected {one}"),
        [a, b] => format!("expected {a} or {b}"),
        all => format!("expected one of {}", all.join(", ")),
    }
}

/// Reads the members of an object with `fields`, handing each to `member` in document
/// order; returns the keys present, for [`require`].
fn read_struct<'a>(
    value: &'a Json,
    name: &str,
    fields: &[&str],
    mut member: impl FnMut(&'a str, &'a Json) -> Result<(), ShapeError>,
) -> Result<Vec<&'a str>, ShapeError> {
    if !matches!(value, Json::Object(_)) {
        return Err(invalid_type(value, &format!("struct {name}")));
    }
    let members = value.members();
    for &(key, v) in &members {
        if !fields.contains(&key) {
            return Err(ShapeError::unknown("field", key, fields).under(key));
        }
        member(key, v).map_err(|error| error.under(key))?;
    }
    Ok(members.into_iter().map(|(key, _)| key).collect())
}

/// The first of `required` (in declaration order) that is not `present`.
fn require(present: &[&str], required: &[&str]) -> Result<(), ShapeError> {
    match required.iter().find(|name| !present.contains(name)) {
        Some(name) => Err(ShapeError::new(format!("missing field `{name}`"))),
        None => Ok(()),
    }
}

fn read<T: FromJson>(value: &Json) -> Result<T, ShapeError> {
    T::from_json(value)
}

impl<T: FromJson> FromJson for Option<T> {
    fn from_json(value: &Json) -> Result<Self, ShapeError> {
        match value {
            Json::Null => Ok(None),
            other => T::from_json(other).map(Some),
        }
    }
}

impl FromJson for String {
    fn from_json(value: &Json) -> Result<Self, ShapeError> {
        match value {
            Json::String(s) => Ok(s.clone()),
            other => Err(invalid_type(other, "a string")),
        }
    }
}

impl FromJson for bool {
    fn from_json(value: &Json) -> Result<Self, ShapeError> {
        match value {
            Json::Bool(b) => Ok(*b),
            other => Err(invalid_type(other, "a boolean")),
        }
    }
}

/// An integer of type `T` (named `name` in messages), as serde reads one: a float is of
/// the wrong type, a number outside `T`'s range the wrong value. (A non-negative signed
/// number, which only `-0` is, fits an unsigned type: serde took it as 0.)
fn integer<T: TryFrom<u64> + TryFrom<i64>>(value: &Json, name: &str) -> Result<T, ShapeError> {
    let Json::Number(text) = value else { return Err(invalid_type(value, name)) };
    match number(text) {
        Number::Unsigned(u) => T::try_from(u).map_err(|_| invalid_integer(u, name)),
        Number::Signed(i) => T::try_from(i).map_err(|_| invalid_integer(i, name)),
        Number::Float(_) => Err(invalid_type(value, name)),
    }
}

macro_rules! integer_reader {
    ($($ty:ty),+) => {
        $(impl FromJson for $ty {
            fn from_json(value: &Json) -> Result<Self, ShapeError> {
                integer(value, stringify!($ty))
            }
        })+
    };
}

integer_reader!(u64, u32, i64);

impl FromJson for f64 {
    fn from_json(value: &Json) -> Result<Self, ShapeError> {
        match value {
            Json::Number(text) => Ok(match number(text) {
                Number::Unsigned(u) => u as f64,
                Number::Signed(i) => i as f64,
                Number::Float(f) => f,
            }),
            other => Err(invalid_type(other, "f64")),
        }
    }
}

/// Any value, as written.
impl FromJson for Json {
    fn from_json(value: &Json) -> Result<Self, ShapeError> {
        Ok(value.clone())
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    fn from_json(value: &Json) -> Result<Self, ShapeError> {
        match value {
            Json::Array(items) => items
                .iter()
                .enumerate()
                .map(|(i, item)| T::from_json(item).map_err(|error| error.under(i.to_string())))
                .collect(),
            other => Err(invalid_type(other, "a sequence")),
        }
    }
}

impl<T: FromJson> FromJson for NamedList<T> {
    fn from_json(value: &Json) -> Result<Self, ShapeError> {
        if !matches!(value, Json::Object(_)) {
            return Err(invalid_type(value, "an object"));
        }
        let items = value
            .members()
            .into_iter()
            .map(|(key, v)| Ok((key.to_owned(), T::from_json(v).map_err(|e| e.under(key))?)))
            .collect::<Result<_, ShapeError>>()?;
        Ok(NamedList(items))
    }
}

impl<T: FromJson> FromJson for OneOrMany<T> {
    fn from_json(value: &Json) -> Result<Self, ShapeError> {
        match value {
            Json::Array(_) => Ok(OneOrMany { items: read(value)?, written_as_list: true }),
            Json::Object(_) => Ok(OneOrMany { items: vec![read(value)?], written_as_list: false }),
            other => Err(invalid_type(other, "a source object or a list of them")),
        }
    }
}

impl FromJson for Code {
    fn from_json(value: &Json) -> Result<Self, ShapeError> {
        const EXPECTED: &str = "a string or an integer code";
        match value {
            Json::String(s) => Ok(Code::Str(s.clone())),
            Json::Number(text) => match number(text) {
                Number::Unsigned(u) => i64::try_from(u)
                    .map(Code::Int)
                    .map_err(|_| ShapeError::new(format!("code {u} does not fit in an i64"))),
                Number::Signed(i) => Ok(Code::Int(i)),
                Number::Float(_) => Err(invalid_type(value, EXPECTED)),
            },
            other => Err(invalid_type(other, EXPECTED)),
        }
    }
}

impl FromJson for RetryName {
    fn from_json(value: &Json) -> Result<Self, ShapeError> {
        read(value).map(RetryName)
    }
}

/// Externally tagged, as serde writes an enum: `{"body": "/code"}`.
impl FromJson for Source {
    fn from_json(value: &Json) -> Result<Self, ShapeError> {
        const VARIANTS: [&str; 2] = ["body", "header"];
        match value {
            Json::Object(_) if let [(key, inner)] = value.members()[..] => {
                let source = match key {
                    "body" => read(inner).map(Source::Body),
                    "header" => read(inner).map(Source::Header),
                    _ => Err(ShapeError::unknown("variant", key, &VARIANTS)),
                };
                source.map_err(|error| error.under(key))
            }
            // A variant's name alone, without the pointer or header it needs.
            Json::String(name) if VARIANTS.contains(&name.as_str()) => Err(ShapeError::new(
                "invalid type: unit variant, expected newtype variant".to_owned(),
            )),
            Json::String(name) => Err(ShapeError::unknown("variant", name, &VARIANTS)),
            other => Err(invalid_type(other, "enum Source")),
        }
    }
}

/// The reader of a struct of the format: its fields in declaration order (each read from
/// the key of its name unless `as` gives another, with [`read`] unless `with` names
/// another reader), then the keys that must be present.
macro_rules! struct_reader {
    ($ty:ident {
        $($field:ident $(as $key:literal)? $(with $reader:path)?),+
        $(; required $($required:literal),+)?
    }) => {
        impl FromJson for $ty {
            fn from_json(value: &Json) -> Result<Self, ShapeError> {
                let mut out = $ty::default();
                let keys = [$(struct_reader!(@key $field $($key)?)),+];
                let present = read_struct(value, stringify!($ty), &keys, |key, v| {
                    match key {
                        $(struct_reader!(@key $field $($key)?) => {
                            out.$field = struct_reader!(@reader $($reader)?)(v)?;
                        })+
                        // `read_struct` hands over known keys only.
                        _ => {}
                    }
                    Ok(())
                })?;
                require(&present, &[$($($required),+)?])?;
                Ok(out)
            }
        }
    };
    (@key $field:ident) => { stringify!($field) };
    (@key $field:ident $key:literal) => { $key };
    (@reader) => { read };
    (@reader $reader:path) => { $reader };
}

/// An optional value that may be `null` itself: present (as `Some`) whatever it is.
fn given<T: FromJson>(value: &Json) -> Result<Option<T>, ShapeError> {
    T::from_json(value).map(Some)
}

struct_reader!(Envelope { items, code, normalize, message, request_id });
struct_reader!(DelaySource { header, body, body_seconds, body_milliseconds, format });
// `"equals": null` compares with null, as in an embedded rule's condition.
struct_reader!(EntryCondition { header, pointer, equals with given, message_contains, status });
struct_reader!(RetryOverride { header, equals, retry; required "header", "equals", "retry" });
struct_reader!(Warnings { code, message });
struct_reader!(EmbeddedRule {
    name, description, items, when, code, normalize, message, request_id;
    required "name", "when"
});
struct_reader!(Condition { pointer, equals; required "pointer", "equals" });
struct_reader!(Entry {
    variant,
    code,
    aliases,
    when,
    status,
    status_default,
    retry,
    retry_safe,
    delay_from,
    default_delay_ms,
    min_delay_ms,
    description,
    resolution,
    fields,
    overrides,
    same_as
});
struct_reader!(Field { ty as "type", from, rust_name, description; required "type" });
struct_reader!(ObjectType { description, fields; required "fields" });
struct_reader!(Operation { description, errors; required "errors" });
struct_reader!(RetrySettings { delay_from, backoff, transport, overrides });
struct_reader!(Backoff {
    initial_delay_ms, factor, max_delay_ms, max_attempts, jitter, description;
    required "initial_delay_ms", "factor", "max_delay_ms", "max_attempts"
});
struct_reader!(Unknown { variant, retry });

#[cfg(test)]
mod tests {
    use super::*;

    fn shape<T: FromJson + std::fmt::Debug>(text: &str) -> (String, String) {
        let json = crate::json::parse(text.as_bytes()).unwrap();
        let error = T::from_json(&json).unwrap_err();
        (error.path.join("/"), error.message)
    }

    #[test]
    fn problems_are_named_in_serde_json_words_at_their_path() {
        assert_eq!(
            shape::<Backoff>(r#"{"initial_delay_ms": 1, "factor": 2}"#),
            (String::new(), "missing field `max_delay_ms`".to_owned())
        );
        assert_eq!(
            shape::<Entry>(r#"{"status": [400, 4.5]}"#),
            ("status/1".to_owned(), "invalid type: floating point `4.5`, expected i64".to_owned())
        );
        assert_eq!(
            shape::<Entry>(r#"{"code": 1e20}"#),
            (
                "code".to_owned(),
                "invalid type: floating point `100000000000000000000.0`, expected a string or an integer code"
                    .to_owned()
            )
        );
        assert_eq!(
            shape::<Backoff>(r#"{"max_attempts": 5000000000}"#),
            (
                "max_attempts".to_owned(),
                "invalid value: integer `5000000000`, expected u32".to_owned()
            )
        );
        assert_eq!(
            shape::<Operation>(r#"{"errs": []}"#),
            (
                "errs".to_owned(),
                "unknown field `errs`, expected `description` or `errors`".to_owned()
            )
        );
        assert_eq!(
            shape::<Envelope>(r#"{"code": {"bdy": "/code"}}"#),
            (
                "code/bdy".to_owned(),
                "unknown variant `bdy`, expected `body` or `header`".to_owned()
            )
        );
        assert_eq!(
            shape::<Envelope>(r#"{"code": [{"body": "/a"}, {"header": 5}]}"#),
            ("code/1/header".to_owned(), "invalid type: integer `5`, expected a string".to_owned())
        );
        assert_eq!(
            shape::<Entry>(r#"{"status_default": null}"#),
            ("status_default".to_owned(), "invalid type: null, expected a boolean".to_owned())
        );
        assert_eq!(
            shape::<Entry>("[]"),
            (String::new(), "invalid type: sequence, expected struct Entry".to_owned())
        );
    }

    #[test]
    fn whole_numbers_written_as_floats_read_as_integers_as_they_always_have() {
        let read = |text: &str| Entry::from_json(&crate::json::parse(text.as_bytes()).unwrap());
        let entry = read(r#"{"status": [404.0, 4e2, -0], "code": 1e3}"#).unwrap();
        assert_eq!(entry.status, Some(vec![404, 400, 0]));
        assert_eq!(entry.code, Some(Code::Int(1000)));
        let backoff =
            r#"{"initial_delay_ms": -0, "factor": 2, "max_delay_ms": 1e3, "max_attempts": 3.0}"#;
        let backoff = Backoff::from_json(&crate::json::parse(backoff.as_bytes()).unwrap()).unwrap();
        assert_eq!(
            (backoff.initial_delay_ms, backoff.max_delay_ms, backoff.max_attempts),
            (0, 1000, 3)
        );
        assert_eq!(
            shape::<Backoff>(r#"{"max_attempts": -1}"#),
            ("max_attempts".to_owned(), "invalid value: integer `-1`, expected u32".to_owned())
        );
    }

    #[test]
    fn an_entry_condition_compares_with_null_when_it_says_so() {
        let read = |text: &str| {
            EntryCondition::from_json(&crate::json::parse(text.as_bytes()).unwrap()).unwrap()
        };
        assert_eq!(read(r#"{"pointer": "/x", "equals": null}"#).equals, Some(Json::Null));
        assert_eq!(read(r#"{"pointer": "/x"}"#).equals, None);
    }

    #[test]
    fn a_source_with_a_repeated_key_reads_its_last_value() {
        let json = crate::json::parse(br#"{"body": "/a", "body": "/b"}"#).unwrap();
        assert!(matches!(Source::from_json(&json), Ok(Source::Body(p)) if p == "/b"));
    }

    #[test]
    fn a_repeated_key_reads_its_last_value_and_null_is_an_absent_option() {
        let json = crate::json::parse(br#"{"variant": "A", "retry": null, "variant": "B"}"#);
        let entry = Entry::from_json(&json.unwrap()).unwrap();
        assert_eq!(entry.variant.as_deref(), Some("B"));
        assert!(entry.retry.is_none());
    }
}
