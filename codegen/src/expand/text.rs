//! Parts of the expansion written as Rust source text and lexed in one step.
//!
//! A large catalog's expansion is mostly data: the table's entries, the variants with
//! their documentation, and an arm per variant in a few matches. Built token by token,
//! each token crosses the proc-macro bridge from the macro's unoptimized code (a proc
//! macro builds at opt-level 0); written as text, it is formatted by `std` and lexed by
//! rustc, both compiled optimized, for less than half the instructions (BENCHMARKS.md,
//! "The expansion, counted").
//!
//! Text's tokens all take the call site's span. For these parts that loses nothing:
//! mixed-site hygiene only keeps a macro's local bindings apart from the caller's local
//! variables, and the expansion is items, out of reach of any. (A user's `const` named
//! like a binding captures it either way: constants resolve at the call site.)

use std::fmt::Write as _;

use proc_macro2::TokenStream;
use quote::quote;

use super::Cx;

/// Rust source being written.
#[derive(Default)]
pub(crate) struct RustText {
    text: String,
}

impl RustText {
    pub(crate) fn with_capacity(bytes: usize) -> RustText {
        RustText { text: String::with_capacity(bytes) }
    }

    /// Source text as it is.
    pub(crate) fn put(&mut self, text: &str) {
        self.text.push_str(text);
    }

    /// Formatted source: `source.write(format_args!(…))`.
    pub(crate) fn write(&mut self, source: std::fmt::Arguments<'_>) {
        let _ = self.text.write_fmt(source);
    }

    /// A string literal. `Debug` escapes what a Rust literal must (quotes, backslashes,
    /// control characters) and copies the rest in runs, in `std`'s optimized code.
    pub(crate) fn literal(&mut self, text: &str) {
        let _ = write!(self.text, "{text:?}");
    }

    /// The identifier a field-less enum value's `Debug` spells: its variant's name.
    pub(crate) fn debug_ident(&mut self, value: &impl std::fmt::Debug) {
        let _ = write!(self.text, "{value:?}");
    }

    /// Doc comments, one `///` per line (rustdoc reads the space after the slashes as
    /// `///` leaves it). A doc comment is one token to rustc's lexer where the
    /// `#[doc = "…"]` it stands for is six; a line holding a carriage return, which a
    /// doc comment may not, is written as the attribute.
    pub(crate) fn doc(&mut self, lines: &[String]) {
        for line in lines {
            if line.is_empty() {
                self.put("///\n");
            } else if line.contains('\r') {
                self.put("#[doc = ");
                // `" line"`: the literal, with the space put after its opening quote.
                let at = self.text.len() + 1;
                self.literal(line);
                self.text.insert(at, ' ');
                self.put("]\n");
            } else {
                self.put("/// ");
                self.put(line);
                self.put("\n");
            }
        }
    }

    /// The tokens of the text, lexed by [`Options::tokens_from_text`].
    ///
    /// [`Options::tokens_from_text`]: super::Options::tokens_from_text
    pub(crate) fn into_tokens(self, cx: &Cx) -> TokenStream {
        match (cx.options.tokens_from_text)(&self.text) {
            Ok(tokens) => tokens,
            // A bug in the expansion, never the spec's doing: say so instead of expanding
            // to nothing, or to a panic inside the compiler.
            Err(error) => {
                let message =
                    format!("errtable: internal error: generated code does not lex ({error})");
                quote!(::core::compile_error!(#message);)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RustText;

    #[test]
    fn doc_lines_read_back_as_written_whatever_they_hold() {
        let lines =
            ["plain", "", "a \"quote\" and a \\", "carriage\rreturn", "*/ // /// //!", "é ✓"];
        let mut text = RustText::default();
        text.doc(&lines.map(String::from));
        text.put("struct S;");
        let item: syn::DeriveInput = syn::parse_str(&text.text).expect("the docs lex");
        let docs: Vec<String> = item
            .attrs
            .iter()
            .map(|attr| match &attr.meta {
                syn::Meta::NameValue(syn::MetaNameValue {
                    value: syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(doc), .. }),
                    ..
                }) if attr.path().is_ident("doc") => doc.value(),
                _ => panic!("not a doc attribute"),
            })
            .collect();
        let expected: Vec<String> = lines
            .iter()
            .map(|l| if l.is_empty() { String::new() } else { format!(" {l}") })
            .collect();
        assert_eq!(docs, expected);
    }
}
