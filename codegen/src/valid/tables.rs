//! The error tables: entries, the global table, and operation tables with their
//! `same_as` rows, `overrides` and status defaults.

use std::collections::{HashMap, HashSet};

use std::time::Duration;

use errtable_core::{
    Code, Condition, Entry, EntryId, List, Operation, OperationRow, Scope, UnknownRule,
};

use super::types::{self, FieldContext};
use super::{embedded, retry, shape, sources, text};

use crate::ast::{self, Lenient, NamedList};
use crate::diag::{Collector, Ptr};
use crate::json::Json;

const EXAMPLE: &str = r#"an entry like {"variant": "RateLimited", "code": "rate_limited", "status": [429], "retry": "after", "description": "..."}"#;

/// Names that entries are checked against, known even when their sections are broken
/// (so that a problem inside one does not turn every use into a second, false problem).
pub(super) struct Names {
    /// Declared object type names.
    pub(super) types: Vec<String>,
    /// The fallback variant's name.
    pub(super) fallback: String,
}

impl Names {
    pub(super) fn of(file: &ast::SpecFile) -> Names {
        let types = match &file.types {
            Some(Lenient::Ok(types)) => types.0.iter().map(|(name, _)| name.clone()).collect(),
            _ => Vec::new(),
        };
        let fallback = match &file.unknown {
            Some(Lenient::Ok(ast::Unknown { variant: Some(name), .. })) => name.clone(),
            _ => UnknownRule::DEFAULT_VARIANT.to_owned(),
        };
        Names { types, fallback }
    }
}

/// Every entry, and the scopes that select them.
pub(super) struct Tables {
    pub(super) entries: Vec<Entry>,
    pub(super) global: Scope,
    pub(super) operations: Vec<Operation>,
}

/// The global table and every operation's.
pub(super) fn lower(cx: &mut Collector, file: &ast::SpecFile, names: &Names) -> Option<Tables> {
    let mut entries = Vec::new();
    let global = global(cx, file.errors.as_ref(), names, &mut entries);
    let operations = operations(cx, file.operations.as_ref(), names, &mut entries, global.as_ref());
    Some(Tables { entries, global: global?.scope, operations: operations? })
}

fn global(
    cx: &mut Collector,
    errors: Option<&Lenient<Vec<Lenient<ast::Entry>>>>,
    names: &Names,
    entries: &mut Vec<Entry>,
) -> Option<Table> {
    let root = Ptr::ROOT;
    let Some(errors) = errors else {
        cx.error(
            &root,
            "missing `errors`, the global error table",
            r#"add "errors": [...] with one entry per documented code or status"#,
        );
        return None;
    };
    let at = root.key("errors");
    let errors = shape::section(cx, &at, errors, "a list of entries")?;
    Some(table(cx, &at, errors, None, names, entries, None))
}

