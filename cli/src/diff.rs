//! `errtable diff`: what changed between two versions of a spec, and what that means
//! for the semver of a crate exposing the generated enum.
//!
//! Entries are matched by variant name, since the variant is what users' code names.
//! The generated enum is exhaustive (unless its author adds `#[non_exhaustive]`), so any
//! added or removed variant, field or type breaks users' `match`es and constructors;
//! changes that keep the API but change what a response decodes to, or how it is
//! retried, are behavior changes; the rest is documentation.

use std::collections::BTreeSet;
use std::fmt;
use std::path::PathBuf;

use clap::{Args, ValueEnum};
use errtable_codegen::Catalog;
use errtable_codegen::model::{EmbeddedRule, Entry, Envelope, Field, Operation};

use crate::output::{Outcome, plural};
use crate::spec;
use crate::style::{Paint, Term, Tone};
use crate::table::{Align, Table};

/// Arguments of `errtable diff`.
#[derive(Args, Debug)]
#[command(after_help = "\
Examples:
  errtable diff old/octopost.json specs/octopost.json
  git show v1.2.0:specs/octopost.json > /tmp/old.json && \\
      errtable diff /tmp/old.json specs/octopost.json --fail-on major

Impacts, for a crate whose public API exposes the generated enum:
  major  breaking: a variant added to or removed from the catalog-wide enum or an
         operation's enum (the enum is exhaustive), a field added, removed or retyped,
         a type removed, an operation removed, the fallback variant renamed
  minor  behavior change without an API break: codes, statuses, retry classes, delay
         sources, backoff policy, where errors are read, entries moving between operations
  patch  documentation only: descriptions, resolutions, titles
Exit status: 0 when both specs load (unless --fail-on trips: 1); 2 otherwise.")]
pub struct DiffArgs {
    /// The previous version of the spec.
    ///
    /// Example: old/octopost.json
    #[arg(value_name = "OLD")]
    pub old: PathBuf,

    /// The new version of the spec.
    ///
    /// Example: specs/octopost.json
    #[arg(value_name = "NEW")]
    pub new: PathBuf,

    /// Exit with status 1 when the impact is at least LEVEL (for CI).
    ///
    /// Example: --fail-on major
    #[arg(long, value_name = "LEVEL")]
    pub fail_on: Option<FailOn>,
}

/// The `--fail-on` threshold.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum FailOn {
    /// Fail on breaking changes.
    #[value(alias = "breaking")]
    Major,
    /// Fail on behavior changes or worse.
    #[value(alias = "behavior")]
    Minor,
    /// Fail on any change, documentation included.
    #[value(alias = "any")]
    Patch,
}

impl FailOn {
    /// The lowest impact that trips it.
    fn threshold(self) -> Impact {
        match self {
            FailOn::Major => Impact::Major,
            FailOn::Minor => Impact::Minor,
            FailOn::Patch => Impact::Patch,
        }
    }
}

/// The semver impact of a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Impact {
    /// Nothing changed.
    None,
    /// Documentation only.
    Patch,
    /// Behavior change, no API break.
    Minor,
    /// Breaking.
    Major,
}

impl Impact {
    /// How a change of this impact is colored.
    fn tone(self) -> Tone {
        match self {
            Impact::Major => Tone::Bad,
            Impact::Minor => Tone::Warn,
            Impact::Patch | Impact::None => Tone::Dim,
        }
    }
}

impl fmt::Display for Impact {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Impact::None => "none",
            Impact::Patch => "patch",
            Impact::Minor => "minor",
            Impact::Major => "major",
        })
    }
}

/// One difference.
#[derive(Debug, Clone)]
struct Change {
    impact: Impact,
    /// What kind of change: `added`, `retry`, `docs`…
    kind: &'static str,
    /// The variant, operation or part of the catalog concerned.
    subject: String,
    /// Old and new values, or what it means.
    detail: String,
}

/// Collects changes.
#[derive(Default)]
struct Changes(Vec<Change>);

impl Changes {
    fn push(&mut self, impact: Impact, kind: &'static str, subject: &str, detail: String) {
        self.0.push(Change { impact, kind, subject: subject.to_owned(), detail });
    }

