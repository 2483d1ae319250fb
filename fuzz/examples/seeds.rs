//! Writes the seed corpora of the fuzz targets into `fuzz/seeds/<target>/`: the shared
//! response corpus (`tests/corpus/`) as inputs of each `decode_<catalog>` target and of
//! `interpret` (with each bundled spec too), and the bundled specs, the feature spec and
//! the broken-spec corpus (`tests/broken-specs/`) for `load_spec`. `fuzz/run.sh` runs it
//! before fuzzing.

use std::fs;
use std::path::{Path, PathBuf};

use errtable_fuzz::{FuzzResponse, InterpretInput, VENDOR_STRIDE};
use errtable_tests::properties::{self, VENDORS};

fn write(dir: &Path, inputs: &[Vec<u8>]) -> std::io::Result<()> {
    fs::create_dir_all(dir)?;
    for (n, input) in inputs.iter().enumerate() {
        fs::write(dir.join(format!("seed-{n:04}")), input)?;
    }
    println!("{:>5} seeds in {}", inputs.len(), dir.display());
    Ok(())
}

/// The corpus of `vendor` as fuzz responses, with the selector of each one's operation.
fn responses(vendor: &str) -> Vec<FuzzResponse> {
    let operations = properties::operations(vendor);
    properties::corpus(vendor)
        .into_iter()
        .map(|r| {
            let op = operations.iter().position(|op| *op == r.operation.as_deref()).unwrap_or(0);
            FuzzResponse { selector: op as u8, status: r.status, headers: r.headers, body: r.body }
        })
        .collect()
}

fn files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut paths: Vec<PathBuf> =
        fs::read_dir(dir)?.map(|entry| entry.map(|e| e.path())).collect::<Result<_, _>>()?;
    paths.retain(|p| p.extension().is_some_and(|e| e == "json"));
    paths.sort();
    Ok(paths)
}

fn main() -> std::io::Result<()> {
    let root = properties::root();
    let out = root.join("fuzz/seeds");
    let mut interpret = Vec::new();
    for (index, vendor) in VENDORS.iter().enumerate() {
        let responses = responses(vendor);
        write(
            &out.join(format!("decode_{vendor}")),
            &responses.iter().map(|r| r.to_bytes()).collect::<Vec<_>>(),
        )?;
        let spec = fs::read(properties::spec_path(vendor))?;
        for mut response in responses {
            // The interpreter's selector picks the vendor, then the operation.
            let op = response.selector;
            response.selector = index as u8 + VENDOR_STRIDE * op;
            interpret.push(InterpretInput { spec: None, response: response.clone() }.to_bytes());
            response.selector = op;
            interpret.push(InterpretInput { spec: Some(spec.clone()), response }.to_bytes());
        }
    }
    write(&out.join("interpret"), &interpret)?;
    let mut specs = Vec::new();
    let dirs = [root.join("specs"), root.join("tests/specs"), root.join("tests/broken-specs")];
    for dir in dirs {
        for path in files(&dir)? {
            specs.push(fs::read(path)?);
        }
    }
    write(&out.join("load_spec"), &specs)
}
