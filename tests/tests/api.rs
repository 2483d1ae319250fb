//! The generated API as a client crate uses it: no trait imported, headers given in any
//! of the short forms, the decode result read like a slice, and nothing allocated for a
//! success of a catalog that has no errors inside successful responses.

use std::time::Duration;

use errtable_tests::octeth::OctethError;
use errtable_tests::octomil::OctomilError;
use errtable_tests::octopost::OctopostError;

/// How many allocations `f` makes (on this thread).
fn allocations_during<T>(f: impl FnOnce() -> T) -> (T, u64) {
    let mut value = None;
    let info = allocation_counter::measure(|| value = Some(f()));
    (value.expect("ran"), info.count_total)
}

/// A documented `Unknown` and a renamed fallback, as Google's canonical codes need.
mod canonical {
    #[errtable::catalog(spec = "../ui/specs/documented_unknown.json")]
    pub enum CanonicalError {}
}
use canonical::CanonicalError;

const RATE_LIMITED: &[u8] =
    br#"{"error": "rate_limited", "message": "Slow down", "status_code": 429}"#;

#[test]
fn decodes_with_every_short_form_of_headers_and_no_import() {
    let mut map = http::HeaderMap::new();
    map.insert("x-request-id", http::HeaderValue::from_static("req_1"));
    map.insert("retry-after", http::HeaderValue::from_static("45"));
    let pairs = vec![
        ("X-Request-Id".to_owned(), "req_1".to_owned()),
        ("Retry-After".to_owned(), "45".to_owned()),
    ];
    let results = [
        OctomilError::decode(429, &map, RATE_LIMITED),
        OctomilError::decode(
            429,
            &[("X-Request-Id", "req_1"), ("Retry-After", "45")],
            RATE_LIMITED,
        ),
        OctomilError::decode(429, &pairs, RATE_LIMITED),
        OctomilError::decode(429, &pairs[..], RATE_LIMITED),
    ];
    for errors in results {
        let error = errors.first().expect("one error");
        assert!(error.is_rate_limited(), "{error:?}");
        assert_eq!(error.request_id(), Some("req_1"));
        assert_eq!(error.retry(), errtable::Retry::After(Some(Duration::from_secs(45))));
    }
    // No headers at all: `&[]` needs no annotation, and `NoHeaders` says it in words.
    for errors in [
        OctomilError::decode(429, &[], RATE_LIMITED),
        OctomilError::decode(429, &errtable::NoHeaders, RATE_LIMITED),
    ] {
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].request_id(), None);
        assert_eq!(errors[0].retry(), errtable::Retry::After(None));
    }
}

#[test]
fn the_result_answers_the_common_questions() {
    let errors = OctopostError::decode(502, &[], b"<html>Bad Gateway</html>");
    assert!(errors.is_error());
    assert!(errors.first().is_some_and(OctopostError::is_bad_gateway));
    let Some(OctopostError::BadGateway { .. }) = errors.into_first() else { panic!() };

    let success = OctopostError::decode(200, &[], b"{}");
    assert!(!success.is_error());
    assert!(success.is_empty());

    let body = br#"{"Success": false, "ErrorCode": [1, 2], "ErrorText": ["a", "b"]}"#;
    let errors = OctethError::decode(200, &[], body);
    let codes: Vec<Option<&str>> = errors.iter().map(|e| e.code()).collect();
    assert_eq!(codes, [Some("1"), Some("2")]);
    let owned: Vec<OctethError> = OctethError::decode(200, &[], body).into_iter().collect();
    assert_eq!(owned.len(), 2);
}

#[test]
fn a_success_without_embedded_rules_costs_nothing() {
    // Octopost reads errors only from statuses >= 400: a 200 is not even copied.
    let body = vec![b'x'; 4096];
    let (errors, allocations) = allocations_during(|| OctopostError::decode(200, &[], &body));
    assert!(errors.is_empty());
    assert_eq!(allocations, 0, "a success of a catalog without embedded rules allocates nothing");
    // One error is not a `Vec`: the result itself adds no allocation beyond the error's.
    let (errors, _) = allocations_during(|| OctopostError::decode(502, &[], b""));
    assert_eq!(errors.len(), 1);
}

