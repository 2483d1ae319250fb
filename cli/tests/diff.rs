//! `errtable diff`: changes between spec versions and their semver impact.

mod common;

use std::path::Path;

use common::{SPECS, run};
use serde_json::{Value, json};

/// A bundled spec as JSON.
fn spec(name: &str) -> Value {
    let text = std::fs::read_to_string(common::root().join("specs").join(name)).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// The entry of `errors` with `variant`.
fn entry<'a>(errors: &'a mut Value, variant: &str) -> &'a mut Value {
    errors
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|e| e["variant"] == variant)
        .unwrap_or_else(|| panic!("no {variant}"))
}

/// Writes `value` as `name` in `dir` and returns its path as text.
fn write(dir: &Path, name: &str, value: &Value) -> String {
    let path = dir.join(name);
    std::fs::write(&path, serde_json::to_string_pretty(value).unwrap()).unwrap();
    path.display().to_string()
}

/// The change rows of a report, as whitespace-separated words.
fn rows(stdout: &str) -> Vec<String> {
    stdout
        .lines()
        .filter(|l| {
            l.starts_with("  major") || l.starts_with("  minor") || l.starts_with("  patch")
        })
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect()
}

#[test]
fn a_spec_against_itself_has_no_changes() {
    for spec in SPECS {
        let (code, stdout, stderr) = run(&["diff", spec, spec, "--fail-on", "patch"]);
        assert_eq!(code, 0, "{spec}: {stderr}");
        assert_eq!(
            stdout,
            format!("{spec} -> {spec}\n\n  no changes\n\nsemver impact: none (no changes)\n")
        );
    }
}

#[test]
fn breaking_behavior_and_docs_changes_of_octopost() {
    let dir = tempfile::tempdir().unwrap();
    let mut new = spec("octopost.json");
    let errors = &mut new["errors"];
    errors.as_array_mut().unwrap().retain(|e| e["variant"] != "Conflict");
    let rate = entry(errors, "RateLimited");
    rate["retry"] = json!("backoff");
    rate["fields"]["limit"]["type"] = json!("string");
    rate["fields"].as_object_mut().unwrap().remove("remaining");
    rate["fields"]["retry_after"]["from"] = json!({"body": "/retry_after"});
    let not_found = entry(errors, "NotFound");
    not_found["status"] = json!([404, 410]);
    not_found["description"] = json!("Gone or never there.");
    entry(errors, "BadRequest")["code"] = json!("invalid_request");
    errors.as_array_mut().unwrap().push(json!({
        "variant": "QuotaExceeded", "code": "quota_exceeded", "status": [429],
        "retry": "after", "description": "Monthly quota exceeded."
    }));
    new["retry"]["backoff"]["max_attempts"] = json!(5);
    let new = write(dir.path(), "octopost.json", &new);

    let (code, stdout, stderr) = run(&["diff", "specs/octopost.json", &new]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        rows(&stdout),
        [
            "major removed Conflict code \"conflict\", HTTP 409, retry never",
            "major fields RateLimited field `remaining` removed",
            "major fields RateLimited `limit` type integer -> string",
            "major added QuotaExceeded code \"quota_exceeded\", HTTP 429, retry after",
            "minor code BadRequest \"bad_request\" -> \"invalid_request\"",
            "minor status NotFound 404 -> 404, 410",
            "minor retry RateLimited after -> backoff",
            "minor fields RateLimited `retry_after` read from body /details/retry_after -> body /retry_after",
            "minor backoff (catalog) 1s x2 cap 16s, 6 attempts -> 1s x2 cap 16s, 5 attempts",
            "patch docs NotFound description changed",
        ],
        "{stdout}"
    );
    assert!(stdout.starts_with(&format!("specs/octopost.json -> {new}\n\n")));
    assert!(
        stdout.contains("\nsemver impact: major (4 breaking, 5 behavior, 1 documentation)\n"),
        "{stdout}"
    );
    assert!(stdout.contains("note: a new variant breaks exhaustive `match`es"), "{stdout}");
    common::assert_plain(&stdout);

    // --fail-on for CI.
    for (level, expected) in [("major", 1), ("breaking", 1), ("minor", 1), ("patch", 1)] {
        let (code, _, _) = run(&["diff", "specs/octopost.json", &new, "--fail-on", level]);
        assert_eq!(code, expected, "{level}");
    }
}

