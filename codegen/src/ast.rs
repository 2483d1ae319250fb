//! The spec file format as written: what `read.rs` reads and schemars describes.
//!
//! Nothing here is validated beyond its JSON shape. Every section that can fail on its
//! own is wrapped in [`Lenient`], so one malformed entry does not hide the problems of
//! the others: `valid.rs` reports all of them at once and lowers the rest into
//! [`crate::model`].

use crate::json::Json;
use crate::read::{self, ParseError};

/// Version of the spec format this crate reads (the `errtable` key of a spec).
pub const FORMAT_VERSION: u64 = 1;

/// A vendor error catalog: one JSON file under `specs/`.
#[derive(Debug, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields, title = "errtable catalog spec"))]
pub struct SpecFile {
    /// The JSON Schema this file follows (for editors); not used by errtable.
    #[cfg_attr(feature = "schema", schemars(rename = "$schema"))]
    pub schema: Option<Lenient<String>>,
    /// Version of the spec format; must be `1`.
    #[cfg_attr(feature = "schema", schemars(required, range(min = 1, max = 1)))]
    pub errtable: Option<Lenient<u64>>,
    /// Short machine name of the catalog, e.g. `"octopost"`.
    #[cfg_attr(feature = "schema", schemars(required, regex(pattern = r"^[a-z][a-z0-9_-]*$")))]
    pub name: Option<Lenient<String>>,
    /// Human name of the API, e.g. `"Octopost API"`.
    pub title: Option<Lenient<String>>,
    /// What the API is and how its errors look; becomes the enum's documentation.
    pub description: Option<Lenient<String>>,
    /// Where the vendor documents its errors (a URL or a document name).
    pub source: Option<Lenient<String>>,
    /// Where an error response (HTTP status 400 and above) carries its code, message and
    /// request id. Without one, such responses are matched by status alone.
    pub envelope: Option<Lenient<Envelope>>,
    /// Errors carried inside responses whose status is below 400 (usually 200 OK).
    pub embedded: Option<Lenient<Vec<Lenient<EmbeddedRule>>>>,
    /// How errors of this catalog are retried: the server's delay, the vendor's backoff
    /// policy, connection errors.
    pub retry: Option<Lenient<RetrySettings>>,
    /// Where a successful response carries warnings (not errors), e.g. Slack's
    /// `warning` on `"ok": true`.
    pub warnings: Option<Lenient<Warnings>>,
    /// What a code or status the catalog does not list decodes to.
    pub unknown: Option<Lenient<Unknown>>,
    /// Object types used by fields (`"type": "list<ValidationIssue>"`), keyed by their
    /// Rust type name.
    pub types: Option<Lenient<NamedList<Lenient<ObjectType>>>>,
    /// The global error table: codes and statuses that apply to every operation.
    #[cfg_attr(feature = "schema", schemars(required))]
    pub errors: Option<Lenient<Vec<Lenient<Entry>>>>,
    /// Code tables scoped to one operation (an API command or endpoint), keyed by the
    /// operation's name, e.g. `"User.Login"`.
    pub operations: Option<Lenient<NamedList<Lenient<Operation>>>>,
    /// Keys this format does not define; reported as errors.
    #[cfg_attr(feature = "schema", schemars(skip))]
    pub unknown_keys: Vec<String>,
    /// Pointers of strings holding control characters (other than line breaks and
    /// tabs), which no documentation needs and a terminal must not receive.
    #[cfg_attr(feature = "schema", schemars(skip))]
    pub control_characters: Vec<String>,
    /// Whether some object of the file writes a key twice (validation locates each).
    #[cfg_attr(feature = "schema", schemars(skip))]
    pub repeated_keys: bool,
}

