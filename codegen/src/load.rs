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
    match std::fs::read(path).map(String::from_utf8) {
        Ok(Ok(text)) => load_str(display, &text),
        Ok(Err(error)) => {
            // Locate the first byte that is not UTF-8 in the part that is.
            let valid = &error.as_bytes()[..error.utf8_error().valid_up_to()];
            let valid = std::str::from_utf8(valid).unwrap_or_default();
            let line = valid.matches('\n').count() + 1;
            let column = valid.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            Err(Diagnostics(vec![Diagnostic {
                file: display.to_owned(),
                position: Position { line, column },
                pointer: String::new(),
                message: "the spec is not UTF-8 text".into(),
                notes: Vec::new(),
                help: "save the spec as UTF-8 (JSON text is UTF-8)".into(),
            }]))
        }
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
        Err(error) => return Err(syntax_error(display, text, &error)),
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

fn syntax_error(display: &str, text: &str, error: &serde_json::Error) -> Diagnostics {
    let message = error.to_string();
    // serde_json counts columns in bytes; diagnostics count characters, as rustc does.
    let line = error.line().max(1);
    let column = text.lines().nth(line - 1).map_or(error.column(), |source| {
        let bytes = error.column().saturating_sub(1).min(source.len());
        let boundary = (0..=bytes).rev().find(|&i| source.is_char_boundary(i)).unwrap_or(0);
        source[..boundary].chars().count() + 1
    });
    // serde_json appends " at line L column C"; the position is reported separately.
    let message = message.split(" at line ").next().unwrap_or(&message).to_owned();
    Diagnostics(vec![Diagnostic {
        file: display.to_owned(),
        position: Position { line, column: column.max(1) },
        pointer: String::new(),
        message: format!("invalid JSON: {message}"),
        notes: Vec::new(),
        help: "fix the JSON syntax first; an editor using specs/errtable.schema.json shows it too"
            .into(),
    }])
}
