//! The generated decoders and the engine's reference interpreter agree: same errors,
//! variants, codes, messages, request ids, retry classes, server delays, fields and item
//! indexes, and the same warnings, on the shared corpus (`tests/corpus/*.json`) and on
//! generated responses, for the bundled catalogs and the catalog that uses every feature
//! of the format (`tests/specs/features.json`).

use errtable_tests::octopost;
use errtable_tests::properties::{OCTETH_OPERATIONS, VENDORS, check_response, corpus, generated};
use proptest::prelude::*;
use serde_json::{Value, json};

/// The generated decoder agrees with the interpreter (and holds the properties of
/// `check_response`).
fn assert_agree(
    vendor: &str,
    operation: Option<&str>,
    status: u16,
    headers: &[(String, String)],
    body: &[u8],
) {
    check_response(vendor, operation, status, headers, body);
}

#[test]
fn the_shared_corpus() {
    let mut checked = 0;
    for vendor in VENDORS {
        let catalog = errtable_tests::properties::catalog(vendor);
        for response in corpus(vendor) {
            let (status, headers, body) = (response.status, &response.headers, &response.body);
            let operation = response.operation.as_deref();
            assert_agree(vendor, operation, status, headers, body);
            // Every global entry applies within every operation too.
            if vendor == "octeth" && operation.is_none() {
                for op in catalog.operations.iter() {
                    assert_agree(vendor, Some(&op.name), status, headers, body);
                }
            }
            checked += 1;
        }
    }
    assert!(checked > 100, "{checked} responses");
}

#[test]
fn non_utf8_and_non_json_bodies() {
    let bodies: [&[u8]; 7] =
        [b"", b"\xff\xfe", b"{\"code\": \"\xff\"}", b"null", b"42", b"[[[[", b"{\"a\":1}{}"];
    for vendor in VENDORS {
        for body in bodies {
            for status in [200, 400, 429, 500, 503] {
                assert_agree(vendor, None, status, &[], body);
            }
        }
    }
}

/// Both decoders read JSON leniently where a careless server would otherwise lose an
/// error: a byte order mark, bytes that are not UTF-8 or lone surrogates in strings,
/// numbers of any size, nesting of any depth. They agree on all of it.
#[test]
fn lenient_bodies_read_alike() {
    let deep = format!(
        r#"{{"code": "not_found", "junk": {}{}}}"#,
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let bodies: [&[u8]; 6] = [
        br#"{"code": "not_found", "junk": 1e400}"#,
        br#"{"code": "not_found", "junk": "\ud800"}"#,
        b"{\"code\": \"not_found\", \"junk\": \"\xff\"}",
        b"\xEF\xBB\xBF{\"code\": \"not_found\"}",
        br#"{"code": "not_found", "junk": 123456789012345678901234567890}"#,
        deep.as_bytes(),
    ];
    for body in bodies {
        let fast = generated::<octopost::OctopostError>(404, &[], body).errors;
        let shown = String::from_utf8_lossy(&body[..40.min(body.len())]).into_owned();
        assert_eq!(fast[0].variant, "NotFound", "{shown}");
        assert_agree("octopost", None, 404, &[], body);
    }
    // Where the catalog reads: a numeric code of any size or form keeps its text, a lone
    // surrogate reads as U+FFFD.
    let cases: [(&[u8], Option<&str>); 4] = [
        (br#"{"code": 18446744073709551616}"#, Some("18446744073709551616")),
        (br#"{"code": "\ud800"}"#, Some("\u{FFFD}")),
        (b"{\"code\": \"x\xff\"}", Some("x\u{FFFD}")),
        (br#"{"code": 1e400}"#, Some("1e400")),
    ];
    for (body, code) in cases {
        let fast = generated::<octopost::OctopostError>(404, &[], body).errors;
        assert_eq!(fast[0].code.as_deref(), code);
        assert_agree("octopost", None, 404, &[], body);
    }
    // A number field of any form: the same value, the sign of zero included.
    for balance in ["-0", "0", "-0.0", "30", "-30", "9007199254740993", "1e400", "1E2"] {
        let body = format!(
            r#"{{"type": "https://example.com/probs/out-of-credit", "balance": {balance}}}"#
        );
        assert_agree("problem", None, 403, &[], body.as_bytes());
    }
}

// ----- generated responses ------------------------------------------------------------

/// What the fuzz targets found: each once made the two decoders disagree.
#[test]
fn fuzz_findings() {
    let request_id = [("X-Request-Id".to_owned(), "req_9".to_owned())];
    // An `errors` list of strings, not objects.
    let strings = br#"{"errors": ["a", "b"], "other": [{"code": "Throttled", "detail": "nope"}]}"#;
    assert_agree("features", None, 400, &request_id, strings);
    // A duplicate key inside a list item read as an object field.
    let duplicate = br#"{"detail": [{"loc": ["body", "limit"], "loc": "/ensure"}, {}]}"#;
    assert_agree("octogen", None, 422, &[], duplicate);
}

/// Keys that occur in some catalog, so generated bodies hit real rules.
const KEYS: &[&str] = &[
    "code",
    "error",
    "message",
    "details",
    "fields",
    "limit",
    "remaining",
    "reset_at",
    "retry_after",
    "detail",
    "loc",
    "msg",
    "type",
    "request_id",
    "credits_needed",
    "credits_remaining",
    "invalid_urls",
    "meta",
    "found",
    "outcome",
    "url",
    "products",
    "success",
    "product",
    "Success",
    "ErrorCode",
    "ErrorText",
    "status_code",
    "errors",
    "__type",
    "Message",
    "ok",
    "warning",
    "warnings",
    "response_metadata",
    "messages",
    "Item",
    "@type",
    "delay",
    "retry_after_ms",
    "reason",
    "title",
    "status",
    "instance",
    "documentation_url",
    "0",
    "1",
    "x",
];

/// Scalars that occur in some catalog.
const WORDS: &[&str] = &[
    "rate_limited",
    "validation_error",
    "server_error",
    "catalog_not_found",
    "product_not_found",
    "rate_limit_exceeded",
    "INSUFFICIENT_CREDITS",
    "VENDOR_NOT_SUPPORTED",
    "RATE_LIMITED",
    "payload_too_large",
    "service_unavailable",
    "3",
    "99999",
    "12",
    "1.5",
    "-1",
    "true",
    "",
    "req_1",
    "x y",
    "ThrottlingException",
    "Throttling",
    "com.amazonaws.dynamodb.v20120810#ThrottlingException",
    "ThrottlingException:http://internal.amazon.com/",
    "RESOURCE_EXHAUSTED",
    "quota exceeded",
    "UNKNOWN",
    "invalid_request_error",
    "ConditionalCheckFailedException",
    "not_ok",
    "retry",
    "reason",
    "43s",
    "2.4s",
    "6m0s",
    "missing_charset",
];

fn scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        prop::sample::select(vec![0i64, 1, 2, 3, 5, 18, 45, 99999, 99998, 429, -7, i64::MAX])
            .prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        prop::sample::select(vec![0.5f64, 1.2, 45.0, -0.1, 1e300]).prop_map(Value::from),
        prop::sample::select(WORDS).prop_map(|w| Value::from(w.to_owned())),
        "[a-z_]{0,6}".prop_map(Value::from),
    ]
}

fn json_value() -> impl Strategy<Value = Value> {
    scalar().prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::vec((prop::sample::select(KEYS), inner), 0..6).prop_map(|members| {
                Value::Object(members.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
            }),
        ]
    })
}

