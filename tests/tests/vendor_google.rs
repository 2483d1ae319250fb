//! Google APIs following AIP-193 (`specs/google.json`): every example response of the
//! research notes (`docs/research/google.md`, examples G1 to G15), decoded through a
//! `GoogleError` generated here, and each hard case of the catalog in its own test: the
//! 16 canonical codes by `error.status` with code.proto's HTTP mappings, UNKNOWN as a
//! documented code beside the renamed fallback `Unrecognized`, `error.details[]` picked by
//! `@type` in any order (ErrorInfo's fields, RetryInfo's duration, RequestInfo's request
//! id), and the 30 s wait of a quota 429 without RetryInfo.
//!
//! Sources of the bodies: AIP-193 (G1, G2), the API design guide (G3), google-cloud-rust's
//! test payloads (G4, G5), GitHub issues quoting real Gemini and Vertex responses (G6 to
//! G8, G10, G11), and bodies built from documented pieces (G9, G12 to G15, marked
//! "constructed"). None of the sources captured response headers, so none are sent.

use errtable_tests::google as catalog;

mod common;

use std::collections::BTreeMap;
use std::time::Duration;

use catalog::{FieldViolation, GoogleError, QuotaViolation};
use common::{Expect, check, one, secs};
use errtable::{Backoff, Jitter, NoHeaders, Retry, RetryClass};

/// G1: AIP-193's fully populated example, verbatim.
const G1_AIP_193: &str = r#"{
  "error": {
    "code": 429,
    "message": "The zone 'us-east1-a' does not have enough resources available to fulfill the request. Try a different zone, or try again later.",
    "status": "RESOURCE_EXHAUSTED",
    "details": [
      {
        "@type": "type.googleapis.com/google.rpc.ErrorInfo",
        "reason": "RESOURCE_AVAILABILITY",
        "domain": "compute.googleapis.com",
        "metadata": {
          "zone": "us-east1-a",
          "vmType": "e2-medium",
          "attachment": "local-ssd=3,nvidia-t4=2",
          "zonesWithCapacity": "us-central1-f,us-central1-c"
        }
      },
      {
        "@type": "type.googleapis.com/google.rpc.LocalizedMessage",
        "locale": "en-US",
        "message": "An <e2-medium> VM instance with <local-ssd=3,nvidia-t4=2> is currently unavailable in the <us-east1-a> zone. Consider trying your request in the <us-central1-f,us-central1-c> zone(s), which currently has/have capacity to accommodate your request. Alternatively, you can try your request again with a different VM hardware configuration or at a later time. For more information, see the troubleshooting documentation."
      },
      {
        "@type": "type.googleapis.com/google.rpc.Help",
        "links": [
          {
            "description": "Additional information on this error",
            "url": "https://cloud.google.com/compute/docs/resource-error"
          }
        ]
      }
    ]
  }
}"#;
const G1_MESSAGE: &str = "The zone 'us-east1-a' does not have enough resources available to fulfill the request. Try a different zone, or try again later.";

/// G2: AIP-193's illustration of the `code` field, verbatim with its comments (which make
/// it not JSON).
const G2_AIP_193_CODE_FIELD: &str = r#"{
  "error": {
    "code": 404,          // The HTTP status code for "not found"
    "status": "NOT_FOUND" // The name in google.rpc.Code for value 5
  }
}"#;

/// G3: the API design guide's example, verbatim.
const G3_DESIGN_GUIDE: &str = r#"{
  "error": {
    "code": 400,
    "message": "API key not valid. Please pass a valid API key.",
    "status": "INVALID_ARGUMENT",
    "details": [
      {
        "@type": "type.googleapis.com/google.rpc.ErrorInfo",
        "reason": "API_KEY_INVALID",
        "domain": "googleapis.com",
        "metadata": {
          "service": "translate.googleapis.com"
        }
      }
    ]
  }
}"#;

/// G4: google-cloud-rust's `SAMPLE_PAYLOAD`, verbatim.
const G4_SAMPLE_PAYLOAD: &str = r#"{
  "error": {
    "code": 400,
    "message": "The provided Secret ID [] does not match the expected format [[a-zA-Z_0-9]+]",
    "status": "INVALID_ARGUMENT"
  }
}"#;
const SECRET_ID_MESSAGE: &str =
    "The provided Secret ID [] does not match the expected format [[a-zA-Z_0-9]+]";

/// G5: google-cloud-rust's `INVALID_CODE_PAYLOAD`, verbatim.
const G5_INVALID_CODE_PAYLOAD: &str = r#"{
  "error": {
    "code": 400,
    "message": "The provided Secret ID [] does not match the expected format [[a-zA-Z_0-9]+]",
    "status": "NOT-A-VALID-CODE"
  }
}"#;

