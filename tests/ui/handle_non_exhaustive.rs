#[errtable::catalog(spec = "specs/valid.json")]
#[non_exhaustive]
pub enum VendorError {}

#[derive(errtable::Handle)]
#[handle(VendorError)]
enum Next {
    #[on(RateLimited, NotFound, ThingGone)]
    Retry,
    #[on(unknown)]
    Escalate,
}

fn main() {}
