//! Object types and typed fields.

use std::collections::HashMap;

use errtable_core::{Field, FieldType, ObjectType, Pointer, Source};

use super::{all, shape, sources, text};
use crate::ast::{self, Lenient, NamedList};
use crate::diag::{Collector, Ptr};
use crate::ident;

/// The generated field every variant carries besides the spec's own.
pub const META_FIELD: &str = "meta";

/// Where a field is declared.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum FieldContext {
    /// A field of an error variant.
    Entry,
    /// A field of an object type.
    Object,
}

/// The `types` section.
pub(super) fn object_types(
    cx: &mut Collector,
    types: Option<&Lenient<NamedList<Lenient<ast::ObjectType>>>>,
) -> Option<Vec<ObjectType>> {
    let Some(types) = types else { return Some(Vec::new()) };
    let list_at = Ptr::ROOT.key("types");
    let types = shape::section(cx, &list_at, types, "an object of object types")?;
    // Names first, so fields can refer to any type regardless of order.
    let names: Vec<String> = types.0.iter().map(|(name, _)| name.clone()).collect();
    if names.len() > usize::from(u16::MAX) {
        cx.error(
            &list_at,
            "more than 65535 object types",
            "errtable indexes object types with 16 bits",
        );
        return None;
    }
    let lowered = types
        .0
        .iter()
        .map(|(name, ty)| {
            let at = list_at.key(name);
            let valid_name = ident::is_upper_camel(name);
            if !valid_name {
                cx.error_at_key(
                    &at,
                    format!("type name `{name}` is not an UpperCamelCase Rust identifier"),
                    "use ASCII letters and digits starting with an uppercase letter, e.g. \"ValidationIssue\"",
                );
            }
            let ty = shape::section(cx, &at, ty, r#"an object like {"fields": {"msg": {"type": "string"}}}"#)?;
            let fields_at = at.key("fields");
            if ty.fields.0.is_empty() {
                cx.error(
                    &fields_at,
                    format!("object type `{name}` has no fields"),
                    "list the members errtable should read, e.g. {\"msg\": {\"type\": \"string\"}}",
                );
            }
            let fields = fields(cx, &fields_at, &ty.fields, &names, FieldContext::Object);
            Some(ObjectType {
                name: text(name),
                description: ty.description.as_deref().map(text),
                fields: fields?.into(),
            })
            .filter(|_| valid_name)
        })
        .collect();
    all(lowered)
}

/// The fields of an entry or an object type, in declaration order.
pub(super) fn fields(
    cx: &mut Collector,
    at: &Ptr,
    fields: &NamedList<ast::Field>,
    types: &[String],
    context: FieldContext,
) -> Option<Vec<Field>> {
    let mut rust_names: HashMap<String, &str> = HashMap::new();
    let lowered = fields
        .0
        .iter()
        .map(|(name, field)| {
            let at = at.key(name);
            let rust_name = rust_name(cx, &at, name, field, context);
            // A name problem does not stop the type and sources from being checked.
            let rust_name = rust_name.and_then(|rust| match rust_names.get(&rust) {
                Some(first) => {
                    cx.error_with_note(
                        &at,
                        format!("two fields are named `{rust}` in Rust"),
                        format!("the other one is `{first}`"),
                        "set a distinct \"rust_name\" on one of them",
                    );
                    None
                }
                None => {
                    rust_names.insert(rust.clone(), name);
                    Some(rust)
                }
            });
            let ty = field_type(cx, &at.key("type"), &field.ty, types, context);
            let from = match &field.from {
                Some(from) if from.items.is_empty() => {
                    cx.error(
                        &at.key("from"),
                        "`from` is an empty list",
                        "name at least one source, or drop `from` to read the body member of the same name",
                    );
                    None
                }
                Some(from) => sources::sources(cx, &at.key("from"), from),
                None => Some(vec![Source::Body(Pointer::member(name))]),
            };
            let (ty, from) = (ty?, from?);
            readable(cx, &at, &field.ty, ty, &from, context)?;
            Some(Field {
                name: text(name),
                rust_name: text(&rust_name?),
                ty,
                from: from.into(),
                description: field.description.as_deref().map(text),
            })
        })
        .collect();
    all(lowered)
}

fn rust_name(
    cx: &mut Collector,
    at: &Ptr,
    name: &str,
    field: &ast::Field,
    context: FieldContext,
) -> Option<String> {
    let rust = match &field.rust_name {
        Some(rust) if ident::is_snake(rust) => rust.clone(),
        Some(rust) => {
            cx.error(
                &at.key("rust_name"),
                format!("`{rust}` is not a snake_case Rust identifier"),
                format!(
                    "use lowercase ASCII letters, digits and `_`, e.g. \"{}\"",
                    ident::suggest_snake(rust)
                ),
            );
            return None;
        }
        None if ident::is_snake(name) => name.to_owned(),
        None => {
            cx.error_at_key(
                at,
                format!("field name `{name}` is not a snake_case Rust identifier"),
                format!(
                    "keep the vendor's name and add \"rust_name\": \"{}\"",
                    ident::suggest_snake(name)
                ),
            );
            return None;
        }
    };
    if context == FieldContext::Entry && rust == META_FIELD {
        cx.error_at_key(
            at,
            format!("field `{rust}` collides with the generated `{META_FIELD}` field"),
            format!("keep the vendor's name and add \"rust_name\": \"{rust}_value\""),
        );
        return None;
    }
    Some(rust)
}

/// Whether the field's sources can hold its type: headers hold one text value, and an
/// object's fields are read from the object.
fn readable(
    cx: &mut Collector,
    at: &Ptr,
    written: &str,
    ty: FieldType,
    from: &[Source],
    context: FieldContext,
) -> Option<()> {
    let header = from.iter().any(|s| matches!(s, Source::Header(_)));
    if header && context == FieldContext::Object {
        cx.error(
            &at.key("from"),
            "fields of an object type are read from the object, not from a header",
            "use a body pointer relative to the object, e.g. {\"body\": \"/msg\"}",
        );
        return None;
    }
    if header && !ty.is_scalar() {
        cx.error(
            &at.key("from"),
            format!("a `{written}` field cannot be read from a header"),
            "a header holds one text value: read integer, number, string or boolean fields from headers",
        );
        return None;
    }
    Some(())
}

fn field_type(
    cx: &mut Collector,
    at: &Ptr,
    written: &str,
    types: &[String],
    context: FieldContext,
) -> Option<FieldType> {
    let type_id =
        |name: &str| types.iter().position(|t| t == name).and_then(|i| u16::try_from(i).ok());
    match FieldType::parse(written, type_id) {
        Some(FieldType::Object(_) | FieldType::ObjectList(_))
            if context == FieldContext::Object =>
        {
            cx.error(
                at,
                format!(
                    "field type `{written}` is not one the runtime can decode inside an object type"
                ),
                "object types hold integer, number, string, boolean, list<string>, list<integer> \
                 and map<string> fields; they do not nest",
            );
            None
        }
        Some(ty) => Some(ty),
        None => {
            let known = if types.is_empty() {
                String::new()
            } else {
                format!(", an object type ({}), or list<T> of one", types.join(", "))
            };
            cx.error(
                at,
                format!("field type `{written}` is not one the runtime can decode"),
                format!(
                    "use integer, number, string, boolean, list<string>, list<integer>, map<string>{known}"
                ),
            );
            None
        }
    }
}
