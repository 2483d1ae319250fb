// `unknown` means the fallback. This catalog documents a code of its own named
// `Unknown` and renames its fallback `Unrecognized`: `#[on(unknown)]` must not quietly
// handle the documented `Unknown` as if it were the fallback.
#[errtable::catalog(spec = "specs/documented_unknown.json")]
pub enum CanonicalError {}

#[derive(errtable::Handle)]
#[handle(CanonicalError)]
enum Next {
    #[on(NotFound)]
    Skip,
    #[on(Unrecognized)]
    Retry,
    #[on(unknown)]
    Escalate,
}

fn main() {}
