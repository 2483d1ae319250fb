#[errtable::catalog(spec = "specs/valid.json")]
pub enum VendorError {}

#[derive(errtable::Handle)]
#[handle(VendorError)]
enum Next {
    #[on(RateLimited)]
    Retry,
    #[on(unknown)]
    Escalate,
}

fn main() {}
