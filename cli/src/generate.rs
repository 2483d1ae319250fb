//! `errtable generate`: the code `#[errtable::catalog]` expands to, formatted, for
//! checked-in generated code or a `build.rs`.

use std::path::PathBuf;

use clap::Args;
use errtable_codegen::Catalog;
use errtable_codegen::expand::{Options, expand};

use crate::output::Outcome;
use crate::spec;
use crate::style::Term;

/// Arguments of `errtable generate`.
#[derive(Args, Debug)]
#[command(after_help = "\
Examples:
  errtable generate specs/octopost.json --enum OctopostError -o src/octopost_error.rs
  errtable generate specs/octeth.json --enum LoginError --operation User.Login \\
      --into crate::octeth::OctethError

The output is what `#[errtable::catalog(spec = \"…\")] pub enum NAME {}` expands to,
formatted with prettyplease, without the `include_bytes!` that makes cargo rebuild on
spec changes: regenerate it when the spec changes. It needs the `errtable` crate.")]
pub struct GenerateArgs {
    /// The catalog spec.
    ///
    /// Example: specs/octopost.json
    #[arg(value_name = "SPEC")]
    pub spec: PathBuf,

    /// Name of the generated enum.
    ///
    /// Example: --enum OctopostError
    #[arg(long = "enum", value_name = "NAME")]
    pub enum_name: String,

    /// Generate the enum of one operation (its table plus the global one).
    ///
    /// Example: --operation User.Login
    #[arg(long, value_name = "NAME")]
    pub operation: Option<String>,

    /// With --operation: the catalog-wide enum this one converts into (`From`), as the
    /// macro's `into = …`.
    ///
    /// Example: --into crate::octeth::OctethError
    #[arg(long, value_name = "PATH", requires = "operation")]
    pub into: Option<String>,

    /// Derives to add to the enum (comma-separated or repeated), as on the macro's enum;
    /// `Debug` is derived unless given here.
    ///
    /// Example: --derive Clone,PartialEq
    #[arg(long, value_name = "TRAITS", value_delimiter = ',')]
    pub derive: Vec<String>,

    /// Path of the runtime crate if it is renamed or re-exported, as the macro's
    /// `crate = …`.
    ///
    /// Example: --crate my_sdk::errtable
    #[arg(long = "crate", value_name = "PATH")]
    pub krate: Option<String>,

    /// Write to FILE instead of stdout.
    ///
    /// Example: -o src/octopost_error.rs
    #[arg(short = 'o', long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Runs `errtable generate`.
pub fn run(args: &GenerateArgs, term: &Term) -> Outcome {
    let catalog = match spec::load(&args.spec, term) {
        Ok(catalog) => catalog,
        Err(outcome) => return outcome,
    };
    if let Err(outcome) = spec::operation(&catalog, args.operation.as_deref(), term) {
        return outcome;
    }
    let code = match generate(&catalog, args) {
        Ok(code) => code,
        Err(message) => return Outcome::usage(term.err.error(&message)),
    };
    let mut outcome = Outcome::new();
    match &args.output {
        None => outcome.stdout = code,
        Some(path) => {
            if let Err(error) = std::fs::write(path, code) {
                outcome.stderr =
                    term.err.error(&format!("cannot write {}: {error}", path.display()));
                outcome.code = 1;
            }
        }
    }
    outcome
}

/// The formatted file: a `@generated` header, then the expansion.
fn generate(catalog: &Catalog, args: &GenerateArgs) -> Result<String, String> {
    let spec_display = spec::display(&args.spec);
    syn::parse_str::<syn::Ident>(&args.enum_name).map_err(|_| {
        format!(
            "--enum `{}` is not a Rust identifier\n  help: name the enum in UpperCamelCase, e.g. --enum OctopostError",
            args.enum_name
        )
    })?;
    let mut derives = Vec::new();
    for derive in args.derive.iter().map(|d| d.trim()).filter(|d| !d.is_empty()) {
        // Attribute contents are not parsed with the enum, so check each path here.
        syn::parse_str::<syn::Path>(derive)
            .map_err(|_| format!("--derive `{derive}` is not a Rust path"))?;
        derives.push(derive);
    }
    let attribute = if derives.is_empty() {
        String::new()
    } else {
        format!("#[derive({})] ", derives.join(", "))
    };
    let shell: syn::DeriveInput =
        syn::parse_str(&format!("{attribute}pub enum {} {{}}", args.enum_name))
            .map_err(|e| format!("internal error: the enum shell does not parse: {e}"))?;
    let mut options = Options::new(spec_display.clone());
    options.operation = args.operation.clone();
    options.into = path_arg("--into", args.into.as_deref())?;
    if let Some(krate) = path_arg("--crate", args.krate.as_deref())? {
        options.krate = krate;
    }
    // Checked-in code has no spec to track: the `include_bytes!` is the macro's only.
    options.track = None;
    let tokens = expand(catalog, &shell, &options).map_err(|e| e.to_string())?;
    let file: syn::File = syn::parse2(tokens)
        .map_err(|e| format!("internal error: the expansion does not parse: {e}"))?;
    Ok(format!(
        "// @generated by errtable from {spec_display}; do not edit.\n// Regenerate with: {}\n\n{}",
        command_line(args, &spec_display),
        prettyplease::unparse(&file)
    ))
}

/// Parses a Rust path given as an option.
fn path_arg(option: &str, text: Option<&str>) -> Result<Option<syn::Path>, String> {
    text.map(|text| {
        syn::parse_str(text).map_err(|_| format!("{option} `{text}` is not a Rust path"))
    })
    .transpose()
}

/// The command that regenerates the file (without `-o`, which is where it went).
fn command_line(args: &GenerateArgs, spec_display: &str) -> String {
    let mut line = format!("errtable generate {spec_display} --enum {}", args.enum_name);
    let derive = (!args.derive.is_empty()).then(|| args.derive.join(","));
    for (option, value) in [
        ("--operation", &args.operation),
        ("--into", &args.into),
        ("--derive", &derive),
        ("--crate", &args.krate),
    ] {
        if let Some(value) = value {
            line.push_str(&format!(" {option} {value}"));
        }
    }
    line
}
