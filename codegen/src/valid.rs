//! Validates a raw spec and lowers it into a [`Catalog`].
//!
//! Every rule reports into the [`Collector`] and carries on, so one run lists every
//! problem of a spec. A catalog is returned only when nothing was reported.

use std::collections::HashMap;

use serde_json::Value;

use crate::ast::{self, Lenient, NamedList};
use crate::diag::Collector;
use crate::ident;
use crate::model::{
    Backoff, Catalog, Code, DelaySource, EmbeddedRule, Entry, EntryId, Envelope, Field, FieldType,
    Jitter, ObjectType, Operation, OperationRow, RetryClass, RetrySettings, Scope, Source,
    StatusPattern, UnknownRule,
};
use crate::pointer::{self, Pointer, PointerError};

/// The top-level keys of a spec, for unknown-key help.
const TOP_LEVEL_KEYS: &str = "$schema, errtable, name, title, description, source, envelope, \
                              embedded, retry, unknown, types, errors, operations";

/// The generated field every variant carries besides the spec's own.
pub const META_FIELD: &str = "meta";

/// Checks `file` and lowers it, or reports why not.
pub fn lower(file: &ast::SpecFile, cx: &mut Collector) -> Option<Catalog> {
    let mut lowering = Lowering { cx, variants: HashMap::new() };
    lowering.catalog(file)
}

struct Lowering<'c, 'a> {
    cx: &'c mut Collector<'a>,
    /// Variant name -> pointer of its definition, across the whole catalog.
    variants: HashMap<String, String>,
}

/// Pointer of a child of `parent`.
fn at(parent: &str, token: impl AsRef<str>) -> String {
    format!("{parent}/{}", pointer::escape(token.as_ref()))
}

