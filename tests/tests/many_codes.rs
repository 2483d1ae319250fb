//! A catalog of more codes than one `match` of the expansion builds: `from_decoded`
//! spreads them over functions by ranges of entry numbers (`codegen/src/expand/impls.rs`,
//! `ENTRIES_PER_FUNCTION`), and `entry_and_meta` over a chain of functions of as many
//! variants each. `tests/specs/many_codes.json` has 150 codes, and an operation
//! whose enum holds entries with gaps between their numbers and out of order (one code
//! overridden, one reused, three its own). Every code must decode to its own variant,
//! with its field and retry class, and a variant built by hand must report its own entry.

use errtable::{ErrorMeta, FieldValue, NoHeaders, VendorError};

#[errtable::catalog(spec = "../specs/many_codes.json")]
pub enum ManyError {}

#[errtable::catalog(spec = "../specs/many_codes.json", operation = "Bulk.Run")]
pub enum BulkRunError {}

/// Decodes a body with every code of `E`'s table and checks what each becomes; returns
/// the entry numbers it checked, in the table's order.
fn every_code_decodes_to_its_variant<E: VendorError>() -> Vec<usize> {
    let catalog = E::catalog();
    let scope = match E::operation() {
        Some(name) => &catalog.operations.iter().find(|op| op.name == name).unwrap().scope,
        None => &catalog.global,
    };
    for &id in scope.entries.iter() {
        let entry = &catalog.entries[id];
        let code = entry.code.as_ref().expect("every entry has a code").text();
        let body = format!(r#"{{"code": "{code}", "message": "m", "index": {id}}}"#);
        let errors = E::decode(400, &NoHeaders, body.as_bytes());
        assert_eq!(errors.len(), 1, "{code}");
        let error = errors.into_first().unwrap();
        assert_eq!(error.variant_name(), entry.variant, "{code}");
        assert_eq!(error.retry_class(), entry.retry, "{code}");
        assert_eq!(VendorError::description(&error), Some(&*entry.description), "{code}");
        let fields = error.fields();
        if entry.fields.is_empty() {
            assert_eq!(fields, [], "{code}");
        } else {
            let index = i64::try_from(id).unwrap();
            assert_eq!(fields, [("index", FieldValue::Integer(index))], "{code}");
        }
    }
    scope.entries.to_vec()
}

#[test]
fn every_code_of_the_catalog_decodes_to_its_variant() {
    let checked = every_code_decodes_to_its_variant::<ManyError>();
    assert_eq!(checked, (0..150).collect::<Vec<_>>());
}

#[test]
fn every_code_of_an_operation_with_gaps_decodes_to_its_variant() {
    let mut checked = every_code_decodes_to_its_variant::<BulkRunError>();
    // What makes this operation worth checking: its own entries first, then the
    // catalog's but for the overridden code_070.
    assert_eq!(checked[..4], [150, 10, 151, 152]);
    checked.sort_unstable();
    let expected: Vec<usize> = (0..154).filter(|&id| id != 70).collect();
    assert_eq!(checked, expected);
    let overridden = BulkRunError::decode(400, &NoHeaders, br#"{"code": "code_070", "index": 70}"#);
    match overridden.into_first().unwrap() {
        BulkRunError::BulkCode070 { index, .. } => assert_eq!(index, Some(70)),
        other => panic!("code_070 in Bulk.Run: {other:?}"),
    }
}

#[test]
fn a_code_of_no_entry_decodes_to_the_fallback() {
    let error = ManyError::decode(400, &NoHeaders, br#"{"code": "code_150"}"#).into_first();
    let error = error.unwrap();
    assert!(error.is_fallback());
    assert_eq!(error.code(), Some("code_150"));
    let error = BulkRunError::decode(400, &NoHeaders, br#"{"code": "code_999"}"#).into_first();
    assert!(error.unwrap().is_fallback());
}

/// A variant's entry comes from the variant, not from how it was made.
#[test]
fn a_variant_built_by_hand_reports_its_own_entry() {
    let meta = || ErrorMeta::new(400, "");
    let built = [
        (ManyError::Code000 { meta: meta(), index: None }, 0),
        (ManyError::Code063 { meta: meta(), index: Some(1) }, 63),
        (ManyError::Code064 { meta: meta() }, 64),
        (ManyError::Code149 { meta: meta() }, 149),
    ];
    for (error, id) in built {
        let entry = &ManyError::catalog().entries[id];
        assert_eq!(error.variant_name(), entry.variant);
        assert_eq!(error.retry_class(), entry.retry);
        assert_eq!(error.description(), Some(&*entry.description));
        assert!(!error.is_fallback());
    }
    assert!(ManyError::Code001 { meta: meta() }.is_code001());
    assert!(!ManyError::Code002 { meta: meta() }.is_code001());
    let bulk = BulkRunError::BulkOnly2 { meta: meta() };
    assert_eq!(bulk.variant_name(), "BulkOnly2");
    assert_eq!(bulk.retry_class(), errtable::RetryClass::After);
}
