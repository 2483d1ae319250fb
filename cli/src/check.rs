//! `errtable check`: validate specs, report every problem, summarize each catalog.

use std::path::{Path, PathBuf};

use clap::Args;
use errtable_codegen::Catalog;

use crate::output::{Outcome, plural};
use crate::spec;
use crate::style::{Term, Tone};
use crate::table::{Align, Table};

/// Arguments of `errtable check`.
#[derive(Args, Debug)]
#[command(after_help = "\
Examples:
  errtable check specs
  errtable check specs/octopost.json specs/octeth.json

Each problem is printed on stderr as `error: file:line:col: message` with the JSON
pointer of the offending value and a `help:` line; each valid spec gets one summary
line on stdout. Exit status: 0 when every spec is valid, 1 otherwise.")]
pub struct CheckArgs {
    /// Spec files, or directories whose `*.json` files are checked (in name order,
    /// skipping `*.schema.json`). Defaults to the current directory.
    ///
    /// Example: errtable check specs vendor/acme.json
    #[arg(value_name = "SPEC|DIR")]
    pub paths: Vec<PathBuf>,
}

/// One spec's result.
struct Checked {
    /// The path as shown.
    display: String,
    /// The catalog, or how many problems it has.
    result: Result<Catalog, usize>,
}

/// Runs `errtable check`.
pub fn run(args: &CheckArgs, term: &Term) -> Outcome {
    let mut outcome = Outcome::new();
    let default = [PathBuf::from(".")];
    let paths = if args.paths.is_empty() { &default[..] } else { &args.paths[..] };
    let mut checked = Vec::new();
    let mut other_problems = 0;
    for path in paths {
        match spec_files(path) {
            Ok(files) => {
                for file in files {
                    let display = spec::display(&file);
                    let result = errtable_codegen::load_file(&file, &display).map_err(|d| {
                        outcome.stderr.push_str(&term.err.diagnostics(&d));
                        d.0.len()
                    });
                    checked.push(Checked { display, result });
                }
            }
            Err(message) => {
                outcome.stderr.push_str(&term.err.error(&message));
                // A blank line after each problem, as after each diagnostic.
                outcome.stderr.push('\n');
                other_problems += 1;
            }
        }
    }
    if !checked.is_empty() {
        outcome.stdout.push_str(&summary_table(&checked, term));
    }
    let failed = checked.iter().filter(|c| c.result.is_err()).count();
    let problems: usize =
        other_problems + checked.iter().filter_map(|c| c.result.as_ref().err()).sum::<usize>();
    let ok = checked.len() - failed;
    let line = if problems == 0 {
        term.out.paint(Tone::Good, &format!("{} ok", plural(ok, "spec", "specs")))
    } else {
        let mut line = plural(problems, "problem", "problems");
        if failed > 0 {
            line.push_str(&format!(" in {}", plural(failed, "spec", "specs")));
        }
        term.out.paint(Tone::Bad, &format!("{line}; {ok} ok"))
    };
    outcome.stdout.push_str(&line);
    outcome.stdout.push('\n');
    outcome.code = u8::from(problems > 0);
    outcome
}

/// The specs `path` names: itself, or a directory's `*.json` files but schemas, by name.
fn spec_files(path: &Path) -> Result<Vec<PathBuf>, String> {
    if !path.is_dir() {
        // A missing file is reported by the loader, located like any other problem.
        return Ok(vec![path.to_path_buf()]);
    }
    let shown = spec::display(path);
    let entries =
        std::fs::read_dir(path).map_err(|e| format!("cannot read the directory {shown}: {e}"))?;
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .filter(|entry| entry.path().is_file())
        .filter_map(|entry| entry.file_name().into_string().ok())
        .filter(|name| name.ends_with(".json") && !name.ends_with(".schema.json"))
        .collect();
    names.sort();
    if names.is_empty() {
        return Err(format!(
            "no specs in {shown}\n  help: a spec is a `*.json` file (`*.schema.json` files are skipped)"
        ));
    }
    // Joined onto the path as written, so `specs/` shows `specs/octopost.json`.
    Ok(names.into_iter().map(|name| path.join(name)).collect())
}

/// The aligned summary: a header row, then one row per spec.
fn summary_table(checked: &[Checked], term: &Term) -> String {
    let mut table = Table::new(&[
        Align::Left,
        Align::Left,
        Align::Left,
        Align::Left,
        Align::Right,
        Align::Right,
        Align::Right,
        Align::Right,
        Align::Right,
        Align::Right,
        Align::Right,
        Align::Left,
    ]);
    let header = [
        "",
        "spec",
        "catalog",
        "title",
        "errors",
        "codes",
        "ops",
        "never",
        "backoff",
        "after",
        "reauth",
        "backoff policy",
    ];
    table.row(header.iter().map(|h| (h.to_string(), Tone::Dim)).collect());
    for spec in checked {
        match &spec.result {
            Ok(catalog) => table.row(row(&spec.display, catalog)),
            Err(problems) => table.row(vec![
                ("FAIL".into(), Tone::Bad),
                (spec.display.clone(), Tone::Bold),
                (plural(*problems, "problem", "problems"), Tone::Bad),
            ]),
        }
    }
    table.render(term.out, "")
}

/// A valid catalog's summary cells.
fn row(display: &str, catalog: &Catalog) -> Vec<(String, Tone)> {
    let count =
        |n: usize| if n == 0 { ("-".to_owned(), Tone::Dim) } else { (n.to_string(), Tone::Plain) };
    let codes = catalog.entries.iter().filter(|e| e.code.is_some()).count();
    let mut cells = vec![
        ("ok".to_owned(), Tone::Good),
        (display.to_owned(), Tone::Bold),
        (catalog.name.to_string(), Tone::Accent),
        (catalog.title.as_deref().unwrap_or_default().to_owned(), Tone::Plain),
        count(catalog.entries.len()),
        count(codes),
        count(catalog.operations.len()),
    ];
    cells.extend(spec::retry_counts(catalog.entries.iter()).map(count));
    let tone = if catalog.retry.backoff_stated { Tone::Plain } else { Tone::Dim };
    cells.push((spec::backoff_text(&catalog.retry), tone));
    cells
}
