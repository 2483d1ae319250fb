//! The malformed-spec corpus, `tests/broken-specs/` at the workspace root: one broken spec
//! per file, named after the rule it exercises, beside its blessed `NAME.stderr`.
//!
//! For every spec of the corpus this pins that it FAILS to load, and that its diagnostics,
//! rendered exactly as `errtable check tests/broken-specs/NAME.json` prints them on stderr
//! (plain text, each followed by a blank line), equal `NAME.stderr` byte for byte. It also
//! pins that no `.stderr` file is left without its spec. `cli/tests/broken_specs.rs`
//! compares the same files with the real command's output.
//!
//! A spec whose rendering panics today has a `NAME.known-bug` file (the reason) instead of
//! a `NAME.stderr`: the test asserts that it still panics, so a fix is noticed.
//!
//! After changing a diagnostic on purpose, bless the corpus and review the diff:
//!
//! ```text
//! ERRTABLE_BLESS=1 cargo test -p errtable-codegen --test rules
//! git diff tests/broken-specs
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use errtable_codegen::{Diagnostics, load_file, render};

/// The corpus, relative to the workspace root (the CLI runs from there).
const CORPUS: &str = "tests/broken-specs";

/// The blessed output of a spec.
const EXPECTED: &str = "stderr";

/// A spec whose rendering panics today: the file holds the reason.
const KNOWN_BUG: &str = "known-bug";

/// The workspace root.
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("codegen/ has a parent").to_path_buf()
}

/// Whether to rewrite the `.stderr` files instead of comparing with them.
fn blessing() -> bool {
    std::env::var_os("ERRTABLE_BLESS").is_some_and(|v| !v.is_empty() && v != "0")
}

/// One spec of the corpus.
struct Case {
    /// The file name, e.g. `duplicate_code.json`.
    name: String,
    /// The spec as the CLI is given it, e.g. `tests/broken-specs/duplicate_code.json`.
    display: String,
    /// The spec on disk.
    path: PathBuf,
    /// Its blessed output.
    expected: PathBuf,
    /// Why its rendering panics, if it is a known bug.
    known_bug: Option<String>,
}

/// The name without its last extension: `a.b.json` -> `a.b`.
fn stem(name: &str) -> &str {
    name.rsplit_once('.').map_or(name, |(stem, _)| stem)
}

/// The extension: `a.json` -> `json`.
fn extension(name: &str) -> &str {
    name.rsplit_once('.').map_or("", |(_, ext)| ext)
}

/// Every file name in the corpus directory, sorted (hidden files left out).
fn file_names() -> Vec<String> {
    let dir = root().join(CORPUS);
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|entry| entry.expect("a readable directory entry"))
        .filter(|entry| entry.path().is_file())
        .map(|entry| entry.file_name().into_string().expect("corpus file names are UTF-8"))
        .filter(|name| !name.starts_with('.'))
        .collect();
    names.sort();
    names
}

/// The specs of the corpus, in name order.
fn corpus() -> Vec<Case> {
    let dir = root().join(CORPUS);
    let mut by_stem: BTreeMap<String, String> = BTreeMap::new();
    let mut cases = Vec::new();
    for name in file_names() {
        if [EXPECTED, KNOWN_BUG].contains(&extension(&name)) {
            continue;
        }
        if let Some(other) = by_stem.insert(stem(&name).to_owned(), name.clone()) {
            panic!("{other} and {name} would share one `.{EXPECTED}` file: rename one");
        }
        let known_bug = std::fs::read_to_string(dir.join(format!("{}.{KNOWN_BUG}", stem(&name))))
            .ok()
            .map(|reason| reason.trim().to_owned());
        cases.push(Case {
            display: format!("{CORPUS}/{name}"),
            path: dir.join(&name),
            expected: dir.join(format!("{}.{EXPECTED}", stem(&name))),
            known_bug,
            name,
        });
    }
    cases
}

/// The diagnostics as `errtable check` prints them on stderr without a terminal.
fn rendered(diagnostics: &Diagnostics) -> String {
    diagnostics.0.iter().map(|d| format!("{}\n\n", render::plain(d))).collect()
}

