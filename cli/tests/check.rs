//! `errtable check`: the bundled specs, directories, and broken specs.

mod common;

use std::fs;

use common::{SPECS, assert_plain, run};

/// The README's `check specs` example (in "The errtable command"): the block from its
/// header line to its `N specs ok` line, so the two cannot drift apart.
fn readme_check_specs() -> String {
    let readme = fs::read_to_string(common::root().join("README.md")).unwrap();
    let start = readme.find("    spec ").expect("the README shows `errtable check specs`");
    let end = start + readme[start..].find(" specs ok\n").expect("with its summary line");
    readme[start..end + " specs ok\n".len()].to_owned()
}

#[test]
fn checks_the_bundled_specs_directory() {
    let (code, stdout, stderr) = run(&["check", "specs"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stderr, "");
    assert_eq!(stdout, readme_check_specs());
    assert_plain(&stdout);
}

#[test]
fn shows_paths_as_written_and_skips_the_schema() {
    let (code, stdout, _) = run(&["check", "specs/"]);
    assert_eq!(code, 0);
    assert!(stdout.contains("ok  specs/octopost.json "), "{stdout}");
    assert!(!stdout.contains("schema"), "{stdout}");
    let (code, stdout, _) = run(&["check", "./specs"]);
    assert_eq!(code, 0);
    assert!(stdout.contains("ok  ./specs/octopost.json "), "{stdout}");
}

#[test]
fn checks_each_bundled_spec_file() {
    for spec in SPECS {
        let (code, stdout, stderr) = run(&["check", spec]);
        assert_eq!(code, 0, "{spec}: {stderr}");
        let row = stdout.lines().nth(1).expect("a summary row");
        assert!(row.starts_with(&format!("ok  {spec}  ")), "{spec}: {row}");
        assert!(stdout.ends_with("1 spec ok\n"), "{stdout}");
    }
}

#[test]
fn files_are_checked_in_the_order_given() {
    let (code, stdout, _) = run(&["check", "specs/octopost.json", "specs/catalog.json"]);
    assert_eq!(code, 0);
    let rows: Vec<&str> = stdout.lines().skip(1).take(2).collect();
    assert!(rows[0].contains("specs/octopost.json"), "{stdout}");
    assert!(rows[1].contains("specs/catalog.json"), "{stdout}");
    assert!(stdout.ends_with("2 specs ok\n"));
}

/// Writes the broken specs of these tests, and one valid spec, into a temporary dir.
fn broken_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let octopost = fs::read_to_string(common::root().join("specs/octopost.json")).unwrap();
    // A JSON syntax error: the document ends inside the `errors` list.
    fs::write(
        dir.path().join("syntax.json"),
        "{\n  \"errtable\": 1,\n  \"name\": \"x\",\n  \"errors\": [\n",
    )
    .unwrap();
    // The second entry repeats the first one's code.
    let duplicate = octopost.replacen("\"code\": \"unauthorized\"", "\"code\": \"bad_request\"", 1);
    assert_ne!(duplicate, octopost);
    fs::write(dir.path().join("duplicate.json"), duplicate).unwrap();
    // An unknown retry class, and (second problem in the same spec) a status out of range.
    let retry = octopost.replacen("\"retry\": \"never\"", "\"retry\": \"sometimes\"", 1).replacen(
        "\"status\": [504]",
        "\"status\": [999]",
        1,
    );
    fs::write(dir.path().join("retry.json"), retry).unwrap();
    fs::write(dir.path().join("valid.json"), &octopost).unwrap();
    fs::write(dir.path().join("ignored.schema.json"), "not even JSON").unwrap();
    fs::write(dir.path().join("notes.txt"), "not a spec").unwrap();
    dir
}

