//! The decoder's robustness findings of the performance review, each pinned: a body
//! with one bad byte, out-of-range numbers, non-ASCII header values, body delays written
//! loosely, and memory that stays proportional to the body however many errors share a
//! message.

use std::time::Duration;

use errtable::NoHeaders;
use errtable_tests::{catalog::CatalogError, octeth::OctethError, octopost::OctopostError};

#[test]
fn an_invalid_utf8_byte_where_the_catalog_does_not_read_loses_nothing() {
    let body = b"{\"error\": \"slow down\", \"code\": \"rate_limited\", \"junk\": \"\xff\"}";
    let errors = OctopostError::decode(429, &NoHeaders, body);
    let error = errors.first().expect("an error status decodes to an error");
    assert!(error.is_rate_limited());
    assert_eq!(error.code(), Some("rate_limited"));
    assert_eq!(error.message(), Some("slow down"));
    assert_eq!(error.meta().body().as_ref(), body);
}

#[test]
fn an_error_inside_a_200_body_survives_a_bad_byte() {
    // The review's case: decoded as a success before, the error vanished.
    let body = b"{\"Success\": false, \"ErrorCode\": 404, \"junk\": \"\xff\"}";
    let errors = OctethError::decode(200, &NoHeaders, body);
    assert_eq!(errors.len(), 1, "the embedded error must not vanish");
    assert_eq!(errors[0].code(), Some("404"));
}

#[test]
fn a_byte_order_mark_is_skipped() {
    let body = "\u{feff}{\"error\": \"gone\", \"code\": \"not_found\"}";
    let errors = OctopostError::decode(404, &NoHeaders, body.as_bytes());
    assert!(errors[0].is_not_found());
    assert_eq!(errors[0].message(), Some("gone"));
    let body = "\u{feff}{\"Success\": false, \"ErrorCode\": 99999}";
    assert_eq!(OctethError::decode(200, &NoHeaders, body.as_bytes()).len(), 1);
}

#[test]
fn invalid_text_where_the_catalog_reads_keeps_the_rest() {
    // A lone surrogate and an invalid byte in the message: the code still decodes, the
    // message keeps what can be shown (replacement characters), the body is whole.
    let body = b"{\"error\": \"bad \\ud800 and \xff\", \"code\": \"not_found\"}";
    let errors = OctopostError::decode(404, &NoHeaders, body);
    assert!(errors[0].is_not_found());
    let message = errors[0].message().expect("the message is kept");
    assert!(message.starts_with("bad "), "{message:?}");
    assert!(message.contains('\u{fffd}'), "{message:?}");
}

#[test]
fn numbers_beyond_f64_where_the_catalog_reads_keep_their_text() {
    let body = br#"{"error": "slow", "code": "rate_limited", "details": {"limit": 1e400, "retry_after": 3}}"#;
    let errors = OctopostError::decode(429, &NoHeaders, body);
    assert!(errors[0].is_rate_limited(), "one unreadable number does not wipe the body");
    assert_eq!(errors[0].meta().server_delay(), Some(Duration::from_secs(3)));
}

#[test]
fn integer_codes_beyond_i64_keep_their_text() {
    for code in ["18446744073709551616", "1e400", "-99999999999999999999"] {
        let body = format!(r#"{{"Success": false, "ErrorCode": {code}, "ErrorText": "odd"}}"#);
        let errors = OctethError::decode(200, &NoHeaders, body.as_bytes());
        assert_eq!(errors.len(), 1, "{code}");
        assert!(errors[0].is_fallback(), "{code} is no documented code");
        assert_eq!(errors[0].code(), Some(code));
        assert_eq!(errors[0].message(), Some("odd"));
    }
}

#[test]
fn integer_fields_beyond_i64_are_absent_but_the_body_keeps_them() {
    let body = br#"{"error": "slow", "code": "rate_limited", "details": {"limit": 18446744073709551616, "remaining": 2}}"#;
    let errors = OctopostError::decode(429, &NoHeaders, body);
    match &errors[0] {
        OctopostError::RateLimited { limit, remaining, meta, .. } => {
            assert_eq!(*limit, None);
            assert_eq!(*remaining, Some(2));
            assert_eq!(meta.body().as_ref(), body);
        }
        other => panic!("expected RateLimited, got {other:?}"),
    }
}

#[test]
fn http_header_maps_read_non_ascii_values_like_pairs() {
    let mut map = http::HeaderMap::new();
    map.insert("request-id", http::HeaderValue::from_bytes("req_é".as_bytes()).unwrap());
    let body = br#"{"error": {"type": "invalid_request", "code": "not_found", "message": "m"}}"#;
    let from_map = CatalogError::decode(404, &map, body);
    let from_pairs = CatalogError::decode(404, &[("Request-ID", "req_é")], body);
    assert_eq!(from_map[0].request_id(), Some("req_é"));
    assert_eq!(from_map[0].request_id(), from_pairs[0].request_id());
}

#[test]
fn body_delays_follow_the_retry_after_rule() {
    let long = "9".repeat(400);
    for (text, expected) in
        [("  7 ", Some(7)), ("7", Some(7)), (long.as_str(), Some(u64::MAX)), ("x", None)]
    {
        let header = OctopostError::decode(429, &[("Retry-After", text)], b"{}");
        let body = format!(r#"{{"code": "rate_limited", "details": {{"retry_after": "{text}"}}}}"#);
        let from_body = OctopostError::decode(429, &NoHeaders, body.as_bytes());
        let header_delay = header[0].meta().server_delay();
        assert_eq!(header_delay, from_body[0].meta().server_delay(), "{text:?}");
        assert_eq!(header_delay.is_some(), expected.is_some(), "{text:?}");
    }
}

/// Bytes allocated by `f`, in all.
fn allocated(f: impl FnOnce()) -> u64 {
    allocation_counter::measure(f).bytes_total
}

#[test]
fn memory_is_proportional_to_the_body_not_to_errors_times_message() {
    // 1,000 codes sharing one 1 MB message: the review measured 1 GB; the message is
    // now one slice of the body, shared by every error.
    let message = "m".repeat(1 << 20);
    let codes = vec!["1"; 1000].join(", ");
    let body = format!(r#"{{"Success": false, "ErrorCode": [{codes}], "ErrorText": "{message}"}}"#);
    let body = errtable::Bytes::from(body);
    let len = body.len() as u64;
    let mut count = 0;
    let bytes = allocated(|| {
        let errors = OctethError::decode_bytes(200, &NoHeaders, body.clone());
        count = errors.len();
    });
    assert_eq!(count, 1000);
    assert!(bytes < len + 1000 * 512, "{bytes} bytes allocated for a {len}-byte body");
}
