//! The `errtable` command: work with vendor error catalogs without writing Rust.
//!
//! Each subcommand lives in its own module and returns an [`output::Outcome`] (the text for
//! stdout and stderr and the exit status) instead of printing as it goes, so that
//! nothing panics on a closed pipe and output ordering is decided in one place.

mod check;
mod diff;
mod docs;
mod explain;
mod generate;
mod output;
mod schema;
mod spec;
mod style;
mod table;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::style::Term;

/// Validate vendor error catalogs, decode responses with them, and document, compare and
/// generate code from them.
///
/// A catalog spec is a JSON file transcribing a vendor's HTTP error documentation
/// (codes, statuses, fields, retry rules); `#[errtable::catalog]` turns it into a typed
/// Rust enum. This command gives people and CI the same engine without writing Rust.
#[derive(Parser, Debug)]
#[command(name = "errtable", version, propagate_version = true, after_help = EXAMPLES)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// Shown under the top-level `--help`.
const EXAMPLES: &str = "\
Examples:
  errtable check specs
  errtable explain --spec specs/octopost.json --status 429 --header 'Retry-After: 30' \\
      --body '{\"error\": \"Slow down\", \"code\": \"rate_limited\"}'
  errtable docs specs/octeth.json --operation User.Login > LOGIN_ERRORS.md
  errtable diff old/octopost.json specs/octopost.json --fail-on major
  errtable generate specs/octopost.json --enum OctopostError -o src/octopost_error.rs

Exit status: 0 on success; 1 when `check` finds problems (or `diff --fail-on` trips);
2 for bad arguments or a spec that does not load.";

/// The subcommands.
#[derive(Subcommand, Debug)]
enum Command {
    /// Validate specs: every problem located, a summary of each valid catalog.
    Check(check::CheckArgs),
    /// Decode one HTTP response with a catalog and say what it is and what to do.
    Explain(explain::ExplainArgs),
    /// Print a Markdown reference of a catalog: the vendor's table, regenerated.
    Docs(docs::DocsArgs),
    /// Compare two versions of a spec and give the semver impact of the change.
    Diff(diff::DiffArgs),
    /// Print the Rust code `#[errtable::catalog]` expands to, formatted.
    Generate(generate::GenerateArgs),
    /// Print the JSON Schema of the spec format.
    #[command(hide = true)]
    Schema(schema::SchemaArgs),
}

/// Parses the command line, runs the subcommand, writes its output.
fn main() -> ExitCode {
    // clap exits with status 2 on usage errors and 0 for --help and --version.
    let cli = Cli::parse();
    let term = Term::detect();
    let outcome = match cli.command {
        Command::Check(args) => check::run(&args, &term),
        Command::Explain(args) => explain::run(&args, &term),
        Command::Docs(args) => docs::run(&args, &term),
        Command::Diff(args) => diff::run(&args, &term),
        Command::Generate(args) => generate::run(&args, &term),
        Command::Schema(args) => schema::run(&args, &term),
    };
    outcome.emit()
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::Cli;

    #[test]
    fn the_command_line_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
