//! Decodes one body in a loop, for a profiler:
//! `cargo build --release -p errtable-bench --example profile_decode` then
//! `valgrind --tool=callgrind target/release/examples/profile_decode octopost_429 10000`
//! (or `perf record`). Arguments: the body's id (as in `bodies.rs`), iterations.

fn main() {
    let mut args = std::env::args().skip(1);
    let id = args.next().unwrap_or_else(|| "octopost_429".to_owned());
    let iterations: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(100_000);
    let cases = errtable_bench::bodies::cases();
    let case = cases.iter().find(|c| c.id == id).expect("a body id of bodies.rs");
    let mut found = 0;
    for _ in 0..iterations {
        found += (case.errtable_bytes)(case.status, std::hint::black_box(case.body));
    }
    println!("{found}");
}