/// G6: a Gemini 429 without details (google/generative-ai-docs#236), verbatim.
const G6_GEMINI_NO_DETAILS: &str = r#"{
  "error": {
    "code": 429,
    "message": "Resource has been exhausted (e.g. check quota).",
    "status": "RESOURCE_EXHAUSTED"
  }
}"#;

/// G7: a quota 429 with ErrorInfo `RATE_LIMIT_EXCEEDED` and no RetryInfo (values from
/// google/generative-ai-docs#236 and deprecated-generative-ai-python#244, layout
/// reconstructed).
const G7_RATE_LIMIT_NO_RETRY_INFO: &str = r#"{
  "error": {
    "code": 429,
    "message": "Quota exceeded for quota metric 'Generate Content API requests per minute' and limit 'GenerateContent request limit per minute for a region' of service 'generativelanguage.googleapis.com' for consumer 'project_number:696498078762'.",
    "status": "RESOURCE_EXHAUSTED",
    "details": [
      {
        "@type": "type.googleapis.com/google.rpc.ErrorInfo",
        "reason": "RATE_LIMIT_EXCEEDED",
        "domain": "googleapis.com",
        "metadata": {
          "service": "generativelanguage.googleapis.com",
          "quota_metric": "generativelanguage.googleapis.com/generate_content_requests",
          "quota_location": "us-west4",
          "quota_limit": "GenerateContentRequestsPerMinutePerProjectPerRegion",
          "quota_limit_value": "0",
          "consumer": "projects/99429294349"
        }
      },
      {
        "@type": "type.googleapis.com/google.rpc.Help",
        "links": [
          {
            "description": "Request a higher quota limit.",
            "url": "https://cloud.google.com/docs/quota#requesting_higher_quota"
          }
        ]
      }
    ]
  }
}"#;

/// G8: a Gemini 429 with QuotaFailure, Help and RetryInfo last (google/langextract#50,
/// converted from the Python dict printed in the issue).
const G8_GEMINI_QUOTA_FAILURE: &str = r#"{
  "error": {
    "code": 429,
    "message": "You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits.",
    "status": "RESOURCE_EXHAUSTED",
    "details": [
      {
        "@type": "type.googleapis.com/google.rpc.QuotaFailure",
        "violations": [
          {
            "quotaMetric": "generativelanguage.googleapis.com/generate_content_free_tier_requests",
            "quotaId": "GenerateRequestsPerMinutePerProjectPerModel-FreeTier",
            "quotaDimensions": { "location": "global", "model": "gemini-2.5-flash" },
            "quotaValue": "10"
          }
        ]
      },
      {
        "@type": "type.googleapis.com/google.rpc.Help",
        "links": [
          { "description": "Learn more about Gemini API quotas", "url": "https://ai.google.dev/gemini-api/docs/rate-limits" }
        ]
      },
      { "@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "15s" }
    ]
  }
}"#;

/// G9: `RATE_LIMIT_EXCEEDED` with RetryInfo "43s" placed first (constructed from
/// error_reason.proto's example and error_details.proto).
const G9_RETRY_INFO_43S: &str = r#"{
  "error": {
    "code": 429,
    "message": "Quota exceeded for quota metric 'pubsub.googleapis.com/read_requests' and limit 'ReadsPerMinutePerProject'.",
    "status": "RESOURCE_EXHAUSTED",
    "details": [
      { "@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "43s" },
      {
        "@type": "type.googleapis.com/google.rpc.ErrorInfo",
        "reason": "RATE_LIMIT_EXCEEDED",
        "domain": "googleapis.com",
        "metadata": {
          "consumer": "projects/123",
          "service": "pubsub.googleapis.com",
          "quota_metric": "pubsub.googleapis.com/read_requests",
          "quota_limit": "ReadsPerMinutePerProject"
        }
      }
    ]
  }
}"#;
const G9_MESSAGE: &str = "Quota exceeded for quota metric 'pubsub.googleapis.com/read_requests' and limit 'ReadsPerMinutePerProject'.";

/// G10: a real 429 with RetryInfo only (googleapis/python-genai#1875), verbatim.
const G10_RETRY_INFO_ONLY: &str = r#"{
  "error": {
    "code": 429,
    "message": "You exceeded your current quota... Please retry in 53.016342224s.",
    "status": "RESOURCE_EXHAUSTED",
    "details": [
      {
        "@type": "type.googleapis.com/google.rpc.RetryInfo",
        "retryDelay": "53s"
      }
    ]
  }
}"#;

