//! Each feature of the spec format, through the macro, on the synthetic catalog
//! `tests/specs/features.json`: items in error bodies, code normalization and aliases,
//! conditions, documented delays and delay formats, retry overrides, selectors, raw
//! JSON fields, warnings, and a documented `Unknown` beside a renamed fallback.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use errtable::{Retry, RetryClass};
use errtable_tests::features::FeatureError;

fn one(status: u16, headers: &[(&str, &str)], body: &str) -> FeatureError {
    let errors = FeatureError::decode(status, headers, body.as_bytes());
    assert_eq!(errors.len(), 1, "{status} {body}: {errors:?}");
    errors.into_first().unwrap()
}

fn secs(n: u64) -> Duration {
    Duration::from_secs(n)
}

#[test]
fn aws_codes_are_shape_names_from_any_source() {
    let bodies = [
        r#"{"__type": "com.amazonaws.dynamodb.v20120810#ThrottlingException", "message": "slow"}"#,
        r#"{"code": "ThrottlingException:http://internal.amazon.com/coral/com.amazon.coral.validate/"}"#,
        r#"{"__type": "aws.protocoltests#ThrottlingException:http://internal.amazon.com/"}"#,
    ];
    for body in bodies {
        let error = one(400, &[], body);
        assert!(error.is_throttled(), "{body}: {error:?}");
        assert_eq!(error.code(), Some("ThrottlingException"));
    }
    // The header comes first, and is cleaned too.
    let header = [("X-Amzn-Errortype", "x"), ("X-Error-Type", "Throttling:http://internal")];
    let error = one(400, &header, r#"{"__type": "com.amazonaws#Other"}"#);
    assert!(error.is_throttled(), "an alias: {error:?}");
    assert_eq!(error.code(), Some("Throttling"));
}

#[test]
fn aliases_name_the_same_variant() {
    for code in ["ThrottlingException", "Throttling", "TooManyRequests"] {
        assert!(one(429, &[], &format!(r#"{{"code": "{code}"}}"#)).is_throttled(), "{code}");
    }
}

#[test]
fn conditions_decide_between_entries() {
    // The same code: a quota when the message says so, else a plain rate limit.
    let quota =
        one(429, &[], r#"{"code": "RESOURCE_EXHAUSTED", "message": "Quota exceeded for X"}"#);
    assert!(quota.is_quota_exhausted(), "{quota:?}");
    let rate = one(429, &[], r#"{"code": "RESOURCE_EXHAUSTED", "message": "Too fast"}"#);
    assert!(rate.is_rate_limited(), "{rate:?}");
    // A 403 is a rate limit when no requests remain, else a permission problem.
    let limited =
        one(403, &[("X-RateLimit-Remaining", "0")], r#"{"message": "API rate limit exceeded"}"#);
    assert!(limited.is_primary_limit(), "{limited:?}");
    assert!(one(403, &[("X-RateLimit-Remaining", "12")], "{}").is_forbidden());
    assert!(one(403, &[], "{}").is_forbidden());
    // A code that names an error only on some statuses: on a 401 it does not.
    assert!(one(400, &[], r#"{"type": "invalid_request_error"}"#).is_invalid_request());
    let unauthorized = one(401, &[], r#"{"code": null, "type": "invalid_request_error"}"#);
    assert!(unauthorized.is_unauthorized(), "{unauthorized:?}");
    assert_eq!(unauthorized.code(), Some("invalid_request_error"), "the code is kept");
    assert_eq!(unauthorized.retry(), Retry::Reauth);
    // A body value decides: billing, not a rate, whatever the message says; in a list of
    // errors, each item's own value.
    let billing =
        r#"{"code": "RESOURCE_EXHAUSTED", "message": "quota", "billing": {"exhausted": true}}"#;
    let billing = one(429, &[], billing);
    assert!(billing.is_out_of_credit(), "{billing:?}");
    assert_eq!(billing.retry(), Retry::Never);
    let not_billing = r#"{"code": "RESOURCE_EXHAUSTED", "billing": {"exhausted": "true"}}"#;
    assert!(one(429, &[], not_billing).is_rate_limited(), "a string is not `true`");
    let items = r#"{"errors": [{"code": "RESOURCE_EXHAUSTED", "billing": {"exhausted": true}}, {"code": "RESOURCE_EXHAUSTED"}], "billing": {"exhausted": true}}"#;
    let errors = FeatureError::decode(429, &[], items.as_bytes());
    assert!(errors[0].is_out_of_credit() && errors[1].is_rate_limited(), "{errors:?}");
}

#[test]
fn documented_delays_fill_in_and_bound_the_server_delay() {
    let quota = one(429, &[], r#"{"code": "RESOURCE_EXHAUSTED", "message": "quota"}"#);
    assert_eq!(quota.retry(), Retry::After(Some(secs(30))), "the documented default");
    let quota =
        one(429, &[("Retry-After", "5")], r#"{"code": "RESOURCE_EXHAUSTED", "message": "quota"}"#);
    assert_eq!(quota.retry(), Retry::After(Some(secs(5))), "the server's delay first");
    let throttled = one(429, &[("retry-after-ms", "200")], r#"{"code": "Throttling"}"#);
    assert_eq!(throttled.retry(), Retry::After(Some(secs(1))), "raised to the minimum");
    let throttled = one(429, &[("retry-after-ms", "2400")], r#"{"code": "Throttling"}"#);
    assert_eq!(
        throttled.retry(),
        Retry::After(Some(Duration::from_millis(2400))),
        "kept to the ms"
    );
}

#[test]
fn delay_formats() {
    let rate = |headers: &[(&str, &str)], body: &str| one(429, headers, body).retry();
    let code = r#"{"code": "RESOURCE_EXHAUSTED""#;
    // A duration string picked from a list by a selector, whatever its position.
    let body = format!(
        r#"{code}, "details": [{{"@type": "other", "delay": "9s"}}, {{"@type": "retry", "delay": "43s"}}]}}"#
    );
    assert_eq!(rate(&[], &body), Retry::After(Some(secs(43))));
    let body = format!(r#"{code}, "details": [{{"delay": "6m0s", "@type": "retry"}}]}}"#);
    assert_eq!(rate(&[], &body), Retry::After(Some(secs(360))));
    // An epoch reset time is the time until then, not a day-long sleep.
    let soon = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs() + 120;
    let Retry::After(Some(delay)) =
        rate(&[("x-ratelimit-reset", &soon.to_string())], &format!("{code}}}"))
    else {
        panic!()
    };
    assert!(delay > secs(100) && delay <= secs(120), "{delay:?}");
    // Milliseconds in the body.
    let body = format!(r#"{code}, "retry_after_ms": 1500}}"#);
    assert_eq!(rate(&[], &body), Retry::After(Some(Duration::from_millis(1500))));
}

#[test]
fn a_header_overrides_the_retry_class() {
    let server = one(500, &[("X-Should-Retry", "false")], "{}");
    assert!(server.is_server_error());
    assert_eq!(server.retry_class(), RetryClass::Never);
    assert_eq!(server.meta().retry_override(), Some(RetryClass::Never));
    let forbidden = one(403, &[("X-Should-Retry", " TRUE ")], "{}");
    assert_eq!(forbidden.retry(), Retry::Backoff);
    assert_eq!(one(500, &[], "{}").retry(), Retry::Backoff);
}

#[test]
fn several_error_objects_each_keep_their_index() {
    let body = r#"{"errors": [
        {"code": "Throttling", "detail": "slow"},
        {"type": "invalid_request_error", "detail": "bad field"},
        {"code": "nope"}
    ]}"#;
    let errors = FeatureError::decode(400, &[("X-Request-Id", "req_9")], body.as_bytes());
    let summary: Vec<_> = errors
        .iter()
        .map(|e| (e.variant_name(), e.message(), e.meta().item(), e.request_id()))
        .collect();
    assert_eq!(
        summary,
        [
            ("Throttled", Some("slow"), Some(0), Some("req_9")),
            ("InvalidRequest", Some("bad field"), Some(1), Some("req_9")),
            ("Unrecognized", None, Some(2), Some("req_9")),
        ]
    );
    // No items: one error read from the document.
    let error = one(400, &[], r#"{"errors": [], "code": "Throttling"}"#);
    assert!(error.is_throttled());
    assert_eq!(error.meta().item(), None);
}

#[test]
fn raw_json_fields_and_selected_fields() {
    let body = r#"{"__type": "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException",
        "message": "The conditional request failed",
        "Item": {"id": {"S": "42"}, "tags": {"SS": ["a", "b"]}},
        "details": [{"@type": "reason", "reason": "stale"}]}"#;
    let error = one(400, &[], body);
    let FeatureError::ConditionFailed { item: Some(item), reason, .. } = &error else {
        panic!("{error:?}")
    };
    assert_eq!(item.as_str(), r#"{"id": {"S": "42"}, "tags": {"SS": ["a", "b"]}}"#);
    assert_eq!(reason.as_deref(), Some("stale"));
    assert!(error.is_retry_safe(), "the vendor guarantees nothing was written");
    let value: serde_json::Value = serde_json::from_str(item.as_str()).unwrap();
    assert_eq!(value["id"]["S"], "42");
}

#[test]
fn warnings_of_successful_responses() {
    let body = r#"{"ok": true, "warning": "missing_charset", "response_metadata": {"warnings": ["missing_charset"]}}"#;
    let result = FeatureError::decode(200, &[], body.as_bytes());
    assert!(!result.is_error());
    let warnings: Vec<_> = result.warnings().iter().map(|w| (w.code(), w.message())).collect();
    assert_eq!(warnings, [("missing_charset", None)]);
    let body = r#"{"ok": true, "response_metadata": {"warnings": ["a", "b"], "messages": ["first", "second"]}}"#;
    let result = FeatureError::decode(200, &[], body.as_bytes());
    let warnings: Vec<_> = result.warnings().iter().map(ToString::to_string).collect();
    assert_eq!(warnings, ["a: first", "b: second"]);
    // Errors inside a successful response still decode, warnings beside them.
    let body = r#"{"ok": false, "error": "not_ok", "warning": "superfluous_charset"}"#;
    let result = FeatureError::decode(200, &[], body.as_bytes());
    assert!(result[0].is_not_ok());
    assert_eq!(result.warnings()[0].code(), "superfluous_charset");
    // Error responses carry no warnings.
    assert!(FeatureError::decode(500, &[], br#"{"warning": "x"}"#).warnings().is_empty());
}

#[test]
fn a_documented_unknown_and_the_renamed_fallback() {
    let documented = one(500, &[], r#"{"code": "UNKNOWN"}"#);
    assert!(documented.is_unknown() && !documented.is_fallback());
    // 500 has a status default (ServerError); 504 has none.
    let undocumented = one(504, &[], r#"{"code": "ABORTED"}"#);
    assert!(undocumented.is_fallback() && undocumented.is_unrecognized(), "{undocumented:?}");
    assert_eq!(undocumented.retry(), Retry::Backoff, "the fallback's rule: 5xx backs off");
}
