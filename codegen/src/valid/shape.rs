//! Stage 1: the file's shape. Unknown top-level keys, the format version, the catalog's
//! name, and the shape error of any section that is not what the format says.

use errtable_core::Text;

use crate::ast::{self, Lenient};
use crate::diag::{Collector, Ptr};

/// The top-level keys of a spec, for unknown-key help.
const TOP_LEVEL_KEYS: &str = "$schema, errtable, name, title, description, source, envelope, \
                              embedded, retry, warnings, unknown, types, errors, operations";

/// Unwraps a section read on its own, reporting its shape error.
pub(super) fn section<'s, T>(
    cx: &mut Collector,
    at: &Ptr,
    value: &'s Lenient<T>,
    example: &str,
) -> Option<&'s T> {
    let error = match value {
        Lenient::Ok(t) => return Some(t),
        Lenient::Err(error) => error,
    };
    let inner = errtable_core::pointer::join(error.path.iter().map(String::as_str));
    let full = format!("{}{inner}", at.text());
    if error.at_key {
        cx.error_at_pointer(
            full,
            true,
            error.message.clone(),
            "remove the key or use one of the keys listed above",
        );
    } else {
        cx.error_at_pointer(full, false, error.message.clone(), format!("expected {example}"));
    }
    None
}

/// Unknown keys, `$schema` and the format version.
pub(super) fn top_level(cx: &mut Collector, file: &ast::SpecFile) {
    let root = Ptr::ROOT;
    for key in &file.unknown_keys {
        cx.error_at_key(
            &root.key(key),
            format!("unknown key `{key}`"),
            format!("remove it; a spec's keys are: {TOP_LEVEL_KEYS}"),
        );
    }
    for pointer in &file.control_characters {
        cx.error(
            &Ptr::from_text(pointer),
            "text with control characters",
            "remove them (escape sequences such as \\u001b would reach terminals and generated \
             code); line breaks and tabs are fine",
        );
    }
    if let Some(schema) = &file.schema {
        section(cx, &root.key("$schema"), schema, "the path or URL of errtable.schema.json");
    }
    match &file.errtable {
        None => cx.error(
            &root,
            "missing `errtable`, the spec format version",
            format!(r#"add "errtable": {} at the top of the spec"#, ast::FORMAT_VERSION),
        ),
        Some(version) => {
            let at = root.key("errtable");
            if let Some(&v) = section(cx, &at, version, "the format version, 1")
                && v != ast::FORMAT_VERSION
            {
                cx.error(
                    &at,
                    format!("unsupported spec format version {v}"),
                    format!("this errtable reads format {}", ast::FORMAT_VERSION),
                );
            }
        }
    }
}

/// The catalog's machine name.
pub(super) fn name(cx: &mut Collector, file: &ast::SpecFile) -> Option<Text> {
    let root = Ptr::ROOT;
    let Some(name) = &file.name else {
        cx.error(&root, "missing `name`", r#"add a machine name, e.g. "name": "octopost""#);
        return None;
    };
    let at = root.key("name");
    let name = section(cx, &at, name, "a string")?;
    let valid = name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-');
    if !valid {
        cx.error(
            &at,
            format!("catalog name `{name}` is not a lowercase machine name"),
            r#"use lowercase letters, digits, `_` and `-`, starting with a letter, e.g. "octopost""#,
        );
        return None;
    }
    Some(super::text(name))
}

/// An optional string section.
pub(super) fn text(
    cx: &mut Collector,
    root: &Ptr,
    key: &str,
    value: Option<&Lenient<String>>,
) -> Option<Text> {
    let value = section(cx, &root.key(key), value?, "a string")?;
    Some(super::text(value))
}
