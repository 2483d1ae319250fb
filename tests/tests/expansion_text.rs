//! Most of a catalog's expansion is written as Rust source text and lexed in one step
//! (`codegen/src/expand/text.rs`). Spec text must stay text there whatever it holds, and
//! the user's tokens must mean what they meant, `$crate` included.
//!
//! `tests/specs/line_breaks.json` puts a line break, then a `compile_error!`, in every
//! piece of spec text the generated docs quote (title, description, a code, a pointer, a
//! type's field doc, an operation name; a pointer may not hold `//`, so its break is
//! followed by what would not lex): if any of it left its doc, this file would not
//! compile.

/// The line-break catalog, and a per-operation enum that converts into it and reuses its
/// object types (through the `into` path's module).
pub mod line_breaks {
    #[errtable::catalog(spec = "../specs/line_breaks.json")]
    #[derive(Clone, PartialEq)]
    pub enum LineBreakError {}

    #[errtable::catalog(
        spec = "../specs/line_breaks.json",
        operation = "Thing.Do\n} compile_error!(\"the operation left its doc comment\"); //",
        into = crate::line_breaks::LineBreakError
    )]
    pub enum ThingDoError {}
}

/// errtable re-exported, as a crate wrapping it in its own macros would.
pub mod reexport {
    pub use errtable;
}

/// Catalogs expanded inside a `macro_rules!`, naming the runtime and the catalog-wide enum
/// through `$crate`, which text cannot spell.
macro_rules! catalogs_via_dollar_crate {
    () => {
        /// The same catalogs, expanded inside a `macro_rules!`.
        pub mod via_macro {
            #[errtable::catalog(
                spec = "../specs/line_breaks.json",
                crate = $crate::reexport::errtable
            )]
            pub enum LineBreakError {}

            #[errtable::catalog(
                spec = "../specs/line_breaks.json",
                operation = "Thing.Do\n} compile_error!(\"the operation left its doc comment\"); //",
                into = $crate::via_macro::LineBreakError,
                crate = $crate::reexport::errtable
            )]
            pub enum ThingDoError {}
        }
    };
}
catalogs_via_dollar_crate!();

const BODY: &[u8] = br#"{"code": "broken\n} compile_error!(\"the code left its doc comment\"); //",
    "message": "m", "odd\n} compile_error!(\"the pointer left its doc comment\");": "x",
    "detail": {"reason": "r"}}"#;

#[test]
fn spec_text_with_line_breaks_stays_text() {
    let errors = line_breaks::LineBreakError::decode(400, &errtable::NoHeaders, BODY);
    let [error] = &errors[..] else { panic!("{errors:?}") };
    assert!(error.is_broken(), "{error:?}");
    let line_breaks::LineBreakError::Broken { odd, detail, .. } = error else { unreachable!() };
    assert_eq!(odd.as_deref(), Some("x"));
    assert_eq!(detail.as_ref().and_then(|d| d.reason.as_deref()), Some("r"));
    let title = line_breaks::LineBreakError::catalog().title.as_deref();
    assert_eq!(
        title,
        Some("Line\nBreaks API } compile_error!(\"the title left its doc comment\"); //")
    );
}

#[test]
fn dollar_crate_paths_name_what_they_named() {
    let errors = via_macro::LineBreakError::decode(400, &errtable::NoHeaders, BODY);
    assert!(errors[0].is_broken(), "{errors:?}");
    let body = br#"{"code": "do_failed", "detail": {"reason": "busy"}}"#;
    let errors = via_macro::ThingDoError::decode(409, &errtable::NoHeaders, body);
    let [via_macro::ThingDoError::DoFailed { detail, .. }] = &errors[..] else {
        panic!("{errors:?}")
    };
    // The object type is the catalog-wide enum's, through the `into` path's module.
    let detail: &Option<via_macro::Detail> = detail;
    assert_eq!(detail.as_ref().and_then(|d| d.reason.as_deref()), Some("busy"));
    let wide: via_macro::LineBreakError = errors.into_iter().next().unwrap().into();
    assert!(wide.is_do_failed(), "{wide:?}");
}