#[test]
fn behavior_only_and_docs_only_changes() {
    let dir = tempfile::tempdir().unwrap();
    let mut behavior = spec("octogen.json");
    entry(&mut behavior["errors"], "Forbidden")["retry"] = json!("reauth");
    behavior["retry"]["transport"] = json!("never");
    let behavior = write(dir.path(), "behavior.json", &behavior);
    let (code, stdout, _) = run(&["diff", "specs/octogen.json", &behavior, "--fail-on", "major"]);
    assert_eq!(code, 0);
    assert_eq!(
        rows(&stdout),
        ["minor retry Forbidden never -> reauth", "minor transport (catalog) backoff -> never"]
    );
    assert!(stdout.ends_with("semver impact: minor (2 behavior)\n"), "{stdout}");
    let (code, _, _) = run(&["diff", "specs/octogen.json", &behavior, "--fail-on", "behavior"]);
    assert_eq!(code, 1);

    let mut docs = spec("octomil.json");
    entry(&mut docs["errors"], "Conflict")["resolution"] = json!("Try again later.");
    docs["title"] = json!("Octomil platform API");
    let docs = write(dir.path(), "docs.json", &docs);
    let (code, stdout, _) = run(&["diff", "specs/octomil.json", &docs, "--fail-on", "minor"]);
    assert_eq!(code, 0);
    assert_eq!(
        rows(&stdout),
        ["patch docs (catalog) title changed", "patch docs Conflict resolution changed"]
    );
    assert!(stdout.ends_with("semver impact: patch (2 documentation)\n"), "{stdout}");
    let (code, _, _) = run(&["diff", "specs/octomil.json", &docs, "--fail-on", "patch"]);
    assert_eq!(code, 1);
}

#[test]
fn entries_moving_between_operations_and_operations_removed() {
    let dir = tempfile::tempdir().unwrap();
    let mut new = spec("octeth.json");
    let global = new["errors"].as_array_mut().unwrap();
    let index = global.iter().position(|e| e["variant"] == "TwoFactorRequired").unwrap();
    let moved = global.remove(index);
    new["operations"]["User.Login"]["errors"].as_array_mut().unwrap().push(moved);
    new["operations"].as_object_mut().unwrap().remove("Campaign.Create");
    new["operations"]["Email.Create"] = json!({"errors": [
        {"variant": "MissingSubject", "code": 40, "status": [200], "retry": "never", "description": "Missing subject."}
    ]});
    let new = write(dir.path(), "octeth.json", &new);
    let (code, stdout, stderr) = run(&["diff", "specs/octeth.json", &new]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        rows(&stdout),
        [
            "major removed MissingCampaignName code 1, HTTP 200, retry never, operation Campaign.Create",
            "major added MissingSubject code 40, HTTP 200, retry never, operation Email.Create",
            "major removed operation Campaign.Create `operation = \"…\"` enums of it no longer compile",
            // The edited spec is written back by serde_json, which sorts its keys: the
            // operations are named in the new spec's (alphabetical) order.
            "major removed TwoFactorRequired from the Campaign.Update, Email.Update, List.Create, Subscriber.Create enums",
            "minor moved TwoFactorRequired global table -> operation User.Login",
            "minor added operation Email.Create 1 row of its own",
        ],
        "{stdout}"
    );
}

#[test]
fn renaming_the_fallback_and_retyping_object_fields_break() {
    let dir = tempfile::tempdir().unwrap();
    let mut new = spec("octogen.json");
    new["unknown"] = json!({"variant": "Other"});
    new["types"]["ValidationIssue"]["fields"]["msg"]["type"] = json!("list<string>");
    let new = write(dir.path(), "octogen.json", &new);
    let (code, stdout, _) = run(&["diff", "specs/octogen.json", &new]);
    assert_eq!(code, 0);
    assert_eq!(
        rows(&stdout),
        [
            "major renamed (fallback) Unknown -> Other",
            "major fields ValidationIssue `msg` type string -> list<string>",
        ],
        "{stdout}"
    );
}

#[test]
fn broken_specs_exit_2_with_their_diagnostics() {
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("broken.json");
    std::fs::write(&broken, "{\"errtable\": 1").unwrap();
    let broken = broken.display().to_string();
    let (code, stdout, stderr) = run(&["diff", &broken, "specs/missing.json"]);
    assert_eq!((code, stdout.as_str()), (2, ""));
    assert!(
        stderr.contains(&format!(
            "error: invalid JSON: EOF while parsing an object\n --> {broken}:1:"
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains("error: cannot read the spec: No such file or directory (os error 2)\n--> specs/missing.json:1:1\n"),
        "{stderr}"
    );
    let (code, _, stderr) = run(&["diff", "specs/octopost.json"]);
    assert_eq!(code, 2, "{stderr}");
    let (code, _, stderr) =
        run(&["diff", "specs/octopost.json", "specs/octopost.json", "--fail-on", "never"]);
    assert_eq!(code, 2, "{stderr}");
}
