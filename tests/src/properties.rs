//! The properties errtable holds under any input, shared by the fuzz targets (`fuzz/`),
//! their proptest stand-ins (`tests/tests/fuzz_properties.rs`) and the differential test
//! (`tests/tests/differential.rs`):
//!
//! - [`check_response`]: a generated decoder never panics, keeps the whole raw body on
//!   every error, decodes deterministically, reports at least one error for a status of
//!   400 and above, and agrees with the engine's reference interpreter, warnings
//!   included;
//! - [`check_interpreter`]: the interpreter alone, on any catalog that loads;
//! - [`check_spec`]: the spec loader never panics and locates every problem it reports
//!   inside the text, with a help line, renderable.
//!
//! Delays taken from dates (`Retry-After: <HTTP-date>`, reset epochs) depend on the
//! current time, which moves between two decodes: they are compared with a slack of the
//! time that passed, and everything else exactly.

use std::path::PathBuf;
use std::sync::OnceLock;
use std::time::{Duration, Instant, SystemTime};

use errtable::{FieldValue, RetryClass, VendorError};
use errtable_codegen::Catalog;
use errtable_codegen::interpret::{self, Response};
use errtable_codegen::json;
use serde_json::{Map, Value};

use crate::{
    catalog, dynamodb, features, github, google, jsonapi, octeth, octogen, octomil, octopost,
    openai, problem, slack, stripe,
};

/// Every bundled catalog with a generated enum, by the name of its spec.
pub const VENDORS: [&str; 14] = [
    "octopost", "octogen", "catalog", "octomil", "octeth", "features", "stripe", "openai", "slack",
    "github", "problem", "google", "dynamodb", "jsonapi",
];

/// Header names the bundled catalogs read, and two they do not (`Content-Type`,
/// `X-Other`): what the fuzz targets and their stand-ins send.
pub const HEADER_NAMES: [&str; 16] = [
    "Retry-After",
    "Request-ID",
    "X-Request-Id",
    "retry-after-ms",
    "x-ratelimit-remaining",
    "x-ratelimit-reset",
    "x-ratelimit-reset-requests",
    "X-Should-Retry",
    "Stripe-Should-Retry",
    "X-Error-Type",
    "X-Amzn-ErrorType",
    "x-amz-retry-after",
    "x-slack-req-id",
    "RateLimit-Remaining",
    "Content-Type",
    "X-Other",
];

/// The operations of Octeth with a generated enum (`None`: the catalog-wide enum).
pub const OCTETH_OPERATIONS: [Option<&str>; 7] = [
    None,
    Some("User.Login"),
    Some("List.Create"),
    Some("Subscriber.Create"),
    Some("Campaign.Create"),
    Some("Campaign.Update"),
    Some("Email.Update"),
];

/// The operations `vendor` has generated enums for.
pub fn operations(vendor: &str) -> &'static [Option<&'static str>] {
    if vendor == "octeth" { &OCTETH_OPERATIONS } else { &OCTETH_OPERATIONS[..1] }
}

/// What a response decodes to, in a form both decoders can be compared in.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoding {
    /// The errors, in order.
    pub errors: Vec<Outcome>,
    /// The warnings: code and message.
    pub warnings: Vec<(String, Option<String>)>,
}

/// One decoded error, in a form both decoders can be compared in.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// The variant's name.
    pub variant: String,
    /// The wire code.
    pub code: Option<String>,
    /// The HTTP status.
    pub status: u16,
    /// The vendor's message.
    pub message: Option<String>,
    /// The request id.
    pub request_id: Option<String>,
    /// The retry class.
    pub retry: RetryClass,
    /// The server's delay.
    pub delay: Option<Duration>,
    /// The present fields, as JSON by the vendor's names.
    pub fields: Value,
    /// The index of a failed bulk item.
    pub item: Option<usize>,
}

/// A field as JSON: a `json` field's text parsed as the interpreter reads bodies.
fn value_of(value: FieldValue) -> Value {
    let object = |fields: Vec<(&str, FieldValue)>| {
        Value::Object(fields.into_iter().map(|(k, v)| (k.to_owned(), value_of(v))).collect())
    };
    match value {
        FieldValue::Json(raw) => {
            json::parse(raw.as_str().as_bytes()).map_or(Value::Null, |tree| json::to_value(&tree))
        }
        FieldValue::Object(fields) => object(fields),
        FieldValue::ObjectList(items) => Value::Array(items.into_iter().map(object).collect()),
        other => serde_json::to_value(other).expect("a field serializes"),
    }
}

