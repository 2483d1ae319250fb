//! Compile-time checks behind `#[derive(errtable::Handle)]`.
//!
//! The derive only knows the catalog enum's path, so it asks the enum's generated
//! plumbing. These functions run in `const` items: a failed check is a compile error at
//! the name the user wrote.

use crate::error::Generated;

/// Fails compilation, listing the valid names, when `name` is not a variant of `E`.
pub const fn assert_variant<E: Generated>(name: &str) {
    if E::SPEC_FAILED {
        return;
    }
    let mut i = 0;
    while i < E::VARIANTS.len() {
        if str_eq(E::VARIANTS[i], name) {
            return;
        }
        i += 1;
    }
    panic!("{}", E::NOT_A_VARIANT);
}

/// Fails compilation when `#[on(unknown)]` would not name `E`'s fallback: the fallback
/// was renamed, or `Unknown` is a documented code of its own.
pub const fn assert_fallback<E: Generated>(alias: &str) {
    if E::SPEC_FAILED || str_eq(E::FALLBACK, alias) {
        return;
    }
    panic!(
        "`unknown` stands for the fallback variant named `Unknown`, but this catalog's fallback has \
         another name (see `unknown.variant` in its spec); write the fallback's own name in #[on(...)]"
    );
}

/// Fails compilation when a per-operation enum converts `into` a catalog enum generated
/// from another spec (their entry numbers would not match).
pub const fn assert_same_spec<E: Generated>(spec: u64) {
    if !E::SPEC_FAILED && E::SPEC != spec {
        panic!(
            "`into` names a catalog enum generated from another spec (or another version of it, \
             or by another version of errtable); generate both enums from the same spec file, \
             with the same errtable"
        );
    }
}

/// Fails compilation when `E` is `#[non_exhaustive]`: its users must keep a wildcard
/// arm, so no derive can prove every code is handled.
pub const fn assert_exhaustive<E: Generated>() {
    if E::NON_EXHAUSTIVE && !E::SPEC_FAILED {
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
