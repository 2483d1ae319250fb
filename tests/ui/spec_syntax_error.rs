#[errtable::catalog(spec = "specs/syntax_error.json")]
pub enum VendorError {}

fn main() {}
