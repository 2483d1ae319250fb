//! `errtable explain`: decode one response with the engine's interpreter (the semantics
//! of generated code) and say what it is and what to do.

use std::ffi::OsString;
use std::io::Read;
use std::path::PathBuf;
use std::time::SystemTime;

use clap::{ArgGroup, Args};
use errtable_codegen::Catalog;
use errtable_codegen::interpret::{Interpreted, Response, interpret};
use errtable_codegen::model::{Operation, RetryClass};
use serde::Serialize;
use serde_json::Value;

use crate::output::{Outcome, clip, plural, printable, wrap};
use crate::spec;
use crate::style::{Paint, Term, Tone};
use crate::table::{Align, Table};

/// The longest text of a response shown in a terminal; `--json` keeps everything.
const SHOWN_CHARS: usize = 2000;

/// Where long explanations wrap (the label column comes on top).
const WRAP_WIDTH: usize = 88;

/// Arguments of `errtable explain`.
#[derive(Args, Debug)]
#[command(
    group(ArgGroup::new("input").required(true).args(["body", "body_file"])),
    after_help = "\
Examples:
  errtable explain --spec specs/octopost.json --status 429 --header 'Retry-After: 30' \\
      --body '{\"error\": \"Slow down\", \"code\": \"rate_limited\", \"details\": {\"limit\": 300}}'
  errtable explain --spec specs/octeth.json --operation User.Login --status 200 \\
      --body '{\"Success\": false, \"ErrorCode\": 3, \"ErrorText\": \"Invalid credentials\"}'
  curl -s https://api.example.com/x | errtable explain --spec specs/acme.json --status 502 --body-file - --json

With --json, stdout is exactly one JSON object:
  {\"outcome\": \"success\" | \"error\",
   \"errors\": [{\"variant\", \"code\", \"status\", \"message\", \"request_id\",
               \"retry\": {\"class\": \"never\" | \"backoff\" | \"after\" | \"reauth\", \"delay_ms\"},
               \"fields\": {vendor field name: JSON value}, \"item\"}]}
Exit status: 0 whenever the response was decoded, whatever it says; 2 for bad arguments
or an invalid spec."
)]
pub struct ExplainArgs {
    /// The catalog spec to decode with.
    ///
    /// Example: --spec specs/octopost.json
    #[arg(long, value_name = "FILE")]
    pub spec: PathBuf,

    /// Decode with this operation's table (plus the global one), as a per-operation enum
    /// does.
    ///
    /// Example: --operation User.Login
    #[arg(long, value_name = "NAME")]
    pub operation: Option<String>,

    /// The response's HTTP status, 100 to 599.
    ///
    /// Example: --status 429
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(100..=599))]
    pub status: u16,

    /// A response header, `Name: value` (split at the first colon; names compare
    /// case-insensitively). Repeat for several.
    ///
    /// Example: --header 'Retry-After: 30' -H 'X-Request-Id: req_1'
    #[arg(long = "header", short = 'H', value_name = "NAME: VALUE", value_parser = parse_header)]
    pub headers: Vec<(String, String)>,

    /// The response body, as given (any bytes, possibly empty).
    ///
    /// Example: --body '{"detail": "catalog_not_found"}'
    #[arg(long, value_name = "TEXT", allow_hyphen_values = true)]
    pub body: Option<OsString>,

    /// Read the response body from a file (`-` for stdin).
    ///
    /// Example: --body-file response.json
    #[arg(long, value_name = "FILE")]
    pub body_file: Option<PathBuf>,

    /// Print one JSON object (on one line) instead of a human explanation.
    ///
    /// Example: errtable explain … --json | jq .errors
    #[arg(long)]
    pub json: bool,
}

/// `Name: value` → `("Name", "value")`, trimmed.
fn parse_header(text: &str) -> Result<(String, String), String> {
    let (name, value) = text
        .split_once(':')
        .ok_or_else(|| format!("expected `Name: value`, e.g. 'Retry-After: 30', got `{text}`"))?;
    let name = name.trim();
    if name.is_empty() {
        return Err("the header name before `:` is empty".into());
    }
    Ok((name.to_owned(), value.trim().to_owned()))
}

/// Runs `errtable explain`.
pub fn run(args: &ExplainArgs, term: &Term) -> Outcome {
    let catalog = match spec::load(&args.spec, term) {
        Ok(catalog) => catalog,
        Err(outcome) => return outcome,
    };
    let operation = match spec::operation(&catalog, args.operation.as_deref(), term) {
        Ok(operation) => operation,
        Err(outcome) => return outcome,
    };
    let body = match read_body(args) {
        Ok(body) => body,
        Err(message) => return Outcome::usage(term.err.error(&message)),
    };
    let response = Response { status: args.status, headers: &args.headers, body: &body };
    let errors = interpret(&catalog, operation, response, SystemTime::now());
    let mut outcome = Outcome::new();
    outcome.stdout = if args.json {
        let mut text = to_json(&errors);
        text.push('\n');
        text
    } else {
        human(&catalog, operation, args.status, &errors, term.out)
    };
    outcome
}

