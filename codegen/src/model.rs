//! A validated catalog: what a spec means once every rule in `valid.rs` holds.
//!
//! Emission, the interpreter, the CLI and the docs all read this model, never the raw
//! file, so they agree on one meaning of a spec.

use std::fmt;

pub use crate::pointer::Pointer;

/// A validated vendor error catalog.
#[derive(Debug, Clone, PartialEq)]
pub struct Catalog {
    /// Machine name, e.g. `octopost`.
    pub name: String,
    /// Human name of the API.
    pub title: Option<String>,
    /// What the API is and how its errors look.
    pub description: Option<String>,
    /// Where the vendor documents its errors.
    pub source: Option<String>,
    /// Where an error response (status >= 400) carries its parts.
    pub envelope: Envelope,
    /// Rules for errors inside responses with status < 400.
    pub embedded: Vec<EmbeddedRule>,
    /// Retry settings.
    pub retry: RetrySettings,
    /// The fallback for undocumented codes and statuses.
    pub unknown: UnknownRule,
    /// Object types used by fields.
    pub types: Vec<ObjectType>,
    /// Every error definition: global ones first, then each operation's own, in file order.
    /// An [`EntryId`] indexes this list.
    pub entries: Vec<Entry>,
    /// The entries that apply when no operation is selected.
    pub global: Scope,
    /// Operation tables.
    pub operations: Vec<Operation>,
}

/// Index into [`Catalog::entries`].
pub type EntryId = usize;

/// Index into [`Catalog::types`].
pub type TypeId = usize;

impl Catalog {
    /// The operation called `name`.
    pub fn operation(&self, name: &str) -> Option<&Operation> {
        self.operations.iter().find(|op| op.name == name)
    }

    /// The entries in force for `operation` (the global table when `None`).
    pub fn scope<'a>(&'a self, operation: Option<&'a Operation>) -> &'a Scope {
        operation.map_or(&self.global, |op| &op.scope)
    }

    /// The entry a response resolves to within `scope`: the entry with `code`, else the
    /// default entry for `status`, else none (the unknown fallback).
    pub fn resolve(&self, scope: &Scope, code: Option<&str>, status: u16) -> Option<EntryId> {
        let by_code = code.and_then(|code| {
            scope
                .entries
                .iter()
                .copied()
                .find(|&id| self.entries[id].code.as_ref().is_some_and(|c| c.text() == code))
        });
        by_code.or_else(|| {
            scope.entries.iter().copied().find(|&id| {
                let entry = &self.entries[id];
                entry.is_status_default() && entry.statuses.contains(&status)
            })
        })
    }

    /// The retry class of an unknown error with `status`.
    pub fn unknown_retry(&self, status: u16) -> RetryClass {
        self.unknown.retry_for(status)
    }
}

/// Where a response carries an error's code, message and request id.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Envelope {
    /// Code sources, first present wins.
    pub code: Vec<Source>,
    /// Message sources.
    pub message: Vec<Source>,
    /// Request id sources.
    pub request_id: Vec<Source>,
}

/// A place a value is read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A JSON pointer into the body (or the current item).
    Body(Pointer),
    /// A header name, compared case-insensitively.
    Header(String),
}

/// A place the server's retry delay is read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DelaySource {
    /// A header in `Retry-After` format.
    Header(String),
    /// A body number of seconds.
    BodySeconds(Pointer),
    /// A body number of milliseconds.
    BodyMilliseconds(Pointer),
}

/// Errors inside a successful response.
#[derive(Debug, Clone, PartialEq)]
pub struct EmbeddedRule {
    /// Rule name.
    pub name: String,
    /// What it recognizes.
    pub description: Option<String>,
    /// Array of items checked one by one; other pointers are then item-relative.
    pub items: Option<Pointer>,
    /// The value at `when_pointer` equal to `when_equals` marks a failure.
    pub when_pointer: Pointer,
    /// A JSON scalar.
    pub when_equals: serde_json::Value,
    /// Where the parts sit.
    pub envelope: Envelope,
}

/// Retry settings of a catalog.
#[derive(Debug, Clone, PartialEq)]
pub struct RetrySettings {
    /// Server delay sources for every error (unless an entry has its own).
    pub delay_from: Vec<DelaySource>,
    /// The backoff policy.
    pub backoff: Backoff,
    /// Whether the vendor's doc states the policy (else errtable's default).
    pub backoff_stated: bool,
    /// Retry class of transport failures (no response at all).
    pub transport: RetryClass,
}

