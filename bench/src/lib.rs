//! errtable's measuring instruments: the bodies of GitHub issue 9's baseline table, the
//! hand-written serde decoders errtable is compared with, and the large bodies of the
//! memory scenarios.
//!
//! The instruments themselves are the `decode` and `runtime` criterion benches and the
//! `memory` binary; BENCHMARKS.md at the repository root says what each measures and how
//! to run it.
#![forbid(unsafe_code)]

pub mod bodies;
pub mod hand;
pub mod large;

/// Removes the whitespace outside strings of a JSON text, keeping everything else (key
/// order included) as written.
pub fn minify(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    let (mut in_string, mut escaped) = (false, false);
    for c in json.chars() {
        if in_string {
            out.push(c);
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
        } else if !c.is_ascii_whitespace() {
            in_string = c == '"';
            out.push(c);
        }
    }
    out
}

/// Leaks `bytes` for the life of the process, so an instrument can hand the body to
/// `Bytes::from_static` (no copy, no reference count) like a `&'static [u8]` literal.
pub fn leak(bytes: Vec<u8>) -> &'static [u8] {
    Box::leak(bytes.into_boxed_slice())
}
