//! Helpers shared by the vendor tests.
#![allow(dead_code)] // each test crate uses a different subset

use std::time::Duration;

use errtable::{CatalogError, Retry};

/// What one decoded error must look like.
#[derive(Debug, Clone, Copy)]
pub struct Expect<'a> {
    pub variant: &'a str,
    pub status: u16,
    pub code: Option<&'a str>,
    pub message: Option<&'a str>,
    pub request_id: Option<&'a str>,
    pub retry: Retry,
    pub item: Option<usize>,
}

impl<'a> Expect<'a> {
    /// An error of `variant` with `status`, no code, message or request id, never retried.
    pub fn new(variant: &'a str, status: u16) -> Self {
        Expect {
            variant,
            status,
            code: None,
            message: None,
            request_id: None,
            retry: Retry::Never,
            item: None,
        }
    }
    pub fn code(self, code: &'a str) -> Self {
        Expect { code: Some(code), ..self }
    }
    pub fn message(self, message: &'a str) -> Self {
        Expect { message: Some(message), ..self }
    }
    pub fn request_id(self, request_id: &'a str) -> Self {
        Expect { request_id: Some(request_id), ..self }
    }
    pub fn retry(self, retry: Retry) -> Self {
        Expect { retry, ..self }
    }
    pub fn item(self, item: usize) -> Self {
        Expect { item: Some(item), ..self }
    }
}

/// Asserts everything `expect` says about `error`, and that nothing of the body is lost.
pub fn check<E: CatalogError>(label: &str, error: &E, body: &[u8], expect: Expect) {
    assert_eq!(error.variant_name(), expect.variant, "{label}: variant of {error:?}");
    assert_eq!(error.status(), expect.status, "{label}: status");
    assert_eq!(error.code(), expect.code, "{label}: code");
    assert_eq!(error.message(), expect.message, "{label}: message");
    assert_eq!(error.request_id(), expect.request_id, "{label}: request id");
    assert_eq!(error.retry(), expect.retry, "{label}: retry");
    assert_eq!(error.item(), expect.item, "{label}: item");
    assert_eq!(error.raw_body().as_ref(), body, "{label}: the raw body is kept whole");
    assert_eq!(error.is_unknown(), expect.variant == "Unknown", "{label}: is_unknown");
    // Display and Debug work on every error.
    assert!(!error.to_string().is_empty(), "{label}: display");
    assert!(!format!("{error:?}").is_empty(), "{label}: debug");
}

/// Decodes a response that must carry exactly one error.
pub fn one<E: CatalogError>(status: u16, headers: &[(&str, &str)], body: &str) -> E {
    let mut errors = E::decode(status, headers, body.as_bytes());
    assert_eq!(errors.len(), 1, "status {status}, body {body}: {errors:?}");
    errors.remove(0)
}

pub fn secs(n: u64) -> Duration {
    Duration::from_secs(n)
}
