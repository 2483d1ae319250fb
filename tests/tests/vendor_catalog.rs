//! Catalog API (vendor-docs/002): nested error objects, root-level extras, the
//! `Request-ID` header, and errors inside 200 OK bodies, through the generated
//! `CatalogError`.

mod common;

use common::{Expect, check, one, secs};
use errtable::{Backoff, Jitter, NoHeaders, Retry, RetryClass};
use errtable_tests::catalog::CatalogError;

const INSUFFICIENT_CREDITS: &str = r#"{
  "error": {
    "code": "INSUFFICIENT_CREDITS",
    "message": "Insufficient credits",
    "request_id": "req_01HZ..."
  },
  "credits_needed": 100,
  "credits_remaining": 50
}"#;
const VALIDATION: &str = r#"{
  "error": {
    "code": "VALIDATION_ERROR",
    "message": "One or more URLs have invalid format",
    "request_id": "req_01HZ..."
  },
  "invalid_urls": [
    "Index 0: https://invalid-url - invalid format",
    "Index 2: not-a-url - invalid format"
  ]
}"#;
const VALIDATION_SHORT: &str = r#"{
  "error": {
    "code": "VALIDATION_ERROR",
    "message": "One or more URLs have invalid format",
    "request_id": "req_abc123"
  },
  "invalid_urls": [
    "Index 0: https://invalid-url - invalid format"
  ]
}"#;
const NOT_FOUND: &str = r#"{
  "error": {
    "code": "NOT_FOUND",
    "message": "Execution not found",
    "request_id": "req_01HZ..."
  }
}"#;
const CONFLICT: &str = r#"{
  "error": {
    "code": "CONFLICT",
    "message": "Crawl is currently stopping for example.com. Please wait.",
    "request_id": "req_01HZ..."
  }
}"#;
const SINGLE_NOT_FOUND: &str = r#"{
  "product": null,
  "meta": {
    "found": false,
    "url": "https://example.com/invalid-product",
    "outcome": "VENDOR_NOT_SUPPORTED"
  }
}"#;
const BULK: &str = r#"{
  "products": [
    {
      "url": "https://valid-store.com/product",
      "success": true,
      "product": { "title": "Black dress" }
    },
    {
      "url": "https://invalid-store.com/product",
      "success": false,
      "product": null,
      "outcome": "VENDOR_NOT_SUPPORTED"
    }
  ],
  "meta": {
    "total_requested": 2,
    "total_successful": 1,
    "total_failed": 1
  }
}"#;

#[test]
fn decodes_every_example_payload() {
    #[rustfmt::skip]
    let rows = [
        (402, INSUFFICIENT_CREDITS, "InsufficientCredits", "INSUFFICIENT_CREDITS", "Insufficient credits", "req_01HZ..."),
        (400, VALIDATION, "ValidationError", "VALIDATION_ERROR", "One or more URLs have invalid format", "req_01HZ..."),
        (400, VALIDATION_SHORT, "ValidationError", "VALIDATION_ERROR", "One or more URLs have invalid format", "req_abc123"),
        (404, NOT_FOUND, "NotFound", "NOT_FOUND", "Execution not found", "req_01HZ..."),
        (409, CONFLICT, "Conflict", "CONFLICT", "Crawl is currently stopping for example.com. Please wait.", "req_01HZ..."),
    ];
    for (status, body, variant, code, message, request_id) in rows {
        let error: CatalogError = one(status, &[], body);
        check(
            variant,
            &error,
            body.as_bytes(),
            Expect::new(variant, status).code(code).message(message).request_id(request_id),
        );
    }
}

#[test]
fn root_level_extras_are_typed() {
    let error: CatalogError = one(402, &[], INSUFFICIENT_CREDITS);
    let CatalogError::InsufficientCredits { credits_needed, credits_remaining, .. } = &error else {
        panic!("{error:?}");
    };
    assert_eq!((*credits_needed, *credits_remaining), (Some(100), Some(50)));

    let error: CatalogError = one(400, &[], VALIDATION);
    let CatalogError::ValidationError { invalid_urls: Some(urls), .. } = &error else {
        panic!("{error:?}");
    };
    assert_eq!(
        urls,
        &["Index 0: https://invalid-url - invalid format", "Index 2: not-a-url - invalid format"]
    );
}

#[test]
fn the_request_id_header_comes_first() {
    // `response.headers.get('Request-ID') || error.error?.request_id`
    let error: CatalogError = one(404, &[("request-id", "req_from_header")], NOT_FOUND);
    assert_eq!(error.request_id(), Some("req_from_header"));
    let error: CatalogError = one(404, &[], NOT_FOUND);
    assert_eq!(error.request_id(), Some("req_01HZ..."));
}

