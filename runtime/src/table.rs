//! The static description of a catalog that generated code emits and the decoder reads.
//!
//! Generated code is a `static` [`CatalogTable`] plus small matches; all decoding logic
//! lives in [`crate::decode`], compiled once, whatever the number of catalogs. These
//! types are not a stable API (they are reached through `errtable::__private`).

use std::sync::OnceLock;

use crate::decode::plan::Plan;
use crate::retry::{Backoff, RetryClass};

/// A JSON pointer, as its unescaped reference tokens.
pub type PointerTokens = &'static [&'static str];

/// One catalog.
pub struct CatalogTable {
    /// Machine name, e.g. `"octopost"`.
    pub name: &'static str,
    /// Where an error response (status >= 400) carries its parts.
    pub envelope: Envelope,
    /// Rules for errors inside responses with status < 400.
    pub embedded: &'static [EmbeddedRule],
    /// Every entry, catalog-wide; indexes are the entry ids of [`Scope`]s.
    pub entries: &'static [Entry],
    /// Object types for fields.
    pub types: &'static [ObjectType],
    /// `scopes[0]` is the global table; `scopes[i]` the `i`-th operation's.
    pub scopes: &'static [Scope],
    /// The fallback.
    pub unknown: Unknown,
    /// Where the server's delay is read from, unless an entry says otherwise.
    pub delay_from: &'static [DelaySource],
    /// The vendor's backoff policy.
    pub backoff: Backoff,
    /// Retry class of requests that got no response.
    pub transport: RetryClass,
    /// The decoder's capture plan, built on first use.
    pub plan: OnceLock<Plan>,
}

/// Where a response carries its code, message and request id.
pub struct Envelope {
    /// Code sources, first present wins.
    pub code: &'static [Source],
    /// Message sources.
    pub message: &'static [Source],
    /// Request id sources.
    pub request_id: &'static [Source],
}

/// A place a value is read from.
#[derive(Debug, Clone, Copy)]
pub enum Source {
    /// A pointer into the body, or into the current item of a bulk response.
    Body(PointerTokens),
    /// A header, matched case-insensitively.
    Header(&'static str),
}

/// A place the server's delay is read from.
#[derive(Debug, Clone, Copy)]
pub enum DelaySource {
    /// A header in `Retry-After` format.
    Header(&'static str),
    /// A body number (or numeric string) of seconds.
    BodySeconds(PointerTokens),
    /// A body number (or numeric string) of milliseconds.
    BodyMilliseconds(PointerTokens),
}

/// Errors inside a response with status < 400.
pub struct EmbeddedRule {
    /// Rule name.
    pub name: &'static str,
    /// Array whose items are checked one by one.
    pub items: Option<PointerTokens>,
    /// The value here equal to `equals` marks a failure.
    pub when: PointerTokens,
    /// The marking value.
    pub equals: Scalar,
    /// Where the parts sit (item-relative with `items`).
    pub envelope: Envelope,
}

/// A JSON scalar in a table.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Scalar {
    /// `null`.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A non-integer number.
    Float(f64),
    /// A string.
    Str(&'static str),
}

/// One documented error.
pub struct Entry {
    /// Rust variant name.
    pub variant: &'static str,
    /// Wire code as canonical text (decimal for integer codes).
    pub code: Option<&'static str>,
    /// Documented statuses.
    pub statuses: &'static [u16],
    /// Matches its statuses when the code is absent or unknown.
    pub status_default: bool,
    /// Retry class.
    pub retry: RetryClass,
    /// Delay sources replacing the catalog's.
    pub delay_from: Option<&'static [DelaySource]>,
    /// Typed fields, in declaration order.
    pub fields: &'static [Field],
    /// The vendor's description.
    pub description: &'static str,
    /// The vendor's resolution.
    pub resolution: Option<&'static str>,
    /// The operation defining it.
    pub operation: Option<&'static str>,
}

/// A typed field.
pub struct Field {
    /// The vendor's name.
    pub name: &'static str,
    /// Its type.
    pub ty: FieldType,
    /// Where it is read, first usable wins.
    pub from: &'static [Source],
}

/// What the decoder turns a field into.
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
    /// The object type at this index of [`CatalogTable::types`].
    Object(u16),
    /// A list of it.
    ObjectList(u16),
}

/// An object type.
pub struct ObjectType {
    /// Rust type name.
    pub name: &'static str,
    /// Its fields, pointers relative to the object.
    pub fields: &'static [Field],
}

/// The entries in force for one operation (or globally), most specific first.
pub struct Scope {
    /// Operation name; `None` for the global table.
    pub operation: Option<&'static str>,
    /// Entry ids.
    pub entries: &'static [u16],
}

/// The fallback for undocumented codes and statuses.
pub struct Unknown {
    /// Its Rust variant name.
    pub variant: &'static str,
    /// Retry class by exact status.
    pub exact: &'static [(u16, RetryClass)],
    /// Retry class by status class (`5` for 5xx).
    pub classes: &'static [(u16, RetryClass)],
    /// Class for any other status.
    pub default: RetryClass,
}

impl Unknown {
    /// The retry class of an unknown error with `status`.
    pub fn retry_for(&self, status: u16) -> RetryClass {
        let exact = self.exact.iter().find(|(s, _)| *s == status);
        let class = || self.classes.iter().find(|(c, _)| *c == status / 100);
        exact.or_else(class).map_or(self.default, |(_, class)| *class)
    }
}

impl CatalogTable {
    /// The entry whose id is `id`.
    pub fn entry(&self, id: usize) -> Option<&'static Entry> {
        self.entries.get(id)
    }

    /// The retry class an error gets: its entry's, or the fallback's for its status.
    pub fn retry_class(&self, entry: Option<usize>, status: u16) -> RetryClass {
        match entry.and_then(|id| self.entries.get(id)) {
            Some(entry) => entry.retry,
            None => self.unknown.retry_for(status),
        }
    }
}
