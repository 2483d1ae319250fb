//! Hand-written decoders, as a client author writes them without errtable: a
//! serde-derived struct of the vendor's envelope (the fields the catalog reads, owned
//! `String`s), then a `match` on the code (or the status, where the vendor is status-led)
//! to an error enum with the same typed fields as the generated one.
//!
//! Where a vendor documents "one value or a list" (Octeth's `ErrorCode`, Octogen's
//! `detail`), the struct uses `#[serde(untagged)]`, as such clients usually do. A body
//! that does not deserialize still gives an error (the status-only fallback), as
//! errtable does. Each decoder returns its errors; [`Outcome`] sums them up so the
//! instruments can check that both decoders found the same errors.

use std::collections::BTreeMap;

use serde::Deserialize;

/// What a decode found: the variant name of each error.
pub type Outcome = Vec<String>;

/// The variant names of `errors`, read from their `Debug` form (outside the timed path:
/// the instruments time the decoders alone).
fn summary<E: std::fmt::Debug>(errors: impl IntoIterator<Item = E>) -> Outcome {
    let name = |e: E| format!("{e:?}").chars().take_while(char::is_ascii_alphanumeric).collect();
    errors.into_iter().map(name).collect()
}

/// One value or a list of them.
#[derive(Deserialize)]
#[serde(untagged)]
pub enum OneOrMany<T> {
    /// A single value.
    One(T),
    /// A list.
    Many(Vec<T>),
}

impl<T> OneOrMany<T> {
    fn into_vec(self) -> Vec<T> {
        match self {
            OneOrMany::One(value) => vec![value],
            OneOrMany::Many(list) => list,
        }
    }
}

/// Octopost: `{"error", "code", "details"}`.
pub mod octopost {
    use super::*;

    /// The envelope.
    #[derive(Deserialize)]
    pub struct Body {
        /// The message.
        pub error: Option<String>,
        /// The code.
        pub code: Option<String>,
        /// Typed details of 422 and 429.
        pub details: Option<Details>,
    }

    /// `details`.
    #[derive(Deserialize)]
    pub struct Details {
        /// Requests allowed in the window.
        pub limit: Option<i64>,
        /// Requests left.
        pub remaining: Option<i64>,
        /// When the window resets.
        pub reset_at: Option<String>,
        /// Seconds to wait.
        pub retry_after: Option<i64>,
        /// Field name to its validation error.
        pub fields: Option<BTreeMap<String, String>>,
    }

    /// The client's error enum.
    #[derive(Debug)]
    #[allow(missing_docs)]
    pub enum Error {
        BadRequest {
            message: Option<String>,
        },
        Unauthorized {
            message: Option<String>,
        },
        Forbidden {
            message: Option<String>,
        },
        NotFound {
            message: Option<String>,
        },
        Conflict {
            message: Option<String>,
        },
        ValidationError {
            message: Option<String>,
            fields: Option<BTreeMap<String, String>>,
        },
        RateLimited {
            message: Option<String>,
            limit: Option<i64>,
            remaining: Option<i64>,
            reset_at: Option<String>,
            retry_after: Option<i64>,
        },
        ServerError {
            message: Option<String>,
        },
        BadGateway,
        ServiceUnavailable,
        GatewayTimeout,
        Unknown {
            status: u16,
            code: Option<String>,
            message: Option<String>,
        },
    }

