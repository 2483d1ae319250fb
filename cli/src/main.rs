//! The `errtable` command.
fn main() {}
