//! Helpers shared by the vendor tests.
#![allow(dead_code)] // each test crate uses a different subset

use std::time::Duration;

use errtable::{Retry, VendorError};

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
pub fn check<E: VendorError>(label: &str, error: &E, body: &[u8], expect: Expect) {
    let meta = error.meta();
    assert_eq!(error.variant_name(), expect.variant, "{label}: variant of {error:?}");
    assert_eq!(meta.status(), expect.status, "{label}: status");
    assert_eq!(meta.code(), expect.code, "{label}: code");
    assert_eq!(meta.message(), expect.message, "{label}: message");
    assert_eq!(meta.request_id(), expect.request_id, "{label}: request id");
    assert_eq!(error.retry(), expect.retry, "{label}: retry");
    assert_eq!(meta.item(), expect.item, "{label}: item");
    assert_eq!(error.meta().body().as_ref(), body, "{label}: the raw body is kept whole");
    assert_eq!(
        error.is_fallback(),
        expect.variant == E::catalog().unknown.variant,
        "{label}: is_fallback"
    );
    // Display and Debug work on every error.
    assert!(!error.to_string().is_empty(), "{label}: display");
    assert!(!format!("{error:?}").is_empty(), "{label}: debug");
}

/// Decodes a response that must carry exactly one error.
pub fn one<E: VendorError>(status: u16, headers: &[(&str, &str)], body: &str) -> E {
    let errors = E::decode(status, headers, body.as_bytes());
    assert_eq!(errors.len(), 1, "status {status}, body {body}: {errors:?}");
    errors.into_first().unwrap()
}

pub fn secs(n: u64) -> Duration {
    Duration::from_secs(n)
}
