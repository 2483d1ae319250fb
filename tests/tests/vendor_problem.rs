//! RFC 9457 problem details (`specs/problem.json`): every example response of RFC 9457
//! and RFC 7807 and of the real problem+json APIs in the research notes (Vonage on its
//! old and new hosts, Upvest, Akamai, Glean), decoded through the generated
//! `ProblemError`, and one test per hard case: `type` URIs matched by their last path
//! segment or fragment whatever the host, `about:blank` and a bare status matched by
//! status, the out-of-credit extension members, the validation example's `errors` list,
//! and (with the small `tests/specs/jsonapi.json`) several JSON:API error objects read
//! through the envelope's `items`.
//!
//! Examples: RFC 9457 section 3 and appendix B (read from the HTTPAPI working group's
//! source), RFC 7807 section 3, and the vendor pages and SDK fixtures that
//! `docs/research/rfc9457.md` cites; JSON:API's examples page.

use errtable_tests::problem as catalog;

use errtable_tests::jsonapi;

mod common;

use catalog::{InvalidParam, ProblemError, ValidationIssue};
use common::{Expect, check, one, secs};
use errtable::{NoHeaders, Retry, RetryClass};
use jsonapi::{ErrorSource, JsonApiError};

const PROBLEM_JSON: (&str, &str) = ("Content-Type", "application/problem+json");
const LANGUAGE: (&str, &str) = ("Content-Language", "en");

/// RFC 9457 section 3, the first example.
const OUT_OF_CREDIT: &str = r#"{
 "type": "https://example.com/probs/out-of-credit",
 "title": "You do not have enough credit.",
 "detail": "Your current balance is 30, but that costs 50.",
 "instance": "/account/12345/msgs/abc",
 "balance": 30,
 "accounts": ["/account/12345",
              "/account/67890"]
}"#;
/// RFC 9457 section 3, the second example.
const VALIDATION: &str = r##"{
 "type": "https://example.net/validation-error",
 "title": "Your request is not valid.",
 "errors": [
             {
               "detail": "must be a positive integer",
               "pointer": "#/age"
             },
             {
               "detail": "must be 'green', 'red' or 'blue'",
               "pointer": "#/profile/color"
             }
          ]
}"##;
/// RFC 7807 section 3, the same type with `invalid-params`.
const VALIDATION_7807: &str = r#"{
   "type": "https://example.net/validation-error",
   "title": "Your request parameters didn't validate.",
   "invalid-params": [ {
                         "name": "age",
                         "reason": "must be a positive integer"
                       },
                       {
                         "name": "color",
                         "reason": "must be 'green', 'red' or 'blue'"}
                     ]
   }"#;
/// RFC 9457 appendix B: the out-of-credit example as XML.
const OUT_OF_CREDIT_XML: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<problem xmlns="urn:ietf:rfc:7807">
  <type>https://example.com/probs/out-of-credit</type>
  <title>You do not have enough credit.</title>
  <detail>Your current balance is 30, but that costs 50.</detail>
  <instance>https://example.net/account/12345/msgs/abc</instance>
  <balance>30</balance>
  <accounts>
    <i>https://example.net/account/12345</i>
    <i>https://example.net/account/67890</i>
  </accounts>
