//! Octopost (vendor-docs/001): every example payload of the doc, decoded through the
//! generated `OctopostError`, and the doc's retry table row by row.

mod common;

use std::collections::BTreeMap;

use common::{Expect, check, one, secs};
use errtable::{Backoff, Jitter, NoHeaders, Retry, RetryClass};
use errtable_tests::octopost::OctopostError;

const BAD_REQUEST: &str = r#"{
  "error": "Request body must be valid JSON",
  "code": "bad_request"
}"#;
const UNAUTHORIZED: &str = r#"{
  "error": "Invalid or expired API key",
  "code": "unauthorized"
}"#;
const FORBIDDEN: &str = r#"{
  "error": "API key does not have permission for this action",
  "code": "forbidden"
}"#;
const NOT_FOUND: &str = r#"{
  "error": "Post not found",
  "code": "not_found"
}"#;
const CONFLICT: &str = r#"{
  "error": "Post has already been published and cannot be modified",
  "code": "conflict"
}"#;
const VALIDATION: &str = r#"{
  "error": "Validation failed",
  "code": "validation_error",
  "details": {
    "fields": {
      "content": "Content is required",
      "platforms": "At least one platform must be specified"
    }
  }
}"#;
const RATE_LIMITED: &str = r#"{
  "error": "Rate limit exceeded. Try again in 45 seconds.",
  "code": "rate_limited",
  "details": {
    "limit": 300,
    "remaining": 0,
    "reset_at": "2026-04-03T12:01:00Z",
    "retry_after": 45
  }
}"#;
const SERVER_ERROR: &str = r#"{
  "error": "An unexpected error occurred. Please try again later.",
  "code": "server_error"
}"#;

#[test]
fn decodes_every_example_payload() {
    #[rustfmt::skip]
    let rows = [
        (400, BAD_REQUEST, "BadRequest", "bad_request", "Request body must be valid JSON", Retry::Never),
        (401, UNAUTHORIZED, "Unauthorized", "unauthorized", "Invalid or expired API key", Retry::Never),
        (403, FORBIDDEN, "Forbidden", "forbidden", "API key does not have permission for this action", Retry::Never),
        (404, NOT_FOUND, "NotFound", "not_found", "Post not found", Retry::Never),
        (409, CONFLICT, "Conflict", "conflict", "Post has already been published and cannot be modified", Retry::Never),
        (422, VALIDATION, "ValidationError", "validation_error", "Validation failed", Retry::Never),
        (429, RATE_LIMITED, "RateLimited", "rate_limited", "Rate limit exceeded. Try again in 45 seconds.", Retry::After(Some(secs(45)))),
        (500, SERVER_ERROR, "ServerError", "server_error", "An unexpected error occurred. Please try again later.", Retry::Backoff),
    ];
    for (status, body, variant, code, message, retry) in rows {
        let error: OctopostError = one(status, &[], body);
        let expect = Expect::new(variant, status).code(code).message(message).retry(retry);
        check(variant, &error, body.as_bytes(), expect);
    }
}

#[test]
fn validation_errors_carry_the_field_map() {
    let error: OctopostError = one(422, &[], VALIDATION);
    let OctopostError::ValidationError { fields: Some(fields), .. } = &error else {
        panic!("not a validation error with fields: {error:?}");
    };
    let expected = BTreeMap::from([
        ("content".to_string(), "Content is required".to_string()),
        ("platforms".to_string(), "At least one platform must be specified".to_string()),
    ]);
    assert_eq!(fields, &expected);
    assert_eq!(error.fields().len(), 1);
    assert_eq!(error.fields()[0].0, "fields");
}

#[test]
fn rate_limits_carry_typed_details() {
    let error: OctopostError = one(429, &[], RATE_LIMITED);
    match error {
        OctopostError::RateLimited { limit, remaining, reset_at, retry_after, .. } => {
            assert_eq!(limit, Some(300));
            assert_eq!(remaining, Some(0));
            assert_eq!(reset_at.as_deref(), Some("2026-04-03T12:01:00Z"));
            assert_eq!(retry_after, Some(45));
        }
        other => panic!("not RateLimited: {other:?}"),
    }
}

