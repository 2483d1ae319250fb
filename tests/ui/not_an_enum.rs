#[errtable::catalog(spec = "specs/valid.json")]
pub struct VendorError;

fn main() {}
