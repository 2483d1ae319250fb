//! The checked-in output of `errtable generate` compiles against the runtime, and the
//! enum it defines decodes responses as `errtable explain` (the interpreter) does.
//!
//! A separate test crate from `generate.rs`, so that a stale fixture that no longer
//! compiles does not stop the test that regenerates it.

mod common;

use serde_json::{Map, Value, json};

// Checked-in generated code: every `is_*` helper is not used here.
#[allow(dead_code, clippy::all)]
mod generated {
    include!("fixtures/octopost_generated.rs");
}

use generated::OctopostError;

/// The `explain --json` document of what the generated enum decodes.
fn decode(status: u16, headers: &[(&str, &str)], body: &str) -> Value {
    let errors: Vec<Value> = OctopostError::decode(status, headers, body.as_bytes())
        .iter()
        .map(|e| {
            let fields: Map<String, Value> = e
                .fields()
                .into_iter()
                .map(|(name, value)| (name.to_owned(), serde_json::to_value(value).unwrap()))
                .collect();
            let delay = e.meta().server_delay().map(|d| d.as_nanos().div_ceil(1_000_000) as u64);
            json!({
                "variant": e.variant_name(), "code": e.code(), "status": e.status(),
                "message": e.message(), "request_id": e.request_id(),
                "retry": {"class": e.retry_class().as_str(), "delay_ms": delay},
                "fields": fields, "item": e.meta().item(),
            })
        })
        .collect();
    let outcome = if errors.is_empty() { "success" } else { "error" };
    json!({"outcome": outcome, "errors": errors})
}

/// A response: status, headers, body.
type Case = (u16, &'static [(&'static str, &'static str)], &'static str);

#[test]
fn the_generated_enum_decodes_as_explain_does() {
    let cases: [Case; 9] = [
        (400, &[], r#"{"error": "Request body must be valid JSON", "code": "bad_request"}"#),
        (404, &[], r#"{"error": "Post not found", "code": "not_found"}"#),
        (
            422,
            &[],
            r#"{"error": "Validation failed", "code": "validation_error", "details": {"fields": {"content": "Content is required"}}}"#,
        ),
        (
            429,
            &[],
            r#"{"error": "Rate limit exceeded. Try again in 45 seconds.", "code": "rate_limited", "details": {"limit": 300, "remaining": 0, "reset_at": "2026-04-03T12:01:00Z", "retry_after": 45}}"#,
        ),
        (
            429,
            &[("retry-after", "30")],
            r#"{"error": "slow down", "code": "rate_limited", "details": {"retry_after": 45}}"#,
        ),
        (429, &[], ""),
        (502, &[], "<html><body>Bad Gateway</body></html>"),
        (418, &[], r#"{"error": "I'm a teapot", "code": "teapot"}"#),
        (200, &[], r#"{"id": "post_1"}"#),
    ];
    for (status, headers, body) in cases {
        let mut args = vec!["--spec", "specs/octopost.json", "--status"];
        let status_text = status.to_string();
        args.push(&status_text);
        let header_args: Vec<String> = headers.iter().map(|(n, v)| format!("{n}: {v}")).collect();
        for header in &header_args {
            args.extend(["--header", header]);
        }
        args.extend(["--body", body]);
        assert_eq!(decode(status, headers, body), common::explain_json(&args), "{status} {body}");
    }
}
