//! The generated decoders and the engine's reference interpreter agree: same errors,
//! variants, codes, messages, request ids, retry classes, server delays, fields and item
//! indexes, and the same warnings, on the shared corpus (`tests/corpus/*.json`) and on
//! generated responses, for the bundled catalogs and the catalog that uses every feature
//! of the format (`tests/specs/features.json`).

use std::path::PathBuf;
use std::time::{Duration, SystemTime};

use errtable::{FieldValue, RetryClass, VendorError};
use errtable_codegen::Catalog;
use errtable_codegen::interpret::{Response, interpret, warnings};
use errtable_codegen::json;
use errtable_tests::{catalog, features, octeth, octogen, octomil, octopost};
use proptest::prelude::*;
use serde_json::{Map, Value, json};

/// What a response decodes to, in a form both decoders can be compared in.
#[derive(Debug, Clone, PartialEq)]
struct Decoding {
    errors: Vec<Outcome>,
    warnings: Vec<(String, Option<String>)>,
}

/// A field as JSON: a `json` field's text parsed as the interpreter reads bodies.
fn value_of(value: FieldValue) -> Value {
    match value {
        FieldValue::Json(raw) => {
            json::parse(raw.as_str().as_bytes()).map_or(Value::Null, |tree| json::to_value(&tree))
        }
        FieldValue::Object(fields) => {
            Value::Object(fields.into_iter().map(|(k, v)| (k.to_owned(), value_of(v))).collect())
        }
        FieldValue::ObjectList(items) => Value::Array(
            items
                .into_iter()
                .map(|fields| {
                    Value::Object(
                        fields.into_iter().map(|(k, v)| (k.to_owned(), value_of(v))).collect(),
                    )
                })
                .collect(),
        ),
        other => serde_json::to_value(other).unwrap(),
    }
}

/// One decoded error, in a form both decoders can be compared in.
#[derive(Debug, Clone, PartialEq)]
struct Outcome {
    variant: String,
    code: Option<String>,
    status: u16,
    message: Option<String>,
    request_id: Option<String>,
    retry: RetryClass,
    delay: Option<Duration>,
    fields: Value,
    item: Option<usize>,
}

fn generated<E: VendorError>(status: u16, headers: &[(String, String)], body: &[u8]) -> Decoding {
    let decoded = E::decode(status, headers, body);
    let warnings = decoded
        .warnings()
        .iter()
        .map(|w| (w.code().to_owned(), w.message().map(str::to_owned)))
        .collect();
    let errors = decoded
        .iter()
        .map(|e| Outcome {
            variant: e.variant_name().to_owned(),
            code: e.meta().code().map(str::to_owned),
            status: e.meta().status(),
            message: e.meta().message().map(str::to_owned),
            request_id: e.meta().request_id().map(str::to_owned),
            retry: e.retry_class(),
            delay: e.meta().server_delay(),
            fields: Value::Object(
                e.fields().into_iter().map(|(k, v)| (k.to_owned(), value_of(v))).collect(),
            ),
            item: e.meta().item(),
        })
        .collect();
    Decoding { errors, warnings }
}

type Decoder = fn(u16, &[(String, String)], &[u8]) -> Decoding;

