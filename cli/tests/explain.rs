//! `errtable explain`: example payloads of every vendor doc, `--json` values exactly,
//! hostile bodies, bad arguments.

mod common;

use std::io::Write;

use common::{assert_plain, errtable, explain_json, run};
use serde_json::json;

const OCTOPOST_429: &str = r#"{
  "error": "Rate limit exceeded. Try again in 45 seconds.",
  "code": "rate_limited",
  "details": {
    "limit": 300,
    "remaining": 0,
    "reset_at": "2026-04-03T12:01:00Z",
    "retry_after": 45
  }
}"#;

#[test]
fn octopost_429_with_body_delay_and_header() {
    let args = ["--spec", "specs/octopost.json", "--status", "429", "--body", OCTOPOST_429];
    let fields = json!({"limit": 300, "remaining": 0, "reset_at": "2026-04-03T12:01:00Z", "retry_after": 45});
    // Body only: `details.retry_after` seconds.
    assert_eq!(
        explain_json(&args),
        json!({"outcome": "error", "errors": [{
            "variant": "RateLimited", "code": "rate_limited", "status": 429,
            "message": "Rate limit exceeded. Try again in 45 seconds.", "request_id": null,
            "retry": {"class": "after", "delay_ms": 45000},
            "fields": fields, "item": null,
        }]})
    );
    // The `Retry-After` header wins, whatever the case of its name.
    for header in ["Retry-After: 30", "retry-after:30", "RETRY-AFTER :  30 "] {
        let mut with_header = args.to_vec();
        with_header.extend(["--header", header]);
        let out = explain_json(&with_header);
        assert_eq!(
            out["errors"][0]["retry"],
            json!({"class": "after", "delay_ms": 30000}),
            "{header}"
        );
    }
    // A fraction of a second rounds up.
    let mut fraction = args.to_vec();
    fraction.extend(["-H", "Retry-After: 1.5"]);
    assert_eq!(explain_json(&fraction)["errors"][0]["retry"]["delay_ms"], 2000);
    // A date in the past means now.
    let mut date = args.to_vec();
    date.extend(["-H", "Retry-After: Wed, 21 Oct 2015 07:28:00 GMT"]);
    assert_eq!(explain_json(&date)["errors"][0]["retry"]["delay_ms"], 0);
}

#[test]
fn json_output_is_one_line_in_the_documented_key_order() {
    let (code, stdout, _) = run(&[
        "explain",
        "--json",
        "--spec",
        "specs/octopost.json",
        "--status",
        "429",
        "--header",
        "Retry-After: 30",
        "--body",
        OCTOPOST_429,
    ]);
    assert_eq!(code, 0);
    assert_eq!(
        stdout,
        concat!(
            r#"{"outcome":"error","errors":[{"variant":"RateLimited","code":"rate_limited","status":429,"#,
            r#""message":"Rate limit exceeded. Try again in 45 seconds.","request_id":null,"#,
            r#""retry":{"class":"after","delay_ms":30000},"#,
            r#""fields":{"limit":300,"remaining":0,"reset_at":"2026-04-03T12:01:00Z","retry_after":45},"#,
            r#""item":null}]}"#,
            "\n"
        )
    );
}

#[test]
fn fields_keep_the_catalog_order_not_the_body_order() {
    let body =
        r#"{"code": "rate_limited", "details": {"retry_after": 1, "limit": 2, "remaining": 3}}"#;
    let out = explain_json(&["--spec", "specs/octopost.json", "--status", "429", "--body", body]);
    let names: Vec<&String> = out["errors"][0]["fields"].as_object().unwrap().keys().collect();
    assert_eq!(names, ["limit", "remaining", "retry_after"]);
}