fn operations(
    cx: &mut Collector,
    operations: Option<&Lenient<NamedList<Lenient<ast::Operation>>>>,
    names: &Names,
    entries: &mut Vec<Entry>,
    global: Option<&Table>,
) -> Option<Vec<Operation>> {
    let Some(operations) = operations else { return Some(Vec::new()) };
    let list_at = Ptr::ROOT.key("operations");
    let operations = shape::section(cx, &list_at, operations, "an object keyed by operation name")?;
    let mut out = Vec::new();
    for (name, operation) in &operations.0 {
        let at = list_at.key(name);
        if name.trim().is_empty() {
            cx.error_at_key(
                &at,
                "empty operation name",
                "use the vendor's name, e.g. \"User.Login\"",
            );
        }
        let Some(operation) =
            shape::section(cx, &at, operation, r#"an object like {"errors": [...]}"#)
        else {
            continue;
        };
        let errors_at = at.key("errors");
        if operation.errors.is_empty() {
            cx.error(
                &errors_at,
                format!("operation `{name}` has an empty error table"),
                "list the operation's own codes, or leave the operation out: the global table \
                 already applies to every operation",
            );
            continue;
        }
        let table = table(cx, &errors_at, &operation.errors, Some(name), names, entries, global);
        out.push(Operation {
            name: text(name),
            description: operation.description.as_deref().map(text),
            rows: table.rows.into(),
            scope: table.scope,
        });
    }
    Some(out)
}

/// A lowered table: its rows and the entries in force.
struct Table {
    rows: Vec<OperationRow>,
    scope: Scope,
    /// Wire code (and alias) to the first entry in force with it.
    codes: HashMap<String, EntryId>,
}

impl Table {
    /// The entry with `code`, compared as wire text (`42` and `"42"` are one code).
    fn code_entry(&self, code: &Code) -> Option<EntryId> {
        self.codes.get(code.text().as_ref()).copied()
    }
}

/// Lowers one table (the global one when `operation` is `None`), defining its entries
/// in `entries`. The table comes back even when some entries are broken, so operations
/// can still be checked against the global codes that did lower.
fn table(
    cx: &mut Collector,
    at: &Ptr,
    errors: &[Lenient<ast::Entry>],
    operation: Option<&str>,
    names: &Names,
    entries: &mut Vec<Entry>,
    global: Option<&Table>,
) -> Table {
    let mut rows: Vec<OperationRow> = Vec::new();
    // Wire code -> the entries using it so far: (index, whether it has conditions).
    // Sized up front: growing a map rehashes it, costly in the macro's unoptimized build.
    let mut codes: HashMap<String, (usize, bool)> = HashMap::with_capacity(errors.len());
    let mut defaults: HashMap<u16, (String, usize, bool)> = HashMap::new();
    let mut overridden: HashSet<String> = HashSet::new();

    for (i, raw) in errors.iter().enumerate() {
        let entry_at = at.index(i);
        let Some(raw) = shape::section(cx, &entry_at, raw, EXAMPLE) else { continue };
        let code = code(cx, &entry_at, raw.code.as_ref());
        let code_invalid = raw.code.is_some() && code.is_none();
        let conditional = raw.when.as_ref().is_some_and(|w| !w.items.is_empty());
        let aliases_at = entry_at.key("aliases");
        let aliases: Vec<(Ptr, Option<Code>)> = raw
            .aliases
            .iter()
            .enumerate()
            .map(|(a, alias)| (aliases_at.index(a), self::code_at(cx, &aliases_at.index(a), alias)))
            .collect();
        let written = code
            .iter()
            .map(|c| (entry_at.key("code"), c))
            .chain(aliases.iter().filter_map(|(at, alias)| Some((*at, alias.as_ref()?))));
        for (code_at, code) in written {
            let wire = code.text().into_owned();
            match codes.get(&wire) {
                // An earlier entry with the code matches only under conditions: this one
                // can still match when they do not hold.
                Some(&(_, true)) => {}
                Some(&(first, false)) => cx.error_with_other(
                    &code_at,
                    format!("duplicate code {code}"),
                    "first used by the entry",
                    at.index(first).text(),
                    "give every code one entry; if its meaning depends on the operation, move the \
                     entries into operation tables; if it depends on a header or the message, \
                     put the entry with `when` conditions first",
                ),
                None => {
                    codes.insert(wire, (i, conditional));
                }
            }
        }
        let aliases: Option<Vec<Code>> = aliases.into_iter().map(|(_, alias)| alias).collect();

        if let Some(target) = &raw.same_as {
            if operation.is_none() {
                cx.error_at_key(
                    &entry_at.key("same_as"),
                    "`same_as` is only allowed in operation tables",
                    "define the entry here with its own `variant`, or move the row into an operation",
                );
                continue;
            }
            if let Some(entry) = same_as(cx, &entry_at, raw, target, code.as_ref(), entries) {
                if let (Some(global), Some(code)) = (global, &code)
                    && global.code_entry(code).is_some()
                {
                    overridden.insert(code.text().into_owned());
                }
                rows.push(OperationRow {
                    entry,
                    same_as: true,
                    description: raw.description.as_deref().map(text),
                });
            }
            continue;
        }

        if raw.overrides && operation.is_none() {
            cx.error_at_key(
                &entry_at.key("overrides"),
                "`overrides` is only meaningful in an operation table",
                "remove it: global entries override nothing",
            );
        } else if raw.overrides && raw.code.is_none() {
            cx.error_at_key(
                &entry_at.key("overrides"),
                "`overrides` needs a `code`: it replaces the global entry with the same code",
                "add the code the operation redefines, or remove `overrides`",
            );
        }
        if let (Some(global), Some(code)) = (global, &code) {
            match (global.code_entry(code), raw.overrides) {
                (Some(id), false) => {
                    let variant = &entries[id].variant;
                    cx.error(
                        &entry_at.key("code"),
                        format!(
                            "code {code} of operation `{}` is also a global code (`{variant}`)",
                            operation.unwrap_or_default()
                        ),
                        format!(
                            "add \"overrides\": true if the operation gives the code its own meaning, \
                             or write {{\"code\": {code}, \"same_as\": \"{variant}\"}} if it means the same"
                        ),
                    );
                }
                (None, true) => cx.error_at_key(
                    &entry_at.key("overrides"),
                    format!("`overrides` is set but no global entry has code {code}"),
                    "remove `overrides`",
                ),
                (Some(_), true) => {
                    overridden.insert(code.text().into_owned());
                }
                (None, false) => {}
            }
        }

        let Some(mut entry) = entry(cx, &entry_at, raw, code, operation, names) else { continue };
        let Some(aliases) = aliases else { continue };
        entry.aliases = aliases.into();
        // An entry whose code was rejected is not a status default: it only lacks one
        // until the spec is fixed.
        if entry.is_status_default() && !code_invalid {
            for &status in entry.statuses.iter() {
                match defaults.get(&status) {
                    // The earlier default matches only under conditions.
                    Some((_, _, true)) => {}
                    Some((first_variant, first, false)) => cx.error_with_other(
                        &entry_at,
                        format!(
                            "status {status} has two default entries, `{first_variant}` and `{}`",
                            entry.variant
                        ),
                        format!("`{first_variant}` is the entry"),
                        at.index(*first).text(),
                        "only one entry per status may match by status alone: give one a `code` \
                         without `status_default`, or `when` conditions (placed first)",
                    ),
                    None => {
                        defaults.insert(status, (entry.variant.to_string(), i, conditional));
                    }
                }
            }
        }
        entries.push(entry);
        rows.push(OperationRow { entry: entries.len() - 1, same_as: false, description: None });
    }

    let mut scope: Vec<EntryId> = Vec::new();
    let global_len = global.map_or(0, |g| g.scope.entries.len());
    let mut in_scope: HashSet<EntryId> = HashSet::with_capacity(rows.len() + global_len);
    for row in &rows {
        if in_scope.insert(row.entry) {
            scope.push(row.entry);
        }
    }
    if let Some(global) = global {
        for &id in global.scope.entries.iter() {
            let code = entries[id].code.as_ref().map(|c| c.text().into_owned());
            let is_overridden = code.is_some_and(|c| overridden.contains(&c));
            if !is_overridden && in_scope.insert(id) {
                scope.push(id);
            }
        }
    }
    let mut codes: HashMap<String, EntryId> = HashMap::with_capacity(scope.len());
    for &id in &scope {
        for code in entries[id].codes() {
            codes.entry(code.text().into_owned()).or_insert(id);
        }
    }
    Table { rows, scope: Scope { entries: scope.into() }, codes }
}

fn code(cx: &mut Collector, at: &Ptr, code: Option<&ast::Code>) -> Option<Code> {
    code_at(cx, &at.key("code"), code?)
}

fn code_at(cx: &mut Collector, at: &Ptr, code: &ast::Code) -> Option<Code> {
    match code {
        ast::Code::Int(i) => Some(Code::Int(*i)),
        ast::Code::Str(s) if s.trim().is_empty() => {
            cx.error(
                at,
                "empty code",
                "copy the vendor's code, or drop `code` to match the entry by status alone",
            );
            None
        }
        ast::Code::Str(s) => Some(Code::Str(text(s))),
    }
}

/// An entry's `when` conditions.
fn conditions(
    cx: &mut Collector,
    at: &Ptr,
    when: Option<&ast::OneOrMany<ast::EntryCondition>>,
) -> Option<Vec<Condition>> {
    let Some(when) = when else { return Some(Vec::new()) };
    let lowered: Vec<Option<Condition>> = when
        .items
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let here = if when.written_as_list { at.index(i) } else { *at };
            condition(cx, &here, c)
        })
        .collect();
    lowered.into_iter().collect()
}

