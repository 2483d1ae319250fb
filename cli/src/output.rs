//! What a command produced, and writing it out without ever panicking.

use std::io::Write;
use std::process::ExitCode;

use crate::style::Term;

/// Exit status for bad arguments or a spec that does not load (clap uses 2 as well).
pub const USAGE: u8 = 2;

/// The result of a command: what to print on each stream and the exit status.
///
/// Commands build their output in memory: `println!` panics when stdout is a closed
/// pipe (`errtable docs … | head`), and writing everything at once keeps stderr (the
/// diagnostics) before stdout (the report) in a terminal.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Text for stdout.
    pub stdout: String,
    /// Text for stderr, written first.
    pub stderr: String,
    /// Exit status.
    pub code: u8,
}

impl Outcome {
    /// An outcome that printed nothing yet and succeeds.
    pub fn new() -> Outcome {
        Outcome::default()
    }

    /// A failure with `stderr` already formatted, exiting with [`USAGE`].
    pub fn usage(stderr: String) -> Outcome {
        Outcome { stdout: String::new(), stderr, code: USAGE }
    }

    /// `text` for stdout, or written to `path` (`-o FILE`); a write failure is exit 1.
    pub fn written(text: String, path: Option<&std::path::Path>, term: &Term) -> Outcome {
        let mut outcome = Outcome::new();
        match path {
            None => outcome.stdout = text,
            Some(path) => {
                if let Err(error) = std::fs::write(path, text) {
                    outcome.stderr =
                        term.err.error(&format!("cannot write {}: {error}", path.display()));
                    outcome.code = 1;
                }
            }
        }
        outcome
    }

    /// Writes stderr then stdout and turns the status into an [`ExitCode`].
    pub fn emit(self) -> ExitCode {
        write_quietly(&mut std::io::stderr().lock(), &self.stderr);
        if !write_quietly(&mut std::io::stdout().lock(), &self.stdout) && self.code == 0 {
            // The report was lost for another reason than a closed pipe: say so.
            return ExitCode::from(1);
        }
        ExitCode::from(self.code)
    }
}

/// Writes `text`; a reader that went away (`| head`) is not an error. Returns false on
/// any other failure.
fn write_quietly(stream: &mut impl Write, text: &str) -> bool {
    match stream.write_all(text.as_bytes()).and_then(|()| stream.flush()) {
        Ok(()) => true,
        Err(error) => error.kind() == std::io::ErrorKind::BrokenPipe,
    }
}

/// Escapes control characters (`\n`, ESC, …) of text taken from a response, so that a
/// hostile body cannot move the cursor or recolor the terminal.
pub fn printable(text: &str) -> String {
    errtable_codegen::render::escape_controls(text).into_owned()
}

/// At most `max` characters of `text`, saying how much was left out: a 20 MB message
/// is kept whole in `--json` but would bury a terminal.
pub fn clip(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        None => text.to_owned(),
        Some((cut, _)) => {
            format!("{}… ({} more bytes)", &text[..cut], text.len() - cut)
        }
    }
}

/// Splits `text` into lines of at most `width` characters at spaces (a longer word stays
/// whole), for long descriptions in a terminal.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.lines() {
        let mut line = String::new();
        for word in paragraph.split(' ') {
            let fits = line.chars().count() + 1 + word.chars().count() <= width;
            if !line.is_empty() && !fits {
                lines.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        lines.push(line);
    }
    if lines.is_empty() {
        lines.push(String::new());
    }
    lines
}

/// `1 spec`, `2 specs`.
pub fn plural(count: usize, singular: &str, plural: &str) -> String {
    format!("{count} {}", if count == 1 { singular } else { plural })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_control_characters_only() {
        assert_eq!(printable("plain é"), "plain é");
        assert_eq!(printable("a\nb\u{1b}[31m"), "a\\nb\\u{1b}[31m");
    }

    #[test]
    fn wraps_at_spaces() {
        assert_eq!(wrap("aa bb cc", 5), ["aa bb", "cc"]);
        assert_eq!(wrap("averylongword x", 4), ["averylongword", "x"]);
        assert_eq!(wrap("", 4), [""]);
        assert_eq!(wrap("a\nb", 10), ["a", "b"]);
    }

    #[test]
    fn clips_long_text_on_a_character_boundary() {
        assert_eq!(clip("short", 10), "short");
        assert_eq!(clip("ééé", 1), "é… (4 more bytes)");
    }
}