    /// Decodes a response.
    pub fn decode(status: u16, body: &[u8]) -> Option<Error> {
        if status < 400 {
            return None;
        }
        let Ok(body) = serde_json::from_slice::<Body>(body) else {
            return Some(match status {
                502 => Error::BadGateway,
                503 => Error::ServiceUnavailable,
                504 => Error::GatewayTimeout,
                _ => Error::Unknown { status, code: None, message: None },
            });
        };
        let message = body.error;
        let details = body.details;
        Some(match body.code.as_deref() {
            Some("bad_request") => Error::BadRequest { message },
            Some("unauthorized") => Error::Unauthorized { message },
            Some("forbidden") => Error::Forbidden { message },
            Some("not_found") => Error::NotFound { message },
            Some("conflict") => Error::Conflict { message },
            Some("validation_error") => {
                Error::ValidationError { message, fields: details.and_then(|d| d.fields) }
            }
            Some("rate_limited") => {
                let d = details.unwrap_or(Details {
                    limit: None,
                    remaining: None,
                    reset_at: None,
                    retry_after: None,
                    fields: None,
                });
                Error::RateLimited {
                    message,
                    limit: d.limit,
                    remaining: d.remaining,
                    reset_at: d.reset_at,
                    retry_after: d.retry_after,
                }
            }
            Some("server_error") => Error::ServerError { message },
            _ => Error::Unknown { status, code: body.code, message },
        })
    }

    /// [`decode`], summed up.
    pub fn outcome(status: u16, body: &[u8]) -> Outcome {
        summary(decode(status, body))
    }
}

/// Catalog API: `{"error": {"code", "message", "request_id"}}` plus root-level extras;
/// errors inside 200 bodies (single product and bulk).
pub mod catalog {
    use super::*;

    /// The error envelope.
    #[derive(Deserialize)]
    pub struct Body {
        /// The nested error.
        pub error: Option<Inner>,
        /// 402's extra.
        pub credits_needed: Option<i64>,
        /// 402's extra.
        pub credits_remaining: Option<i64>,
        /// 400's extra.
        pub invalid_urls: Option<Vec<String>>,
    }

    /// `error`.
    #[derive(Deserialize)]
    pub struct Inner {
        /// The code.
        pub code: Option<String>,
        /// The message.
        pub message: Option<String>,
        /// The request id.
        pub request_id: Option<String>,
    }

    /// A 200 body: single product (`meta`) or bulk (`products`).
    #[derive(Deserialize)]
    pub struct Success {
        /// Single product outcome.
        pub meta: Option<Meta>,
        /// Bulk items.
        pub products: Option<Vec<Item>>,
    }

    /// `meta` of a single product response.
    #[derive(Deserialize)]
    pub struct Meta {
        /// Whether the product was found.
        pub found: Option<bool>,
        /// Why not.
        pub outcome: Option<String>,
        /// The product URL.
        pub url: Option<String>,
    }

    /// One item of a bulk response.
    #[derive(Deserialize)]
    pub struct Item {
        /// The product URL.
        pub url: Option<String>,
        /// Whether it succeeded.
        pub success: Option<bool>,
        /// Why not.
        pub outcome: Option<String>,
    }

    /// The client's error enum.
    #[derive(Debug)]
    #[allow(missing_docs)]
    pub enum Error {
        Unauthorized {
            message: Option<String>,
            request_id: Option<String>,
        },
        Forbidden {
            message: Option<String>,
            request_id: Option<String>,
        },
        InvalidRequest {
            message: Option<String>,
            request_id: Option<String>,
        },
        ValidationError {
            message: Option<String>,
            request_id: Option<String>,
            invalid_urls: Option<Vec<String>>,
        },
        NotFound {
            message: Option<String>,
            request_id: Option<String>,
        },
        Conflict {
            message: Option<String>,
            request_id: Option<String>,
        },
        InsufficientCredits {
            message: Option<String>,
            request_id: Option<String>,
            credits_needed: Option<i64>,
            credits_remaining: Option<i64>,
        },
        RateLimited {
            message: Option<String>,
            request_id: Option<String>,
        },
        InternalError {
            message: Option<String>,
            request_id: Option<String>,
        },
        VendorNotSupported {
            url: Option<String>,
            item: Option<usize>,
        },
        Unknown {
            status: u16,
            code: Option<String>,
            message: Option<String>,
            item: Option<usize>,
        },
    }

    fn embedded(
        status: u16,
        code: Option<String>,
        url: Option<String>,
        item: Option<usize>,
    ) -> Error {
        match code.as_deref() {
            Some("VENDOR_NOT_SUPPORTED") => Error::VendorNotSupported { url, item },
            _ => Error::Unknown { status, code, message: None, item },
        }
    }