impl SpecFile {
    /// Reads a spec's top level: each known section on its own (so a problem inside one
    /// does not hide the others), in file order; a repeated key's last value counts, as
    /// in every JSON reader (the repetition itself is reported by validation).
    ///
    /// Fails only when the text is not JSON or not an object.
    pub fn parse(text: &str) -> Result<SpecFile, ParseError> {
        let top = read::top_level(text)?;
        let members = top.members();
        let mut file = SpecFile { repeated_keys: top.has_repeated_keys(), ..SpecFile::default() };
        // The walk of every string, only for a text that could hold a control character.
        if crate::json::may_hold_control_text(text) {
            for &(key, value) in &members {
                let at = format!("/{}", errtable_core::pointer::escape(key));
                let limit = 20usize.saturating_sub(file.control_characters.len());
                let found = value.control_characters(limit);
                file.control_characters
                    .extend(found.into_iter().map(|inner| format!("{at}{inner}")));
            }
        }
        for &(key, raw) in &members {
            // `null` is an absent section, as an optional field reads it.
            if *raw == Json::Null {
                continue;
            }
            match key {
                "$schema" => file.schema = Some(Lenient::read(raw)),
                "errtable" => file.errtable = Some(Lenient::read(raw)),
                "name" => file.name = Some(Lenient::read(raw)),
                "title" => file.title = Some(Lenient::read(raw)),
                "description" => file.description = Some(Lenient::read(raw)),
                "source" => file.source = Some(Lenient::read(raw)),
                "envelope" => file.envelope = Some(Lenient::read(raw)),
                "embedded" => file.embedded = Some(Lenient::read(raw)),
                "retry" => file.retry = Some(Lenient::read(raw)),
                "unknown" => file.unknown = Some(Lenient::read(raw)),
                "warnings" => file.warnings = Some(Lenient::read(raw)),
                "types" => file.types = Some(Lenient::read(raw)),
                "errors" => file.errors = Some(Lenient::read(raw)),
                "operations" => file.operations = Some(Lenient::read(raw)),
                _ => file.unknown_keys.push(key.to_owned()),
            }
        }
        Ok(file)
    }
}

/// Where an error response carries its parts. Each list is tried in order; the first
/// source that is present wins.
#[derive(Debug, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
pub struct Envelope {
    /// A JSON pointer to an array whose items each carry one error (JSON:API's
    /// `errors`): the other pointers are then relative to the item, and each error keeps
    /// the item's index. Without such an array the envelope reads the document itself.
    #[cfg_attr(feature = "schema", schemars(default))]
    pub items: Option<String>,
    /// Where the error code sits. A JSON array there means several errors, one per code.
    #[cfg_attr(feature = "schema", schemars(default))]
    pub code: OneOrMany<Source>,
    /// How a code is cleaned before it is matched: `smithy_shape` (AWS: drop what
    /// follows `:` and what precedes `#`) or `uri_name` (a problem type URI's fragment
    /// or last path segment).
    #[cfg_attr(feature = "schema", schemars(default))]
    pub normalize: Option<String>,
    /// Where the human-readable message sits. A JSON array pairs with an array of codes.
    #[cfg_attr(feature = "schema", schemars(default))]
    pub message: OneOrMany<Source>,
    /// Where the request id sits (body and/or header; the first present wins).
    #[cfg_attr(feature = "schema", schemars(default))]
    pub request_id: OneOrMany<Source>,
}

/// One place a value is read from.
#[derive(Debug, Clone)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename_all = "snake_case"))]
pub enum Source {
    /// A JSON pointer into the body (RFC 6901), e.g. `"/error/code"`.
    Body(String),
    /// A response header, matched case-insensitively, e.g. `"X-Request-Id"`.
    Header(String),
}

/// One place the server's retry delay is read from, and how it is written there.
/// Exactly one of `header`, `body`, `body_seconds` and `body_milliseconds`.
#[derive(Debug, Clone, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
pub struct DelaySource {
    /// A response header; in `Retry-After` format (delta-seconds or an HTTP-date) unless
    /// `format` says otherwise.
    #[cfg_attr(feature = "schema", schemars(default))]
    pub header: Option<String>,
    /// A JSON pointer into the body; a number of seconds unless `format` says otherwise.
    #[cfg_attr(feature = "schema", schemars(default))]
    pub body: Option<String>,
    /// A JSON pointer to a number of seconds in the body.
    #[cfg_attr(feature = "schema", schemars(default))]
    pub body_seconds: Option<String>,
    /// A JSON pointer to a number of milliseconds in the body.
    #[cfg_attr(feature = "schema", schemars(default))]
    pub body_milliseconds: Option<String>,
    /// How the delay is written: `retry_after`, `seconds`, `milliseconds`, `duration`
    /// (`"43s"`, `"2.4s"`, `"6m0s"`) or `epoch_seconds` (the Unix time a limit resets).
    #[cfg_attr(feature = "schema", schemars(default))]
    pub format: Option<String>,
}