</problem>"#;
/// Vonage, API standards (new host).
const VONAGE_401: &str = r#"{
"type": "https://developer.vonage.com/api-errors#unauthorized",
"title": "Invalid credentials supplied",
"detail": "You did not provide correct credentials.",
"instance": "797a8f199c45014ab7b08bfe9cc1c12c"
}"#;
/// Vonage's Java SDK tests (old host).
const NEXMO_401: &str = r#"{
  "type": "https://developer.nexmo.com/api-errors#unauthorized",
  "title": "Invalid credentials supplied",
  "detail": "You did not provide correct credentials.",
  "instance": "797a8f199c45014ab7b08bfe9cc1c12c"
}"#;
/// Vonage's Python SDK fixtures (no status given).
const NEXMO_LOW_BALANCE: &str = r#"{
    "type": "https://developer.nexmo.com/api-errors/#low-balance",
    "title": "Low balance",
    "detail": "This request could not be performed due to your account balance being low.",
    "instance": "bf0ca0bf927b3b52e3cb03217e1a1ddf"
}"#;
/// Ibid.
const VONAGE_INVALID_PARAMS: &str = r#"{
    "type": "https://developer.vonage.com/api-errors/messages#1150",
    "title": "Invalid params",
    "detail": "The value of one or more parameters is invalid.",
    "instance": "bf0ca0bf927b3b52e3cb03217e1a1ddf",
    "invalid_parameters": [
        {
            "name": "messenger.tag",
            "reason": "invalid value"
        }
    ]
}"#;
const UPVEST_REQUEST_ID: &str = "afcd3c2f-6965-4e1b-bb3e-87a3b481ce29";
/// Upvest, API errors.
const UPVEST_429: &str = r#"{
    "type": "https://docs.upvest.co/errors/too_many_requests",
    "status": 429,
    "title": "Too many requests",
    "request_id": "afcd3c2f-6965-4e1b-bb3e-87a3b481ce29"
}"#;
/// Ibid.
const UPVEST_401: &str = r#"{ "detail": "Signature is incorrect", "request_id": "afcd3c2f-6965-4e1b-bb3e-87a3b481ce29", "status": 401, "title": "Unauthorised", "type": "https://docs.upvest.co/errors/unauthorised" }"#;
/// Ibid.
const UPVEST_500: &str = r#"{
    "type": "https://docs.upvest.co/errors/internal",
    "status": 500,
    "title": "Internal error",
    "request_id": "642f127c-eadf-4a15-a9f6-c7afe9a05504"
}"#;
/// Akamai mTLS Edge Truststore, 429: a relative type URI.
const AKAMAI_429: &str = r#"{
  "rateLimitNext": "2023-11-08T05:49:55.123456Z",
  "instance": "/mtls-edge-truststore/error-types/account-rate-limit-exceeded?traceId=-8494562331894707338",
  "rateLimit": 2,
  "detail": "Quota has been exhausted. You can submit the request after 49 seconds",
  "type": "/mtls-edge-truststore/error-types/account-rate-limit-exceeded",
  "title": "Account Rate Limit Exceeded",
  "rateLimitRemaining": 0,
  "status": 429
}"#;
/// Glean, errors: the type is the documentation page.
const GLEAN_429: &str = r#"{
"type": "https://developers.glean.com/errors/rate-limit-exceeded",
"title": "Rate Limit Exceeded",
"status": 429,
"detail": "Human-readable explanation specific to this occurrence.",
"code": "rate_limit_exceeded",
"documentation_url": "https://developers.glean.com/errors/rate-limit-exceeded",
"request_id": "req_7f8a9b0c1d2e"
}"#;

/// Status, headers and body of one example, and what it decodes to.
type Row<'a> = (u16, &'a [(&'a str, &'a str)], &'a str, Expect<'a>);