/// Exponential backoff.
#[derive(Debug, Clone, PartialEq)]
pub struct Backoff {
    /// First delay, ms.
    pub initial_delay_ms: u64,
    /// Growth factor, >= 1.
    pub factor: f64,
    /// Cap on any delay, ms.
    pub max_delay_ms: u64,
    /// Attempts in all.
    pub max_attempts: u32,
    /// Randomization.
    pub jitter: Jitter,
    /// Where the numbers come from.
    pub description: Option<String>,
}

impl Backoff {
    /// errtable's policy for vendors whose docs state none.
    pub fn errtable_default() -> Self {
        Backoff {
            initial_delay_ms: 500,
            factor: 2.0,
            max_delay_ms: 30_000,
            max_attempts: 4,
            jitter: Jitter::Full,
            description: None,
        }
    }
}

/// Backoff randomization.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Jitter {
    /// Exact delays.
    None,
    /// Uniform in `0..=delay`.
    Full,
    /// `delay/2` plus uniform in `0..=delay/2`.
    Equal,
}

impl Jitter {
    /// The spelling in a spec.
    pub fn as_str(self) -> &'static str {
        match self {
            Jitter::None => "none",
            Jitter::Full => "full",
            Jitter::Equal => "equal",
        }
    }
}

/// How an error is retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RetryClass {
    /// Do not retry: the request must change first.
    Never,
    /// Transient: retry with exponential backoff.
    Backoff,
    /// Throttled: wait for the server's delay, else back off.
    After,
    /// Refresh the session or credentials, then retry.
    Reauth,
}

impl RetryClass {
    /// All classes, in order.
    pub const ALL: [RetryClass; 4] =
        [RetryClass::Never, RetryClass::Backoff, RetryClass::After, RetryClass::Reauth];

    /// The spelling in a spec and in `errtable explain --json`.
    pub fn as_str(self) -> &'static str {
        match self {
            RetryClass::Never => "never",
            RetryClass::Backoff => "backoff",
            RetryClass::After => "after",
            RetryClass::Reauth => "reauth",
        }
    }

    /// Reads a spec spelling.
    pub fn parse(text: &str) -> Option<RetryClass> {
        RetryClass::ALL.into_iter().find(|class| class.as_str() == text)
    }

    /// A short phrase for docs and terminal output.
    pub fn describe(self) -> &'static str {
        match self {
            RetryClass::Never => "do not retry",
            RetryClass::Backoff => "retry with exponential backoff",
            RetryClass::After => "wait for the server's delay, else back off",
            RetryClass::Reauth => "re-authenticate, then retry",
        }
    }
}

impl fmt::Display for RetryClass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A status pattern in the unknown fallback's retry table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusPattern {
    /// One status.
    Exact(u16),
    /// A class: `5` for `5xx`.
    Class(u16),
}

impl StatusPattern {
    /// Whether `status` fits.
    pub fn matches(self, status: u16) -> bool {
        match self {
            StatusPattern::Exact(s) => s == status,
            StatusPattern::Class(c) => status / 100 == c,
        }
    }
}

impl fmt::Display for StatusPattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StatusPattern::Exact(s) => write!(f, "{s}"),
            StatusPattern::Class(c) => write!(f, "{c}xx"),
        }
    }
}

/// The unknown-code fallback.
#[derive(Debug, Clone, PartialEq)]
pub struct UnknownRule {
    /// Its Rust variant name.
    pub variant: String,
    /// Retry by status: exact statuses first, then classes, then `default`.
    pub retry: Vec<(StatusPattern, RetryClass)>,
    /// Class for statuses no pattern fits.
    pub default_retry: RetryClass,
}

impl UnknownRule {
    /// errtable's default: 429 after, 5xx backoff, else never.
    pub fn default_retry_table() -> Vec<(StatusPattern, RetryClass)> {
        vec![
            (StatusPattern::Exact(429), RetryClass::After),
            (StatusPattern::Class(5), RetryClass::Backoff),
        ]
    }

    /// The class for `status`: an exact pattern beats a class pattern.
    pub fn retry_for(&self, status: u16) -> RetryClass {
        let exact = self
            .retry
            .iter()
            .find(|(p, _)| matches!(p, StatusPattern::Exact(_)) && p.matches(status));
        let class = || {
            self.retry
                .iter()
                .find(|(p, _)| matches!(p, StatusPattern::Class(_)) && p.matches(status))
        };
        exact.or_else(class).map_or(self.default_retry, |(_, c)| *c)
    }
}

