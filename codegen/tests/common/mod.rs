//! Helpers shared by the `vendor_*` tests: loading a bundled spec and rendering the
//! model's sources, codes and fields as short strings that tables can compare against.

#![allow(dead_code)]

use std::path::PathBuf;

use errtable_codegen::model::{
    Catalog, Code, DelayFormat, DelaySource, Entry, EntryId, RetryClass, Scope, Source,
};

/// Loads `specs/<name>.json`, panicking with the diagnostics if it does not validate.
pub fn load(name: &str) -> Catalog {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("../specs/{name}.json"));
    match errtable_codegen::load_file(&path, &format!("specs/{name}.json")) {
        Ok(catalog) => catalog,
        Err(diagnostics) => panic!("specs/{name}.json does not validate:\n{diagnostics}"),
    }
}

/// A row of an entry table: variant, code, statuses, status default, retry class.
pub type EntryRow = (&'static str, Wire, &'static [u16], bool, RetryClass);

/// A row of a resolution table: case, code, status, variant (`None`: the unknown
/// fallback), retry class.
pub type ResolutionRow =
    (&'static str, Option<&'static str>, u16, Option<&'static str>, RetryClass);

/// A row of a field table: vendor name, Rust name, type spelling, sources.
pub type FieldRow = (&'static str, &'static str, &'static str, &'static [&'static str]);

/// An expected wire code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wire {
    /// A status-only entry.
    None,
    /// A string code.
    Str(&'static str),
    /// An integer code.
    Int(i64),
}

impl Wire {
    /// Whether the model's code is exactly this one (string and integer codes differ).
    pub fn matches(self, code: Option<&Code>) -> bool {
        match (self, code) {
            (Wire::None, None) => true,
            (Wire::Str(s), Some(Code::Str(c))) => s == c,
            (Wire::Int(i), Some(Code::Int(c))) => i == *c,
            _ => false,
        }
    }
}

/// `body /pointer` or `header Name`.
pub fn source(source: &Source) -> String {
    match source {
        Source::Body(pointer) => format!("body {}", pointer.as_str()),
        Source::Header(name) => format!("header {name}"),
    }
}

/// Every source of a list, in order.
pub fn sources(list: &[Source]) -> Vec<String> {
    list.iter().map(source).collect()
}

/// `header Name`, `body_seconds /pointer` or `body_milliseconds /pointer`.
pub fn delay_sources(list: &[DelaySource]) -> Vec<String> {
    list.iter()
        .map(|source| match (&source.from, source.format) {
            (Source::Header(name), DelayFormat::RetryAfter) => format!("header {name}"),
            (Source::Body(pointer), DelayFormat::Seconds) => format!("body_seconds {pointer}"),
            (Source::Body(pointer), DelayFormat::Milliseconds) => {
                format!("body_milliseconds {pointer}")
            }
            (from, format) => format!("{from} ({format})"),
        })
        .collect()
}

/// The entry named `variant`, wherever it is defined.
pub fn entry<'c>(catalog: &'c Catalog, variant: &str) -> &'c Entry {
    catalog
        .entries
        .iter()
        .find(|entry| entry.variant == variant)
        .unwrap_or_else(|| panic!("no entry `{variant}` in {}", catalog.name))
}

/// The variants of a scope, in resolution order.
pub fn scope_variants<'c>(catalog: &'c Catalog, scope: &Scope) -> Vec<&'c str> {
    scope.entries.iter().map(|&id| catalog.entries[id].variant.as_ref()).collect()
}

/// What a response resolves to within `scope`: the variant (`None` for the unknown
/// fallback) and the retry class the error gets.
pub fn resolve<'c>(
    catalog: &'c Catalog,
    scope: &Scope,
    code: Option<&str>,
    status: u16,
) -> (Option<&'c str>, RetryClass) {
    let id: Option<EntryId> = errtable_codegen::interpret::resolve(catalog, scope, code, status);
    let variant = id.map(|id| catalog.entries[id].variant.as_ref());
    (variant, catalog.retry_class(id, status))
}

/// The fields of `entry` as `(vendor name, rust name, type spelling, sources)`.
pub fn fields(catalog: &Catalog, entry: &Entry) -> Vec<(String, String, String, Vec<String>)> {
    entry
        .fields
        .iter()
        .map(|f| {
            let ty = catalog.type_spelling(f.ty);
            (f.name.to_string(), f.rust_name.to_string(), ty, sources(&f.from))
        })
        .collect()
}

/// Expected field rows in the shape [`fields`] returns.
pub fn owned(rows: &[FieldRow]) -> Vec<(String, String, String, Vec<String>)> {
    rows.iter()
        .map(|&(name, rust_name, ty, from)| {
            let from = from.iter().map(|s| (*s).to_owned()).collect();
            (name.to_owned(), rust_name.to_owned(), ty.to_owned(), from)
        })
        .collect()
}
