//! `specs/octogen.json` against the Octogen doc (vendor-docs/000_2c4a7ab102f34fe7.txt):
//! every status, `detail` code, SDK exception, retry rule and backoff number it gives.

mod common;

use common::{
    EntryRow, FieldRow, ResolutionRow, Wire, delay_sources, entry, fields, load, resolve,
    scope_variants, sources,
};
use errtable_codegen::model::{FieldType, Jitter, RetryClass};

use RetryClass::{After, Backoff, Never};

#[test]
fn names_the_vendor_doc() {
    let catalog = load("octogen");
    assert_eq!(catalog.name, "octogen");
    assert_eq!(catalog.title.as_deref(), Some("Octogen API"));
    let source = catalog.source.as_deref().unwrap_or_default();
    assert!(source.contains("vendor-docs/000_2c4a7ab102f34fe7.txt"), "source: {source}");
    let description = catalog.description.as_deref().unwrap_or_default();
    // "This guide covers the REST API only": MCP tool errors (HTTP 200 + `error`) are out of scope.
    assert!(description.contains("MCP") && description.contains("REST API only"), "{description}");
}

#[test]
fn every_documented_error_has_its_entry() {
    // variant, `detail` code, statuses, status default, retry class
    #[rustfmt::skip]
    let rows: &[EntryRow] = &[
        ("Unauthorized",    Wire::None,                       &[401], true,  Never),
        ("Forbidden",       Wire::None,                       &[403], true,  Never),
        ("CatalogNotFound", Wire::Str("catalog_not_found"),   &[404], false, Never),
        ("ProductNotFound", Wire::Str("product_not_found"),   &[404], false, Never),
        ("NotFound",        Wire::None,                       &[404], true,  Never),
        ("ValidationError", Wire::None,                       &[422], true,  Never),
        ("RateLimited",     Wire::Str("rate_limit_exceeded"), &[429], true,  After),
        ("ServerError",     Wire::None,                       &[500, 502, 503, 504], true, Backoff),
    ];
    let catalog = load("octogen");
    let expected: Vec<&str> = rows.iter().map(|row| row.0).collect();
    assert_eq!(scope_variants(&catalog, &catalog.global), expected, "global table");
    assert_eq!(catalog.entries.len(), rows.len(), "entries besides the global table");
    for &(variant, code, statuses, status_default, retry) in rows {
        let e = entry(&catalog, variant);
        assert!(code.matches(e.code.as_ref()), "{variant}: code {:?}, expected {code:?}", e.code);
        assert_eq!(e.statuses, statuses, "{variant}: statuses");
        assert_eq!(e.is_status_default(), status_default, "{variant}: status default");
        assert_eq!(e.retry, retry, "{variant}: retry");
        assert_eq!(e.delay_from, None, "{variant}: own delay sources");
        assert!(e.resolution.is_some(), "{variant}: resolution");
    }
}

#[test]
fn descriptions_name_the_sdk_exceptions() {
    // variant, the SDK exception the doc names for it
    let rows = [
        ("Unauthorized", "OctogenAuthenticationError"),
        ("Forbidden", "OctogenForbiddenError"),
        ("CatalogNotFound", "OctogenNotFoundError"),
        ("ProductNotFound", "OctogenNotFoundError"),
        ("NotFound", "OctogenNotFoundError"),
        ("ValidationError", "OctogenValidationError"),
        ("RateLimited", "OctogenAPIError"),
        ("ServerError", "OctogenAPIError"),
    ];
    let catalog = load("octogen");
    for (variant, exception) in rows {
        let description = &entry(&catalog, variant).description;
        assert!(description.contains(exception), "{variant}: {description}");
    }
}