/// An object type for fields.
#[derive(Debug, Clone, PartialEq)]
pub struct ObjectType {
    /// Rust type name.
    pub name: String,
    /// Documentation.
    pub description: Option<String>,
    /// Fields, pointers relative to the object.
    pub fields: Vec<Field>,
}

/// A wire code.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Code {
    /// Integer code.
    Int(i64),
    /// String code.
    Str(String),
}

impl Code {
    /// The canonical text a wire code is compared with: decimal for integers.
    pub fn text(&self) -> std::borrow::Cow<'_, str> {
        match self {
            Code::Int(i) => i.to_string().into(),
            Code::Str(s) => s.as_str().into(),
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Code::Int(i) => write!(f, "{i}"),
            Code::Str(s) => write!(f, "{s:?}"),
        }
    }
}

/// One documented error: a variant of the generated enum.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// Rust variant name.
    pub variant: String,
    /// Wire code; `None` for status-only entries.
    pub code: Option<Code>,
    /// Documented statuses.
    pub statuses: Vec<u16>,
    /// Whether the entry matches its statuses when the code is absent or unknown
    /// (always true for entries without a code).
    pub status_default: bool,
    /// Retry class.
    pub retry: RetryClass,
    /// Delay sources replacing the catalog's.
    pub delay_from: Option<Vec<DelaySource>>,
    /// The vendor's description.
    pub description: String,
    /// The vendor's resolution.
    pub resolution: Option<String>,
    /// Typed fields.
    pub fields: Vec<Field>,
    /// The operation that defines it (`None` for the global table).
    pub operation: Option<String>,
    /// Where it is defined in the spec, as a JSON pointer.
    pub pointer: String,
}

impl Entry {
    /// Whether the entry matches a response by status when the code does not decide.
    pub fn is_status_default(&self) -> bool {
        self.status_default || self.code.is_none()
    }
}

/// A typed field.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The vendor's field name.
    pub name: String,
    /// The Rust field name (an identifier, possibly a keyword needing `r#`).
    pub rust_name: String,
    /// Its type.
    pub ty: FieldType,
    /// Where it is read, first present wins.
    pub from: Vec<Source>,
    /// What it means.
    pub description: Option<String>,
}

/// The types a field can have: exactly what the runtime decodes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldType {
    /// `i64`.
    Integer,
    /// `f64`.
    Number,
    /// `String`.
    String,
    /// `bool`.
    Boolean,
    /// `Vec<String>`.
    StringList,
    /// `Vec<i64>`.
    IntegerList,
    /// `BTreeMap<String, String>`.
    StringMap,
    /// An object type.
    Object(TypeId),
    /// A list of an object type.
    ObjectList(TypeId),
}

impl FieldType {
    /// The spelling in a spec.
    pub fn spelling(self, types: &[ObjectType]) -> String {
        match self {
            FieldType::Integer => "integer".into(),
            FieldType::Number => "number".into(),
            FieldType::String => "string".into(),
            FieldType::Boolean => "boolean".into(),
            FieldType::StringList => "list<string>".into(),
            FieldType::IntegerList => "list<integer>".into(),
            FieldType::StringMap => "map<string>".into(),
            FieldType::Object(t) => types[t].name.clone(),
            FieldType::ObjectList(t) => format!("list<{}>", types[t].name),
        }
    }
}

/// The entries in force for one operation, or globally.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Scope {
    /// Entries, most specific first: the operation's own (and the ones it refers to),
    /// then the global entries it does not override.
    pub entries: Vec<EntryId>,
}

/// An operation table.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// Its name, e.g. `User.Login`.
    pub name: String,
    /// What it does.
    pub description: Option<String>,
    /// The table as the vendor lists it: each row's code, the entry it means, and the
    /// row's own description when it restates another entry with `same_as`.
    pub rows: Vec<OperationRow>,
    /// Entries in force.
    pub scope: Scope,
}

/// One row of an operation table.
#[derive(Debug, Clone, PartialEq)]
pub struct OperationRow {
    /// The entry the row resolves to.
    pub entry: EntryId,
    /// Whether it restates an entry defined elsewhere (`same_as`).
    pub same_as: bool,
    /// The row's own description, if it differs from the entry's.
    pub description: Option<String>,
}
