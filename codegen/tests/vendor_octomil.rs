//! `specs/octomil.json` against the Octomil doc (vendor-docs/003_d6c7103f8aa0599e.txt):
//! every status-table row, the scenario codes, the headers and the retry guidance.

mod common;

use common::{
    EntryRow, ResolutionRow, Wire, delay_sources, entry, load, resolve, scope_variants, sources,
};
use errtable_codegen::model::{Backoff as Policy, RetryClass};

use RetryClass::{After, Backoff, Never};

#[test]
fn names_the_vendor_doc() {
    let catalog = load("octomil");
    assert_eq!(catalog.name, "octomil");
    assert_eq!(catalog.title.as_deref(), Some("Octomil API"));
    let source = catalog.source.as_deref().unwrap_or_default();
    assert!(source.contains("vendor-docs/003_d6c7103f8aa0599e.txt"), "source: {source}");
}

#[test]
fn every_documented_code_has_its_entry() {
    // variant, code, statuses, status default, retry class
    #[rustfmt::skip]
    let rows: &[EntryRow] = &[
        // "HTTP Status Codes"
        ("BadRequest",          Wire::Str("bad_request"),          &[400], false, Never),
        ("Unauthorized",        Wire::Str("unauthorized"),         &[401], false, Never),
        ("Forbidden",           Wire::Str("forbidden"),            &[403], false, Never),
        ("NotFound",            Wire::Str("not_found"),            &[404], false, Never),
        ("Conflict",            Wire::Str("conflict"),             &[409], false, Never),
        ("ValidationError",     Wire::Str("validation_error"),     &[422], false, Never),
        ("RateLimited",         Wire::Str("rate_limited"),         &[429], false, After),
        ("InternalError",       Wire::Str("internal_error"),       &[500], true,  Backoff),
        ("ServiceUnavailable",  Wire::Str("service_unavailable"),  &[503], true,  Backoff),
        // "Common Error Scenarios"
        ("InsufficientClients", Wire::Str("insufficient_clients"), &[400], false, Never),
        ("PayloadTooLarge",     Wire::Str("payload_too_large"),    &[413], false, Never),
    ];
    let catalog = load("octomil");
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
        assert!(e.fields.is_empty(), "{variant}: `status_code` is metadata, not a field");
    }
    // "Model file exceeds the upload size limit (default: 2 GB). Use model compression or
    // chunked upload"
    let too_large = entry(&catalog, "PayloadTooLarge");
    assert!(too_large.description.contains("2 GB"), "{}", too_large.description);
    assert!(too_large.resolution.as_deref().unwrap_or_default().contains("chunked"));
    // "Control plane: 100 req/min per device."
    let limited = &entry(&catalog, "RateLimited").description;
    assert!(limited.contains("100 req/min per device"), "{limited}");
}

#[test]
fn responses_resolve_to_the_documented_entry() {
    // case, code, status, variant (None: unknown fallback), retry class
    #[rustfmt::skip]
    let rows: &[ResolutionRow] = &[
        ("400",                     Some("bad_request"),          400, Some("BadRequest"),          Never),
        ("400 training round",      Some("insufficient_clients"), 400, Some("InsufficientClients"), Never),
        ("400 without code",        None,                         400, None,                        Never),
        ("401",                     Some("unauthorized"),         401, Some("Unauthorized"),        Never),
        ("403",                     Some("forbidden"),            403, Some("Forbidden"),           Never),
        ("404",                     Some("not_found"),            404, Some("NotFound"),            Never),
        ("409 device registration", Some("conflict"),             409, Some("Conflict"),            Never),
        ("413 model upload",        Some("payload_too_large"),    413, Some("PayloadTooLarge"),     Never),
        ("413 without code",        None,                         413, None,                        Never),
        ("422",                     Some("validation_error"),     422, Some("ValidationError"),     Never),
        ("429",                     Some("rate_limited"),         429, Some("RateLimited"),         After),
        ("429 without code",        None,                         429, None,                        After),
        ("500",                     Some("internal_error"),       500, Some("InternalError"),       Backoff),
        ("500 without code",        None,                         500, Some("InternalError"),       Backoff),
        ("503",                     Some("service_unavailable"),  503, Some("ServiceUnavailable"),  Backoff),
        ("503 from a proxy",        Some("upstream_overloaded"),  503, Some("ServiceUnavailable"),  Backoff),
        ("502 without code",        None,                         502, None,                        Backoff),
    ];
    let catalog = load("octomil");
    for &(case, code, status, variant, retry) in rows {
        let got = resolve(&catalog, &catalog.global, code, status);
        assert_eq!(got, (variant, retry), "{case}: code {code:?}, status {status}");
    }
}

#[test]
fn envelope_and_headers() {
    let catalog = load("octomil");
    let envelope = &catalog.envelope;
    // {"error": "error_code", "message": "...", "status_code": 400}
    assert_eq!(sources(&envelope.code), ["body /error"], "code");
    assert_eq!(sources(&envelope.message), ["body /message"], "message");
    // "contact support with the X-Request-Id header value"
    assert_eq!(sources(&envelope.request_id), ["header X-Request-Id"], "request id");
    assert!(catalog.embedded.is_empty());
    assert!(catalog.operations.is_empty());
    assert!(catalog.types.is_empty());
}

#[test]
fn retry_keeps_the_default_policy() {
    let catalog = load("octomil");
    let retry = &catalog.retry;
    // "Wait for the duration specified in the Retry-After header."
    assert_eq!(delay_sources(&retry.delay_from), ["header Retry-After"]);
    assert_eq!(retry.transport, Backoff);
    // "Retry with exponential backoff" gives no numbers: errtable's default applies.
    assert!(!retry.backoff_stated, "the doc states no backoff numbers");
    assert_eq!(retry.backoff, Policy::DEFAULT);
    let description = catalog.description.as_deref().unwrap_or_default();
    assert!(description.contains("no backoff numbers"), "{description}");
}
