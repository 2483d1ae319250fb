//! What every decoded error keeps of its response.

use std::fmt;
use std::time::Duration;

use bytes::Bytes;
use bytestring::ByteString;
use errtable_core::RetryClass;

/// The common metadata of a decoded error: status, code, message, request id, the
/// server's delay, the failing item of a bulk body, and the whole raw body.
///
/// Boxed, so that error enums stay small however much a response carried. Its texts
/// share the body's buffer when they are slices of it, so errors of one response cost
/// no copies of it, whatever their number.
#[derive(Clone, PartialEq, Eq)]
pub struct ErrorMeta(Box<Inner>);

#[derive(Clone, PartialEq, Eq)]
struct Inner {
    status: u16,
    code: Option<ByteString>,
    message: Option<ByteString>,
    request_id: Option<ByteString>,
    server_delay: Option<Duration>,
    retry_override: Option<RetryClass>,
    item: Option<usize>,
    body: Bytes,
}

impl ErrorMeta {
    /// Metadata for a response with `status` and `body`; set the rest with the `with_`
    /// methods (for tests and hand-built errors).
    pub fn new(status: u16, body: impl Into<Bytes>) -> ErrorMeta {
        ErrorMeta(Box::new(Inner {
            status,
            code: None,
            message: None,
            request_id: None,
            server_delay: None,
            retry_override: None,
            item: None,
            body: body.into(),
        }))
    }

    /// Sets the wire code.
    pub fn with_code(mut self, code: impl Into<String>) -> Self {
        self.0.code = Some(code.into().into());
        self
    }

    /// Sets the message.
    pub fn with_message(mut self, message: impl Into<String>) -> Self {
        self.0.message = Some(message.into().into());
        self
    }

    /// Sets the request id.
    pub fn with_request_id(mut self, request_id: impl Into<String>) -> Self {
        self.0.request_id = Some(request_id.into().into());
        self
    }

    /// Sets the server's delay.
    pub fn with_server_delay(mut self, delay: Duration) -> Self {
        self.0.server_delay = Some(delay);
        self
    }

    /// Sets the index of the failing item.
    pub fn with_item(mut self, item: usize) -> Self {
        self.0.item = Some(item);
        self
    }

    /// What the decoder found: code, message and request id, the server's delay and the
    /// failing item.
    pub(crate) fn decoded(
        status: u16,
        body: Bytes,
        [code, message, request_id]: [Option<ByteString>; 3],
        (server_delay, retry_override): (Option<Duration>, Option<RetryClass>),
        item: Option<usize>,
    ) -> ErrorMeta {
        let inner =
            Inner { status, code, message, request_id, server_delay, retry_override, item, body };
        ErrorMeta(Box::new(inner))
    }

    /// Sets the retry class a response header imposed.
    pub fn with_retry_override(mut self, class: RetryClass) -> Self {
        self.0.retry_override = Some(class);
        self
    }

    /// The HTTP status.
    pub fn status(&self) -> u16 {
        self.0.status
    }

    /// The wire code as text (integer codes in decimal), if the response had one.
    pub fn code(&self) -> Option<&str> {
        self.0.code.as_deref()
    }

    /// The wire code as an integer, for catalogs with integer codes.
    pub fn code_i64(&self) -> Option<i64> {
        self.code()?.parse().ok()
    }

    /// The vendor's message.
    pub fn message(&self) -> Option<&str> {
        self.0.message.as_deref()
    }

    /// The request id, for support tickets.
    pub fn request_id(&self) -> Option<&str> {
        self.0.request_id.as_deref()
    }

    /// The delay to wait before retrying, whatever the error's retry class: what the
    /// response asked for (`Retry-After`, a body field), raised to the vendor's documented
    /// minimum, or the vendor's documented default when the response gave none.
    pub fn server_delay(&self) -> Option<Duration> {
        self.0.server_delay
    }

    /// The retry class a response header imposed over the catalog's (a spec's
    /// `retry.overrides`, such as `Stripe-Should-Retry: false`).
    pub fn retry_override(&self) -> Option<RetryClass> {
        self.0.retry_override
    }

    /// The index of the failing item in a bulk response body.
    pub fn item(&self) -> Option<usize> {
        self.0.item
    }

    /// The whole raw response body.
    pub fn body(&self) -> &Bytes {
        &self.0.body
    }
}

/// How much of a body `Debug` shows.
const DEBUG_BODY_LIMIT: usize = 512;

impl fmt::Debug for ErrorMeta {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &self.0;
        let mut s = f.debug_struct("ErrorMeta");
        s.field("status", &inner.status);
        if let Some(code) = &inner.code {
            s.field("code", code);
        }
        if let Some(message) = &inner.message {
            s.field("message", message);
        }
        if let Some(request_id) = &inner.request_id {
            s.field("request_id", request_id);
        }
        if let Some(delay) = &inner.server_delay {
            s.field("server_delay", delay);
        }
        if let Some(item) = &inner.item {
            s.field("item", item);
        }
        s.field("body", &BodyPreview(&inner.body));
        s.finish()
    }
}

/// The body as (lossy) text, cut after [`DEBUG_BODY_LIMIT`] bytes so logs stay readable.
struct BodyPreview<'a>(&'a [u8]);

impl fmt::Debug for BodyPreview<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown = &self.0[..self.0.len().min(DEBUG_BODY_LIMIT)];
        let text = String::from_utf8_lossy(shown);
        if shown.len() < self.0.len() {
            write!(f, "{text:?}… ({} bytes)", self.0.len())
        } else {
            write!(f, "{text:?}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_and_reads() {
        let meta = ErrorMeta::new(200, &b"{}"[..]).with_code("3").with_item(2);
        assert_eq!(meta.code_i64(), Some(3));
        assert_eq!(meta.item(), Some(2));
        assert_eq!(meta.message(), None);
        assert_eq!(meta.body().as_ref(), b"{}");
    }

    #[test]
    fn debug_cuts_long_bodies() {
        let meta = ErrorMeta::new(500, vec![b'x'; 2000]);
        let shown = format!("{meta:?}");
        assert!(shown.contains("(2000 bytes)"), "{shown}");
        assert!(shown.len() < 700);
    }
}
