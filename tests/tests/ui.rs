//! Compile-fail UI tests: every diagnostic of `#[errtable::catalog]` (and of the
//! `Handle` derive) is pinned by a `.stderr` snapshot. One `TestCases`, compile-fail
//! only, so the whole suite is a single `cargo check` of the cases.

#[test]
fn ui() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("ui/*.rs");
}
