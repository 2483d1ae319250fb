//! The types a field can have: exactly what the runtime decodes.

/// What a typed field decodes into.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FieldType {
    /// `i64`.
    Integer,
    /// `f64`.
    Number,
    /// `String`.
    String,
    /// `bool`.
    Boolean,
    /// `Vec<String>`.
    StringList,
    /// `Vec<i64>`.
    IntegerList,
    /// `BTreeMap<String, String>`.
    StringMap,
    /// The object type at this index of the catalog's `types`.
    Object(u16),
    /// A list of it.
    ObjectList(u16),
    /// Any JSON sub-document, kept as written (DynamoDB's `Item`).
    Json,
}

impl FieldType {
    /// The types that need no object type, with their spec spellings.
    pub const SCALARS_AND_LISTS: [(FieldType, &'static str); 8] = [
        (FieldType::Integer, "integer"),
        (FieldType::Number, "number"),
        (FieldType::String, "string"),
        (FieldType::Boolean, "boolean"),
        (FieldType::StringList, "list<string>"),
        (FieldType::IntegerList, "list<integer>"),
        (FieldType::StringMap, "map<string>"),
        (FieldType::Json, "json"),
    ];

    /// The spelling in a spec; object types are named by `type_name`.
    pub fn spelling(self, type_name: impl Fn(u16) -> String) -> String {
        match self {
            FieldType::Object(t) => type_name(t),
            FieldType::ObjectList(t) => format!("list<{}>", type_name(t)),
            simple => FieldType::SCALARS_AND_LISTS
                .iter()
                .find(|(ty, _)| *ty == simple)
                .map_or_else(String::new, |(_, spelling)| (*spelling).to_owned()),
        }
    }

    /// Reads a spec spelling; `type_id` finds an object type by name.
    pub fn parse(text: &str, type_id: impl Fn(&str) -> Option<u16>) -> Option<FieldType> {
        let text = text.trim();
        if let Some((ty, _)) = FieldType::SCALARS_AND_LISTS.iter().find(|(_, s)| *s == text) {
            return Some(*ty);
        }
        match text.strip_prefix("list<").and_then(|s| s.strip_suffix('>')) {
            Some(inner) => type_id(inner.trim()).map(FieldType::ObjectList),
            None => type_id(text).map(FieldType::Object),
        }
    }

    /// Whether one text value (a header) can hold it.
    pub const fn is_scalar(self) -> bool {
        matches!(
            self,
            FieldType::Integer | FieldType::Number | FieldType::String | FieldType::Boolean
        )
    }

    /// The object type it refers to, if any.
    pub const fn object_type(self) -> Option<u16> {
        match self {
            FieldType::Object(t) | FieldType::ObjectList(t) => Some(t),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_round_trip() {
        let types = ["Issue"];
        let id = |name: &str| types.iter().position(|t| *t == name).map(|i| i as u16);
        let name = |t: u16| types[usize::from(t)].to_owned();
        for spelling in ["integer", "list<string>", "map<string>", "Issue", "list<Issue>"] {
            let ty = FieldType::parse(spelling, id).unwrap();
            assert_eq!(ty.spelling(name), spelling);
        }
        assert_eq!(FieldType::parse(" list< Issue > ", id), Some(FieldType::ObjectList(0)));
        assert_eq!(FieldType::parse("list<Other>", id), None);
        assert_eq!(FieldType::parse("float", id), None);
    }
}
