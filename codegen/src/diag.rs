//! Located diagnostics, and the collector validation reports into.
//!
//! Every problem names the file, line:column, the JSON pointer of the offending value
//! and a `help:` line. Validation never stops at the first problem: it reports into a
//! [`Collector`] (as serde_derive's `Ctxt` does) with a lazy [`Ptr`] to the value, and
//! the collector locates every problem in one pass over the text, at the end.

use std::fmt;

use crate::locate::{self, Position, Request};
use crate::render;

/// One problem in a spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The spec's path as shown to the user.
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
    /// The source line(s) to show, when the text is at hand and not too long.
    pub excerpt: Option<Excerpt>,
}

/// The source text around a problem, for the caret under it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Excerpt {
    /// The line holding the problem's start, without its line break.
    pub text: String,
    /// Byte range of the problem within `text` (cut at the end of the line).
    pub span: std::ops::Range<usize>,
    /// The line's number, from 1.
    pub line: usize,
}

impl Diagnostic {
    /// A diagnostic at `position`, without an excerpt.
    pub fn new(
        file: impl Into<String>,
        position: Position,
        pointer: impl Into<String>,
        message: impl Into<String>,
        help: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic {
            file: file.into(),
            position,
            pointer: pointer.into(),
            message: message.into(),
            notes: Vec::new(),
            help: help.into(),
            excerpt: None,
        }
    }

    /// Renders it as rustc renders its own errors, in plain text, without the leading
    /// `error: ` (for `compile_error!`, which rustc prefixes itself).
    pub fn render_body(&self) -> String {
        let rendered = render::plain(self);
        rendered.strip_prefix("error: ").map(str::to_owned).unwrap_or(rendered)
    }
}

impl fmt::Display for Diagnostic {
    /// The rendered diagnostic: title, `--> file:line:col`, the source line with a caret
    /// under the problem, then `pointer`, `note` and `help` lines.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&render::plain(self))
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
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

/// The most problems one spec reports: enough for any real spec, and a bound on the
/// memory a hostile one can make the engine spend on its diagnostics.
pub const MAX_DIAGNOSTICS: usize = 200;

/// A JSON pointer built lazily: a chain of references to parents, turned into text only
/// when a problem is reported. Validation walks every value of a spec; building each
/// value's pointer text eagerly would cost time and memory quadratic in key lengths.
#[derive(Debug, Clone, Copy)]
pub struct Ptr<'a> {
    parent: Option<&'a Ptr<'a>>,
    token: Token<'a>,
}