/// A condition an entry adds to its code or status. Exactly one of `header` (with
/// `equals`), `pointer` (with `equals`), `message_contains` and `status`.
#[derive(Debug, Clone, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
pub struct EntryCondition {
    /// A response header that must have the value `equals` (trimmed, any ASCII case).
    #[cfg_attr(feature = "schema", schemars(default))]
    pub header: Option<String>,
    /// A JSON pointer into the body (relative to the item in an envelope with `items`)
    /// whose value must be the scalar `equals`.
    #[cfg_attr(feature = "schema", schemars(default))]
    pub pointer: Option<String>,
    /// The header's value (a string), or the scalar at `pointer`.
    #[cfg_attr(feature = "schema", schemars(default))]
    pub equals: Option<Json>,
    /// Text the error's message must contain (any ASCII case).
    #[cfg_attr(feature = "schema", schemars(default))]
    pub message_contains: Option<String>,
    /// Statuses the response must have (for a code that names this error only on them).
    #[cfg_attr(feature = "schema", schemars(default))]
    pub status: Option<Vec<i64>>,
}

/// A response header whose value overrides the retry class of any error.
#[derive(Debug, Clone, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
pub struct RetryOverride {
    /// The header, e.g. `"Stripe-Should-Retry"`.
    pub header: String,
    /// Its value (compared trimmed, any ASCII case), e.g. `"false"`.
    pub equals: String,
    /// The retry class it gives.
    pub retry: RetryName,
}

/// Where a successful response carries warnings: codes and messages that are not
/// errors.
#[derive(Debug, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
pub struct Warnings {
    /// Where the warning codes sit (a JSON array means several).
    #[cfg_attr(feature = "schema", schemars(default))]
    pub code: OneOrMany<Source>,
    /// Where the messages sit.
    #[cfg_attr(feature = "schema", schemars(default))]
    pub message: OneOrMany<Source>,
}

/// A rule that finds errors inside a response whose status is below 400.
#[derive(Debug, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
pub struct EmbeddedRule {
    /// A short name for the rule, e.g. `"bulk_products"`.
    pub name: String,
    /// What the rule recognizes, for documentation.
    #[cfg_attr(feature = "schema", schemars(default))]
    pub description: Option<String>,
    /// A JSON pointer to an array whose items are checked one by one (bulk responses).
    /// The other pointers of the rule, and the fields of the errors it finds, are then
    /// relative to the item; each error records the item's index.
    #[cfg_attr(feature = "schema", schemars(default))]
    pub items: Option<String>,
    /// The condition that marks a failure.
    pub when: Condition,
    /// Where the code sits (a JSON array means several errors).
    #[cfg_attr(feature = "schema", schemars(default))]
    pub code: OneOrMany<Source>,
    /// How a code is cleaned before it is matched (see the envelope's `normalize`).
    #[cfg_attr(feature = "schema", schemars(default))]
    pub normalize: Option<String>,
    /// Where the message sits.
    #[cfg_attr(feature = "schema", schemars(default))]
    pub message: OneOrMany<Source>,
    /// Where the request id sits.
    #[cfg_attr(feature = "schema", schemars(default))]
    pub request_id: OneOrMany<Source>,
}

/// `pointer` holds exactly `equals`.
#[derive(Debug, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
pub struct Condition {
    /// A JSON pointer into the body (or the item).
    pub pointer: String,
    /// The JSON scalar (boolean, number, string or null) that marks a failure.
    pub equals: Json,
}