/// G11: a Vertex 429 from a streaming method, wrapped in an array, with the deprecated
/// `errors[]` (google-gemini/gemini-cli#14831), verbatim.
const G11_VERTEX_ARRAY_WRAPPED: &str = r#"[{
    "error": {
      "code": 429,
      "message": "Resource exhausted. Please try again later. Please refer to https://cloud.google.com/vertex-ai/generative-ai/docs/error-code-429 for more details.",
      "errors": [
        {
          "message": "Resource exhausted. Please try again later. Please refer to https://cloud.google.com/vertex-ai/generative-ai/docs/error-code-429 for more details.",
          "domain": "global",
          "reason": "rateLimitExceeded"
        }
      ],
      "status": "RESOURCE_EXHAUSTED"
    }
  }
  ]"#;
const G11_MESSAGE: &str = "Resource exhausted. Please try again later. Please refer to https://cloud.google.com/vertex-ai/generative-ai/docs/error-code-429 for more details.";

/// G12: an expired access token (constructed from error_reason.proto's
/// `ACCESS_TOKEN_EXPIRED` example).
const G12_ACCESS_TOKEN_EXPIRED: &str = r#"{
  "error": {
    "code": 401,
    "message": "Request had invalid authentication credentials.",
    "status": "UNAUTHENTICATED",
    "details": [
      {
        "@type": "type.googleapis.com/google.rpc.ErrorInfo",
        "reason": "ACCESS_TOKEN_EXPIRED",
        "domain": "googleapis.com",
        "metadata": {
          "service": "storage.googleapis.com",
          "method": "google.storage.v1.Storage.GetObject"
        }
      }
    ]
  }
}"#;

/// G13: BadRequest and RequestInfo (constructed; the field path from error_details.proto).
const G13_BAD_REQUEST_REQUEST_INFO: &str = r#"{
  "error": {
    "code": 400,
    "message": "Invalid value at 'email_addresses[0].email'.",
    "status": "INVALID_ARGUMENT",
    "details": [
      {
        "@type": "type.googleapis.com/google.rpc.BadRequest",
        "fieldViolations": [
          {
            "field": "emailAddresses[0].email",
            "description": "must be a valid email address",
            "reason": "INVALID_EMAIL",
            "localizedMessage": { "locale": "en-US", "message": "Enter a valid email address." }
          }
        ]
      },
      { "@type": "type.googleapis.com/google.rpc.RequestInfo", "requestId": "a1b2c3d4e5", "servingData": "" }
    ]
  }
}"#;

/// G14: UNAVAILABLE with a sub-second RetryInfo (constructed; the design guide says
/// RetryInfo "may be returned on `Code.UNAVAILABLE`").
const G14_UNAVAILABLE_HALF_SECOND: &str = r#"{
  "error": {
    "code": 503,
    "message": "The service is currently unavailable.",
    "status": "UNAVAILABLE",
    "details": [
      { "@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "0.5s" }
    ]
  }
}"#;

/// G15: UNKNOWN on an HTTP 503 (constructed from google-cloud-rust's comment).
const G15_UNKNOWN_ON_503: &str =
    r#"{ "error": { "code": 503, "message": "Backend unavailable.", "status": "UNKNOWN" } }"#;

fn google(status: u16, body: &str) -> GoogleError {
    one(status, &[], body)
}