/// A line diff of `expected` and `actual`: `-` lines only in the blessed file, `+` lines
/// only in today's output.
fn diff(expected: &str, actual: &str) -> String {
    let old: Vec<&str> = expected.split('\n').collect();
    let new: Vec<&str> = actual.split('\n').collect();
    // Longest common subsequence lengths of every pair of suffixes.
    let mut lcs = vec![vec![0usize; new.len() + 1]; old.len() + 1];
    for i in (0..old.len()).rev() {
        for j in (0..new.len()).rev() {
            lcs[i][j] = if old[i] == new[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut out = String::new();
    while i < old.len() || j < new.len() {
        if i < old.len() && j < new.len() && old[i] == new[j] {
            out.push_str(&format!("   {}\n", old[i]));
            i += 1;
            j += 1;
        } else if i < old.len() && (j == new.len() || lcs[i + 1][j] >= lcs[i][j + 1]) {
            out.push_str(&format!("-  {}\n", old[i]));
            i += 1;
        } else {
            out.push_str(&format!("+  {}\n", new[j]));
            j += 1;
        }
    }
    out
}

/// What is wrong with one case, if anything (writing its `.stderr` when blessing).
fn check(case: &Case, bless: bool) -> Option<String> {
    let diagnostics = match load_file(&case.path, &case.display) {
        Ok(catalog) => {
            return Some(format!(
                "{}: loaded as the catalog `{}`, but every spec of the corpus must fail to load",
                case.name, catalog.name
            ));
        }
        Err(diagnostics) => diagnostics,
    };
    if diagnostics.0.is_empty() {
        return Some(format!("{}: failed to load without a single diagnostic", case.name));
    }
    if let Some(reason) = &case.known_bug {
        eprintln!("{}: a known bug, its rendering should panic below: {reason}", case.name);
    }
    let output = std::panic::catch_unwind(|| rendered(&diagnostics));
    if let Some(reason) = &case.known_bug {
        return match output {
            Ok(_) => Some(format!(
                "{}: renders without panicking now (known bug: {reason}); delete its `.{KNOWN_BUG}` \
                 file and bless its output",
                case.name
            )),
            Err(_) if case.expected.exists() => {
                Some(format!("{}: has both a `.{KNOWN_BUG}` and a `.{EXPECTED}` file", case.name))
            }
            Err(_) => None,
        };
    }
    let Ok(actual) = output else {
        return Some(format!("{}: rendering its diagnostics panicked", case.name));
    };
    if bless {
        let current = std::fs::read_to_string(&case.expected).ok();
        if current.as_deref() != Some(actual.as_str()) {
            std::fs::write(&case.expected, &actual)
                .unwrap_or_else(|e| panic!("cannot write {}: {e}", case.expected.display()));
        }
        return None;
    }
    let Ok(expected) = std::fs::read_to_string(&case.expected) else {
        return Some(format!(
            "{}: no {}; bless it with ERRTABLE_BLESS=1 cargo test -p errtable-codegen --test rules",
            case.name,
            case.expected.display()
        ));
    };
    (expected != actual).then(|| {
        format!(
            "{}: the diagnostics differ from {CORPUS}/{} (- blessed, + now):\n{}",
            case.name,
            case.expected.file_name().unwrap_or_default().to_string_lossy(),
            diff(&expected, &actual)
        )
    })
}

#[test]
fn every_broken_spec_fails_with_its_blessed_diagnostics() {
    let bless = blessing();
    let cases = corpus();
    let failures: Vec<String> = cases.iter().filter_map(|case| check(case, bless)).collect();
    assert!(
        failures.is_empty(),
        "{} of {} corpus specs failed; if a change is intended, bless with \
         ERRTABLE_BLESS=1 cargo test -p errtable-codegen --test rules\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn every_blessed_output_has_its_spec() {
    let specs: Vec<String> = corpus().iter().map(|case| stem(&case.name).to_owned()).collect();
    let orphans: Vec<String> = file_names()
        .into_iter()
        .filter(|name| [EXPECTED, KNOWN_BUG].contains(&extension(name)))
        .filter(|name| !specs.iter().any(|spec| spec == stem(name)))
        .collect();
    assert!(orphans.is_empty(), "files in {CORPUS} without a spec: {orphans:?}");
}

#[test]
fn the_corpus_is_all_there() {
    // A wrong path or a lost directory must not make the corpus test pass vacuously.
    let cases = corpus();
    assert!(cases.len() >= 100, "only {} specs in {CORPUS}", cases.len());
    for must in ["duplicate_code.json", "empty_file.json", "not_utf8.bin", "deep_nesting.json"] {
        assert!(cases.iter().any(|case| case.name == must), "{must} is missing from {CORPUS}");
    }
}

#[test]
fn the_diff_marks_changed_lines() {
    assert_eq!(diff("a\nb\nc", "a\nx\nc"), "   a\n-  b\n+  x\n   c\n");
}
