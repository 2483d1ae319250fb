// The vendor added `quota_exceeded`; the spec copy has it. The handler below compiled
// against the old spec (tests/tests/handle.rs); now rustc names the new code.
#[errtable::catalog(spec = "specs/octopost_gained_a_code.json")]
#[derive(Clone, PartialEq)]
pub enum OctopostError {}

include!("handlers/octopost_next.rs");

fn main() {}