fn map(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

#[test]
fn decodes_every_example_payload() {
    #[rustfmt::skip]
    let rows = [
        ("G1", G1_AIP_193, Expect::new("ResourceExhausted", 429).code("RESOURCE_EXHAUSTED").message(G1_MESSAGE).retry(Retry::After(Some(secs(30))))),
        ("G3", G3_DESIGN_GUIDE, Expect::new("InvalidArgument", 400).code("INVALID_ARGUMENT").message("API key not valid. Please pass a valid API key.").retry(Retry::Never)),
        ("G4", G4_SAMPLE_PAYLOAD, Expect::new("InvalidArgument", 400).code("INVALID_ARGUMENT").message(SECRET_ID_MESSAGE).retry(Retry::Never)),
        ("G5", G5_INVALID_CODE_PAYLOAD, Expect::new("Unrecognized", 400).code("NOT-A-VALID-CODE").message(SECRET_ID_MESSAGE).retry(Retry::Never)),
        ("G6", G6_GEMINI_NO_DETAILS, Expect::new("ResourceExhausted", 429).code("RESOURCE_EXHAUSTED").message("Resource has been exhausted (e.g. check quota).").retry(Retry::After(Some(secs(30))))),
        ("G7", G7_RATE_LIMIT_NO_RETRY_INFO, Expect::new("ResourceExhausted", 429).code("RESOURCE_EXHAUSTED").message("Quota exceeded for quota metric 'Generate Content API requests per minute' and limit 'GenerateContent request limit per minute for a region' of service 'generativelanguage.googleapis.com' for consumer 'project_number:696498078762'.").retry(Retry::After(Some(secs(30))))),
        ("G8", G8_GEMINI_QUOTA_FAILURE, Expect::new("ResourceExhausted", 429).code("RESOURCE_EXHAUSTED").message("You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits.").retry(Retry::After(Some(secs(15))))),
        ("G9", G9_RETRY_INFO_43S, Expect::new("ResourceExhausted", 429).code("RESOURCE_EXHAUSTED").message(G9_MESSAGE).retry(Retry::After(Some(secs(43))))),
        ("G10", G10_RETRY_INFO_ONLY, Expect::new("ResourceExhausted", 429).code("RESOURCE_EXHAUSTED").message("You exceeded your current quota... Please retry in 53.016342224s.").retry(Retry::After(Some(secs(53))))),
        ("G11", G11_VERTEX_ARRAY_WRAPPED, Expect::new("ResourceExhausted", 429).code("RESOURCE_EXHAUSTED").message(G11_MESSAGE).retry(Retry::After(Some(secs(30))))),
        ("G12", G12_ACCESS_TOKEN_EXPIRED, Expect::new("Unauthenticated", 401).code("UNAUTHENTICATED").message("Request had invalid authentication credentials.").retry(Retry::Reauth)),
        ("G13", G13_BAD_REQUEST_REQUEST_INFO, Expect::new("InvalidArgument", 400).code("INVALID_ARGUMENT").message("Invalid value at 'email_addresses[0].email'.").request_id("a1b2c3d4e5").retry(Retry::Never)),
        ("G14", G14_UNAVAILABLE_HALF_SECOND, Expect::new("Unavailable", 503).code("UNAVAILABLE").message("The service is currently unavailable.").retry(Retry::After(Some(secs(1))))),
        ("G15", G15_UNKNOWN_ON_503, Expect::new("Unknown", 503).code("UNKNOWN").message("Backend unavailable.").retry(Retry::Never)),
    ];
    for (label, body, expect) in rows {
        let error = google(expect.status, body);
        check(label, &error, body.as_bytes(), expect);
    }
}

#[test]
fn canonical_codes_by_status_with_their_http_mappings() {
    // google/rpc/code.proto: every non-OK code, its "HTTP Mapping" line, and the retry
    // class AIP-194 and the design guide give it.
    #[rustfmt::skip]
    let codes = [
        ("CANCELLED", 499, "Cancelled", RetryClass::Never),
        ("UNKNOWN", 500, "Unknown", RetryClass::Never),
        ("INVALID_ARGUMENT", 400, "InvalidArgument", RetryClass::Never),
        ("DEADLINE_EXCEEDED", 504, "DeadlineExceeded", RetryClass::Never),
        ("NOT_FOUND", 404, "NotFound", RetryClass::Never),
        ("ALREADY_EXISTS", 409, "AlreadyExists", RetryClass::Never),
        ("PERMISSION_DENIED", 403, "PermissionDenied", RetryClass::Never),
        ("UNAUTHENTICATED", 401, "Unauthenticated", RetryClass::Reauth),
        ("RESOURCE_EXHAUSTED", 429, "ResourceExhausted", RetryClass::After),
        ("FAILED_PRECONDITION", 400, "FailedPrecondition", RetryClass::Never),
        ("ABORTED", 409, "Aborted", RetryClass::Never),
        ("OUT_OF_RANGE", 400, "OutOfRange", RetryClass::Never),
        ("UNIMPLEMENTED", 501, "Unimplemented", RetryClass::Never),
        ("INTERNAL", 500, "Internal", RetryClass::Never),
        ("UNAVAILABLE", 503, "Unavailable", RetryClass::After),
        ("DATA_LOSS", 500, "DataLoss", RetryClass::Never),
    ];
    let catalog = GoogleError::catalog();
    for (code, status, variant, class) in codes {
        let body =
            format!(r#"{{"error": {{"code": {status}, "message": "m", "status": "{code}"}}}}"#);
        let error = google(status, &body);
        assert_eq!(error.variant_name(), variant, "{code}");
        assert_eq!(error.code(), Some(code));
        assert_eq!(error.retry_class(), class, "{code}");
        assert!(!error.is_fallback(), "{code}");
        // The catalog documents code.proto's mapping for each code.
        let entry = catalog.entries.iter().find(|e| e.variant == variant).unwrap();
        assert_eq!(&*entry.statuses, &[status], "{code}");
        // The wire code decides, whatever the HTTP status says.
        assert_eq!(google(418, &body).variant_name(), variant, "{code} on a 418");
    }
    // Sixteen codes, the fallback and the design guide's 502 row: nothing else.
    assert_eq!(catalog.entries.len(), 17);
    // The design guide spells UNIMPLEMENTED as NOT_IMPLEMENTED.
    let error = google(501, r#"{"error": {"code": 501, "status": "NOT_IMPLEMENTED"}}"#);
    assert!(error.is_unimplemented());
    assert_eq!(error.code(), Some("NOT_IMPLEMENTED"));
}

#[test]
fn unknown_is_a_documented_code_and_the_fallback_is_renamed() {
    let documented =
        google(500, r#"{"error": {"code": 500, "message": "boom", "status": "UNKNOWN"}}"#);
    assert!(matches!(documented, GoogleError::Unknown { .. }), "{documented:?}");
    assert!(documented.is_unknown() && !documented.is_fallback());
    assert!(documented.description().unwrap().starts_with("UNKNOWN (2)"));
    assert_eq!(documented.retry(), Retry::Never, "AIP-194: surfaced, not retried");

    // A status google.rpc.Code does not define: the fallback, with the string kept.
    let undefined = google(400, G5_INVALID_CODE_PAYLOAD);
    assert!(matches!(undefined, GoogleError::Unrecognized { .. }), "{undefined:?}");
    assert!(undefined.is_unrecognized() && undefined.is_fallback() && !undefined.is_unknown());
    assert_eq!(undefined.code(), Some("NOT-A-VALID-CODE"));
    assert_eq!(undefined.description(), None);
    assert_eq!(GoogleError::catalog().unknown.variant, "Unrecognized");
    assert_eq!(undefined.to_string(), format!("NOT-A-VALID-CODE: {SECRET_ID_MESSAGE}"));
}

#[test]
fn error_info_reason_domain_and_metadata_are_fields() {
    let error = google(429, G1_AIP_193);
    let GoogleError::ResourceExhausted { reason, domain, metadata, localized_message, .. } = &error
    else {
        panic!("{error:?}")
    };
    assert_eq!(reason.as_deref(), Some("RESOURCE_AVAILABILITY"));
    assert_eq!(domain.as_deref(), Some("compute.googleapis.com"));
    let expected = map(&[
        ("zone", "us-east1-a"),
        ("vmType", "e2-medium"),
        ("attachment", "local-ssd=3,nvidia-t4=2"),
        ("zonesWithCapacity", "us-central1-f,us-central1-c"),
    ]);
    assert_eq!(metadata.as_ref(), Some(&expected));
    assert!(localized_message.as_deref().unwrap().starts_with("An <e2-medium> VM instance"));

    // Every code carries them; here an INVALID_ARGUMENT and an UNAUTHENTICATED.
    let GoogleError::InvalidArgument { reason, domain, metadata, .. } =
        google(400, G3_DESIGN_GUIDE)
    else {
        panic!()
    };
    assert_eq!(
        (reason.as_deref(), domain.as_deref()),
        (Some("API_KEY_INVALID"), Some("googleapis.com"))
    );
    assert_eq!(metadata, Some(map(&[("service", "translate.googleapis.com")])));
    let GoogleError::Unauthenticated { reason, metadata, .. } =
        google(401, G12_ACCESS_TOKEN_EXPIRED)
    else {
        panic!()
    };
    assert_eq!(reason.as_deref(), Some("ACCESS_TOKEN_EXPIRED"));
    assert_eq!(metadata.unwrap()["method"], "google.storage.v1.Storage.GetObject");

    // Without an ErrorInfo (many real responses), the fields are absent.
    let GoogleError::ResourceExhausted { reason, domain, metadata, .. } =
        google(429, G6_GEMINI_NO_DETAILS)
    else {
        panic!()
    };
    assert_eq!((reason, domain, metadata), (None, None, None));

    // The generic view uses Google's names.
    let names: Vec<_> = google(429, G9_RETRY_INFO_43S).fields().iter().map(|f| f.0).collect();
    assert_eq!(names, ["reason", "domain", "metadata"]);
}

#[test]
fn retry_info_duration_is_the_server_delay() {
    // "43s" waits 43 s, found by `@type` wherever it sits.
    let error = google(429, G9_RETRY_INFO_43S);
    assert_eq!(error.retry(), Retry::After(Some(secs(43))));
    assert_eq!(error.meta().server_delay(), Some(secs(43)));
    // Real Gemini delays, last in the list or alone; the message's "53.016342224s" is
    // not read.
    assert_eq!(google(429, G8_GEMINI_QUOTA_FAILURE).retry(), Retry::After(Some(secs(15))));
    assert_eq!(google(429, G10_RETRY_INFO_ONLY).retry(), Retry::After(Some(secs(53))));
    // Fractions are kept to the nanosecond.
    let body = r#"{"error": {"status": "RESOURCE_EXHAUSTED", "details": [
        {"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "3.000000001s"}]}}"#;
    assert_eq!(google(429, body).retry(), Retry::After(Some(Duration::new(3, 1))));
    // UNAVAILABLE: RetryInfo is used, raised to the design guide's 1 s minimum.
    let error = google(503, G14_UNAVAILABLE_HALF_SECOND);
    assert_eq!(error.retry(), Retry::After(Some(secs(1))));
    let body = r#"{"error": {"status": "UNAVAILABLE", "details": [
        {"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "2.5s"}]}}"#;
    assert_eq!(google(503, body).retry(), Retry::After(Some(Duration::from_millis(2500))));
    // Without RetryInfo UNAVAILABLE backs off with the policy.
    let body = r#"{"error": {"code": 503, "status": "UNAVAILABLE"}}"#;
    assert_eq!(google(503, body).retry(), Retry::After(None));
    // ABORTED is retried at a higher level: the delay is kept, the class says never.
    let body = r#"{"error": {"status": "ABORTED", "details": [
        {"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "2s"}]}}"#;
    let aborted = google(409, body);
    assert_eq!((aborted.retry(), aborted.meta().server_delay()), (Retry::Never, Some(secs(2))));
    // A RetryInfo of another type name is not read.
    let body = r#"{"error": {"status": "UNAVAILABLE", "details": [
        {"@type": "type.googleapis.com/google.rpc.RetryInfoV2", "retryDelay": "9s"}]}}"#;
    assert_eq!(google(503, body).retry(), Retry::After(None));
}

#[test]
fn quota_429_without_retry_info_waits_30_seconds() {
    // "For 429 RESOURCE_EXHAUSTED errors, the client may retry at the higher level with
    // minimum 30s delay."
    for (label, body) in [
        ("G1", G1_AIP_193),
        ("G6", G6_GEMINI_NO_DETAILS),
        ("G7", G7_RATE_LIMIT_NO_RETRY_INFO),
        ("G11", G11_VERTEX_ARRAY_WRAPPED),
    ] {
        let error = google(429, body);
        assert!(error.is_resource_exhausted(), "{label}");
        // The response gives no delay: the design guide's 30 s stands in for it.
        assert_eq!(error.retry(), Retry::After(Some(secs(30))), "{label}");
        assert_eq!(error.meta().server_delay(), Some(secs(30)), "{label}");
        assert!(error.is_retry_safe(), "{label}: a 429 was not processed");
    }
    // A 429 whose body is not Google's (a proxy page) is the same quota error.
    let error = google(429, "<html><body>Too Many Requests</body></html>");
    assert!(error.is_resource_exhausted());
    assert_eq!(error.code(), None);
    assert_eq!(error.retry(), Retry::After(Some(secs(30))));
}

#[test]
fn details_order_is_not_fixed() {
    let retry_info =
        r#"{"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "43s"}"#;
    let error_info = r#"{"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "RATE_LIMIT_EXCEEDED", "domain": "googleapis.com", "metadata": {"consumer": "projects/123"}}"#;
    let request_info = r#"{"@type": "type.googleapis.com/google.rpc.RequestInfo", "requestId": "req-7", "servingData": ""}"#;
    let help = r#"{"@type": "type.googleapis.com/google.rpc.Help", "links": [{"description": "d", "url": "https://example.com", "@type": "x"}]}"#;
    let orders = [
        [retry_info, error_info, request_info, help],
        [help, request_info, error_info, retry_info],
        [error_info, help, retry_info, request_info],
        [request_info, retry_info, help, error_info],
    ];
    let mut decoded = Vec::new();
    for order in orders {
        let body = format!(
            r#"{{"error": {{"code": 429, "message": "m", "status": "RESOURCE_EXHAUSTED", "details": [{}]}}}}"#,
            order.join(", ")
        );
        let error = google(429, &body);
        let GoogleError::ResourceExhausted { reason, domain, metadata, .. } = &error else {
            panic!("{error:?}")
        };
        decoded.push((
            error.retry(),
            error.request_id().map(str::to_owned),
            reason.clone(),
            domain.clone(),
            metadata.clone(),
        ));
    }
    let first = decoded[0].clone();
    assert_eq!(first.0, Retry::After(Some(secs(43))));
    assert_eq!(first.1.as_deref(), Some("req-7"));
    assert_eq!(first.2.as_deref(), Some("RATE_LIMIT_EXCEEDED"));
    assert!(decoded.iter().all(|d| *d == first), "{decoded:?}");
}

#[test]
fn request_id_from_request_info() {
    let error = google(400, G13_BAD_REQUEST_REQUEST_INFO);
    assert_eq!(error.request_id(), Some("a1b2c3d4e5"));
    // Absent when the response has no RequestInfo; no header is read.
    let error: GoogleError = one(400, &[("X-Request-Id", "hdr")], G4_SAMPLE_PAYLOAD);
    assert_eq!(error.request_id(), None);
    // Inside an array-wrapped stream error too.
    let body = r#"[{"error": {"code": 503, "status": "UNAVAILABLE", "details": [
        {"@type": "type.googleapis.com/google.rpc.RequestInfo", "requestId": "stream-1"}]}}]"#;
    assert_eq!(google(503, body).request_id(), Some("stream-1"));
}