fn condition(cx: &mut Collector, at: &Ptr, c: &ast::EntryCondition) -> Option<Condition> {
    let help = r#"write one of {"header": "x-ratelimit-remaining", "equals": "0"}, {"pointer": "/error/type", "equals": "insufficient_quota"}, {"message_contains": "secondary rate limit"} or {"status": [400]}"#;
    match (&c.header, &c.pointer, &c.equals, &c.message_contains, &c.status) {
        (Some(name), None, Some(equals), None, None) => {
            let name = sources::header(cx, &at.key("header"), name);
            let Json::String(equals) = equals else {
                cx.error(
                    &at.key("equals"),
                    "a header condition compares with a string",
                    r#"write the header's value as a string, e.g. "equals": "0""#,
                );
                return None;
            };
            Some(Condition::Header { name: name?, equals: text(equals.trim()) })
        }
        (Some(_), None, None, None, None) => {
            cx.error(
                at,
                "a header condition has no `equals`",
                "give the value the header must have",
            );
            None
        }
        (None, Some(pointer), Some(equals), None, None) => {
            let pointer = sources::pointer(cx, &at.key("pointer"), pointer);
            let equals = embedded::scalar(equals);
            if equals.is_none() {
                cx.error(
                    &at.key("equals"),
                    "`equals` must be a JSON scalar",
                    r#"compare with a boolean, number, string or null, e.g. "equals": "insufficient_quota""#,
                );
            }
            Some(Condition::Body { pointer: pointer?, equals: equals? })
        }
        (None, Some(_), None, None, None) => {
            cx.error(
                at,
                "a body condition has no `equals`",
                "give the scalar the body must hold at `pointer`",
            );
            None
        }
        (None, None, None, Some(needle), None) if !needle.trim().is_empty() => {
            Some(Condition::MessageContains(text(needle)))
        }
        (None, None, None, Some(_), None) => {
            cx.error(
                &at.key("message_contains"),
                "empty `message_contains`",
                "give the text the message must contain",
            );
            None
        }
        (None, None, None, None, Some(list)) => {
            statuses(cx, at, "condition", Some(list.as_slice()))
                .map(|s| Condition::Status(s.into()))
        }
        _ => {
            cx.error(at, "a condition must test exactly one thing", help);
            None
        }
    }
}