impl Lowering<'_, '_> {
    /// Unwraps a lenient section, reporting its shape error.
    fn section<'s, T>(&mut self, ptr: &str, value: &'s Lenient<T>, example: &str) -> Option<&'s T> {
        match value {
            Lenient::Ok(t) => Some(t),
            Lenient::Err(error) => {
                let inner = pointer::join(error.path.iter().map(String::as_str));
                let mut full = format!("{ptr}{inner}");
                // serde names the misspelt key of an unknown variant but leaves it out of
                // the path; add it so the problem is located at that key.
                let unknown_variant = error
                    .message
                    .strip_prefix("unknown variant `")
                    .and_then(|rest| rest.split_once('`'));
                if let Some((variant, _)) = unknown_variant
                    && error.path.last().map(String::as_str) != Some(variant)
                {
                    full = at(&full, variant);
                }
                if error.message.starts_with("unknown field") || unknown_variant.is_some() {
                    self.cx.error_at_key(
                        &full,
                        error.message.clone(),
                        "remove the key or use one of the keys listed above",
                    );
                } else {
                    self.cx.error(&full, error.message.clone(), format!("expected {example}"));
                }
                None
            }
        }
    }

    fn catalog(&mut self, file: &ast::SpecFile) -> Option<Catalog> {
        for (key, _) in &file.unknown_keys.0 {
            self.cx.error_at_key(
                &at("", key),
                format!("unknown key `{key}`"),
                format!("remove it; a spec's keys are: {TOP_LEVEL_KEYS}"),
            );
        }
        if let Some(schema) = &file.schema {
            self.section("/$schema", schema, "the path or URL of errtable.schema.json");
        }
        self.format_version(file);
        let name = self.name(file);
        let title = self.text_opt("/title", file.title.as_ref());
        let description = self.text_opt("/description", file.description.as_ref());
        let source = self.text_opt("/source", file.source.as_ref());

        let envelope = match &file.envelope {
            Some(e) => self
                .section("/envelope", e, r#"an object like {"code": {"body": "/code"}}"#)
                .map(|e| self.envelope("/envelope", &e.code, &e.message, &e.request_id)),
            None => Some(Envelope::default()),
        };
        let embedded = self.embedded(file.embedded.as_ref());
        let retry = self.retry_settings(file.retry.as_ref());
        let unknown = self.unknown(file.unknown.as_ref());
        let types = self.types(file.types.as_ref());
        // Names other sections refer to, taken from the raw sections so that a problem
        // inside one of them does not turn every use into a second, false problem.
        let names = Names { types: declared_type_names(file), fallback: fallback_name(file) };

        let mut entries = Vec::new();
        let global = self.global_table(file.errors.as_ref(), &names, &mut entries);
        let operations =
            self.operations(file.operations.as_ref(), &names, &mut entries, global.as_ref());
        self.duplicate_json_keys();

        if self.cx.has_errors() {
            return None;
        }
        Some(Catalog {
            name: name?,
            title,
            description,
            source,
            envelope: envelope?,
            embedded: embedded?,
            retry: retry?,
            unknown: unknown?,
            types: types?,
            entries,
            global: global?.scope,
            operations: operations?,
        })
    }

    fn format_version(&mut self, file: &ast::SpecFile) {
        match &file.errtable {
            None => self.cx.error(
                "",
                "missing `errtable`, the spec format version",
                format!(r#"add "errtable": {} at the top of the spec"#, ast::FORMAT_VERSION),
            ),
            Some(v) => {
                if let Some(&v) = self.section("/errtable", v, "the format version, 1")
                    && v != ast::FORMAT_VERSION
                {
                    self.cx.error(
                        "/errtable",
                        format!("unsupported spec format version {v}"),
                        format!("this errtable reads format {}", ast::FORMAT_VERSION),
                    );
                }
            }
        }
    }

    fn name(&mut self, file: &ast::SpecFile) -> Option<String> {
        let Some(name) = &file.name else {
            self.cx.error("", "missing `name`", r#"add a machine name, e.g. "name": "octopost""#);
            return None;
        };
        let name = self.section("/name", name, "a string")?;
        let valid = name.starts_with(|c: char| c.is_ascii_lowercase())
            && name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-');
        if !valid {
            self.cx.error(
                "/name",
                format!("catalog name `{name}` is not a lowercase machine name"),
                r#"use lowercase letters, digits, `_` and `-`, starting with a letter, e.g. "octopost""#,
            );
            return None;
        }
        Some(name.clone())
    }

    fn text_opt(&mut self, ptr: &str, value: Option<&Lenient<String>>) -> Option<String> {
        value.and_then(|v| self.section(ptr, v, "a string")).cloned()
    }

    fn duplicate_json_keys(&mut self) {
        let dups = self.cx.duplicate_keys();
        for dup in dups {
            let key = dup.pointer.rsplit('/').next().unwrap_or_default().to_owned();
            self.cx.error_at_position(
                dup.repeated,
                &dup.pointer,
                format!("duplicate key `{}`", key.replace("~1", "/").replace("~0", "~")),
                format!("first written at {}:{}", dup.first.line, dup.first.column),
                "JSON readers keep only one of the two; remove the other",
            );
        }
    }

    // ----- sources and pointers -------------------------------------------------------

    fn pointer(&mut self, ptr: &str, text: &str) -> Option<Pointer> {
        match Pointer::parse(text) {
            Ok(p) => Some(p),
            Err(error) => {
                let help = match error {
                    PointerError::Empty => {
                        r#"point at a value inside the body, e.g. "/error/code"; "" would be the whole document"#
                    }
                    PointerError::NoLeadingSlash => {
                        r#"JSON pointers start with `/`, e.g. "/error/code""#
                    }
                    PointerError::BadEscape => {
                        "escape `~` as `~0` and `/` as `~1` inside a pointer token"
                    }
                };
                self.cx.error(ptr, error.to_string(), help);
                None
            }
        }
    }

    fn header(&mut self, ptr: &str, name: &str) -> Option<String> {
        // RFC 9110 token characters.
        let valid = !name.is_empty()
            && name.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
        if !valid {
            self.cx.error(
                ptr,
                format!("`{name}` is not a valid header name"),
                "use the header's name without a colon or spaces, e.g. \"X-Request-Id\"",
            );
            return None;
        }
        Some(name.to_owned())
    }

    /// Lowers each source of a one-or-many list; a lone source object is located at
    /// `ptr` itself, the sources of a list at `ptr/i`.
    fn each_source<S, T>(
        &mut self,
        ptr: &str,
        sources: &ast::OneOrMany<S>,
        mut lower: impl FnMut(&mut Self, &str, &S) -> Option<T>,
    ) -> Option<Vec<T>> {
        let many = sources.written_as_list;
        let lowered: Vec<Option<T>> = sources
            .items
            .iter()
            .enumerate()
            .map(|(i, source)| {
                let here = if many { at(ptr, i.to_string()) } else { ptr.to_owned() };
                lower(self, &here, source)
            })
            .collect();
        lowered.into_iter().collect()
    }

    fn sources(&mut self, ptr: &str, sources: &ast::OneOrMany<ast::Source>) -> Option<Vec<Source>> {
        self.each_source(ptr, sources, |this, here, source| match source {
            ast::Source::Body(p) => this.pointer(&at(here, "body"), p).map(Source::Body),
            ast::Source::Header(h) => this.header(&at(here, "header"), h).map(Source::Header),
        })
    }

    fn delay_sources(
        &mut self,
        ptr: &str,
        sources: &ast::OneOrMany<ast::DelaySource>,
    ) -> Option<Vec<DelaySource>> {
        self.each_source(ptr, sources, |this, here, source| match source {
            ast::DelaySource::Header(h) => {
                this.header(&at(here, "header"), h).map(DelaySource::Header)
            }
            ast::DelaySource::BodySeconds(p) => {
                this.pointer(&at(here, "body_seconds"), p).map(DelaySource::BodySeconds)
            }
            ast::DelaySource::BodyMilliseconds(p) => {
                this.pointer(&at(here, "body_milliseconds"), p).map(DelaySource::BodyMilliseconds)
            }
        })
    }

    fn envelope(
        &mut self,
        ptr: &str,
        code: &ast::OneOrMany<ast::Source>,
        message: &ast::OneOrMany<ast::Source>,
        request_id: &ast::OneOrMany<ast::Source>,
    ) -> Envelope {
        Envelope {
            code: self.sources(&at(ptr, "code"), code).unwrap_or_default(),
            message: self.sources(&at(ptr, "message"), message).unwrap_or_default(),
            request_id: self.sources(&at(ptr, "request_id"), request_id).unwrap_or_default(),
        }
    }

    // ----- embedded rules -------------------------------------------------------------

    fn embedded(
        &mut self,
        rules: Option<&Lenient<Vec<Lenient<ast::EmbeddedRule>>>>,
    ) -> Option<Vec<EmbeddedRule>> {
        let Some(rules) = rules else { return Some(Vec::new()) };
        let rules = self.section("/embedded", rules, "a list of rules")?;
        let mut ok = true;
        let mut out = Vec::new();
        let mut names: HashMap<&str, String> = HashMap::new();
        for (i, rule) in rules.iter().enumerate() {
            let ptr = at("/embedded", i.to_string());
            let example = r#"a rule like {"name": "failure", "when": {"pointer": "/Success", "equals": false}, "code": {"body": "/ErrorCode"}}"#;
            let Some(rule) = self.section(&ptr, rule, example) else {
                ok = false;
                continue;
            };
            if let Some(first) = names.get(rule.name.as_str()) {
                ok = false;
                let first = first.clone();
                self.cx.error_with_note(
                    &at(&ptr, "name"),
                    format!("duplicate embedded rule name `{}`", rule.name),
                    {
                        let pos = self.cx.locate(&first);
                        format!("first used by the rule at {first} ({}:{})", pos.line, pos.column)
                    },
                    "give every rule its own name",
                );
            } else {
                names.insert(&rule.name, ptr.clone());
            }
            let items = match &rule.items {
                Some(p) => self.pointer(&at(&ptr, "items"), p).map(Some),
                None => Some(None),
            };
            let when_ptr = at(&ptr, "when");
            let when_pointer = self.pointer(&at(&when_ptr, "pointer"), &rule.when.pointer);
            let scalar = !matches!(rule.when.equals, Value::Array(_) | Value::Object(_));
            if !scalar {
                self.cx.error(
                    &at(&when_ptr, "equals"),
                    "`equals` must be a JSON scalar",
                    "compare with a boolean, number, string or null, e.g. \"equals\": false",
                );
            }
            let envelope = self.envelope(&ptr, &rule.code, &rule.message, &rule.request_id);
            match (items, when_pointer) {
                (Some(items), Some(when_pointer)) if scalar => out.push(EmbeddedRule {
                    name: rule.name.clone(),
                    description: rule.description.clone(),
                    items,
                    when_pointer,
                    when_equals: rule.when.equals.clone(),
                    envelope,
                }),
                _ => ok = false,
            }
        }
        ok.then_some(out)
    }

    // ----- retry ----------------------------------------------------------------------

    fn retry_class(&mut self, ptr: &str, name: &ast::RetryName) -> Option<RetryClass> {
        let class = RetryClass::parse(&name.0);
        if class.is_none() {
            self.cx.error(
                ptr,
                format!("unknown retry class `{}`", name.0),
                "use one of `never`, `backoff`, `after` or `reauth`",
            );
        }
        class
    }

    fn retry_settings(
        &mut self,
        retry: Option<&Lenient<ast::RetrySettings>>,
    ) -> Option<RetrySettings> {
        let default = ast::RetrySettings::default();
        let retry = match retry {
            Some(r) => self.section("/retry", r, r#"an object like {"backoff": {...}}"#)?,
            None => &default,
        };
        let delay_from = match &retry.delay_from {
            Some(d) => self.delay_sources("/retry/delay_from", d),
            None => Some(vec![DelaySource::Header("Retry-After".into())]),
        };
        let (backoff, backoff_stated) = match &retry.backoff {
            Some(b) => (self.backoff("/retry/backoff", b), true),
            None => (Some(Backoff::errtable_default()), false),
        };
        let transport = match &retry.transport {
            None => Some(RetryClass::Backoff),
            Some(name) => match self.retry_class("/retry/transport", name)? {
                class @ (RetryClass::Never | RetryClass::Backoff) => Some(class),
                other => {
                    self.cx.error(
                        "/retry/transport",
                        format!("transport failures cannot be retried as `{other}`"),
                        "a request that got no response has no server delay and no session \
                         state: use `never` or `backoff`",
                    );
                    None
                }
            },
        };
        Some(RetrySettings {
            delay_from: delay_from?,
            backoff: backoff?,
            backoff_stated,
            transport: transport?,
        })
    }

    fn backoff(&mut self, ptr: &str, b: &ast::Backoff) -> Option<Backoff> {
        let mut ok = true;
        if !(b.factor >= 1.0 && b.factor.is_finite()) {
            ok = false;
            self.cx.error(
                &at(ptr, "factor"),
                format!("backoff factor must be at least 1, found {}", b.factor),
                "use the vendor's multiplier, e.g. 2 to double each delay; 1 keeps it constant",
            );
        }
        if b.max_delay_ms < b.initial_delay_ms {
            ok = false;
            self.cx.error(
                &at(ptr, "max_delay_ms"),
                format!(
                    "backoff cap {} ms is below the initial delay {} ms",
                    b.max_delay_ms, b.initial_delay_ms
                ),
                "raise `max_delay_ms` to at least `initial_delay_ms`",
            );
        }
        if b.max_attempts == 0 {
            ok = false;
            self.cx.error(
                &at(ptr, "max_attempts"),
                "`max_attempts` is 0",
                "count the first attempt too: 1 means no retries",
            );
        }
        let jitter = match b.jitter.as_deref() {
            None | Some("none") => Jitter::None,
            Some("full") => Jitter::Full,
            Some("equal") => Jitter::Equal,
            Some(other) => {
                ok = false;
                self.cx.error(
                    &at(ptr, "jitter"),
                    format!("unknown jitter `{other}`"),
                    "use `none`, `full` or `equal`",
                );
                Jitter::None
            }
        };
        ok.then(|| Backoff {
            initial_delay_ms: b.initial_delay_ms,
            factor: b.factor,
            max_delay_ms: b.max_delay_ms,
            max_attempts: b.max_attempts,
            jitter,
            description: b.description.clone(),
        })
    }

    fn unknown(&mut self, unknown: Option<&Lenient<ast::Unknown>>) -> Option<UnknownRule> {
        let default = ast::Unknown::default();
        let unknown = match unknown {
            Some(u) => self.section("/unknown", u, r#"an object like {"variant": "Unknown"}"#)?,
            None => &default,
        };
        let variant = unknown.variant.clone().unwrap_or_else(|| "Unknown".into());
        let mut ok = self.variant_name("/unknown/variant", &variant);
        let (mut retry, mut default_retry) = match &unknown.retry {
            Some(_) => (Vec::new(), RetryClass::Never),
            None => (UnknownRule::default_retry_table(), RetryClass::Never),
        };
        if let Some(table) = &unknown.retry {
            for (key, class) in &table.0 {
                let ptr = at("/unknown/retry", key);
                // Both the key and the class are checked, whichever is wrong.
                let class = self.retry_class(&ptr, class);
                ok &= class.is_some();
                match (parse_status_pattern(key), class) {
                    (Some(None), Some(class)) => default_retry = class,
                    (Some(Some(pattern)), Some(class)) => retry.push((pattern, class)),
                    (Some(_), None) => {}
                    (None, _) => {
                        ok = false;
                        self.cx.error_at_key(
                            &ptr,
                            format!("`{key}` is not a status pattern"),
                            r#"use a status like "429", a class like "5xx", or "default""#,
                        );
                    }
                }
            }
        }
        ok.then_some(UnknownRule { variant, retry, default_retry })
    }

    // ----- names and types ------------------------------------------------------------

    /// Checks a variant name's spelling.
    fn variant_name(&mut self, ptr: &str, name: &str) -> bool {
        if ident::is_upper_camel(name) {
            return true;
        }
        self.cx.error(
            ptr,
            format!("variant name `{name}` is not an UpperCamelCase Rust identifier"),
            "use ASCII letters and digits starting with an uppercase letter, e.g. \"RateLimited\"",
        );
        false
    }

    fn types(
        &mut self,
        types: Option<&Lenient<NamedList<Lenient<ast::ObjectType>>>>,
    ) -> Option<Vec<ObjectType>> {
        let Some(types) = types else { return Some(Vec::new()) };
        let types = self.section("/types", types, "an object of object types")?;
        // Names first, so fields can refer to any type regardless of order.
        let names: Vec<String> = types.0.iter().map(|(name, _)| name.clone()).collect();
        let mut ok = true;
        for (name, _) in &types.0 {
            if !ident::is_upper_camel(name) {
                ok = false;
                self.cx.error_at_key(
                    &at("/types", name),
                    format!("type name `{name}` is not an UpperCamelCase Rust identifier"),
                    "use ASCII letters and digits starting with an uppercase letter, e.g. \"ValidationIssue\"",
                );
            }
        }
        let mut out = Vec::new();
        for (name, ty) in &types.0 {
            let ptr = at("/types", name);
            let Some(ty) =
                self.section(&ptr, ty, r#"an object like {"fields": {"msg": {"type": "string"}}}"#)
            else {
                ok = false;
                continue;
            };
            if ty.fields.0.is_empty() {
                ok = false;
                self.cx.error(
                    &at(&ptr, "fields"),
                    format!("object type `{name}` has no fields"),
                    "list the members errtable should read, e.g. {\"msg\": {\"type\": \"string\"}}",
                );
            }
            match self.fields(&at(&ptr, "fields"), &ty.fields, &names, FieldContext::Object) {
                Some(fields) => out.push(ObjectType {
                    name: name.clone(),
                    description: ty.description.clone(),
                    fields,
                }),
                None => ok = false,
            }
        }
        ok.then_some(out)
    }

    fn fields(
        &mut self,
        ptr: &str,
        fields: &NamedList<ast::Field>,
        types: &[String],
        context: FieldContext,
    ) -> Option<Vec<Field>> {
        let mut ok = true;
        let mut out = Vec::new();
        let mut rust_names: HashMap<String, String> = HashMap::new();
        for (name, field) in &fields.0 {
            let fptr = at(ptr, name);
            let rust_name = match &field.rust_name {
                Some(rust) => {
                    if ident::is_snake(rust) {
                        Some(rust.clone())
                    } else {
                        self.cx.error(
                            &at(&fptr, "rust_name"),
                            format!("`{rust}` is not a snake_case Rust identifier"),
                            format!(
                                "use lowercase ASCII letters, digits and `_`, e.g. \"{}\"",
                                ident::suggest_snake(rust)
                            ),
                        );
                        None
                    }
                }
                None if ident::is_snake(name) => Some(name.clone()),
                None => {
                    self.cx.error_at_key(
                        &fptr,
                        format!("field name `{name}` is not a snake_case Rust identifier"),
                        format!(
                            "keep the vendor's name and add \"rust_name\": \"{}\"",
                            ident::suggest_snake(name)
                        ),
                    );
                    None
                }
            };
            // A name problem does not stop the type and sources from being checked.
            let rust_name = match rust_name {
                Some(rust) if context == FieldContext::Entry && rust == META_FIELD => {
                    self.cx.error_at_key(
                        &fptr,
                        format!("field `{rust}` collides with the generated `{META_FIELD}` field"),
                        format!("keep the vendor's name and add \"rust_name\": \"{rust}_value\""),
                    );
                    None
                }
                Some(rust) => match rust_names.get(&rust) {
                    Some(first) => {
                        let first = first.clone();
                        self.cx.error_with_note(
                            &fptr,
                            format!("two fields are named `{rust}` in Rust"),
                            format!("the other one is `{first}`"),
                            "set a distinct \"rust_name\" on one of them",
                        );
                        None
                    }
                    None => {
                        rust_names.insert(rust.clone(), name.clone());
                        Some(rust)
                    }
                },
                None => None,
            };

            let ty = self.field_type(&at(&fptr, "type"), &field.ty, types, context);
            let from = match &field.from {
                Some(from) if from.items.is_empty() => {
                    self.cx.error(
                        &at(&fptr, "from"),
                        "`from` is an empty list",
                        "name at least one source, or drop `from` to read the body member of the same name",
                    );
                    None
                }
                Some(from) => self.sources(&at(&fptr, "from"), from),
                None => Some(vec![Source::Body(Pointer::member(name))]),
            };
            if let (Some(ty), Some(from)) = (ty, &from) {
                let header = from.iter().any(|s| matches!(s, Source::Header(_)));
                let scalar = matches!(
                    ty,
                    FieldType::Integer | FieldType::Number | FieldType::String | FieldType::Boolean
                );
                if header && context == FieldContext::Object {
                    ok = false;
                    self.cx.error(
                        &at(&fptr, "from"),
                        "fields of an object type are read from the object, not from a header",
                        "use a body pointer relative to the object, e.g. {\"body\": \"/msg\"}",
                    );
                } else if header && !scalar {
                    ok = false;
                    self.cx.error(
                        &at(&fptr, "from"),
                        format!("a `{}` field cannot be read from a header", field.ty),
                        "a header holds one text value: read integer, number, string or boolean fields from headers",
                    );
                }
            }
            match (rust_name, ty, from) {
                (Some(rust_name), Some(ty), Some(from)) => out.push(Field {
                    name: name.clone(),
                    rust_name,
                    ty,
                    from,
                    description: field.description.clone(),
                }),
                _ => ok = false,
            }
        }
        ok.then_some(out)
    }

    fn field_type(
        &mut self,
        ptr: &str,
        text: &str,
        types: &[String],
        context: FieldContext,
    ) -> Option<FieldType> {
        let type_id = |name: &str| types.iter().position(|t| t == name);
        let parsed = match text.trim() {
            "integer" => Ok(FieldType::Integer),
            "number" => Ok(FieldType::Number),
            "string" => Ok(FieldType::String),
            "boolean" => Ok(FieldType::Boolean),
            "list<string>" => Ok(FieldType::StringList),
            "list<integer>" => Ok(FieldType::IntegerList),
            "map<string>" => Ok(FieldType::StringMap),
            other => {
                let inner = other.strip_prefix("list<").and_then(|s| s.strip_suffix('>'));
                match inner {
                    Some(inner) => {
                        type_id(inner.trim()).map(FieldType::ObjectList).ok_or(inner.trim())
                    }
                    None => type_id(other).map(FieldType::Object).ok_or(other),
                }
            }
        };
        match parsed {
            Ok(FieldType::Object(_) | FieldType::ObjectList(_))
                if context == FieldContext::Object =>
            {
                self.cx.error(
                    ptr,
                    format!("field type `{text}` is not one the runtime can decode inside an object type"),
                    "object types hold integer, number, string, boolean, list<string>, list<integer> \
                     and map<string> fields; they do not nest",
                );
                None
            }
            Ok(ty) => Some(ty),
            Err(_) => {
                let known = if types.is_empty() {
                    String::new()
                } else {
                    format!(", an object type ({}), or list<T> of one", types.join(", "))
                };
                self.cx.error(
                    ptr,
                    format!("field type `{text}` is not one the runtime can decode"),
                    format!(
                        "use integer, number, string, boolean, list<string>, list<integer>, map<string>{known}"
                    ),
                );
                None
            }
        }
    }

    // ----- error tables ---------------------------------------------------------------

    fn global_table(
        &mut self,
        errors: Option<&Lenient<Vec<Lenient<ast::Entry>>>>,
        names: &Names,
        entries: &mut Vec<Entry>,
    ) -> Option<Table> {
        let Some(errors) = errors else {
            self.cx.error(
                "",
                "missing `errors`, the global error table",
                r#"add "errors": [...] with one entry per documented code or status"#,
            );
            return None;
        };
        let errors = self.section("/errors", errors, "a list of entries")?;
        Some(self.table("/errors", errors, None, names, entries, None))
    }

    fn operations(
        &mut self,
        ops: Option<&Lenient<NamedList<Lenient<ast::Operation>>>>,
        names: &Names,
        entries: &mut Vec<Entry>,
        global: Option<&Table>,
    ) -> Option<Vec<Operation>> {
        let Some(ops) = ops else { return Some(Vec::new()) };
        let ops = self.section("/operations", ops, "an object keyed by operation name")?;
        let mut ok = true;
        let mut out = Vec::new();
        for (name, op) in &ops.0 {
            let ptr = at("/operations", name);
            if name.trim().is_empty() {
                ok = false;
                self.cx.error_at_key(
                    &ptr,
                    "empty operation name",
                    "use the vendor's name, e.g. \"User.Login\"",
                );
            }
            let Some(op) = self.section(&ptr, op, r#"an object like {"errors": [...]}"#) else {
                ok = false;
                continue;
            };
            if op.errors.is_empty() {
                ok = false;
                self.cx.error(
                    &at(&ptr, "errors"),
                    format!("operation `{name}` has an empty error table"),
                    "list the operation's own codes, or leave the operation out: the global table \
                     already applies to every operation",
                );
                continue;
            }
            let table =
                self.table(&at(&ptr, "errors"), &op.errors, Some(name), names, entries, global);
            ok &= table.ok;
            out.push(Operation {
                name: name.clone(),
                description: op.description.clone(),
                rows: table.rows,
                scope: table.scope,
            });
        }
        ok.then_some(out)
    }

    /// Lowers one table (the global one when `operation` is `None`), defining its entries
    /// in `entries`. The table comes back even when some entries are broken (with `ok`
    /// false), so operations can still be checked against the global codes that did lower.
    fn table(
        &mut self,
        ptr: &str,
        errors: &[Lenient<ast::Entry>],
        operation: Option<&str>,
        names: &Names,
        entries: &mut Vec<Entry>,
        global: Option<&Table>,
    ) -> Table {
        let mut ok = true;
        let mut rows: Vec<OperationRow> = Vec::new();
        let mut codes: HashMap<String, String> = HashMap::new();
        let mut defaults: HashMap<u16, (String, String)> = HashMap::new();
        let mut overridden: Vec<String> = Vec::new();

        for (i, raw) in errors.iter().enumerate() {
            let eptr = at(ptr, i.to_string());
            let example = r#"an entry like {"variant": "RateLimited", "code": "rate_limited", "status": [429], "retry": "after", "description": "..."}"#;
            let Some(raw) = self.section(&eptr, raw, example) else {
                ok = false;
                continue;
            };
            let code = self.code(&eptr, raw.code.as_ref());
            let code_invalid = raw.code.is_some() && code.is_none();
            ok &= !code_invalid;
            if let Some(code) = &code {
                let text = code.text().into_owned();
                if let Some(first) = codes.get(&text) {
                    ok = false;
                    let first = first.clone();
                    let pos = self.cx.locate(&first);
                    self.cx.error_with_note(
                        &at(&eptr, "code"),
                        format!("duplicate code {code}"),
                        format!("first used by the entry at {first} ({}:{})", pos.line, pos.column),
                        "give every code one entry; if its meaning depends on the operation, move the \
                         entries into operation tables",
                    );
                } else {
                    codes.insert(text, eptr.clone());
                }
            }

            if let Some(target) = &raw.same_as {
                if operation.is_none() {
                    ok = false;
                    self.cx.error_at_key(
                        &at(&eptr, "same_as"),
                        "`same_as` is only allowed in operation tables",
                        "define the entry here with its own `variant`, or move the row into an operation",
                    );
                    continue;
                }
                match self.same_as(&eptr, raw, target, code.as_ref(), entries) {
                    Some(entry) => {
                        if let (Some(global), Some(code)) = (global, &code)
                            && global.code_entry(entries, code).is_some()
                        {
                            overridden.push(code.text().into_owned());
                        }
                        rows.push(OperationRow {
                            entry,
                            same_as: true,
                            description: raw.description.clone(),
                        })
                    }
                    None => ok = false,
                }
                continue;
            }

            if raw.overrides && operation.is_none() {
                ok = false;
                self.cx.error_at_key(
                    &at(&eptr, "overrides"),
                    "`overrides` is only meaningful in an operation table",
                    "remove it: global entries override nothing",
                );
            } else if raw.overrides && raw.code.is_none() {
                ok = false;
                self.cx.error_at_key(
                    &at(&eptr, "overrides"),
                    "`overrides` needs a `code`: it replaces the global entry with the same code",
                    "add the code the operation redefines, or remove `overrides`",
                );
            }
            if let (Some(global), Some(code)) = (global, &code) {
                let shadowed = global.code_entry(entries, code);
                match (shadowed, raw.overrides) {
                    (Some(id), false) => {
                        ok = false;
                        let variant = entries[id].variant.clone();
                        self.cx.error(
                            &at(&eptr, "code"),
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
                    (None, true) => {
                        ok = false;
                        self.cx.error_at_key(
                            &at(&eptr, "overrides"),
                            format!("`overrides` is set but no global entry has code {code}"),
                            "remove `overrides`",
                        );
                    }
                    (Some(_), true) => overridden.push(code.text().into_owned()),
                    (None, false) => {}
                }
            }

            let Some(entry) = self.entry(&eptr, raw, code, operation, names) else {
                ok = false;
                continue;
            };
            // An entry whose code was rejected is not a status default: it only lacks one
            // until the spec is fixed.
            if entry.is_status_default() && !code_invalid {
                for &status in &entry.statuses {
                    if let Some((first_variant, first_ptr)) = defaults.get(&status) {
                        ok = false;
                        let (first_variant, first_ptr) = (first_variant.clone(), first_ptr.clone());
                        self.cx.error_with_note(
                            &eptr,
                            format!(
                                "status {status} has two default entries, `{first_variant}` and `{}`",
                                entry.variant
                            ),
                            {
                                let pos = self.cx.locate(&first_ptr);
                                format!("`{first_variant}` is the entry at {first_ptr} ({}:{})", pos.line, pos.column)
                            },
                            "only one entry per status may match by status alone: give one a `code` \
                             without `status_default`",
                        );
                    } else {
                        defaults.insert(status, (entry.variant.clone(), eptr.clone()));
                    }
                }
            }
            entries.push(entry);
            rows.push(OperationRow { entry: entries.len() - 1, same_as: false, description: None });
        }
        let mut scope: Vec<EntryId> = Vec::new();
        for row in &rows {
            if !scope.contains(&row.entry) {
                scope.push(row.entry);
            }
        }
        if let Some(global) = global {
            for &id in &global.scope.entries {
                let code = entries[id].code.as_ref().map(|c| c.text().into_owned());
                let is_overridden = code.is_some_and(|c| overridden.contains(&c));
                if !is_overridden && !scope.contains(&id) {
                    scope.push(id);
                }
            }
        }
        Table { rows, scope: Scope { entries: scope }, ok }
    }

    fn code(&mut self, eptr: &str, code: Option<&ast::Code>) -> Option<Code> {
        match code? {
            ast::Code::Int(i) => Some(Code::Int(*i)),
            ast::Code::Str(s) if s.trim().is_empty() => {
                self.cx.error(
                    &at(eptr, "code"),
                    "empty code",
                    "copy the vendor's code, or drop `code` to match the entry by status alone",
                );
                None
            }
            ast::Code::Str(s) => Some(Code::Str(s.clone())),
        }
    }

    fn same_as(
        &mut self,
        eptr: &str,
        raw: &ast::Entry,
        target: &str,
        code: Option<&Code>,
        entries: &[Entry],
    ) -> Option<EntryId> {
        let mut ok = true;
        let extra = [
            ("variant", raw.variant.is_some()),
            ("status", raw.status.is_some()),
            ("status_default", raw.status_default),
            ("retry", raw.retry.is_some()),
            ("delay_from", raw.delay_from.is_some()),
            ("resolution", raw.resolution.is_some()),
            ("fields", !raw.fields.0.is_empty()),
            ("overrides", raw.overrides),
        ];
        for (key, present) in extra {
            if present {
                ok = false;
                self.cx.error_at_key(
                    &at(eptr, key),
                    format!("an entry with `same_as` cannot set `{key}`"),
                    format!("it restates `{target}`: change `{target}` itself, or drop `same_as` and define a new variant"),
                );
            }
        }
        let Some(code) = code else {
            self.cx.error(
                eptr,
                "an entry with `same_as` has no `code`",
                "give the code the operation uses",
            );
            return None;
        };
        let Some(id) = entries.iter().position(|e| e.variant == target) else {
            let names: Vec<&str> = entries.iter().map(|e| e.variant.as_str()).collect();
            self.cx.error(
                &at(eptr, "same_as"),
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
            ok = false;
            let theirs =
                entries[id].code.as_ref().map_or("no code".into(), |c| format!("code {c}"));
            self.cx.error(
                &at(eptr, "same_as"),
                format!("code {code} restates `{target}`, which has {theirs}"),
                "`same_as` restates an entry with the same code; define a new variant for a different code",
            );
        }
        ok.then_some(id)
    }

    fn entry(
        &mut self,
        eptr: &str,
        raw: &ast::Entry,
        code: Option<Code>,
        operation: Option<&str>,
        names: &Names,
    ) -> Option<Entry> {
        let mut ok = true;
        let label = raw
            .variant
            .clone()
            .or_else(|| code.as_ref().map(|c| format!("code {c}")))
            .unwrap_or_else(|| "entry".into());

        let variant = match &raw.variant {
            None => {
                self.cx.error(
                    eptr,
                    format!("{label} has no `variant`"),
                    r#"name the Rust variant, e.g. "variant": "RateLimited""#,
                );
                None
            }
            Some(v) => {
                let vptr = at(eptr, "variant");
                if !self.variant_name(&vptr, v) {
                    None
                } else if names.fallback == *v {
                    self.cx.error(
                        &vptr,
                        format!("variant `{v}` collides with the generated fallback variant"),
                        r#"rename this variant, or rename the fallback with "unknown": {"variant": "..."}"#,
                    );
                    None
                } else if let Some(first) = self.variants.get(v) {
                    let first = first.clone();
                    let pos = self.cx.locate(&first);
                    self.cx.error_with_note(
                        &vptr,
                        format!("duplicate variant `{v}`"),
                        format!("first defined by the entry at {first} ({}:{})", pos.line, pos.column),
                        "give every entry its own variant; to restate an entry in an operation table, \
                         use \"same_as\"",
                    );
                    None
                } else {
                    self.variants.insert(v.clone(), eptr.to_owned());
                    Some(v.clone())
                }
            }
        };
        ok &= variant.is_some();

        let statuses = match &raw.status {
            None => {
                self.cx.error(
                    eptr,
                    format!("{label} has no `status`"),
                    r#"list the HTTP statuses the vendor documents for it, e.g. "status": [429]"#,
                );
                None
            }
            Some(list) if list.is_empty() => {
                self.cx.error(
                    &at(eptr, "status"),
                    "`status` is an empty list",
                    r#"list the HTTP statuses the vendor documents for it, e.g. "status": [429]"#,
                );
                None
            }
            Some(list) => {
                let mut out = Vec::new();
                let mut good = true;
                for (i, &s) in list.iter().enumerate() {
                    let sptr = at(&at(eptr, "status"), i.to_string());
                    if !(100..=599).contains(&s) {
                        good = false;
                        self.cx.error(
                            &sptr,
                            format!("status {s} is outside 100..=599"),
                            "use an HTTP status code",
                        );
                    } else if out.contains(&(s as u16)) {
                        good = false;
                        self.cx.error(
                            &sptr,
                            format!("status {s} is listed twice"),
                            "list each status once",
                        );
                    } else {
                        out.push(s as u16);
                    }
                }
                good.then_some(out)
            }
        };
        ok &= statuses.is_some();

        let retry = match &raw.retry {
            None => {
                self.cx.error(
                    eptr,
                    format!("{label} has no `retry`"),
                    r#"say how to retry it: "retry": "never", "backoff", "after" or "reauth""#,
                );
                None
            }
            Some(name) => self.retry_class(&at(eptr, "retry"), name),
        };
        ok &= retry.is_some();

        let description = match &raw.description {
            Some(d) if !d.trim().is_empty() => Some(d.clone()),
            _ => {
                self.cx.error(
                    eptr,
                    format!("{label} has no `description`"),
                    "copy the vendor's description of the error; it becomes the variant's documentation",
                );
                None
            }
        };
        ok &= description.is_some();

        let delay_from = match &raw.delay_from {
            Some(d) => self.delay_sources(&at(eptr, "delay_from"), d).map(Some),
            None => Some(None),
        };
        ok &= delay_from.is_some();

        let fields =
            self.fields(&at(eptr, "fields"), &raw.fields, &names.types, FieldContext::Entry);
        ok &= fields.is_some();

        if !ok {
            return None;
        }
        Some(Entry {
            variant: variant?,
            code,
            statuses: statuses?,
            status_default: raw.status_default,
            retry: retry?,
            delay_from: delay_from?,
            description: description?,
            resolution: raw.resolution.clone(),
            fields: fields?,
            operation: operation.map(str::to_owned),
            pointer: eptr.to_owned(),
        })
    }
}

/// A lowered table: its rows and the entries in force.
struct Table {
    rows: Vec<OperationRow>,
    scope: Scope,
    /// Whether every entry lowered.
    ok: bool,
}

impl Table {
    /// The entry with `code`, compared as wire text (`42` and `"42"` are one code).
    fn code_entry(&self, entries: &[Entry], code: &Code) -> Option<EntryId> {
        let text = code.text();
        self.scope
            .entries
            .iter()
            .copied()
            .find(|&id| entries[id].code.as_ref().is_some_and(|c| c.text() == text))
    }
}

/// Names that entries are checked against, known even when their sections are broken.
struct Names {
    /// Declared object type names.
    types: Vec<String>,
    /// The fallback variant's name.
    fallback: String,
}

fn declared_type_names(file: &ast::SpecFile) -> Vec<String> {
    match &file.types {
        Some(Lenient::Ok(types)) => types.0.iter().map(|(name, _)| name.clone()).collect(),
        _ => Vec::new(),
    }
}

fn fallback_name(file: &ast::SpecFile) -> String {
    match &file.unknown {
        Some(Lenient::Ok(ast::Unknown { variant: Some(name), .. })) => name.clone(),
        _ => "Unknown".to_owned(),
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum FieldContext {
    /// A field of an error variant.
    Entry,
    /// A field of an object type.
    Object,
}

/// `"429"` -> exact, `"5xx"` -> class, `"default"` -> `Some(None)`; anything else `None`.
fn parse_status_pattern(key: &str) -> Option<Option<StatusPattern>> {
    if key == "default" {
        return Some(None);
    }
    if let Some(class) = key.strip_suffix("xx") {
        let c: u16 = class.parse().ok()?;
        return (class.len() == 1 && (1..=5).contains(&c)).then_some(Some(StatusPattern::Class(c)));
    }
    let status: u16 = key.parse().ok()?;
    (key.len() == 3 && (100..=599).contains(&status)).then_some(Some(StatusPattern::Exact(status)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_patterns() {
        assert_eq!(parse_status_pattern("429"), Some(Some(StatusPattern::Exact(429))));
        assert_eq!(parse_status_pattern("5xx"), Some(Some(StatusPattern::Class(5))));
        assert_eq!(parse_status_pattern("default"), Some(None));
        assert_eq!(parse_status_pattern("42x"), None);
        assert_eq!(parse_status_pattern("6xx"), None);
        assert_eq!(parse_status_pattern("0429"), None);
        assert_eq!(parse_status_pattern("999"), None);
    }
}
