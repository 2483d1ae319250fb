#[errtable::catalog(spec = "specs/valid.json")]
pub enum VendorError {}

#[derive(errtable::Handle)]
#[handle(VendorError)]
enum Next {
    #[on(RateLimited, NotFound)]
    Retry,
    #[on(NotFound, unknown)]
    Escalate,
}

fn main() {}
