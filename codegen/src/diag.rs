//! Located diagnostics, and the collector validation reports into.
//!
//! Every problem names the file, line:column, the JSON pointer of the offending value
//! and a `help:` line. Validation never stops at the first problem: it reports into a
//! [`Collector`], which turns pointers into positions once, at the end.

use std::fmt;

use crate::locate::{DuplicateKey, Position, SourceMap};

/// One problem in a spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The spec's path as the user wrote it.
    pub file: String,
    /// Where the problem is.
    pub position: Position,
    /// JSON pointer of the offending value (`""` for the whole document).
    pub pointer: String,
    /// What is wrong.
    pub message: String,
    /// Context, such as where a duplicate was first defined.
    pub notes: Vec<String>,
    /// How to fix it.
    pub help: String,
}

impl fmt::Display for Diagnostic {
    /// `file:line:col: message`, then `pointer:`, `note:` and `help:` lines. The CLI
    /// prefixes `error: `; rustc does the same for `compile_error!`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Position { line, column } = self.position;
        write!(f, "{}:{line}:{column}: {}", self.file, self.message)?;
        let pointer = if self.pointer.is_empty() { "(document root)" } else { &self.pointer };
        write!(f, "\n  pointer: {pointer}")?;
        for note in &self.notes {
            write!(f, "\n  note: {note}")?;
        }
        write!(f, "\n  help: {}", self.help)
    }
}

/// All problems of one spec, in source order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "error: {d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

struct Pending {
    /// Where the problem is, when it is not where `pointer` leads.
    position: Option<Position>,
    pointer: String,
    at_key: bool,
    message: String,
    notes: Vec<String>,
    help: String,
}

/// Collects problems while a spec is validated.
pub struct Collector<'a> {
    file: &'a str,
    text: &'a str,
    map: std::cell::OnceCell<SourceMap>,
    pending: Vec<Pending>,
}

impl<'a> Collector<'a> {
    /// A collector for the spec `text`, shown to users as `file`.
    pub fn new(file: &'a str, text: &'a str) -> Self {
        Collector { file, text, map: std::cell::OnceCell::new(), pending: Vec::new() }
    }

    /// Reports a problem with the value at `pointer`.
    pub fn error(&mut self, pointer: &str, message: impl Into<String>, help: impl Into<String>) {
        self.push(pointer, false, message.into(), Vec::new(), help.into());
    }

    /// Reports a problem with the key of the member at `pointer` (unknown or misspelt
    /// keys, duplicates).
    pub fn error_at_key(
        &mut self,
        pointer: &str,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        self.push(pointer, true, message.into(), Vec::new(), help.into());
    }

    /// Reports a problem with a note.
    pub fn error_with_note(
        &mut self,
        pointer: &str,
        message: impl Into<String>,
        note: impl Into<String>,
        help: impl Into<String>,
    ) {
        self.push(pointer, false, message.into(), vec![note.into()], help.into());
    }

    fn push(
        &mut self,
        pointer: &str,
        at_key: bool,
        message: String,
        notes: Vec<String>,
        help: String,
    ) {
        self.pending.push(Pending {
            position: None,
            pointer: pointer.to_owned(),
            at_key,
            message,
            notes,
            help,
        });
    }

    /// Reports a problem at an explicit `position` (for places a pointer cannot reach,
    /// such as the second of two identical keys).
    pub fn error_at_position(
        &mut self,
        position: Position,
        pointer: &str,
        message: impl Into<String>,
        note: impl Into<String>,
        help: impl Into<String>,
    ) {
        self.pending.push(Pending {
            position: Some(position),
            pointer: pointer.to_owned(),
            at_key: true,
            message: message.into(),
            notes: vec![note.into()],
            help: help.into(),
        });
    }

    /// Whether anything was reported.
    pub fn has_errors(&self) -> bool {
        !self.pending.is_empty()
    }

    /// Locates every problem, sorted by position (ties keep report order).
    pub fn finish(self) -> Diagnostics {
        if self.pending.is_empty() {
            return Diagnostics(Vec::new());
        }
        let map = self.map.get_or_init(|| SourceMap::new(self.text));
        let mut list: Vec<Diagnostic> = self
            .pending
            .into_iter()
            .map(|p| Diagnostic {
                file: self.file.to_owned(),
                position: p.position.unwrap_or_else(|| map.position(&p.pointer, p.at_key)),
                pointer: p.pointer,
                message: p.message,
                notes: p.notes,
                help: p.help,
            })
            .collect();
        list.sort_by_key(|d| d.position);
        Diagnostics(list)
    }

    /// Keys repeated within one object of the spec.
    pub fn duplicate_keys(&self) -> Vec<DuplicateKey> {
        self.map.get_or_init(|| SourceMap::new(self.text)).duplicate_keys().to_vec()
    }

    /// Locates `pointer` now (for notes that mention another place).
    pub fn locate(&self, pointer: &str) -> Position {
        self.map.get_or_init(|| SourceMap::new(self.text)).position(pointer, false)
    }
}
