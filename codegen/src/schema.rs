//! The JSON Schema of the spec format, generated from [`crate::ast`] so the two cannot
//! drift apart. `specs/errtable.schema.json` is this output, checked by a test.

use crate::ast::SpecFile;

/// The schema as pretty-printed JSON, with a trailing newline.
pub fn schema_text() -> String {
    let generator = schemars::generate::SchemaSettings::draft2020_12().into_generator();
    let schema = generator.into_root_schema_for::<SpecFile>();
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}
