//! Peak decode memory per body byte, for bodies with many errors.
//!
//! `cargo run -p errtable-bench --bin memory --release`
//!
//! Each scenario decodes one large body on a fresh thread (so the decoder's reusable
//! per-thread buffers start empty and their growth counts) under a counting allocator
//! (`allocation-counter`), and reports the peak of live heap bytes during the call (its
//! result still held) divided by the body's size. The columns:
//!
//! - `decode_bytes`: `E::decode_bytes(status, &NoHeaders, Bytes)`; the body was
//!   allocated before, so a result sharing its texts with the body costs only its errors.
//! - `decode`: `E::decode(status, &NoHeaders, &[u8])`, which copies the body once (1.0 of
//!   the ratio).
//! - `interpreter`: `errtable_codegen::interpret::interpret`, the reference decoder.
//! - `Value`: `serde_json::from_slice::<serde_json::Value>`, for scale.
#![forbid(unsafe_code)]

use std::path::Path;
use std::time::SystemTime;

use errtable::{Bytes, NoHeaders, VendorError};
use errtable_bench::{bodies, large};
use errtable_codegen::interpret::{Response, interpret};
use errtable_tests::catalog::CatalogError;
use errtable_tests::octeth::OctethError;

/// Peak heap bytes while `f` runs and holds its result (the result is dropped after the
/// measure), and the number of errors it gives.
fn peak<T>(f: impl FnOnce() -> T + Send, count: impl FnOnce(&T) -> usize + Send) -> (u64, usize)
where
    T: Send,
{
    std::thread::scope(|s| {
        s.spawn(|| {
            let mut result = None;
            let info = allocation_counter::measure(|| result = Some(f()));
            let errors = result.as_ref().map_or(0, count);
            drop(result);
            (info.bytes_max, errors)
        })
        .join()
        .expect("the scenario panicked")
    })
}

struct Scenario {
    name: String,
    vendor: &'static str,
    status: u16,
    body: &'static [u8],
    decode_bytes: fn(u16, &'static [u8]) -> (u64, usize),
    decode: fn(u16, &'static [u8]) -> (u64, usize),
}

fn decode_bytes<E: VendorError>(status: u16, body: &'static [u8]) -> (u64, usize) {
    let body = Bytes::from_static(body);
    peak(move || E::decode_bytes(status, &NoHeaders, body), |e| e.len())
}

fn decode<E: VendorError>(status: u16, body: &'static [u8]) -> (u64, usize) {
    peak(move || E::decode(status, &NoHeaders, body), |e| e.len())
}

fn scenario<E: VendorError>(
    name: String,
    vendor: &'static str,
    status: u16,
    body: &'static [u8],
) -> Scenario {
    Scenario { name, vendor, status, body, decode_bytes: decode_bytes::<E>, decode: decode::<E> }
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let load = |vendor: &str| {
        let path = root.join("specs").join(format!("{vendor}.json"));
        errtable_codegen::load_file(&path, vendor).expect("a bundled spec loads")
    };
    let (octeth, catalog) = (load("octeth"), load("catalog"));
    const MB: usize = 1 << 20;
    let every = |n: usize| (0..n).collect::<Vec<_>>();
    let scenarios = [
        scenario::<OctethError>(
            "Octeth 1,000 codes, one 1 MB message".into(),
            "octeth",
            200,
            large::octeth_shared_message(1_000, MB),
        ),
        scenario::<OctethError>(
            "Octeth 10,000 codes, one 1 MB message".into(),
            "octeth",
            200,
            large::octeth_shared_message(10_000, MB),
        ),
        scenario::<OctethError>(
            "Octeth 10,000 codes, one 16 B message".into(),
            "octeth",
            200,
            large::octeth_shared_message(10_000, 16),
        ),
        scenario::<OctethError>(
            "Octeth 10,000 codes, a 100 B message each".into(),
            "octeth",
            200,
            large::octeth_message_each(10_000, 100),
        ),
        scenario::<CatalogError>(
            "Catalog bulk, 10,000 of 10,000 failed".into(),
            "catalog",
            200,
            bodies::catalog_bulk(10_000, &every(10_000), 0),
        ),
        scenario::<CatalogError>(
            "Catalog bulk, 1,000 of 10,000 failed".into(),
            "catalog",
            200,
            bodies::catalog_bulk(10_000, &(0..10_000).step_by(10).collect::<Vec<_>>(), 0),
        ),
    ];
    // Build every decode plan before measuring: a one-time cost per catalog, not per body.
    let _ = OctethError::decode(200, &NoHeaders, br#"{"Success":false,"ErrorCode":1}"#);
    let _ = CatalogError::decode(200, &NoHeaders, br#"{"products":[]}"#);

    println!("== memory: peak heap bytes during one decode / body bytes (result held)");
    println!(
        "{:<44} {:>10} {:>7}  {:>12} {:>8} {:>12} {:>12} {:>8}",
        "scenario", "body B", "errors", "decode_bytes", "decode", "interpreter", "Value", "B/error"
    );
    for s in &scenarios {
        let len = s.body.len() as f64;
        let (bytes_peak, errors) = (s.decode_bytes)(s.status, s.body);
        let (slice_peak, slice_errors) = (s.decode)(s.status, s.body);
        let spec = if s.vendor == "octeth" { &octeth } else { &catalog };
        let response = Response { status: s.status, headers: &[], body: s.body };
        let (interp_peak, interp_errors) =
            peak(|| interpret(spec, None, response, SystemTime::now()), Vec::len);
        let (value_peak, _) =
            peak(|| serde_json::from_slice::<serde_json::Value>(s.body).ok(), |_| 0);
        assert_eq!((errors, slice_errors), (interp_errors, interp_errors), "{}", s.name);
        println!(
            "{:<44} {:>10} {:>7}  {:>12.2} {:>8.2} {:>12.2} {:>12.2} {:>8.0}",
            s.name,
            s.body.len(),
            errors,
            bytes_peak as f64 / len,
            slice_peak as f64 / len,
            interp_peak as f64 / len,
            value_peak as f64 / len,
            bytes_peak as f64 / errors.max(1) as f64,
        );
    }
    println!(
        "target: peak decode memory O(body) whatever the number of errors (shared text stays shared)"
    );
    println!(
        "sizes: OctethError {} B, CatalogError {} B, ErrorMeta {} B (boxed), Errors<OctethError> {} B",
        size_of::<OctethError>(),
        size_of::<CatalogError>(),
        size_of::<errtable::ErrorMeta>(),
        size_of::<errtable::Errors<OctethError>>(),
    );
}