/// A row restating an entry defined before it: the entry's id.
fn same_as(
    cx: &mut Collector,
    at: &Ptr,
    raw: &ast::Entry,
    target: &str,
    code: Option<&Code>,
    entries: &[Entry],
) -> Option<EntryId> {
    let checkpoint = cx.checkpoint();
    let extra = [
        ("variant", raw.variant.is_some()),
        ("status", raw.status.is_some()),
        ("status_default", raw.status_default),
        ("retry", raw.retry.is_some()),
        ("retry_safe", raw.retry_safe),
        ("delay_from", raw.delay_from.is_some()),
        ("default_delay_ms", raw.default_delay_ms.is_some()),
        ("min_delay_ms", raw.min_delay_ms.is_some()),
        ("aliases", !raw.aliases.is_empty()),
        ("when", raw.when.is_some()),
        ("resolution", raw.resolution.is_some()),
        ("fields", !raw.fields.0.is_empty()),
        ("overrides", raw.overrides),
    ];
    for (key, _) in extra.iter().filter(|(_, present)| *present) {
        cx.error_at_key(
            &at.key(key),
            format!("an entry with `same_as` cannot set `{key}`"),
            format!(
                "it restates `{target}`: change `{target}` itself, or drop `same_as` and define a new variant"
            ),
        );
    }
    let Some(code) = code else {
        cx.error(at, "an entry with `same_as` has no `code`", "give the code the operation uses");
        return None;
    };
    let Some(id) = entries.iter().position(|e| e.variant == target) else {
        let names: Vec<&str> = entries.iter().map(|e| e.variant.as_ref()).collect();
        cx.error(
            &at.key("same_as"),
            format!("`same_as` names no variant defined before it: `{target}`"),
            if names.is_empty() {
                "no variant is defined before this row: define the entry in the global table \
                 (or an earlier operation) first, or give this row its own `variant`"
                    .to_owned()
            } else {
                format!("use one of: {}", names.join(", "))
            },
        );
        return None;
    };
    // Codes are wire text: `42` and `"42"` are the same code.
    if entries[id].code.as_ref().map(Code::text) != Some(code.text()) {
        let theirs = entries[id].code.as_ref().map_or("no code".into(), |c| format!("code {c}"));
        cx.error(
            &at.key("same_as"),
            format!("code {code} restates `{target}`, which has {theirs}"),
            "`same_as` restates an entry with the same code; define a new variant for a different code",
        );
    }
    cx.clean_since(checkpoint).then_some(id)
}