    /// Decodes a response.
    pub fn decode(status: u16, body: &[u8]) -> Vec<Error> {
        if status < 400 {
            let Ok(body) = serde_json::from_slice::<Success>(body) else {
                return Vec::new();
            };
            let mut errors = Vec::new();
            if let Some(meta) = body.meta
                && meta.found == Some(false)
            {
                errors.push(embedded(status, meta.outcome, meta.url, None));
            }
            for (i, item) in body.products.into_iter().flatten().enumerate() {
                if item.success == Some(false) {
                    errors.push(embedded(status, item.outcome, item.url, Some(i)));
                }
            }
            return errors;
        }
        let Ok(body) = serde_json::from_slice::<Body>(body) else {
            let error = match status {
                500 => Error::InternalError { message: None, request_id: None },
                _ => Error::Unknown { status, code: None, message: None, item: None },
            };
            return vec![error];
        };
        let (code, message, request_id) = match body.error {
            Some(Inner { code, message, request_id }) => (code, message, request_id),
            None => (None, None, None),
        };
        let error = match code.as_deref() {
            Some("UNAUTHORIZED") => Error::Unauthorized { message, request_id },
            Some("FORBIDDEN") => Error::Forbidden { message, request_id },
            Some("INVALID_REQUEST") => Error::InvalidRequest { message, request_id },
            Some("VALIDATION_ERROR") => {
                Error::ValidationError { message, request_id, invalid_urls: body.invalid_urls }
            }
            Some("NOT_FOUND") => Error::NotFound { message, request_id },
            Some("CONFLICT") => Error::Conflict { message, request_id },
            Some("INSUFFICIENT_CREDITS") => Error::InsufficientCredits {
                message,
                request_id,
                credits_needed: body.credits_needed,
                credits_remaining: body.credits_remaining,
            },
            Some("RATE_LIMITED") => Error::RateLimited { message, request_id },
            Some("INTERNAL_ERROR") => Error::InternalError { message, request_id },
            _ => Error::Unknown { status, code, message, item: None },
        };
        vec![error]
    }

    /// [`decode`], summed up.
    pub fn outcome(status: u16, body: &[u8]) -> Outcome {
        summary(decode(status, body))
    }
}

/// Octeth: HTTP 200 with `{"Success": false, "ErrorCode": n or [n...], "ErrorText": s or
/// [s...]}`.
pub mod octeth {
    use super::*;

    /// The envelope.
    #[derive(Deserialize)]
    #[serde(rename_all = "PascalCase")]
    pub struct Body {
        /// `false` on failure.
        pub success: Option<bool>,
        /// One code or a list.
        pub error_code: Option<OneOrMany<i64>>,
        /// One message or a list.
        pub error_text: Option<OneOrMany<String>>,
    }

    /// The client's error enum (the global table).
    #[derive(Debug)]
    #[allow(missing_docs)]
    pub enum Error {
        InvalidApiKey { message: Option<String> },
        SessionExpired { message: Option<String> },
        InvalidCaptcha { message: Option<String> },
        InvalidTwoFactorCode { message: Option<String> },
        TwoFactorRequired { message: Option<String> },
        MissingRequiredField { message: Option<String> },
        InvalidFieldFormat { message: Option<String> },
        InvalidEmailAddress { message: Option<String> },
        InvalidDateFormat { message: Option<String> },
        ResourceNotFound { message: Option<String> },
        PermissionDenied { message: Option<String> },
        DuplicateEntry { message: Option<String> },
        RateLimitExceeded { message: Option<String> },
        UserLimitReached { message: Option<String> },
        SubscriberLimitReached { message: Option<String> },
        Unknown { status: u16, code: Option<i64>, message: Option<String> },
    }