/// The body bytes from `--body` or `--body-file` (`-`: stdin).
fn read_body(args: &ExplainArgs) -> Result<Vec<u8>, String> {
    if let Some(body) = &args.body {
        // Raw bytes: a body need not be UTF-8.
        return Ok(body.clone().into_encoded_bytes());
    }
    let Some(path) = &args.body_file else { return Ok(Vec::new()) };
    if path.as_os_str() == "-" {
        let mut body = Vec::new();
        std::io::stdin()
            .lock()
            .read_to_end(&mut body)
            .map_err(|e| format!("cannot read the body from stdin: {e}"))?;
        return Ok(body);
    }
    std::fs::read(path).map_err(|e| format!("cannot read the body file {}: {e}", path.display()))
}

/// Milliseconds, sub-millisecond parts rounded up.
fn delay_ms(error: &Interpreted) -> Option<u64> {
    error.delay.map(|d| u64::try_from(d.as_nanos().div_ceil(1_000_000)).unwrap_or(u64::MAX))
}

/// The `--json` document, members in a fixed order and fields in the catalog's.
pub fn to_json(errors: &[Interpreted]) -> String {
    let errors: Vec<ErrorJson> = errors.iter().map(ErrorJson::of).collect();
    let outcome = if errors.is_empty() { "success" } else { "error" };
    serde_json::to_string(&Report { outcome, errors }).unwrap_or_default()
}

#[derive(Serialize)]
struct Report<'a> {
    outcome: &'a str,
    errors: Vec<ErrorJson<'a>>,
}

#[derive(Serialize)]
struct ErrorJson<'a> {
    variant: &'a str,
    code: Option<&'a str>,
    status: u16,
    message: Option<&'a str>,
    request_id: Option<&'a str>,
    retry: RetryJson,
    fields: Fields<'a>,
    item: Option<usize>,
}

#[derive(Serialize)]
struct RetryJson {
    class: &'static str,
    delay_ms: Option<u64>,
}

/// Fields as a JSON object in declaration order.
struct Fields<'a>(&'a [(String, Value)]);

impl Serialize for Fields<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|(name, value)| (name, value)))
    }
}

impl<'a> ErrorJson<'a> {
    fn of(e: &'a Interpreted) -> Self {
        ErrorJson {
            variant: &e.variant,
            code: e.code.as_deref(),
            status: e.status,
            message: e.message.as_deref(),
            request_id: e.request_id.as_deref(),
            retry: RetryJson { class: e.retry.as_str(), delay_ms: delay_ms(e) },
            fields: Fields(&e.fields),
            item: e.item,
        }
    }
}

/// The explanation for a terminal.
fn human(
    catalog: &Catalog,
    operation: Option<&Operation>,
    status: u16,
    errors: &[Interpreted],
    paint: Paint,
) -> String {
    let title = catalog.title.as_deref().unwrap_or(&catalog.name);
    let scope = match operation {
        Some(op) => format!("{title}, operation {}", op.name),
        None => title.to_owned(),
    };
    let mut out = String::new();
    if errors.is_empty() {
        let why = if status < 400 && catalog.embedded.is_empty() {
            "the catalog reads errors only from responses with status 400 and above".to_owned()
        } else {
            let rules: Vec<&str> = catalog.embedded.iter().map(|r| r.name.as_ref()).collect();
            format!("no rule for errors inside successful responses matched ({})", rules.join(", "))
        };
        out.push_str(&format!(
            "HTTP {status} ({scope}): {}\n  {why}\n",
            paint.paint(Tone::Good, "success, no error")
        ));
        return out;
    }
    let count = plural(errors.len(), "error", "errors");
    out.push_str(&format!("HTTP {status} ({scope}): {}\n", paint.paint(Tone::Bold, &count)));
    for (i, error) in errors.iter().enumerate() {
        out.push('\n');
        let number = if errors.len() > 1 { format!("{}. ", i + 1) } else { String::new() };
        let code = match &error.code {
            Some(code) => format!("code {}", printable(&clip(code, SHOWN_CHARS))),
            None => "no code".to_owned(),
        };
        let tone = if error.entry.is_some() { Tone::Bold } else { Tone::Warn };
        out.push_str(&format!(
            "{number}{}  {}\n",
            paint.paint(tone, &error.variant),
            paint.paint(Tone::Dim, &format!("{code}, HTTP {}", error.status))
        ));
        out.push_str(&details(catalog, error, paint));
    }
    out
}

