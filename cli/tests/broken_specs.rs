//! `errtable check` on the malformed-spec corpus, `tests/broken-specs/`: for every spec,
//! the real binary, run from the workspace root as `errtable check tests/broken-specs/NAME`,
//! exits with status 1, reports the spec as FAIL on stdout, and prints on stderr exactly
//! the blessed `NAME.stderr` (`codegen/tests/rules.rs` pins the same files in-process).
//! A spec with a `NAME.known-bug` file instead must still crash the command, so a fix is
//! noticed. Also: a missing file and a directory, which cannot be corpus files.
//!
//! The `.stderr` files are blessed in-process, not here:
//! `ERRTABLE_BLESS=1 cargo test -p errtable-codegen --test rules`.

mod common;

use std::path::PathBuf;

use common::{assert_plain, errtable, root, run};

/// The corpus, relative to the workspace root.
const CORPUS: &str = "tests/broken-specs";

/// A spec of the corpus: its file name, its blessed stderr and whether it is a known bug.
struct Case {
    name: String,
    expected: PathBuf,
    known_bug: bool,
}

/// The specs of the corpus, in name order: every file but hidden ones, blessed outputs
/// and known-bug notes.
fn corpus() -> Vec<Case> {
    let dir = root().join(CORPUS);
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|entry| entry.expect("a readable directory entry"))
        .filter(|entry| entry.path().is_file())
        .map(|entry| entry.file_name().into_string().expect("corpus file names are UTF-8"))
        .filter(|name| {
            !name.starts_with('.') && !name.ends_with(".stderr") && !name.ends_with(".known-bug")
        })
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|name| {
            let stem = name.rsplit_once('.').map_or(name.as_str(), |(stem, _)| stem);
            Case {
                expected: dir.join(format!("{stem}.stderr")),
                known_bug: dir.join(format!("{stem}.known-bug")).exists(),
                name,
            }
        })
        .collect()
}

/// The first line where `expected` and `actual` differ, with both versions.
fn first_difference(expected: &str, actual: &str) -> String {
    let (old, new): (Vec<&str>, Vec<&str>) =
        (expected.split('\n').collect(), actual.split('\n').collect());
    let line = old.iter().zip(&new).take_while(|(a, b)| a == b).count();
    format!(
        "first difference at line {}:\n  blessed: {:?}\n  now:     {:?}",
        line + 1,
        old.get(line).copied().unwrap_or("<end>"),
        new.get(line).copied().unwrap_or("<end>")
    )
}

