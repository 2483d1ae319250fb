// A spec that is not even JSON names no variants, so a handler of its enum adds one
// error per arm; the spec's own error comes first. (A spec with a mistake but valid
// JSON keeps its variants: see handle_spec_with_a_mistake.rs.)
#[errtable::catalog(spec = "specs/syntax_error.json")]
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
