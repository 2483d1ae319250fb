#[errtable::catalog(spec = "specs/valid.json")]
pub enum VendorError<T> {}

fn main() {}
