//! Stripe (`specs/stripe.json`): every example response of the research notes
//! (`docs/research/stripe.md` §6), decoded through a `StripeError` generated here,
//! and each hard case of issue 10 on its own: `Stripe-Should-Retry` deciding the retry
//! class both ways, `type` that does not name the error, the `Request-Id` header,
//! `decline_code` as a field, idempotency errors, the `lock_timeout` 429.
//!
//! Where the bodies come from: stripe-node's test/RequestSender.spec.ts (the
//! `Stripe-Should-Retry` 500 and 400, the `idempotency_error` shape, the OAuth
//! `invalid_grant`), stripe-go's error_test.go (the 401 with `type: invalid_request_error`,
//! sent with `Fprintln`, hence the newline) and the Stripe docs' own texts (the
//! `lock_timeout`, `rate_limit` and `idempotency_key_in_use` messages); the rest are built
//! from the documented error attributes, as the notes mark them. `tests/corpus/stripe.json`
//! holds the same responses (checked below).

mod common;

use errtable_tests::stripe as catalog;

use std::time::Duration;

use catalog::StripeError;
use common::{Expect, check, one};
use errtable::{Backoff, Jitter, NoHeaders, Retry, RetryClass};

/// Name, status, headers and body of one example response.
type Response = (&'static str, u16, &'static [(&'static str, &'static str)], &'static str);

const SHOULD_RETRY_FALSE_500: &str = r#"{"error":{"type":"api_error"}}"#;
const SHOULD_RETRY_TRUE_400: &str = r#"{"error":{"type":"your_fault"}}"#;
const IDEMPOTENCY_KEY_IN_USE_409_SHOULD_RETRY_TRUE: &str = r#"{"error": {"code": "idempotency_key_in_use",
           "doc_url": "https://stripe.com/docs/error-codes/idempotency-key-in-use",
           "message": "There is currently another in-progress request using this Idempotent Key (probably means you are sending the same request in parallel). Please try again later.",
           "type": "invalid_request_error"}}"#;
const CONFLICT_409_SHOULD_RETRY_FALSE: &str = r#"{"error": {"message": "The request conflicts with another request.", "type": "invalid_request_error"}}"#;
const CONFLICT_409: &str = r#"{"error": {"message": "The request conflicts with another request.", "type": "invalid_request_error"}}"#;
const LOCK_TIMEOUT_429: &str = r#"{
  "error": {
    "code": "lock_timeout",
    "doc_url": "https://stripe.com/docs/error-codes/lock-timeout",
    "message": "This object cannot be accessed right now because another API request or Stripe process is currently accessing it. If you see this error intermittently, retry the request. If you see this error frequently and are making multiple concurrent requests to a single object, make your requests serially or at a lower rate.",
    "type": "invalid_request_error"
  }
}"#;
const RATE_LIMIT_429: &str = r#"{"error": {"code": "rate_limit",
           "message": "Too many requests hit the API too quickly. We recommend an exponential backoff of your requests.",
           "type": "invalid_request_error"}}"#;
const RATE_LIMIT_LEGACY_400: &str = r#"{"error": {"code": "rate_limit", "message": "Too many requests hit the API too quickly. We recommend an exponential backoff of your requests.", "type": "invalid_request_error"}}"#;
const CARD_DECLINED_402: &str = r#"{"error": {"charge": "ch_3NxxxxxxxxxxxxxxxxxxxxXX",
           "code": "card_declined",
           "decline_code": "insufficient_funds",
           "advice_code": "try_again_later",
           "doc_url": "https://stripe.com/docs/error-codes/card-declined",
           "message": "Your card has insufficient funds.",
           "payment_intent": {"id": "pi_3NxxxxxxxxxxxxxxxxxxxxXX", "object": "payment_intent", "status": "requires_payment_method"},
           "request_log_url": "https://dashboard.stripe.com/test/logs/req_mno345?t=1700000000",
           "type": "card_error"}}"#;
const IDEMPOTENCY_ERROR_400: &str = r#"{"error": {"type": "idempotency_error",
           "message": "Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than 'k1' if you meant to execute a different request."}}"#;
const UNAUTHORIZED_401: &str = r#"{"error":{"message":"bar","type":"invalid_request_error"}}
"#;
const NO_SUCH_CUSTOMER_400: &str =
    r#"{"error": {"type": "invalid_request_error", "message": "No such customer"}}"#;