fn entry(
    cx: &mut Collector,
    at: &Ptr,
    raw: &ast::Entry,
    code: Option<Code>,
    operation: Option<&str>,
    names: &Names,
) -> Option<Entry> {
    let label = raw
        .variant
        .clone()
        .or_else(|| code.as_ref().map(|c| format!("code {c}")))
        .unwrap_or_else(|| "entry".into());

    let variant = match &raw.variant {
        None => {
            cx.error(
                at,
                format!("{label} has no `variant`"),
                r#"name the Rust variant, e.g. "variant": "RateLimited""#,
            );
            None
        }
        Some(v) => retry::variant_name(cx, &at.key("variant"), v),
    };
    let statuses = statuses(cx, at, &label, raw.status.as_deref());
    let retry = match &raw.retry {
        None => {
            cx.error(
                at,
                format!("{label} has no `retry`"),
                r#"say how to retry it: "retry": "never", "backoff", "after" or "reauth""#,
            );
            None
        }
        Some(name) => retry::class(cx, &at.key("retry"), name),
    };
    let description = match &raw.description {
        Some(d) if !d.trim().is_empty() => Some(text(d)),
        _ => {
            cx.error(
                at,
                format!("{label} has no `description`"),
                "copy the vendor's description of the error; it becomes the variant's documentation",
            );
            None
        }
    };
    let delay_from = match &raw.delay_from {
        Some(d) => {
            sources::delay_sources(cx, &at.key("delay_from"), d).map(|d| Some(List::from(d)))
        }
        None => Some(None),
    };
    let fields =
        types::fields(cx, &at.key("fields"), &raw.fields, &names.types, FieldContext::Entry);
    let when = conditions(cx, &at.key("when"), raw.when.as_ref());
    Some(Entry {
        variant: variant?,
        code,
        aliases: List::Borrowed(&[]),
        statuses: statuses?.into(),
        when: when?.into(),
        status_default: raw.status_default,
        retry: retry?,
        retry_safe: raw.retry_safe,
        delay_from: delay_from?,
        default_delay: raw.default_delay_ms.map(Duration::from_millis),
        min_delay: raw.min_delay_ms.map(Duration::from_millis),
        description: description?,
        resolution: raw.resolution.as_deref().map(text),
        fields: fields?.into(),
        operation: operation.map(text),
    })
}

fn statuses(cx: &mut Collector, at: &Ptr, label: &str, list: Option<&[i64]>) -> Option<Vec<u16>> {
    let help = r#"list the HTTP statuses the vendor documents for it, e.g. "status": [429]"#;
    let list = match list {
        None => {
            cx.error(at, format!("{label} has no `status`"), help);
            return None;
        }
        Some([]) => {
            cx.error(&at.key("status"), "`status` is an empty list", help);
            return None;
        }
        Some(list) => list,
    };
    let list_at = at.key("status");
    let mut out: Vec<Option<u16>> = Vec::new();
    for (i, &s) in list.iter().enumerate() {
        let status = u16::try_from(s).ok().filter(|s| (100..=599).contains(s));
        match status {
            None => {
                cx.error(
                    &list_at.index(i),
                    format!("status {s} is outside 100..=599"),
                    "use an HTTP status code",
                );
                out.push(None);
            }
            Some(s) if out.contains(&Some(s)) => {
                cx.error(
                    &list_at.index(i),
                    format!("status {s} is listed twice"),
                    "list each status once",
                );
                out.push(None);
            }
            Some(s) => out.push(Some(s)),
        }
    }
    out.into_iter().collect()
}