    /// Records `old -> new` when they differ.
    fn compare(&mut self, impact: Impact, kind: &'static str, subject: &str, old: &str, new: &str) {
        if old != new {
            self.push(impact, kind, subject, format!("{old} -> {new}"));
        }
    }
}

/// Runs `errtable diff`.
pub fn run(args: &DiffArgs, term: &Term) -> Outcome {
    let old = spec::load(&args.old, term);
    let new = spec::load(&args.new, term);
    let (old, new) = match (old, new) {
        (Ok(old), Ok(new)) => (old, new),
        (old, new) => {
            // Report both broken specs at once.
            let mut outcome = Outcome::usage(String::new());
            for failed in [old.err(), new.err()].into_iter().flatten() {
                outcome.stderr.push_str(&failed.stderr);
            }
            return outcome;
        }
    };
    let mut changes = compare(&old, &new);
    // Most severe first; within an impact, in the order found (spec order).
    changes.sort_by_key(|c| std::cmp::Reverse(c.impact));
    let impact = changes.iter().map(|c| c.impact).max().unwrap_or(Impact::None);
    let mut outcome = Outcome::new();
    outcome.stdout = report(args, &changes, impact, term.out);
    if args.fail_on.is_some_and(|level| impact >= level.threshold()) {
        outcome.code = 1;
    }
    outcome
}

/// Every change from `old` to `new`.
fn compare(old: &Catalog, new: &Catalog) -> Vec<Change> {
    let mut out = Changes::default();
    catalog_metadata(&mut out, old, new);
    entries(&mut out, old, new);
    types(&mut out, old, new);
    operations(&mut out, old, new);
    decoding(&mut out, old, new);
    retry(&mut out, old, new);
    out.0
}

/// The catalog's name, docs and unknown fallback.
fn catalog_metadata(out: &mut Changes, old: &Catalog, new: &Catalog) {
    out.compare(Impact::Minor, "catalog", "name", &old.name, &new.name);
    for (what, o, n) in [
        ("title", &old.title, &new.title),
        ("description", &old.description, &new.description),
        ("source", &old.source, &new.source),
    ] {
        if o != n {
            out.push(Impact::Patch, "docs", "(catalog)", format!("{what} changed"));
        }
    }
    out.compare(Impact::Major, "renamed", "(fallback)", &old.unknown.variant, &new.unknown.variant);
    let unknown_retry = |c: &Catalog| {
        let mut rules: Vec<String> =
            c.unknown.retry.iter().map(|(p, class)| format!("{p} {class}")).collect();
        rules.push(format!("otherwise {}", c.unknown.default_retry));
        rules.join(", ")
    };
    out.compare(
        Impact::Minor,
        "retry",
        &new.unknown.variant,
        &unknown_retry(old),
        &unknown_retry(new),
    );
}

/// A short description of an entry for added/removed lines.
fn entry_summary(entry: &Entry) -> String {
    let mut text = match &entry.code {
        Some(code) => format!("code {code}, HTTP {}", spec::statuses_text(&entry.statuses)),
        None => format!("HTTP {}", spec::statuses_text(&entry.statuses)),
    };
    text.push_str(&format!(", retry {}", entry.retry));
    if let Some(op) = &entry.operation {
        text.push_str(&format!(", operation {op}"));
    }
    text
}

/// Variants added, removed, or changed (matched by name).
fn entries(out: &mut Changes, old: &Catalog, new: &Catalog) {
    let find = |c: &'_ Catalog, variant: &str| -> Option<usize> {
        c.entries.iter().position(|e| e.variant == variant)
    };
    for entry in old.entries.iter() {
        if find(new, &entry.variant).is_none() {
            out.push(Impact::Major, "removed", &entry.variant, entry_summary(entry));
        }
    }
    for entry in new.entries.iter() {
        match find(old, &entry.variant).and_then(|i| old.entries.get(i)) {
            None => out.push(Impact::Major, "added", &entry.variant, entry_summary(entry)),
            Some(before) => entry_changes(out, old, new, before, entry),
        }
    }
}

