//! The fuzz targets' properties (`fuzz/`, run by `fuzz/run.sh`), as proptest stand-ins
//! that run in CI: the shared response corpus and the specs, mutated the way a fuzzer
//! mutates them (cut, bytes flipped, JSON tokens and hostile bytes spliced in, slices
//! repeated), through every generated decoder against the interpreter, through the
//! interpreter alone, and through the spec loader. The properties themselves are
//! `errtable_tests::properties`, which the fuzz targets call too. A fixed seed: the same
//! cases on every run.

use std::sync::OnceLock;

use errtable_codegen::interpret::Response;
use errtable_tests::properties::{
    self, CorpusResponse, HEADER_NAMES, VENDORS, check_interpreter, check_response, check_spec,
    operations,
};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};

/// Every response of the shared corpus, with its vendor.
fn corpus() -> &'static [(&'static str, CorpusResponse)] {
    static CORPUS: OnceLock<Vec<(&'static str, CorpusResponse)>> = OnceLock::new();
    CORPUS.get_or_init(|| {
        VENDORS
            .iter()
            .flat_map(|&v| properties::corpus(v).into_iter().map(move |r| (v, r)))
            .collect()
    })
}

/// The bundled specs, the feature spec and the broken-spec corpus, as bytes.
fn specs() -> &'static [Vec<u8>] {
    static SPECS: OnceLock<Vec<Vec<u8>>> = OnceLock::new();
    SPECS.get_or_init(|| {
        let mut specs: Vec<Vec<u8>> =
            VENDORS.iter().map(|v| std::fs::read(properties::spec_path(v)).unwrap()).collect();
        let broken = properties::root().join("tests/broken-specs");
        let mut paths: Vec<_> = std::fs::read_dir(broken)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect();
        paths.sort();
        specs.extend(paths.iter().map(|p| std::fs::read(p).unwrap()));
        specs
    })
}

/// What a fuzzer splices in: JSON's structural tokens, escapes, odd numbers, bytes that
/// are not UTF-8, and words the catalogs read.
const TOKENS: &[&[u8]] = &[
    b"\"",
    b"{",
    b"}",
    b"[",
    b"]",
    b",",
    b":",
    b"\\",
    b"\\u",
    b"\\ud800",
    b"\\udc00\\ud800",
    b"\xff",
    b"\xc3",
    b"\xef\xbb\xbf",
    b"\x00",
    b"1e999",
    b"-0",
    b"123456789012345678901234567890",
    b"null",
    b"true",
    b"\"code\":",
    b"\"error\":",
    b"99999",
    b"[[[[[[[[[[",
    b"{\"a\":1,\"a\":2}",
];

