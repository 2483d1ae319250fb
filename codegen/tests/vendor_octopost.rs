//! `specs/octopost.json` against the Octopost doc (vendor-docs/001_31af42cf7c23e228.txt):
//! every code, status, `details` field and row of "Retryable vs Non-Retryable Errors".

mod common;

use common::{
    EntryRow, FieldRow, ResolutionRow, Wire, delay_sources, entry, fields, load, owned, resolve,
    scope_variants, sources,
};
use errtable_codegen::model::{FieldType, Jitter, RetryClass};

use RetryClass::{After, Backoff, Never};

#[test]
fn names_the_vendor_doc() {
    let catalog = load("octopost");
    assert_eq!(catalog.name, "octopost");
    assert_eq!(catalog.title.as_deref(), Some("Octopost API"));
    let source = catalog.source.as_deref().unwrap_or_default();
    assert!(source.contains("vendor-docs/001_31af42cf7c23e228.txt"), "source: {source}");
}

#[test]
fn every_documented_error_has_its_entry() {
    // variant, code, statuses, status default, retry class
    #[rustfmt::skip]
    let rows: &[EntryRow] = &[
        ("BadRequest",         Wire::Str("bad_request"),      &[400], false, Never),
        ("Unauthorized",       Wire::Str("unauthorized"),     &[401], false, Never),
        ("Forbidden",          Wire::Str("forbidden"),        &[403], false, Never),
        ("NotFound",           Wire::Str("not_found"),        &[404], false, Never),
        ("Conflict",           Wire::Str("conflict"),         &[409], false, Never),
        ("ValidationError",    Wire::Str("validation_error"), &[422], false, Never),
        ("RateLimited",        Wire::Str("rate_limited"),     &[429], true,  After),
        ("ServerError",        Wire::Str("server_error"),     &[500], true,  Backoff),
        // "- | 502 | Retry with exponential backoff.": no code, no body of Octopost's own
        ("BadGateway",         Wire::None,                    &[502], true,  Backoff),
        ("ServiceUnavailable", Wire::None,                    &[503], true,  Backoff),
        ("GatewayTimeout",     Wire::None,                    &[504], true,  Backoff),
    ];
    let catalog = load("octopost");
    let expected: Vec<&str> = rows.iter().map(|row| row.0).collect();
    assert_eq!(scope_variants(&catalog, &catalog.global), expected, "global table");
    assert_eq!(catalog.entries.len(), rows.len(), "entries besides the global table");
    for &(variant, code, statuses, status_default, retry) in rows {
        let e = entry(&catalog, variant);
        assert!(code.matches(e.code.as_ref()), "{variant}: code {:?}, expected {code:?}", e.code);
        assert_eq!(e.statuses, statuses, "{variant}: statuses");
        assert_eq!(e.is_status_default(), status_default, "{variant}: status default");
        assert_eq!(e.retry, retry, "{variant}: retry");
        assert!(e.resolution.is_some(), "{variant}: resolution");
    }
}

#[test]
fn responses_resolve_to_the_documented_entry() {
    // case, code, status, variant (None: unknown fallback), retry class
    #[rustfmt::skip]
    let rows: &[ResolutionRow] = &[
        ("400",              Some("bad_request"),      400, Some("BadRequest"),         Never),
        ("401",              Some("unauthorized"),     401, Some("Unauthorized"),       Never),
        ("403",              Some("forbidden"),        403, Some("Forbidden"),          Never),
        ("404",              Some("not_found"),        404, Some("NotFound"),           Never),
        ("409",              Some("conflict"),         409, Some("Conflict"),           Never),
        ("422",              Some("validation_error"), 422, Some("ValidationError"),    Never),
        ("429",              Some("rate_limited"),     429, Some("RateLimited"),        After),
        ("429 without code", None,                     429, Some("RateLimited"),        After),
        ("500",              Some("server_error"),     500, Some("ServerError"),        Backoff),
        ("500 unknown code", Some("database_error"),   500, Some("ServerError"),        Backoff),
        ("502 without body", None,                     502, Some("BadGateway"),         Backoff),
        ("503 without body", None,                     503, Some("ServiceUnavailable"), Backoff),
        ("504 without body", None,                     504, Some("GatewayTimeout"),     Backoff),
        ("400 without code", None,                     400, None,                       Never),
        ("other 5xx",        None,                     501, None,                       Backoff),
    ];
    let catalog = load("octopost");
    for &(case, code, status, variant, retry) in rows {
        let got = resolve(&catalog, &catalog.global, code, status);
        assert_eq!(got, (variant, retry), "{case}: code {code:?}, status {status}");
    }
}

