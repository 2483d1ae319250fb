//! Octogen (vendor-docs/000): status-led FastAPI errors, decoded through the generated
//! `OctogenError`, and the doc's retry guidance row by row.

mod common;

use common::{Expect, check, one, secs};
use errtable::{Backoff, Jitter, NoHeaders, Retry, RetryClass};
use errtable_tests::octogen::{OctogenError, ValidationIssue};

#[test]
fn status_led_errors() {
    // FastAPI puts free text in `detail`; the status decides.
    #[rustfmt::skip]
    let rows = [
        (401, r#"{"detail": "Invalid API key"}"#, "Unauthorized", "Invalid API key"),
        (403, r#"{"detail": "Organization has no Catalog Partner grant"}"#, "Forbidden", "Organization has no Catalog Partner grant"),
        (404, r#"{"detail": "Not Found"}"#, "NotFound", "Not Found"),
    ];
    for (status, body, variant, detail) in rows {
        let error: OctogenError = one(status, &[], body);
        check(
            variant,
            &error,
            body.as_bytes(),
            Expect::new(variant, status).code(detail).message(detail),
        );
    }
}

#[test]
fn not_found_is_refined_by_its_detail() {
    // "Common detail values: catalog_not_found ... product_not_found".
    let body = r#"{"detail": "catalog_not_found"}"#;
    let error: OctogenError = one(404, &[], body);
    let expect =
        Expect::new("CatalogNotFound", 404).code("catalog_not_found").message("catalog_not_found");
    check("catalog", &error, body.as_bytes(), expect);
    assert!(error.is_catalog_not_found());

    let body = r#"{"detail": "product_not_found"}"#;
    let error: OctogenError = one(404, &[], body);
    assert!(error.is_product_not_found(), "{error:?}");
    assert_eq!(error.resolution().map(|r| r.contains("canonical product page URL")), Some(true));
}

#[test]
fn validation_errors_carry_the_detail_list() {
    let body = r#"{"detail": [
        {"loc": ["body", "limit"], "msg": "ensure this value is less than or equal to 100", "type": "value_error.number.not_le"},
        {"loc": ["body", "items", 0, "url"], "msg": "field required", "type": "value_error.missing", "input": {"huge": [1, 2, 3]}}
    ]}"#;
    let error: OctogenError = one(422, &[], body);
    let expect = Expect::new("ValidationError", 422)
        .message("ensure this value is less than or equal to 100");
    check("422", &error, body.as_bytes(), expect);
    let OctogenError::ValidationError { detail: Some(detail), .. } = &error else {
        panic!("no detail: {error:?}");
    };
    assert_eq!(
        detail,
        &[
            ValidationIssue {
                loc: Some(vec!["body".into(), "limit".into()]),
                msg: Some("ensure this value is less than or equal to 100".into()),
                r#type: Some("value_error.number.not_le".into()),
            },
            ValidationIssue {
                loc: Some(vec!["body".into(), "items".into(), "0".into(), "url".into()]),
                msg: Some("field required".into()),
                r#type: Some("value_error.missing".into()),
            },
        ]
    );
    // The generic view uses the vendor's names.
    let fields = serde_json::to_value(
        error.fields().into_iter().collect::<std::collections::BTreeMap<_, _>>(),
    )
    .unwrap();
    assert_eq!(fields["detail"][1]["loc"], serde_json::json!(["body", "items", "0", "url"]));
    assert_eq!(fields["detail"][0]["type"], "value_error.number.not_le");
}

#[test]
fn rate_limits_honour_retry_after() {
    // "The response carries detail: "rate_limit_exceeded" and a Retry-After header".
    let body = r#"{"detail": "rate_limit_exceeded"}"#;
    let error: OctogenError = one(429, &[("Retry-After", "17")], body);
    let expect = Expect::new("RateLimited", 429)
        .code("rate_limit_exceeded")
        .message("rate_limit_exceeded")
        .retry(Retry::After(Some(secs(17))));
    check("429", &error, body.as_bytes(), expect);
    // A 429 whose body says nothing is still the rate limit.
    let error: OctogenError = one(429, &[("retry-after", "Wed, 21 Oct 2015 07:28:00 GMT")], "");
    assert!(error.is_rate_limited());
    assert_eq!(error.retry(), Retry::After(Some(secs(0))), "a past date means now");
}

#[test]
fn server_errors_back_off() {
    for status in [500, 502, 503, 504] {
        let error: OctogenError = one(status, &[], r#"{"detail": "Internal Server Error"}"#);
        assert!(error.is_server_error(), "{status}");
        assert_eq!(error.retry(), Retry::Backoff);
    }
    // "OctogenAPIError with 5xx | Yes": other 5xx too, through the unknown fallback.
    let error: OctogenError = one(599, &[], "");
    assert!(error.is_unknown());
    assert_eq!(error.retry(), Retry::Backoff);
}

#[test]
fn retry_guidance_row_by_row() {
    #[rustfmt::skip]
    let rows = [
        (401, "", RetryClass::Never),
        (403, "", RetryClass::Never),
        (404, r#"{"detail": "catalog_not_found"}"#, RetryClass::Never),
        (422, r#"{"detail": []}"#, RetryClass::Never),
        (429, r#"{"detail": "rate_limit_exceeded"}"#, RetryClass::After),
        (500, "", RetryClass::Backoff),
        (503, "", RetryClass::Backoff),
    ];
    for (status, body, class) in rows {
        let error: OctogenError = one(status, &[], body);
        assert_eq!(error.retry_class(), class, "{status}");
    }
    // "OctogenConnectionError | Yes | Retry with exponential backoff".
    assert_eq!(OctogenError::transport_retry(), RetryClass::Backoff);
    // "Start with a 1-second delay, double on each retry, and cap at 30 seconds."
    let backoff = OctogenError::backoff();
    assert_eq!(backoff, Backoff::new(secs(1), 2.0, secs(30), 5, Jitter::Full));
}

#[test]
fn other_statuses_and_bodies_fall_back() {
    let error: OctogenError = one(400, &[], r#"{"detail": "Bad Request"}"#);
    assert!(error.is_unknown());
    assert_eq!(error.code(), Some("Bad Request"));
    assert_eq!(error.retry(), Retry::Never);
    let error: OctogenError = one(422, &[], "<html>gateway</html>");
    assert!(error.is_validation_error(), "422 is matched by status alone");
    assert!(OctogenError::decode(200, &NoHeaders, br#"{"detail": "ok"}"#).is_empty());
}
