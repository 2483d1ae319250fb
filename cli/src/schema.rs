//! `errtable schema` (hidden): the JSON Schema of the spec format, for editors and for
//! keeping `specs/errtable.schema.json` current.

use std::path::PathBuf;

use clap::Args;

use crate::output::Outcome;
use crate::style::Term;

/// Arguments of `errtable schema`.
#[derive(Args, Debug)]
#[command(after_help = "\
Examples:
  errtable schema -o specs/errtable.schema.json")]
pub struct SchemaArgs {
    /// Write to FILE instead of stdout.
    ///
    /// Example: -o specs/errtable.schema.json
    #[arg(short = 'o', long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Runs `errtable schema`.
pub fn run(args: &SchemaArgs, term: &Term) -> Outcome {
    let text = errtable_codegen::schema::schema_text();
    Outcome::written(text, args.output.as_deref(), term)
}
