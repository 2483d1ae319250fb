// Variants that differ only in case would generate the same `is_*()` helper: a located
// spec problem, not rustc's unlocated "duplicate definitions".
#[errtable::catalog(spec = "specs/helper_collision.json")]
pub enum CollideError {}

fn main() {}