#[test]
fn octopost_human_explanation() {
    let (code, stdout, stderr) = run(&[
        "explain",
        "--spec",
        "specs/octopost.json",
        "--status",
        "429",
        "--header",
        "Retry-After: 30",
        "--body",
        OCTOPOST_429,
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert_plain(&stdout);
    let expected = "\
HTTP 429 (Octopost API): 1 error

RateLimited  code rate_limited, HTTP 429
  message     Rate limit exceeded. Try again in 45 seconds.
  request id  (none)
  retry       after: wait 30s as the response asks (header Retry-After), then retry
  fields      limit = 300
              remaining = 0
              reset_at = \"2026-04-03T12:01:00Z\"
              retry_after = 45
  meaning     Too many requests.
  resolution  Wait for the `Retry-After` header or `details.retry_after` seconds.
";
    assert_eq!(stdout, expected);
}

#[test]
fn octopost_502_html_and_validation_fields() {
    let out = explain_json(&[
        "--spec",
        "specs/octopost.json",
        "--status",
        "502",
        "--body",
        "<html><body><h1>502 Bad Gateway</h1></body></html>",
    ]);
    assert_eq!(
        out,
        json!({"outcome": "error", "errors": [{
            "variant": "BadGateway", "code": null, "status": 502, "message": null,
            "request_id": null, "retry": {"class": "backoff", "delay_ms": null},
            "fields": {}, "item": null,
        }]})
    );
    let body = r#"{"error": "Validation failed", "code": "validation_error", "details": {"fields": {"content": "Content is required", "platforms": "At least one platform must be specified"}}}"#;
    let out = explain_json(&["--spec", "specs/octopost.json", "--status", "422", "--body", body]);
    assert_eq!(out["errors"][0]["variant"], "ValidationError");
    assert_eq!(
        out["errors"][0]["fields"],
        json!({"fields": {"content": "Content is required", "platforms": "At least one platform must be specified"}})
    );
}

#[test]
fn octeth_user_login_code_3_and_lists_of_codes() {
    let code_3 = r#"{"Success": false, "ErrorCode": 3, "ErrorText": "Invalid credentials"}"#;
    let login = ["--spec", "specs/octeth.json", "--operation", "User.Login", "--status", "200"];
    let mut args = login.to_vec();
    args.extend(["--body", code_3]);
    assert_eq!(
        explain_json(&args),
        json!({"outcome": "error", "errors": [{
            "variant": "InvalidCredentials", "code": "3", "status": 200,
            "message": "Invalid credentials", "request_id": null,
            "retry": {"class": "never", "delay_ms": null}, "fields": {}, "item": null,
        }]})
    );
    // Without the operation, code 3 has no global meaning.
    let out = explain_json(&["--spec", "specs/octeth.json", "--status", "200", "--body", code_3]);
    assert_eq!(out["errors"][0]["variant"], "Unknown");
    assert_eq!(out["errors"][0]["code"], "3");
    let (_, human, _) =
        run(&["explain", "--spec", "specs/octeth.json", "--status", "200", "--body", code_3]);
    assert!(
        human.contains("code 3 is defined by the operations User.Login, List.Create"),
        "{human}"
    );

    // A list of codes: one error each, messages paired by index.
    let list = r#"{"Success": false, "ErrorCode": [1, 2], "ErrorText": ["Missing username", "Missing password"]}"#;
    let mut args = login.to_vec();
    args.extend(["--body", list]);
    let out = explain_json(&args);
    let summary: Vec<(&str, &str, &str)> = out["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["variant"].as_str().unwrap(),
                e["code"].as_str().unwrap(),
                e["message"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("MissingUsername", "1", "Missing username"),
            ("MissingPassword", "2", "Missing password")
        ]
    );
    // The same list without the operation: the global meanings.
    let out = explain_json(&["--spec", "specs/octeth.json", "--status", "200", "--body", list]);
    assert_eq!(out["errors"][0]["variant"], "MissingRequiredField");
    assert_eq!(out["errors"][1]["variant"], "InvalidFieldFormat");
    // 99999: re-authenticate.
    let expired = r#"{"Success": false, "ErrorCode": 99999, "ErrorText": "Session expired"}"#;
    let out = explain_json(&["--spec", "specs/octeth.json", "--status", "200", "--body", expired]);
    assert_eq!(out["errors"][0]["retry"], json!({"class": "reauth", "delay_ms": null}));
    // Success.
    let ok = r#"{"Success": true, "ListID": 5}"#;
    let out = explain_json(&["--spec", "specs/octeth.json", "--status", "200", "--body", ok]);
    assert_eq!(out, json!({"outcome": "success", "errors": []}));
}

#[test]
fn catalog_bulk_200_body_with_an_item_index() {
    let bulk = r#"{
      "products": [
        {"url": "https://valid-store.com/product", "success": true, "product": {"title": "x"}},
        {"url": "https://invalid-store.com/product", "success": false, "product": null, "outcome": "VENDOR_NOT_SUPPORTED"}
      ],
      "meta": {"total_requested": 2, "total_successful": 1, "total_failed": 1}
    }"#;
    let out = explain_json(&[
        "--spec",
        "specs/catalog.json",
        "--status",
        "200",
        "--header",
        "Request-ID: req_42",
        "--body",
        bulk,
    ]);
    assert_eq!(
        out,
        json!({"outcome": "error", "errors": [{
            "variant": "VendorNotSupported", "code": "VENDOR_NOT_SUPPORTED", "status": 200,
            "message": null, "request_id": "req_42",
            "retry": {"class": "never", "delay_ms": null},
            "fields": {"url": "https://invalid-store.com/product"}, "item": 1,
        }]})
    );
    let (_, human, _) =
        run(&["explain", "--spec", "specs/catalog.json", "--status", "200", "--body", bulk]);
    assert!(human.contains("  item        1 (index of the failed item in the body)\n"), "{human}");
}

#[test]
fn catalog_402_root_level_fields_and_request_id() {
    let body = r#"{"error": {"code": "INSUFFICIENT_CREDITS", "message": "Insufficient credits", "request_id": "req_01HZ"}, "credits_needed": 100, "credits_remaining": 50}"#;
    let out = explain_json(&["--spec", "specs/catalog.json", "--status", "402", "--body", body]);
    assert_eq!(
        out,
        json!({"outcome": "error", "errors": [{
            "variant": "InsufficientCredits", "code": "INSUFFICIENT_CREDITS", "status": 402,
            "message": "Insufficient credits", "request_id": "req_01HZ",
            "retry": {"class": "never", "delay_ms": null},
            "fields": {"credits_needed": 100, "credits_remaining": 50}, "item": null,
        }]})
    );
}

#[test]
fn octogen_422_detail_list_and_502_html() {
    let body = r#"{"detail": [{"loc": ["body", "limit"], "msg": "ensure this value is less than or equal to 100", "type": "value_error.number.not_le"}, {"loc": ["body", "items", 0, "url"], "msg": "field required", "type": "value_error.missing"}]}"#;
    let out = explain_json(&["--spec", "specs/octogen.json", "--status", "422", "--body", body]);
    assert_eq!(
        out,
        json!({"outcome": "error", "errors": [{
            "variant": "ValidationError", "code": null, "status": 422,
            "message": "ensure this value is less than or equal to 100", "request_id": null,
            "retry": {"class": "never", "delay_ms": null},
            "fields": {"detail": [
                {"loc": ["body", "limit"], "msg": "ensure this value is less than or equal to 100", "type": "value_error.number.not_le"},
                {"loc": ["body", "items", "0", "url"], "msg": "field required", "type": "value_error.missing"},
            ]},
            "item": null,
        }]})
    );
    let out = explain_json(&[
        "--spec",
        "specs/octogen.json",
        "--status",
        "502",
        "--body",
        "<html>bad gateway</html>",
    ]);
    assert_eq!(out["errors"][0]["variant"], "ServerError");
    assert_eq!(out["errors"][0]["retry"], json!({"class": "backoff", "delay_ms": null}));
    let out = explain_json(&[
        "--spec",
        "specs/octogen.json",
        "--status",
        "404",
        "--body",
        r#"{"detail": "catalog_not_found"}"#,
    ]);
    assert_eq!(out["errors"][0]["variant"], "CatalogNotFound");
    let out = explain_json(&[
        "--spec",
        "specs/octogen.json",
        "--status",
        "429",
        "-H",
        "Retry-After: 17",
        "--body",
        r#"{"detail": "rate_limit_exceeded"}"#,
    ]);
    assert_eq!(out["errors"][0]["variant"], "RateLimited");
    assert_eq!(out["errors"][0]["retry"], json!({"class": "after", "delay_ms": 17000}));
}

#[test]
fn octomil_scenario_codes_request_id_and_unknown_statuses() {
    let body = r#"{"error": "insufficient_clients", "message": "Not enough devices online", "status_code": 400}"#;
    let out = explain_json(&[
        "--spec",
        "specs/octomil.json",
        "--status",
        "400",
        "-H",
        "X-Request-Id: req_abc",
        "-H",
        "Retry-After: 60",
        "--body",
        body,
    ]);
    // The delay is what the response gave, even for an error that is never retried.
    assert_eq!(
        out,
        json!({"outcome": "error", "errors": [{
            "variant": "InsufficientClients", "code": "insufficient_clients", "status": 400,
            "message": "Not enough devices online", "request_id": "req_abc",
            "retry": {"class": "never", "delay_ms": 60000}, "fields": {}, "item": null,
        }]})
    );
    // An undocumented status decodes to the fallback, retried by status.
    let out = explain_json(&["--spec", "specs/octomil.json", "--status", "502", "--body", ""]);
    assert_eq!(out["errors"][0]["variant"], "Unknown");
    assert_eq!(out["errors"][0]["retry"]["class"], "backoff");
    let out = explain_json(&["--spec", "specs/octomil.json", "--status", "418", "--body", ""]);
    assert_eq!(out["errors"][0]["retry"]["class"], "never");
}

#[test]
fn success_is_said_plainly() {
    let (code, stdout, _) =
        run(&["explain", "--spec", "specs/octogen.json", "--status", "200", "--body", "{}"]);
    assert_eq!(code, 0);
    assert_eq!(
        stdout,
        "HTTP 200 (Octogen API): success, no error\n  the catalog reads errors only from responses with status 400 and above\n"
    );
    let out = explain_json(&[
        "--spec",
        "specs/catalog.json",
        "--status",
        "200",
        "--body",
        r#"{"meta": {"found": true}}"#,
    ]);
    assert_eq!(out, json!({"outcome": "success", "errors": []}));
}

#[test]
fn every_spec_decodes_a_server_error() {
    for spec in common::SPECS {
        let out = explain_json(&["--spec", spec, "--status", "500", "--body", ""]);
        assert_eq!(out["outcome"], "error", "{spec}");
        assert_eq!(out["errors"][0]["retry"]["class"], "backoff", "{spec}");
    }
}

/// Runs `explain --json` on `body` through a file and through stdin.
fn explain_bytes(spec: &str, status: &str, body: &[u8]) -> serde_json::Value {
    let mut file = tempfile::NamedTempFile::new().unwrap();
    file.write_all(body).unwrap();
    let path = file.path().display().to_string();
    let from_file = explain_json(&["--spec", spec, "--status", status, "--body-file", &path]);
    let output = errtable()
        .args(["explain", "--json", "--spec", spec, "--status", status, "--body-file", "-"])
        .write_stdin(body.to_vec())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let from_stdin: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(from_file, from_stdin);
    from_file
}

#[test]
fn any_bytes_are_a_body() {
    let unknown_500 = json!({"outcome": "error", "errors": [{
        "variant": "ServerError", "code": null, "status": 500, "message": null, "request_id": null,
        "retry": {"class": "backoff", "delay_ms": null}, "fields": {}, "item": null,
    }]});
    let deep = "[".repeat(10_000);
    let deep_object = "{\"a\":".repeat(10_000);
    let bodies: [&[u8]; 6] = [
        b"",
        b"\xff\xfe\x00{\"code\": \"server_error\"}",
        b"<!DOCTYPE html><html><body>Internal Server Error</body></html>",
        deep.as_bytes(),
        deep_object.as_bytes(),
        b"{\"code\": \"server_error\"", // truncated JSON
    ];
    for body in bodies {
        let out = explain_bytes("specs/octopost.json", "500", body);
        assert_eq!(out, unknown_500, "{:?}", String::from_utf8_lossy(&body[..body.len().min(40)]));
    }
    // A 200 with garbage is not an error for catalogs with embedded rules either.
    let out = explain_bytes("specs/catalog.json", "200", deep.as_bytes());
    assert_eq!(out, json!({"outcome": "success", "errors": []}));
    // Human output of the same bodies.
    for body in [&b"\xff\xfe"[..], deep.as_bytes()] {
        let mut file = tempfile::NamedTempFile::new().unwrap();
        file.write_all(body).unwrap();
        let path = file.path().display().to_string();
        let (code, stdout, stderr) = run(&[
            "explain",
            "--spec",
            "specs/octeth.json",
            "--status",
            "503",
            "--body-file",
            &path,
        ]);
        assert_eq!((code, stderr.as_str()), (0, ""));
        assert!(stdout.starts_with("HTTP 503 (Octeth API): 1 error\n"), "{stdout}");
    }
}

#[cfg(unix)]
#[test]
fn a_non_utf8_body_argument_is_taken_as_bytes() {
    use std::os::unix::ffi::OsStrExt;
    let body = std::ffi::OsStr::from_bytes(b"{\"code\": \"bad_request\", \"error\": \"\xff\"}");
    let output = errtable()
        .args(["explain", "--json", "--spec", "specs/octopost.json", "--status", "400", "--body"])
        .arg(body)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let out: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    // A byte that is not UTF-8 inside a string is read as U+FFFD; the error stays.
    assert_eq!(out["errors"][0]["variant"], "BadRequest");
    assert_eq!(out["errors"][0]["message"], "\u{FFFD}");
}

#[test]
fn a_20_mb_body_is_decoded_whole() {
    let message = "x".repeat(20 * 1024 * 1024);
    let body = format!(r#"{{"error": "{message}", "code": "server_error", "details": {{}}}}"#);
    let out = explain_bytes("specs/octopost.json", "500", body.as_bytes());
    assert_eq!(out["errors"][0]["variant"], "ServerError");
    assert_eq!(out["errors"][0]["message"].as_str().map(str::len), Some(message.len()));
    // A terminal gets the start of it.
    let mut file = tempfile::NamedTempFile::new().unwrap();
    file.write_all(body.as_bytes()).unwrap();
    let path = file.path().display().to_string();
    let (code, stdout, _) =
        run(&["explain", "--spec", "specs/octopost.json", "--status", "500", "--body-file", &path]);
    assert_eq!(code, 0);
    assert!(stdout.len() < 10_000, "{} bytes", stdout.len());
    assert!(stdout.contains(&format!("({} more bytes)", message.len() - 2000)), "{stdout}");
}

#[test]
fn control_characters_of_a_body_are_escaped_in_a_terminal() {
    let body = r#"{"error": "evil\u001b[2Jtext\nnext", "code": "bad_request"}"#;
    let (code, stdout, _) =
        run(&["explain", "--spec", "specs/octopost.json", "--status", "400", "--body", body]);
    assert_eq!(code, 0);
    assert!(stdout.contains("  message     evil\\u{1b}[2Jtext\\nnext\n"), "{stdout}");
    assert_plain(&stdout);
}

#[test]
fn bad_arguments_exit_2() {
    let spec = ["explain", "--spec", "specs/octopost.json"];
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["--status", "429", "--header", "Retry-After 30", "--body", ""],
            "expected `Name: value`",
        ),
        (vec!["--status", "429", "--header", ": 30", "--body", ""], "header name"),
        (vec!["--status", "99", "--body", ""], "not in 100..=599"),
        (vec!["--status", "600", "--body", ""], "not in 100..=599"),
        (vec!["--status", "abc", "--body", ""], "invalid value 'abc'"),
        (vec!["--status", "429"], "--body"),
        (vec!["--status", "429", "--body", "", "--body-file", "x"], "cannot be used with"),
        (vec!["--body", ""], "--status"),
        (
            vec!["--status", "429", "--body-file", "no/such/file"],
            "cannot read the body file no/such/file",
        ),
        (
            vec!["--status", "200", "--operation", "User.Login", "--body", ""],
            "unknown operation `User.Login` in the `octopost` catalog",
        ),
    ];
    for (extra, message) in cases {
        let mut args = spec.to_vec();
        args.extend(extra);
        let (code, stdout, stderr) = run(&args);
        assert_eq!(code, 2, "{args:?}: {stderr}");
        assert_eq!(stdout, "", "{args:?}");
        assert!(stderr.contains(message), "{args:?}: {stderr}");
    }
    // An unknown operation lists the catalog's operations.
    let (code, _, stderr) = run(&[
        "explain",
        "--spec",
        "specs/octeth.json",
        "--operation",
        "User.Logout",
        "--status",
        "200",
        "--body",
        "",
    ]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("help: its operations are: User.Login, List.Create, Subscriber.Create, Campaign.Create, Campaign.Update, Email.Update"),
        "{stderr}"
    );
    // No --spec at all.
    let (code, _, stderr) = run(&["explain", "--status", "200", "--body", ""]);
    assert_eq!(code, 2);
    assert!(stderr.contains("--spec"), "{stderr}");
}

