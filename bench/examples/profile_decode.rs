//! Decodes one body in a loop, for a profiler:
//! `cargo build --release -p errtable-bench --example profile_decode` then
//! `valgrind --tool=callgrind target/release/examples/profile_decode octopost_429 10000`
//! (or `perf record`). Arguments: the body's id (as in `bodies.rs`), iterations, and the
//! column (`errtable`, the default, `slice`, `hand`, `floor` or `value`), so that the
//! columns of the decode benchmark can be counted alike.

use errtable_bench::bodies;

fn main() {
    let mut args = std::env::args().skip(1);
    let id = args.next().unwrap_or_else(|| "octopost_429".to_owned());
    let iterations: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(100_000);
    let column = args.next().unwrap_or_else(|| "errtable".to_owned());
    let cases = bodies::cases();
    let case = cases.iter().find(|c| c.id == id).expect("a body id of bodies.rs");
    let decode: Box<dyn Fn(u16, &'static [u8]) -> usize> = match column.as_str() {
        "errtable" => Box::new(case.errtable_bytes),
        "slice" => Box::new(case.errtable_slice),
        "hand" => Box::new(case.hand),
        "floor" => Box::new(|_, body| usize::from(bodies::floor(body))),
        "value" => Box::new(|_, body| usize::from(bodies::value(body).is_some())),
        other => panic!("no column {other:?}: errtable, slice, hand, floor or value"),
    };
    let mut found = 0;
    for _ in 0..iterations {
        found += decode(case.status, std::hint::black_box(case.body));
    }
    println!("{found}");
}