#[test]
fn the_retry_after_header_wins_over_the_body_then_the_body_serves() {
    // "Wait for `Retry-After` header or `details.retry_after` seconds."
    let with_header: OctopostError = one(429, &[("retry-after", "30")], RATE_LIMITED);
    assert_eq!(with_header.retry(), Retry::After(Some(secs(30))));
    let body_only: OctopostError = one(429, &[], RATE_LIMITED);
    assert_eq!(body_only.retry(), Retry::After(Some(secs(45))));
    let neither: OctopostError =
        one(429, &[], r#"{"error": "Rate limit exceeded.", "code": "rate_limited"}"#);
    assert_eq!(neither.retry(), Retry::After(None));
}

#[test]
fn infrastructure_statuses_match_without_a_body_of_their_own() {
    // 502/503/504 "Retry with exponential backoff", whatever the proxy sends.
    let bodies =
        ["", "<html><body><h1>502 Bad Gateway</h1></body></html>", "upstream connect error"];
    for (status, variant) in
        [(502, "BadGateway"), (503, "ServiceUnavailable"), (504, "GatewayTimeout")]
    {
        for body in bodies {
            let error: OctopostError = one(status, &[("Content-Type", "text/html")], body);
            check(
                variant,
                &error,
                body.as_bytes(),
                Expect::new(variant, status).retry(Retry::Backoff),
            );
        }
    }
}

#[test]
fn a_500_without_a_code_is_still_a_server_error() {
    let error: OctopostError = one(500, &[], "<html>Internal Server Error</html>");
    check(
        "html 500",
        &error,
        b"<html>Internal Server Error</html>",
        Expect::new("ServerError", 500).retry(Retry::Backoff),
    );
}

#[test]
fn retry_table_row_by_row() {
    // "Retryable vs Non-Retryable Errors": code -> class.
    #[rustfmt::skip]
    let rows = [
        ("rate_limited", 429, RetryClass::After),
        ("server_error", 500, RetryClass::Backoff),
        ("bad_request", 400, RetryClass::Never),
        ("unauthorized", 401, RetryClass::Never),
        ("forbidden", 403, RetryClass::Never),
        ("not_found", 404, RetryClass::Never),
        ("conflict", 409, RetryClass::Never),
        ("validation_error", 422, RetryClass::Never),
    ];
    for (code, status, class) in rows {
        let body = format!(r#"{{"error": "x", "code": "{code}"}}"#);
        let error: OctopostError = one(status, &[], &body);
        assert_eq!(error.retry_class(), class, "{code}");
    }
    for status in [502, 503, 504] {
        let error: OctopostError = one(status, &[], "");
        assert_eq!(error.retry_class(), RetryClass::Backoff, "{status}");
    }
}

#[test]
fn backoff_is_the_documented_sequence() {
    // "Retry with exponential backoff (1s, 2s, 4s, 8s). Maximum 5 retries."
    let backoff = OctopostError::backoff();
    assert_eq!(backoff, Backoff::new(secs(1), 2.0, secs(16), 6, Jitter::None));
    let delays: Vec<_> = backoff.base_delays().collect();
    assert_eq!(delays, [secs(1), secs(2), secs(4), secs(8), secs(16)]);
    assert_eq!(OctopostError::transport_retry(), RetryClass::Backoff);
}

#[test]
fn unknown_codes_keep_everything() {
    let body = r#"{"error": "I'm a teapot", "code": "im_a_teapot", "details": {"x": 1}}"#;
    let error: OctopostError = one(418, &[("X-Request-Id", "req_9")], body);
    let expect = Expect::new("Unknown", 418).code("im_a_teapot").message("I'm a teapot");
    check("teapot", &error, body.as_bytes(), expect);
    assert!(error.is_unknown());
    assert_eq!(error.description(), None);

    // Unknown codes get their retry class from the status.
    let error: OctopostError = one(507, &[], r#"{"error": "full", "code": "storage_full"}"#);
    assert_eq!(error.retry(), Retry::Backoff);
    // A 429 with a code the doc does not list is still a rate limit (status default).
    let error: OctopostError = one(429, &[("Retry-After", "7")], r#"{"code": "quota_exceeded"}"#);
    assert!(error.is_rate_limited());
    assert_eq!(error.code(), Some("quota_exceeded"));
    assert_eq!(error.retry(), Retry::After(Some(secs(7))));
}

#[test]
fn non_json_and_odd_bodies_never_lose_the_response() {
    let cases: [&[u8]; 6] = [
        b"",
        b"not json",
        b"\xff\xfe\x00garbage",
        b"{\"code\": ",
        b"[1, 2, 3]",
        b"{\"code\": {\"nested\": true}}",
    ];
    for body in cases {
        let errors = OctopostError::decode(400, &NoHeaders, body);
        assert_eq!(errors.len(), 1, "{body:?}");
        let error = &errors[0];
        assert!(error.is_unknown(), "{body:?}: {error:?}");
        assert_eq!(error.status(), 400);
        assert_eq!(error.code(), None);
        assert_eq!(error.meta().body().as_ref(), body);
        assert_eq!(error.retry(), Retry::Never);
    }
}

#[test]
fn successes_carry_no_error() {
    for (status, body) in [(200, r#"{"id": "post_1"}"#), (201, ""), (204, ""), (302, "<html>")] {
        assert!(OctopostError::decode(status, &NoHeaders, body.as_bytes()).is_empty(), "{status}");
    }
}

#[test]
fn display_gives_the_code_and_the_vendors_message() {
    let error: OctopostError = one(429, &[], RATE_LIMITED);
    assert_eq!(error.to_string(), "rate_limited: Rate limit exceeded. Try again in 45 seconds.");
    let error: OctopostError = one(503, &[], "");
    assert_eq!(error.to_string(), "HTTP 503: Service unavailable.");
    let error: OctopostError = one(409, &[], r#"{"code": "conflict"}"#);
    assert!(error.to_string().starts_with("conflict: The request conflicts"), "{error}");
    let error: OctopostError = one(418, &[], r#"{"code": "teapot"}"#);
    assert_eq!(error.to_string(), "teapot (HTTP 418)");
    let error: OctopostError = one(418, &[], "");
    assert_eq!(error.to_string(), "HTTP 418: unknown error");
    let boxed: Box<dyn std::error::Error + Send + Sync> = Box::new(error);
    assert_eq!(boxed.to_string(), "HTTP 418: unknown error");
}

#[test]
fn accessors_and_helpers() {
    let error: OctopostError = one(404, &[], NOT_FOUND);
    assert!(error.is_not_found());
    assert!(!error.is_conflict());
    assert_eq!(error.description().map(|d| d.starts_with("The requested resource")), Some(true));
    assert_eq!(error.resolution(), Some("Verify the resource ID exists."));
    assert_eq!(OctopostError::catalog().name, "octopost");
    assert_eq!(OctopostError::operation(), None);
    assert_eq!(error.meta().status(), 404);
}

#[test]
fn reads_http_header_maps() {
    let mut headers = http::HeaderMap::new();
    headers.insert("retry-after", http::HeaderValue::from_static("12"));
    let errors = OctopostError::decode(429, &headers, RATE_LIMITED.as_bytes());
    assert_eq!(errors[0].retry(), Retry::After(Some(secs(12))));
}
