//! The catalog a generated enum decodes with is the very value the engine validated:
//! for every bundled and test spec, `E::catalog()` (what the macro wrote: a `static` of
//! the catalog but its entries, and the entries as the rows of one string literal, read
//! on first use, or as struct literals; shared lists of fields; text borrowed) equals
//! what `errtable_codegen` loads from the same file.

use std::path::Path;

use errtable::{Catalog, VendorError};
use errtable_tests as t;

/// Texts with line breaks and quotes: rows hold them as escaped text.
#[errtable::catalog(spec = "../specs/line_breaks.json")]
enum LineBreakError {}

/// 150 codes, fields on some, and an operation's entries.
#[errtable::catalog(spec = "../specs/many_codes.json")]
enum ManyError {}

fn loaded(spec: &str) -> Catalog {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(spec);
    errtable_codegen::load::load_file(&path, spec)
        .unwrap_or_else(|diagnostics| panic!("{spec}: {diagnostics:?}"))
}

fn same<E: VendorError>(spec: &str) {
    let emitted = E::catalog();
    let loaded = loaded(spec);
    // Entry by entry first, so that a difference names its entry.
    assert_eq!(emitted.entries.len(), loaded.entries.len(), "{spec}");
    for (emitted, loaded) in emitted.entries.iter().zip(loaded.entries.iter()) {
        assert_eq!(emitted, loaded, "{spec}: entry {}", loaded.variant);
    }
    assert_eq!(*emitted, loaded, "{spec}");
}

#[test]
fn every_emitted_catalog_is_the_loaded_one() {
    same::<t::octopost::OctopostError>("../specs/octopost.json");
    same::<t::octogen::OctogenError>("../specs/octogen.json");
    same::<t::catalog::CatalogError>("../specs/catalog.json");
    same::<t::octomil::OctomilError>("../specs/octomil.json");
    same::<t::octeth::OctethError>("../specs/octeth.json");
    same::<t::stripe::StripeError>("../specs/stripe.json");
    same::<t::openai::OpenAiError>("../specs/openai.json");
    same::<t::slack::SlackError>("../specs/slack.json");
    same::<t::github::GithubError>("../specs/github.json");
    same::<t::problem::ProblemError>("../specs/problem.json");
    same::<t::google::GoogleError>("../specs/google.json");
    same::<t::dynamodb::DynamoDbError>("../specs/dynamodb.json");
    same::<t::features::FeatureError>("specs/features.json");
    same::<t::jsonapi::JsonApiError>("specs/jsonapi.json");
    same::<LineBreakError>("specs/line_breaks.json");
    same::<ManyError>("specs/many_codes.json");
}

#[test]
fn a_per_operation_enum_uses_its_catalog_enums_table() {
    let operation = <t::octeth::LoginError as VendorError>::catalog();
    assert!(std::ptr::eq(operation, t::octeth::OctethError::catalog()));
}