#[test]
fn responses_resolve_to_the_documented_entry() {
    // case, `detail` (as a code), status, variant (None: unknown fallback), retry class
    #[rustfmt::skip]
    let rows: &[ResolutionRow] = &[
        ("401 with free text",  Some("Invalid API key"),       401, Some("Unauthorized"),    Never),
        ("401 without detail",  None,                          401, Some("Unauthorized"),    Never),
        ("403",                 Some("Forbidden"),             403, Some("Forbidden"),       Never),
        ("404 catalog",         Some("catalog_not_found"),     404, Some("CatalogNotFound"), Never),
        ("404 product",         Some("product_not_found"),     404, Some("ProductNotFound"), Never),
        ("404 free text",       Some("Not Found"),             404, Some("NotFound"),        Never),
        ("404 without detail",  None,                          404, Some("NotFound"),        Never),
        ("422 detail list",     None,                          422, Some("ValidationError"), Never),
        ("429 documented",      Some("rate_limit_exceeded"),   429, Some("RateLimited"),     After),
        ("429 other text",      Some("Too Many Requests"),     429, Some("RateLimited"),     After),
        ("429 without detail",  None,                          429, Some("RateLimited"),     After),
        ("500",                 Some("Internal Server Error"), 500, Some("ServerError"),     Backoff),
        ("502",                 None,                          502, Some("ServerError"),     Backoff),
        ("503",                 None,                          503, Some("ServerError"),     Backoff),
        ("504",                 None,                          504, Some("ServerError"),     Backoff),
        ("other 5xx",           None,                          501, None,                    Backoff),
        ("undocumented 4xx",    Some("Bad Request"),           400, None,                    Never),
        ("undocumented 409",    None,                          409, None,                    Never),
    ];
    let catalog = load("octogen");
    for &(case, code, status, variant, retry) in rows {
        let got = resolve(&catalog, &catalog.global, code, status);
        assert_eq!(got, (variant, retry), "{case}: detail {code:?}, status {status}");
    }
    assert_eq!(catalog.unknown.variant, "Unknown");
}

#[test]
fn envelope_reads_the_fastapi_detail() {
    let catalog = load("octogen");
    assert_eq!(sources(&catalog.envelope.code), ["body /detail"], "code");
    assert_eq!(
        sources(&catalog.envelope.message),
        ["body /detail", "body /detail/0/msg"],
        "message"
    );
    assert!(catalog.envelope.request_id.is_empty(), "the doc names no request id");
    assert!(catalog.embedded.is_empty(), "MCP tool errors are out of scope");
    assert!(catalog.operations.is_empty());
}

#[test]
fn retry_follows_the_retry_guidance() {
    let catalog = load("octogen");
    let retry = &catalog.retry;
    // "a Retry-After header with the number of seconds to wait"
    assert_eq!(delay_sources(&retry.delay_from), ["header Retry-After"]);
    // "OctogenConnectionError | Yes | Retry with exponential backoff"
    assert_eq!(retry.transport, Backoff);
    assert!(retry.backoff_stated);
    // "with jitter. Start with a 1-second delay, double on each retry, and cap at 30
    // seconds. After three to five failed attempts, surface the error"
    let b = &retry.backoff;
    #[rustfmt::skip]
    let rows: &[(&str, f64, f64)] = &[
        ("initial_delay_ms", b.initial().as_millis() as f64,  1000.0),
        ("factor",           b.factor(),                   2.0),
        ("max_delay_ms",     b.max_delay().as_millis() as f64,      30_000.0),
        ("max_attempts",     f64::from(b.max_attempts()),  5.0),
    ];
    for &(name, got, expected) in rows {
        assert_eq!(got, expected, "backoff {name}");
    }
    assert_eq!(b.jitter(), Jitter::Full, "backoff jitter");
    let description = catalog.retry.backoff_description.as_deref().unwrap_or_default();
    assert!(description.contains("three to five failed attempts"), "{description}");
}

#[test]
fn validation_error_carries_the_detail_list() {
    let catalog = load("octogen");
    let validation = entry(&catalog, "ValidationError");
    assert_eq!(
        fields(&catalog, validation),
        [(
            "detail".to_owned(),
            "detail".to_owned(),
            "list<ValidationIssue>".to_owned(),
            vec!["body /detail".to_owned()]
        )],
    );
    let FieldType::ObjectList(ty) = validation.fields[0].ty else {
        panic!("detail is not a list of an object type: {:?}", validation.fields[0].ty);
    };
    let issue = &catalog.types[usize::from(ty)];
    assert_eq!(issue.name, "ValidationIssue");
    // Sources are relative to each entry of `detail`.
    #[rustfmt::skip]
    let rows: &[FieldRow] = &[
        ("loc",  "loc",  "list<string>", &["body /loc"]),
        ("msg",  "msg",  "string",       &["body /msg"]),
        ("type", "type", "string",       &["body /type"]),
    ];
    assert_eq!(issue.fields.len(), rows.len(), "ValidationIssue fields");
    for (field, &(name, rust_name, ty, from)) in issue.fields.iter().zip(rows) {
        assert_eq!(field.name, name);
        assert_eq!(field.rust_name, rust_name, "{name}: rust name");
        assert_eq!(catalog.type_spelling(field.ty), ty, "{name}: type");
        assert_eq!(sources(&field.from), from, "{name}: sources");
    }
    for e in catalog.entries.iter().filter(|e| e.variant != "ValidationError") {
        assert!(e.fields.is_empty(), "{}: the doc gives no fields", e.variant);
    }
}