/// `value` with every negative zero made a string: `serde_json::Value` compares numbers
/// as `f64`, where `-0.0 == 0.0`, so the two decoders could otherwise differ in a sign
/// unseen.
fn signed_zeros(value: Value) -> Value {
    match value {
        Value::Number(n) if n.as_f64().is_some_and(|f| f == 0.0 && f.is_sign_negative()) => {
            Value::String("-0.0 (a number)".to_owned())
        }
        Value::Array(items) => Value::Array(items.into_iter().map(signed_zeros).collect()),
        Value::Object(members) => {
            Value::Object(members.into_iter().map(|(k, v)| (k, signed_zeros(v))).collect())
        }
        other => other,
    }
}

/// Decodes with the generated enum `E`, as a [`Decoding`].
pub fn generated<E: VendorError>(
    status: u16,
    headers: &[(String, String)],
    body: &[u8],
) -> Decoding {
    decoding(&E::decode(status, headers, body))
}

/// Decoded errors as a [`Decoding`].
fn decoding<E: VendorError>(decoded: &errtable::Errors<E>) -> Decoding {
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
            fields: signed_zeros(Value::Object(
                e.fields().into_iter().map(|(k, v)| (k.to_owned(), value_of(v))).collect(),
            )),
            item: e.meta().item(),
        })
        .collect();
    Decoding { errors, warnings }
}

/// Decodes with the generated enum `E` and checks what holds of the generated decoder
/// alone: the whole body and the status on every error, at least one error for a
/// status of 400 and above, the same result from `decode_bytes` (a second decode), and
/// `Display`, `Debug`, `retry` and `fields` that do not panic.
pub fn generated_checked<E: VendorError>(
    status: u16,
    headers: &[(String, String)],
    body: &[u8],
) -> Decoding {
    let started = Instant::now();
    let errors = E::decode(status, headers, body);
    if status >= 400 {
        assert!(!errors.is_empty(), "status {status} decoded to no error");
    }
    for error in &errors {
        assert_eq!(error.meta().status(), status);
        assert!(error.meta().body().as_ref() == body, "the raw body is not kept whole");
        let _ = error.retry();
    }
    // Formatting escapes the message and the body's preview: the first error stands for
    // the rest (a fuzz target otherwise spends most of its time here).
    if let Some(error) = errors.first() {
        let _ = (error.to_string(), format!("{error:?}"));
    }
    let first = decoding(&errors);
    let shared = E::decode_bytes(status, headers, errtable::Bytes::copy_from_slice(body));
    assert!(shared.iter().all(|e| e.meta().body().as_ref() == body));
    assert_same(&first, &decoding(&shared), started.elapsed(), || "decoding twice".into());
    first
}

/// A generated decoder, as a function.
pub type Decode = fn(u16, &[(String, String)], &[u8]) -> Decoding;

/// The generated enum of `vendor` and `operation`, checked by [`generated_checked`].
///
/// # Panics
///
/// When there is no generated enum for them.
pub fn decoder(vendor: &str, operation: Option<&str>) -> Decode {
    match (vendor, operation) {
        ("octopost", None) => generated_checked::<octopost::OctopostError>,
        ("octogen", None) => generated_checked::<octogen::OctogenError>,
        ("catalog", None) => generated_checked::<catalog::CatalogError>,
        ("octomil", None) => generated_checked::<octomil::OctomilError>,
        ("octeth", None) => generated_checked::<octeth::OctethError>,
        ("octeth", Some("User.Login")) => generated_checked::<octeth::LoginError>,
        ("octeth", Some("List.Create")) => generated_checked::<octeth::ListCreateError>,
        ("octeth", Some("Subscriber.Create")) => generated_checked::<octeth::SubscriberCreateError>,
        ("octeth", Some("Campaign.Create")) => generated_checked::<octeth::CampaignCreateError>,
        ("octeth", Some("Campaign.Update")) => generated_checked::<octeth::CampaignUpdateError>,
        ("octeth", Some("Email.Update")) => generated_checked::<octeth::EmailUpdateError>,
        ("features", None) => generated_checked::<features::FeatureError>,
        ("stripe", None) => generated_checked::<stripe::StripeError>,
        ("openai", None) => generated_checked::<openai::OpenAiError>,
        ("slack", None) => generated_checked::<slack::SlackError>,
        ("github", None) => generated_checked::<github::GithubError>,
        ("problem", None) => generated_checked::<problem::ProblemError>,
        ("google", None) => generated_checked::<google::GoogleError>,
        ("dynamodb", None) => generated_checked::<dynamodb::DynamoDbError>,
        ("jsonapi", None) => generated_checked::<jsonapi::JsonApiError>,
        other => panic!("no generated enum for {other:?}"),
    }
}

