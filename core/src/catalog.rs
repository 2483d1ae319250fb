//! The catalog data model: what a spec means once it is valid.
//!
//! The engine builds a [`Catalog`] from a spec; `#[errtable::catalog]` emits the same
//! value as a `static` (text and lists borrowed); the runtime decodes with it and the
//! engine's interpreter, CLI and docs read it. Every field is plain data: caches, such
//! as the runtime's decode plan, live beside it, never in it.

use std::borrow::Cow;
use std::fmt;

use crate::{
    Backoff, DelaySource, FieldType, List, Pointer, RetryClass, Source, Text, UnknownRule,
};

/// Index into [`Catalog::entries`].
pub type EntryId = usize;

/// A vendor error catalog.
#[derive(Debug, Clone, PartialEq)]
pub struct Catalog {
    /// Machine name, e.g. `octopost`.
    pub name: Text,
    /// Human name of the API.
    pub title: Option<Text>,
    /// What the API is and how its errors look.
    pub description: Option<Text>,
    /// Where the vendor documents its errors.
    pub source: Option<Text>,
    /// Where an error response (status >= 400) carries its parts.
    pub envelope: Envelope,
    /// Rules for errors inside responses with status < 400.
    pub embedded: List<EmbeddedRule>,
    /// Retry settings.
    pub retry: RetrySettings,
    /// The fallback for undocumented codes and statuses.
    pub unknown: UnknownRule,
    /// Object types used by fields; [`FieldType::Object`] indexes this list.
    pub types: List<ObjectType>,
    /// Every error definition: global ones first, then each operation's own, in file
    /// order. An [`EntryId`] indexes this list.
    pub entries: List<Entry>,
    /// The entries that apply when no operation is selected.
    pub global: Scope,
    /// Operation tables.
    pub operations: List<Operation>,
}

impl Catalog {
    /// A catalog without entries, for enums whose spec failed to load.
    pub const EMPTY: Catalog = Catalog {
        name: Text::Borrowed(""),
        title: None,
        description: None,
        source: None,
        envelope: Envelope::EMPTY,
        embedded: List::Borrowed(&[]),
        retry: RetrySettings {
            delay_from: List::Borrowed(RetrySettings::DEFAULT_DELAY_FROM),
            backoff: Backoff::DEFAULT,
            backoff_stated: false,
            backoff_description: None,
            transport: RetryClass::Backoff,
        },
        unknown: UnknownRule::DEFAULT,
        types: List::Borrowed(&[]),
        entries: List::Borrowed(&[]),
        global: Scope { entries: List::Borrowed(&[]) },
        operations: List::Borrowed(&[]),
    };

    /// The operation called `name`.
    pub fn operation(&self, name: &str) -> Option<&Operation> {
        self.operations.iter().find(|op| op.name == name)
    }

    /// The index of the operation called `name`.
    pub fn operation_index(&self, name: &str) -> Option<usize> {
        self.operations.iter().position(|op| op.name == name)
    }

    /// The entries in force for `operation` (the global table when `None`).
    pub fn scope<'a>(&'a self, operation: Option<&'a Operation>) -> &'a Scope {
        operation.map_or(&self.global, |op| &op.scope)
    }

    /// The retry class an error gets: its entry's, or the fallback's for its status.
    pub fn retry_class(&self, entry: Option<EntryId>, status: u16) -> RetryClass {
        match entry.and_then(|id| self.entries.get(id)) {
            Some(entry) => entry.retry,
            None => self.unknown.retry_for(status),
        }
    }

    /// The delay sources an error of `entry` reads (the catalog's unless it has its own).
    pub fn delay_sources<'a>(&'a self, entry: Option<&'a Entry>) -> &'a [DelaySource] {
        entry.and_then(|e| e.delay_from.as_deref()).unwrap_or(&self.retry.delay_from)
    }

    /// The name of the object type `t`.
    pub fn type_name(&self, t: u16) -> &str {
        self.types.get(usize::from(t)).map_or("?", |ty| &ty.name)
    }

    /// A field type as a spec spells it.
    pub fn type_spelling(&self, ty: FieldType) -> String {
        ty.spelling(|t| self.type_name(t).to_owned())
    }
}

/// Where a response carries an error's code, message and request id. Each list is tried
/// in order; the first source holding a usable value wins.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Envelope {
    /// Code sources.
    pub code: List<Source>,
    /// Message sources.
    pub message: List<Source>,
    /// Request id sources.
    pub request_id: List<Source>,
}

impl Envelope {
    /// No sources: errors are matched by status alone.
    pub const EMPTY: Envelope = Envelope {
        code: List::Borrowed(&[]),
        message: List::Borrowed(&[]),
        request_id: List::Borrowed(&[]),
    };
}

/// Errors inside a response whose status is below 400.
#[derive(Debug, Clone, PartialEq)]
pub struct EmbeddedRule {
    /// Rule name.
    pub name: Text,
    /// What it recognizes.
    pub description: Option<Text>,
    /// Array of items checked one by one; other pointers are then item-relative.
    pub items: Option<Pointer>,
    /// The value here equal to [`equals`](Self::equals) marks a failure.
    pub when: Pointer,
    /// The marking value.
    pub equals: Scalar,
    /// Where the parts sit.
    pub envelope: Envelope,
}

