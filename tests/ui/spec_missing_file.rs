#[errtable::catalog(spec = "specs/does_not_exist.json")]
pub enum VendorError {}

fn main() {}
