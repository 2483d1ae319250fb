//! Terminal colors: only on a terminal, and never when `NO_COLOR` is set.

use std::io::IsTerminal;

/// Whether each stream gets colors.
#[derive(Debug, Clone, Copy)]
pub struct Term {
    /// Colors for stdout.
    pub out: Paint,
    /// Colors for stderr.
    pub err: Paint,
}

impl Term {
    /// Colors where the stream is a terminal and `NO_COLOR` is unset or empty
    /// (<https://no-color.org>).
    pub fn detect() -> Term {
        let allowed = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
        Term {
            out: Paint { enabled: allowed && std::io::stdout().is_terminal() },
            err: Paint { enabled: allowed && std::io::stderr().is_terminal() },
        }
    }
}

/// The tone of a piece of text; [`Paint`] maps it to ANSI colors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    /// No styling.
    Plain,
    /// Headings and names.
    Bold,
    /// Secondary text: headers, placeholders.
    Dim,
    /// Success, `ok`.
    Good,
    /// Failures, breaking changes.
    Bad,
    /// Warnings, behavior changes.
    Warn,
    /// Codes, identifiers, hints.
    Accent,
}

/// ANSI styling for one stream (a no-op when disabled).
#[derive(Debug, Clone, Copy)]
pub struct Paint {
    enabled: bool,
}

impl Paint {
    /// `text` in `tone`.
    pub fn paint(self, tone: Tone, text: &str) -> String {
        let code = match tone {
            Tone::Plain => return text.to_owned(),
            Tone::Bold => "1",
            Tone::Dim => "2",
            Tone::Good => "32",
            Tone::Bad => "1;31",
            Tone::Warn => "33",
            Tone::Accent => "36",
        };
        if self.enabled && !text.is_empty() {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }

    /// The `error:` label.
    pub fn error_label(self) -> String {
        self.paint(Tone::Bad, "error")
    }

    /// Rendered [`errtable_codegen::Diagnostics`], as rustc renders its own (in color
    /// on a terminal), a blank line after each.
    pub fn diagnostics(self, diagnostics: &errtable_codegen::Diagnostics) -> String {
        let mut out = String::new();
        for diagnostic in &diagnostics.0 {
            if self.enabled {
                out.push_str(&errtable_codegen::render::styled(diagnostic));
            } else {
                out.push_str(&errtable_codegen::render::plain(diagnostic));
            }
            out.push_str("\n\n");
        }
        out
    }

    /// A usage error: `error: message` and a newline.
    pub fn error(self, message: &str) -> String {
        format!("{}: {message}\n", self.error_label())
    }

    /// A plain `Paint` (for tests).
    #[cfg(test)]
    pub fn plain() -> Paint {
        Paint { enabled: false }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colors_only_when_enabled() {
        assert_eq!(Paint::plain().paint(Tone::Bad, "x"), "x");
        assert_eq!(Paint { enabled: true }.paint(Tone::Good, "ok"), "\x1b[32mok\x1b[0m");
        assert_eq!(Paint { enabled: true }.paint(Tone::Plain, "ok"), "ok");
    }
}