    fn error(status: u16, code: Option<i64>, message: Option<String>) -> Error {
        match code {
            Some(99998) => Error::InvalidApiKey { message },
            Some(99999) => Error::SessionExpired { message },
            Some(5) => Error::InvalidCaptcha { message },
            Some(6) => Error::InvalidTwoFactorCode { message },
            Some(101) => Error::TwoFactorRequired { message },
            Some(1) => Error::MissingRequiredField { message },
            Some(2) => Error::InvalidFieldFormat { message },
            Some(10) => Error::InvalidEmailAddress { message },
            Some(11) => Error::InvalidDateFormat { message },
            Some(404) => Error::ResourceNotFound { message },
            Some(403) => Error::PermissionDenied { message },
            Some(409) => Error::DuplicateEntry { message },
            Some(429) => Error::RateLimitExceeded { message },
            Some(16) => Error::UserLimitReached { message },
            Some(18) => Error::SubscriberLimitReached { message },
            _ => Error::Unknown { status, code, message },
        }
    }

    /// Decodes a response: one error per code, the i-th message with the i-th code (or
    /// the one message with every code).
    pub fn decode(status: u16, body: &[u8]) -> Vec<Error> {
        let Ok(body) = serde_json::from_slice::<Body>(body) else {
            return if status >= 400 { vec![error(status, None, None)] } else { Vec::new() };
        };
        if status < 400 && body.success != Some(false) {
            return Vec::new();
        }
        let codes = body.error_code.map(OneOrMany::into_vec).unwrap_or_default();
        match body.error_text {
            Some(OneOrMany::Many(texts)) if codes.len() > 1 => {
                let mut texts = texts.into_iter();
                codes.into_iter().map(|code| error(status, Some(code), texts.next())).collect()
            }
            text => {
                let text = text.map(|t| match t {
                    OneOrMany::One(text) => text,
                    OneOrMany::Many(texts) => texts.join("; "),
                });
                match codes.len() {
                    0 => vec![error(status, None, text)],
                    1 => vec![error(status, codes.first().copied(), text)],
                    _ => codes.into_iter().map(|c| error(status, Some(c), text.clone())).collect(),
                }
            }
        }
    }

    /// [`decode`], summed up.
    pub fn outcome(status: u16, body: &[u8]) -> Outcome {
        summary(decode(status, body))
    }
}

/// Octogen: status-led FastAPI bodies, `{"detail": "text"}` or `{"detail": [{loc, msg,
/// type}]}`.
pub mod octogen {
    use super::*;

    /// The envelope.
    #[derive(Deserialize)]
    pub struct Body {
        /// A code or message, or the validation issues.
        pub detail: Option<Detail>,
    }

    /// `detail`.
    #[derive(Deserialize)]
    #[serde(untagged)]
    pub enum Detail {
        /// A code or message.
        Text(String),
        /// The validation issues of a 422.
        Issues(Vec<Issue>),
    }

    /// One validation issue.
    #[derive(Deserialize)]
    pub struct Issue {
        /// Path to the invalid field.
        pub loc: Option<Vec<Loc>>,
        /// The message.
        pub msg: Option<String>,
        /// The error type.
        #[serde(rename = "type")]
        pub kind: Option<String>,
    }

    /// One element of a `loc` path.
    #[derive(Deserialize)]
    #[serde(untagged)]
    pub enum Loc {
        /// A member name.
        Name(String),
        /// An array index.
        Index(i64),
    }

    /// The client's error enum.
    #[derive(Debug)]
    #[allow(missing_docs)]
    pub enum Error {
        Unauthorized {
            message: Option<String>,
        },
        Forbidden {
            message: Option<String>,
        },
        CatalogNotFound,
        ProductNotFound,
        NotFound {
            message: Option<String>,
        },
        ValidationError {
            message: Option<String>,
            detail: Option<Vec<(Vec<String>, String, String)>>,
        },
        RateLimited,
        ServerError {
            message: Option<String>,
        },
        Unknown {
            status: u16,
            message: Option<String>,
        },
    }

