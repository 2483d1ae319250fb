#[errtable::catalog(spec = "specs/valid.json")]
pub enum VendorError {}

#[derive(errtable::Handle)]
#[handle(VendorError)]
enum Next {
    #[on(RateLimited, NotFound)]
    Retry,
    #[on(RateLimitted)]
    Wait,
    #[on(unknown)]
    Escalate,
}

fn main() {}