/// What changed in one entry present in both versions.
fn entry_changes(out: &mut Changes, old: &Catalog, new: &Catalog, o: &Entry, n: &Entry) {
    let v = n.variant.as_ref();
    out.compare(
        Impact::Minor,
        "code",
        v,
        &spec::code_text(o.code.as_ref()),
        &spec::code_text(n.code.as_ref()),
    );
    out.compare(
        Impact::Minor,
        "status",
        v,
        &spec::statuses_text(&o.statuses),
        &spec::statuses_text(&n.statuses),
    );
    if o.is_status_default() != n.is_status_default() {
        let detail = if n.is_status_default() {
            "now also matches its statuses when the code is absent or unknown"
        } else {
            "no longer matches its statuses when the code is absent or unknown"
        };
        out.push(Impact::Minor, "status", v, detail.into());
    }
    out.compare(Impact::Minor, "retry", v, o.retry.as_str(), n.retry.as_str());
    if o.delay_from != n.delay_from {
        out.compare(
            Impact::Minor,
            "delay",
            v,
            &spec::delay_sources_text(spec::entry_delays(old, o)),
            &spec::delay_sources_text(spec::entry_delays(new, n)),
        );
    }
    let scope = |op: &Option<errtable_codegen::model::Text>| {
        op.as_ref().map_or_else(|| "global table".to_owned(), |op| format!("operation {op}"))
    };
    out.compare(Impact::Minor, "moved", v, &scope(&o.operation), &scope(&n.operation));
    if o.description != n.description {
        out.push(Impact::Patch, "docs", v, "description changed".into());
    }
    if o.resolution != n.resolution {
        out.push(Impact::Patch, "docs", v, "resolution changed".into());
    }
    fields(out, v, (old, &o.fields), (new, &n.fields));
}

/// Field changes of a variant or an object type named `owner`.
fn fields(out: &mut Changes, owner: &str, old: (&Catalog, &[Field]), new: (&Catalog, &[Field])) {
    let (old_catalog, old) = old;
    let (new_catalog, new) = new;
    for field in old {
        if !new.iter().any(|f| f.name == field.name) {
            out.push(Impact::Major, "fields", owner, format!("field `{}` removed", field.name));
        }
    }
    for field in new {
        let Some(before) = old.iter().find(|f| f.name == field.name) else {
            out.push(
                Impact::Major,
                "fields",
                owner,
                format!("field `{}` ({}) added", field.name, new_catalog.type_spelling(field.ty)),
            );
            continue;
        };
        let name = &field.name;
        let (old_ty, new_ty) =
            (old_catalog.type_spelling(before.ty), new_catalog.type_spelling(field.ty));
        if old_ty != new_ty {
            out.push(Impact::Major, "fields", owner, format!("`{name}` type {old_ty} -> {new_ty}"));
        }
        if before.rust_name != field.rust_name {
            out.push(
                Impact::Major,
                "fields",
                owner,
                format!("`{name}` Rust name {} -> {}", before.rust_name, field.rust_name),
            );
        }
        if before.from != field.from {
            out.push(
                Impact::Minor,
                "fields",
                owner,
                format!(
                    "`{name}` read from {} -> {}",
                    spec::sources_text(&before.from),
                    spec::sources_text(&field.from)
                ),
            );
        }
        if before.description != field.description {
            out.push(Impact::Patch, "docs", owner, format!("`{name}` description changed"));
        }
    }
}

/// Object types added, removed, or with changed fields.
fn types(out: &mut Changes, old: &Catalog, new: &Catalog) {
    for ty in old.types.iter() {
        if !new.types.iter().any(|t| t.name == ty.name) {
            out.push(Impact::Major, "removed", &ty.name, "object type".into());
        }
    }
    for ty in new.types.iter() {
        match old.types.iter().find(|t| t.name == ty.name) {
            None => out.push(Impact::Minor, "added", &ty.name, "object type".into()),
            Some(before) => {
                fields(out, &ty.name, (old, &before.fields), (new, &ty.fields));
                if before.description != ty.description {
                    out.push(Impact::Patch, "docs", &ty.name, "description changed".into());
                }
            }
        }
    }
}