#[test]
fn reports_every_problem_located_and_exits_1() {
    let dir = broken_dir();
    let shown = dir.path().display().to_string();
    let (code, stdout, stderr) = run(&["check", &shown]);
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert_plain(&stderr);

    // The syntax error: file:line:col, the document root, help.
    assert!(
        stderr.contains(&format!(
            "error: invalid JSON: EOF while parsing a list\n --> {shown}/syntax.json:5:1\n"
        )),
        "{stderr}"
    );
    // The duplicate code, at the second entry's `code`, with a note about the first.
    let at =
        stderr.find("error: duplicate code \"bad_request\"").unwrap_or_else(|| panic!("{stderr}"));
    let block = &stderr[at..stderr[at..].find("\n\n").map_or(stderr.len(), |end| at + end)];
    let location = format!("--> {shown}/duplicate.json:");
    let position = block.split(&location).nth(1).unwrap_or_else(|| panic!("{block}"));
    assert!(block.contains("= note: pointer: /errors/1/code\n"), "{block}");
    assert!(block.contains("= note: first used by the entry at /errors/0 ("), "{block}");
    assert!(block.contains("= help: "), "{block}");
    // Both problems of retry.json, each with its pointer and help.
    assert!(stderr.contains("error: unknown retry class `sometimes`"), "{stderr}");
    assert!(stderr.contains("= note: pointer: /errors/0/retry\n"), "{stderr}");
    assert!(
        stderr.contains("= help: use one of `never`, `backoff`, `after` or `reauth`\n"),
        "{stderr}"
    );
    assert!(stderr.contains("= note: pointer: /errors/10/status/0\n"), "{stderr}");
    // Every problem is an `error:` with a `help:` line.
    assert_eq!(stderr.matches("error: ").count(), 4, "{stderr}");
    assert_eq!(stderr.matches("= help: ").count(), 4, "{stderr}");
    // line:col are real positions: the duplicate code is on the line that says so, and
    // the excerpt under the location shows it.
    let line: usize = position.split(':').next().unwrap().parse().unwrap();
    let text = fs::read_to_string(dir.path().join("duplicate.json")).unwrap();
    assert!(text.lines().nth(line - 1).unwrap().contains("\"code\": \"bad_request\""));
    assert!(block.contains(&format!("{line} |       \"code\": \"bad_request\",")), "{block}");

    // The summary: sorted by name, schema and non-JSON files skipped.
    let rows: Vec<Vec<&str>> =
        stdout.lines().skip(1).map(|l| l.split_whitespace().take(3).collect()).collect();
    let duplicate_path = format!("{shown}/duplicate.json");
    let retry_path = format!("{shown}/retry.json");
    let syntax_path = format!("{shown}/syntax.json");
    let valid_path = format!("{shown}/valid.json");
    assert_eq!(
        rows,
        [
            vec!["FAIL", duplicate_path.as_str(), "1"],
            vec!["FAIL", retry_path.as_str(), "2"],
            vec!["FAIL", syntax_path.as_str(), "1"],
            vec!["ok", valid_path.as_str(), "octopost"],
            vec!["4", "problems", "in"],
        ]
    );
    assert!(stdout.ends_with("4 problems in 3 specs; 1 ok\n"), "{stdout}");
}

#[test]
fn a_missing_file_is_a_located_problem() {
    let (code, stdout, stderr) = run(&["check", "specs/nope.json", "specs/octopost.json"]);
    assert_eq!(code, 1);
    assert!(stderr.starts_with("error: cannot read the spec"), "{stderr}");
    assert!(stderr.contains("--> specs/nope.json:1:1\n"), "{stderr}");
    assert!(stderr.contains("= help: "), "{stderr}");
    let row: Vec<&str> = stdout.lines().nth(1).unwrap().split_whitespace().collect();
    assert_eq!(row, ["FAIL", "specs/nope.json", "1", "problem"]);
    assert!(stdout.ends_with("1 problem in 1 spec; 1 ok\n"), "{stdout}");
}

#[test]
fn a_directory_without_specs_is_a_problem() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("only.schema.json"), "{}").unwrap();
    let (code, stdout, stderr) = run(&["check", &dir.path().display().to_string()]);
    assert_eq!(code, 1);
    assert!(stderr.contains("error: no specs in "), "{stderr}");
    assert!(stdout.ends_with("1 problem; 0 ok\n"), "{stdout}");
}

#[test]
fn defaults_to_the_current_directory() {
    let output =
        common::errtable().current_dir(common::root().join("specs")).arg("check").output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.contains("ok  ./octopost.json "), "{stdout}");
    let count = fs::read_dir(common::root().join("specs"))
        .unwrap()
        .filter(|e| {
            let name = e.as_ref().unwrap().file_name();
            let name = name.to_string_lossy();
            name.ends_with(".json") && !name.contains("schema")
        })
        .count();
    assert!(stdout.ends_with(&format!("{count} specs ok\n")), "{stdout}");
}
