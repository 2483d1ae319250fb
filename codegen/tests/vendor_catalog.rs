//! `specs/catalog.json` against the Catalog API doc (vendor-docs/002_f22248c36f5983cc.txt):
//! every code, status, root-level field, 200 OK logical error and retry rule it gives.

mod common;

use common::{
    EntryRow, FieldRow, ResolutionRow, Wire, delay_sources, entry, fields, load, owned, resolve,
    scope_variants, sources,
};
use errtable_codegen::interpret::eval;
use errtable_codegen::json::{self, Json};
use errtable_codegen::model::{FieldType, Jitter, RetryClass, Scalar, Source};
use serde_json::json;

use RetryClass::{After, Backoff, Never};

#[test]
fn names_the_vendor_doc() {
    let catalog = load("catalog");
    assert_eq!(catalog.name, "catalog");
    assert_eq!(catalog.title.as_deref(), Some("Catalog API"));
    let source = catalog.source.as_deref().unwrap_or_default();
    assert!(source.contains("vendor-docs/002_f22248c36f5983cc.txt"), "source: {source}");
}

#[test]
fn every_documented_code_has_its_entry() {
    // variant, code, statuses, status default, retry class
    #[rustfmt::skip]
    let rows: &[EntryRow] = &[
        ("Unauthorized",        Wire::Str("UNAUTHORIZED"),         &[401], false, Never),
        ("Forbidden",           Wire::Str("FORBIDDEN"),            &[403], false, Never),
        ("InvalidRequest",      Wire::Str("INVALID_REQUEST"),      &[400], false, Never),
        ("ValidationError",     Wire::Str("VALIDATION_ERROR"),     &[400], false, Never),
        ("NotFound",            Wire::Str("NOT_FOUND"),            &[404], false, Never),
        ("Conflict",            Wire::Str("CONFLICT"),             &[409], false, Never),
        // The prose calls 402 transient; the doc's own retry code refuses to retry it.
        ("InsufficientCredits", Wire::Str("INSUFFICIENT_CREDITS"), &[402], false, Never),
        ("RateLimited",         Wire::Str("RATE_LIMITED"),         &[429], false, After),
        ("InternalError",       Wire::Str("INTERNAL_ERROR"),       &[500], true,  Backoff),
        ("VendorNotSupported",  Wire::Str("VENDOR_NOT_SUPPORTED"), &[200], false, Never),
    ];
    let catalog = load("catalog");
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
    let credits = &entry(&catalog, "InsufficientCredits").description;
    assert!(credits.contains("402, 429, 500") && credits.contains("don't retry"), "{credits}");
}

#[test]
fn every_status_of_the_status_table_is_covered() {
    // "HTTP status codes": every error status has at least one entry.
    let catalog = load("catalog");
    for status in [400, 401, 402, 403, 404, 409, 429, 500] {
        let covered = catalog.entries.iter().any(|e| e.statuses.contains(&status));
        assert!(covered, "status {status} has no entry");
    }
}

#[test]
fn responses_resolve_to_the_documented_entry() {
    // case, code, status, variant (None: unknown fallback), retry class
    #[rustfmt::skip]
    let rows: &[ResolutionRow] = &[
        ("401",                      Some("UNAUTHORIZED"),         401, Some("Unauthorized"),        Never),
        ("403",                      Some("FORBIDDEN"),            403, Some("Forbidden"),           Never),
        ("400 invalid",              Some("INVALID_REQUEST"),      400, Some("InvalidRequest"),      Never),
        ("400 validation",           Some("VALIDATION_ERROR"),     400, Some("ValidationError"),     Never),
        ("400 without code",         None,                         400, None,                        Never),
        ("404",                      Some("NOT_FOUND"),            404, Some("NotFound"),            Never),
        ("409",                      Some("CONFLICT"),             409, Some("Conflict"),            Never),
        ("402 is never retried",     Some("INSUFFICIENT_CREDITS"), 402, Some("InsufficientCredits"), Never),
        ("402 without code",         None,                         402, None,                        Never),
        ("429",                      Some("RATE_LIMITED"),         429, Some("RateLimited"),         After),
        ("429 without code",         None,                         429, None,                        After),
        ("500",                      Some("INTERNAL_ERROR"),       500, Some("InternalError"),       Backoff),
        ("500 unknown code",         Some("DATABASE_DOWN"),        500, Some("InternalError"),       Backoff),
        ("500 without code",         None,                         500, Some("InternalError"),       Backoff),
        ("502 without code",         None,                         502, None,                        Backoff),
        ("200 vendor not supported", Some("VENDOR_NOT_SUPPORTED"), 200, Some("VendorNotSupported"),  Never),
        ("200 other outcome",        Some("PRODUCT_UNAVAILABLE"),  200, None,                        Never),
    ];
    let catalog = load("catalog");
    for &(case, code, status, variant, retry) in rows {
        let got = resolve(&catalog, &catalog.global, code, status);
        assert_eq!(got, (variant, retry), "{case}: code {code:?}, status {status}");
    }
}

