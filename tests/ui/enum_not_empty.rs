#[errtable::catalog(spec = "specs/valid.json")]
pub enum VendorError {
    RateLimited,
}

fn main() {}
