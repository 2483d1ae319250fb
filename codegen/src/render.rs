//! Diagnostics rendered as rustc renders its own: the problem, `--> file:line:col`, the
//! source line with a caret under the offending value, then the JSON pointer, notes and
//! a `help:` line. [annotate-snippets] (rustc's renderer) draws them; control characters
//! from a spec are shown escaped, so a hostile key cannot split lines or drive the
//! terminal.
//!
//! [annotate-snippets]: https://docs.rs/annotate-snippets

use std::borrow::Cow;

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};

use crate::diag::Diagnostic;

/// Plain text, for files, pipes and compile errors.
pub fn plain(diagnostic: &Diagnostic) -> String {
    render(diagnostic, &Renderer::plain())
}

/// With ANSI colors, for terminals.
pub fn styled(diagnostic: &Diagnostic) -> String {
    render(diagnostic, &Renderer::styled())
}

fn render(d: &Diagnostic, renderer: &Renderer) -> String {
    let message = escape_controls(&d.message);
    let pointer: String = if d.pointer.is_empty() {
        "(document root)".into()
    } else {
        escape_controls(&elide_tokens(&d.pointer)).into_owned()
    };
    let notes: Vec<String> =
        d.notes.iter().map(|n| escape_controls(&elide(n, 2 * MAX_SHOWN)).into_owned()).collect();
    let help = escape_controls(&d.help);
    let file = escape_controls(&d.file);
    let origin = Origin::path(file.as_ref()).line(d.position.line).char_column(d.position.column);
    let mut group = Group::with_title(Level::ERROR.primary_title(message.as_ref()));
    match &d.excerpt {
        // The line: annotate-snippets derives `--> file:line:col` from it, and trims what
        // it shows of a long line to the terminal's width.
        Some(excerpt) => {
            let source = escape_source(&excerpt.text);
            let span = remap(&excerpt.text, &source, excerpt.span.clone());
            group = group.element(
                Snippet::source(source)
                    .line_start(excerpt.line)
                    .path(file.as_ref())
                    .annotation(AnnotationKind::Primary.span(span)),
            );
        }
        None => group = group.element(origin),
    }
    group = group.element(Level::NOTE.message(format!("pointer: {pointer}")));
    for note in &notes {
        group = group.element(Level::NOTE.message(note.as_str()));
    }
    group = group.element(Level::HELP.message(help.as_ref()));
    renderer.render(&[group])
}

/// The longest message or token shown whole; longer ones (a 64 KiB key) are shortened.
const MAX_SHOWN: usize = 240;

/// `text`, its middle elided when it is longer than `max` characters.
fn elide(text: &str, max: usize) -> Cow<'_, str> {
    let count = text.chars().count();
    if count <= max {
        return Cow::Borrowed(text);
    }
    let head: String = text.chars().take(max * 2 / 3).collect();
    let tail: String = text.chars().skip(count - max / 3).collect();
    Cow::Owned(format!(
        "{head}…({} characters)…{tail}",
        count - head.chars().count() - tail.chars().count()
    ))
}

/// A pointer whose long tokens are elided.
fn elide_tokens(pointer: &str) -> Cow<'_, str> {
    if !pointer.split('/').any(|t| t.len() > 64) {
        return Cow::Borrowed(pointer);
    }
    Cow::Owned(pointer.split('/').map(|t| elide(t, 64).into_owned()).collect::<Vec<_>>().join("/"))
}

/// `text` with control characters (line breaks, escapes, …) written as `\n`, `\u{1b}`.
pub fn escape_controls(text: &str) -> Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| if c.is_control() { c.escape_default().to_string() } else { c.to_string() })
            .collect(),
    )
}

/// A source line with its control characters escaped, but for tabs, which the renderer
/// lays out itself (escaping them would shift the caret).
fn escape_source(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| c.is_control() && c != '\t') {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| {
                if c.is_control() && c != '\t' {
                    c.escape_default().to_string()
                } else {
                    c.to_string()
                }
            })
            .collect(),
    )
}

/// `span` of `original` as a span of its escaped form.
fn remap(original: &str, escaped: &str, span: std::ops::Range<usize>) -> std::ops::Range<usize> {
    if original.len() == escaped.len() {
        return span;
    }
    let grown = |offset: usize| escape_source(original.get(..offset).unwrap_or(original)).len();
    grown(span.start)..grown(span.end).min(escaped.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Excerpt;
    use crate::locate::Position;

    fn diagnostic(excerpt: Option<Excerpt>) -> Diagnostic {
        Diagnostic {
            file: "specs/acme.json".into(),
            position: Position { line: 3, column: 15 },
            pointer: "/errors/1/code".into(),
            message: "duplicate code \"x\"".into(),
            notes: vec!["first used by the entry at /errors/0 (2:5)".into()],
            help: "give every code one entry".into(),
            excerpt,
        }
    }

    #[test]
    fn shows_the_line_with_a_caret() {
        let text = r#"    {"code": "x", "status": [400]},"#;
        let excerpt = Excerpt { text: text.into(), span: 13..16, line: 3 };
        let shown = plain(&diagnostic(Some(excerpt)));
        assert_eq!(
            shown,
            "error: duplicate code \"x\"\n --> specs/acme.json:3:14\n  |\n3 |     {\"code\": \"x\", \"status\": [400]},\n  |              ^^^\n  |\n  = note: pointer: /errors/1/code\n  = note: first used by the entry at /errors/0 (2:5)\n  = help: give every code one entry"
        );
    }

    #[test]
    fn without_text_still_locates() {
        let shown = plain(&diagnostic(None));
        assert!(
            shown.starts_with("error: duplicate code \"x\"\n--> specs/acme.json:3:15\n"),
            "{shown}"
        );
        assert!(shown.contains("= help: give every code one entry"), "{shown}");
    }

    #[test]
    fn escapes_control_characters() {
        let mut d = diagnostic(None);
        d.message = "unknown key `a\nb\u{1b}[31m`".into();
        let shown = plain(&d);
        assert!(shown.starts_with("error: unknown key `a\\nb\\u{1b}[31m`\n"), "{shown}");
        assert!(!shown.contains('\u{1b}'));
    }
}
