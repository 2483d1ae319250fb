//! The expansion writes a list of fields once for every entry that has it, and one match
//! arm for every variant whose fields have the same names and types
//! (`codegen/src/expand/table.rs`, `impls.rs`). Sharing must stop exactly there:
//! `tests/specs/shared_fields.json` has two codes with the same fields, one with the same
//! names and types read from other members, one with a name of another type, and one
//! without fields. Were the arm shared by names alone, this file would not compile; were
//! the list shared by names and types alone, `Elsewhere` would read `First`'s members.

use errtable::{FieldValue, NoHeaders};

#[errtable::catalog(spec = "../specs/shared_fields.json")]
pub enum SharedError {}

const BODY: &str = r#""details": {"limit": 5, "reason": "in details"},
    "other": {"limit": 7, "reason": "elsewhere"}"#;

fn decode(code: &str) -> SharedError {
    let body = format!(r#"{{"code": "{code}", "message": "m", {BODY}}}"#);
    SharedError::decode(400, &NoHeaders, body.as_bytes()).into_first().expect("an error")
}

#[test]
fn codes_with_the_same_fields_read_them_alike() {
    for code in ["first", "second"] {
        let error = decode(code);
        let (limit, reason) = match &error {
            SharedError::First { limit, reason, .. }
            | SharedError::Second { limit, reason, .. } => (*limit, reason.clone()),
            other => panic!("{code}: decoded as {other:?}"),
        };
        assert_eq!((limit, reason.as_deref()), (Some(5), Some("in details")), "{code}");
        assert_eq!(
            error.fields(),
            [
                ("limit", FieldValue::Integer(5)),
                ("reason", FieldValue::String("in details".into()))
            ],
            "{code}"
        );
    }
    let entries = &SharedError::catalog().entries;
    assert_eq!(entries[0].fields, entries[1].fields);
}

#[test]
fn the_same_names_and_types_elsewhere_read_their_own_members() {
    let error = decode("elsewhere");
    match &error {
        SharedError::Elsewhere { limit, reason, .. } => {
            assert_eq!((*limit, reason.as_deref()), (Some(7), Some("elsewhere")));
        }
        other => panic!("decoded as {other:?}"),
    }
    assert_eq!(
        error.fields(),
        [("limit", FieldValue::Integer(7)), ("reason", FieldValue::String("elsewhere".into()))]
    );
    let entries = &SharedError::catalog().entries;
    assert_ne!(entries[0].fields, entries[2].fields);
}

#[test]
fn a_name_of_another_type_keeps_its_type() {
    let body = r#"{"code": "other_type", "details": {"limit": "five", "reason": "text"}}"#;
    let error = SharedError::decode(400, &NoHeaders, body.as_bytes()).into_first().unwrap();
    match &error {
        SharedError::OtherType { limit, reason, .. } => {
            assert_eq!((limit.as_deref(), reason.as_deref()), (Some("five"), Some("text")));
        }
        other => panic!("decoded as {other:?}"),
    }
    assert_eq!(
        error.fields(),
        [
            ("limit", FieldValue::String("five".into())),
            ("reason", FieldValue::String("text".into()))
        ]
    );
    let debug = format!("{error:?}");
    assert!(debug.contains("five"), "{debug}");
}

#[test]
fn a_code_without_fields_has_none() {
    let error = decode("plain");
    assert!(error.is_plain());
    assert!(error.fields().is_empty());
    assert!(SharedError::catalog().entries[4].fields.is_empty());
}
