//! Hostile responses, bounded: huge bodies (a huge string, a huge array, a huge list of
//! codes, a bulk body of failed items), nesting 100,000 deep, bytes that are not UTF-8
//! anywhere, duplicate keys, numbers out of range, header values with non-ASCII and
//! obs-text bytes, and `Retry-After` values of 10^30, -5, 1.5, past and far-future
//! dates, RFC 850 and asctime dates.
//!
//! For each, through the generated decoder and through the interpreter behind `errtable
//! explain`: the raw body is kept whole on every error, no delay exceeds
//! [`MAX_SERVER_DELAY`] (nor the retry executor's cap), peak memory stays within
//! `c * body + d` (the constants below, which the README states), and the work is linear:
//! allocations and bytes allocated at 4N are at most 5 times those at N. No test reads a
//! clock: time is bounded through those counts.
//!
//! CI runs the bodies at 256 KiB and 1 MiB (debug build); the 100 MB versions are ignored
//! tests: `cargo test --release -p errtable-tests --test hostile -- --ignored --nocapture`
//! (they print a table of the figures).

use std::time::{Duration, Instant, SystemTime};

use allocation_counter::{AllocationInfo, measure};
use errtable::delay::{DelayFormat, MAX_SERVER_DELAY};
use errtable::retry::{Executor, Failure, Stop, VirtualClock};
use errtable::{Headers, NoHeaders, Retry, VendorError};
use errtable_codegen::interpret::{self, Response};
use errtable_tests::catalog::CatalogError;
use errtable_tests::octeth::OctethError;
use errtable_tests::octopost::OctopostError;
use errtable_tests::properties;

const MIB: usize = 1 << 20;

/// Peak memory of the generated decoder: at most `RUNTIME_PER_BYTE` bytes per body byte
/// (the body's own copy included) plus [`FIXED`]. The densest body is a list of
/// one-digit codes, one error per two bytes.
const RUNTIME_PER_BYTE: usize = 1000;
/// Peak memory of the interpreter, per body byte: its JSON tree costs more than the
/// runtime's spans, at most a few dozen bytes per value of one or two bytes.
const INTERPRETER_PER_BYTE: usize = 1000;
/// The fixed part of both bounds.
const FIXED: usize = 64 * 1024;

/// A hostile body, and the catalog and status it is decoded with.
struct Hostile {
    name: &'static str,
    vendor: &'static str,
    status: u16,
    body: Vec<u8>,
}

/// `count` copies of `piece` between `head` and `tail`, separated by `sep`.
fn repeated(head: &str, piece: &[u8], sep: &str, count: usize, tail: &str) -> Vec<u8> {
    let mut body = Vec::with_capacity(head.len() + count * (piece.len() + sep.len()) + tail.len());
    body.extend_from_slice(head.as_bytes());
    for i in 0..count {
        if i > 0 {
            body.extend_from_slice(sep.as_bytes());
        }
        body.extend_from_slice(piece);
    }
    body.extend_from_slice(tail.as_bytes());
    body
}