#[test]
fn field_and_quota_violations_are_typed() {
    let GoogleError::InvalidArgument { field_violations, .. } =
        google(400, G13_BAD_REQUEST_REQUEST_INFO)
    else {
        panic!()
    };
    assert_eq!(
        field_violations,
        Some(vec![FieldViolation {
            field: Some("emailAddresses[0].email".into()),
            description: Some("must be a valid email address".into()),
            reason: Some("INVALID_EMAIL".into()),
            localized_message: Some("Enter a valid email address.".into()),
        }])
    );
    // int64 quota values arrive as JSON strings.
    let GoogleError::ResourceExhausted { violations, .. } = google(429, G8_GEMINI_QUOTA_FAILURE)
    else {
        panic!()
    };
    assert_eq!(
        violations,
        Some(vec![QuotaViolation {
            subject: None,
            description: None,
            api_service: None,
            quota_metric: Some(
                "generativelanguage.googleapis.com/generate_content_free_tier_requests".into()
            ),
            quota_id: Some("GenerateRequestsPerMinutePerProjectPerModel-FreeTier".into()),
            quota_dimensions: Some(map(&[("location", "global"), ("model", "gemini-2.5-flash")])),
            quota_value: Some(10),
            future_quota_value: None,
        }])
    );
    // PreconditionFailure and ResourceInfo, as the design guide recommends.
    let body = r#"{"error": {"code": 400, "status": "FAILED_PRECONDITION", "details": [
        {"@type": "type.googleapis.com/google.rpc.PreconditionFailure", "violations": [
            {"type": "TOS", "subject": "google.com/cloud", "description": "Terms of service not accepted"}]}]}}"#;
    let GoogleError::FailedPrecondition { violations: Some(violations), .. } = google(400, body)
    else {
        panic!()
    };
    assert_eq!(violations[0].violation_type.as_deref(), Some("TOS"));
    assert_eq!(violations[0].subject.as_deref(), Some("google.com/cloud"));
    let body = r#"{"error": {"code": 404, "status": "NOT_FOUND", "details": [
        {"@type": "type.googleapis.com/google.rpc.ResourceInfo", "resourceType": "sql table",
         "resourceName": "projects/p/instances/i", "owner": "user:a@example.com",
         "description": "not found"}]}}"#;
    let GoogleError::NotFound { resource_type, resource_name, owner, resource_description, .. } =
        google(404, body)
    else {
        panic!()
    };
    assert_eq!(resource_type.as_deref(), Some("sql table"));
    assert_eq!(resource_name.as_deref(), Some("projects/p/instances/i"));
    assert_eq!(owner.as_deref(), Some("user:a@example.com"));
    assert_eq!(resource_description.as_deref(), Some("not found"));
}

