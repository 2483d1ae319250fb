#[errtable::catalog(spec = specs::valid)]
pub enum VendorError {}

fn main() {}
