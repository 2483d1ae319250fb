//! The catalog data model: what a spec means once it is valid.
//!
//! The engine builds a [`Catalog`] from a spec; `#[errtable::catalog]` emits the same
//! value, its entries as a [`table`](crate::table) of rows read on first use and the rest
//! as a `static` (text borrowed throughout); the runtime decodes with it and the
//! engine's interpreter, CLI and docs read it. Every field is plain data: caches, such
//! as the runtime's decode plan, live beside it, never in it.

use std::borrow::Cow;
use std::fmt;
use std::time::Duration;

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
    /// Where a successful response (status below 400) carries warnings: codes and
    /// messages that are not errors (Slack's `warning`).
    pub warnings: Option<Envelope>,
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
            overrides: List::Borrowed(&[]),
        },
        warnings: None,
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
    /// An array whose items each carry one error (JSON:API's `errors`, bulk bodies); the
    /// sources below are then relative to the item, and each error keeps its index.
    pub items: Option<Pointer>,
    /// Code sources.
    pub code: List<Source>,
    /// How a code is cleaned before it is matched (AWS shape names, problem type URIs).
    pub normalize: Option<CodeNormalize>,
    /// Message sources.
    pub message: List<Source>,
    /// Request id sources.
    pub request_id: List<Source>,
}

impl Envelope {
    /// No sources: errors are matched by status alone.
    pub const EMPTY: Envelope = Envelope {
        items: None,
        code: List::Borrowed(&[]),
        normalize: None,
        message: List::Borrowed(&[]),
        request_id: List::Borrowed(&[]),
    };
}

/// How a wire code is cleaned before it is matched and kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CodeNormalize {
    /// A Smithy shape name, as AWS JSON protocols send it: everything from the first
    /// `:` is dropped (`X-Amzn-Errortype`'s URL), then everything up to the last `#`
    /// (`__type`'s namespace): `com.amazonaws.dynamodb.v20120810#ThrottlingException`
    /// and `ThrottlingException:http://internal.amazon.com/...` are both
    /// `ThrottlingException`.
    SmithyShape,
    /// The name a URI ends with: its fragment if it has one, else its last non-empty
    /// path segment. RFC 9457 problem types of a vendor's old and new hosts
    /// (`https://old.example/probs/out-of-credit`, `https://api.example/problems/out-of-credit`)
    /// are both `out-of-credit`.
    UriName,
}

impl CodeNormalize {
    /// Every rule, in order.
    pub const ALL: [CodeNormalize; 2] = [CodeNormalize::SmithyShape, CodeNormalize::UriName];

    /// The spelling in a spec.
    pub const fn as_str(self) -> &'static str {
        match self {
            CodeNormalize::SmithyShape => "smithy_shape",
            CodeNormalize::UriName => "uri_name",
        }
    }

    /// Reads a spec spelling.
    pub fn parse(text: &str) -> Option<CodeNormalize> {
        CodeNormalize::ALL.into_iter().find(|rule| rule.as_str() == text)
    }

    /// The cleaned code; `code` itself when there is nothing to clean.
    pub fn apply(self, code: &str) -> &str {
        match self {
            CodeNormalize::SmithyShape => {
                let code = code.split(':').next().unwrap_or(code);
                code.rsplit('#').next().unwrap_or(code).trim()
            }
            CodeNormalize::UriName => {
                if let Some((_, fragment)) = code.split_once('#')
                    && !fragment.is_empty()
                {
                    return fragment;
                }
                let path = code.split(['?', '#']).next().unwrap_or(code);
                path.split('/').rev().find(|segment| !segment.is_empty()).unwrap_or(code)
            }
        }
    }
}

