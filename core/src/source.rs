//! Where a value is read from: a body pointer or a header.

use std::fmt;

use crate::delay::DelayFormat;
use crate::{Pointer, Text};

/// A place a value is read from.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Source {
    /// A JSON pointer into the body, or into the current item of a bulk body.
    Body(Pointer),
    /// A response header, matched case-insensitively.
    Header(Text),
}

impl Source {
    /// A body pointer of a generated table (validated when emitted).
    pub const fn body(pointer: &'static str) -> Source {
        Source::Body(Pointer::from_static(pointer))
    }

    /// A header of a generated table.
    pub const fn header(name: &'static str) -> Source {
        Source::Header(Text::Borrowed(name))
    }
}

impl fmt::Display for Source {
    /// `body /details/fields` or `header Retry-After`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Body(pointer) => write!(f, "body {pointer}"),
            Source::Header(name) => write!(f, "header {name}"),
        }
    }
}

/// A place the server's retry delay is read from, and how it is written there.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DelaySource {
    /// Where it is.
    pub from: Source,
    /// How it is written.
    pub format: DelayFormat,
}

impl DelaySource {
    /// A delay source of a generated table.
    pub const fn new(from: Source, format: DelayFormat) -> DelaySource {
        DelaySource { from, format }
    }

    /// The `Retry-After` header: the default delay source of every catalog.
    pub const RETRY_AFTER: DelaySource =
        DelaySource::new(Source::header("Retry-After"), DelayFormat::RetryAfter);
}

impl fmt::Display for DelaySource {
    /// `header Retry-After`, `body /retry_after (seconds)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.from, self.format) {
            (Source::Header(_), DelayFormat::RetryAfter) => write!(f, "{}", self.from),
            (from, format) => write!(f, "{from} ({})", format.describe()),
        }
    }
}
