//! Parts of the expansion written as Rust source text and lexed in one step.
//!
//! A large catalog's expansion is mostly data: the table's entries, the variants with
//! their documentation, and an arm per variant in a few matches. Built token by token,
//! each token crosses the proc-macro bridge from the macro's unoptimized code (a proc
//! macro builds at opt-level 0); written as text, it is formatted by `std` and lexed by
//! rustc, both compiled optimized, for less than half the instructions (BENCHMARKS.md,
//! "The expansion, counted").
//!
//! Text's tokens all take the call site's span, which costs no hygiene here: mixed-site
//! hygiene only keeps a macro's local bindings apart from the caller's local variables,
//! and the expansion is items, out of reach of any. (A user's `const` named like a
//! binding captures it with either span: constants resolve at the call site.) The user's
//! own tokens (the `crate = …` and `into = …` paths, the enum's visibility) are written as
//! their text, and only a `$crate`, which no text can spell, is put back as a token
//! ([`UserTokens`]).

use std::cell::Cell;
use std::fmt;

use proc_macro2::{Group, TokenStream, TokenTree};
use quote::{ToTokens, quote};

use super::Cx;

/// The user's tokens (a path, a visibility) as the text spells them, worked out once.
pub(crate) struct UserTokens {
    /// Their text; or, when they hold a `$crate` (from a `macro_rules!` that invokes the
    /// macro), which no text can spell, a placeholder identifier...
    text: String,
    /// ...which these tokens, the user's own, replace after lexing.
    put_back: Option<TokenStream>,
}

impl UserTokens {
    pub(crate) fn new(tokens: &impl ToTokens) -> UserTokens {
        let tokens = tokens.to_token_stream();
        let text = tokens.to_string();
        if text.contains('$') {
            let name = format!("__errtable_user_tokens_{:x}", super::fingerprint(text.as_bytes()));
            UserTokens { text: name, put_back: Some(tokens) }
        } else {
            UserTokens { text, put_back: None }
        }
    }
}

/// Numbers texts in the order they first appear: the same text, the same number. How the
/// expansion shares what repeats (a list of fields, a match arm); a map ordered by the
/// text compares with `memcmp`, optimized even in the macro's unoptimized build.
#[derive(Default)]
pub(crate) struct FirstSeen(std::collections::BTreeMap<String, usize>);

impl FirstSeen {
    /// The number of `text`, and whether this is its first appearance.
    pub(crate) fn number(&mut self, text: &str) -> (usize, bool) {
        if let Some(&number) = self.0.get(text) {
            return (number, false);
        }
        let number = self.0.len();
        self.0.insert(text.to_owned(), number);
        (number, true)
    }
}

/// Rust source being written, by an emitter that [`RustText::tokens`] or
/// [`RustText::render`] runs.
///
/// The text goes through the `Formatter` of one `std::fmt::format` call, so that each
/// piece is appended by `std`'s optimized code. Appended by the macro's own unoptimized
/// `String::push_str` (with the standard library's debug checks compiled in), a piece
/// cost about 250 instructions: the emission of a 1,000-code catalog took 183 M
/// instructions that way, 157 M this way (BENCHMARKS.md, "The expansion, counted").
pub(crate) struct RustText<'a> {
    out: &'a mut dyn fmt::Write,
    /// The user's tokens that text cannot spell, each written as a placeholder
    /// identifier (its name here) and put back after lexing.
    placeholders: Vec<(String, TokenStream)>,
}

/// Text an emitter wrote, and the user's tokens it stands for.
pub(crate) struct Rendered {
    text: String,
    placeholders: Vec<(String, TokenStream)>,
}

impl Rendered {
    /// The text written.
    pub(crate) fn as_str(&self) -> &str {
        &self.text
    }
}