impl fmt::Display for CodeNormalize {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Errors inside a response whose status is below 400.
#[derive(Debug, Clone, PartialEq)]
pub struct EmbeddedRule {
    /// Rule name.
    pub name: Text,
    /// What it recognizes.
    pub description: Option<Text>,
    /// The value here equal to [`equals`](Self::equals) marks a failure (relative to
    /// each item when the envelope has `items`).
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
    /// Headers that override the retry class an error gets (`Stripe-Should-Retry`).
    pub overrides: List<RetryOverride>,
}

/// A response header whose value decides the retry class, whatever the error's entry
/// says: `Stripe-Should-Retry: false` on a 500 means do not retry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryOverride {
    /// The header.
    pub header: Text,
    /// The value (compared trimmed, ignoring ASCII case).
    pub equals: Text,
    /// The class it gives.
    pub retry: RetryClass,
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
            overrides: List::Borrowed(&[]),
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
    /// Other wire codes meaning the same.
    pub aliases: List<Code>,
    /// Documented statuses.
    pub statuses: List<u16>,
    /// What must also hold for a response to be this error (all of them).
    pub when: List<Condition>,
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
    /// The vendor's wait when the response gives none (Google: 30 s on a quota 429).
    pub default_delay: Option<Duration>,
    /// The vendor's shortest wait: a shorter server delay is raised to it.
    pub min_delay: Option<Duration>,
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
        aliases: List::Borrowed(&[]),
        statuses: List::Borrowed(&[]),
        when: List::Borrowed(&[]),
        status_default: false,
        retry: RetryClass::Never,
        retry_safe: false,
        delay_from: None,
        default_delay: None,
        min_delay: None,
        description: Text::Borrowed(""),
        resolution: None,
        fields: List::Borrowed(&[]),
        operation: None,
    };

    /// Whether the entry matches a response by status when the code does not decide.
    pub fn is_status_default(&self) -> bool {
        self.status_default || self.code.is_none()
    }

    /// Its wire codes: the code, then the aliases.
    pub fn codes(&self) -> impl Iterator<Item = &Code> {
        self.code.iter().chain(self.aliases.iter())
    }

    /// The server delay an error of this entry waits for: the response's, raised to the
    /// vendor's minimum, else the vendor's default.
    pub fn bound_delay(&self, server: Option<Duration>) -> Option<Duration> {
        match server {
            Some(delay) => Some(self.min_delay.map_or(delay, |min| delay.max(min))),
            None => self.default_delay,
        }
    }
}

/// Something a response must show for an entry to match, besides its code or status.
#[derive(Debug, Clone, PartialEq)]
pub enum Condition {
    /// A header has this value (compared trimmed, ignoring ASCII case): GitHub's 403 is
    /// a rate limit when `x-ratelimit-remaining` is `0`.
    Header {
        /// The header.
        name: Text,
        /// The value.
        equals: Text,
    },
    /// The message contains this text (ignoring ASCII case): GitHub's secondary rate
    /// limit says so in its message.
    MessageContains(Text),
    /// The status is one of these: OpenAI's `type`, read when `code` is null, names an
    /// error only on its own statuses.
    Status(List<u16>),
    /// The body (the item, in an envelope with items) holds this scalar here: OpenAI's
    /// `error.type` is `insufficient_quota` on every billing error, whatever its code.
    Body {
        /// Where.
        pointer: Pointer,
        /// The scalar, compared as JSON compares (integers exactly).
        equals: Scalar,
    },
}

impl Condition {
    /// Whether it holds for a response with `status`, headers read by `header`,
    /// `message`, and body values tested by `body`.
    pub fn holds<'h>(
        &self,
        status: u16,
        header: impl Fn(&str) -> Option<&'h str>,
        message: Option<&str>,
        body: impl Fn(&Pointer, &Scalar) -> bool,
    ) -> bool {
        match self {
            Condition::Body { pointer, equals } => body(pointer, equals),
            Condition::Header { name, equals } => {
                header(name).is_some_and(|v| v.trim().eq_ignore_ascii_case(equals))
            }
            Condition::MessageContains(text) => {
                message.is_some_and(|m| m.to_ascii_lowercase().contains(&text.to_ascii_lowercase()))
            }
            Condition::Status(statuses) => statuses.contains(&status),
        }
    }
}

