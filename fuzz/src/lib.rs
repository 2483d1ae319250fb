//! The inputs of errtable's fuzz targets and what each target checks.
//!
//! Every target checks the properties of `errtable_tests::properties`, the same ones
//! the proptest stand-ins in `tests/tests/fuzz_properties.rs` check in CI:
//!
//! - `decode_<catalog>`: a [`FuzzResponse`] through the catalog's generated enum (for
//!   Octeth, the catalog-wide enum or one operation's): no panic, the raw body on every
//!   error, deterministic, at least one error at 400 and above, and the same errors and
//!   warnings as the interpreter ([`decode`]);
//! - `interpret`: the interpreter alone, on a bundled catalog or on any spec that loads
//!   ([`interpret`]);
//! - `load_spec`: any bytes as a spec: no panic, every problem located inside the text
//!   with a help, rendered ([`load_spec`]).
//!
//! Inputs have a plain byte layout (see [`FuzzResponse`]), so `examples/seeds.rs` can
//! write the shared response corpus (`tests/corpus/`) and the specs as seeds.
#![forbid(unsafe_code)]

use arbitrary::{Arbitrary, Unstructured};
use errtable_codegen::interpret::Response;
use errtable_tests::properties::{self, HEADER_NAMES, VENDORS};

/// A name byte that announces a name of its own (length byte, then the bytes).
const OWN_NAME: u8 = u8::MAX;

/// A response to decode, read from fuzz input bytes laid out as:
///
/// | bytes | what |
/// |---|---|
/// | 1 | selector: the operation (Octeth) or the catalog (`interpret`) |
/// | 2 | status, little-endian, modulo 1000 |
/// | 1 | number of headers, modulo 5 |
/// | per header | a name byte (an index into [`HEADER_NAMES`], or 255 then a length byte and the name), a length byte, the value (lossy UTF-8) |
/// | the rest | the body |
///
/// Missing bytes read as zero or empty, so every input is a response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FuzzResponse {
    /// Picks the operation or the catalog.
    pub selector: u8,
    /// The HTTP status, below 1000.
    pub status: u16,
    /// Headers, in order.
    pub headers: Vec<(String, String)>,
    /// The raw body.
    pub body: Vec<u8>,
}

/// Up to `len` bytes, fewer when the input ends.
fn take<'a>(u: &mut Unstructured<'a>, len: usize) -> &'a [u8] {
    let len = len.min(u.len());
    u.bytes(len).unwrap_or_default()
}

fn text(u: &mut Unstructured) -> arbitrary::Result<String> {
    let len = u.arbitrary::<u8>()?;
    Ok(String::from_utf8_lossy(take(u, len.into())).into_owned())
}

impl<'a> Arbitrary<'a> for FuzzResponse {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        let selector = u.arbitrary::<u8>()?;
        let status = u16::from_le_bytes([u.arbitrary()?, u.arbitrary()?]) % 1000;
        let count = u.arbitrary::<u8>()? % 5;
        let mut headers = Vec::new();
        for _ in 0..count {
            let pick = u.arbitrary::<u8>()?;
            let name = match HEADER_NAMES.get(usize::from(pick)) {
                Some(name) => (*name).to_owned(),
                None => text(u)?,
            };
            headers.push((name, text(u)?));
        }
        let body = take(u, u.len()).to_vec();
        Ok(FuzzResponse { selector, status, headers, body })
    }
}

impl FuzzResponse {
    /// The input bytes that read as this response (texts cut at 255 bytes).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = vec![self.selector];
        out.extend_from_slice(&self.status.to_le_bytes());
        let headers = &self.headers[..self.headers.len().min(4)];
        out.push(headers.len() as u8);
        let push_text = |out: &mut Vec<u8>, text: &str| {
            let mut end = text.len().min(255);
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            out.push(end as u8);
            out.extend_from_slice(&text.as_bytes()[..end]);
        };
        for (name, value) in headers {
            match HEADER_NAMES.iter().position(|n| n == name) {
                Some(index) => out.push(index as u8),
                None => {
                    out.push(OWN_NAME);
                    push_text(&mut out, name);
                }
            }
            push_text(&mut out, value);
        }
        out.extend_from_slice(&self.body);
        out
    }

    fn response(&self) -> Response<'_> {
        Response { status: self.status, headers: &self.headers, body: &self.body }
    }
}