const OAUTH_INVALID_GRANT_400: &str = r#"{"error":"invalid_grant","error_description":"This authorization code has already been used. All tokens issued with this code have been revoked."}"#;
const API_ERROR_503: &str =
    r#"{"error": {"type": "api_error", "message": "Something went wrong on Stripe's end."}}"#;
const RESOURCE_MISSING_404: &str = r#"{"error": {"code": "resource_missing", "doc_url": "https://stripe.com/docs/error-codes/resource-missing", "message": "No such customer: 'cus_nope'", "param": "id", "type": "invalid_request_error"}}"#;
const PARAMETER_MISSING_400: &str = r#"{"error": {"code": "parameter_missing", "doc_url": "https://stripe.com/docs/error-codes/parameter-missing", "message": "Missing required param: amount.", "param": "amount", "request_log_url": "https://dashboard.stripe.com/test/logs/req_yza567?t=1700000000", "type": "invalid_request_error"}}"#;
const HTML_502: &str = r#"<html><body><h1>502 Bad Gateway</h1></body></html>"#;

/// Every example response, as `tests/corpus/stripe.json` holds them: name, status, headers, body.
const RESPONSES: &[Response] = &[
    ("should_retry_false_500", 500, &[("stripe-should-retry", "false")], SHOULD_RETRY_FALSE_500),
    ("should_retry_true_400", 400, &[("stripe-should-retry", "true")], SHOULD_RETRY_TRUE_400),
    (
        "idempotency_key_in_use_409_should_retry_true",
        409,
        &[
            ("Request-Id", "req_abc123"),
            ("Idempotency-Key", "8c6b0c3e-2f6d-4c59-9f0e-6f1f3f2f1a01"),
            ("Stripe-Should-Retry", "true"),
            ("Content-Type", "application/json"),
        ],
        IDEMPOTENCY_KEY_IN_USE_409_SHOULD_RETRY_TRUE,
    ),
    (
        "conflict_409_should_retry_false",
        409,
        &[("Request-Id", "req_def456"), ("Stripe-Should-Retry", "false")],
        CONFLICT_409_SHOULD_RETRY_FALSE,
    ),
    ("conflict_409", 409, &[("Request-Id", "req_def457")], CONFLICT_409),
    (
        "lock_timeout_429",
        429,
        &[("Request-Id", "req_ghi789"), ("Content-Type", "application/json")],
        LOCK_TIMEOUT_429,
    ),
    ("rate_limit_429", 429, &[("Request-Id", "req_jkl012")], RATE_LIMIT_429),
    ("rate_limit_legacy_400", 400, &[], RATE_LIMIT_LEGACY_400),
    ("card_declined_402", 402, &[("Request-Id", "req_mno345")], CARD_DECLINED_402),
    ("idempotency_error_400", 400, &[("Request-Id", "req_pqr678")], IDEMPOTENCY_ERROR_400),
    ("unauthorized_401", 401, &[("Request-Id", "req_123")], UNAUTHORIZED_401),
    ("no_such_customer_400", 400, &[("Content-Type", "application/json")], NO_SUCH_CUSTOMER_400),
    ("oauth_invalid_grant_400", 400, &[], OAUTH_INVALID_GRANT_400),
    ("api_error_503", 503, &[("Request-Id", "req_stu901")], API_ERROR_503),
    ("resource_missing_404", 404, &[("Request-Id", "req_vwx234")], RESOURCE_MISSING_404),
    ("parameter_missing_400", 400, &[("Request-Id", "req_yza567")], PARAMETER_MISSING_400),
    ("html_502", 502, &[("Content-Type", "text/html")], HTML_502),
];

const LOCK_TIMEOUT_MESSAGE: &str = "This object cannot be accessed right now because another API request or Stripe process is currently accessing it. If you see this error intermittently, retry the request. If you see this error frequently and are making multiple concurrent requests to a single object, make your requests serially or at a lower rate.";
const RATE_LIMIT_MESSAGE: &str = "Too many requests hit the API too quickly. We recommend an exponential backoff of your requests.";
const IN_USE_MESSAGE: &str = "There is currently another in-progress request using this Idempotent Key (probably means you are sending the same request in parallel). Please try again later.";
const IDEMPOTENCY_MESSAGE: &str = "Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than 'k1' if you meant to execute a different request.";
const OAUTH_MESSAGE: &str = "This authorization code has already been used. All tokens issued with this code have been revoked.";

