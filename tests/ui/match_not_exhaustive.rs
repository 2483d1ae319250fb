// A spec that gains a code breaks every match that does not handle it, and rustc
// names the variant.
#[errtable::catalog(spec = "specs/valid.json")]
pub enum VendorError {}

fn describe(error: &VendorError) -> &'static str {
    match error {
        VendorError::RateLimited { .. } => "slow down",
        VendorError::Unknown { .. } => "escalate",
    }
}

fn main() {}
