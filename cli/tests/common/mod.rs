//! Helpers shared by the CLI tests: they drive the built `errtable` binary from the
//! workspace root, so spec paths read as in the README (`specs/octopost.json`).
#![allow(dead_code)] // each test crate uses a different subset

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("cli/ has a parent").to_path_buf()
}

/// The five bundled specs, as the tests pass them.
pub const SPECS: [&str; 5] = [
    "specs/catalog.json",
    "specs/octeth.json",
    "specs/octogen.json",
    "specs/octomil.json",
    "specs/octopost.json",
];

/// `errtable` run from the workspace root, without a terminal (so without colors).
pub fn errtable() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_errtable"));
    command.current_dir(root()).env_remove("NO_COLOR");
    command
}

/// Runs `errtable args…` and returns (exit code, stdout, stderr).
pub fn run(args: &[&str]) -> (i32, String, String) {
    let output = errtable().args(args).output().expect("errtable runs");
    (
        output.status.code().expect("errtable exits, not killed by a signal"),
        String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    )
}

/// Runs `errtable explain --json args…`, which must succeed with nothing on stderr, and
/// parses its one JSON object.
pub fn explain_json(args: &[&str]) -> Value {
    let mut all = vec!["explain", "--json"];
    all.extend_from_slice(args);
    let (code, stdout, stderr) = run(&all);
    assert_eq!(code, 0, "explain {args:?} failed: {stderr}");
    assert_eq!(stderr, "", "explain {args:?} wrote to stderr");
    assert_eq!(stdout.lines().count(), 1, "one JSON object on one line: {stdout}");
    serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {stdout}"))
}

/// Asserts that `text` has no ANSI escape codes (tests run without a terminal).
pub fn assert_plain(text: &str) {
    assert!(!text.contains('\u{1b}'), "colors without a terminal: {text:?}");
}
