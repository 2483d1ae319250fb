//! One pass over a JSON body that keeps only what the [`Plan`] asks for.
//!
//! The result is a small tree of the kept values, borrowing strings from the body when
//! they contain no escapes. Everything else is skipped by serde_json as it parses, so
//! decoding costs about as much as validating the JSON.

use std::borrow::Cow;
use std::fmt;

use errtable_core::Pointer;
use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::plan::{ARRAY_OF_SCALARS, OBJECT_OF_SCALARS, Plan, PlanNode, SCALAR, SCALAR_ONLY};

/// A kept value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Node<'de> {
    /// A value exists here but nothing asked for it (a composite where a scalar was
    /// wanted, or the reverse). Consumers treat it as unusable.
    Skipped,
    Null,
    Bool(bool),
    I64(i64),
    U64(u64),
    F64(f64),
    Str(Cow<'de, str>),
    /// Elements by index; unkept elements are [`Node::Skipped`] so indexes stay true.
    Array(Vec<Node<'de>>),
    /// Kept members in document order (a repeated key: the last one counts).
    Object(Vec<(Cow<'de, str>, Node<'de>)>),
}

impl<'de> Node<'de> {
    /// The member `key`, or the element whose index `key` spells.
    pub(crate) fn get(&self, key: &str) -> Option<&Node<'de>> {
        match self {
            Node::Object(members) => members.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v),
            Node::Array(items) => {
                errtable_core::pointer::array_index(key).and_then(|i| items.get(i))
            }
            _ => None,
        }
    }

    /// The value at a pointer.
    pub(crate) fn pointer(&self, pointer: &Pointer) -> Option<&Node<'de>> {
        pointer.tokens().try_fold(self, |node, token| node.get(&token))
    }
}

impl Plan {
    /// Parses `text` and keeps what the plan asks for; `None` when it is not JSON
    /// (syntax, trailing characters, nesting beyond serde_json's limit).
    pub(crate) fn capture<'de>(&self, text: &'de str) -> Option<Node<'de>> {
        let mut deserializer = serde_json::Deserializer::from_str(text);
        let node = Capture(&self.root).deserialize(&mut deserializer).ok()?;
        deserializer.end().ok()?;
        Some(node)
    }
}

struct Capture<'p>(&'p PlanNode);

impl<'de> DeserializeSeed<'de> for Capture<'_> {
    type Value = Node<'de>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Node<'de>, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl Capture<'_> {
    fn scalar<'de>(&self, node: Node<'de>) -> Node<'de> {
        if self.0.keep & SCALAR != 0 { node } else { Node::Skipped }
    }
}

impl<'de> Visitor<'de> for Capture<'_> {
    type Value = Node<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_unit<E>(self) -> Result<Node<'de>, E> {
        Ok(self.scalar(Node::Null))
    }

    fn visit_bool<E>(self, v: bool) -> Result<Node<'de>, E> {
        Ok(self.scalar(Node::Bool(v)))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Node<'de>, E> {
        Ok(self.scalar(Node::I64(v)))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Node<'de>, E> {
        Ok(self.scalar(Node::U64(v)))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Node<'de>, E> {
        Ok(self.scalar(Node::F64(v)))
    }

    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Node<'de>, E> {
        Ok(self.scalar(Node::Str(Cow::Borrowed(v))))
    }

    fn visit_str<E>(self, v: &str) -> Result<Node<'de>, E> {
        Ok(self.scalar(Node::Str(Cow::Owned(v.to_owned()))))
    }

    fn visit_string<E>(self, v: String) -> Result<Node<'de>, E> {
        Ok(self.scalar(Node::Str(Cow::Owned(v))))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node<'de>, A::Error> {
        let plan = self.0;
        if !plan.looks_inside_arrays() && plan.keep & ARRAY_OF_SCALARS == 0 {
            while seq.next_element::<IgnoredAny>()?.is_some() {}
            return Ok(Node::Skipped);
        }
        let mut items = Vec::new();
        loop {
            let item = match plan.element(items.len()) {
                Some(node) => seq.next_element_seed(Capture(node))?,
                None => seq.next_element::<IgnoredAny>()?.map(|_| Node::Skipped),
            };
            match item {
                Some(item) => items.push(item),
                None => return Ok(Node::Array(items)),
            }
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node<'de>, A::Error> {
        let plan = self.0;
        if !plan.looks_inside_objects() {
            while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
            return Ok(Node::Skipped);
        }
        let mut members = Vec::new();
        while let Some(key) = map.next_key_seed(Key)? {
            match plan.child(&key) {
                Some(child) => {
                    let value = map.next_value_seed(Capture(child))?;
                    members.push((key, value));
                }
                None if plan.keep & OBJECT_OF_SCALARS != 0 => {
                    // Kept even when skipped: a repeated key's last value must win.
                    let value = map.next_value_seed(Capture(&SCALAR_ONLY))?;
                    members.push((key, value));
                }
                None => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(Node::Object(members))
    }
}

/// An object key, borrowed from the body when it has no escapes.
struct Key;

impl<'de> DeserializeSeed<'de> for Key {
    type Value = Cow<'de, str>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for Key {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object key")
    }

    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(v))
    }

    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v))
    }
}