#[test]
fn envelope_reads_the_error_object_and_request_id_header() {
    let catalog = load("catalog");
    let envelope = &catalog.envelope;
    assert_eq!(sources(&envelope.code), ["body /error/code"], "code");
    assert_eq!(sources(&envelope.message), ["body /error/message"], "message");
    // The doc's own code: `response.headers.get('Request-ID') || error.error?.request_id`.
    let request_id = ["header Request-ID", "body /error/request_id"];
    assert_eq!(sources(&envelope.request_id), request_id, "request id");
    assert!(catalog.operations.is_empty());
}

/// An expected embedded rule: name, items, when pointer, equals, code, message, request id.
type RuleRow = (
    &'static str,
    Option<&'static str>,
    &'static str,
    Scalar,
    &'static [&'static str],
    &'static [&'static str],
    &'static [&'static str],
);

#[test]
fn embedded_rules_find_logical_errors_in_200_responses() {
    #[rustfmt::skip]
    let rows: [RuleRow; 2] = [
        ("single_product", None,              "/meta/found", Scalar::Bool(false), &["body /meta/outcome"], &[], &["header Request-ID"]),
        ("bulk_products",  Some("/products"), "/success",    Scalar::Bool(false), &["body /outcome"],      &[], &["header Request-ID"]),
    ];
    let catalog = load("catalog");
    assert_eq!(catalog.embedded.len(), rows.len(), "embedded rules");
    for (rule, (name, items, when, equals, code, message, request_id)) in
        catalog.embedded.iter().zip(&rows)
    {
        assert_eq!(rule.name, *name);
        assert_eq!(rule.envelope.items.as_ref().map(|p| p.as_str()), *items, "{name}: items");
        assert_eq!(rule.when.as_str(), *when, "{name}: when pointer");
        assert_eq!(&rule.equals, equals, "{name}: when equals");
        assert_eq!(sources(&rule.envelope.code), *code, "{name}: code");
        assert_eq!(sources(&rule.envelope.message), *message, "{name}: message");
        assert_eq!(sources(&rule.envelope.request_id), *request_id, "{name}: request id");
    }
}

#[test]
fn embedded_rules_read_the_doc_examples() {
    // The doc's two examples: the `when` pointer marks the failure (a successful bulk item
    // is not one), the code pointer finds the outcome, the `url` field finds the URL.
    let single = tree(json!({"product": null, "meta": {
        "found": false, "url": "https://example.com/invalid-product", "outcome": "VENDOR_NOT_SUPPORTED"
    }}));
    let bulk = tree(json!({"products": [
        {"url": "https://valid-store.com/product", "success": true, "product": {}},
        {"url": "https://invalid-store.com/product", "success": false, "product": null,
         "outcome": "VENDOR_NOT_SUPPORTED"}
    ], "meta": {"total_requested": 2, "total_successful": 1, "total_failed": 1}}));
    let catalog = load("catalog");
    let url = &entry(&catalog, "VendorNotSupported").fields[0];
    let first_present = |sources: &[Source], doc: &Json| {
        sources.iter().find_map(|s| match s {
            Source::Body(p) => eval(p, doc).cloned(),
            Source::Header(_) => None,
        })
    };

    let single_rule = &catalog.embedded[0];
    assert_eq!(eval(&single_rule.when, &single), Some(&tree(json!(false))));
    let code = first_present(&single_rule.envelope.code, &single);
    assert_eq!(code, Some(tree(json!("VENDOR_NOT_SUPPORTED"))), "single: code");
    let found = first_present(&url.from, &single);
    assert_eq!(found, Some(tree(json!("https://example.com/invalid-product"))), "single: url");

    let bulk_rule = &catalog.embedded[1];
    let Some(Json::Array(items)) = eval(bulk_rule.envelope.items.as_ref().unwrap(), &bulk) else {
        panic!("bulk items")
    };
    let failed: Vec<usize> = (0..items.len())
        .filter(|&i| eval(&bulk_rule.when, &items[i]) == Some(&tree(json!(false))))
        .collect();
    assert_eq!(failed, [1], "failed bulk items");
    let code = first_present(&bulk_rule.envelope.code, &items[1]);
    assert_eq!(code, Some(tree(json!("VENDOR_NOT_SUPPORTED"))), "bulk: code");
    let found = first_present(&url.from, &items[1]);
    assert_eq!(found, Some(tree(json!("https://invalid-store.com/product"))), "bulk: url");
}