impl fmt::Display for Condition {
    /// `header x-ratelimit-remaining = "0"`, `message contains "secondary"`, `status 400`,
    /// `body /error/type = "insufficient_quota"`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Condition::Header { name, equals } => write!(f, "header {name} = {equals:?}"),
            Condition::MessageContains(text) => write!(f, "message contains {text:?}"),
            Condition::Body { pointer, equals } => write!(f, "body {pointer} = {equals}"),
            Condition::Status(statuses) => {
                let list: Vec<String> = statuses.iter().map(u16::to_string).collect();
                write!(f, "status {}", list.join(", "))
            }
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn smithy_shape_names() {
        // The cases of Smithy's awsJson1_0 protocol tests.
        let shape = |code| CodeNormalize::SmithyShape.apply(code);
        assert_eq!(shape("FooError"), "FooError");
        assert_eq!(shape("aws.protocoltests.restjson#FooError"), "FooError");
        assert_eq!(
            shape("FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/"),
            "FooError"
        );
        assert_eq!(
            shape(
                "aws.protocoltests.restjson#FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/"
            ),
            "FooError"
        );
        assert_eq!(
            shape("com.amazonaws.dynamodb.v20120810#ThrottlingException"),
            "ThrottlingException"
        );
    }

    #[test]
    fn uri_names() {
        let name = |code| CodeNormalize::UriName.apply(code);
        assert_eq!(name("https://example.com/probs/out-of-credit"), "out-of-credit");
        assert_eq!(name("https://api.example/problems/out-of-credit/"), "out-of-credit");
        assert_eq!(name("https://developer.vonage.com/api-errors#unauthorized"), "unauthorized");
        assert_eq!(name("/probs/out-of-credit?lang=en"), "out-of-credit");
        assert_eq!(name("about:blank"), "about:blank");
        assert_eq!(name("out-of-credit"), "out-of-credit");
    }

    #[test]
    fn conditions() {
        let headers = [("x-ratelimit-remaining", " 0 ")];
        let header = |name: &str| headers.iter().find(|(n, _)| *n == name).map(|(_, v)| *v);
        let remaining =
            Condition::Header { name: "x-ratelimit-remaining".into(), equals: "0".into() };
        assert!(remaining.holds(403, header, None, |_, _| false));
        assert!(!remaining.holds(403, |_| None, None, |_, _| false));
        let secondary = Condition::MessageContains("secondary rate limit".into());
        assert!(secondary.holds(
            403,
            header,
            Some("You have exceeded a Secondary Rate Limit."),
            |_, _| false
        ));
        assert!(!secondary.holds(403, header, None, |_, _| false));
        let status = Condition::Status(List::Borrowed(&[400, 404]));
        assert!(status.holds(404, header, None, |_, _| false));
        assert!(!status.holds(401, header, None, |_, _| false));
        let quota = Condition::Body {
            pointer: Pointer::from_static("/error/type"),
            equals: Scalar::Str("insufficient_quota".into()),
        };
        let body = |p: &Pointer, v: &Scalar| {
            p.as_str() == "/error/type" && *v == Scalar::Str("insufficient_quota".into())
        };
        assert!(quota.holds(429, header, None, body));
        assert!(!quota.holds(429, header, None, |_, _| false));
        assert_eq!(quota.to_string(), r#"body /error/type = "insufficient_quota""#);
    }

    #[test]
    fn documented_delays_bound_the_server_delay() {
        let entry = Entry {
            default_delay: Some(Duration::from_secs(30)),
            min_delay: Some(Duration::from_secs(1)),
            ..Entry::DEFAULTS
        };
        assert_eq!(entry.bound_delay(None), Some(Duration::from_secs(30)));
        assert_eq!(
            entry.bound_delay(Some(Duration::from_millis(500))),
            Some(Duration::from_secs(1))
        );
        assert_eq!(entry.bound_delay(Some(Duration::from_secs(43))), Some(Duration::from_secs(43)));
        assert_eq!(Entry::DEFAULTS.bound_delay(None), None);
    }
}
