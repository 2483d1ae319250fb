//! Reading a spec: JSON syntax, then shape, then meaning; every problem located.

use std::path::Path;

use serde::Deserialize;

use crate::ast::SpecFile;
use crate::diag::{Collector, Diagnostic, Diagnostics};
use crate::locate::Position;
use crate::model::Catalog;
use crate::valid;

/// Loads and validates the spec at `path`; diagnostics name it `display`.
pub fn load_file(path: &Path, display: &str) -> Result<Catalog, Diagnostics> {
    match std::fs::read_to_string(path) {
        Ok(text) => load_str(display, &text),
        Err(error) => Err(Diagnostics(vec![Diagnostic {
            file: display.to_owned(),
            position: Position { line: 1, column: 1 },
            pointer: String::new(),
            message: format!("cannot read the spec: {error}"),
            notes: vec![format!("looked for {}", path.display())],
            help: "check the path; see the README for how spec paths resolve".into(),
        }])),
    }
}

/// Loads and validates spec `text`; diagnostics name it `display`.
pub fn load_str(display: &str, text: &str) -> Result<Catalog, Diagnostics> {
    let mut cx = Collector::new(display, text);
    let value: serde_json::Value = match serde_json::from_str(text) {
        Ok(value) => value,
        Err(error) => return Err(syntax_error(display, &error)),
    };
    let file = match SpecFile::deserialize(&value) {
        Ok(file) => file,
        Err(error) => {
            cx.error(
                "",
                format!("a spec is a JSON object: {error}"),
                r#"start from {"errtable": 1, "name": "...", "errors": [...]}"#,
            );
            return Err(cx.finish());
        }
    };
    let catalog = valid::lower(&file, &mut cx);
    match catalog {
        Some(catalog) if !cx.has_errors() => Ok(catalog),
        _ => Err(cx.finish()),
    }
}

fn syntax_error(display: &str, error: &serde_json::Error) -> Diagnostics {
    let message = error.to_string();
    // serde_json appends " at line L column C"; the position is reported separately.
    let message = message.split(" at line ").next().unwrap_or(&message).to_owned();
    Diagnostics(vec![Diagnostic {
        file: display.to_owned(),
        position: Position { line: error.line().max(1), column: error.column().max(1) },
        pointer: String::new(),
        message: format!("invalid JSON: {message}"),
        notes: Vec::new(),
        help: "fix the JSON syntax first; an editor using specs/errtable.schema.json shows it too"
            .into(),
    }])
}