#[test]
fn an_invalid_spec_exits_2_with_its_diagnostics() {
    let dir = tempfile::tempdir().unwrap();
    let octopost = std::fs::read_to_string(common::root().join("specs/octopost.json")).unwrap();
    let broken = dir.path().join("broken.json");
    std::fs::write(
        &broken,
        octopost.replacen("\"retry\": \"never\"", "\"retry\": \"sometimes\"", 1),
    )
    .unwrap();
    let broken = broken.display().to_string();
    for json in [false, true] {
        let mut args = vec!["explain", "--spec", &broken, "--status", "400", "--body", ""];
        if json {
            args.push("--json");
        }
        let (code, stdout, stderr) = run(&args);
        assert_eq!(code, 2);
        assert_eq!(stdout, "");
        assert!(stderr.starts_with("error: unknown retry class `sometimes`\n"), "{stderr}");
        assert!(stderr.contains(&format!("--> {broken}:29:16\n")), "{stderr}");
        assert!(stderr.contains("= note: pointer: /errors/0/retry\n"), "{stderr}");
        assert!(stderr.contains("= help: "), "{stderr}");
    }
    let syntax = dir.path().join("syntax.json");
    std::fs::write(&syntax, "{\"errtable\": 1,,}").unwrap();
    let syntax = syntax.display().to_string();
    let (code, _, stderr) = run(&["explain", "--spec", &syntax, "--status", "400", "--body", ""]);
    assert_eq!(code, 2);
    assert!(stderr.starts_with("error: invalid JSON"), "{stderr}");
    assert!(stderr.contains(&format!("--> {syntax}:1:16\n")), "{stderr}");
}

#[test]
fn a_documented_default_delay_is_not_said_to_come_from_the_response() {
    // Google's quota 429 without `RetryInfo`: the spec's 30 s default applies.
    let body =
        r#"{"error": {"code": 429, "message": "Quota exceeded.", "status": "RESOURCE_EXHAUSTED"}}"#;
    let args = ["explain", "--spec", "specs/google.json", "--status", "429", "--body", body];
    let (code, stdout, stderr) = run(&args);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains("wait 30s, the delay the vendor documents (the response gave none)"),
        "{stdout}"
    );
    assert!(!stdout.contains("as the response asks"), "{stdout}");
}
