//! Where values are read from: JSON pointers, header names, value sources, delay
//! sources and envelopes.

use errtable_core::delay::DelayFormat;
use errtable_core::{DelaySource, Envelope, Pointer, PointerError, Source, Text};

use super::{all, text};
use crate::ast;
use crate::diag::{Collector, Ptr};

/// A JSON pointer.
pub(super) fn pointer(cx: &mut Collector, at: &Ptr, written: &str) -> Option<Pointer> {
    match Pointer::parse(written) {
        Ok(pointer) => Some(pointer),
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
    each(cx, at, sources, |cx, here, source| {
        let (from, format) = match source {
            ast::DelaySource::Header(h) => {
                (header(cx, &here.key("header"), h).map(Source::Header), DelayFormat::RetryAfter)
            }
            ast::DelaySource::BodySeconds(p) => {
                (pointer(cx, &here.key("body_seconds"), p).map(Source::Body), DelayFormat::Seconds)
            }
            ast::DelaySource::BodyMilliseconds(p) => (
                pointer(cx, &here.key("body_milliseconds"), p).map(Source::Body),
                DelayFormat::Milliseconds,
            ),
        };
        Some(DelaySource { from: from?, format })
    })
}

/// Where an error's code, message and request id sit.
pub(super) fn envelope(
    cx: &mut Collector,
    at: &Ptr,
    code: &ast::OneOrMany<ast::Source>,
    message: &ast::OneOrMany<ast::Source>,
    request_id: &ast::OneOrMany<ast::Source>,
) -> Option<Envelope> {
    let code = sources(cx, &at.key("code"), code);
    let message = sources(cx, &at.key("message"), message);
    let request_id = sources(cx, &at.key("request_id"), request_id);
    Some(Envelope { code: code?.into(), message: message?.into(), request_id: request_id?.into() })
}
