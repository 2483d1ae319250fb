#[errtable::catalog(spec = "specs/valid.json", spec = "specs/valid.json")]
pub enum VendorError {}

fn main() {}