/// The operation a selector picks among `count` choices (`None`, then each operation).
fn pick<T: Copy>(choices: &[T], selector: u8) -> T {
    choices[usize::from(selector) % choices.len()]
}

/// The `decode_<vendor>` target: [`properties::check_response`] on the vendor's
/// generated enum (for Octeth, the one the selector picks).
pub fn decode(vendor: &str, response: &FuzzResponse) {
    let operation = pick(properties::operations(vendor), response.selector);
    let FuzzResponse { status, headers, body, .. } = response;
    properties::check_response(vendor, operation, *status, headers, body);
}

/// In the `interpret` target's selector, `selector % VENDOR_STRIDE` picks the bundled
/// catalog and `selector / VENDOR_STRIDE` the operation.
pub const VENDOR_STRIDE: u8 = 16;
const _: () = assert!(VENDORS.len() <= VENDOR_STRIDE as usize);

/// The input of the `interpret` target: a catalog (bundled, or any spec that loads) and
/// a response.
///
/// Layout: a mode byte; when it is odd, a spec follows (two length bytes, little-endian,
/// then the spec); then a [`FuzzResponse`], whose selector picks the bundled catalog
/// (even mode) and the operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InterpretInput {
    /// A spec of its own; `None` for a bundled catalog.
    pub spec: Option<Vec<u8>>,
    /// The response.
    pub response: FuzzResponse,
}

impl<'a> Arbitrary<'a> for InterpretInput {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        let spec = if u.arbitrary::<u8>()? % 2 == 1 {
            let len = u16::from_le_bytes([u.arbitrary()?, u.arbitrary()?]);
            Some(take(u, len.into()).to_vec())
        } else {
            None
        };
        Ok(InterpretInput { spec, response: FuzzResponse::arbitrary(u)? })
    }
}

impl InterpretInput {
    /// The input bytes that read as this input (a spec cut at 65,535 bytes).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        match &self.spec {
            None => out.push(0),
            Some(spec) => {
                let spec = &spec[..spec.len().min(usize::from(u16::MAX))];
                out.push(1);
                out.extend_from_slice(&(spec.len() as u16).to_le_bytes());
                out.extend_from_slice(spec);
            }
        }
        out.extend(self.response.to_bytes());
        out
    }
}

/// The `interpret` target: [`properties::check_interpreter`] on the catalog and the
/// operation the input picks.
pub fn interpret(input: &InterpretInput) {
    let selector = input.response.selector;
    match &input.spec {
        None => {
            let vendor = pick(&VENDORS, selector % VENDOR_STRIDE);
            let operation = pick(properties::operations(vendor), selector / VENDOR_STRIDE);
            let catalog = properties::catalog(vendor);
            properties::check_interpreter(catalog, operation, input.response.response());
        }
        Some(spec) => {
            let Some(catalog) = properties::check_spec(spec) else { return };
            let operations: Vec<Option<&str>> = std::iter::once(None)
                .chain(catalog.operations.iter().map(|op| Some(op.name.as_ref())))
                .collect();
            let operation = pick(&operations, selector);
            properties::check_interpreter(&catalog, operation, input.response.response());
        }
    }
}

/// The `load_spec` target: [`properties::check_spec`].
pub fn load_spec(bytes: &[u8]) {
    properties::check_spec(bytes);
}

/// Stamps the fuzz target of one bundled catalog's generated decoder:
/// `errtable_fuzz::decode_target!("octopost");` in `fuzz_targets/decode_octopost.rs`.
#[macro_export]
macro_rules! decode_target {
    ($vendor:literal) => {
        libfuzzer_sys::fuzz_target!(|response: $crate::FuzzResponse| {
            $crate::decode($vendor, &response);
        });
    };
}