/// What is wrong with `errtable check` on one case, if anything.
fn check(case: &Case) -> Option<String> {
    let spec = format!("{CORPUS}/{}", case.name);
    let output = errtable().args(["check", &spec]).output().expect("errtable runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let code = output.status.code();
    if case.known_bug {
        // A panic exits with 101; anything else means the bug changed or was fixed.
        return (code != Some(101) || !stderr.contains("panicked")).then(|| {
            format!(
                "{spec}: a known bug, expected a crash but got exit status {code:?}; if it \
                 is fixed, delete its `.known-bug` file and bless its output\n{stderr}"
            )
        });
    }
    let Ok(expected) = std::fs::read_to_string(&case.expected) else {
        return Some(format!("{spec}: no {}", case.expected.display()));
    };
    let mut problems = Vec::new();
    if code != Some(1) {
        problems.push(format!("exit status {code:?}, expected 1"));
    }
    if !stdout.contains(&format!("FAIL  {spec}  ")) {
        problems.push(format!("no FAIL row for it on stdout:\n{stdout}"));
    }
    if stderr != expected {
        problems.push(format!(
            "stderr differs from {}: {}\n--- now:\n{stderr}",
            case.expected.file_name().unwrap_or_default().to_string_lossy(),
            first_difference(&expected, &stderr)
        ));
    }
    assert_plain(&stderr);
    (!problems.is_empty()).then(|| format!("{spec}: {}", problems.join("\n")))
}

#[test]
fn check_prints_the_blessed_diagnostics_of_every_broken_spec() {
    let cases = corpus();
    assert!(cases.len() >= 100, "only {} specs in {CORPUS}", cases.len());
    let failures: Vec<String> = cases.iter().filter_map(check).collect();
    assert!(
        failures.is_empty(),
        "{} of {} corpus specs failed; if a change is intended, bless with \
         ERRTABLE_BLESS=1 cargo test -p errtable-codegen --test rules\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}

#[test]
fn a_missing_spec_is_located_at_1_1_with_the_path_it_looked_for() {
    let spec = format!("{CORPUS}/no_such_spec.json");
    let (code, stdout, stderr) = run(&["check", &spec]);
    assert_eq!(code, 1, "{stderr}");
    // The message after `cannot read the spec: ` is the operating system's.
    assert!(stderr.starts_with("error: cannot read the spec: "), "{stderr}");
    assert!(stderr.contains(&format!("--> {spec}:1:1\n")), "{stderr}");
    assert!(stderr.contains("= note: pointer: (document root)\n"), "{stderr}");
    assert!(stderr.contains(&format!("= note: looked for {spec}\n")), "{stderr}");
    assert!(
        stderr.ends_with("= help: check the path; see the README for how spec paths resolve\n\n"),
        "{stderr}"
    );
    assert!(stdout.contains(&format!("FAIL  {spec}  1 problem")), "{stdout}");
    assert!(stdout.ends_with("1 problem in 1 spec; 0 ok\n"), "{stdout}");
}

#[test]
fn a_directory_without_specs_is_a_problem_with_a_help() {
    // A directory names the specs in it; the loader's own "the spec path is a directory"
    // (codegen/tests/diagnostics.rs) cannot be reached from `check`.
    let dir = tempfile::tempdir().expect("a temporary directory");
    std::fs::write(dir.path().join("notes.txt"), "not a spec").expect("writable");
    let shown = dir.path().to_string_lossy().into_owned();
    let (code, stdout, stderr) = run(&["check", &shown]);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(
        stderr,
        format!(
            "error: no specs in {shown}\n  help: a spec is a `*.json` file (`*.schema.json` \
             files are skipped)\n\n"
        )
    );
    assert_eq!(stdout, "1 problem; 0 ok\n");
}

#[test]
fn a_directory_named_like_a_spec_is_skipped_not_loaded() {
    // `x.json/` inside a checked directory is not a spec file: only the real spec is read.
    let dir = tempfile::tempdir().expect("a temporary directory");
    std::fs::create_dir(dir.path().join("dir.json")).expect("creatable");
    std::fs::copy(root().join(CORPUS).join("duplicate_code.json"), dir.path().join("real.json"))
        .expect("copyable");
    let shown = dir.path().to_string_lossy().into_owned();
    let (code, stdout, stderr) = run(&["check", &shown]);
    assert_eq!(code, 1, "{stderr}");
    assert!(!stderr.contains("dir.json"), "{stderr}");
    assert!(stderr.contains("duplicate code \"rate_limited\""), "{stderr}");
    assert!(stdout.ends_with("1 problem in 1 spec; 0 ok\n"), "{stdout}");
}

/// A spec of `entries` entries, about 470 bytes each when pretty: entry `entries / 2` has
/// an unknown retry class and the last repeats the first one's code.
fn big_spec(entries: usize, pretty: bool) -> String {
    let (nl, indent, space) = if pretty { ("\n", "    ", " ") } else { ("", "", "") };
    let description = "x".repeat(380);
    let mut text =
        format!(r#"{{{nl}"errtable":{space}1,{nl}"name":{space}"big",{nl}"errors":{space}[{nl}"#);
    for i in 0..entries {
        let code = if i + 1 == entries { 0 } else { i };
        let retry = if i == entries / 2 { "later" } else { "never" };
        let comma = if i + 1 == entries { "" } else { "," };
        text.push_str(&format!(
            r#"{indent}{{"variant":{space}"E{i}",{space}"code":{space}"c{code}",{space}"status":{space}[400],{space}"retry":{space}"{retry}",{space}"description":{space}"{description}"}}{comma}{nl}"#
        ));
    }
    text.push_str(&format!("]{nl}}}{nl}"));
    text
}

/// 50 MB specs, minified on one line and pretty-printed: both problems located (line,
/// column and pointer), each with its help. Release only, as it loads 100 MB of spec:
/// `cargo test --release -p errtable-cli --test broken_specs -- --ignored`.
#[test]
#[ignore = "50 MB specs: run in release, see the doc comment"]
fn fifty_megabyte_specs_pretty_and_minified() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let entries = 110_000;
    for pretty in [false, true] {
        let text = big_spec(entries, pretty);
        assert!(text.len() >= 50_000_000, "{} bytes", text.len());
        let path = dir.path().join(if pretty { "pretty.json" } else { "minified.json" });
        std::fs::write(&path, &text).expect("writable");
        let shown = path.to_string_lossy().into_owned();
        let (code, stdout, stderr) = run(&["check", &shown]);
        assert_eq!(code, 1, "{stderr}");
        assert!(stdout.contains("2 problems"), "{stdout}");
        let locate = |needle: &str| {
            let at = text.find(needle).expect("in the spec");
            let line = text[..at].matches('\n').count() + 1;
            let column = at - text[..at].rfind('\n').map_or(0, |n| n + 1) + 1;
            format!("--> {shown}:{line}:{column}")
        };
        let middle = entries / 2;
        let retry = locate(r#""later""#);
        let duplicate = text.rfind(r#""c0""#).expect("the repeated code");
        let line = text[..duplicate].matches('\n').count() + 1;
        let column = duplicate - text[..duplicate].rfind('\n').map_or(0, |n| n + 1) + 1;
        for expected in [
            "error: unknown retry class `later`".to_owned(),
            retry,
            format!("= note: pointer: /errors/{middle}/retry"),
            "= help: use one of `never`, `backoff`, `after` or `reauth`".to_owned(),
            "error: duplicate code \"c0\"".to_owned(),
            format!("--> {shown}:{line}:{column}"),
            format!("= note: pointer: /errors/{}/code", entries - 1),
            "= help: give every code one entry".to_owned(),
        ] {
            assert!(stderr.contains(&expected), "{expected:?} not in:\n{stderr}");
        }
    }
}
