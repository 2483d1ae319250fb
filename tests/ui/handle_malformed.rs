#[errtable::catalog(spec = "specs/valid.json")]
pub enum VendorError {}

#[derive(errtable::Handle)]
enum Missing {
    #[on(RateLimited)]
    A,
}

#[derive(errtable::Handle)]
#[handle(VendorError)]
enum Unmapped {
    #[on(RateLimited, NotFound, unknown)]
    A,
    B,
    #[on()]
    C,
    #[on(ThingGone)]
    D(VendorError, u8),
}

#[derive(errtable::Handle)]
#[handle(VendorError)]
struct NotAnEnum;

fn main() {}