/// The paths `errtable-bench`'s `runtime` bench times: after a decode, deciding whether
/// and when to retry allocates nothing, and neither does a success of a catalog without
/// embedded rules, whichever way the body is given.
#[test]
fn the_retry_path_allocates_nothing() {
    let rate_limited = br#"{"code": "rate_limited", "details": {"retry_after": 45}}"#;
    let errors = [
        OctopostError::decode(429, &[("Retry-After", "30")], rate_limited),
        OctopostError::decode(502, &[], b"<html>Bad Gateway</html>"),
        OctopostError::decode(404, &[], br#"{"code": "not_found"}"#),
    ];
    let reauth = OctethError::decode(200, &[], br#"{"Success": false, "ErrorCode": 99999}"#);
    let body = errtable::Bytes::from_static(br#"{"id": "post_1"}"#);
    let ((), allocations) = allocations_during(|| {
        for error in errors.iter().flatten() {
            std::hint::black_box((error.retry(), error.retry_class()));
        }
        for error in &reauth {
            std::hint::black_box((error.retry(), error.retry_class()));
        }
        for backoff in
            [OctopostError::backoff(), OctomilError::backoff(), errtable::Backoff::DEFAULT]
        {
            for retry in 0..8 {
                std::hint::black_box(backoff.delay(retry, 0.37));
            }
        }
        std::hint::black_box(OctopostError::decode(200, &[], br#"{"id": "post_1"}"#));
        std::hint::black_box(OctopostError::decode_bytes(200, &[], body.clone()));
    });
    assert_eq!(allocations, 0, "the retry path and a free success allocate nothing");
    let mut retries: Vec<_> = errors.iter().flatten().map(|e| e.retry()).collect();
    retries.extend(reauth.iter().map(|e| e.retry()));
    assert_eq!(
        retries,
        [
            errtable::Retry::After(Some(Duration::from_secs(30))),
            errtable::Retry::Backoff,
            errtable::Retry::Never,
            errtable::Retry::Reauth,
        ]
    );
}

#[test]
fn a_documented_unknown_is_a_variant_and_the_fallback_is_renamed() {
    let documented = CanonicalError::decode(500, &[], br#"{"error": {"status": "UNKNOWN"}}"#);
    let documented = documented.first().unwrap();
    assert!(documented.is_unknown(), "the helper of the documented `Unknown`");
    assert!(!documented.is_fallback(), "a documented code is not the fallback");
    assert!(!documented.is_unrecognized());
    assert_eq!(documented.variant_name(), "Unknown");
    assert_eq!(documented.retry_class(), errtable::RetryClass::Backoff);

    let undocumented = CanonicalError::decode(409, &[], br#"{"error": {"status": "ABORTED"}}"#);
    let undocumented = undocumented.first().unwrap();
    assert!(undocumented.is_fallback());
    assert!(undocumented.is_unrecognized());
    assert!(!undocumented.is_unknown());
    assert_eq!(undocumented.variant_name(), "Unrecognized");
    assert_eq!(undocumented.code(), Some("ABORTED"));
}

#[test]
fn generic_code_uses_the_small_trait() {
    fn summary<E: errtable::VendorError>(status: u16, body: &[u8]) -> Vec<String> {
        E::decode(status, &[], body)
            .iter()
            .map(|e| format!("{} {} {}", e.variant_name(), e.retry_class(), e.meta().status()))
            .collect()
    }
    assert_eq!(summary::<OctopostError>(502, b""), ["BadGateway backoff 502"]);
    let not_found = br#"{"error": {"status": "NOT_FOUND"}}"#;
    assert_eq!(summary::<CanonicalError>(404, not_found), ["NotFound never 404"]);
    assert_eq!(<OctopostError as errtable::VendorError>::catalog().name, "octopost");
    assert_eq!(OctopostError::catalog().name, "octopost");
}

#[test]
fn debug_reads_like_a_derived_debug() {
    let body = br#"{"error": "slow", "code": "rate_limited", "details": {"limit": 300}}"#;
    let errors = OctopostError::decode(429, &[], body);
    let shown = format!("{:?}", errors[0]);
    assert!(
        shown.starts_with("RateLimited { limit: Some(Integer(300)), remaining: None, reset_at: None, retry_after: None, meta: ErrorMeta {"),
        "{shown}"
    );
    let unknown = format!("{:?}", OctopostError::decode(418, &[], b"")[0]);
    assert!(unknown.starts_with("Unknown { meta: ErrorMeta {"), "{unknown}");
}
