//! Stage 3, the cross-cutting rules: names that must be unique across the global table
//! and every operation table, as Rust will see them in the generated enum.

use std::collections::HashMap;

use super::tables::Names;
use crate::ast::{self, Lenient};
use crate::diag::{Collector, Ptr};
use crate::ident;

/// Inherent methods every generated enum has whose names a variant's `is_*()` helper
/// could take.
pub const RESERVED_HELPERS: &[&str] = &["is_fallback", "is_retry_safe"];

/// The helper method generated for a variant: `RateLimited` -> `is_rate_limited`.
pub fn helper_name(variant: &str) -> String {
    format!("is_{}", ident::to_snake(variant))
}

/// Variant names: unique, distinct from the fallback's, and with distinct, unreserved
/// helper methods.
pub(super) fn variant_names(cx: &mut Collector, file: &ast::SpecFile, names: &Names) {
    // Helper name -> the variant that takes it and where it is defined (`None`: the
    // fallback, which the spec may not even write).
    let entries = entries(file);
    // Sized up front: growing a map rehashes it, costly in the macro's unoptimized build.
    // Names and pointers borrowed, not copied: in the macro's unoptimized build, copying
    // them was 4 M of this check's 26 M instructions at 1,000 codes.
    let mut helpers: HashMap<String, (&str, Option<&str>)> =
        HashMap::with_capacity(entries.len() + 1);
    if ident::is_upper_camel(&names.fallback) {
        helpers.insert(helper_name(&names.fallback), (&names.fallback, None));
    }
    let mut defined: HashMap<&str, &str> = HashMap::with_capacity(entries.len());
    for (pointer, entry) in &entries {
        let at = Ptr::from_text(pointer);
        let Some(variant) = entry.variant.as_deref().filter(|v| ident::is_upper_camel(v)) else {
            continue;
        };
        if entry.same_as.is_some() {
            continue;
        }
        let variant_at = at.key("variant");
        if *variant == names.fallback {
            cx.error(
                &variant_at,
                format!("variant `{variant}` collides with the generated fallback variant"),
                r#"rename this variant, or rename the fallback with "unknown": {"variant": "..."}"#,
            );
            continue;
        }
        if let Some(&first) = defined.get(variant) {
            cx.error_with_other(
                &variant_at,
                format!("duplicate variant `{variant}`"),
                "first defined by the entry",
                first.to_owned(),
                "give every entry its own variant; to restate an entry in an operation table, \
                 use \"same_as\"",
            );
            continue;
        }
        defined.insert(variant, pointer);
        let helper = helper_name(variant);
        if RESERVED_HELPERS.contains(&helper.as_str()) {
            cx.error(
                &variant_at,
                format!("variant `{variant}` would generate `{helper}()`, which every generated enum already has"),
                format!("rename the variant; `{helper}()` is one of the methods every catalog enum has"),
            );
            continue;
        }
        match helpers.get(&helper) {
            Some((other, Some(first))) => cx.error_with_other(
                &variant_at,
                format!("variants `{other}` and `{variant}` both generate the helper `{helper}()`"),
                format!("`{other}` is defined by the entry"),
                (*first).to_owned(),
                "rename one of them: variant names must stay distinct once snake_cased",
            ),
            Some((other, None)) => cx.error(
                &variant_at,
                format!("variants `{other}` (the fallback) and `{variant}` both generate the helper `{helper}()`"),
                r#"rename this variant, or rename the fallback with "unknown": {"variant": "..."}"#,
            ),
            None => {
                helpers.insert(helper, (variant, Some(pointer)));
            }
        }
    }
}

/// Every well-formed entry of every table, in file order, with its pointer.
fn entries<'s>(file: &'s ast::SpecFile) -> Vec<(String, &'s ast::Entry)> {
    let root = Ptr::ROOT;
    let mut out = Vec::new();
    let mut table = |at: &Ptr, list: &'s [Lenient<ast::Entry>]| {
        for (i, entry) in list.iter().enumerate() {
            if let Lenient::Ok(entry) = entry {
                out.push((at.index(i).text(), entry));
            }
        }
    };
    if let Some(Lenient::Ok(errors)) = &file.errors {
        table(&root.key("errors"), errors);
    }
    if let Some(Lenient::Ok(operations)) = &file.operations {
        let operations_at = root.key("operations");
        for (name, operation) in &operations.0 {
            if let Lenient::Ok(operation) = operation {
                let at = operations_at.key(name);
                table(&at.key("errors"), &operation.errors);
            }
        }
    }
    out
}
