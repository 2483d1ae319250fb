#[errtable::catalog(spec = "specs/valid.json", exhaustive = false)]
pub enum VendorError {}

fn main() {}