#[test]
fn decodes_every_example_response() {
    let rfc = [PROBLEM_JSON, LANGUAGE];
    let upvest =
        [("content-type", "application/problem+json"), ("upvest-request-id", UPVEST_REQUEST_ID)];
    #[rustfmt::skip]
    let rows: [Row; 12] = [
        (403, &rfc, OUT_OF_CREDIT, Expect::new("OutOfCredit", 403).code("out-of-credit").message("Your current balance is 30, but that costs 50.").request_id("/account/12345/msgs/abc")),
        (422, &rfc, VALIDATION, Expect::new("ValidationError", 422).code("validation-error").message("Your request is not valid.")),
        (400, &rfc, VALIDATION_7807, Expect::new("ValidationError", 400).code("validation-error").message("Your request parameters didn't validate.")),
        (403, &[("Content-Type", "application/problem+xml"), LANGUAGE], OUT_OF_CREDIT_XML, Expect::new("Forbidden", 403)),
        (401, &[], VONAGE_401, Expect::new("Unauthorized", 401).code("unauthorized").message("You did not provide correct credentials.").request_id("797a8f199c45014ab7b08bfe9cc1c12c").retry(Retry::Reauth)),
        (401, &[], NEXMO_401, Expect::new("Unauthorized", 401).code("unauthorized").message("You did not provide correct credentials.").request_id("797a8f199c45014ab7b08bfe9cc1c12c").retry(Retry::Reauth)),
        (429, &upvest, UPVEST_429, Expect::new("TooManyRequests", 429).code("too_many_requests").message("Too many requests").retry(Retry::After(None))),
        (401, &upvest, UPVEST_401, Expect::new("Unauthorized", 401).code("unauthorised").message("Signature is incorrect").retry(Retry::Reauth)),
        (500, &upvest, UPVEST_500, Expect::new("InternalServerError", 500).code("internal").message("Internal error").retry(Retry::Backoff)),
        (429, &[], AKAMAI_429, Expect::new("TooManyRequests", 429).code("account-rate-limit-exceeded").message("Quota has been exhausted. You can submit the request after 49 seconds").request_id("/mtls-edge-truststore/error-types/account-rate-limit-exceeded?traceId=-8494562331894707338").retry(Retry::After(None))),
        (429, &[], GLEAN_429, Expect::new("TooManyRequests", 429).code("rate-limit-exceeded").message("Human-readable explanation specific to this occurrence.").retry(Retry::After(None))),
        (503, &[PROBLEM_JSON, ("Retry-After", "120")], r#"{"status": 503}"#, Expect::new("ServiceUnavailable", 503).retry(Retry::After(Some(secs(120))))),
    ];
    for (status, headers, body, expect) in rows {
        let error: ProblemError = one(status, headers, body);
        check(expect.variant, &error, body.as_bytes(), expect);
    }
}

#[test]
fn type_uris_match_by_last_segment_or_fragment() {
    // The RFC's type, another host's `/problems/` path (a vendor's move), a relative
    // reference, a trailing slash and a query: one entry.
    let types = [
        "https://example.com/probs/out-of-credit",
        "https://old.example/probs/out-of-credit",
        "https://api.example/problems/out-of-credit",
        "/probs/out-of-credit",
        "https://api.example/problems/out-of-credit/",
        "https://api.example/problems/out-of-credit?lang=en",
        "out-of-credit",
    ];
    for ty in types {
        let body = format!(
            r#"{{"type": "{ty}", "title": "You do not have enough credit.", "detail": "Your current balance is 30, but that costs 50."}}"#
        );
        let error: ProblemError = one(403, &[PROBLEM_JSON], &body);
        assert!(error.is_out_of_credit(), "{ty}: {error:?}");
        assert_eq!(error.code(), Some("out-of-credit"), "{ty}");
        // The type names the problem whatever the status.
        assert!(one::<ProblemError>(402, &[], &body).is_out_of_credit(), "{ty} on 402");
    }
    // A fragment wins over the path: Vonage's old and new hosts, `/#` included.
    for (status, body, code) in [
        (401, VONAGE_401, "unauthorized"),
        (401, NEXMO_401, "unauthorized"),
        (403, NEXMO_LOW_BALANCE, "low-balance"),
        (400, VONAGE_INVALID_PARAMS, "1150"),
    ] {
        let error: ProblemError = one(status, &[], body);
        assert_eq!(error.code(), Some(code));
        // Types this catalog does not list are the status's generic entry.
        assert!(!error.is_fallback(), "{code}: {error:?}");
    }
    // A tag URI has neither: its whole text is the code.
    let tag = r#"{"type": "tag:example@example.org,2021-09-17:OutOfLuck", "title": "Out of luck"}"#;
    let error: ProblemError = one(400, &[], tag);
    assert_eq!(error.code(), Some("tag:example@example.org,2021-09-17:OutOfLuck"));
    assert!(error.is_bad_request());
}

#[test]
fn about_blank_with_only_a_status() {
    // No type at all: `about:blank` by the RFC, matched by the response's status, with
    // the server's Retry-After.
    let headers = [PROBLEM_JSON, ("Retry-After", "120")];
    let error: ProblemError = one(503, &headers, r#"{"status": 503}"#);
    let expect = Expect::new("ServiceUnavailable", 503).retry(Retry::After(Some(secs(120))));
    check("bare 503", &error, br#"{"status": 503}"#, expect);
    assert_eq!(one::<ProblemError>(503, &[], "{}").retry(), Retry::After(None));
    // An explicit about:blank: the title is the reason phrase, and the message.
    let body = r#"{"type": "about:blank", "title": "Not Found", "status": 404}"#;
    let error: ProblemError = one(404, &[PROBLEM_JSON], body);
    let expect = Expect::new("NotFound", 404).code("about:blank").message("Not Found");
    check("about:blank 404", &error, body.as_bytes(), expect);
    // The `status` member is advisory: the response's status decides.
    let error: ProblemError = one(404, &[], r#"{"type": "about:blank", "status": 500}"#);
    assert!(error.is_not_found());
    // Every generic status has its entry; its retry class follows RFC 9110.
    #[rustfmt::skip]
    let classes = [
        (400, RetryClass::Never), (401, RetryClass::Reauth), (402, RetryClass::Never),
        (403, RetryClass::Never), (404, RetryClass::Never), (405, RetryClass::Never),
        (406, RetryClass::Never), (407, RetryClass::Reauth), (408, RetryClass::Backoff),
        (409, RetryClass::Never), (410, RetryClass::Never), (411, RetryClass::Never),
        (412, RetryClass::Never), (413, RetryClass::Never), (414, RetryClass::Never),
        (415, RetryClass::Never), (416, RetryClass::Never), (417, RetryClass::Never),
        (421, RetryClass::Backoff), (422, RetryClass::Never), (426, RetryClass::Never),
        (428, RetryClass::Never), (429, RetryClass::After), (431, RetryClass::Never),
        (500, RetryClass::Backoff), (501, RetryClass::Never), (502, RetryClass::Backoff),
        (503, RetryClass::After), (504, RetryClass::Backoff), (505, RetryClass::Never),
        (511, RetryClass::Never),
    ];
    for (status, class) in classes {
        let error: ProblemError = one(status, &[PROBLEM_JSON], r#"{"type": "about:blank"}"#);
        assert!(!error.is_fallback(), "{status}");
        assert_eq!(error.retry_class(), class, "{status}");
    }
    // Only 421 promises the request was not processed.
    assert!(one::<ProblemError>(421, &[], "{}").is_retry_safe());
    assert!(!one::<ProblemError>(503, &[], "{}").is_retry_safe());
    // 405 names the allowed methods; 413 keeps a Retry-After without retrying.
    let error: ProblemError = one(405, &[("Allow", "GET, HEAD, PUT")], "{}");
    assert!(
        matches!(&error, ProblemError::MethodNotAllowed { allow: Some(a), .. } if a == "GET, HEAD, PUT")
    );
    let error: ProblemError =
        one(413, &[("Retry-After", "30")], r#"{"title": "Content Too Large"}"#);
    assert_eq!(error.retry(), Retry::Never);
    assert_eq!(error.meta().server_delay(), Some(secs(30)));
    // A status outside RFC 9110 and RFC 6585 is the fallback's.
    let error: ProblemError = one(418, &[], r#"{"type": "about:blank", "title": "I'm a teapot"}"#);
    check(
        "418",
        &error,
        br#"{"type": "about:blank", "title": "I'm a teapot"}"#,
        Expect::new("Unknown", 418).code("about:blank").message("I'm a teapot"),
    );
}

#[test]
fn out_of_credit_extension_members() {
    let error: ProblemError = one(403, &[PROBLEM_JSON, LANGUAGE], OUT_OF_CREDIT);
    let ProblemError::OutOfCredit { balance, accounts, .. } = &error else { panic!("{error:?}") };
    assert_eq!(*balance, Some(30.0));
    assert_eq!(
        accounts.as_deref(),
        Some(&["/account/12345".to_string(), "/account/67890".to_string()][..])
    );
    assert_eq!(error.request_id(), Some("/account/12345/msgs/abc"), "instance");
    assert_eq!(error.retry(), Retry::Never);
    assert_eq!(error.to_string(), "out-of-credit: Your current balance is 30, but that costs 50.");
    // Members of the wrong type are ignored, as the RFC says of its own members.
    let body = r#"{"type": "https://example.com/probs/out-of-credit", "balance": "thirty", "accounts": "/account/1", "detail": 7, "title": "You do not have enough credit."}"#;
    let error: ProblemError = one(403, &[], body);
    assert!(
        matches!(&error, ProblemError::OutOfCredit { balance: None, accounts: None, .. }),
        "{error:?}"
    );
    assert_eq!(error.message(), Some("You do not have enough credit."), "detail is not a string");
}

#[test]
fn number_fields_keep_the_literals_value_and_sign() {
    let balance = |literal: &str| {
        let body = format!(
            r#"{{"type": "https://example.com/probs/out-of-credit", "balance": {literal}}}"#
        );
        let error: ProblemError = one(403, &[], &body);
        let ProblemError::OutOfCredit { balance, .. } = error else { panic!("{error:?}") };
        balance
    };
    for (literal, expected) in [
        ("30", 30.0),
        ("-30", -30.0),
        ("0", 0.0),
        ("30.5", 30.5),
        ("9007199254740993", 9007199254740992.0),
        ("-9223372036854775808", -9223372036854775808.0),
        ("18446744073709551616", 18446744073709551616.0),
    ] {
        assert_eq!(balance(literal), Some(expected), "{literal}");
    }
    let negative_zero = balance("-0").expect("-0 is a number");
    assert!(negative_zero == 0.0 && negative_zero.is_sign_negative(), "{negative_zero}");
    assert_eq!(balance("1e400"), None, "beyond f64: absent, the raw body keeps it");
}

#[test]
fn validation_errors_array_of_detail_and_pointer() {
    let error: ProblemError = one(422, &[PROBLEM_JSON, LANGUAGE], VALIDATION);
    let ProblemError::ValidationError { errors: Some(errors), invalid_params: None, .. } = &error
    else {
        panic!("{error:?}")
    };
    assert_eq!(
        errors,
        &[
            ValidationIssue {
                detail: Some("must be a positive integer".into()),
                pointer: Some("#/age".into())
            },
            ValidationIssue {
                detail: Some("must be 'green', 'red' or 'blue'".into()),
                pointer: Some("#/profile/color".into())
            },
        ]
    );
    // RFC 7807's shape of the same type.
    let error: ProblemError = one(400, &[PROBLEM_JSON, LANGUAGE], VALIDATION_7807);
    let ProblemError::ValidationError { errors: None, invalid_params: Some(params), .. } = &error
    else {
        panic!("{error:?}")
    };
    let names: Vec<_> = params.iter().map(|p: &InvalidParam| p.name.as_deref().unwrap()).collect();
    assert_eq!(names, ["age", "color"]);
    assert_eq!(params[1].reason.as_deref(), Some("must be 'green', 'red' or 'blue'"));
}

#[test]
fn jsonapi_several_error_objects_via_items() {
    // JSON:API examples, "Multiple Errors": three objects in one 400, each with its own
    // status member; each is one error with its index.
    let body = r#"{
  "errors": [
    {
      "status": "403",
      "source": { "pointer": "/data/attributes/secret-powers" },
      "detail": "Editing secret powers is not authorized on Sundays."
    },
    {
      "status": "422",
      "source": { "pointer": "/data/attributes/volume" },
      "detail": "Volume does not, in fact, go to 11."
    },
    {
      "status": "500",
      "source": { "pointer": "/data/attributes/reputation" },
      "title": "The backend responded with an error",
      "detail": "Reputation service not responding after three requests."
    }
  ]
}"#;
    let headers = [("Content-Type", "application/vnd.api+json")];
    let errors = JsonApiError::decode(400, &headers, body.as_bytes());
    assert_eq!(errors.len(), 3);
    let messages = [
        "Editing secret powers is not authorized on Sundays.",
        "Volume does not, in fact, go to 11.",
        "Reputation service not responding after three requests.",
    ];
    for (i, (error, message)) in errors.iter().zip(messages).enumerate() {
        let expect = Expect::new("InvalidRequest", 400).message(message).item(i);
        check("multiple errors", error, body.as_bytes(), expect);
    }
    let statuses: Vec<_> = errors
        .iter()
        .map(|e| match e {
            JsonApiError::InvalidRequest { status, .. } => status.as_deref().unwrap(),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(statuses, ["403", "422", "500"], "each object's own status is kept as a field");

    // "Error Codes": the imagined mapping 123, 225, 226; the third object has no detail.
    let body = r#"{
  "jsonapi": { "version": "1.0" },
  "errors": [
    {
      "code":   "123",
      "source": { "pointer": "/data/attributes/first-name" },
      "title":  "Value is too short",
      "detail": "First name must contain at least three characters."
    },
    {
      "code":   "225",
      "source": { "pointer": "/data/attributes/password" },
      "title": "Passwords must contain a letter, number, and punctuation character.",
      "detail": "The password provided is missing a punctuation character."
    },
    {
      "code":   "226",
      "source": { "pointer": "/data/attributes/password" },
      "title": "Password and password confirmation do not match."
    }
  ]
}"#;
    let errors = JsonApiError::decode(422, &headers, body.as_bytes());
    #[rustfmt::skip]
    let expected = [
        ("ValueTooShort", "123", "First name must contain at least three characters.", "/data/attributes/first-name"),
        ("PasswordCharacters", "225", "The password provided is missing a punctuation character.", "/data/attributes/password"),
        ("PasswordsDoNotMatch", "226", "Password and password confirmation do not match.", "/data/attributes/password"),
    ];
    assert_eq!(errors.len(), 3);
    for (i, (error, (variant, code, message, pointer))) in errors.iter().zip(expected).enumerate() {
        let expect = Expect::new(variant, 422).code(code).message(message).item(i);
        check(variant, error, body.as_bytes(), expect);
        let source = error.fields().into_iter().find(|(name, _)| *name == "source");
        assert!(source.is_some(), "{variant}: source");
        let (JsonApiError::ValueTooShort { source: Some(s), .. }
        | JsonApiError::PasswordCharacters { source: Some(s), .. }
        | JsonApiError::PasswordsDoNotMatch { source: Some(s), .. }) = error
        else {
            panic!("{error:?}")
        };
        assert_eq!(s.pointer.as_deref(), Some(pointer));
    }

    // Two errors on one attribute, without codes; a pointer to the whole document.
    let body = r#"{
  "errors": [
    {
      "source": { "pointer": "/data/attributes/first-name" },
      "title": "Invalid Attribute",
      "detail": "First name must contain at least three characters."
    },
    {
      "source": { "pointer": "/data/attributes/first-name" },
      "title": "Invalid Attribute",
      "detail": "First name must contain an emoji."
    }
  ]
}"#;
    let errors = JsonApiError::decode(422, &headers, body.as_bytes());
    let messages: Vec<_> =
        errors.iter().map(|e| (e.variant_name(), e.message().unwrap())).collect();
    assert_eq!(
        messages,
        [
            ("InvalidRequest", "First name must contain at least three characters."),
            ("InvalidRequest", "First name must contain an emoji."),
        ]
    );
    let body = "{\n  \"errors\": [\n    {\n      \"source\": { \"pointer\": \"\" },\n      \"detail\":  \"Missing `data` Member at document's top level.\"\n    }\n  ]\n}";
    let error: JsonApiError = one(422, &headers, body);
    assert!(
        matches!(&error, JsonApiError::InvalidRequest { source: Some(s), .. } if s.pointer.as_deref() == Some(""))
    );

    // "Invalid Query Parameters" and a document that is not JSON: one object each.
    let body = r#"{
  "errors": [
    {
      "source": { "parameter": "include" },
      "title":  "Invalid Query Parameter",
      "detail": "The resource does not have an `auther` relationship path."
    }
  ]
}"#;
    let error: JsonApiError = one(400, &headers, body);
    assert_eq!(
        error,
        JsonApiError::InvalidRequest {
            source: Some(ErrorSource {
                pointer: None,
                parameter: Some("include".into()),
                header: None
            }),
            status: None,
            meta: error.meta().clone(),
        }
    );
    assert_eq!(error.meta().item(), Some(0));
    let body = r#"{
  "errors": [{
    "status": "400",
    "detail": "JSON parse error - Expecting property name at line 1 column 2 (char 1)."
  }]
}"#;
    let error: JsonApiError = one(400, &headers, body);
    assert!(error.is_invalid_request());
    // An error object's id is the request id; no `errors` array: the document is one error.
    let error: JsonApiError = one(422, &[], r#"{"errors": [{"id": "e-1", "code": "227"}]}"#);
    assert!(error.is_password_reused() && error.request_id() == Some("e-1"));
    let error: JsonApiError = one(502, &[], "<html>Bad Gateway</html>");
    assert!(error.is_unknown() && error.meta().item().is_none());
    assert_eq!(error.retry(), Retry::Backoff);
}

#[test]
fn successes_carry_no_error() {
    for (status, body) in [(200, r#"{"type": "about:blank"}"#), (201, ""), (204, ""), (304, "")] {
        assert!(ProblemError::decode(status, &NoHeaders, body.as_bytes()).is_empty(), "{status}");
    }
}

#[test]
fn retry_policy() {
    // Neither RFC states backoff numbers: errtable's default.
    assert!(!ProblemError::catalog().retry.backoff_stated);
    assert_eq!(ProblemError::transport_retry(), RetryClass::Backoff);
    let error: ProblemError =
        one(429, &[("Retry-After", "7")], r#"{"title": "Too Many Requests"}"#);
    assert_eq!(error.retry(), Retry::After(Some(secs(7))));
}
