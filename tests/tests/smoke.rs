use errtable::CatalogError;
use errtable_tests::octopost::OctopostError;

#[test]
fn smoke() {
    let body = br#"{"error": "Rate limit exceeded. Try again in 45 seconds.", "code": "rate_limited", "details": {"limit": 300, "remaining": 0, "reset_at": "2026-04-03T12:01:00Z", "retry_after": 45}}"#;
    let errors = OctopostError::decode(429, &errtable::NoHeaders, body);
    println!("{errors:#?}");
    for e in &errors {
        println!("{e} | {:?} | {:?}", e.retry(), e.fields());
    }
    let errors =
        OctopostError::decode(502, &[("Content-Type", "text/html")], b"<html>bad gateway</html>");
    for e in &errors {
        println!("{e} | {:?} | {}", e.retry(), e.variant_name());
    }
    let errors = OctopostError::decode(422, &errtable::NoHeaders, br#"{"error":"Validation failed","code":"validation_error","details":{"fields":{"content":"Content is required","platforms":"At least one"}}}"#);
    for e in &errors {
        println!("{e} | {:?} | {:?}", e.retry(), e.fields());
    }
    let errors = OctopostError::decode(
        418,
        &errtable::NoHeaders,
        br#"{"error":"teapot","code":"im_a_teapot"}"#,
    );
    for e in &errors {
        println!("{e} | {:?} | {} {:?}", e.retry(), e.variant_name(), e);
    }
}
