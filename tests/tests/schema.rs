//! `specs/errtable.schema.json` is the schema generated from the spec model, and every
//! bundled spec points at it. Regenerate with `ERRTABLE_BLESS=1 cargo test --test schema`.

use std::path::PathBuf;

fn specs() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../specs")
}

#[test]
fn the_checked_in_schema_is_current() {
    let path = specs().join("errtable.schema.json");
    let generated = errtable_codegen::schema::schema_text();
    if std::env::var_os("ERRTABLE_BLESS").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    let checked_in = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        checked_in == generated,
        "specs/errtable.schema.json is stale: run `ERRTABLE_BLESS=1 cargo test -p errtable-tests --test schema`"
    );
}

/// Every spec of `specs/` and `tests/specs/`, by file name, parsed.
fn bundled_specs() -> Vec<(String, serde_json::Value)> {
    let mut found = Vec::new();
    for dir in [specs(), specs().join("../tests/specs")] {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if name.ends_with(".schema.json") || !name.ends_with(".json") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            found.push((name, serde_json::from_str(&text).unwrap()));
        }
    }
    assert!(found.len() >= 10, "{} specs", found.len());
    found
}

#[test]
fn every_bundled_spec_references_the_schema() {
    for (name, spec) in bundled_specs() {
        let schema = spec["$schema"].as_str().unwrap_or_default();
        assert!(schema.ends_with("errtable.schema.json"), "{name}: {schema}");
    }
}

#[test]
fn the_schema_describes_the_format() {
    let schema: serde_json::Value =
        serde_json::from_str(&errtable_codegen::schema::schema_text()).unwrap();
    let properties = schema["properties"].as_object().unwrap();
    for key in [
        "errtable",
        "name",
        "envelope",
        "embedded",
        "retry",
        "unknown",
        "types",
        "errors",
        "operations",
    ] {
        assert!(properties.contains_key(key), "{key}");
    }
    assert_eq!(schema["additionalProperties"], false);
    let required: Vec<&str> =
        schema["required"].as_array().unwrap().iter().filter_map(|v| v.as_str()).collect();
    assert!(
        required.contains(&"errors")
            && required.contains(&"name")
            && required.contains(&"errtable"),
        "{required:?}"
    );
    let retry = &schema["$defs"]["RetryClass"]["enum"];
    assert_eq!(retry, &serde_json::json!(["never", "backoff", "after", "reauth"]));
}

fn validator() -> jsonschema::Validator {
    let schema: serde_json::Value =
        serde_json::from_str(&errtable_codegen::schema::schema_text()).unwrap();
    jsonschema::validator_for(&schema).unwrap()
}

/// What an editor using the schema shows for the bundled specs: nothing.
#[test]
fn every_bundled_spec_validates_against_the_schema() {
    let validator = validator();
    for (name, spec) in bundled_specs() {
        let errors: Vec<String> = validator
            .iter_errors(&spec)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{name}: {errors:#?}");
    }
}

/// The schema flags, while typing, the shape errors the engine reports.
#[test]
fn the_schema_rejects_malformed_specs() {
    let validator = validator();
    let base = serde_json::json!({
        "errtable": 1,
        "name": "x",
        "errors": [{"variant": "A", "code": "a", "status": [400], "retry": "never", "description": "d"}]
    });
    assert!(validator.is_valid(&base));
    let broken = [
        ("/errors/0/retry", serde_json::json!("later")),
        ("/errors/0/code", serde_json::json!(true)),
        ("/errors/0/statuss", serde_json::json!([400])),
        ("/unknown_key", serde_json::json!(1)),
        ("/errtable", serde_json::json!(2)),
        ("/name", serde_json::json!("Not A Name")),
        ("/envelope", serde_json::json!({"code": {"bodyy": "/code"}})),
    ];
    for (pointer, value) in broken {
        let mut spec = base.clone();
        let (parent, key) = pointer.rsplit_once('/').unwrap();
        spec.pointer_mut(if parent.is_empty() { "" } else { parent }).unwrap()[key] = value;
        assert!(!validator.is_valid(&spec), "{pointer} should be invalid: {spec}");
    }
    let mut missing = base.clone();
    missing.as_object_mut().unwrap().remove("errors");
    assert!(!validator.is_valid(&missing), "errors is required");
}