#[test]
fn statuses_without_a_code_follow_the_http_mapping() {
    // Only statuses code.proto maps to a single code, and the design guide's 502 row.
    #[rustfmt::skip]
    let rows = [
        (401, "Unauthenticated", Retry::Reauth),
        (403, "PermissionDenied", Retry::Never),
        (404, "NotFound", Retry::Never),
        (429, "ResourceExhausted", Retry::After(Some(secs(30)))),
        (499, "Cancelled", Retry::Never),
        (501, "Unimplemented", Retry::Never),
        (502, "BadGateway", Retry::Backoff),
        (503, "Unavailable", Retry::After(None)),
        (504, "DeadlineExceeded", Retry::Never),
        // Ambiguous: 400 (three codes), 409 (two), 500 (three).
        (400, "Unrecognized", Retry::Never),
        (409, "Unrecognized", Retry::Never),
        (500, "Unrecognized", Retry::Never),
        (418, "Unrecognized", Retry::Never),
        (505, "Unrecognized", Retry::Never),
    ];
    for body in ["", "<html><body>Error</body></html>", r#"{"error": {"code": 0}}"#] {
        for (status, variant, retry) in rows {
            let error = google(status, body);
            check(variant, &error, body.as_bytes(), Expect::new(variant, status).retry(retry));
        }
    }
    // An undefined status string on a mapped status decodes to that status's entry.
    let error = google(503, r#"{"error": {"code": 503, "status": "OVERLOADED"}}"#);
    assert!(error.is_unavailable());
    assert_eq!(error.code(), Some("OVERLOADED"));
}

#[test]
fn unknown_on_a_503_is_still_unknown() {
    // google-cloud-rust retries "a status of \"Unknown\" and a http status code of 503";
    // the format gives an entry one retry class, so this catalog does not (see the spec's
    // description and the catalog report).
    let error = google(503, G15_UNKNOWN_ON_503);
    assert!(error.is_unknown());
    assert_eq!(error.retry(), Retry::Never);
}

#[test]
fn array_wrapped_stream_errors() {
    let error = google(429, G11_VERTEX_ARRAY_WRAPPED);
    assert!(error.is_resource_exhausted());
    assert_eq!(error.message(), Some(G11_MESSAGE));
    // The deprecated v1 `errors[]` is not read: no ErrorInfo, no reason.
    let GoogleError::ResourceExhausted { reason, .. } = &error else { panic!() };
    assert_eq!(reason, &None);
    // Details are read inside the array too.
    let body = r#"[{"error": {"code": 429, "status": "RESOURCE_EXHAUSTED", "details": [
        {"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "RATE_LIMIT_EXCEEDED"},
        {"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "7s"}]}}]"#;
    let error = google(429, body);
    assert_eq!(error.retry(), Retry::After(Some(secs(7))));
    let GoogleError::ResourceExhausted { reason, .. } = &error else { panic!() };
    assert_eq!(reason.as_deref(), Some("RATE_LIMIT_EXCEEDED"));
}

#[test]
fn aip_193_illustration_with_its_comments() {
    // As written, with `//` comments, the body is not JSON: matched by its status.
    let error = google(404, G2_AIP_193_CODE_FIELD);
    check("G2", &error, G2_AIP_193_CODE_FIELD.as_bytes(), Expect::new("NotFound", 404));
    // Without the comments it is decoded by its status string.
    let body = r#"{"error": {"code": 404, "status": "NOT_FOUND"}}"#;
    check(
        "G2",
        &google(404, body),
        body.as_bytes(),
        Expect::new("NotFound", 404).code("NOT_FOUND"),
    );
}

#[test]
fn retry_classes_follow_aip_194() {
    // Retryable: UNAVAILABLE (and RESOURCE_EXHAUSTED after the server's or the design
    // guide's delay); UNAUTHENTICATED after new credentials; everything else surfaced.
    let retryable: Vec<_> = GoogleError::catalog()
        .entries
        .iter()
        .filter(|e| e.retry != RetryClass::Never)
        .map(|e| (e.variant.as_ref(), e.retry))
        .collect();
    assert_eq!(
        retryable,
        [
            ("ResourceExhausted", RetryClass::After),
            ("Unavailable", RetryClass::After),
            ("Unauthenticated", RetryClass::Reauth),
            ("BadGateway", RetryClass::Backoff),
        ]
    );
    assert!(GoogleError::catalog().entries.iter().all(|e| !e.retry_safe));
}

#[test]
fn backoff_is_the_design_guides() {
    // "The minimum delay should be 1s" and "The default retry repetition should be once";
    // factor and cap from google-cloud-rust's default ExponentialBackoff.
    let backoff = GoogleError::backoff();
    assert_eq!(backoff, Backoff::new(secs(1), 2.0, secs(60), 2, Jitter::None));
    assert_eq!(backoff.base_delays().collect::<Vec<_>>(), [secs(1)]);
    assert_eq!(GoogleError::transport_retry(), RetryClass::Backoff);
}

#[test]
fn successes_carry_no_error() {
    for (status, body) in [(200, r#"{"name": "projects/p"}"#), (204, ""), (304, "")] {
        assert!(GoogleError::decode(status, &NoHeaders, body.as_bytes()).is_empty(), "{status}");
    }
}

#[test]
fn display_gives_the_status_and_message() {
    assert_eq!(
        google(400, G4_SAMPLE_PAYLOAD).to_string(),
        format!("INVALID_ARGUMENT: {SECRET_ID_MESSAGE}")
    );
    let error = google(502, "");
    assert!(error.to_string().starts_with("HTTP 502: HTTP 502, which"), "{error}");
}
