//! What the data-driven corpus (`tests/broken-specs/`, pinned by `tests/rules.rs`) cannot
//! express well:
//!
//! - positions computed independently of the engine: `at(text, needle)` is the line and
//!   column (in characters) of the first `needle`, so an assertion says *what* a problem
//!   points at, whatever the renderer draws; non-ASCII text and keys prove that columns
//!   count characters, not bytes;
//! - every problem of a spec reported at once, sorted by position, none twice;
//! - the loader's whole-file problems (a missing file, a directory) and `render_body`;
//! - properties: taking a `rust_name` suggestion fixes the problem, and seeded fuzz loops
//!   showing that no malformed spec makes the engine panic;
//! - specs that must LOAD, and what they lower to.
//!
//! Nothing here is blessed: the expected values are written by hand. The corpus's blessed
//! outputs are rewritten with `ERRTABLE_BLESS=1 cargo test -p errtable-codegen --test rules`.

use std::path::{Path, PathBuf};
use std::time::Duration;

use errtable_codegen::locate::Position;
use errtable_codegen::model::{
    Code, DelayFormat, DelaySource, FieldType, Jitter, RetryClass, Scalar, Source,
};
use errtable_codegen::{Catalog, Diagnostic, Diagnostics, load_file, load_str};

// ----- helpers ------------------------------------------------------------------------

/// The name inline specs are loaded under.
const FILE: &str = "specs/test.json";

/// The smallest valid spec.
const VALID: &str = r#"{
  "errtable": 1,
  "name": "test",
  "errors": [
    {"variant": "RateLimited", "code": "rate_limited", "status": [429], "retry": "after", "description": "Too many requests."}
  ]
}"#;

/// The workspace root.
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("codegen/ has a parent").to_path_buf()
}

/// The text of the corpus spec `name` and every problem it has, loaded as the CLI would
/// name it (`tests/broken-specs/NAME`).
fn corpus(name: &str) -> (String, Vec<Diagnostic>) {
    let path = root().join("tests/broken-specs").join(name);
    let text = std::fs::read_to_string(&path).expect("a corpus spec");
    let display = format!("tests/broken-specs/{name}");
    match load_file(&path, &display) {
        Ok(_) => panic!("{name} loaded"),
        Err(diagnostics) => (text, diagnostics.0),
    }
}

/// Every problem `text` has; panics when it loads.
fn problems(text: &str) -> Vec<Diagnostic> {
    match load_str(FILE, text) {
        Ok(catalog) => {
            panic!("expected problems, but the spec loaded as `{}`:\n{text}", catalog.name)
        }
        Err(diagnostics) => {
            assert!(!diagnostics.0.is_empty(), "Err without diagnostics for:\n{text}");
            diagnostics.0
        }
    }
}

/// The one problem `text` has; panics unless there is exactly one.
fn only_problem(text: &str) -> Diagnostic {
    let mut list = problems(text);
    assert_eq!(list.len(), 1, "expected exactly one problem, got:\n{}", Diagnostics(list.clone()));
    list.remove(0)
}

/// Asserts `text` loads.
fn loads(text: &str) -> Catalog {
    load_str(FILE, text).unwrap_or_else(|d| panic!("expected the spec to load:\n{d}\n{text}"))
}

/// A position from literal numbers.
fn pos(line: usize, column: usize) -> Position {
    Position { line, column }
}

/// The 1-based line and column (in characters) of the `n`th (from 0) `needle` in `text`.
fn nth(text: &str, needle: &str, n: usize) -> Position {
    let (offset, _) = text
        .match_indices(needle)
        .nth(n)
        .unwrap_or_else(|| panic!("`{needle}` occurs fewer than {} times in:\n{text}", n + 1));
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    pos(before.matches('\n').count() + 1, before[line_start..].chars().count() + 1)
}

/// Where the first `needle` of `text` starts.
fn at(text: &str, needle: &str) -> Position {
    nth(text, needle, 0)
}

/// Each problem's position, pointer and message.
fn located(list: &[Diagnostic]) -> Vec<(Position, &str, &str)> {
    list.iter().map(|d| (d.position, d.pointer.as_str(), d.message.as_str())).collect()
}