/// The repository's root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The spec of `vendor`.
pub fn spec_path(vendor: &str) -> PathBuf {
    match vendor {
        "features" | "jsonapi" => root().join("tests/specs").join(format!("{vendor}.json")),
        _ => root().join("specs").join(format!("{vendor}.json")),
    }
}

/// The catalog of `vendor`, loaded by the engine once.
pub fn catalog(vendor: &str) -> &'static Catalog {
    static CATALOGS: OnceLock<Vec<(&'static str, Catalog)>> = OnceLock::new();
    let all = CATALOGS.get_or_init(|| {
        VENDORS
            .iter()
            .map(|&v| {
                let catalog = errtable_codegen::load_file(&spec_path(v), v);
                (v, catalog.unwrap_or_else(|d| panic!("{d}")))
            })
            .collect()
    });
    &all.iter().find(|(v, _)| *v == vendor).unwrap_or_else(|| panic!("no catalog {vendor}")).1
}

/// Decodes with the reference interpreter, dates relative to `now`.
pub fn interpreted(
    catalog: &Catalog,
    operation: Option<&str>,
    response: Response,
    now: SystemTime,
) -> Decoding {
    let op = operation.map(|name| catalog.operation(name).expect("operation"));
    let warnings = interpret::warnings(catalog, response)
        .into_iter()
        .map(|w| (w.code, w.message.map(|m| m.to_string())))
        .collect();
    let errors = interpret::interpret(catalog, op, response, now)
        .into_iter()
        .map(|e| Outcome {
            variant: e.variant,
            code: e.code,
            status: e.status,
            message: e.message.map(|m| m.to_string()),
            request_id: e.request_id.map(|r| r.to_string()),
            retry: e.retry,
            delay: e.delay,
            fields: signed_zeros(Value::Object(e.fields.into_iter().collect::<Map<_, _>>())),
            item: e.item,
        })
        .collect();
    Decoding { errors, warnings }
}

/// Asserts that two decodings are equal, but for delays that differ by at most `slack`
/// (the time that passed between them: a date's distance from now shrinks). `context`
/// describes the case, only written when they differ.
pub fn assert_same(
    left: &Decoding,
    right: &Decoding,
    slack: Duration,
    context: impl FnOnce() -> String,
) {
    let close = |l: &Outcome, r: &Outcome| match (l.delay, r.delay) {
        (Some(a), Some(b)) => {
            a.abs_diff(b) <= slack && Outcome { delay: l.delay, ..r.clone() } == *l
        }
        _ => l == r,
    };
    let same = left.warnings == right.warnings
        && left.errors.len() == right.errors.len()
        && left.errors.iter().zip(&right.errors).all(|(l, r)| close(l, r));
    if !same {
        assert_eq!(*left, *right, "{}", context());
    }
}

/// Checks every property of [`generated_checked`] on the generated enum of `vendor` and
/// `operation`, and that it agrees with the interpreter.
pub fn check_response(
    vendor: &str,
    operation: Option<&str>,
    status: u16,
    headers: &[(String, String)],
    body: &[u8],
) {
    let started = Instant::now();
    let now = SystemTime::now();
    let fast = decoder(vendor, operation)(status, headers, body);
    let response = Response { status, headers, body };
    let reference = interpreted(catalog(vendor), operation, response, now);
    let context = || {
        let body = String::from_utf8_lossy(body);
        format!("{vendor} {operation:?}: status {status}, headers {headers:?}, body {body:?}")
    };
    assert_same(&fast, &reference, started.elapsed(), context);
}

