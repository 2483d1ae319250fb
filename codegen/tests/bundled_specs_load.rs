//! Every bundled spec loads and validates.

use std::path::PathBuf;

#[test]
fn every_bundled_spec_validates() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../specs");
    let mut count = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if !name.ends_with(".json") || name.ends_with(".schema.json") {
            continue;
        }
        match errtable_codegen::load_file(&path, &format!("specs/{name}")) {
            Ok(catalog) => assert!(!catalog.entries.is_empty(), "{name} has no entries"),
            Err(diagnostics) => panic!("{diagnostics}"),
        }
        count += 1;
    }
    assert!(count >= 1);
}
