//! `#[errtable::catalog]`: find the spec, load it, expand it.

use std::path::{Component, Path, PathBuf};

use errtable_codegen::expand::{self, Options};
use proc_macro2::TokenStream;
use quote::quote;

use crate::args::CatalogArgs;

pub(crate) fn expand(args: TokenStream, input: TokenStream) -> TokenStream {
    // The engine reports problems as values; this only guards against a bug in it, so
    // that a user sees an error, never a crashed compiler.
    match std::panic::catch_unwind(|| try_expand(args, input.clone())) {
        Ok(tokens) => tokens,
        Err(_) => syn::Error::new(
            proc_macro2::Span::call_site(),
            "errtable: internal error while expanding the catalog; please report it with the spec",
        )
        .to_compile_error(),
    }
}

fn try_expand(args: TokenStream, input: TokenStream) -> TokenStream {
    let shell: syn::DeriveInput = match syn::parse2(input) {
        Ok(shell) => shell,
        Err(error) => return error.to_compile_error(),
    };
    let krate_default: syn::Path = syn::parse_quote!(::errtable);
    let args = match CatalogArgs::parse(args) {
        Ok(args) => args,
        Err(error) => return with_fallback(error.to_compile_error(), &shell, &krate_default, &[]),
    };
    let krate = args.krate.clone().unwrap_or(krate_default);
    if let Err(error) = expand::check_shell(&shell) {
        return with_fallback(error.to_compile_error(), &shell, &krate, &[]);
    }

    let written = args.spec.value();
    let path = resolve(&args.spec);
    let shown = display_path(&path);
    // A file too large to load is not kept: the loader says why, and nothing is
    // salvaged from it.
    let bytes = std::fs::read(&path)
        .ok()
        .filter(|b| b.len() as u64 <= errtable_codegen::load::MAX_SPEC_BYTES);
    let loaded = match &bytes {
        Some(bytes) => errtable_codegen::load_bytes(&shown, bytes),
        // Let the loader say why (missing, a directory, too large), uniformly.
        None => errtable_codegen::load_file(&path, &shown),
    };
    let catalog = match loaded {
        Ok(catalog) => catalog,
        Err(diagnostics) => {
            let errors = diagnostics
                .0
                .iter()
                .map(|d| syn::Error::new(args.spec.span(), d.render_body()).to_compile_error());
            // The names a broken spec still shows keep `match`es on the enum compiling.
            let salvaged = bytes
                .as_deref()
                .and_then(|b| std::str::from_utf8(b).ok())
                .map(expand::salvage_variant_names)
                .unwrap_or_default();
            return with_fallback(quote!(#(#errors)*), &shell, &krate, &salvaged);
        }
    };
    let fingerprint = expand::fingerprint(bytes.as_deref().unwrap_or_default());
    let track = std::fs::canonicalize(&path).unwrap_or(path).to_string_lossy().into_owned();
    let options = Options {
        operation: args.operation.as_ref().map(syn::LitStr::value),
        operation_span: args
            .operation
            .as_ref()
            .map_or_else(proc_macro2::Span::call_site, syn::LitStr::span),
        into: args.into.clone(),
        krate: krate.clone(),
        track: Some(track),
        spec_display: written,
        fingerprint,
        tokens_from_text: rustc_tokens,
    };
    match expand::expand(&catalog, &shell, &options) {
        Ok(tokens) => tokens,
        Err(error) => with_fallback(error.to_compile_error(), &shell, &krate, &[]),
    }
}

/// Text lexed by rustc itself, in one call through the proc-macro bridge.
fn rustc_tokens(text: &str) -> Result<TokenStream, String> {
    text.parse::<proc_macro::TokenStream>().map(TokenStream::from).map_err(|e| e.to_string())
}

fn with_fallback(
    errors: TokenStream,
    shell: &syn::DeriveInput,
    krate: &syn::Path,
    variants: &[String],
) -> TokenStream {
    let fallback = expand::fallback(shell, krate, variants);
    quote!(#errors #fallback)
}

/// The spec's path as diagnostics show it: relative to the crate root (where `cargo`
/// runs and where a terminal or editor opens paths from), else as resolved.
fn display_path(path: &Path) -> String {
    let absolute = std::fs::canonicalize(path).unwrap_or_else(|_| normalize(path));
    let root = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .map(|root| std::fs::canonicalize(&root).unwrap_or(root));
    let shown = root.and_then(|root| relative(&absolute, &root)).unwrap_or(absolute);
    shown.to_string_lossy().into_owned()
}

/// `path` with `.` and `..` resolved lexically.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir if out.file_name().is_some() => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// `path` relative to `base` (both absolute), with `..` where `path` is outside it.
fn relative(path: &Path, base: &Path) -> Option<PathBuf> {
    if !path.is_absolute() || !base.is_absolute() {
        return None;
    }
    let (path, base): (Vec<_>, Vec<_>) = (path.components().collect(), base.components().collect());
    let common = path.iter().zip(&base).take_while(|(a, b)| a == b).count();
    if common == 0 {
        return None;
    }
    let mut out = PathBuf::new();
    for _ in common..base.len() {
        out.push("..");
    }
    for component in &path[common..] {
        out.push(component);
    }
    Some(out)
}

/// Resolves the spec path like `include_str!`: relative to the file containing the
/// attribute. When the compiler does not say which file that is (some IDE tools),
/// relative to the crate's manifest directory.
fn resolve(spec: &syn::LitStr) -> PathBuf {
    let written = PathBuf::from(spec.value());
    if written.is_absolute() {
        return written;
    }
    let calling_file = proc_macro::Span::call_site().local_file().map(|file| {
        // rustc reports workspace files relative to its working directory, which the
        // macro shares.
        if file.is_relative() {
            std::env::current_dir().map(|cwd| cwd.join(&file)).unwrap_or(file)
        } else {
            file
        }
    });
    match calling_file.as_deref().and_then(Path::parent) {
        Some(dir) => dir.join(&written),
        None => {
            let manifest =
                std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from).unwrap_or_default();
            manifest.join(&written)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_show_relative_to_the_crate_root() {
        let root = Path::new("/work/client");
        let shown = |path: &str| relative(&normalize(Path::new(path)), root).unwrap();
        assert_eq!(shown("/work/client/src/../specs/acme.json"), Path::new("specs/acme.json"));
        assert_eq!(shown("/work/client/src/specs/acme.json"), Path::new("src/specs/acme.json"));
        assert_eq!(shown("/work/shared/acme.json"), Path::new("../shared/acme.json"));
        assert_eq!(relative(Path::new("specs/acme.json"), root), None);
    }
}