/// An error the vendor documents: a code, a status, or a status refined by a code.
#[derive(Debug, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
pub struct Entry {
    /// The Rust variant name, e.g. `"RateLimited"`. Required unless `same_as` is given.
    #[cfg_attr(feature = "schema", schemars(default))]
    pub variant: Option<String>,
    /// The wire code, a string or an integer. Without a code the entry is matched by
    /// its status alone.
    #[cfg_attr(feature = "schema", schemars(default))]
    pub code: Option<Code>,
    /// Other wire codes that mean the same error (a vendor's old and new spellings).
    #[cfg_attr(feature = "schema", schemars(default))]
    pub aliases: Vec<Code>,
    /// Conditions that must all hold too: a header's value, the message's text, the
    /// status. Entries with conditions are tried in file order before those without.
    #[cfg_attr(feature = "schema", schemars(default))]
    pub when: Option<OneOrMany<EntryCondition>>,
    /// The HTTP statuses the vendor documents for this error.
    #[cfg_attr(feature = "schema", schemars(default))]
    pub status: Option<Vec<i64>>,
    /// Also match a response with one of these statuses whose code is absent or unknown
    /// (implied for entries without a code).
    #[cfg_attr(feature = "schema", schemars(default))]
    pub status_default: bool,
    /// How to retry: `never`, `backoff`, `after` or `reauth`.
    #[cfg_attr(feature = "schema", schemars(default))]
    pub retry: Option<RetryName>,
    /// The vendor guarantees that a request failing with this error was not processed
    /// (nothing was created or charged), so even a non-idempotent request may be retried.
    #[cfg_attr(feature = "schema", schemars(default))]
    pub retry_safe: bool,
    /// Where this error's server delay is read from, replacing `retry.delay_from`.
    #[cfg_attr(feature = "schema", schemars(default))]
    pub delay_from: Option<OneOrMany<DelaySource>>,
    /// The vendor's wait, in milliseconds, when the response gives none.
    #[cfg_attr(feature = "schema", schemars(default))]
    pub default_delay_ms: Option<u64>,
    /// The vendor's shortest wait, in milliseconds: a shorter server delay is raised.
    #[cfg_attr(feature = "schema", schemars(default))]
    pub min_delay_ms: Option<u64>,
    /// The vendor's description; the first line of the variant's documentation.
    #[cfg_attr(feature = "schema", schemars(default))]
    pub description: Option<String>,
    /// What to do about it, in the vendor's words.
    #[cfg_attr(feature = "schema", schemars(default))]
    pub resolution: Option<String>,
    /// Typed fields the error carries, keyed by the vendor's field name.
    #[cfg_attr(feature = "schema", schemars(default))]
    pub fields: NamedList<Field>,
    /// In an operation table: this entry replaces the global entry with the same code.
    #[cfg_attr(feature = "schema", schemars(default))]
    pub overrides: bool,
    /// In an operation table: the code means what this variant (global or of another
    /// operation) means; nothing else may be given but `code` and `description`.
    #[cfg_attr(feature = "schema", schemars(default))]
    pub same_as: Option<String>,
}

/// A typed field read from the body or a header.
#[derive(Debug, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
pub struct Field {
    /// `integer`, `number`, `string`, `boolean`, `list<string>`, `list<integer>`,
    /// `map<string>`, an object type `T` from `types`, or `list<T>`.
    #[cfg_attr(feature = "schema", schemars(rename = "type"))]
    pub ty: String,
    /// Where the value is read from; the first present source wins. Defaults to the body
    /// pointer `/<field name>`.
    #[cfg_attr(feature = "schema", schemars(default))]
    pub from: Option<OneOrMany<Source>>,
    /// The Rust field name, when the vendor's name is not a snake_case identifier.
    #[cfg_attr(feature = "schema", schemars(default))]
    pub rust_name: Option<String>,
    /// What the field means.
    #[cfg_attr(feature = "schema", schemars(default))]
    pub description: Option<String>,
}

/// An object type for fields, e.g. FastAPI's `{loc, msg, type}` validation issue.
#[derive(Debug, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
pub struct ObjectType {
    /// What the object is.
    #[cfg_attr(feature = "schema", schemars(default))]
    pub description: Option<String>,
    /// Its fields; pointers are relative to the object.
    pub fields: NamedList<Field>,
}

/// A code table scoped to one operation.
#[derive(Debug, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
pub struct Operation {
    /// What the operation does.
    #[cfg_attr(feature = "schema", schemars(default))]
    pub description: Option<String>,
    /// The operation's own codes. The global table applies too, except where an entry
    /// says it `overrides` a global code.
    pub errors: Vec<Lenient<Entry>>,
}

/// Retry settings of the catalog.
#[derive(Debug, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
pub struct RetrySettings {
    /// Where the server's delay is read from, for every error. Defaults to the
    /// `Retry-After` header.
    #[cfg_attr(feature = "schema", schemars(default))]
    pub delay_from: Option<OneOrMany<DelaySource>>,
    /// The vendor's backoff policy. When the doc gives none, errtable's default applies
    /// (500 ms, factor 2, cap 30 s, 4 attempts, full jitter).
    #[cfg_attr(feature = "schema", schemars(default))]
    pub backoff: Option<Backoff>,
    /// How to treat a request that never got a response (DNS, connect, reset, timeout):
    /// `never` or `backoff`. Defaults to `backoff`.
    #[cfg_attr(feature = "schema", schemars(default))]
    pub transport: Option<RetryName>,
    /// Response headers that override the retry class of any error, tried in order
    /// (`{"header": "Stripe-Should-Retry", "equals": "false", "retry": "never"}`).
    #[cfg_attr(feature = "schema", schemars(default))]
    pub overrides: Vec<RetryOverride>,
}

