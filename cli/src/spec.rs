//! Loading specs for the commands that need a valid one, and the words every command
//! uses to describe a catalog (backoff policies, codes, sources, durations).

use std::path::Path;

use errtable_codegen::Catalog;
use errtable_codegen::model::{
    Code, DelaySource, Entry, Jitter, Operation, RetryClass, RetrySettings, Source,
};

use crate::output::Outcome;
use crate::style::Term;

/// A path as the user wrote it, for messages and `@generated` headers (control
/// characters escaped: a path reaches the terminal too).
pub fn display(path: &Path) -> String {
    crate::output::printable(&path.to_string_lossy())
}

/// Loads the spec at `path`, or the outcome that reports why not (exit status 2): the
/// commands other than `check` cannot do anything with a broken spec.
pub fn load(path: &Path, term: &Term) -> Result<Catalog, Outcome> {
    errtable_codegen::load_file(path, &display(path))
        .map_err(|diagnostics| Outcome::usage(term.err.diagnostics(&diagnostics)))
}

/// The operation called `name` (none when `name` is none), or the outcome listing the
/// catalog's operations (exit status 2).
pub fn operation<'c>(
    catalog: &'c Catalog,
    name: Option<&str>,
    term: &Term,
) -> Result<Option<&'c Operation>, Outcome> {
    let Some(name) = name else { return Ok(None) };
    if let Some(operation) = catalog.operation(name) {
        return Ok(Some(operation));
    }
    let known: Vec<&str> = catalog.operations.iter().map(|op| op.name.as_ref()).collect();
    let help = if known.is_empty() {
        format!("  help: the `{}` catalog has no operations; leave out --operation\n", catalog.name)
    } else {
        format!("  help: its operations are: {}\n", known.join(", "))
    };
    Err(Outcome::usage(format!(
        "{}{help}",
        term.err.error(&format!("unknown operation `{name}` in the `{}` catalog", catalog.name))
    )))
}

/// `1s x2 cap 16s, 6 attempts`, with the jitter when there is one, and
/// `(errtable default)` when the vendor's doc states no policy.
pub fn backoff_text(retry: &RetrySettings) -> String {
    let b = &retry.backoff;
    let mut text = format!(
        "{} x{} cap {}, {} attempts",
        duration_text(millis(b.initial())),
        factor_text(b.factor()),
        duration_text(millis(b.max_delay())),
        b.max_attempts()
    );
    if b.jitter() != Jitter::None {
        text.push_str(&format!(", {} jitter", b.jitter().as_str()));
    }
    if !retry.backoff_stated {
        text.push_str(" (errtable default)");
    }
    text
}

/// A duration in whole milliseconds.
pub fn millis(duration: std::time::Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

/// `2`, `1.5`: a backoff factor without a useless `.0`.
pub fn factor_text(factor: f64) -> String {
    format!("{factor}")
}

/// A duration in milliseconds, short: `500ms`, `1s`, `1.5s`, `90s`.
pub fn duration_text(ms: u64) -> String {
    if ms < 1000 {
        format!("{ms}ms")
    } else if ms.is_multiple_of(1000) {
        format!("{}s", ms / 1000)
    } else {
        let text = format!("{}.{:03}", ms / 1000, ms % 1000);
        format!("{}s", text.trim_end_matches('0'))
    }
}

/// A duration in milliseconds with its minutes and hours spelled out when long:
/// `45s`, `90s (1m 30s)`, `86400s (24h)`.
pub fn long_duration_text(ms: u64) -> String {
    let short = duration_text(ms);
    let seconds = ms / 1000;
    if seconds < 60 {
        return short;
    }
    let (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    let parts: Vec<String> = [(h, "h"), (m, "m"), (s, "s")]
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, unit)| format!("{n}{unit}"))
        .collect();
    format!("{short} ({})", parts.join(" "))
}

/// A wire code for terminal output: `"rate_limited"` or `3`, or `-` for none.
pub fn code_text(code: Option<&Code>) -> String {
    code.map_or_else(|| "-".to_owned(), ToString::to_string)
}

/// `429` or `500, 502`.
pub fn statuses_text(statuses: &[u16]) -> String {
    statuses.iter().map(u16::to_string).collect::<Vec<_>>().join(", ")
}

/// `body /details/fields` or `header Retry-After`.
pub fn source_text(source: &Source) -> String {
    source.to_string()
}

/// `header Retry-After`, `body /retry_after (seconds)`.
pub fn delay_source_text(source: &DelaySource) -> String {
    source.to_string()
}

/// Sources joined with `, else `, in the order they are tried.
pub fn sources_text(sources: &[Source]) -> String {
    sources.iter().map(source_text).collect::<Vec<_>>().join(", else ")
}

/// Delay sources joined with `, else `, or `none`.
pub fn delay_sources_text(sources: &[DelaySource]) -> String {
    if sources.is_empty() {
        return "none".to_owned();
    }
    sources.iter().map(delay_source_text).collect::<Vec<_>>().join(", else ")
}

/// How many of `entries` have each retry class, in [`RetryClass::ALL`] order.
pub fn retry_counts<'e>(entries: impl IntoIterator<Item = &'e Entry>) -> [usize; 4] {
    let mut counts = [0; 4];
    for entry in entries {
        if let Some(i) = RetryClass::ALL.iter().position(|c| *c == entry.retry) {
            counts[i] += 1;
        }
    }
    counts
}

/// The delay sources an entry's `after` class waits for.
pub fn entry_delays<'c>(catalog: &'c Catalog, entry: &'c Entry) -> &'c [DelaySource] {
    catalog.delay_sources(Some(entry))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_naturally() {
        assert_eq!(duration_text(500), "500ms");
        assert_eq!(duration_text(1000), "1s");
        assert_eq!(duration_text(1500), "1.5s");
        assert_eq!(duration_text(16_000), "16s");
        assert_eq!(long_duration_text(45_000), "45s");
        assert_eq!(long_duration_text(90_000), "90s (1m 30s)");
        assert_eq!(long_duration_text(86_400_000), "86400s (24h)");
        assert_eq!(factor_text(2.0), "2");
        assert_eq!(factor_text(1.5), "1.5");
    }
}