/// Checks the interpreter alone: no panic, the same result twice, at least one error for
/// a status of 400 and above, each with the response's status, none below 400 for a
/// catalog without embedded rules, and no warnings at 400 and above.
pub fn check_interpreter(catalog: &Catalog, operation: Option<&str>, response: Response) {
    let now = SystemTime::now();
    let first = interpreted(catalog, operation, response, now);
    let again = interpreted(catalog, operation, response, now);
    assert_eq!(first, again, "the interpreter is not deterministic");
    let status = response.status;
    if status >= 400 {
        assert!(!first.errors.is_empty(), "status {status} interpreted as no error");
        assert!(first.warnings.is_empty(), "warnings on an error status");
    } else if catalog.embedded.is_empty() {
        assert!(first.errors.is_empty(), "errors below 400 without embedded rules");
    }
    assert!(first.errors.iter().all(|e| e.status == status));
}

/// The most problems the loader reports for one spec.
const MAX_DIAGNOSTICS: usize = errtable_codegen::diag::MAX_DIAGNOSTICS;

/// Loads `bytes` as a spec and checks the loader: no panic; a catalog that loads is
/// interpreted without panic; otherwise at least one and at most
/// [`MAX_DIAGNOSTICS`](errtable_codegen::diag::MAX_DIAGNOSTICS) diagnostics, each at a
/// line and column inside the text, with a message and a help, rendered without panic.
/// Returns the catalog when it loads.
pub fn check_spec(bytes: &[u8]) -> Option<Catalog> {
    let diagnostics = match errtable_codegen::load_bytes("fuzz.json", bytes) {
        Ok(catalog) => {
            for status in [200, 404, 429, 500] {
                let response = Response { status, headers: &[], body: b"{}" };
                check_interpreter(&catalog, None, response);
            }
            return Some(catalog);
        }
        Err(diagnostics) => diagnostics.0,
    };
    assert!(!diagnostics.is_empty(), "a spec refused without a diagnostic");
    assert!(diagnostics.len() <= MAX_DIAGNOSTICS + 1, "{} diagnostics", diagnostics.len());
    let lines = bytes.iter().filter(|&&b| b == b'\n').count() + 1;
    for d in &diagnostics {
        let at = d.position;
        assert!(at.line >= 1 && at.line <= lines, "line {} of {lines}: {d:?}", at.line);
        assert!(at.column >= 1, "column {}: {d:?}", at.column);
        assert!(!d.message.is_empty(), "no message: {d:?}");
        assert!(!d.help.trim().is_empty(), "no help: {d:?}");
        let _ = errtable_codegen::render::plain(d);
    }
    None
}

/// One response of the shared corpus (`tests/corpus/<vendor>.json`).
#[derive(Debug, Clone)]
pub struct CorpusResponse {
    /// Its name.
    pub name: String,
    /// The operation it is decoded with.
    pub operation: Option<String>,
    /// Status.
    pub status: u16,
    /// Headers.
    pub headers: Vec<(String, String)>,
    /// Body.
    pub body: Vec<u8>,
}

/// The shared corpus of `vendor`.
pub fn corpus(vendor: &str) -> Vec<CorpusResponse> {
    let path = root().join("tests/corpus").join(format!("{vendor}.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    let corpus: Value = serde_json::from_str(&text).expect("the corpus is JSON");
    let text = |v: &Value| v.as_str().expect("a string").to_owned();
    corpus["responses"]
        .as_array()
        .expect("responses")
        .iter()
        .map(|r| CorpusResponse {
            name: text(&r["name"]),
            operation: r.get("operation").map(text),
            status: r["status"].as_u64().and_then(|s| u16::try_from(s).ok()).expect("status"),
            headers: r["headers"]
                .as_array()
                .expect("headers")
                .iter()
                .map(|h| (text(&h[0]), text(&h[1])))
                .collect(),
            body: text(&r["body"]).into_bytes(),
        })
        .collect()
}