impl RustText<'_> {
    /// The tokens of the text `emit` writes, lexed by [`Options::tokens_from_text`].
    ///
    /// [`Options::tokens_from_text`]: super::Options::tokens_from_text
    pub(crate) fn tokens(cx: &Cx, emit: impl FnOnce(&mut RustText<'_>)) -> TokenStream {
        let Rendered { text, placeholders } = RustText::render(emit);
        match (cx.options.tokens_from_text)(&text) {
            Ok(tokens) if placeholders.is_empty() => tokens,
            Ok(tokens) => replace_placeholders(tokens, &placeholders),
            // A bug in the expansion, never the spec's doing: say so instead of expanding
            // to nothing, or to a panic inside the compiler.
            Err(error) => {
                let message =
                    format!("errtable: internal error: generated code does not lex ({error})");
                quote!(::core::compile_error!(#message);)
            }
        }
    }

    /// The text `emit` writes.
    pub(crate) fn render(emit: impl FnOnce(&mut RustText<'_>)) -> Rendered {
        /// Runs the emitter once, when `std::fmt::format` formats it.
        struct Emit<F> {
            emit: Cell<Option<F>>,
            placeholders: Cell<Vec<(String, TokenStream)>>,
        }
        impl<F: FnOnce(&mut RustText<'_>)> fmt::Display for Emit<F> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                if let Some(emit) = self.emit.take() {
                    let mut out = RustText { out: f, placeholders: Vec::new() };
                    emit(&mut out);
                    self.placeholders.set(out.placeholders);
                }
                Ok(())
            }
        }
        let emit = Emit { emit: Cell::new(Some(emit)), placeholders: Cell::default() };
        let text = fmt::format(format_args!("{emit}"));
        Rendered { text, placeholders: emit.placeholders.take() }
    }

    /// The user's tokens: their text, or the placeholder that [`tokens`](Self::tokens)
    /// replaces with them.
    pub(crate) fn user_tokens(&mut self, user: &UserTokens) {
        self.put(&user.text);
        if let Some(tokens) = &user.put_back {
            self.placeholder(&user.text, tokens);
        }
    }

    fn placeholder(&mut self, name: &str, tokens: &TokenStream) {
        if !self.placeholders.iter().any(|(known, _)| known == name) {
            self.placeholders.push((name.to_owned(), tokens.clone()));
        }
    }

    /// Text another emitter wrote, with the user's tokens it stands for.
    pub(crate) fn put_rendered(&mut self, rendered: &Rendered) {
        self.put(&rendered.text);
        for (name, tokens) in &rendered.placeholders {
            self.placeholder(name, tokens);
        }
    }

    /// Source text as it is. (Writing to a `String` cannot fail, nor can these writes.)
    pub(crate) fn put(&mut self, text: &str) {
        let _ = self.out.write_str(text);
    }

    /// Formatted source: `source.write(format_args!(…))`.
    pub(crate) fn write(&mut self, source: fmt::Arguments<'_>) {
        let _ = self.out.write_fmt(source);
    }

    /// A string literal. `Debug` escapes what a Rust literal must (quotes, backslashes,
    /// control characters) and copies the rest in runs, in `std`'s optimized code.
    pub(crate) fn literal(&mut self, text: &str) {
        self.write(format_args!("{text:?}"));
    }

    /// `text` escaped as within a string literal, without the quotes.
    pub(crate) fn literal_content(&mut self, text: &str) {
        let literal = format!("{text:?}");
        self.put(&literal[1..literal.len() - 1]);
    }

    /// The identifier a field-less enum value's `Debug` spells: its variant's name.
    pub(crate) fn debug_ident(&mut self, value: &impl fmt::Debug) {
        self.write(format_args!("{value:?}"));
    }

    /// The doc lines of one item, with the space `///` leaves after the slashes (rustdoc
    /// expects it): as doc comments, one token each to rustc's lexer where the
    /// `#[doc = "…"]` they stand for is six, unless a line holds a line break, which ends
    /// a doc comment (and a carriage return may not be in one). Then every line of the
    /// item is an attribute: rustdoc unindents a mix of the two forms differently.
    pub(crate) fn doc(&mut self, lines: &[String]) {
        // `<[u8]>::contains` is `memchr`, optimized even in an unoptimized build.
        let breaks =
            |line: &String| line.as_bytes().contains(&b'\n') || line.as_bytes().contains(&b'\r');
        let attributes = lines.iter().any(breaks);
        for line in lines {
            match (line.is_empty(), attributes) {
                (true, false) => self.put("///\n"),
                (false, false) => self.write(format_args!("/// {line}\n")),
                (true, true) => self.put("#[doc = \"\"]\n"),
                (false, true) => {
                    self.put("#[doc = \" ");
                    self.literal_content(line);
                    self.put("\"]\n");
                }
            }
        }
    }
}

/// `tokens` with each placeholder identifier replaced by the tokens it stands for. Walks
/// every token, through the proc-macro bridge: only for the rare expansion that needs it.
fn replace_placeholders(
    tokens: TokenStream,
    placeholders: &[(String, TokenStream)],
) -> TokenStream {
    tokens
        .into_iter()
        .flat_map(|tree| match tree {
            TokenTree::Group(group) => {
                let stream = replace_placeholders(group.stream(), placeholders);
                let mut replaced = Group::new(group.delimiter(), stream);
                replaced.set_span(group.span());
                TokenStream::from(TokenTree::Group(replaced))
            }
            TokenTree::Ident(ident) => {
                match placeholders.iter().find(|(name, _)| ident == name.as_str()) {
                    Some((_, user)) => user.clone(),
                    None => TokenStream::from(TokenTree::Ident(ident)),
                }
            }
            other => TokenStream::from(other),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::RustText;

    /// The docs `lines` read back from the text `doc` writes for them, and that text.
    fn written_docs(lines: &[&str]) -> (Vec<String>, String) {
        let lines: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
        let written = RustText::render(|text| text.doc(&lines)).as_str().to_owned();
        let item: syn::DeriveInput =
            syn::parse_str(&format!("{written}struct S;")).expect("the docs lex");
        let docs = item
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
        (docs, written)
    }

    /// A literal's content is what `Debug` writes between the quotes, whatever the text.
    #[test]
    fn literal_content_is_debug_without_the_quotes() {
        for text in
            ["", "plain", "a \"quote\" and a \\", "\0\t\r\n\u{1f}", "e\u{301} \u{2028} 🦀", "'"]
        {
            let literal = format!("{text:?}");
            let content = RustText::render(|out| out.literal_content(text));
            assert_eq!(content.as_str(), &literal[1..literal.len() - 1], "{text:?}");
            let literal_written = RustText::render(|out| out.literal(text));
            assert_eq!(literal_written.as_str(), literal, "{text:?}");
        }
    }

    #[test]
    fn doc_lines_read_back_as_written_whatever_they_hold() {
        let plain = ["plain", "", "a \"quote\" and a \\", "*/ // /// //! /*", "é ✓ \u{2028}"];
        let broken = ["one", "two\nthree } compile_error!(\"out\"); //", "", "carriage\rreturn"];
        for lines in [&plain[..], &broken[..]] {
            let (docs, written) = written_docs(lines);
            let expected: Vec<String> = lines
                .iter()
                .map(|l| if l.is_empty() { String::new() } else { format!(" {l}") })
                .collect();
            assert_eq!(docs, expected);
            // One form per item: rustdoc unindents a mix of the two differently.
            let comments = written.lines().filter(|l| l.starts_with("///")).count();
            let attributes = written.lines().filter(|l| l.starts_with("#[doc")).count();
            assert_eq!((comments, attributes), if lines == plain { (5, 0) } else { (0, 4) });
            if lines == broken {
                assert!(
                    written.starts_with("#[doc = \" one\"]\n#[doc = \" two\\nthree }"),
                    "{written}"
                );
            }
        }
    }
}
