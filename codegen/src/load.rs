//! Reading a spec: bytes, JSON syntax, shape, then meaning; every problem located.

use std::path::Path;

use crate::ast::SpecFile;
use crate::diag::{Collector, Diagnostic, Diagnostics};
use crate::json::SyntaxError;
use crate::locate::{LineIndex, Position};
use crate::model::Catalog;
use crate::read::ParseError;
use crate::valid;

/// The largest spec errtable reads (64 MiB): far beyond any vendor's table, and a bound
/// on what a stray path can make the compiler load.
pub const MAX_SPEC_BYTES: u64 = 64 * 1024 * 1024;

/// Loads and validates the spec at `path`; diagnostics name it `display`.
pub fn load_file(path: &Path, display: &str) -> Result<Catalog, Diagnostics> {
    let whole = |message: String, note: Option<String>, help: &str| {
        let mut d = Diagnostic::new(display, Position::START, "", message, help);
        d.notes.extend(note);
        Err(Diagnostics(vec![d]))
    };
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_dir() => {
            return whole(
                "the spec path is a directory".into(),
                Some(format!("looked at {}", path.display())),
                "name a spec file, e.g. specs/vendor.json",
            );
        }
        Ok(meta) if meta.len() > MAX_SPEC_BYTES => {
            return whole(
                format!(
                    "the spec is {} bytes, more than errtable reads ({MAX_SPEC_BYTES})",
                    meta.len()
                ),
                None,
                "a vendor's error table fits in far less; check that this is the right file",
            );
        }
        _ => {}
    }
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(error) => {
            return whole(
                format!("cannot read the spec: {error}"),
                Some(format!("looked for {}", path.display())),
                "check the path; see the README for how spec paths resolve",
            );
        }
    };
    load_bytes(display, &bytes)
}

/// Loads and validates spec bytes; diagnostics name it `display`.
pub fn load_bytes(display: &str, bytes: &[u8]) -> Result<Catalog, Diagnostics> {
    match std::str::from_utf8(bytes) {
        Ok(text) => load_str(display, text),
        Err(error) => {
            // Locate the first byte that is not UTF-8 in the part that is.
            let valid = &bytes[..error.valid_up_to()];
            let valid = std::str::from_utf8(valid).unwrap_or_default();
            let at = valid.len();
            Err(Diagnostics(vec![whole_text_problem(
                display,
                valid,
                at,
                "the spec is not UTF-8 text".into(),
                "save the spec as UTF-8 (JSON text is UTF-8)",
            )]))
        }
    }
}

/// Loads and validates spec `text`; diagnostics name it `display`.
pub fn load_str(display: &str, text: &str) -> Result<Catalog, Diagnostics> {
    if text.starts_with('\u{feff}') {
        return Err(Diagnostics(vec![whole_text_problem(
            display,
            text,
            0,
            "the spec starts with a byte order mark (U+FEFF)".into(),
            "save the spec as UTF-8 without a BOM; JSON text has none",
        )]));
    }
    let mut cx = Collector::new(display, text);
    let file = match SpecFile::parse(text) {
        Ok(file) => file,
        Err(ParseError::NotAnObject(what)) => {
            cx.error(
                &crate::diag::Ptr::ROOT,
                format!("a spec is a JSON object: {what}"),
                r#"start from {"errtable": 1, "name": "...", "errors": [...]}"#,
            );
            return Err(cx.finish());
        }
        Err(ParseError::Syntax(error)) => {
            return Err(Diagnostics(vec![syntax_error(display, text, &error)]));
        }
    };
    let catalog = valid::lower(&file, &mut cx);
    match catalog {
        // Nothing to report and nothing to locate: no scan of the text.
        Some(catalog) if !cx.has_errors() && !file.repeated_keys => Ok(catalog),
        Some(catalog) if !cx.has_errors() => {
            // The final scan locates the repeated keys.
            let diagnostics = cx.finish();
            if diagnostics.0.is_empty() { Ok(catalog) } else { Err(diagnostics) }
        }
        _ => Err(cx.finish()),
    }
}

fn syntax_error(display: &str, text: &str, error: &SyntaxError) -> Diagnostic {
    whole_text_problem(
        display,
        text,
        error.offset,
        format!("invalid JSON: {}", error.message),
        "fix the JSON syntax first; an editor using specs/errtable.schema.json shows it too",
    )
}

/// A problem of the text itself (no pointer) at byte `offset`.
fn whole_text_problem(
    display: &str,
    text: &str,
    offset: usize,
    message: String,
    help: &str,
) -> Diagnostic {
    let lines = LineIndex::new(text);
    let offset = floor_char(text, offset);
    let position = lines.positions(&[offset])[&offset];
    let mut d = Diagnostic::new(display, position, "", message, help);
    d.excerpt = lines.excerpt(offset..offset + 1);
    d
}

fn floor_char(text: &str, index: usize) -> usize {
    let mut index = index.min(text.len());
    while !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}
