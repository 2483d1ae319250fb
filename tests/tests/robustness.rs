//! Bad input never panics and never loses the response: any bytes, any status, huge
//! and deeply nested bodies, for every catalog.

use errtable::{NoHeaders, VendorError};
use errtable_tests::{
    catalog, dynamodb, features, github, google, jsonapi, octeth, octogen, octomil, octopost,
    openai, problem, slack, stripe,
};
use proptest::prelude::*;

fn invariants<E: VendorError>(status: u16, body: &[u8]) {
    let errors = E::decode(status, &NoHeaders, body);
    if status >= 400 {
        assert!(!errors.is_empty(), "an error status always decodes to an error");
    }
    for error in &errors {
        assert_eq!(error.meta().status(), status);
        assert_eq!(error.meta().body().as_ref(), body, "the whole body is kept");
        let _ = (error.to_string(), format!("{error:?}"), error.retry(), error.fields());
    }
}

fn all(status: u16, body: &[u8]) {
    invariants::<octopost::OctopostError>(status, body);
    invariants::<octogen::OctogenError>(status, body);
    invariants::<catalog::CatalogError>(status, body);
    invariants::<octomil::OctomilError>(status, body);
    invariants::<octeth::OctethError>(status, body);
    invariants::<octeth::LoginError>(status, body);
    invariants::<features::FeatureError>(status, body);
    invariants::<stripe::StripeError>(status, body);
    invariants::<openai::OpenAiError>(status, body);
    invariants::<slack::SlackError>(status, body);
    invariants::<github::GithubError>(status, body);
    invariants::<problem::ProblemError>(status, body);
    invariants::<google::GoogleError>(status, body);
    invariants::<dynamodb::DynamoDbError>(status, body);
    invariants::<jsonapi::JsonApiError>(status, body);
}

proptest! {
    // Fixed seed: the same cases on every run and every machine.
    #![proptest_config(ProptestConfig { rng_seed: proptest::test_runner::RngSeed::Fixed(0x5eed_e77a_b1e0), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn any_bytes_any_status(status in 0u16..=999, body in prop::collection::vec(any::<u8>(), 0..256)) {
        all(status, &body);
    }
}

#[test]
fn deep_nesting_on_and_off_the_read_paths() {
    for depth in [127, 128, 129, 10_000, 200_000] {
        let open = "[".repeat(depth);
        let close = "]".repeat(depth);
        // Where the catalog reads (the code) and where it does not.
        for body in [
            format!(r#"{{"code": {open}{close}}}"#),
            format!(r#"{{"code": "not_found", "junk": {open}{close}}}"#),
            format!(r#"{{"detail": {open}{close}, "products": {open}{close}}}"#),
            format!("{open}{close}"),
            open.clone(),
        ] {
            all(404, body.as_bytes());
            all(200, body.as_bytes());
        }
    }
}

#[test]
fn huge_bodies() {
    let mut bulk = String::from(r#"{"products": ["#);
    for i in 0..100_000 {
        if i > 0 {
            bulk.push(',');
        }
        bulk.push_str(&format!(
            r#"{{"url": "u{i}", "success": {}, "outcome": "VENDOR_NOT_SUPPORTED"}}"#,
            i % 2 == 0
        ));
    }
    bulk.push_str("]}");
    let errors = catalog::CatalogError::decode(200, &NoHeaders, bulk.as_bytes());
    assert_eq!(errors.len(), 50_000);
    assert_eq!(errors[1].meta().item(), Some(3));
    let big_string = format!(r#"{{"code": "rate_limited", "error": "{}"}}"#, "x".repeat(20 << 20));
    all(429, big_string.as_bytes());
}
