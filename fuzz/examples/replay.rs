//! Replays fuzz inputs without libFuzzer, for a crash artifact or a whole corpus after a
//! change to the decoder: `cargo run --release --example replay -- TARGET PATH...` in
//! `fuzz/`, where each PATH is an input file or a directory of them (e.g.
//! `corpus/decode_octopost`). A failing property panics with the input's path.

use arbitrary::{Arbitrary, Unstructured};
use errtable_fuzz::{FuzzResponse, InterpretInput};

fn main() {
    let mut args = std::env::args().skip(1);
    let usage = "usage: replay TARGET PATH...";
    let target = args.next().expect(usage);
    let mut files = Vec::new();
    for path in args {
        match std::fs::read_dir(&path) {
            Ok(entries) => files.extend(entries.filter_map(|e| Some(e.ok()?.path()))),
            Err(_) => files.push(path.into()),
        }
    }
    files.sort();
    let mut replayed = 0;
    for file in &files {
        let bytes = match std::fs::read(file) {
            Ok(bytes) => bytes,
            // A running fuzzer replaces corpus files as it shrinks them.
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => panic!("{}: {e}", file.display()),
        };
        // As `fuzz_target!` reads a typed input.
        let input = || Unstructured::new(&bytes);
        let outcome = std::panic::catch_unwind(|| match target.as_str() {
            "load_spec" => errtable_fuzz::load_spec(&bytes),
            "interpret" => {
                if let Ok(input) = InterpretInput::arbitrary_take_rest(input()) {
                    errtable_fuzz::interpret(&input);
                }
            }
            decode => {
                let vendor = decode.strip_prefix("decode_").expect(usage);
                if let Ok(response) = FuzzResponse::arbitrary_take_rest(input()) {
                    errtable_fuzz::decode(vendor, &response);
                }
            }
        });
        if outcome.is_err() {
            panic!("{target}: {} fails", file.display());
        }
        replayed += 1;
    }
    println!("{target}: {replayed} inputs replayed");
}