#[test]
fn envelope_reads_error_and_code() {
    let catalog = load("octopost");
    assert_eq!(sources(&catalog.envelope.code), ["body /code"], "code");
    assert_eq!(sources(&catalog.envelope.message), ["body /error"], "message");
    assert!(catalog.envelope.request_id.is_empty(), "the doc names no request id");
    assert!(catalog.embedded.is_empty());
    assert!(catalog.operations.is_empty());
}

#[test]
fn retry_follows_the_retryable_table() {
    let catalog = load("octopost");
    let retry = &catalog.retry;
    assert_eq!(delay_sources(&retry.delay_from), ["header Retry-After"]);
    assert_eq!(retry.transport, Backoff);
    assert!(retry.backoff_stated);
    // "Retry with exponential backoff (1s, 2s, 4s, 8s). Maximum 5 retries."
    let b = &retry.backoff;
    #[rustfmt::skip]
    let rows: &[(&str, f64, f64)] = &[
        ("initial_delay_ms", b.initial().as_millis() as f64, 1000.0),
        ("factor",           b.factor(),                  2.0),
        ("max_delay_ms",     b.max_delay().as_millis() as f64,     16_000.0),
        ("max_attempts",     f64::from(b.max_attempts()), 6.0),
    ];
    for &(name, got, expected) in rows {
        assert_eq!(got, expected, "backoff {name}");
    }
    assert_eq!(b.jitter(), Jitter::None, "backoff jitter");
    // "Wait for `Retry-After` header or `details.retry_after` seconds."
    let limited = entry(&catalog, "RateLimited");
    assert_eq!(
        delay_sources(limited.delay_from.as_deref().unwrap_or_default()),
        ["header Retry-After", "body_seconds /details/retry_after"],
    );
    for e in catalog.entries.iter().filter(|e| e.variant != "RateLimited") {
        assert_eq!(e.delay_from, None, "{}: own delay sources", e.variant);
    }
}

#[test]
fn details_are_typed_fields() {
    // variant, then each field: vendor name, rust name, type, sources
    #[rustfmt::skip]
    let rows: &[(&str, &[FieldRow])] = &[
        ("ValidationError", &[
            ("fields",      "fields",      "map<string>", &["body /details/fields"]),
        ]),
        ("RateLimited", &[
            ("limit",       "limit",       "integer",     &["body /details/limit"]),
            ("remaining",   "remaining",   "integer",     &["body /details/remaining"]),
            ("reset_at",    "reset_at",    "string",      &["body /details/reset_at"]),
            ("retry_after", "retry_after", "integer",     &["body /details/retry_after"]),
        ]),
    ];
    let catalog = load("octopost");
    for &(variant, expected) in rows {
        let got = fields(&catalog, entry(&catalog, variant));
        assert_eq!(got, owned(expected), "{variant}: fields");
    }
    let validation = entry(&catalog, "ValidationError");
    assert_eq!(validation.fields[0].ty, FieldType::StringMap);
    for e in catalog.entries.iter().filter(|e| !rows.iter().any(|row| row.0 == e.variant)) {
        assert!(e.fields.is_empty(), "{}: the doc gives no fields", e.variant);
    }
}
