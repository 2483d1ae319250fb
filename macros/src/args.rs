//! Arguments of `#[errtable::catalog(...)]`.

use proc_macro2::TokenStream;
use syn::parse::Parser;

/// Parsed arguments.
pub(crate) struct CatalogArgs {
    pub(crate) spec: syn::LitStr,
    pub(crate) operation: Option<syn::LitStr>,
    pub(crate) into: Option<syn::Path>,
    pub(crate) krate: Option<syn::Path>,
}

const EXPECTED: &str = "expected `spec`, `operation`, `into` or `crate`";

impl CatalogArgs {
    pub(crate) fn parse(tokens: TokenStream) -> syn::Result<CatalogArgs> {
        let mut spec = None;
        let mut operation = None;
        let mut into = None;
        let mut krate = None;
        let parser = syn::meta::parser(|meta| {
            let key = meta.path.get_ident().map(ToString::to_string).unwrap_or_default();
            let once = |present: bool| {
                if present { Err(meta.error(format!("`{key}` is given twice"))) } else { Ok(()) }
            };
            match key.as_str() {
                "spec" => {
                    once(spec.is_some())?;
                    spec = Some(meta.value()?.parse::<syn::LitStr>()?);
                }
                "operation" => {
                    once(operation.is_some())?;
                    operation = Some(meta.value()?.parse::<syn::LitStr>()?);
                }
                "into" => {
                    once(into.is_some())?;
                    into = Some(meta.value()?.parse::<syn::Path>()?);
                }
                "crate" => {
                    once(krate.is_some())?;
                    krate = Some(meta.value()?.parse::<syn::Path>()?);
                }
                _ => {
                    return Err(meta.error(format!(
                        "unknown argument `{}`; {EXPECTED}",
                        path_text(&meta.path)
                    )));
                }
            }
            Ok(())
        });
        parser.parse2(tokens)?;
        let spec = spec.ok_or_else(|| {
            syn::Error::new(
                proc_macro2::Span::call_site(),
                "missing `spec`\nhelp: name the catalog spec: #[errtable::catalog(spec = \"specs/vendor.json\")]",
            )
        })?;
        if spec.value().trim().is_empty() {
            return Err(syn::Error::new(
                spec.span(),
                "`spec` is empty\nhelp: give the path of the catalog spec",
            ));
        }
        if let Some(op) = &operation
            && op.value().trim().is_empty()
        {
            return Err(syn::Error::new(
                op.span(),
                "`operation` is empty\nhelp: give the operation's name, e.g. \"User.Login\"",
            ));
        }
        Ok(CatalogArgs { spec, operation, into, krate })
    }
}

fn path_text(path: &syn::Path) -> String {
    let segments: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
    segments.join("::")
}
