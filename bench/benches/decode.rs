//! Decode, side by side with the JSON-parse floor, a hand-written serde decoder and
//! `serde_json::Value`, on every body of issue 9's baseline table.
//!
//! `cargo bench -p errtable-bench --bench decode`
//!
//! First one criterion group per body (five columns: `floor`, `hand`, `errtable`
//! (`decode_bytes`), `errtable_slice` (`decode(&[u8])`) and `value`), then a summary step
//! in the same process: the five columns timed interleaved (round after round, each
//! round timing one batch of each column in a rotating order), and the table of ratios
//! of their medians. Interleaving makes the ratios hold on a noisy machine: a slow
//! stretch slows every column of a round alike. `ERRTABLE_BENCH_ROUNDS` sets the number
//! of rounds (default 51).
#![forbid(unsafe_code)]

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput};
use errtable_bench::bodies::{self, Case};

/// The columns, in the table's order.
const COLUMNS: [&str; 5] = ["floor", "hand", "errtable", "errtable_slice", "value"];

/// Runs column `column` of `case` once.
fn run(case: &Case, column: usize) {
    let (status, body) = (case.status, black_box(case.body));
    match column {
        0 => {
            black_box(bodies::floor(body));
        }
        1 => {
            black_box((case.hand)(status, body));
        }
        2 => {
            black_box((case.errtable_bytes)(status, body));
        }
        3 => {
            black_box((case.errtable_slice)(status, body));
        }
        _ => {
            black_box(bodies::value(body));
        }
    }
}

fn groups(c: &mut Criterion, cases: &[Case]) {
    for case in cases {
        let mut group = c.benchmark_group(format!("decode/{}", case.id));
        group.throughput(Throughput::Bytes(case.body.len() as u64));
        for (column, name) in COLUMNS.iter().enumerate() {
            group.bench_function(*name, |b| b.iter(|| run(case, column)));
        }
        group.finish();
    }
}

/// Nanoseconds per call of each column: medians over `rounds` interleaved rounds.
fn interleaved(case: &Case, rounds: usize) -> [f64; 5] {
    // A batch of about 200 µs of the slowest column keeps the timer's resolution out of
    // the figures.
    let calibrate = Instant::now();
    let mut calls = 0u32;
    while calibrate.elapsed() < Duration::from_millis(20) {
        run(case, 4);
        calls += 1;
    }
    let per_call = calibrate.elapsed() / calls;
    let batch = (Duration::from_micros(200).as_nanos() / per_call.as_nanos().max(1)).max(1) as u32;
    let mut samples: [Vec<f64>; 5] = Default::default();
    for round in 0..rounds {
        for k in 0..COLUMNS.len() {
            let column = (round + k) % COLUMNS.len();
            let start = Instant::now();
            for _ in 0..batch {
                run(case, column);
            }
            samples[column].push(start.elapsed().as_nanos() as f64 / f64::from(batch));
        }
    }
    samples.map(|mut s| {
        s.sort_by(f64::total_cmp);
        s[s.len() / 2]
    })
}

/// Whether a ratio meets its target, as the table prints it.
fn mark(holds: bool) -> &'static str {
    if holds { "ok" } else { "MISS" }
}

fn summary(cases: &[Case], rounds: usize) {
    println!();
    println!("== decode: ratios of interleaved medians ({rounds} rounds, same process)");
    println!(
        "{:<38} {:>7}  {:>15} {:>15} {:>13} {:>15}  {:>10} {:>10} {:>10} {:>10} {:>10}",
        "body",
        "bytes",
        "errtable/floor",
        "errtable/hand",
        "Value/errtable",
        "slice/floor",
        "floor ns",
        "hand ns",
        "errtable ns",
        "slice ns",
        "Value ns"
    );
    for case in cases {
        let [floor, hand, errtable, slice, value] = interleaved(case, rounds);
        let floor_target = if case.is_error { 1.3 } else { 1.1 };
        let (vs_floor, vs_hand, value_vs) = (errtable / floor, errtable / hand, value / errtable);
        println!(
            "{:<38} {:>7}  {:>9.2} {:<5} {:>9.2} {:<5} {:>7.2} {:<5} {:>9.2}        {:>10.0} {:>10.0} {:>10.0} {:>10.0} {:>10.0}",
            case.name,
            case.body.len(),
            vs_floor,
            mark(vs_floor <= floor_target),
            vs_hand,
            mark(vs_hand <= 1.0),
            value_vs,
            mark(value_vs >= 3.0),
            slice / floor,
            floor,
            hand,
            errtable,
            slice,
            value,
        );
    }
    println!(
        "targets: errtable/floor <= 1.3 (error bodies), <= 1.1 (success bodies); errtable/hand <= 1.0; Value/errtable >= 3"
    );
}

fn main() {
    let cases = bodies::cases();
    let args: Vec<String> = std::env::args().collect();
    // `cargo test --benches` runs each benchmark once, `--profile-time` runs one under a
    // profiler: no summary then.
    let smoke = args.iter().any(|a| a == "--test" || a == "--list" || a == "--profile-time");
    let mut c = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(2))
        .configure_from_args();
    groups(&mut c, &cases);
    c.final_summary();
    if !smoke {
        let rounds =
            std::env::var("ERRTABLE_BENCH_ROUNDS").ok().and_then(|r| r.parse().ok()).unwrap_or(51);
        summary(&cases, rounds);
    }
}
