#[errtable::catalog(spec = "specs/valid.json")]
pub enum VendorError {}

#[errtable::catalog(spec = "specs/valid.json", into = VendorError)]
pub enum OtherError {}

fn main() {}
