//! Where values are read from: JSON pointers, header names, value sources, delay
//! sources and envelopes.

use errtable_core::delay::DelayFormat;
use errtable_core::{CodeNormalize, DelaySource, Envelope, Pointer, PointerError, Source, Text};

use super::{all, text};
use crate::ast;
use crate::diag::{Collector, Ptr};

/// A JSON pointer; a token `[name=value]` selects an array's object by a member.
pub(super) fn pointer(cx: &mut Collector, at: &Ptr, written: &str) -> Option<Pointer> {
    match Pointer::parse(written) {
        Ok(pointer) => {
            let malformed = pointer.tokens().find(|t| {
                t.starts_with('[')
                    && t.ends_with(']')
                    && errtable_core::pointer::selector(t).is_none()
            });
            if let Some(token) = malformed {
                cx.error(
                    at,
                    format!("`{token}` is not a selector"),
                    r#"a selector names a member and its value, e.g. "/error/details/[@type=type.googleapis.com~1google.rpc.RetryInfo]/retryDelay""#,
                );
                return None;
            }
            Some(pointer)
        }
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
            cx.error(at, error.to_string(), help);
            None
        }
    }
}

/// A header name: RFC 9110 token characters.
pub(super) fn header(cx: &mut Collector, at: &Ptr, name: &str) -> Option<Text> {
    let valid = !name.is_empty()
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
    if !valid {
        cx.error(
            at,
            format!("`{name}` is not a valid header name"),
            "use the header's name without a colon or spaces, e.g. \"X-Request-Id\"",
        );
        return None;
    }
    Some(text(name))
}

/// Lowers each source of a one-or-many list; a lone source object is located at `at`
/// itself, the sources of a list at `at/i`.
fn each<S, T>(
    cx: &mut Collector,
    at: &Ptr,
    sources: &ast::OneOrMany<S>,
    mut lower: impl FnMut(&mut Collector, &Ptr, &S) -> Option<T>,
) -> Option<Vec<T>> {
    let lowered = sources
        .items
        .iter()
        .enumerate()
        .map(|(i, source)| {
            if sources.written_as_list {
                lower(cx, &at.index(i), source)
            } else {
                lower(cx, at, source)
            }
        })
        .collect();
    all(lowered)
}

/// A list of value sources.
pub(super) fn sources(
    cx: &mut Collector,
    at: &Ptr,
    sources: &ast::OneOrMany<ast::Source>,
) -> Option<Vec<Source>> {
    each(cx, at, sources, |cx, here, source| match source {
        ast::Source::Body(p) => pointer(cx, &here.key("body"), p).map(Source::Body),
        ast::Source::Header(h) => header(cx, &here.key("header"), h).map(Source::Header),
    })
}

/// A list of delay sources.
pub(super) fn delay_sources(
    cx: &mut Collector,
    at: &Ptr,
    sources: &ast::OneOrMany<ast::DelaySource>,
) -> Option<Vec<DelaySource>> {
    each(cx, at, sources, delay_source)
}

fn delay_source(cx: &mut Collector, at: &Ptr, d: &ast::DelaySource) -> Option<DelaySource> {
    let places = [
        ("header", d.header.as_deref()),
        ("body", d.body.as_deref()),
        ("body_seconds", d.body_seconds.as_deref()),
        ("body_milliseconds", d.body_milliseconds.as_deref()),
    ];
    let given: Vec<(&str, &str)> = places.iter().filter_map(|(k, v)| Some((*k, (*v)?))).collect();
    let (key, value) = match given[..] {
        [one] => one,
        [] => {
            cx.error(
                at,
                "a delay source names no place",
                r#"give one of "header", "body", "body_seconds" or "body_milliseconds", e.g. {"header": "Retry-After"}"#,
            );
            return None;
        }
        [_, (second, _), ..] => {
            cx.error_at_key(
                &at.key(second),
                "a delay source names more than one place",
                "write one source per place, in a list, in the order they are tried",
            );
            return None;
        }
    };
    let format = match &d.format {
        None => None,
        Some(_) if matches!(key, "body_seconds" | "body_milliseconds") => {
            cx.error_at_key(
                &at.key("format"),
                format!("`{key}` already says how the delay is written"),
                format!(
                    r#"remove `format`, or write {{"body": ..., "format": ...}} instead of `{key}`"#
                ),
            );
            return None;
        }
        Some(name) => match DelayFormat::parse(name) {
            Some(format) => Some(format),
            None => {
                cx.error(
                    &at.key("format"),
                    format!("unknown delay format `{name}`"),
                    "use `retry_after`, `seconds`, `milliseconds`, `duration` or `epoch_seconds`",
                );
                return None;
            }
        },
    };
    let here = at.key(key);
    Some(match key {
        "header" => DelaySource {
            from: Source::Header(header(cx, &here, value)?),
            format: format.unwrap_or(DelayFormat::RetryAfter),
        },
        "body_milliseconds" => DelaySource {
            from: Source::Body(pointer(cx, &here, value)?),
            format: DelayFormat::Milliseconds,
        },
        _ => DelaySource {
            from: Source::Body(pointer(cx, &here, value)?),
            format: format.unwrap_or(DelayFormat::Seconds),
        },
    })
}

/// A code normalization rule.
pub(super) fn normalize(
    cx: &mut Collector,
    at: &Ptr,
    name: Option<&str>,
) -> Option<Option<CodeNormalize>> {
    let Some(name) = name else { return Some(None) };
    match CodeNormalize::parse(name) {
        Some(rule) => Some(Some(rule)),
        None => {
            cx.error(
                at,
                format!("unknown code normalization `{name}`"),
                "use `smithy_shape` (AWS shape names) or `uri_name` (problem type URIs)",
            );
            None
        }
    }
}

/// The parts of an envelope as a spec writes them, wherever it writes them.
pub(super) struct Parts<'a> {
    pub(super) items: Option<&'a str>,
    pub(super) code: &'a ast::OneOrMany<ast::Source>,
    pub(super) normalize: Option<&'a str>,
    pub(super) message: &'a ast::OneOrMany<ast::Source>,
    pub(super) request_id: &'a ast::OneOrMany<ast::Source>,
}

/// Where an error's code, message and request id sit.
pub(super) fn envelope(cx: &mut Collector, at: &Ptr, parts: Parts) -> Option<Envelope> {
    let items = match parts.items {
        Some(p) => pointer(cx, &at.key("items"), p).map(Some),
        None => Some(None),
    };
    let code = sources(cx, &at.key("code"), parts.code);
    let normalize = normalize(cx, &at.key("normalize"), parts.normalize);
    let message = sources(cx, &at.key("message"), parts.message);
    let request_id = sources(cx, &at.key("request_id"), parts.request_id);
    Some(Envelope {
        items: items?,
        code: code?.into(),
        normalize: normalize?,
        message: message?.into(),
        request_id: request_id?.into(),
    })
}
