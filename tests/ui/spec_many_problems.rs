// Every problem of the spec is reported at once, and code using the enum sees no
// cascade of secondary errors: the macro still emits the enum and its trait impls.

#[errtable::catalog(spec = "specs/many_problems.json")]
pub enum VendorError {}

fn classify(status: u16, body: &[u8]) -> Vec<String> {
    VendorError::decode(status, &errtable::NoHeaders, body)
        .iter()
        .map(|error| format!("{error}: {:?}", error.retry()))
        .collect()
}

fn main() {
    let _ = classify(429, b"{}");
}