/// The labelled lines of one error.
fn details(catalog: &Catalog, error: &Interpreted, paint: Paint) -> String {
    let shown = |text: &str| printable(&clip(text, SHOWN_CHARS));
    let none = || "(none)".to_owned();
    let mut table = Table::new(&[Align::Left, Align::Left]);
    let mut line = |label: &str, text: String| {
        for (i, part) in wrap(&text, WRAP_WIDTH).into_iter().enumerate() {
            let label = if i == 0 { label } else { "" };
            table.row(vec![(label.to_owned(), Tone::Dim), (part, Tone::Plain)]);
        }
    };
    if let Some(item) = error.item {
        line("item", format!("{item} (index of the failed item in the body)"));
    }
    line("message", error.message.as_deref().map_or_else(none, shown));
    line("request id", error.request_id.as_deref().map_or_else(none, shown));
    line("retry", retry_advice(catalog, error));
    if error.retry != RetryClass::After
        && let Some(ms) = delay_ms(error)
    {
        line(
            "server delay",
            format!(
                "{}, given by the response; only `after` errors wait for it",
                spec::long_duration_text(ms)
            ),
        );
    }
    for (i, (name, value)) in error.fields.iter().enumerate() {
        let label = if i == 0 { "fields" } else { "" };
        line(label, format!("{} = {}", printable(name), shown(&value.to_string())));
    }
    let entry = error.entry.and_then(|id| catalog.entries.get(id));
    match entry {
        Some(entry) => {
            line("meaning", entry.description.to_string());
            if let Some(resolution) = &entry.resolution {
                line("resolution", resolution.to_string());
            }
            if let Some(op) = &entry.operation {
                line("defined by", format!("operation {op}"));
            }
        }
        None => {
            line(
                "meaning",
                format!(
                    "not in the catalog: {} is the fallback for codes and statuses the vendor's table does not list",
                    error.variant
                ),
            );
            let defined_by = operations_defining(catalog, error.code.as_deref());
            if !defined_by.is_empty() {
                line(
                    "hint",
                    format!(
                        "code {} is defined by the operations {} (see --operation)",
                        error.code.as_deref().map(printable).unwrap_or_default(),
                        defined_by.join(", ")
                    ),
                );
            }
        }
    }
    table.render(paint, "  ")
}

/// The operations with an entry for `code` (for an unknown code decoded without one).
fn operations_defining<'c>(catalog: &'c Catalog, code: Option<&str>) -> Vec<&'c str> {
    let Some(code) = code else { return Vec::new() };
    let mut names: Vec<&str> = catalog
        .entries
        .iter()
        .filter(|e| e.code.as_ref().is_some_and(|c| c.text() == code))
        .filter_map(|e| e.operation.as_deref())
        .collect();
    names.dedup();
    names
}

/// The retry class in words, with the delay or the backoff policy that applies.
fn retry_advice(catalog: &Catalog, error: &Interpreted) -> String {
    let class = error.retry;
    match class {
        RetryClass::Never => "never: do not retry; the request must change first".to_owned(),
        RetryClass::Backoff => {
            format!(
                "backoff: retry with exponential backoff ({})",
                spec::backoff_text(&catalog.retry)
            )
        }
        RetryClass::After => match delay_ms(error) {
            // No source: the response gave no delay and the entry's documented one applies.
            Some(ms) if error.delay_source.is_none() => format!(
                "after: wait {}, the delay the vendor documents (the response gave none), then retry",
                spec::long_duration_text(ms)
            ),
            Some(ms) => format!(
                "after: wait {} as the response asks{}, then retry",
                spec::long_duration_text(ms),
                error
                    .delay_source
                    .as_ref()
                    .map(|source| format!(" ({})", spec::delay_source_text(source)))
                    .unwrap_or_default()
            ),
            None => format!(
                "after: the response gave no delay, so back off ({})",
                spec::backoff_text(&catalog.retry)
            ),
        },
        RetryClass::Reauth => {
            "reauth: re-authenticate (refresh the session), then retry".to_owned()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_split_at_the_first_colon() {
        assert_eq!(parse_header("Retry-After: 30"), Ok(("Retry-After".into(), "30".into())));
        assert_eq!(
            parse_header(" Date :Wed, 21 Oct 2015 07:28:00 GMT "),
            Ok(("Date".into(), "Wed, 21 Oct 2015 07:28:00 GMT".into()))
        );
        assert_eq!(parse_header("X-Empty:"), Ok(("X-Empty".into(), String::new())));
        assert!(parse_header("no colon").is_err());
        assert!(parse_header(": value").is_err());
    }
}
