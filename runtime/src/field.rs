//! Field values in a form any catalog shares: what the decoder produces before the
//! generated code moves them into typed variant fields, and what
//! [`VendorError::fields`](crate::VendorError::fields) gives back for logging and
//! tooling.

use std::collections::BTreeMap;

#[cfg(feature = "serde")]
use serde::ser::{Serialize, SerializeMap, Serializer};

/// The value of one typed field, named after the vendor's own field names.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldValue {
    /// `integer`.
    Integer(i64),
    /// `number`.
    Number(f64),
    /// `string`.
    String(String),
    /// `boolean`.
    Boolean(bool),
    /// `list<string>`.
    StringList(Vec<String>),
    /// `list<integer>`.
    IntegerList(Vec<i64>),
    /// `map<string>`.
    StringMap(BTreeMap<String, String>),
    /// An object type: its present fields by vendor name, in declaration order.
    Object(Vec<(&'static str, FieldValue)>),
    /// A list of an object type.
    ObjectList(Vec<Vec<(&'static str, FieldValue)>>),
    /// `json`: a sub-document as written.
    Json(RawJson),
}

/// A JSON sub-document kept as the response wrote it (a `json` field, such as
/// DynamoDB's `Item`): parse it with the JSON library of your choice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawJson(bytestring::ByteString);

impl RawJson {
    /// Its text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub(crate) fn new(text: bytestring::ByteString) -> RawJson {
        RawJson(text)
    }
}

impl From<String> for RawJson {
    fn from(text: String) -> Self {
        RawJson(text.into())
    }
}

impl std::fmt::Display for RawJson {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(feature = "serde")]
impl Serialize for FieldValue {
    /// As JSON would hold it: numbers, strings, arrays and objects.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            FieldValue::Integer(v) => serializer.serialize_i64(*v),
            FieldValue::Number(v) => serializer.serialize_f64(*v),
            FieldValue::String(v) => serializer.serialize_str(v),
            FieldValue::Boolean(v) => serializer.serialize_bool(*v),
            FieldValue::StringList(v) => v.serialize(serializer),
            FieldValue::IntegerList(v) => v.serialize(serializer),
            FieldValue::StringMap(v) => v.serialize(serializer),
            FieldValue::Object(fields) => serialize_object(fields, serializer),
            FieldValue::ObjectList(items) => {
                serializer.collect_seq(items.iter().map(|fields| ObjectRef(fields)))
            }
            // The text as written; a serializer cannot splice raw JSON in.
            FieldValue::Json(raw) => serializer.serialize_str(raw.as_str()),
        }
    }
}

#[cfg(feature = "serde")]
struct ObjectRef<'a>(&'a [(&'static str, FieldValue)]);

#[cfg(feature = "serde")]
impl Serialize for ObjectRef<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serialize_object(self.0, serializer)
    }
}

#[cfg(feature = "serde")]
fn serialize_object<S: Serializer>(
    fields: &[(&'static str, FieldValue)],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let mut map = serializer.serialize_map(Some(fields.len()))?;
    for (name, value) in fields {
        map.serialize_entry(name, value)?;
    }
    map.end()
}

/// Converts a decoded [`FieldValue`] into a variant field's Rust type. The decoder
/// already produced the variant matching the declared type; anything else is `None`.
pub trait FromFieldValue: Sized {
    /// The typed value, if `value` holds this type.
    fn from_field_value(value: FieldValue) -> Option<Self>;
}

/// Converts a typed field back into a [`FieldValue`] (for
/// [`VendorError::fields`](crate::VendorError::fields)).
pub trait ToFieldValue {
    /// The field as a [`FieldValue`].
    fn to_field_value(&self) -> FieldValue;
}

macro_rules! simple_field {
    ($($ty:ty => $variant:ident),* $(,)?) => {$(
        impl FromFieldValue for $ty {
            fn from_field_value(value: FieldValue) -> Option<Self> {
                match value {
                    FieldValue::$variant(v) => Some(v),
                    _ => None,
                }
            }
        }
        impl ToFieldValue for $ty {
            fn to_field_value(&self) -> FieldValue {
                FieldValue::$variant(self.clone())
            }
        }
    )*};
}

simple_field! {
    i64 => Integer,
    f64 => Number,
    String => String,
    bool => Boolean,
    Vec<String> => StringList,
    Vec<i64> => IntegerList,
    BTreeMap<String, String> => StringMap,
    RawJson => Json,
}

/// A generated object type (such as FastAPI's `{loc, msg, type}` validation issue).
pub trait ObjectField: Sized {
    /// Builds the object from its decoded fields.
    fn from_fields(fields: ObjectFields) -> Self;
    /// Its present fields by vendor name.
    fn to_fields(&self) -> Vec<(&'static str, FieldValue)>;
}

impl<T: ObjectField> FromFieldValue for T {
    fn from_field_value(value: FieldValue) -> Option<Self> {
        match value {
            FieldValue::Object(fields) => Some(T::from_fields(ObjectFields(fields))),
            _ => None,
        }
    }
}

impl<T: ObjectField> FromFieldValue for Vec<T> {
    fn from_field_value(value: FieldValue) -> Option<Self> {
        match value {
            FieldValue::ObjectList(items) => {
                Some(items.into_iter().map(|fields| T::from_fields(ObjectFields(fields))).collect())
            }
            _ => None,
        }
    }
}

impl<T: ObjectField> ToFieldValue for T {
    fn to_field_value(&self) -> FieldValue {
        FieldValue::Object(self.to_fields())
    }
}

impl<T: ObjectField> ToFieldValue for Vec<T> {
    fn to_field_value(&self) -> FieldValue {
        FieldValue::ObjectList(self.iter().map(ObjectField::to_fields).collect())
    }
}

/// The decoded fields of one object, taken by vendor name.
#[derive(Debug)]
pub struct ObjectFields(Vec<(&'static str, FieldValue)>);

impl ObjectFields {
    /// Takes the field `name` as `T`.
    pub fn take<T: FromFieldValue>(&mut self, name: &str) -> Option<T> {
        let at = self.0.iter().position(|(n, _)| *n == name)?;
        T::from_field_value(self.0.swap_remove(at).1)
    }
}

/// The fields of one decoded error, read from the response in declaration order as the
/// generated code takes them: no intermediate vector.
pub struct VariantFields<'a> {
    /// Reads the entry's field at an index; `None` for the fallback, which has none.
    read: Option<&'a dyn Fn(usize) -> Option<FieldValue>>,
    /// How many fields were taken.
    taken: usize,
}

impl<'a> VariantFields<'a> {
    /// The fields `read` gives, by index.
    pub(crate) fn new(read: &'a dyn Fn(usize) -> Option<FieldValue>) -> Self {
        VariantFields { read: Some(read), taken: 0 }
    }

    /// No fields.
    pub(crate) fn none() -> Self {
        VariantFields { read: None, taken: 0 }
    }

    /// The next field, as `T`.
    #[allow(clippy::should_implement_trait)] // generic over T: not an Iterator
    pub fn next<T: FromFieldValue>(&mut self) -> Option<T> {
        let at = self.taken;
        self.taken += 1;
        (self.read?)(at).and_then(T::from_field_value)
    }
}

impl std::fmt::Debug for VariantFields<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("VariantFields").field("taken", &self.taken).finish_non_exhaustive()
    }
}

/// Adds a present typed field to `out` under its vendor name.
pub fn push_field<T: ToFieldValue>(
    out: &mut Vec<(&'static str, FieldValue)>,
    name: &'static str,
    value: &Option<T>,
) {
    if let Some(value) = value {
        out.push((name, value.to_field_value()));
    }
}