/// A body: usually an object built from catalog keys, sometimes any JSON, sometimes
/// broken text.
fn body() -> impl Strategy<Value = Vec<u8>> {
    let object = prop::collection::vec((prop::sample::select(KEYS), json_value()), 0..7).prop_map(
        |members| Value::Object(members.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()),
    );
    prop_oneof![
        6 => object.prop_map(|v| v.to_string().into_bytes()),
        2 => json_value().prop_map(|v| serde_json::to_vec_pretty(&v).unwrap()),
        1 => json_value().prop_flat_map(|v| {
            let text = v.to_string().into_bytes();
            let len = text.len();
            (Just(text), 0..=len).prop_map(|(text, cut)| text[..cut].to_vec())
        }),
        1 => prop::collection::vec(any::<u8>(), 0..40),
    ]
}

fn headers() -> impl Strategy<Value = Vec<(String, String)>> {
    let name = prop::sample::select(vec![
        "Retry-After",
        "retry-after",
        "Request-ID",
        "X-Request-Id",
        "RateLimit-Remaining",
        "X-Other",
        "X-Should-Retry",
        "x-ratelimit-remaining",
        "retry-after-ms",
        "x-ratelimit-reset",
        "X-Error-Type",
    ]);
    let value = prop::sample::select(vec![
        "0",
        "7",
        "1.5",
        "-1",
        "soon",
        "",
        "req_h",
        "Wed, 21 Oct 2015 07:28:00 GMT",
        "99999999999999999999",
        "true",
        "false",
        "1700000000",
        "Throttling:http://x",
    ]);
    prop::collection::vec((name, value).prop_map(|(n, v)| (n.to_owned(), v.to_owned())), 0..4)
}

fn status() -> impl Strategy<Value = u16> {
    prop_oneof![
        prop::sample::select(vec![
            200u16, 201, 204, 302, 400, 401, 402, 403, 404, 409, 413, 418, 422, 429, 500, 502, 503,
            504, 599
        ]),
        100u16..=599,
    ]
}

fn operation() -> impl Strategy<Value = Option<&'static str>> {
    prop::sample::select(OCTETH_OPERATIONS.to_vec())
}

proptest! {
    // Fixed seed: the same cases on every run and every machine.
    #![proptest_config(ProptestConfig {
        cases: 512,
        rng_seed: proptest::test_runner::RngSeed::Fixed(0x5eed_d1ff),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn generated_responses(vendor in prop::sample::select(VENDORS.to_vec()), op in operation(), status in status(), headers in headers(), body in body()) {
        let op = if vendor == "octeth" { op } else { None };
        assert_agree(vendor, op, status, &headers, &body);
    }

    #[test]
    fn octeth_envelopes(codes in prop::collection::vec(prop_oneof![prop::sample::select(vec![1i64, 2, 3, 4, 5, 6, 18, 20, 99998, 99999, 429, 404, 777]).prop_map(Value::from), scalar()], 0..4),
                        texts in prop::option::of(prop::collection::vec(scalar(), 0..4)),
                        single in any::<bool>(), success in scalar(), op in operation()) {
        let code = if single && !codes.is_empty() { codes[0].clone() } else { Value::Array(codes) };
        let mut body = json!({"Success": success, "ErrorCode": code});
        if let Some(texts) = texts {
            body["ErrorText"] = if single { texts.first().cloned().unwrap_or(Value::Null) } else { Value::Array(texts) };
        }
        assert_agree("octeth", op, 200, &[], body.to_string().as_bytes());
    }
}
