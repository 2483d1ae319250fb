//! Validates a spec and lowers it into a [`Catalog`], in visible stages:
//!
//! 1. **Shape** (`shape.rs`): top-level keys, the format version, and each section's JSON
//!    shape (the loader already read every section on its own, see [`ast::Lenient`]).
//! 2. **Sections**, each checked and lowered on its own, one module per concern:
//!    `sources.rs` (pointers, headers, delay sources, envelopes), `embedded.rs` rules,
//!    `retry.rs` (retry settings and the fallback's rule), `types.rs` (object types and
//!    fields), and `tables.rs` (the error tables, global and per operation).
//! 3. **Cross-cutting rules** (`check.rs`): names that must be unique across sections.
//! 4. **Assembly**: a catalog only when nothing at all was reported.
//!
//! Every function reports into the [`Collector`] and carries on, so one run lists every
//! problem; a function returns `None` when what it lowers is unusable, and the
//! collector, not a flag, decides whether a catalog comes out.

mod check;
mod embedded;
mod retry;
mod shape;
mod sources;
mod tables;
mod types;

use errtable_core::{Catalog, Envelope, Text};

use crate::ast;
use crate::diag::{Collector, Ptr};

pub use check::{RESERVED_HELPERS, helper_name};
pub use types::META_FIELD;

/// Checks `file` and lowers it, or reports why not.
pub fn lower(file: &ast::SpecFile, cx: &mut Collector) -> Option<Catalog> {
    let root = Ptr::ROOT;

    // 1. Shape.
    shape::top_level(cx, file);
    let name = shape::name(cx, file);
    let title = shape::text(cx, &root, "title", file.title.as_ref());
    let description = shape::text(cx, &root, "description", file.description.as_ref());
    let source = shape::text(cx, &root, "source", file.source.as_ref());

    // 2. Sections.
    let envelope = match &file.envelope {
        Some(envelope) => {
            let at = root.key("envelope");
            shape::section(cx, &at, envelope, r#"an object like {"code": {"body": "/code"}}"#)
                .and_then(|e| {
                    let parts = sources::Parts {
                        items: e.items.as_deref(),
                        code: &e.code,
                        normalize: e.normalize.as_deref(),
                        message: &e.message,
                        request_id: &e.request_id,
                    };
                    sources::envelope(cx, &at, parts)
                })
        }
        None => Some(Envelope::default()),
    };
    let warnings = match &file.warnings {
        Some(warnings) => {
            let at = root.key("warnings");
            let empty = Default::default();
            shape::section(cx, &at, warnings, r#"an object like {"code": {"body": "/warning"}}"#)
                .and_then(|w| {
                    let parts = sources::Parts {
                        items: None,
                        code: &w.code,
                        normalize: None,
                        message: &w.message,
                        request_id: &empty,
                    };
                    sources::envelope(cx, &at, parts)
                })
                .map(Some)
        }
        None => Some(None),
    };
    let embedded = embedded::rules(cx, file.embedded.as_ref());
    let retry = retry::settings(cx, file.retry.as_ref());
    let unknown = retry::unknown(cx, file.unknown.as_ref());
    let names = tables::Names::of(file);
    let types = types::object_types(cx, file.types.as_ref());
    let tables = tables::lower(cx, file, &names);

    // 3. Cross-cutting rules.
    check::variant_names(cx, file, &names);

    // 4. Assembly.
    if cx.has_errors() {
        return None;
    }
    let tables = tables?;
    Some(Catalog {
        name: name?,
        title,
        description,
        source,
        envelope: envelope?,
        embedded: embedded?.into(),
        retry: retry?,
        warnings: warnings?,
        unknown: unknown?,
        types: types?.into(),
        entries: tables.entries.into(),
        global: tables.global,
        operations: tables.operations.into(),
    })
}

/// Every item, or `None` if any failed (after all were evaluated, so each reported).
fn all<T>(items: Vec<Option<T>>) -> Option<Vec<T>> {
    items.into_iter().collect()
}

/// Owned catalog text.
fn text(s: &str) -> Text {
    Text::Owned(s.to_owned())
}
