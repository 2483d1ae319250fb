//! Octomil (vendor-docs/003): `{"error": code, "message", "status_code"}` bodies with
//! `X-Request-Id` and `Retry-After` headers, through the generated `OctomilError`.

mod common;

use common::{Expect, check, one, secs};
use errtable::{Backoff, NoHeaders, Retry, RetryClass};
use errtable_tests::octomil::OctomilError;

fn body(code: &str, message: &str, status: u16) -> String {
    format!(r#"{{"error": "{code}", "message": "{message}", "status_code": {status}}}"#)
}

#[test]
fn the_documented_shape() {
    // The doc's example body.
    let text = r#"{
"error": "error_code",
"message": "Human-readable description of the problem.",
"status_code": 400
}"#;
    let error: OctomilError = one(400, &[("X-Request-Id", "req_abc")], text);
    let expect = Expect::new("Unknown", 400)
        .code("error_code")
        .message("Human-readable description of the problem.")
        .request_id("req_abc");
    check("example", &error, text.as_bytes(), expect);
}

#[test]
fn every_row_of_the_status_table_and_every_scenario() {
    #[rustfmt::skip]
    let rows = [
        (400, "bad_request", "BadRequest", Retry::Never),
        (401, "unauthorized", "Unauthorized", Retry::Never),
        (403, "forbidden", "Forbidden", Retry::Never),
        (404, "not_found", "NotFound", Retry::Never),
        (409, "conflict", "Conflict", Retry::Never),
        (422, "validation_error", "ValidationError", Retry::Never),
        (429, "rate_limited", "RateLimited", Retry::After(Some(secs(60)))),
        (500, "internal_error", "InternalError", Retry::Backoff),
        (503, "service_unavailable", "ServiceUnavailable", Retry::Backoff),
        // "Training round fails with 400: insufficient_clients"
        (400, "insufficient_clients", "InsufficientClients", Retry::Never),
        // "Model upload fails with 413: payload_too_large"
        (413, "payload_too_large", "PayloadTooLarge", Retry::Never),
    ];
    for (status, code, variant, retry) in rows {
        let text = body(code, "m", status);
        let headers = [("x-request-id", "req_1"), ("Retry-After", "60")];
        let error: OctomilError = one(status, &headers, &text);
        let expect =
            Expect::new(variant, status).code(code).message("m").request_id("req_1").retry(retry);
        check(code, &error, text.as_bytes(), expect);
        // Every error keeps the server's delay, whatever its class.
        assert_eq!(error.meta().server_delay(), Some(secs(60)));
    }
}

#[test]
fn bare_5xx_from_a_proxy() {
    let error: OctomilError = one(503, &[], "<html>overloaded</html>");
    assert!(error.is_service_unavailable());
    let error: OctomilError = one(500, &[], "");
    assert!(error.is_internal_error());
    let error: OctomilError = one(502, &[], "");
    assert!(error.is_unknown());
    assert_eq!(error.retry_class(), RetryClass::Backoff);
}

#[test]
fn no_stated_backoff_uses_errtables_default() {
    assert_eq!(OctomilError::backoff(), Backoff::DEFAULT);
    assert_eq!(OctomilError::transport_retry(), RetryClass::Backoff);
    assert!(OctomilError::decode(200, &NoHeaders, br#"{"models": []}"#).is_empty());
}