/// Operations added or removed, and variants entering or leaving operation enums.
fn operations(out: &mut Changes, old: &Catalog, new: &Catalog) {
    for op in old.operations.iter() {
        if new.operation(&op.name).is_none() {
            out.push(
                Impact::Major,
                "removed",
                &format!("operation {}", op.name),
                "`operation = \"…\"` enums of it no longer compile".into(),
            );
        }
    }
    let variant_names = |c: &Catalog| -> BTreeSet<String> {
        c.entries.iter().map(|e| e.variant.to_string()).collect()
    };
    let in_both: BTreeSet<String> =
        variant_names(old).intersection(&variant_names(new)).cloned().collect();
    // Variant -> the operation enums it left or entered, in operation order, so that a
    // variant moving out of five operations is one line, not five.
    let mut left: Vec<(String, Vec<String>)> = Vec::new();
    let mut entered: Vec<(String, Vec<String>)> = Vec::new();
    for op in new.operations.iter() {
        let subject = format!("operation {}", op.name);
        let Some(before) = old.operation(&op.name) else {
            out.push(
                Impact::Minor,
                "added",
                &subject,
                format!("{} of its own", plural(op.rows.len(), "row", "rows")),
            );
            continue;
        };
        // Variants added or removed catalog-wide are reported once, as such; here only
        // the ones that entered or left this operation's enum.
        let scope = |c: &Catalog, o: &Operation| -> BTreeSet<String> {
            o.scope
                .entries
                .iter()
                .filter_map(|&id| c.entries.get(id))
                .map(|e| e.variant.to_string())
                .filter(|v| in_both.contains(v))
                .collect()
        };
        let (was, is) = (scope(old, before), scope(new, op));
        for variant in was.difference(&is) {
            group(&mut left, variant, &op.name);
        }
        for variant in is.difference(&was) {
            group(&mut entered, variant, &op.name);
        }
        if before.description != op.description {
            out.push(Impact::Patch, "docs", &subject, "description changed".into());
        }
        let rows = |c: &Catalog, o: &Operation| -> Vec<(String, Option<String>)> {
            o.rows
                .iter()
                .filter_map(|r| {
                    let variant = c.entries.get(r.entry)?.variant.to_string();
                    Some((variant, r.description.as_deref().map(str::to_owned)))
                })
                .collect()
        };
        let (old_rows, new_rows) = (rows(old, before), rows(new, op));
        let same_variants = old_rows.iter().map(|r| &r.0).eq(new_rows.iter().map(|r| &r.0));
        if same_variants && old_rows != new_rows {
            out.push(Impact::Patch, "docs", &subject, "row descriptions changed".into());
        }
    }
    for (variant, ops) in left {
        let detail = format!(
            "from the {} {}",
            ops.join(", "),
            if ops.len() == 1 { "enum" } else { "enums" }
        );
        out.push(Impact::Major, "removed", &variant, detail);
    }
    for (variant, ops) in entered {
        let detail =
            format!("to the {} {}", ops.join(", "), if ops.len() == 1 { "enum" } else { "enums" });
        out.push(Impact::Major, "added", &variant, detail);
    }
}

/// Appends `op` to `variant`'s list, keeping first-seen order.
fn group(groups: &mut Vec<(String, Vec<String>)>, variant: &str, op: &str) {
    match groups.iter_mut().find(|(v, _)| v == variant) {
        Some((_, ops)) => ops.push(op.to_owned()),
        None => groups.push((variant.to_owned(), vec![op.to_owned()])),
    }
}

/// Where errors are read: the envelope and the embedded rules.
fn decoding(out: &mut Changes, old: &Catalog, new: &Catalog) {
    envelope(out, "(error responses)", &old.envelope, &new.envelope);
    for rule in old.embedded.iter() {
        if !new.embedded.iter().any(|r| r.name == rule.name) {
            out.push(
                Impact::Minor,
                "decoding",
                &format!("(rule {})", rule.name),
                "removed: such responses decode as successes".into(),
            );
        }
    }
    for rule in new.embedded.iter() {
        let subject = format!("(rule {})", rule.name);
        match old.embedded.iter().find(|r| r.name == rule.name) {
            None => out.push(
                Impact::Minor,
                "decoding",
                &subject,
                "added: errors inside successful responses".into(),
            ),
            Some(before) => embedded_rule(out, &subject, before, rule),
        }
    }
}