/// One edit of a byte string.
#[derive(Debug, Clone)]
enum Edit {
    Cut(usize),
    Flip(usize, u8),
    Insert(usize, &'static [u8]),
    Remove(usize, usize),
    Repeat(usize, usize, usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    let at = any::<usize>();
    prop_oneof![
        at.prop_map(Edit::Cut),
        (at, any::<u8>()).prop_map(|(i, b)| Edit::Flip(i, b)),
        (at, prop::sample::select(TOKENS)).prop_map(|(i, t)| Edit::Insert(i, t)),
        (at, 1usize..16).prop_map(|(i, n)| Edit::Remove(i, n)),
        (at, 1usize..32, 1usize..8).prop_map(|(i, n, k)| Edit::Repeat(i, n, k)),
    ]
}

fn apply(mut bytes: Vec<u8>, edits: &[Edit]) -> Vec<u8> {
    for edit in edits {
        let at = |i: usize, len: usize| if len == 0 { 0 } else { i % (len + 1) };
        match *edit {
            Edit::Cut(i) => bytes.truncate(at(i, bytes.len())),
            Edit::Flip(i, b) if !bytes.is_empty() => {
                let i = i % bytes.len();
                bytes[i] ^= b | 1;
            }
            Edit::Flip(..) => {}
            Edit::Insert(i, token) => {
                let i = at(i, bytes.len());
                bytes.splice(i..i, token.iter().copied());
            }
            Edit::Remove(i, n) => {
                let i = at(i, bytes.len());
                bytes.drain(i..(i + n).min(bytes.len()));
            }
            Edit::Repeat(i, n, k) => {
                let i = at(i, bytes.len());
                let slice = bytes[i..(i + n).min(bytes.len())].to_vec();
                for _ in 0..k {
                    bytes.splice(i..i, slice.iter().copied());
                }
            }
        }
    }
    bytes
}

/// Header values servers really send, and hostile ones: `Retry-After` of 10^30, -5, 1.5,
/// past and far-future dates, RFC 850 and asctime dates, non-ASCII text.
const HEADER_VALUES: &[&str] = &[
    "0",
    "7",
    "1.5",
    "-5",
    "1000000000000000000000000000000",
    "1e3",
    " 30 ",
    "",
    "soon",
    "req_h",
    "Wed, 21 Oct 2015 07:28:00 GMT",
    "Fri, 31 Dec 9999 23:59:59 GMT",
    "Sunday, 06-Nov-94 08:49:37 GMT",
    "Sun Nov  6 08:49:37 1994",
    "caf\u{e9}",
    "\u{7f}\u{80}",
    "true",
    "false",
    "1700000000",
    "99999999999",
    "Throttling:http://x",
];

fn headers() -> impl Strategy<Value = Vec<(String, String)>> {
    let name = prop::sample::select(&HEADER_NAMES[..]);
    let header = (name, prop::sample::select(HEADER_VALUES));
    prop::collection::vec(header.prop_map(|(n, v)| (n.to_owned(), v.to_owned())), 0..4)
}

/// A response to decode: vendor, operation, status, headers and body.
type Case = (&'static str, Option<&'static str>, u16, Vec<(String, String)>, Vec<u8>);

/// A corpus response of any vendor, mutated.
fn response() -> impl Strategy<Value = Case> {
    let status = prop_oneof![Just(None), (0u16..1000).prop_map(Some)];
    let extra = prop_oneof![Just(None), headers().prop_map(Some)];
    (0..corpus().len(), status, extra, prop::collection::vec(edit(), 0..4), any::<u8>()).prop_map(
        |(index, status, extra, edits, pick)| {
            let (vendor, original) = &corpus()[index];
            let ops = operations(vendor);
            let op = ops
                .iter()
                .copied()
                .find(|op| *op == original.operation.as_deref())
                .filter(|_| pick % 4 != 0)
                .unwrap_or(ops[usize::from(pick) % ops.len()]);
            let headers = extra.unwrap_or_else(|| original.headers.clone());
            let body = apply(original.body.clone(), &edits);
            (*vendor, op, status.unwrap_or(original.status), headers, body)
        },
    )
}

fn config(cases: u32) -> Config {
    Config {
        cases,
        rng_seed: RngSeed::Fixed(0xf022_5eed),
        failure_persistence: None,
        ..Config::default()
    }
}

proptest! {
    #![proptest_config(config(384))]

    /// `decode_<catalog>`: each generated decoder keeps the body, is deterministic,
    /// reports every error status and agrees with the interpreter.
    #[test]
    fn generated_decoders((vendor, op, status, headers, body) in response()) {
        check_response(vendor, op, status, &headers, &body);
    }

    /// `interpret`: the interpreter alone.
    #[test]
    fn interpreter((vendor, op, status, headers, body) in response()) {
        let response = Response { status, headers: &headers, body: &body };
        check_interpreter(properties::catalog(vendor), op, response);
    }
}

proptest! {
    #![proptest_config(config(192))]

    /// `load_spec`: mutated specs load or are refused with every problem located; a
    /// mutated spec that still loads is interpreted too.
    #[test]
    fn spec_loader(index in 0..specs().len(), edits in prop::collection::vec(edit(), 0..4), status in 0u16..1000) {
        let spec = apply(specs()[index].clone(), &edits);
        if let Some(catalog) = check_spec(&spec) {
            let (_, response) = &corpus()[index % corpus().len()];
            let response = Response { status, headers: &response.headers, body: &response.body };
            check_interpreter(&catalog, None, response);
        }
    }
}

/// Any bytes at all as a spec.
#[test]
fn spec_loader_on_odd_bytes() {
    let odd: [&[u8]; 8] = [
        b"",
        b"\xff\xfe",
        b"\xef\xbb\xbf{}",
        b"{\n\n\n",
        b"\n\n\n\xff",
        b"[1, 2",
        b"{\"errtable\": 1, \"name\": \"x\", \"errors\": [{\"code\": \"a\", \"code\": \"b\"}]}",
        b"{\"errtable\": 1, \"name\": \"x\", \"errors\": [], \"errors\": []}\n\n",
    ];
    for bytes in odd {
        assert!(check_spec(bytes).is_none(), "{:?}", String::from_utf8_lossy(bytes));
    }
}