/// A JSON scalar in a catalog.
#[derive(Debug, Clone, PartialEq)]
pub enum Scalar {
    /// `null`.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A number that is not an integer.
    Float(f64),
    /// A string.
    Str(Text),
}

impl fmt::Display for Scalar {
    /// As JSON writes it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Scalar::Null => f.write_str("null"),
            Scalar::Bool(b) => write!(f, "{b}"),
            Scalar::Int(i) => write!(f, "{i}"),
            Scalar::Float(x) => write!(f, "{x:?}"),
            Scalar::Str(s) => write!(f, "{s:?}"),
        }
    }
}

/// Retry settings of a catalog.
#[derive(Debug, Clone, PartialEq)]
pub struct RetrySettings {
    /// Server delay sources for every error (unless an entry has its own).
    pub delay_from: List<DelaySource>,
    /// The backoff policy.
    pub backoff: Backoff,
    /// Whether the vendor's doc states the policy (else it is errtable's default).
    pub backoff_stated: bool,
    /// Where the policy's numbers come from, in the vendor's words.
    pub backoff_description: Option<Text>,
    /// Retry class of transport failures (no response at all).
    pub transport: RetryClass,
}

impl RetrySettings {
    /// The delay sources of a catalog that names none: the `Retry-After` header.
    pub const DEFAULT_DELAY_FROM: &'static [DelaySource] = &[DelaySource::RETRY_AFTER];
}

impl Default for RetrySettings {
    fn default() -> Self {
        RetrySettings {
            delay_from: List::Borrowed(RetrySettings::DEFAULT_DELAY_FROM),
            backoff: Backoff::DEFAULT,
            backoff_stated: false,
            backoff_description: None,
            transport: RetryClass::Backoff,
        }
    }
}

/// An object type for fields.
#[derive(Debug, Clone, PartialEq)]
pub struct ObjectType {
    /// Rust type name.
    pub name: Text,
    /// Documentation.
    pub description: Option<Text>,
    /// Fields, pointers relative to the object.
    pub fields: List<Field>,
}

/// A wire code.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Code {
    /// An integer code.
    Int(i64),
    /// A string code.
    Str(Text),
}

impl Code {
    /// The canonical text a wire code is compared with: decimal for integers.
    pub fn text(&self) -> Cow<'_, str> {
        match self {
            Code::Int(i) => i.to_string().into(),
            Code::Str(s) => Cow::Borrowed(s),
        }
    }
}

impl fmt::Display for Code {
    /// `3` or `"rate_limited"`.
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
    pub variant: Text,
    /// Wire code; `None` for status-only entries.
    pub code: Option<Code>,
    /// Documented statuses.
    pub statuses: List<u16>,
    /// Whether the entry matches its statuses when the code is absent or unknown
    /// (always true for entries without a code).
    pub status_default: bool,
    /// Retry class.
    pub retry: RetryClass,
    /// Whether the vendor guarantees that a request failing so was not processed, so a
    /// non-idempotent request may be retried too.
    pub retry_safe: bool,
    /// Delay sources replacing the catalog's.
    pub delay_from: Option<List<DelaySource>>,
    /// The vendor's description.
    pub description: Text,
    /// The vendor's resolution.
    pub resolution: Option<Text>,
    /// Typed fields, in declaration order.
    pub fields: List<Field>,
    /// The operation that defines it (`None` for the global table).
    pub operation: Option<Text>,
}

impl Entry {
    /// The values an entry has unless it says otherwise; generated tables complete each
    /// entry with `..Entry::DEFAULTS`, so they spell out only what the spec states.
    pub const DEFAULTS: Entry = Entry {
        variant: Text::Borrowed(""),
        code: None,
        statuses: List::Borrowed(&[]),
        status_default: false,
        retry: RetryClass::Never,
        retry_safe: false,
        delay_from: None,
        description: Text::Borrowed(""),
        resolution: None,
        fields: List::Borrowed(&[]),
        operation: None,
    };

    /// Whether the entry matches a response by status when the code does not decide.
    pub fn is_status_default(&self) -> bool {
        self.status_default || self.code.is_none()
    }
}

/// A typed field.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The vendor's field name.
    pub name: Text,
    /// The Rust field name (an identifier, possibly a keyword needing `r#`).
    pub rust_name: Text,
    /// Its type.
    pub ty: FieldType,
    /// Where it is read, first usable wins.
    pub from: List<Source>,
    /// What it means.
    pub description: Option<Text>,
}

/// The entries in force for one operation, or globally.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Scope {
    /// Entries, most specific first: the operation's own (and the ones it refers to),
    /// then the global entries it does not override.
    pub entries: List<EntryId>,
}

/// An operation table.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// Its name, e.g. `User.Login`.
    pub name: Text,
    /// What it does.
    pub description: Option<Text>,
    /// The table as the vendor lists it: each row's entry, and whether the row restates
    /// an entry defined elsewhere.
    pub rows: List<OperationRow>,
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
    pub description: Option<Text>,
}
