// A spec with a mistake (an unknown retry class) is reported at its literal, and
// nothing else: the enum keeps the variants the spec names, so the handler below and
// the match in `describe` still compile.
#[errtable::catalog(spec = "specs/bad_retry_class.json")]
pub enum VendorError {}

#[derive(errtable::Handle)]
#[handle(VendorError)]
enum Next {
    #[on(RateLimited)]
    Retry,
    #[on(NotFound, unknown)]
    Escalate,
}

fn describe(error: &VendorError) -> &'static str {
    match error {
        VendorError::RateLimited { .. } => "slow down",
        VendorError::NotFound { .. } | VendorError::Unknown { .. } => "give up",
    }
}

fn main() {
    let _ = describe;
    let _ = Next::Retry;
}
