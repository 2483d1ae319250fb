#[errtable::catalog(operation = "Thing.Get")]
pub enum VendorError {}

fn main() {}