/// Every hostile body, each about `size` bytes.
fn hostile(size: usize) -> Vec<Hostile> {
    let case = |name, vendor, status, body| Hostile { name, vendor, status, body };
    let deep = size / 2;
    vec![
        case(
            "huge string (the message)",
            "octopost",
            429,
            repeated(r#"{"code": "rate_limited", "error": ""#, b"x", "", size, r#""}"#),
        ),
        case(
            "huge escaped string",
            "octopost",
            429,
            repeated(r#"{"code": "rate_limited", "error": ""#, br"\n", "", size / 2, r#""}"#),
        ),
        case(
            "huge array, not read",
            "octopost",
            404,
            repeated(r#"{"code": "not_found", "junk": ["#, b"0", ",", size / 2, "]}"),
        ),
        case(
            "huge code list",
            "octeth",
            200,
            repeated(
                r#"{"Success": false, "ErrorText": "x", "ErrorCode": ["#,
                b"1",
                ",",
                size / 2,
                "]}",
            ),
        ),
        case(
            "bulk of failed items",
            "catalog",
            200,
            repeated(
                r#"{"products": ["#,
                br#"{"url": "u", "success": false, "outcome": "VENDOR_NOT_SUPPORTED"}"#,
                ",",
                size / 68,
                "]}",
            ),
        ),
        case(
            "deep nesting, not read",
            "octopost",
            404,
            [
                &br#"{"code": "not_found", "junk": "#[..],
                &b"[".repeat(deep),
                &b"]".repeat(deep),
                b"}",
            ]
            .concat(),
        ),
        case(
            "deep nesting at the code",
            "octopost",
            404,
            [&br#"{"code": "#[..], &b"[".repeat(deep), &b"]".repeat(deep), b"}"].concat(),
        ),
        case("deep nesting, unclosed", "octopost", 404, b"[".repeat(size)),
        case(
            "invalid UTF-8 in strings",
            "octopost",
            400,
            repeated(r#"{"code": "bad_request", "error": ""#, b"ok\xff\xfe", "", size / 4, r#""}"#),
        ),
        case(
            "invalid UTF-8 everywhere",
            "octopost",
            400,
            repeated(r#"{"code": "bad_request", "#, b"\xff\"\xc3\x28:\xe2\x82", "", size / 7, "}"),
        ),
        case(
            "duplicate keys",
            "octopost",
            404,
            repeated("{", br#""code": "not_found""#, ", ", size / 21, "}"),
        ),
        case(
            "numbers out of range",
            "octopost",
            429,
            [
                &br#"{"code": 9"#[..],
                &b"9".repeat(size / 4),
                br#", "details": {"retry_after": 1e999999, "limit": -9"#,
                &b"9".repeat(size / 4),
                br#", "remaining": 1"#,
                &b"0".repeat(size / 4),
                b"e-99999999}}",
            ]
            .concat(),
        ),
    ]
}

/// What decoding one hostile body cost, and found.
#[derive(Debug, Clone, Copy)]
struct Cost {
    runtime: AllocationInfo,
    interpreter: AllocationInfo,
    errors: usize,
    runtime_time: Duration,
    interpreter_time: Duration,
}

/// Decodes with the generated enum `E`, checks the body and the delays of every error,
/// and returns the number of errors.
fn decode<E: VendorError>(status: u16, headers: &dyn Headers, body: &[u8]) -> usize {
    let errors = E::decode(status, &headers, body);
    let Some(first) = errors.first() else { return 0 };
    // Every error shares one copy of the body: compare it once, then its address.
    let kept = first.meta().body();
    assert!(kept.as_ref() == body, "the raw body is not kept whole");
    for error in &errors {
        assert_eq!(error.meta().body().as_ptr(), kept.as_ptr());
        assert_eq!(error.meta().body().len(), body.len());
        assert!(error.meta().server_delay().is_none_or(|d| d <= MAX_SERVER_DELAY));
        if let Retry::After(Some(delay)) = error.retry() {
            assert!(delay <= MAX_SERVER_DELAY);
        }
    }
    errors.len()
}

fn decode_vendor(vendor: &str, status: u16, body: &[u8]) -> usize {
    match vendor {
        "octopost" => decode::<OctopostError>(status, &NoHeaders, body),
        "octeth" => decode::<OctethError>(status, &NoHeaders, body),
        "catalog" => decode::<CatalogError>(status, &NoHeaders, body),
        other => panic!("no enum for {other}"),
    }
}

/// Decodes `case` with the generated decoder and with the interpreter, measuring both.
fn cost(case: &Hostile) -> Cost {
    let mut errors = 0;
    let started = Instant::now();
    let runtime = measure(|| errors = decode_vendor(case.vendor, case.status, &case.body));
    let runtime_time = started.elapsed();
    let catalog = properties::catalog(case.vendor);
    let response = Response { status: case.status, headers: &[], body: &case.body };
    let mut interpreted = 0;
    let started = Instant::now();
    let interpreter = measure(|| {
        let found = interpret::interpret(catalog, None, response, SystemTime::now());
        assert!(found.iter().all(|e| e.delay.is_none_or(|d| d <= MAX_SERVER_DELAY)));
        interpreted = found.len();
        drop(found);
        drop(interpret::warnings(catalog, response));
    });
    let interpreter_time = started.elapsed();
    assert_eq!(errors, interpreted, "{}: the decoders disagree on the count", case.name);
    if case.status >= 400 {
        assert!(errors >= 1, "{}: an error status without an error", case.name);
    }
    Cost { runtime, interpreter, errors, runtime_time, interpreter_time }
}

/// Checks the memory bounds of `case`.
fn within_bounds(case: &Hostile, cost: &Cost) {
    let len = case.body.len();
    let runtime = cost.runtime.bytes_max as usize;
    let interpreter = cost.interpreter.bytes_max as usize;
    assert!(
        runtime <= RUNTIME_PER_BYTE * len + FIXED,
        "{}: the decoder peaked at {runtime} bytes for a body of {len}",
        case.name
    );
    assert!(
        interpreter <= INTERPRETER_PER_BYTE * len + FIXED,
        "{}: the interpreter peaked at {interpreter} bytes for a body of {len}",
        case.name
    );
}

/// `large` (at 4 times the size) costs at most 5 times `small`, plus a constant.
fn linear(name: &str, what: &str, small: AllocationInfo, large: AllocationInfo) {
    let slack = 64;
    assert!(
        large.count_total <= 5 * small.count_total + slack,
        "{name}: {what} made {} allocations at 4N, {} at N",
        large.count_total,
        small.count_total
    );
    assert!(
        large.bytes_total <= 5 * small.bytes_total + FIXED as u64,
        "{name}: {what} allocated {} bytes at 4N, {} at N",
        large.bytes_total,
        small.bytes_total
    );
}

#[test]
fn hostile_bodies_are_bounded_and_linear() {
    let (small, large) = (hostile(MIB / 4), hostile(MIB));
    for (s, l) in small.iter().zip(&large) {
        let (cs, cl) = (cost(s), cost(l));
        within_bounds(s, &cs);
        within_bounds(l, &cl);
        linear(s.name, "the decoder", cs.runtime, cl.runtime);
        linear(s.name, "the interpreter", cs.interpreter, cl.interpreter);
        assert!(
            cl.errors <= 4 * cs.errors + 1,
            "{}: {} then {} errors",
            s.name,
            cs.errors,
            cl.errors
        );
    }
}

#[test]
fn nesting_100_000_deep() {
    let depth = 100_000;
    for case in hostile(2 * depth).iter().filter(|c| c.name.starts_with("deep")) {
        let cost = cost(case);
        within_bounds(case, &cost);
    }
}

#[test]
fn hostile_bodies_agree_with_the_interpreter() {
    for case in hostile(64 * 1024) {
        properties::check_response(case.vendor, None, case.status, &[], &case.body);
    }
}

/// The sizes of the ignored test (`ERRTABLE_HOSTILE_MB`, 100 by default).
fn big_size() -> usize {
    std::env::var("ERRTABLE_HOSTILE_MB").ok().and_then(|v| v.parse().ok()).unwrap_or(100)
        * 1_000_000
}

#[test]
#[ignore = "100 MB bodies: run in release, see the module doc"]
fn hostile_100_mb_bodies() {
    let size = big_size();
    println!(
        "{:<28} {:>11} {:>9} {:>12} {:>7} {:>9} {:>12} {:>7} {:>9}",
        "body",
        "bytes",
        "errors",
        "decoder peak",
        "x body",
        "time",
        "interp. peak",
        "x body",
        "time"
    );
    let mut bulk = hostile(0).into_iter().find(|c| c.name.starts_with("bulk")).unwrap();
    // A bulk body of a million failed items, whatever the size.
    bulk.body = repeated(
        r#"{"products": ["#,
        br#"{"url": "u", "success": false, "outcome": "VENDOR_NOT_SUPPORTED"}"#,
        ",",
        1_000_000,
        "]}",
    );
    let cases = hostile(size).into_iter().filter(|c| !c.name.starts_with("bulk")).chain([bulk]);
    for case in cases {
        let cost = cost(&case);
        let len = case.body.len();
        println!(
            "{:<28} {:>11} {:>9} {:>12} {:>7.1} {:>9.2?} {:>12} {:>7.1} {:>9.2?}",
            case.name,
            len,
            cost.errors,
            cost.runtime.bytes_max,
            cost.runtime.bytes_max as f64 / len as f64,
            cost.runtime_time,
            cost.interpreter.bytes_max,
            cost.interpreter.bytes_max as f64 / len as f64,
            cost.interpreter_time,
        );
        within_bounds(&case, &cost);
    }
}

// ----- headers and delays --------------------------------------------------------------

/// `Retry-After` values servers send, good and bad, with the delay each gives.
fn retry_after_cases(now: SystemTime) -> Vec<(String, Option<Duration>)> {
    let secs = Duration::from_secs;
    let soon = httpdate::fmt_http_date(now + secs(30));
    vec![
        ("1000000000000000000000000000000".into(), Some(MAX_SERVER_DELAY)),
        ("-5".into(), None),
        ("1.5".into(), Some(secs(2))),
        ("0".into(), Some(Duration::ZERO)),
        ("86401".into(), Some(MAX_SERVER_DELAY)),
        ("1e3".into(), None),
        (" 30 ".into(), Some(secs(30))),
        ("Wed, 21 Oct 2015 07:28:00 GMT".into(), Some(Duration::ZERO)),
        ("Fri, 31 Dec 9999 23:59:59 GMT".into(), Some(MAX_SERVER_DELAY)),
        (soon, Some(secs(30))),
        ("Sunday, 06-Nov-94 08:49:37 GMT".into(), Some(Duration::ZERO)),
        ("Sun Nov  6 08:49:37 1994".into(), Some(Duration::ZERO)),
        ("Fri Dec 31 23:59:59 9999".into(), Some(MAX_SERVER_DELAY)),
        ("soon".into(), None),
        (String::new(), None),
        ("caf\u{e9}".into(), None),
    ]
}

#[test]
fn retry_after_values_are_read_and_capped() {
    let now = SystemTime::now();
    for (value, expected) in retry_after_cases(now) {
        let delay = DelayFormat::RetryAfter.read_text(&value, || now);
        // An HTTP-date has whole seconds: 30 s from now is a little less once truncated.
        let close = match (delay, expected) {
            (Some(a), Some(b)) => a.abs_diff(b) <= Duration::from_secs(1),
            (a, b) => a == b,
        };
        assert!(close, "{value:?}: {delay:?}, expected {expected:?}");
    }
}

#[test]
fn retry_after_through_the_decoders_and_the_executor() {
    let rate_limited: &[u8] = br#"{"error": "Slow down", "code": "rate_limited"}"#;
    let policy_cap = Duration::from_secs(60);
    let catalog = properties::catalog("octopost");
    for (value, expected) in retry_after_cases(SystemTime::now()) {
        let headers = vec![("Retry-After".to_owned(), value.clone())];
        let now = SystemTime::now();
        let error = OctopostError::decode(429, &headers, rate_limited).into_first().unwrap();
        let delay = error.meta().server_delay();
        // A date 30 s ahead is a little less than 30 s away by now.
        let close = |a: Option<Duration>, b: Option<Duration>| match (a, b) {
            (Some(a), Some(b)) => a.abs_diff(b) <= Duration::from_secs(1),
            (a, b) => a == b,
        };
        assert!(close(delay, expected), "{value:?}: {delay:?}");
        let response = Response { status: 429, headers: &headers, body: rate_limited };
        let interpreted = interpret::interpret(catalog, None, response, now);
        assert!(close(interpreted[0].delay, expected), "{value:?}: {interpreted:?}");
        // The executor never waits longer than its cap: it stops instead.
        let clock = VirtualClock::new();
        let executor = Executor::<OctopostError>::new().time(clock.clone()).jitter_source(|| 1.0);
        let mut attempts = 0;
        let outcome = executor.run_blocking(|_| {
            attempts += 1;
            match attempts {
                1 => Err(Failure::Error(error.clone())),
                _ => Ok(()),
            }
        });
        assert!(clock.sleeps().iter().all(|&s| s <= policy_cap), "{value:?}: {:?}", clock.sleeps());
        match delay {
            Some(d) if d > policy_cap => {
                let failed = outcome.unwrap_err();
                assert!(matches!(failed.stop, Stop::ServerDelayTooLong { .. }), "{value:?}");
                assert!(clock.sleeps().is_empty());
            }
            _ => assert_eq!(outcome.unwrap().attempts, 2, "{value:?}"),
        }
    }
}

#[test]
fn server_delays_in_bodies_are_capped() {
    let bodies =
        ["1e30", "-5", "1.5", "1e999999", "99999999999999999999", "\"1e30\"", "\"-5\"", "null"];
    for value in bodies {
        let body = format!(r#"{{"code": "rate_limited", "details": {{"retry_after": {value}}}}}"#);
        let errors = OctopostError::decode(429, &NoHeaders, body.as_bytes());
        let delay = errors[0].meta().server_delay();
        assert!(delay.is_none_or(|d| d <= MAX_SERVER_DELAY), "{value}: {delay:?}");
        properties::check_response("octopost", None, 429, &[], body.as_bytes());
    }
    for (value, expected) in
        [("1e30", Some(MAX_SERVER_DELAY)), ("-5", None), ("1.5", Some(Duration::from_secs(2)))]
    {
        let body = format!(r#"{{"code": "rate_limited", "details": {{"retry_after": {value}}}}}"#);
        let errors = OctopostError::decode(429, &NoHeaders, body.as_bytes());
        assert_eq!(errors[0].meta().server_delay(), expected, "{value}");
    }
}

#[test]
fn header_values_with_non_ascii_and_obs_text() {
    let body: &[u8] = br#"{"error": {"code": "INSUFFICIENT_CREDITS", "request_id": "req_body"}}"#;
    let cases: [(&[u8], Option<&str>); 5] = [
        (b"req_\xff\xfe", Some("req_body")),
        (b"\x80", Some("req_body")),
        ("req_caf\u{e9}".as_bytes(), Some("req_caf\u{e9}")),
        (b"req_1\t ", Some("req_1\t ")),
        (b"", Some("req_body")),
    ];
    for (value, expected) in cases {
        let mut map = http::HeaderMap::new();
        map.insert("request-id", http::HeaderValue::from_bytes(value).unwrap());
        map.insert("retry-after", http::HeaderValue::from_bytes(b"3\xff").unwrap());
        let errors = CatalogError::decode(402, &map, body);
        assert_eq!(errors.len(), 1);
        // A value that is not UTF-8 counts as absent: the body's request id is next.
        assert_eq!(errors[0].meta().request_id(), expected, "{value:?}");
        assert_eq!(errors[0].meta().body().as_ref(), body);
        // The interpreter behind `explain` sees the same headers as text.
        let headers: Vec<(String, String)> = map
            .iter()
            .filter_map(|(n, v)| {
                Some((n.to_string(), std::str::from_utf8(v.as_bytes()).ok()?.to_owned()))
            })
            .collect();
        properties::check_response("catalog", None, 402, &headers, body);
    }
    // Retry-After with obs-text is no delay.
    let mut map = http::HeaderMap::new();
    map.insert("retry-after", http::HeaderValue::from_bytes(b"30\x80").unwrap());
    let errors = OctopostError::decode(429, &map, br#"{"code": "rate_limited"}"#);
    assert_eq!(errors[0].meta().server_delay(), None);
}