/// What changed in one embedded rule present in both versions.
fn embedded_rule(out: &mut Changes, subject: &str, o: &EmbeddedRule, n: &EmbeddedRule) {
    let items =
        |r: &EmbeddedRule| r.envelope.items.as_ref().map_or("-".to_owned(), |p| p.to_string());
    out.compare(
        Impact::Minor,
        "decoding",
        subject,
        &format!("items {}", items(o)),
        &format!("items {}", items(n)),
    );
    let when = |r: &EmbeddedRule| format!("when {} = {}", r.when, r.equals);
    out.compare(Impact::Minor, "decoding", subject, &when(o), &when(n));
    envelope(out, subject, &o.envelope, &n.envelope);
    if o.description != n.description {
        out.push(Impact::Patch, "docs", subject, "description changed".into());
    }
}

/// Changed sources of an envelope's code, message and request id.
fn envelope(out: &mut Changes, subject: &str, o: &Envelope, n: &Envelope) {
    for (part, old, new) in [
        ("code", &o.code, &n.code),
        ("message", &o.message, &n.message),
        ("request id", &o.request_id, &n.request_id),
    ] {
        if old != new {
            let text = |s: &[errtable_codegen::model::Source]| {
                if s.is_empty() { "nowhere".to_owned() } else { spec::sources_text(s) }
            };
            out.push(
                Impact::Minor,
                "decoding",
                subject,
                format!("{part} from {} -> {}", text(old), text(new)),
            );
        }
    }
}

/// The catalog's delay sources, backoff policy and transport retry class.
fn retry(out: &mut Changes, old: &Catalog, new: &Catalog) {
    let (o, n) = (&old.retry, &new.retry);
    out.compare(
        Impact::Minor,
        "delay",
        "(catalog)",
        &spec::delay_sources_text(&o.delay_from),
        &spec::delay_sources_text(&n.delay_from),
    );
    let (old_text, new_text) = (spec::backoff_text(o), spec::backoff_text(n));
    if old_text != new_text {
        let numbers_equal = o.backoff == n.backoff;
        // The same numbers, newly stated (or no longer): only the docs change.
        let impact = if numbers_equal { Impact::Patch } else { Impact::Minor };
        out.push(impact, "backoff", "(catalog)", format!("{old_text} -> {new_text}"));
    } else if o.backoff_description != n.backoff_description {
        out.push(Impact::Patch, "docs", "(catalog)", "backoff description changed".into());
    }
    out.compare(
        Impact::Minor,
        "transport",
        "(catalog)",
        o.transport.as_str(),
        n.transport.as_str(),
    );
}

/// The human report.
fn report(args: &DiffArgs, changes: &[Change], impact: Impact, paint: Paint) -> String {
    let mut out = format!(
        "{} -> {}\n\n",
        paint.paint(Tone::Bold, &spec::display(&args.old)),
        paint.paint(Tone::Bold, &spec::display(&args.new))
    );
    if changes.is_empty() {
        out.push_str("  no changes\n\n");
    } else {
        let mut table = Table::new(&[Align::Left, Align::Left, Align::Left, Align::Left]);
        for change in changes {
            table.row(vec![
                (change.impact.to_string(), change.impact.tone()),
                (change.kind.to_owned(), Tone::Plain),
                (change.subject.clone(), Tone::Accent),
                (change.detail.clone(), Tone::Plain),
            ]);
        }
        out.push_str(&table.render(paint, "  "));
        out.push('\n');
    }
    let count = |level: Impact| changes.iter().filter(|c| c.impact == level).count();
    let counts: Vec<String> = [
        (Impact::Major, "breaking"),
        (Impact::Minor, "behavior"),
        (Impact::Patch, "documentation"),
    ]
    .iter()
    .filter(|(level, _)| count(*level) > 0)
    .map(|(level, what)| format!("{} {what}", count(*level)))
    .collect();
    let counts = if counts.is_empty() { "no changes".to_owned() } else { counts.join(", ") };
    out.push_str(&format!(
        "semver impact: {} ({counts})\n",
        paint.paint(impact.tone(), &impact.to_string())
    ));
    if changes.iter().any(|c| c.kind == "added" && c.impact == Impact::Major) {
        out.push_str(
            "  note: a new variant breaks exhaustive `match`es on the generated enum; an enum marked \
             #[non_exhaustive] makes additions minor, but cannot use #[derive(errtable::Handle)]\n",
        );
    }
    out
}
