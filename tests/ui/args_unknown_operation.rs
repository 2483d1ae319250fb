#[errtable::catalog(spec = "specs/valid.json", operation = "Thing.Delete")]
pub enum VendorError {}

fn main() {}