/// What each example response decodes to.
fn expected(name: &str) -> Expect<'static> {
    match name {
        "should_retry_false_500" => Expect::new("ApiError", 500).code("api_error"),
        "should_retry_true_400" => {
            Expect::new("InvalidRequest", 400).code("your_fault").retry(Retry::Backoff)
        }
        "idempotency_key_in_use_409_should_retry_true" => Expect::new("IdempotencyKeyInUse", 409)
            .code("idempotency_key_in_use")
            .message(IN_USE_MESSAGE)
            .request_id("req_abc123")
            .retry(Retry::Backoff),
        "conflict_409_should_retry_false" => Expect::new("Conflict", 409)
            .code("invalid_request_error")
            .message("The request conflicts with another request.")
            .request_id("req_def456"),
        "conflict_409" => Expect::new("Conflict", 409)
            .code("invalid_request_error")
            .message("The request conflicts with another request.")
            .request_id("req_def457")
            .retry(Retry::Backoff),
        "lock_timeout_429" => Expect::new("LockTimeout", 429)
            .code("lock_timeout")
            .message(LOCK_TIMEOUT_MESSAGE)
            .request_id("req_ghi789")
            .retry(Retry::Backoff),
        "rate_limit_429" => Expect::new("RateLimited", 429)
            .code("rate_limit")
            .message(RATE_LIMIT_MESSAGE)
            .request_id("req_jkl012")
            .retry(Retry::Backoff),
        "rate_limit_legacy_400" => Expect::new("RateLimited", 400)
            .code("rate_limit")
            .message(RATE_LIMIT_MESSAGE)
            .retry(Retry::Backoff),
        "card_declined_402" => Expect::new("CardDeclined", 402)
            .code("card_declined")
            .message("Your card has insufficient funds.")
            .request_id("req_mno345"),
        "idempotency_error_400" => Expect::new("IdempotencyError", 400)
            .code("idempotency_error")
            .message(IDEMPOTENCY_MESSAGE)
            .request_id("req_pqr678"),
        "unauthorized_401" => Expect::new("Unauthorized", 401)
            .code("invalid_request_error")
            .message("bar")
            .request_id("req_123"),
        "no_such_customer_400" => Expect::new("InvalidRequest", 400)
            .code("invalid_request_error")
            .message("No such customer"),
        "oauth_invalid_grant_400" => {
            Expect::new("OauthInvalidGrant", 400).code("invalid_grant").message(OAUTH_MESSAGE)
        }
        "api_error_503" => Expect::new("ApiError", 503)
            .code("api_error")
            .message("Something went wrong on Stripe's end.")
            .request_id("req_stu901")
            .retry(Retry::Backoff),
        "resource_missing_404" => Expect::new("ResourceMissing", 404)
            .code("resource_missing")
            .message("No such customer: 'cus_nope'")
            .request_id("req_vwx234"),
        "parameter_missing_400" => Expect::new("ParameterMissing", 400)
            .code("parameter_missing")
            .message("Missing required param: amount.")
            .request_id("req_yza567"),
        "html_502" => Expect::new("ApiError", 502).retry(Retry::Backoff),
        other => panic!("no expectation for {other}"),
    }
}

#[test]
fn decodes_every_example_response() {
    for &(name, status, headers, body) in RESPONSES {
        let error: StripeError = one(status, headers, body);
        check(name, &error, body.as_bytes(), expected(name));
    }
}