#[test]
fn the_position_helper_counts_lines_and_characters() {
    let text = "{\n  \"é\": \"☕\", \"b\": 1\n}";
    assert_eq!(at(text, "{"), pos(1, 1));
    assert_eq!(at(text, "\"é\""), pos(2, 3));
    assert_eq!(at(text, "\"b\""), pos(2, 13));
    assert_eq!(nth(text, "\"", 4), pos(2, 13));
    assert_eq!(at(text, "}"), pos(3, 1));
}

// ----- positions ----------------------------------------------------------------------

#[test]
fn columns_count_characters_after_non_ascii_text() {
    // Line 3 has 2-, 3- and 4-byte characters before `"name"`; line 4 is all multi-byte.
    let (text, list) = corpus("non_ascii_columns.json");
    assert_eq!(
        located(&list),
        [
            (at(&text, "\"Café\""), "/name", "catalog name `Café` is not a lowercase machine name"),
            (
                at(&text, "\"Zu_Viele\""),
                "/errors/0/variant",
                "variant name `Zu_Viele` is not an UpperCamelCase Rust identifier"
            ),
            (at(&text, "\"après\""), "/errors/0/retry", "unknown retry class `après`"),
        ]
    );
    // The helper agrees with the literal positions.
    assert_eq!(at(&text, "\"Café\""), pos(3, 44));
    assert_eq!(at(&text, "\"après\""), pos(6, 118));
}

