//! Compile-time checks behind `#[derive(errtable::Handle)]`.
//!
//! The derive only knows the catalog enum's path, so it asks the enum's `CatalogError`
//! impl. These functions run in `const` items: a failed check is a compile error at the
//! name the user wrote.

use crate::CatalogError;

/// Fails compilation, listing the valid names, when `name` is not a variant of `E`.
pub const fn assert_variant<E: CatalogError>(name: &str) {
    if E::__SPEC_FAILED {
        return;
    }
    let mut i = 0;
    while i < E::__VARIANTS.len() {
        if str_eq(E::__VARIANTS[i], name) {
            return;
        }
        i += 1;
    }
    panic!("{}", E::__NOT_A_VARIANT);
}

/// Fails compilation when `E` is `#[non_exhaustive]`: its users must keep a wildcard
/// arm, so no derive can prove every code is handled.
pub const fn assert_exhaustive<E: CatalogError>() {
    if E::__NON_EXHAUSTIVE && !E::__SPEC_FAILED {
        panic!(
            "the catalog enum is #[non_exhaustive], so #[derive(Handle)] cannot check that every code \
             is handled; remove #[non_exhaustive] from the catalog enum, or handle its errors with a \
             `match` that has a wildcard arm"
        );
    }
}

const fn str_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}