#[test]
fn the_corpus_holds_the_same_responses() {
    let corpus: serde_json::Value =
        serde_json::from_str(include_str!("../corpus/stripe.json")).unwrap();
    assert_eq!(corpus["spec"], "specs/stripe.json");
    let responses = corpus["responses"].as_array().unwrap();
    assert_eq!(responses.len(), RESPONSES.len());
    for (json, &(name, status, headers, body)) in responses.iter().zip(RESPONSES) {
        assert_eq!(json["name"], name);
        assert_eq!(json["status"], status);
        let pairs: Vec<(&str, &str)> = json["headers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|pair| (pair[0].as_str().unwrap(), pair[1].as_str().unwrap()))
            .collect();
        assert_eq!(pairs, headers, "{name}");
        assert_eq!(json["body"], body, "{name}");
    }
}

#[test]
fn stripe_should_retry_false_on_a_500_means_never() {
    // stripe-node: "should not retry when a header says not to".
    let error: StripeError = one(500, &[("stripe-should-retry", "false")], SHOULD_RETRY_FALSE_500);
    assert!(error.is_api_error(), "the variant stays the 500's: {error:?}");
    assert_eq!(error.retry(), Retry::Never);
    assert_eq!(error.meta().retry_override(), Some(RetryClass::Never));
    // Without the header the same 500 backs off; the header's case and spaces do not matter.
    let plain: StripeError = one(500, &[], SHOULD_RETRY_FALSE_500);
    assert_eq!(plain.retry(), Retry::Backoff);
    assert_eq!(plain.meta().retry_override(), None);
    let spaced: StripeError =
        one(500, &[("Stripe-Should-Retry", " False ")], SHOULD_RETRY_FALSE_500);
    assert_eq!(spaced.retry(), Retry::Never);
    // Any other value is no override (stripe-node compares to "true" and "false" only).
    let other: StripeError = one(500, &[("Stripe-Should-Retry", "maybe")], SHOULD_RETRY_FALSE_500);
    assert_eq!(other.retry(), Retry::Backoff);
}

#[test]
fn stripe_should_retry_true_on_a_409_means_retry() {
    let error: StripeError = one(
        409,
        &[("Request-Id", "req_abc123"), ("Stripe-Should-Retry", "true")],
        IDEMPOTENCY_KEY_IN_USE_409_SHOULD_RETRY_TRUE,
    );
    assert!(error.is_idempotency_key_in_use(), "{error:?}");
    assert_eq!(error.retry(), Retry::Backoff);
    assert_eq!(error.meta().retry_override(), Some(RetryClass::Backoff));
    // `false` on a 409 stops the retry the status would give (stripe-go's
    // DontRetryOnStripeRetryHeaderFalse: "Note we send status 409 here, which would
    // normally be retried").
    let error: StripeError =
        one(409, &[("Stripe-Should-Retry", "false")], CONFLICT_409_SHOULD_RETRY_FALSE);
    assert!(error.is_conflict());
    assert_eq!(error.retry(), Retry::Never);
    // `true` even on a 400, "status codes we ordinarily wouldn't" (stripe-node).
    let error: StripeError = one(400, &[("stripe-should-retry", "true")], SHOULD_RETRY_TRUE_400);
    assert!(error.is_invalid_request());
    assert_eq!(error.retry(), Retry::Backoff);
    // And on a card error, whose class is otherwise `never`.
    let error: StripeError = one(402, &[("Stripe-Should-Retry", "true")], CARD_DECLINED_402);
    assert!(error.is_card_declined());
    assert_eq!(error.retry(), Retry::Backoff);
}

#[test]
fn type_alone_does_not_identify_the_error() {
    // A 401 says `invalid_request_error`: it is the 401's error, not an invalid request.
    let error: StripeError = one(401, &[("Request-Id", "req_123")], UNAUTHORIZED_401);
    assert!(error.is_unauthorized(), "{error:?}");
    assert_eq!(error.code(), Some("invalid_request_error"), "the type stands in as the code");
    assert_eq!(error.retry(), Retry::Never);
    // A 429 lock timeout says `invalid_request_error` too: the code decides.
    let error: StripeError = one(429, &[], LOCK_TIMEOUT_429);
    assert!(error.is_lock_timeout(), "{error:?}");
    // The same type on a 400, 402, 404 and 5xx gives each status's own error.
    for (status, variant) in [
        (400, "InvalidRequest"),
        (402, "RequestFailed"),
        (403, "Forbidden"),
        (404, "NotFound"),
        (409, "Conflict"),
        (424, "ExternalDependencyFailed"),
        (429, "RateLimited"),
        (500, "ApiError"),
        (504, "ApiError"),
    ] {
        let error: StripeError =
            one(status, &[], r#"{"error": {"type": "invalid_request_error", "message": "m"}}"#);
        assert_eq!(error.variant_name(), variant, "{status}");
    }
    // A code wins over the status: `resource_missing` on a 400 (stripe-node's fixture
    // status) is still ResourceMissing.
    let error: StripeError = one(400, &[], RESOURCE_MISSING_404);
    assert!(error.is_resource_missing());
    // An undocumented code keeps its status's default and the code.
    let error: StripeError = one(
        400,
        &[],
        r#"{"error": {"code": "bank_account_unusable", "type": "invalid_request_error"}}"#,
    );
    assert!(error.is_invalid_request());
    assert_eq!(error.code(), Some("bank_account_unusable"));
}

#[test]
fn the_request_id_is_the_request_id_header() {
    let error: StripeError = one(429, &[("request-id", "req_ghi789")], LOCK_TIMEOUT_429);
    assert_eq!(error.request_id(), Some("req_ghi789"), "any case");
    let error: StripeError = one(429, &[], LOCK_TIMEOUT_429);
    assert_eq!(error.request_id(), None, "never read from the body");
    let mut headers = http::HeaderMap::new();
    headers.insert("request-id", http::HeaderValue::from_static("req_http"));
    let errors = StripeError::decode(404, &headers, RESOURCE_MISSING_404.as_bytes());
    assert_eq!(errors[0].request_id(), Some("req_http"));
}

#[test]
fn decline_code_is_a_field_not_a_code() {
    let error: StripeError = one(402, &[("Request-Id", "req_mno345")], CARD_DECLINED_402);
    let StripeError::CardDeclined {
        decline_code,
        advice_code,
        charge,
        doc_url,
        request_log_url,
        payment_intent,
        network_decline_code,
        ..
    } = &error
    else {
        panic!("not CardDeclined: {error:?}");
    };
    assert_eq!(decline_code.as_deref(), Some("insufficient_funds"));
    assert_eq!(advice_code.as_deref(), Some("try_again_later"));
    assert_eq!(charge.as_deref(), Some("ch_3NxxxxxxxxxxxxxxxxxxxxXX"));
    assert_eq!(doc_url.as_deref(), Some("https://stripe.com/docs/error-codes/card-declined"));
    assert_eq!(
        request_log_url.as_deref(),
        Some("https://dashboard.stripe.com/test/logs/req_mno345?t=1700000000")
    );
    assert_eq!(*network_decline_code, None);
    let payment_intent = payment_intent.as_ref().expect("the PaymentIntent, as written");
    assert_eq!(
        payment_intent.as_str(),
        r#"{"id": "pi_3NxxxxxxxxxxxxxxxxxxxxXX", "object": "payment_intent", "status": "requires_payment_method"}"#
    );
    assert_eq!(error.code(), Some("card_declined"), "the code, not the decline code");
    assert_eq!(error.retry(), Retry::Never);
    // `insufficient_funds` is a code too: as a code it is its own entry.
    let error: StripeError = one(
        402,
        &[],
        r#"{"error": {"code": "insufficient_funds", "type": "card_error", "message": "m"}}"#,
    );
    assert!(error.is_insufficient_funds());
    // A card error whose code has no entry is the 402's default, fields and all.
    let error: StripeError = one(
        402,
        &[],
        r#"{"error": {"code": "card_velocity_exceeded", "decline_code": "card_velocity_exceeded", "type": "card_error"}}"#,
    );
    let StripeError::RequestFailed { decline_code, .. } = &error else { panic!("{error:?}") };
    assert_eq!(decline_code.as_deref(), Some("card_velocity_exceeded"));
}

#[test]
fn idempotency_errors() {
    // Same key, different parameters: a 400 `type: idempotency_error` without a code.
    let error: StripeError = one(400, &[], IDEMPOTENCY_ERROR_400);
    assert!(error.is_idempotency_error(), "{error:?}");
    assert_eq!(error.retry(), Retry::Never, "a new key is needed");
    // stripe-node's verbatim body, on 400 and 404 (generateV1Error's statuses).
    for status in [400, 404] {
        let error: StripeError = one(status, &[], r#"{"error":{"type":"idempotency_error"}}"#);
        assert!(error.is_idempotency_error(), "{status}");
    }
    // The type on a 409 is a conflict, retried like any 409.
    let error: StripeError = one(409, &[], r#"{"error":{"type":"idempotency_error"}}"#);
    assert!(error.is_conflict(), "{error:?}");
    assert_eq!(error.retry(), Retry::Backoff);
    // Same key still in flight: 409 `idempotency_key_in_use`, retried with the same key.
    let error: StripeError = one(409, &[], IDEMPOTENCY_KEY_IN_USE_409_SHOULD_RETRY_TRUE);
    assert!(error.is_idempotency_key_in_use());
    assert_eq!(error.retry(), Retry::Backoff);
    assert!(error.is_retry_safe(), "\"we don't save the idempotent result\": not processed");
    // A 400 idempotency error carries no such promise.
    assert!(!one::<StripeError>(400, &[], IDEMPOTENCY_ERROR_400).is_retry_safe());
}

#[test]
fn lock_timeout_429_backs_off() {
    let error: StripeError = one(
        429,
        &[("Request-Id", "req_ghi789"), ("Content-Type", "application/json")],
        LOCK_TIMEOUT_429,
    );
    assert!(error.is_lock_timeout());
    assert_eq!(error.retry(), Retry::Backoff, "Stripe sends no delay");
    assert!(error.is_retry_safe(), "a 429 ran before the idempotency layer");
    // Stripe documents no Retry-After; one sent anyway does not make it wait for it.
    let error: StripeError = one(429, &[("Retry-After", "9")], LOCK_TIMEOUT_429);
    assert_eq!(error.retry(), Retry::Backoff);
    // A plain rate limit backs off too, and a 429 with any other code is a rate limit.
    let error: StripeError = one(429, &[], RATE_LIMIT_429);
    assert!(error.is_rate_limited());
    let error: StripeError =
        one(429, &[], r#"{"error": {"code": "too_fast", "type": "invalid_request_error"}}"#);
    assert!(error.is_rate_limited());
    assert_eq!(error.code(), Some("too_fast"));
    let error: StripeError = one(429, &[], "");
    assert!(error.is_rate_limited());
}

#[test]
fn oauth_errors_have_a_string_error() {
    let error: StripeError = one(400, &[], OAUTH_INVALID_GRANT_400);
    assert!(error.is_oauth_invalid_grant());
    assert_eq!(error.message(), Some(OAUTH_MESSAGE), "error_description is the message");
    for code in [
        "invalid_client",
        "invalid_request",
        "invalid_scope",
        "unsupported_grant_type",
        "unsupported_response_type",
    ] {
        let body = format!(r#"{{"error": "{code}", "error_description": "d"}}"#);
        let error: StripeError = one(400, &[], &body);
        assert!(error.variant_name().starts_with("Oauth"), "{code}: {error:?}");
        assert_eq!(error.code(), Some(code));
        assert_eq!(error.retry(), Retry::Never);
    }
}

#[test]
fn codes_with_their_own_retry_class() {
    #[rustfmt::skip]
    let rows = [
        ("api_key_expired", 401, "ApiKeyExpired", Retry::Reauth),
        ("platform_api_key_expired", 401, "PlatformApiKeyExpired", Retry::Reauth),
        ("secret_key_required", 401, "SecretKeyRequired", Retry::Never),
        ("token_in_use", 409, "TokenInUse", Retry::Backoff),
        ("payment_intent_rate_limit_exceeded", 429, "PaymentIntentRateLimitExceeded", Retry::Backoff),
        ("processing_error", 402, "ProcessingError", Retry::Never),
        ("card_decline_rate_limit_exceeded", 402, "CardDeclineRateLimitExceeded", Retry::Never),
        ("acss_debit_session_incomplete", 400, "AcssDebitSessionIncomplete", Retry::Never),
        ("authentication_required", 402, "AuthenticationRequired", Retry::Never),
    ];
    for (code, status, variant, retry) in rows {
        let body = format!(r#"{{"error": {{"code": "{code}", "type": "invalid_request_error"}}}}"#);
        let error: StripeError = one(status, &[], &body);
        assert_eq!((error.variant_name(), error.retry()), (variant, retry), "{code}");
    }
}

#[test]
fn statuses_without_a_stripe_body() {
    for status in [500, 502, 503, 504] {
        let error: StripeError = one(status, &[("Content-Type", "text/html")], HTML_502);
        assert!(error.is_api_error(), "{status}");
        assert_eq!(error.code(), None);
        assert_eq!(error.retry(), Retry::Backoff);
    }
    // A status Stripe does not document decodes to the fallback, by errtable's rules.
    let error: StripeError = one(418, &[], "");
    assert!(error.is_unknown() && error.is_fallback());
    assert_eq!(error.retry(), Retry::Never);
    let error: StripeError = one(507, &[], "");
    assert_eq!(error.retry(), Retry::Backoff);
    // Successes carry no error.
    assert!(StripeError::decode(200, &NoHeaders, br#"{"id": "ch_1"}"#).is_empty());
}

#[test]
fn backoff_is_stripe_nodes() {
    let backoff = StripeError::backoff();
    assert_eq!(
        backoff,
        Backoff::new(Duration::from_millis(500), 2.0, Duration::from_secs(5), 3, Jitter::Equal)
    );
    let delays: Vec<_> = backoff.base_delays().collect();
    assert_eq!(delays, [Duration::from_millis(500), Duration::from_secs(1)]);
    assert_eq!(StripeError::transport_retry(), RetryClass::Backoff);
}
