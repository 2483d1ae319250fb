//! The bodies of issue 9's baseline table, and each column's decoder of them.
//!
//! The six small bodies are the vendor documents' examples (`tests/corpus/*.json`, the
//! vendor docs in `../shared/vendor-docs/`) written compactly, as servers send them; the
//! Catalog API bulk body and the Octeth success body are built to the table's sizes
//! from the documents' shapes. [`cases`] checks every size against the table.

use errtable::{Bytes, NoHeaders, VendorError};
use errtable_tests::catalog::CatalogError;
use errtable_tests::octeth::OctethError;
use errtable_tests::octogen::OctogenError;
use errtable_tests::octomil::OctomilError;
use errtable_tests::octopost::OctopostError;

use crate::hand::{self, Outcome};
use crate::leak;

/// A decoder of one column: status and body to the number of errors found (the
/// decoded values are dropped inside the timed call, as a client drops them).
pub type Column = fn(u16, &'static [u8]) -> usize;

/// One body of the table, with the decoders that read it.
pub struct Case {
    /// The row's name in the issue's table.
    pub name: &'static str,
    /// A short identifier (criterion's benchmark id).
    pub id: &'static str,
    /// The response's status.
    pub status: u16,
    /// The body.
    pub body: &'static [u8],
    /// Whether the body carries errors (a success body is the floor's own case).
    pub is_error: bool,
    /// `E::decode_bytes(status, &NoHeaders, Bytes::from_static(body))`.
    pub errtable_bytes: Column,
    /// `E::decode(status, &NoHeaders, body)`.
    pub errtable_slice: Column,
    /// The hand-written serde decoder.
    pub hand: Column,
    /// The variant names errtable and the hand-written decoder give, for the check.
    names: fn(u16, &'static [u8]) -> (Outcome, Outcome),
}

fn errtable_bytes<E: VendorError>(status: u16, body: &'static [u8]) -> usize {
    E::decode_bytes(status, &NoHeaders, Bytes::from_static(body)).len()
}

fn errtable_slice<E: VendorError>(status: u16, body: &'static [u8]) -> usize {
    E::decode(status, &NoHeaders, body).len()
}

fn errtable_names<E: VendorError>(status: u16, body: &[u8]) -> Outcome {
    E::decode(status, &NoHeaders, body).iter().map(|e| e.variant_name().to_owned()).collect()
}

/// The floor: `serde_json::from_slice::<serde::de::IgnoredAny>`, validation only.
pub fn floor(body: &[u8]) -> bool {
    serde_json::from_slice::<serde::de::IgnoredAny>(body).is_ok()
}

/// The generic tree: `serde_json::from_slice::<serde_json::Value>`.
pub fn value(body: &[u8]) -> Option<serde_json::Value> {
    serde_json::from_slice::<serde_json::Value>(body).ok()
}

macro_rules! case {
    ($name:literal, $id:literal, $status:literal, $body:expr, $size:literal, $error:literal,
     $enum:ty, $hand:ident) => {{
        let body: &'static [u8] = $body;
        assert_eq!(body.len(), $size, "{}: the issue's table says {} bytes", $name, $size);
        Case {
            name: $name,
            id: $id,
            status: $status,
            body,
            is_error: $error,
            errtable_bytes: errtable_bytes::<$enum>,
            errtable_slice: errtable_slice::<$enum>,
            hand: |status, body| hand::$hand::decode(status, body).into_iter().count(),
            names: |status, body| {
                (errtable_names::<$enum>(status, body), hand::$hand::outcome(status, body))
            },
        }
    }};
}

/// Every row of the issue's table, in its order. Panics if a body's size is not the
/// table's, or if errtable and the hand-written decoder disagree on what a body holds.
pub fn cases() -> Vec<Case> {
    let cases = vec![
        case!("Octopost 429 with details", "octopost_429", 429,
            br#"{"error":"Rate limit exceeded. Try again in 45 seconds.","code":"rate_limited","details":{"limit":300,"remaining":0,"reset_at":"2026-04-03T12:01:00Z","retry_after":45}}"#,
            168, true, OctopostError, octopost),
        case!("Octopost 422 with fields", "octopost_422", 422,
            br#"{"error":"Validation failed","code":"validation_error","details":{"fields":{"content":"Content is required","platforms":"At least one platform must be specified"}}}"#,
            164, true, OctopostError, octopost),
        case!("Catalog API 402 with extras", "catalog_402", 402,
            br#"{"error":{"code":"INSUFFICIENT_CREDITS","message":"Insufficient credits","request_id":"req_01HZ"},"credits_needed":100,"credits_remaining":50}"#,
            142, true, CatalogError, catalog),
        case!("Catalog API 200 bulk, 1 failed of 50", "catalog_bulk", 200,
            catalog_bulk(50, &[25], 11_669),
            11_669, true, CatalogError, catalog),
        case!("Octeth multi-error", "octeth_multi", 200,
            br#"{"Success":false,"ErrorCode":[1,2],"ErrorText":["Missing username","Missing password"]}"#,
            87, true, OctethError, octeth),
        case!("Octeth 2 KB success", "octeth_success", 200,
            octeth_success(2_139),
            2_139, false, OctethError, octeth),
        case!("Octogen 422 validation list", "octogen_422", 422,
            br#"{"detail":[{"loc":["body","limit"],"msg":"ensure this value is less than or equal to 100","type":"value_error.number.not_le"}]}"#,
            127, true, OctogenError, octogen),
        case!("Octomil 429", "octomil_429", 429,
            br#"{"error":"rate_limited","message":"Too many requests","status_code":429}"#,
            72, true, OctomilError, octomil),
    ];
    for case in &cases {
        let (ours, theirs) = (case.names)(case.status, case.body);
        assert_eq!(ours, theirs, "{}: errtable and the hand-written decoder differ", case.name);
        let count = (case.errtable_bytes)(case.status, case.body);
        assert_eq!(count, ours.len(), "{}", case.name);
        assert_eq!((case.errtable_slice)(case.status, case.body), count, "{}", case.name);
        assert_eq!((case.hand)(case.status, case.body), count, "{}", case.name);
        assert_eq!(count > 0, case.is_error, "{}: {ours:?}", case.name);
        assert!(floor(case.body) && value(case.body).is_some(), "{}: not JSON", case.name);
    }
    cases
}

/// Pads `json`, which holds one `"note":""` member, to exactly `size` bytes.
fn pad_to(json: String, size: usize) -> &'static [u8] {
    let missing = size.checked_sub(json.len()).expect("the body is already larger");
    let filler: String = "lorem ipsum dolor sit amet ".chars().cycle().take(missing).collect();
    let padded = json.replacen(r#""note":"""#, &format!(r#""note":"{filler}""#), 1);
    assert_eq!(padded.len(), size);
    leak(padded.into_bytes())
}

/// A Catalog API bulk products body (the vendor document's shape) with `items` products,
/// the ones at `failed` failing with `VENDOR_NOT_SUPPORTED`, padded to `size` bytes (0:
/// not padded).
pub fn catalog_bulk(items: usize, failed: &[usize], size: usize) -> &'static [u8] {
    let mut products = Vec::with_capacity(items);
    for i in 0..items {
        products.push(if failed.contains(&i) {
            format!(
                r#"{{"url":"https://invalid-store.com/product/{i}","success":false,"product":null,"outcome":"VENDOR_NOT_SUPPORTED"}}"#
            )
        } else {
            format!(
                r#"{{"url":"https://valid-store.com/product/{i}","success":true,"product":{{"title":"Product {i}","brand":"Acme","price":{}.99,"currency":"USD","availability":"in_stock","rating":4.{},"images":["https://valid-store.com/img/{i}.jpg"]}}}}"#,
                10 + i % 90,
                i % 10
            )
        });
    }
    let json = format!(
        r#"{{"products":[{}],"meta":{{"total_requested":{items},"total_successful":{},"total_failed":{},"note":""}}}}"#,
        products.join(","),
        items - failed.len(),
        failed.len()
    );
    if size == 0 {
        leak(json.replace(r#","note":"""#, "").into_bytes())
    } else {
        pad_to(json, size)
    }
}

/// An Octeth success body (`"Success": true` and a command's data: lists with their
/// subscriber counts) of exactly `size` bytes.
pub fn octeth_success(size: usize) -> &'static [u8] {
    let lists: Vec<String> = (1..=16)
        .map(|i| {
            format!(
                r#"{{"ListID":"{i}","Name":"Newsletter {i}","SubscriberCount":{},"OptInMode":"Double"}}"#,
                1000 + 37 * i
            )
        })
        .collect();
    let json = format!(
        r#"{{"Success":true,"TotalListCount":{},"Lists":[{}],"note":""}}"#,
        lists.len(),
        lists.join(",")
    );
    pad_to(json, size)
}