#[test]
fn retry_follows_the_retry_example() {
    let catalog = load("catalog");
    let retry = &catalog.retry;
    // `const retryAfter = response.headers.get('Retry-After');`
    assert_eq!(delay_sources(&retry.delay_from), ["header Retry-After"]);
    assert_eq!(retry.transport, Backoff);
    assert!(retry.backoff_stated);
    // `maxRetries = 3`, `Math.pow(2, attempt) * 1000; // 1s, 2s, 4s`
    let b = &retry.backoff;
    #[rustfmt::skip]
    let rows: &[(&str, f64, f64)] = &[
        ("initial_delay_ms", b.initial().as_millis() as f64, 1000.0),
        ("factor",           b.factor(),                  2.0),
        ("max_delay_ms",     b.max_delay().as_millis() as f64,     4000.0),
        ("max_attempts",     f64::from(b.max_attempts()), 4.0),
    ];
    for &(name, got, expected) in rows {
        assert_eq!(got, expected, "backoff {name}");
    }
    assert_eq!(b.jitter(), Jitter::None, "backoff jitter");
    let description = catalog.retry.backoff_description.as_deref().unwrap_or_default();
    let quotes = description.contains("maxRetries = 3") && description.contains("1s, 2s, 4s");
    assert!(quotes, "{description}");
}

#[test]
fn root_level_extras_are_typed_fields() {
    // variant, then each field: vendor name, rust name, type, sources
    #[rustfmt::skip]
    let rows: &[(&str, &[FieldRow])] = &[
        ("ValidationError", &[
            ("invalid_urls", "invalid_urls", "list<string>", &["body /invalid_urls"]),
        ]),
        ("InsufficientCredits", &[
            ("credits_needed",    "credits_needed",    "integer", &["body /credits_needed"]),
            ("credits_remaining", "credits_remaining", "integer", &["body /credits_remaining"]),
        ]),
        ("RateLimited", &[
            ("rate_limit_remaining", "rate_limit_remaining", "integer", &["header RateLimit-Remaining"]),
        ]),
        ("VendorNotSupported", &[
            ("url", "url", "string", &["body /meta/url", "body /url"]),
        ]),
    ];
    let catalog = load("catalog");
    for &(variant, expected) in rows {
        let got = fields(&catalog, entry(&catalog, variant));
        assert_eq!(got, owned(expected), "{variant}: fields");
    }
    let credits = entry(&catalog, "InsufficientCredits");
    assert_eq!(credits.fields[0].ty, FieldType::Integer);
    let validation = entry(&catalog, "ValidationError");
    assert_eq!(validation.fields[0].ty, FieldType::StringList);
    for e in catalog.entries.iter().filter(|e| !rows.iter().any(|row| row.0 == e.variant)) {
        assert!(e.fields.is_empty(), "{}: the doc gives no fields", e.variant);
    }
    assert!(catalog.types.is_empty());
}

/// A `json!` document as the interpreter reads bodies.
fn tree(value: serde_json::Value) -> Json {
    json::parse(value.to_string().as_bytes()).expect("valid JSON")
}
