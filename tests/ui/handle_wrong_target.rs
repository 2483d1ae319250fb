#[derive(errtable::Handle)]
#[handle(String)]
enum Next {
    #[on(RateLimited)]
    Retry,
}

fn main() {}