/// The generated enum of each catalog and operation.
fn decoder(vendor: &str, operation: Option<&str>) -> Decoder {
    match (vendor, operation) {
        ("octopost", None) => generated::<octopost::OctopostError>,
        ("octogen", None) => generated::<octogen::OctogenError>,
        ("catalog", None) => generated::<catalog::CatalogError>,
        ("octomil", None) => generated::<octomil::OctomilError>,
        ("octeth", None) => generated::<octeth::OctethError>,
        ("octeth", Some("User.Login")) => generated::<octeth::LoginError>,
        ("octeth", Some("List.Create")) => generated::<octeth::ListCreateError>,
        ("octeth", Some("Subscriber.Create")) => generated::<octeth::SubscriberCreateError>,
        ("octeth", Some("Campaign.Create")) => generated::<octeth::CampaignCreateError>,
        ("octeth", Some("Campaign.Update")) => generated::<octeth::CampaignUpdateError>,
        ("octeth", Some("Email.Update")) => generated::<octeth::EmailUpdateError>,
        ("features", None) => generated::<features::FeatureError>,
        other => panic!("no generated enum for {other:?}"),
    }
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn load(vendor: &str) -> Catalog {
    let path = match vendor {
        "features" => root().join("tests/specs/features.json"),
        _ => root().join("specs").join(format!("{vendor}.json")),
    };
    errtable_codegen::load_file(&path, vendor).unwrap_or_else(|d| panic!("{d}"))
}

fn interpreted(
    catalog: &Catalog,
    operation: Option<&str>,
    status: u16,
    headers: &[(String, String)],
    body: &[u8],
) -> Decoding {
    let op = operation.map(|name| catalog.operation(name).expect("operation"));
    let response = Response { status, headers, body };
    let warnings = warnings(catalog, response)
        .into_iter()
        .map(|w| (w.code, w.message.map(|m| m.to_string())))
        .collect();
    let errors = interpret(catalog, op, response, SystemTime::now())
        .into_iter()
        .map(|e| Outcome {
            variant: e.variant,
            code: e.code,
            status: e.status,
            message: e.message.map(|m| m.to_string()),
            request_id: e.request_id.map(|r| r.to_string()),
            retry: e.retry,
            delay: e.delay,
            fields: Value::Object(e.fields.into_iter().collect::<Map<_, _>>()),
            item: e.item,
        })
        .collect();
    Decoding { errors, warnings }
}

fn assert_agree(
    vendor: &str,
    catalog: &Catalog,
    operation: Option<&str>,
    status: u16,
    headers: &[(String, String)],
    body: &[u8],
    label: &str,
) {
    let fast = decoder(vendor, operation)(status, headers, body);
    let reference = interpreted(catalog, operation, status, headers, body);
    assert_eq!(
        fast,
        reference,
        "{vendor} {operation:?} {label}: status {status}, headers {headers:?}, body {:?}",
        String::from_utf8_lossy(body)
    );
}

const VENDORS: [&str; 6] = ["octopost", "octogen", "catalog", "octomil", "octeth", "features"];

#[test]
fn the_shared_corpus() {
    let mut checked = 0;
    for vendor in VENDORS {
        let catalog = load(vendor);
        let path = root().join("tests/corpus").join(format!("{vendor}.json"));
        let corpus: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        for response in corpus["responses"].as_array().unwrap() {
            let headers: Vec<(String, String)> = response["headers"]
                .as_array()
                .unwrap()
                .iter()
                .map(|h| (h[0].as_str().unwrap().to_owned(), h[1].as_str().unwrap().to_owned()))
                .collect();
            let status = response["status"].as_u64().unwrap() as u16;
            let body = response["body"].as_str().unwrap().as_bytes();
            let operation = response.get("operation").and_then(Value::as_str);
            let name = response["name"].as_str().unwrap();
            assert_agree(vendor, &catalog, operation, status, &headers, body, name);
            // Every global entry applies within every operation too.
            if vendor == "octeth" && operation.is_none() {
                for op in catalog.operations.iter() {
                    assert_agree(vendor, &catalog, Some(&op.name), status, &headers, body, name);
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
        let catalog = load(vendor);
        for body in bodies {
            for status in [200, 400, 429, 500, 503] {
                assert_agree(vendor, &catalog, None, status, &[], body, "odd body");
            }
        }
    }
}

/// Both decoders read JSON leniently where a careless server would otherwise lose an
/// error: a byte order mark, bytes that are not UTF-8 or lone surrogates in strings,
/// numbers of any size, nesting of any depth. They agree on all of it.
#[test]
fn lenient_bodies_read_alike() {
    let catalog = load("octopost");
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
        assert_agree("octopost", &catalog, None, 404, &[], body, "lenient body");
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
        assert_agree("octopost", &catalog, None, 404, &[], body, "lenient code");
    }
}

// ----- generated responses ------------------------------------------------------------

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
    prop::sample::select(vec![
        None,
        Some("User.Login"),
        Some("List.Create"),
        Some("Subscriber.Create"),
        Some("Campaign.Create"),
        Some("Campaign.Update"),
        Some("Email.Update"),
    ])
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
        let catalog = load_cached(vendor);
        let op = if vendor == "octeth" { op } else { None };
        assert_agree(vendor, catalog, op, status, &headers, &body, "generated");
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
        assert_agree("octeth", load_cached("octeth"), op, 200, &[], body.to_string().as_bytes(), "octeth");
    }
}

fn load_cached(vendor: &str) -> &'static Catalog {
    use std::sync::OnceLock;
    static CATALOGS: OnceLock<Vec<(&'static str, Catalog)>> = OnceLock::new();
    let all = CATALOGS.get_or_init(|| VENDORS.iter().map(|v| (*v, load(v))).collect());
    &all.iter().find(|(v, _)| *v == vendor).unwrap().1
}