/// An exponential backoff policy.
#[derive(Debug, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
pub struct Backoff {
    /// Delay before the first retry, in milliseconds.
    pub initial_delay_ms: u64,
    /// Each further delay is the previous one times this factor (at least 1).
    pub factor: f64,
    /// No delay exceeds this many milliseconds.
    pub max_delay_ms: u64,
    /// Attempts in all, the first included (at least 1).
    pub max_attempts: u32,
    /// `none`, `full` (uniform in 0..=delay) or `equal` (half fixed, half random).
    #[cfg_attr(feature = "schema", schemars(default))]
    pub jitter: Option<String>,
    /// Where the numbers come from, in the vendor's words.
    #[cfg_attr(feature = "schema", schemars(default))]
    pub description: Option<String>,
}

/// The fallback for responses the catalog does not describe.
#[derive(Debug, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
pub struct Unknown {
    /// The Rust variant name of the fallback. Defaults to `"Unknown"`.
    #[cfg_attr(feature = "schema", schemars(default))]
    pub variant: Option<String>,
    /// Retry class by status: keys are a status (`"429"`), a class (`"5xx"`) or
    /// `"default"`. Defaults to 429 `after`, 5xx `backoff`, anything else `never`.
    #[cfg_attr(feature = "schema", schemars(default))]
    pub retry: Option<NamedList<RetryName>>,
}

/// A retry class as written: `never`, `backoff`, `after` or `reauth`.
///
/// Kept as text so an unknown class gets errtable's own diagnostic.
#[derive(Debug, Clone, Default)]
pub struct RetryName(pub String);

#[cfg(feature = "schema")]
impl schemars::JsonSchema for Json {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        "AnyValue".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        true.into()
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for RetryName {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "RetryClass".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "never: do not retry. backoff: transient, retry with exponential backoff. after: throttled, wait for the server's delay (else back off). reauth: refresh the session or credentials, then retry.",
            "enum": ["never", "backoff", "after", "reauth"]
        })
    }
}

/// A wire code: a string or an integer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Code {
    /// An integer code, e.g. Octeth's `99999`.
    Int(i64),
    /// A string code, e.g. `"rate_limited"`.
    Str(String),
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for Code {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Code".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "The wire code: a string or an integer.",
            "type": ["string", "integer"]
        })
    }
}

/// One value or a list of them (`{"body": "/code"}` or `[{"header": ...}, {"body": ...}]`).
#[derive(Debug, Clone)]
pub struct OneOrMany<T> {
    /// The values, in order.
    pub items: Vec<T>,
    /// Whether they were written as a JSON array (then pointers to them take an index,
    /// even for a single one).
    pub written_as_list: bool,
}

impl<T> Default for OneOrMany<T> {
    fn default() -> Self {
        OneOrMany { items: Vec::new(), written_as_list: false }
    }
}

#[cfg(feature = "schema")]
impl<T: schemars::JsonSchema> schemars::JsonSchema for OneOrMany<T> {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        format!("OneOrMany_{}", T::schema_name()).into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let one = generator.subschema_for::<T>();
        schemars::json_schema!({
            "anyOf": [one, {"type": "array", "items": one}]
        })
    }
}

/// A JSON object read in file order, so names keep the order the vendor documents them
/// in and duplicate keys can be reported.
#[derive(Debug)]
pub struct NamedList<T>(pub Vec<(String, T)>);

impl<T> Default for NamedList<T> {
    fn default() -> Self {
        NamedList(Vec::new())
    }
}

#[cfg(feature = "schema")]
impl<T: schemars::JsonSchema> schemars::JsonSchema for NamedList<T> {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        format!("NamedList_{}", T::schema_name()).into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let value = generator.subschema_for::<T>();
        schemars::json_schema!({
            "type": "object",
            "additionalProperties": value
        })
    }
}

/// A section that either has the right shape or records why not, so one malformed
/// section does not stop the others from being read and checked.
#[derive(Debug)]
pub enum Lenient<T> {
    /// The section had the expected shape.
    Ok(T),
    /// It did not; `path` is relative to the section.
    Err(ShapeError),
}

/// A shape error inside a [`Lenient`] section.
#[derive(Debug, Clone)]
pub struct ShapeError {
    /// JSON pointer tokens from the section to the offending value.
    pub path: Vec<String>,
    /// What was expected, in serde_json's words.
    pub message: String,
    /// The problem is the key at `path` (an unknown field or variant), not its value.
    pub at_key: bool,
}

#[cfg(feature = "schema")]
impl<T: schemars::JsonSchema> schemars::JsonSchema for Lenient<T> {
    fn inline_schema() -> bool {
        T::inline_schema()
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        T::schema_name()
    }

    fn schema_id() -> std::borrow::Cow<'static, str> {
        T::schema_id()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        T::json_schema(generator)
    }
}