#[test]
fn keys_with_escapes_and_non_ascii_are_located() {
    let (text, list) = corpus("field_names_escaped_and_non_ascii.json");
    assert_eq!(
        located(&list),
        [
            (
                at(&text, r#""r\u00e9sum\u00e9""#),
                "/errors/0/fields/résumé",
                "field name `résumé` is not a snake_case Rust identifier"
            ),
            (
                at(&text, r#""x/y""#),
                "/errors/0/fields/x~1y",
                "field name `x/y` is not a snake_case Rust identifier"
            ),
            (
                at(&text, r#""ü""#),
                "/errors/0/fields/ü",
                "field name `ü` is not a snake_case Rust identifier"
            ),
        ]
    );
}

#[test]
fn syntax_errors_are_located_in_characters() {
    let (text, list) = corpus("invalid_json_after_non_ascii.json");
    assert_eq!(located(&list), [(at(&text, "x}"), "", "invalid JSON: expected `,` or `}`")]);
}

#[test]
fn windows_line_endings_and_tabs_do_not_shift_positions() {
    // A tab is one character: the value starts in column 10 of `\t"name": "Te st",\r`.
    let (text, list) = corpus("crlf_and_tabs.json");
    assert!(text.contains("\r\n\t\"name\""), "the corpus file keeps its CRLF and tab");
    assert_eq!(
        located(&list),
        [(pos(3, 10), "/name", "catalog name `Te st` is not a lowercase machine name")]
    );
}

#[test]
fn duplicate_keys_are_located_at_the_repeated_key_and_note_the_first() {
    let (text, list) = corpus("duplicate_key_nested.json");
    let first = |key: &str| {
        let at = at(&text, key);
        vec![format!("first written at {}:{}", at.line, at.column)]
    };
    let summary: Vec<(Position, &str, Vec<String>)> =
        list.iter().map(|d| (d.position, d.pointer.as_str(), d.notes.clone())).collect();
    assert_eq!(
        summary,
        [
            (nth(&text, r#""retry""#, 1), "/errors/0/retry", first(r#""retry""#)),
            (nth(&text, r#""a/b~c""#, 1), "/errors/0/fields/a~1b~0c", first(r#""a/b~c""#)),
        ]
    );
}

#[test]
fn notes_name_the_other_place_with_its_position() {
    let (text, list) = corpus("duplicate_variant_across_operations.json");
    let failed = nth(&text, r#"{"variant": "Failed""#, 0);
    let rate_limited = at(&text, r#"{"variant": "RateLimited""#);
    let notes: Vec<&[String]> = list.iter().map(|d| d.notes.as_slice()).collect();
    assert_eq!(
        notes,
        [
            [format!(
                "first defined by the entry at /operations/A/errors/0 ({}:{})",
                failed.line, failed.column
            )],
            [format!(
                "first defined by the entry at /errors/0 ({}:{})",
                rate_limited.line, rate_limited.column
            )],
        ]
    );
}

// ----- every problem at once -----------------------------------------------------------

#[test]
fn every_independent_problem_is_reported_sorted_by_position() {
    let (text, list) = corpus("every_problem_at_once.json");
    let at = |needle: &str| at(&text, needle);
    assert_eq!(
        located(&list),
        [
            (
                at(r#""Test API""#),
                "/name",
                "catalog name `Test API` is not a lowercase machine name"
            ),
            (at(r#""code"}"#), "/envelope/code/body", "JSON pointer does not start with `/`"),
            (at("[false]"), "/embedded/0/when/equals", "`equals` must be a JSON scalar"),
            (
                at(r#"0, "max_delay_ms""#),
                "/retry/backoff/factor",
                "backoff factor must be at least 1, found 0"
            ),
            (
                at(r#""other""#),
                "/unknown/variant",
                "variant name `other` is not an UpperCamelCase Rust identifier"
            ),
            (
                at(r#""issue""#),
                "/types/issue",
                "type name `issue` is not an UpperCamelCase Rust identifier"
            ),
            (at(r#"{"variant": "RateLimited""#), "/errors/0", "RateLimited has no `description`"),
            (at("500,"), "/errors/1/status", "invalid type: integer `500`, expected a sequence"),
            (at("600"), "/errors/2/status/0", "status 600 is outside 100..=599"),
            (at(r#""sometimes""#), "/errors/2/retry", "unknown retry class `sometimes`"),
            (at("[]}"), "/operations/Send/errors", "operation `Send` has an empty error table"),
            (at(r#""extra""#), "/extra", "unknown key `extra`"),
        ]
    );
    assert!(list.windows(2).all(|w| w[0].position <= w[1].position), "sorted by position");
}

#[test]
fn problems_are_never_reported_twice() {
    let (_, list) = corpus("no_problem_reported_twice.json");
    for (i, d) in list.iter().enumerate() {
        for e in &list[..i] {
            assert!(
                !(d.pointer == e.pointer && d.message == e.message),
                "reported twice:\n{d}\n{}",
                Diagnostics(list.clone())
            );
        }
    }
    let all: Vec<&str> = list.iter().map(|d| d.message.as_str()).collect();
    for expected in [
        "variant `Unknown` collides with the generated fallback variant",
        "status 429 is listed twice",
        "status 99 is outside 100..=599",
        "unknown retry class `later`",
        "Unknown has no `description`",
        "duplicate code \"x\"",
        "`status` is an empty list",
    ] {
        assert!(all.contains(&expected), "missing `{expected}` in {all:#?}");
    }
    assert_eq!(
        all.iter()
            .filter(|m| **m == "variant `Unknown` collides with the generated fallback variant")
            .count(),
        3,
        "one collision per entry named `Unknown`"
    );
}

// ----- whole-file problems and rendering ------------------------------------------------

#[test]
fn an_unreadable_spec_file_is_reported_at_1_1() {
    let path = Path::new("/nonexistent/errtable/missing.json");
    let list = load_file(path, "specs/missing.json").map(|_| ()).expect_err("no such file").0;
    assert_eq!(list.len(), 1);
    let d = &list[0];
    assert_eq!(
        (d.file.as_str(), d.position, d.pointer.as_str()),
        ("specs/missing.json", pos(1, 1), "")
    );
    // The rest of the message is the operating system's.
    assert!(d.message.starts_with("cannot read the spec: "), "{d}");
    assert_eq!(d.notes, ["looked for /nonexistent/errtable/missing.json"]);
    assert_eq!(d.help, "check the path; see the README for how spec paths resolve");
    assert_eq!(d.excerpt, None, "no text, no excerpt");
}

#[test]
fn a_directory_is_reported_at_1_1() {
    let dir = root().join("tests/broken-specs");
    let list = load_file(&dir, "tests/broken-specs").map(|_| ()).expect_err("a directory").0;
    assert_eq!(list.len(), 1);
    let d = &list[0];
    assert_eq!(
        (d.file.as_str(), d.position, d.pointer.as_str(), d.message.as_str()),
        ("tests/broken-specs", pos(1, 1), "", "the spec path is a directory")
    );
    assert_eq!(d.notes, [format!("looked at {}", dir.display())]);
    assert_eq!(d.help, "name a spec file, e.g. specs/vendor.json");
}

#[test]
fn render_body_is_the_rendered_diagnostic_without_the_error_prefix() {
    // `compile_error!` gets the body; rustc adds its own `error: `.
    let (_, list) = corpus("unknown_retry_class.json");
    let blessed =
        std::fs::read_to_string(root().join("tests/broken-specs/unknown_retry_class.stderr"))
            .expect("the blessed output");
    assert_eq!(list.len(), 1);
    let body = list[0].render_body();
    assert!(body.starts_with("unknown retry class `later`\n"), "{body}");
    assert_eq!(format!("error: {body}\n\n"), blessed);
    assert_eq!(list[0].to_string(), format!("error: {body}"));
}

// ----- properties ---------------------------------------------------------------------

/// The spec with one integer field named `vendor`, and the `rust_name` its problem's help
/// suggests.
fn suggestion_for(vendor: &str) -> (String, String) {
    let spec = VALID.replace(
        r#""description": "Too many requests."}"#,
        &format!(
            r#""description": "Too many requests.", "fields": {{"{vendor}": {{"type": "integer"}}}}}}"#
        ),
    );
    let d = only_problem(&spec);
    let suggestion = d
        .help
        .strip_prefix(r#"keep the vendor's name and add "rust_name": ""#)
        .and_then(|s| s.strip_suffix('"'))
        .unwrap_or_else(|| panic!("unexpected help for {vendor:?}: {}", d.help))
        .to_owned();
    (spec, suggestion)
}

#[test]
fn suggested_rust_names_are_accepted() {
    // Taking the help's advice must fix the problem.
    for vendor in ["CreditsNeeded", "reset-at", "2fa", "TwoFARequired", "X-Limit", "é", "_"] {
        let (spec, suggestion) = suggestion_for(vendor);
        let fixed = spec.replace(
            r#"{"type": "integer"}"#,
            &format!(r#"{{"type": "integer", "rust_name": "{suggestion}"}}"#),
        );
        loads(&fixed);
    }
}

#[test]
fn suggested_rust_names_for_reserved_words_are_accepted() {
    for vendor in ["self", "Self", "crate", "super"] {
        let (spec, suggestion) = suggestion_for(vendor);
        let fixed = spec.replace(
            r#"{"type": "integer"}"#,
            &format!(r#"{{"type": "integer", "rust_name": "{suggestion}"}}"#),
        );
        assert!(load_str(FILE, &fixed).is_ok(), "`{vendor}`: suggested `{suggestion}` is rejected");
    }
}

// ----- specs that load ----------------------------------------------------------------

#[test]
fn the_minimal_spec_is_valid() {
    let catalog = loads(VALID);
    assert_eq!(catalog.name, "test");
    assert_eq!(catalog.entries.len(), 1);
    assert_eq!(catalog.entries[0].code, Some(Code::Str("rate_limited".into())));
    assert_eq!(catalog.entries[0].statuses.as_ref(), [429]);
    assert_eq!(catalog.entries[0].retry, RetryClass::After);
}

#[test]
fn a_rich_valid_spec_loads() {
    // Uses every optional section, so the corpus's malformed variants fail for one reason.
    const SPEC: &str = r#"{
  "$schema": "./errtable.schema.json",
  "errtable": 1,
  "name": "rich-api_2",
  "title": "Rich API",
  "description": "Everything at once.",
  "source": "docs",
  "envelope": {
    "code": [{"header": "X-Error-Code"}, {"body": "/error/code"}],
    "message": {"body": "/error/message"},
    "request_id": {"header": "X-Request-Id"}
  },
  "embedded": [
    {"name": "bulk", "items": "/results", "when": {"pointer": "/ok", "equals": false}, "code": {"body": "/code"}},
    {"name": "single", "when": {"pointer": "/Success", "equals": null}, "code": {"body": "/ErrorCode"}}
  ],
  "retry": {
    "delay_from": [{"header": "Retry-After"}, {"body_seconds": "/retry_after"}],
    "backoff": {"initial_delay_ms": 500, "factor": 1, "max_delay_ms": 500, "max_attempts": 1, "jitter": "equal"},
    "transport": "never"
  },
  "unknown": {"variant": "Other", "retry": {"429": "after", "5xx": "backoff", "default": "never"}},
  "types": {
    "Issue": {"fields": {"msg": {"type": "string"}, "loc": {"type": "list<string>"}}}
  },
  "errors": [
    {"variant": "RateLimited", "code": "rate_limited", "status": [429], "status_default": true, "retry": "after", "description": "Too many requests.",
     "delay_from": {"body_milliseconds": "/wait_ms"},
     "fields": {"RetryAfter": {"type": "integer", "rust_name": "retry_after", "from": [{"header": "Retry-After"}, {"body": "/retry_after"}]}}},
    {"variant": "Invalid", "code": 42, "status": [400, 422], "retry": "never", "description": "Bad input.",
     "fields": {"issues": {"type": "list<Issue>"}, "first": {"type": "Issue"}, "extra": {"type": "map<string>"}}},
    {"variant": "Unknown", "code": "unknown", "status": [500], "retry": "backoff", "description": "A code called unknown."}
  ],
  "operations": {
    "User.Login": {"errors": [
      {"code": "rate_limited", "same_as": "RateLimited", "description": "Login throttling."},
      {"variant": "LoginInvalid", "code": 42, "overrides": true, "status": [400], "retry": "reauth", "description": "Wrong password."}
    ]}
  }
}"#;
    let catalog = loads(SPEC);
    assert_eq!(catalog.name, "rich-api_2");
    assert_eq!(catalog.title.as_deref(), Some("Rich API"));
    assert_eq!(catalog.entries.len(), 4);
    assert_eq!(catalog.operations.len(), 1);

    let sources: Vec<String> = catalog.envelope.code.iter().map(Source::to_string).collect();
    assert_eq!(sources, ["header X-Error-Code", "body /error/code"]);

    let embedded: Vec<(&str, Option<&str>, &str, &Scalar)> = catalog
        .embedded
        .iter()
        .map(|r| {
            (
                r.name.as_ref(),
                r.envelope.items.as_ref().map(|p| p.as_str()),
                r.when.as_str(),
                &r.equals,
            )
        })
        .collect();
    assert_eq!(
        embedded,
        [
            ("bulk", Some("/results"), "/ok", &Scalar::Bool(false)),
            ("single", None, "/Success", &Scalar::Null),
        ]
    );

    let retry = &catalog.retry;
    let delay_from: Vec<(String, DelayFormat)> =
        retry.delay_from.iter().map(|d: &DelaySource| (d.from.to_string(), d.format)).collect();
    assert_eq!(
        delay_from,
        [
            ("header Retry-After".to_owned(), DelayFormat::RetryAfter),
            ("body /retry_after".to_owned(), DelayFormat::Seconds),
        ]
    );
    let b = &retry.backoff;
    assert_eq!(
        (b.initial(), b.factor(), b.max_delay(), b.max_attempts(), b.jitter()),
        (Duration::from_millis(500), 1.0, Duration::from_millis(500), 1, Jitter::Equal)
    );
    assert!(retry.backoff_stated);
    assert_eq!(retry.transport, RetryClass::Never);
    assert_eq!(catalog.unknown.variant, "Other");

    let limited = &catalog.entries[0];
    let own_delay: Vec<(String, DelayFormat)> = limited
        .delay_from
        .as_deref()
        .expect("its own delay sources")
        .iter()
        .map(|d| (d.from.to_string(), d.format))
        .collect();
    assert_eq!(own_delay, [("body /wait_ms".to_owned(), DelayFormat::Milliseconds)]);
    assert_eq!(limited.fields[0].rust_name, "retry_after");
    assert_eq!(limited.fields[0].ty, FieldType::Integer);
    assert_eq!(limited.fields[0].from.len(), 2);

    let invalid = &catalog.entries[1];
    assert_eq!(
        (invalid.code.clone(), invalid.statuses.as_ref()),
        (Some(Code::Int(42)), &[400, 422][..])
    );
    let types: Vec<String> = invalid.fields.iter().map(|f| catalog.type_spelling(f.ty)).collect();
    assert_eq!(types, ["list<Issue>", "Issue", "map<string>"]);

    let login = catalog.operation("User.Login").expect("operation User.Login");
    let rows: Vec<(&str, bool, Option<&str>)> = login
        .rows
        .iter()
        .map(|r| (catalog.entries[r.entry].variant.as_ref(), r.same_as, r.description.as_deref()))
        .collect();
    assert_eq!(
        rows,
        [("RateLimited", true, Some("Login throttling.")), ("LoginInvalid", false, None)]
    );
}

#[test]
fn field_with_a_rust_name_may_have_any_vendor_name() {
    const SPEC: &str = r#"{
  "errtable": 1,
  "name": "test",
  "errors": [
    {"variant": "RateLimited", "code": "rate_limited", "status": [429], "retry": "after", "description": "Too many requests.",
     "fields": {"CreditsNeeded": {"type": "integer", "rust_name": "credits_needed"}, "type": {"type": "string"}}}
  ]
}"#;
    let catalog = loads(SPEC);
    let names: Vec<(&str, &str)> =
        catalog.entries[0].fields.iter().map(|f| (f.name.as_ref(), f.rust_name.as_ref())).collect();
    assert_eq!(names, [("CreditsNeeded", "credits_needed"), ("type", "type")]);
}

#[test]
fn meta_is_an_ordinary_name_inside_an_object_type() {
    const SPEC: &str = r#"{
  "errtable": 1,
  "name": "test",
  "types": {"Issue": {"fields": {"meta": {"type": "string"}}}},
  "errors": [
    {"variant": "RateLimited", "code": "rate_limited", "status": [429], "retry": "after", "description": "Too many requests.",
     "fields": {"issues": {"type": "list<Issue>"}}}
  ]
}"#;
    let catalog = loads(SPEC);
    assert_eq!(catalog.types[0].fields[0].rust_name, "meta");
}

#[test]
fn status_100_and_599_are_in_range() {
    let catalog = loads(&VALID.replace("[429]", "[100, 599]"));
    assert_eq!(catalog.entries[0].statuses.as_ref(), [100, 599]);
}

#[test]
fn the_same_code_in_two_operations_is_fine() {
    const SPEC: &str = r#"{
  "errtable": 1,
  "name": "test",
  "errors": [
    {"variant": "RateLimited", "code": "rate_limited", "status": [429], "retry": "after", "description": "Too many requests."}
  ],
  "operations": {
    "A": {"errors": [{"variant": "AFailed", "code": "failed", "status": [400], "retry": "never", "description": "A failed."}]},
    "B": {"errors": [{"variant": "BFailed", "code": "failed", "status": [400], "retry": "never", "description": "B failed."}]}
  }
}"#;
    let catalog = loads(SPEC);
    let owners: Vec<(&str, Option<&str>)> =
        catalog.entries.iter().map(|e| (e.variant.as_ref(), e.operation.as_deref())).collect();
    assert_eq!(owners, [("RateLimited", None), ("AFailed", Some("A")), ("BFailed", Some("B"))]);
}

#[test]
fn same_as_may_name_a_variant_of_an_earlier_operation() {
    const SPEC: &str = r#"{
  "errtable": 1,
  "name": "test",
  "errors": [
    {"variant": "RateLimited", "code": "rate_limited", "status": [429], "retry": "after", "description": "Too many requests."}
  ],
  "operations": {
    "A": {"errors": [{"variant": "Locked", "code": "locked", "status": [423], "retry": "never", "description": "Locked."}]},
    "B": {"errors": [{"code": "locked", "same_as": "Locked"}]}
  }
}"#;
    let catalog = loads(SPEC);
    let b = catalog.operation("B").expect("operation B");
    assert!(b.rows[0].same_as);
    assert_eq!(catalog.entries[b.rows[0].entry].variant, "Locked");
}

#[test]
fn an_override_and_a_same_as_row_load() {
    const SPEC: &str = r#"{
  "errtable": 1,
  "name": "test",
  "errors": [
    {"variant": "RateLimited", "code": "rate_limited", "status": [429], "retry": "after", "description": "Too many requests."},
    {"variant": "Invalid", "code": 42, "status": [400], "retry": "never", "description": "Invalid."}
  ],
  "operations": {
    "Send": {"errors": [
      {"variant": "SendLimited", "code": "rate_limited", "overrides": true, "status": [429], "retry": "after", "description": "Send quota."},
      {"code": 42, "same_as": "Invalid", "description": "Bad message."}
    ]}
  }
}"#;
    let catalog = loads(SPEC);
    let send = catalog.operation("Send").expect("operation Send");
    let scope: Vec<&str> =
        send.scope.entries.iter().map(|&id| catalog.entries[id].variant.as_ref()).collect();
    assert_eq!(scope, ["SendLimited", "Invalid"]);
}

#[test]
fn an_entry_condition_may_compare_with_null() {
    const SPEC: &str = r#"{
  "errtable": 1,
  "name": "test",
  "envelope": {"code": {"body": "/code"}},
  "errors": [
    {"variant": "Untyped", "code": "bad", "when": {"pointer": "/type", "equals": null}, "status": [400], "retry": "never", "description": "No type."},
    {"variant": "Bad", "code": "bad", "status": [400], "retry": "never", "description": "Bad."}
  ]
}"#;
    let catalog = loads(SPEC);
    assert_eq!(
        catalog.entries[0].when.as_ref(),
        [errtable_core::Condition::Body {
            pointer: errtable_core::Pointer::from_static("/type"),
            equals: errtable_core::Scalar::Null,
        }]
    );
}

#[test]
fn same_as_matches_codes_by_wire_text() {
    // `"42"` restates the entry with code `42`: one wire code, written two ways.
    const SPEC: &str = r#"{
  "errtable": 1,
  "name": "test",
  "errors": [
    {"variant": "Invalid", "code": 42, "status": [400], "retry": "never", "description": "Invalid."}
  ],
  "operations": {
    "Send": {"errors": [{"code": "42", "same_as": "Invalid", "description": "Bad message."}]}
  }
}"#;
    let catalog = loads(SPEC);
    let send = catalog.operation("Send").expect("operation Send");
    assert_eq!(send.rows.len(), 1);
    assert!(send.rows[0].same_as);
    assert_eq!(catalog.entries[send.rows[0].entry].variant, "Invalid");
}

// ----- robustness ----------------------------------------------------------------------

/// A small deterministic PRNG (xorshift64*), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// The bundled specs, as `(name, text)`.
fn bundled_specs() -> Vec<(String, String)> {
    let dir = root().join("specs");
    let mut specs: Vec<(String, String)> = std::fs::read_dir(&dir)
        .expect("specs/ exists")
        .map(|entry| entry.expect("readable entry").path())
        .filter(|path| {
            let name = path.file_name().unwrap_or_default().to_string_lossy();
            name.ends_with(".json") && !name.ends_with(".schema.json")
        })
        .map(|path| {
            let name = path.file_name().unwrap_or_default().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&path).expect("readable spec"))
        })
        .collect();
    specs.sort();
    assert!(specs.len() >= 4, "expected the bundled specs, found {}", specs.len());
    specs
}

/// Loads `text`, failing with the input when the engine panics, and checks every
/// diagnostic's invariants.
fn check_never_panics(origin: &str, text: &str) {
    let result = std::panic::catch_unwind(|| load_str(FILE, text));
    let Ok(result) = result else {
        panic!("load_str panicked on a mutation of {origin}:\n{text}");
    };
    let Err(diagnostics) = result else { return };
    let list = &diagnostics.0;
    assert!(!list.is_empty(), "{origin}: Err without diagnostics:\n{text}");
    let lines = text.split('\n').count();
    for d in list {
        let context = || format!("{origin}: bad diagnostic\n{d:?}\nfor:\n{text}");
        assert_eq!(d.file, FILE, "{}", context());
        assert!(d.position.line >= 1 && d.position.column >= 1, "{}", context());
        assert!(d.position.line <= lines, "{}", context());
        assert!(!d.message.trim().is_empty(), "{}", context());
        assert!(!d.help.trim().is_empty(), "{}", context());
        assert!(d.pointer.is_empty() || d.pointer.starts_with('/'), "{}", context());
    }
    assert!(list.windows(2).all(|w| w[0].position <= w[1].position), "{origin}: not sorted");
    for (i, d) in list.iter().enumerate() {
        assert!(
            !list[..i].iter().any(|e| e.pointer == d.pointer && e.message == d.message),
            "{origin}: reported twice:\n{d:?}\nfor:\n{text}"
        );
    }
}

#[test]
fn truncated_specs_never_panic() {
    for (name, text) in bundled_specs() {
        let mut cut = 0;
        while cut < text.len() {
            let mut end = cut;
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            check_never_panics(&format!("{name} cut at {end}"), &text[..end]);
            cut += 97;
        }
    }
}

#[test]
fn byte_mutated_specs_never_panic() {
    const ALPHABET: &[&str] = &[
        "{",
        "}",
        "[",
        "]",
        "\"",
        ",",
        ":",
        "\\",
        "/",
        "~",
        "0",
        "1",
        "-",
        " ",
        "\n",
        "é",
        "☕",
        "\u{0}",
        "e",
        "x",
        "null",
        "true",
        "\\u00",
        "9999999999999999999999",
    ];
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for (name, text) in bundled_specs() {
        for round in 0..300 {
            let mut bytes = text.as_bytes().to_vec();
            for _ in 0..1 + rng.below(4) {
                let i = rng.below(bytes.len());
                match rng.below(4) {
                    0 => {
                        bytes.remove(i);
                    }
                    1 => bytes[i] = rng.pick(ALPHABET).as_bytes()[0],
                    2 => {
                        let insert = rng.pick(ALPHABET).as_bytes();
                        bytes.splice(i..i, insert.iter().copied());
                    }
                    _ => {
                        let end = (i + 1 + rng.below(40)).min(bytes.len());
                        let copy = bytes[i..end].to_vec();
                        let at = rng.below(bytes.len());
                        bytes.splice(at..at, copy);
                    }
                }
            }
            let mutated = String::from_utf8_lossy(&bytes);
            check_never_panics(&format!("{name} round {round}"), &mutated);
        }
    }
}

#[test]
fn value_mutated_specs_never_panic() {
    use serde_json::{Value, json};
    // Values that exercise the semantic rules rather than the JSON parser.
    let pool = [
        json!(null),
        json!(0),
        json!(-1),
        json!(0.5),
        json!(70000),
        json!(""),
        json!("  "),
        json!("x"),
        json!("~"),
        json!("/a~2"),
        json!("Retry After:"),
        json!("list<list<string>>"),
        json!("Unknown"),
        json!("later"),
        json!("after"),
        json!("map<string>"),
        json!(true),
        json!([]),
        json!([null]),
        json!({}),
        json!({"header": "X"}),
        json!({"body": ""}),
        json!({"x": 1}),
        json!([{"variant": "A"}]),
    ];
    let mut rng = Rng(0xD1B5_4A32_D192_ED03);
    for (name, text) in bundled_specs() {
        let original: Value = serde_json::from_str(&text).expect("bundled spec is JSON");
        for round in 0..300 {
            let mut value = original.clone();
            for _ in 0..1 + rng.below(3) {
                mutate(&mut value, &mut rng, &pool);
            }
            let mutated = if round % 2 == 0 {
                serde_json::to_string_pretty(&value).expect("serializable")
            } else {
                serde_json::to_string(&value).expect("serializable")
            };
            check_never_panics(&format!("{name} value round {round}"), &mutated);
        }
    }

    /// Walks to a random node and replaces it, removes a member, or renames a key.
    fn mutate(value: &mut Value, rng: &mut Rng, pool: &[Value]) {
        let mut node = value;
        loop {
            let children = match node {
                Value::Object(map) => map.len(),
                Value::Array(items) => items.len(),
                _ => 0,
            };
            if children == 0 || rng.below(4) == 0 {
                break;
            }
            let i = rng.below(children);
            node = match node {
                Value::Object(map) => map.values_mut().nth(i).expect("in range"),
                Value::Array(items) => &mut items[i],
                _ => unreachable!("has children"),
            };
        }
        match (rng.below(3), &mut *node) {
            (0, Value::Object(map)) if !map.is_empty() => {
                // Rebuilt rather than `shift_remove`d: that needs serde_json's
                // `preserve_order`, which only the CLI enables.
                let mut members: Vec<(String, Value)> = std::mem::take(map).into_iter().collect();
                let (key, member) = members.remove(rng.below(members.len()));
                if rng.below(2) == 0 {
                    members.push((format!("{key}X"), member));
                }
                *map = members.into_iter().collect();
            }
            (1, Value::Array(items)) if !items.is_empty() => {
                let copy = items[rng.below(items.len())].clone();
                items.push(copy);
            }
            _ => *node = rng.pick(pool).clone(),
        }
    }
}

#[test]
fn hostile_texts_never_panic() {
    let deep = format!(
        "{{\"errtable\": 1, \"name\": \"x\", \"errors\": {}{}}}",
        "[".repeat(5000),
        "]".repeat(5000)
    );
    let deep_object = format!("{}{}", "{\"a\":".repeat(200), "}".repeat(200));
    let texts: Vec<String> = vec![
        String::new(),
        " ".into(),
        "\u{feff}{}".into(),
        "{}".into(),
        "null".into(),
        "{\"errtable\": 1e400}".into(),
        "{\"errtable\": 18446744073709551616}".into(),
        "{\"name\": \"\\ud800\"}".into(),
        "{\"errors\": [{\"code\": 9223372036854775808}]}".into(),
        "{\"errors\": [{\"code\": -9223372036854775808, \"status\": [-9223372036854775808]}]}"
            .into(),
        "{\"\u{0}\": \"\u{0}\"}".into(),
        "\"\\".into(),
        "{\"a\":\"é".into(),
        deep,
        deep_object,
    ];
    for text in &texts {
        check_never_panics("a hostile text", text);
    }
}