#[test]
fn every_documented_code() {
    #[rustfmt::skip]
    let rows = [
        ("UNAUTHORIZED", 401, "Unauthorized", RetryClass::Never),
        ("FORBIDDEN", 403, "Forbidden", RetryClass::Never),
        ("INVALID_REQUEST", 400, "InvalidRequest", RetryClass::Never),
        ("VALIDATION_ERROR", 400, "ValidationError", RetryClass::Never),
        ("NOT_FOUND", 404, "NotFound", RetryClass::Never),
        ("CONFLICT", 409, "Conflict", RetryClass::Never),
        // The doc calls 402 transient in prose but its own code refuses to retry it.
        ("INSUFFICIENT_CREDITS", 402, "InsufficientCredits", RetryClass::Never),
        ("RATE_LIMITED", 429, "RateLimited", RetryClass::After),
        ("INTERNAL_ERROR", 500, "InternalError", RetryClass::Backoff),
    ];
    for (code, status, variant, class) in rows {
        let body =
            format!(r#"{{"error": {{"code": "{code}", "message": "m", "request_id": "r"}}}}"#);
        let error: CatalogError = one(status, &[], &body);
        assert_eq!((error.variant_name(), error.retry_class()), (variant, class), "{code}");
    }
}

#[test]
fn rate_limits_use_the_retry_after_header_and_remaining_budget() {
    let body = r#"{"error": {"code": "RATE_LIMITED", "message": "Too many requests", "request_id": "req_1"}}"#;
    let error: CatalogError = one(429, &[("Retry-After", "3"), ("RateLimit-Remaining", "0")], body);
    assert_eq!(error.retry(), Retry::After(Some(secs(3))));
    let CatalogError::RateLimited { rate_limit_remaining, .. } = &error else {
        panic!("{error:?}")
    };
    assert_eq!(*rate_limit_remaining, Some(0));
}

#[test]
fn server_errors_back_off_whatever_their_status() {
    // `if (response.status === 429 || response.status >= 500)` retries.
    let error: CatalogError = one(500, &[], "<html>oops</html>");
    assert!(error.is_internal_error(), "a bare 500 is the documented internal error");
    assert_eq!(error.retry(), Retry::Backoff);
    let error: CatalogError = one(503, &[], "");
    assert!(error.is_unknown());
    assert_eq!(error.retry(), Retry::Backoff);
    assert_eq!(CatalogError::backoff(), Backoff::new(secs(1), 2.0, secs(4), 4, Jitter::None));
    let delays: Vec<_> = CatalogError::backoff().base_delays().collect();
    assert_eq!(delays, [secs(1), secs(2), secs(4)], "1s, 2s, 4s");
}

#[test]
fn single_product_200_with_found_false_is_an_error() {
    let errors = CatalogError::decode(200, &[("Request-ID", "req_7")], SINGLE_NOT_FOUND.as_bytes());
    assert_eq!(errors.len(), 1);
    let error = &errors[0];
    let expect =
        Expect::new("VendorNotSupported", 200).code("VENDOR_NOT_SUPPORTED").request_id("req_7");
    check("single", error, SINGLE_NOT_FOUND.as_bytes(), expect);
    let CatalogError::VendorNotSupported { url, .. } = error else { panic!() };
    assert_eq!(url.as_deref(), Some("https://example.com/invalid-product"));
}

#[test]
fn bulk_200_reports_each_failed_item_with_its_index() {
    let errors = CatalogError::decode(200, &NoHeaders, BULK.as_bytes());
    assert_eq!(errors.len(), 1, "{errors:?}");
    let error = &errors[0];
    let expect = Expect::new("VendorNotSupported", 200).code("VENDOR_NOT_SUPPORTED").item(1);
    check("bulk", error, BULK.as_bytes(), expect);
    let CatalogError::VendorNotSupported { url, .. } = error else { panic!() };
    assert_eq!(url.as_deref(), Some("https://invalid-store.com/product"));
    assert_eq!(
        error.to_string(),
        format!("VENDOR_NOT_SUPPORTED: {} (item 1)", error.description().unwrap())
    );
}

#[test]
fn bulk_items_with_unknown_outcomes_and_several_failures() {
    let body = r#"{"products": [
        {"url": "a", "success": false, "outcome": "VENDOR_NOT_SUPPORTED"},
        {"url": "b", "success": true},
        {"url": "c", "success": false, "outcome": "TIMEOUT"},
        {"url": "d", "success": false}
    ]}"#;
    let errors = CatalogError::decode(200, &NoHeaders, body.as_bytes());
    let summary: Vec<_> =
        errors.iter().map(|e| (e.variant_name(), e.code(), e.meta().item())).collect();
    assert_eq!(
        summary,
        [
            ("VendorNotSupported", Some("VENDOR_NOT_SUPPORTED"), Some(0)),
            ("Unknown", Some("TIMEOUT"), Some(2)),
            ("Unknown", None, Some(3)),
        ]
    );
    assert!(errors.iter().all(|e| e.retry() == Retry::Never));
}

#[test]
fn successful_200_bodies_carry_no_error() {
    for body in [
        r#"{"product": {"title": "x"}, "meta": {"found": true, "url": "u"}}"#,
        r#"{"products": [{"url": "a", "success": true}], "meta": {"total_failed": 0}}"#,
        r#"{"products": "not a list"}"#,
        "",
        "<html>",
    ] {
        assert!(CatalogError::decode(200, &NoHeaders, body.as_bytes()).is_empty(), "{body}");
    }
}