#[derive(Debug, Clone, Copy)]
enum Token<'a> {
    Root,
    /// Pointer text, already escaped.
    Text(&'a str),
    Key(&'a str),
    Index(usize),
}

impl<'a> Ptr<'a> {
    /// The document itself.
    pub const ROOT: Ptr<'static> = Ptr { parent: None, token: Token::Root };

    /// The value at pointer `text` (already escaped), e.g. `/errors/3`.
    pub fn from_text(text: &'a str) -> Ptr<'a> {
        Ptr { parent: None, token: Token::Text(text) }
    }

    /// The member `key` of this value.
    pub fn key(&'a self, key: &'a str) -> Ptr<'a> {
        Ptr { parent: Some(self), token: Token::Key(key) }
    }

    /// The element `index` of this value.
    pub fn index(&'a self, index: usize) -> Ptr<'a> {
        Ptr { parent: Some(self), token: Token::Index(index) }
    }

    /// The pointer text, e.g. `/errors/3/code`.
    pub fn text(&self) -> String {
        let mut tokens = Vec::new();
        let mut at = Some(self);
        while let Some(ptr) = at {
            tokens.push(ptr.token);
            at = ptr.parent;
        }
        let mut text = String::new();
        for token in tokens.iter().rev() {
            match token {
                Token::Root => {}
                Token::Text(pointer) => text.push_str(pointer),
                Token::Key(key) => {
                    text.push('/');
                    text.push_str(&errtable_core::pointer::escape(key));
                }
                Token::Index(i) => {
                    text.push('/');
                    text.push_str(&i.to_string());
                }
            }
        }
        text
    }
}

struct Pending {
    /// Where the problem is, when it is not where `pointer` leads (a repeated key).
    offset: Option<usize>,
    pointer: String,
    at_key: bool,
    message: String,
    notes: Vec<Note>,
    help: String,
}

/// A note, possibly naming another place of the spec, located with the problem.
struct Note {
    text: String,
    place: Option<Place>,
}

enum Place {
    /// Rendered `at /errors/1 (12:5)`.
    Pointer(String),
    /// Rendered `at 12:5`.
    Offset(usize),
}

/// Collects problems while a spec is validated.
pub struct Collector<'a> {
    file: &'a str,
    text: &'a str,
    pending: Vec<Pending>,
    /// Problems beyond [`MAX_DIAGNOSTICS`] or the byte budget, counted but not kept.
    dropped: usize,
    /// Bytes the kept problems may still take: four times the text. A problem quotes
    /// names and pointers of the spec, which can be long; this bounds what a hostile
    /// spec makes the collector hold by its own size.
    budget: usize,
}

/// A point in the collector's history: whether anything was reported since.
#[derive(Debug, Clone, Copy)]
pub struct Checkpoint(usize);

impl<'a> Collector<'a> {
    /// A collector for the spec `text`, shown to users as `file`.
    pub fn new(file: &'a str, text: &'a str) -> Self {
        Collector {
            file,
            text,
            pending: Vec::new(),
            dropped: 0,
            budget: 4 * text.len() + (64 << 10),
        }
    }

    /// Reports a problem with the value at `at`.
    pub fn error(&mut self, at: &Ptr, message: impl Into<String>, help: impl Into<String>) {
        self.push(None, at.text(), false, message.into(), Vec::new(), help.into());
    }

    /// Reports a problem with the key of the member at `at` (unknown or misspelt keys).
    pub fn error_at_key(&mut self, at: &Ptr, message: impl Into<String>, help: impl Into<String>) {
        self.push(None, at.text(), true, message.into(), Vec::new(), help.into());
    }

    /// Reports a problem with a note.
    pub fn error_with_note(
        &mut self,
        at: &Ptr,
        message: impl Into<String>,
        note: impl Into<String>,
        help: impl Into<String>,
    ) {
        let note = Note { text: note.into(), place: None };
        self.push(None, at.text(), false, message.into(), vec![note], help.into());
    }

    /// Reports a problem with a note naming another place of the spec: the note reads
    /// `{note} at {other} (line:col)`.
    pub fn error_with_other(
        &mut self,
        at: &Ptr,
        message: impl Into<String>,
        note: impl Into<String>,
        other: String,
        help: impl Into<String>,
    ) {
        let note = Note { text: note.into(), place: Some(Place::Pointer(other)) };
        self.push(None, at.text(), false, message.into(), vec![note], help.into());
    }

    /// Reports a problem whose pointer is already text (shape errors inside sections).
    pub fn error_at_pointer(
        &mut self,
        pointer: String,
        at_key: bool,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        self.push(None, pointer, at_key, message.into(), Vec::new(), help.into());
    }

    fn push(
        &mut self,
        offset: Option<usize>,
        pointer: String,
        at_key: bool,
        message: String,
        notes: Vec<Note>,
        help: String,
    ) {
        let size = pointer.len()
            + message.len()
            + help.len()
            + notes.iter().map(|n| n.text.len()).sum::<usize>();
        if self.pending.len() >= MAX_DIAGNOSTICS || size > self.budget {
            self.dropped += 1;
            return;
        }
        self.budget -= size;
        self.pending.push(Pending { offset, pointer, at_key, message, notes, help });
    }

    /// The current point, to ask later whether anything was reported since.
    pub fn checkpoint(&self) -> Checkpoint {
        Checkpoint(self.pending.len() + self.dropped)
    }

    /// Whether nothing was reported since `checkpoint`.
    pub fn clean_since(&self, checkpoint: Checkpoint) -> bool {
        self.pending.len() + self.dropped == checkpoint.0
    }

    /// Whether anything was reported.
    pub fn has_errors(&self) -> bool {
        !self.pending.is_empty() || self.dropped > 0
    }

    /// Scans the text once: reports keys repeated within an object, and locates every
    /// problem (and every place a note names). Returns them sorted by position (ties
    /// keep report order). The scan is linear in the text whatever the number of
    /// problems, so a valid spec pays for one quick pass.
    pub fn finish(mut self) -> Diagnostics {
        let mut requests: Vec<Request> = Vec::new();
        for p in &self.pending {
            requests.push(Request { pointer: &p.pointer, at_key: p.at_key });
            for note in &p.notes {
                if let Some(Place::Pointer(other)) = &note.place {
                    requests.push(Request { pointer: other, at_key: false });
                }
            }
        }
        let scan = locate::scan(self.text, &requests);
        let mut spans = scan.spans.into_iter();
        // Each problem's span, then the spans of the places its notes name.
        let mut located: Vec<(Span, Vec<Option<usize>>)> = self
            .pending
            .iter()
            .map(|p| {
                let span = spans.next().unwrap_or(0..0);
                let span = match p.offset {
                    Some(offset) => offset..offset + 1,
                    None => span,
                };
                let others = p
                    .notes
                    .iter()
                    .map(|note| match &note.place {
                        Some(Place::Pointer(_)) => spans.next().map(|s| s.start),
                        Some(Place::Offset(offset)) => Some(*offset),
                        None => None,
                    })
                    .collect();
                (span, others)
            })
            .collect();
        for dup in scan.duplicates {
            let key = dup.pointer.rsplit('/').next().unwrap_or_default();
            let key = key.replace("~1", "/").replace("~0", "~");
            let note =
                Note { text: "first written".into(), place: Some(Place::Offset(dup.first.start)) };
            if self.pending.len() >= MAX_DIAGNOSTICS {
                self.dropped += 1;
                continue;
            }
            self.pending.push(Pending {
                offset: Some(dup.repeated.start),
                pointer: dup.pointer,
                at_key: true,
                message: format!("duplicate key `{key}`"),
                notes: vec![note],
                help: "JSON readers keep only one of the two; remove the other".into(),
            });
            located.push((dup.repeated, vec![Some(dup.first.start)]));
        }
        let lines = locate::LineIndex::new(self.text);
        let offsets: Vec<usize> = located
            .iter()
            .flat_map(|(span, others)| {
                std::iter::once(span.start).chain(others.iter().flatten().copied())
            })
            .collect();
        let positions = lines.positions(&offsets);
        let mut list: Vec<Diagnostic> = self
            .pending
            .into_iter()
            .zip(located)
            .map(|(p, (span, others))| {
                let notes = p
                    .notes
                    .into_iter()
                    .zip(others)
                    .map(|(note, other)| {
                        let at = other.and_then(|o| positions.get(&o));
                        match (note.place, at) {
                            (Some(Place::Pointer(ptr)), Some(pos)) => {
                                format!("{} at {ptr} ({}:{})", note.text, pos.line, pos.column)
                            }
                            (Some(_), Some(pos)) => {
                                format!("{} at {}:{}", note.text, pos.line, pos.column)
                            }
                            _ => note.text,
                        }
                    })
                    .collect();
                Diagnostic {
                    file: self.file.to_owned(),
                    position: positions.get(&span.start).copied().unwrap_or(Position::START),
                    excerpt: lines.excerpt(span),
                    pointer: p.pointer,
                    message: p.message,
                    notes,
                    help: p.help,
                }
            })
            .collect();
        list.sort_by_key(|d| d.position);
        if self.dropped > 0 {
            let last = list.last().map_or(Position::START, |d| d.position);
            list.push(Diagnostic::new(
                self.file,
                last,
                "",
                format!("{} more problems not shown", self.dropped),
                format!(
                    "errtable reports at most {MAX_DIAGNOSTICS} problems per spec; fix these first"
                ),
            ));
        }
        Diagnostics(list)
    }
}

type Span = std::ops::Range<usize>;