    /// Decodes a response.
    pub fn decode(status: u16, body: &[u8]) -> Option<Error> {
        if status < 400 {
            return None;
        }
        let detail = serde_json::from_slice::<Body>(body).ok().and_then(|b| b.detail);
        let (text, issues) = match detail {
            Some(Detail::Text(text)) => (Some(text), None),
            Some(Detail::Issues(issues)) => (None, Some(issues)),
            None => (None, None),
        };
        Some(match (status, text.as_deref()) {
            (_, Some("catalog_not_found")) => Error::CatalogNotFound,
            (_, Some("product_not_found")) => Error::ProductNotFound,
            (_, Some("rate_limit_exceeded")) | (429, _) => Error::RateLimited,
            (401, _) => Error::Unauthorized { message: text },
            (403, _) => Error::Forbidden { message: text },
            (404, _) => Error::NotFound { message: text },
            (422, _) => {
                let issues = issues.map(|issues| {
                    issues
                        .into_iter()
                        .map(|issue| {
                            let loc = issue.loc.unwrap_or_default().into_iter().map(|l| match l {
                                Loc::Name(name) => name,
                                Loc::Index(index) => index.to_string(),
                            });
                            (
                                loc.collect(),
                                issue.msg.unwrap_or_default(),
                                issue.kind.unwrap_or_default(),
                            )
                        })
                        .collect::<Vec<_>>()
                });
                let message = text.or_else(|| issues.as_ref()?.first().map(|i| i.1.clone()));
                Error::ValidationError { message, detail: issues }
            }
            (500 | 502 | 503 | 504, _) => Error::ServerError { message: text },
            _ => Error::Unknown { status, message: text },
        })
    }

    /// [`decode`], summed up.
    pub fn outcome(status: u16, body: &[u8]) -> Outcome {
        summary(decode(status, body))
    }
}

/// Octomil: `{"error": code, "message", "status_code"}`.
pub mod octomil {
    use super::*;

    /// The envelope.
    #[derive(Deserialize)]
    pub struct Body {
        /// The code.
        pub error: Option<String>,
        /// The message.
        pub message: Option<String>,
        /// The status, repeated.
        pub status_code: Option<u16>,
    }

    /// The client's error enum.
    #[derive(Debug)]
    #[allow(missing_docs)]
    pub enum Error {
        BadRequest { message: Option<String> },
        Unauthorized { message: Option<String> },
        Forbidden { message: Option<String> },
        NotFound { message: Option<String> },
        Conflict { message: Option<String> },
        ValidationError { message: Option<String> },
        RateLimited { message: Option<String> },
        InternalError { message: Option<String> },
        ServiceUnavailable { message: Option<String> },
        InsufficientClients { message: Option<String> },
        PayloadTooLarge { message: Option<String> },
        Unknown { status: u16, code: Option<String>, message: Option<String> },
    }

    /// Decodes a response.
    pub fn decode(status: u16, body: &[u8]) -> Option<Error> {
        if status < 400 {
            return None;
        }
        let body = serde_json::from_slice::<Body>(body).ok();
        let (code, message) = body.map_or((None, None), |b| (b.error, b.message));
        Some(match code.as_deref() {
            Some("bad_request") => Error::BadRequest { message },
            Some("unauthorized") => Error::Unauthorized { message },
            Some("forbidden") => Error::Forbidden { message },
            Some("not_found") => Error::NotFound { message },
            Some("conflict") => Error::Conflict { message },
            Some("validation_error") => Error::ValidationError { message },
            Some("rate_limited") => Error::RateLimited { message },
            Some("internal_error") => Error::InternalError { message },
            Some("service_unavailable") => Error::ServiceUnavailable { message },
            Some("insufficient_clients") => Error::InsufficientClients { message },
            Some("payload_too_large") => Error::PayloadTooLarge { message },
            _ => match status {
                500 => Error::InternalError { message },
                503 => Error::ServiceUnavailable { message },
                _ => Error::Unknown { status, code, message },
            },
        })
    }

    /// [`decode`], summed up.
    pub fn outcome(status: u16, body: &[u8]) -> Outcome {
        summary(decode(status, body))
    }
}
