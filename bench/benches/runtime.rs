//! The runtime path a client takes after a decode: retry classification, the backoff
//! delay, and the success of a catalog without errors inside successful responses; and
//! what a generated catalog costs once per process, reading its table of entries.
//!
//! `cargo bench -p errtable-bench --bench runtime`
//!
//! Every one of these paths allocates nothing: `tests/tests/runtime_path.rs` (in
//! errtable-tests) checks it with a counting allocator, untimed.
#![forbid(unsafe_code)]

use std::hint::black_box;
use std::time::Duration;

use criterion::Criterion;
use errtable::{Backoff, Bytes, NoHeaders};
use errtable_codegen::model::table::{self, Table};
use errtable_tests::octopost::OctopostError;

const RATE_LIMITED: &[u8] = br#"{"error":"Rate limit exceeded. Try again in 45 seconds.","code":"rate_limited","details":{"limit":300,"remaining":0,"reset_at":"2026-04-03T12:01:00Z","retry_after":45}}"#;
const SUCCESS: &[u8] = br#"{"id":"post_1","status":"scheduled","platforms":["x","linkedin"],"scheduled_at":"2026-04-03T12:00:00Z"}"#;

fn main() {
    let mut c = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(2))
        .configure_from_args();
    // One error of each retry class the path branches on: a server delay, backoff, never.
    let errors = [
        ("after", OctopostError::decode(429, &[("Retry-After", "30")], RATE_LIMITED)),
        ("backoff", OctopostError::decode(502, &NoHeaders, b"<html>bad gateway</html>")),
        ("never", OctopostError::decode(404, &NoHeaders, br#"{"code":"not_found"}"#)),
    ];
    let mut group = c.benchmark_group("runtime");
    for (name, errors) in &errors {
        let error = &errors[0];
        group.bench_function(format!("retry/{name}"), |b| b.iter(|| black_box(error).retry()));
        group.bench_function(format!("retry_class/{name}"), |b| {
            b.iter(|| black_box(error).retry_class())
        });
    }
    let backoff = OctopostError::backoff();
    group.bench_function("backoff", |b| b.iter(OctopostError::backoff));
    group.bench_function("backoff_delay", |b| {
        b.iter(|| black_box(&backoff).delay(black_box(3), black_box(0.37)))
    });
    let jittered = Backoff::default();
    group.bench_function("backoff_delay/full_jitter", |b| {
        b.iter(|| black_box(&jittered).delay(black_box(3), black_box(0.37)))
    });
    group.bench_function("decode_success/slice", |b| {
        b.iter(|| OctopostError::decode(200, &NoHeaders, black_box(SUCCESS)))
    });
    group.bench_function("decode_success/bytes", |b| {
        b.iter(|| {
            OctopostError::decode_bytes(200, &NoHeaders, Bytes::from_static(black_box(SUCCESS)))
        })
    });
    group.bench_function("floor/success", |b| {
        b.iter(|| serde_json::from_slice::<serde::de::IgnoredAny>(black_box(SUCCESS)).is_ok())
    });
    for codes in [100, 1_000] {
        let table = synthetic_table(codes);
        group.bench_function(format!("read_table/{codes}_codes"), |b| {
            b.iter(|| black_box(&table).entries())
        });
    }
    group.finish();
    c.final_summary();
}

/// The table the macro writes for a catalog of `codes` entries, each a code, a status, a
/// retry class, a description and a resolution (texts as long as those of the build-cost
/// script's synthetic spec, `bench/common.sh`; no fields).
fn synthetic_table(codes: usize) -> Table {
    let errors: Vec<String> = (1..=codes)
        .map(|i| {
            format!(
                r#"{{"variant": "Error{i:05}", "code": "error_{i:05}", "status": [{}], "retry": "never", "description": "Error number {i} of the synthetic API: the request could not be completed because condition {i} does not hold for the resource it names.", "resolution": "Check condition {i}, then send the request again."}}"#,
                400 + i % 30
            )
        })
        .collect();
    let spec = format!(r#"{{"errtable": 1, "name": "synth", "errors": [{}]}}"#, errors.join(","));
    let catalog = errtable_codegen::load::load_str("synth.json", &spec).expect("a valid spec");
    let rows: Vec<String> = catalog
        .entries
        .iter()
        .map(|entry| table::row(entry, None).expect("an entry a row holds"))
        .collect();
    let rows = Box::leak(rows.join(&table::ROW.to_string()).into_boxed_str());
    Table { rows, ..Table::EMPTY }
}
