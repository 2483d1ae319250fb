//! Amazon DynamoDB over the AWS JSON 1.0 protocol (`specs/dynamodb.json`): every example
//! response of the research notes (`docs/research/aws_dynamodb.md`, examples A1 to
//! A15) and Smithy's awsJson1_0 error protocol tests, decoded through a `DynamoDbError`
//! generated here, with each hard case of the catalog in its own test: the code from
//! `X-Amzn-Errortype`, then body `code`, then `__type`, cleaned as Smithy defines; a
//! namespaced, a URL-suffixed and a bare `ThrottlingException`; `message` and `Message`;
//! `x-amzn-RequestId`; ConditionalCheckFailedException's `Item` kept as raw JSON;
//! TransactionCanceledException's `CancellationReasons`; throttling errors against
//! transient 5xx as the AWS SDK classifies them; the SDK's standard backoff; `retry_safe`.
//!
//! Sources of the responses: the DynamoDB Developer Guide's sample (A1, headers and body
//! verbatim), Smithy's protocol tests `smithy-aws-protocol-tests/model/awsJson1_0/
//! errors.smithy` (A2 to A5 and the other `FooError` cases, verbatim), real bodies quoted
//! in public issues (A9, A11 to A13: erlcloud#607, aws-sdk-net#1292, goamz#15,
//! laravel-dynamodb#228), and responses built from the DynamoDB Smithy model (A6 to A8,
//! A10, A14, A15, "constructed"; their request ids are placeholders).

use errtable_tests::dynamodb as catalog;

mod common;

use std::time::Duration;

use catalog::{CancellationReason, DynamoDbError, ThrottlingReason};
use common::{Expect, check, one, secs};
use errtable::{Backoff, Jitter, NoHeaders, RawJson, Retry, RetryClass};

/// Response headers as the examples give them.
type Headers = [(&'static str, &'static str)];

const JSON_10: (&str, &str) = ("Content-Type", "application/x-amz-json-1.0");

/// A1: the Developer Guide's sample error response, verbatim.
const A1_HEADERS: [(&str, &str); 4] = [
    ("x-amzn-RequestId", "LDM6CJP8RMQ1FHKSC1RBVJFPNVV4KQNSO5AEMF66Q9ASUAAJG"),
    ("Content-Type", "application/x-amz-json-1.0"),
    ("Content-Length", "240"),
    ("Date", "Thu, 15 Mar 2012 23:56:23 GMT"),
];
const A1_RESOURCE_NOT_FOUND: &str = r#"{"__type":"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException",
"message":"Requested resource not found: Table: tablename not found"}"#;

/// A2: protocol test `AwsJson10InvalidGreetingError`.
const A2_INVALID_GREETING: &str = r#"{
    "__type": "aws.protocoltests.json10#InvalidGreeting",
    "Message": "Hi"
}"#;

/// A4: protocol test `AwsJson10FooErrorWithNestedTypeProperty`.
const A4_NESTED_TYPE: &str = r#"{
    "__type": "aws.protocoltests.json10#FooError",
    "ErrorDetails": [
      {
          "__type": "com.amazon.internal#ErrorDetails",
          "reason": "Some reason"
      }
    ]
}"#;

/// A5: protocol test `AwsJson10FooErrorUsingCodeUriAndNamespace`.
const A5_CODE_URI_NAMESPACE: &str = r#"{
    "code": "aws.protocoltests.json10#FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/"
}"#;

/// A6: a namespaced ThrottlingException (constructed).
const A6_HEADERS: [(&str, &str); 2] = [
    ("x-amzn-RequestId", "EXAMPLEREQUESTID0000000000000000000000000000000000"),
    ("Content-Type", "application/x-amz-json-1.0"),
];
const A6_THROTTLING: &str = r#"{"__type":"com.amazonaws.dynamodb.v20120810#ThrottlingException","message":"Rate of requests exceeds the allowed throughput."}"#;

/// A7: an `X-Amzn-Errortype` header with a URL suffix over a different body type
/// (constructed from the protocol tests and smithy-rs's precedence).
const A7_HEADERS: [(&str, &str); 3] = [
    (
        "X-Amzn-Errortype",
        "ThrottlingException:http://internal.amazon.com/coral/com.amazon.coral.validate/",
    ),
    ("x-amzn-RequestId", "EXAMPLEREQUESTID0000000000000000000000000000000001"),
    ("Content-Type", "application/x-amz-json-1.0"),
];
const A7_HEADER_OVER_BODY: &str = r#"{"__type":"com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException","message":"You exceeded your maximum allowed provisioned throughput."}"#;

/// A8: a bare ThrottlingException with `x-amz-retry-after` (constructed).
const A8_HEADERS: [(&str, &str); 3] = [
    ("x-amzn-RequestId", "EXAMPLEREQUESTID0000000000000000000000000000000002"),
    ("x-amz-retry-after", "1500"),
    ("Content-Type", "application/x-amz-json-1.0"),
];
const A8_BARE_THROTTLING: &str = r#"{"__type":"ThrottlingException","message":"Rate of requests exceeds the allowed throughput."}"#;

/// A9: a real TransactionCanceledException (erlcloud/erlcloud#607), verbatim.
const A9_TRANSACTION_CANCELED: &str = r#"{
"__type": "com.amazonaws.dynamodb.v20120810#TransactionCanceledException",
"CancellationReasons": [
    {"Code": "None"},
    {"Code": "ConditionalCheckFailed",
     "Message": "The conditional request failed"}
],
"Message": "Transaction cancelled, please refer cancellation reasons for specific reasons [None, ConditionalCheckFailed]"
}"#;

/// A10: ConditionalCheckFailedException with `Item` (constructed from the model; `Item`
/// at the top level as ScyllaDB's DynamoDB compatibility tests check).
const A10_HEADERS: [(&str, &str); 2] = [
    ("x-amzn-RequestId", "EXAMPLEREQUESTID0000000000000000000000000000000003"),
    ("Content-Type", "application/x-amz-json-1.0"),
];
const A10_CONDITIONAL_CHECK_FAILED: &str = r#"{"__type":"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException","message":"The conditional request failed","Item":{"p":{"S":"k1"},"s":{"S":"cat"},"version":{"N":"7"}}}"#;

/// A11: a real TransactionCanceledException with a ValidationError (aws/aws-sdk-net#1292).
const A11_TRANSACTION_VALIDATION: &str = r#"{
   "__type": "com.amazonaws.dynamodb.v20120810#TransactionCanceledException",
   "CancellationReasons": [
      {
         "Code": "None"
      },
      {
         "Code": "ValidationError",
         "Message": "The provided expression refers to an attribute that does not exist in the item"
      }
   ],
   "Message": "Transaction cancelled, please refer cancellation reasons for specific reasons [None, ValidationError]"
}"#;

/// A12: a real ValidationException in the coral namespace (AdRoll/goamz#15).
const A12_VALIDATION: &str = r#"{"__type":"com.amazon.coral.validate#ValidationException","message":"One or more parameter values were invalid: An AttributeValue may not contain an empty string."}"#;

/// A13: a real UnrecognizedClientException (baopham/laravel-dynamodb#228).
const A13_UNRECOGNIZED_CLIENT: &str = r#"{"__type":"com.amazon.coral.service#UnrecognizedClientException","message":"The security token included in the request is invalid"}"#;

/// A14: ProvisionedThroughputExceededException with ThrottlingReasons (constructed).
const A14_HEADERS: [(&str, &str); 2] = [
    ("x-amzn-RequestId", "EXAMPLEREQUESTID0000000000000000000000000000000004"),
    ("Content-Type", "application/x-amz-json-1.0"),
];
const A14_PROVISIONED_THROUGHPUT: &str = r#"{"__type":"com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException","message":"The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API.","ThrottlingReasons":[{"reason":"TableWriteProvisionedThroughputExceeded","resource":"arn:aws:dynamodb:us-east-1:123456789012:table/Example"}]}"#;
const A14_MESSAGE: &str = "The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API.";

/// A15: InternalServerError (constructed from the model).
const A15_HEADERS: [(&str, &str); 2] = [
    ("x-amzn-RequestId", "EXAMPLEREQUESTID0000000000000000000000000000000005"),
    ("Content-Type", "application/x-amz-json-1.0"),
];
const A15_INTERNAL_SERVER_ERROR: &str = r#"{"__type":"com.amazonaws.dynamodb.v20120810#InternalServerError","message":"The server encountered an internal error trying to fulfill the request."}"#;

/// An ExpiredTokenException as DynamoDB sends it (quoted in a public DynamoDB client).
const EXPIRED_TOKEN: &str = r#"{"__type":"com.amazon.coral.service#ExpiredTokenException","message":"The security token included in the request is expired"}"#;

/// A SerializationException with a capitalised `Message` (quoted in the same client).
const SERIALIZATION: &str = r#"{"__type":"com.amazon.coral.service#SerializationException","Message":"Start of list found where not expected"}"#;

fn ddb(status: u16, headers: &[(&str, &str)], body: &str) -> DynamoDbError {
    one(status, headers, body)
}

#[test]
fn decodes_every_example_payload() {
    let a1_id = "LDM6CJP8RMQ1FHKSC1RBVJFPNVV4KQNSO5AEMF66Q9ASUAAJG";
    let throttled = "Rate of requests exceeds the allowed throughput.";
    #[rustfmt::skip]
    let rows: [(&str, &Headers, &str, Expect); 15] = [
        ("A1", &A1_HEADERS, A1_RESOURCE_NOT_FOUND, Expect::new("ResourceNotFound", 400).code("ResourceNotFoundException").message("Requested resource not found: Table: tablename not found").request_id(a1_id).retry(Retry::Never)),
        ("A2", &[JSON_10], A2_INVALID_GREETING, Expect::new("Unknown", 400).code("InvalidGreeting").message("Hi").retry(Retry::Never)),
        ("A4", &[JSON_10], A4_NESTED_TYPE, Expect::new("InternalServerError", 500).code("FooError").retry(Retry::Backoff)),
        ("A5", &[JSON_10], A5_CODE_URI_NAMESPACE, Expect::new("InternalServerError", 500).code("FooError").retry(Retry::Backoff)),
        ("A6", &A6_HEADERS, A6_THROTTLING, Expect::new("Throttling", 400).code("ThrottlingException").message(throttled).request_id("EXAMPLEREQUESTID0000000000000000000000000000000000").retry(Retry::After(None))),
        ("A7", &A7_HEADERS, A7_HEADER_OVER_BODY, Expect::new("Throttling", 400).code("ThrottlingException").message("You exceeded your maximum allowed provisioned throughput.").request_id("EXAMPLEREQUESTID0000000000000000000000000000000001").retry(Retry::After(None))),
        ("A8", &A8_HEADERS, A8_BARE_THROTTLING, Expect::new("Throttling", 400).code("ThrottlingException").message(throttled).request_id("EXAMPLEREQUESTID0000000000000000000000000000000002").retry(Retry::After(Some(Duration::from_millis(1500))))),
        ("A9", &[JSON_10], A9_TRANSACTION_CANCELED, Expect::new("TransactionCanceled", 400).code("TransactionCanceledException").message("Transaction cancelled, please refer cancellation reasons for specific reasons [None, ConditionalCheckFailed]").retry(Retry::Never)),
        ("A10", &A10_HEADERS, A10_CONDITIONAL_CHECK_FAILED, Expect::new("ConditionalCheckFailed", 400).code("ConditionalCheckFailedException").message("The conditional request failed").request_id("EXAMPLEREQUESTID0000000000000000000000000000000003").retry(Retry::Never)),
        ("A11", &[], A11_TRANSACTION_VALIDATION, Expect::new("TransactionCanceled", 400).code("TransactionCanceledException").message("Transaction cancelled, please refer cancellation reasons for specific reasons [None, ValidationError]").retry(Retry::Never)),
        ("A12", &[], A12_VALIDATION, Expect::new("Validation", 400).code("ValidationException").message("One or more parameter values were invalid: An AttributeValue may not contain an empty string.").retry(Retry::Never)),
        ("A13", &[], A13_UNRECOGNIZED_CLIENT, Expect::new("UnrecognizedClient", 400).code("UnrecognizedClientException").message("The security token included in the request is invalid").retry(Retry::Reauth)),
        ("A14", &A14_HEADERS, A14_PROVISIONED_THROUGHPUT, Expect::new("ProvisionedThroughputExceeded", 400).code("ProvisionedThroughputExceededException").message(A14_MESSAGE).request_id("EXAMPLEREQUESTID0000000000000000000000000000000004").retry(Retry::After(None))),
        ("A15", &A15_HEADERS, A15_INTERNAL_SERVER_ERROR, Expect::new("InternalServerError", 500).code("InternalServerError").message("The server encountered an internal error trying to fulfill the request.").request_id("EXAMPLEREQUESTID0000000000000000000000000000000005").retry(Retry::Backoff)),
        ("expired token", &[], EXPIRED_TOKEN, Expect::new("ExpiredToken", 400).code("ExpiredTokenException").message("The security token included in the request is expired").retry(Retry::Reauth)),
    ];
    for (label, headers, body, expect) in rows {
        let error = ddb(expect.status, headers, body);
        check(label, &error, body.as_bytes(), expect);
    }
}

#[test]
fn namespaced_type_is_a_shape_name() {
    let error = ddb(400, &A6_HEADERS, A6_THROTTLING);
    assert!(error.is_throttling(), "{error:?}");
    assert_eq!(error.code(), Some("ThrottlingException"));
    // Any namespace: DynamoDB's, coral's, another service's.
    for namespace in [
        "com.amazonaws.dynamodb.v20120810",
        "com.amazon.coral.validate",
        "com.amazon.coral.service",
        "aws.different.namespace",
    ] {
        let body = format!(r#"{{"__type": "{namespace}#ThrottlingException"}}"#);
        let error = ddb(400, &[], &body);
        assert!(error.is_throttling(), "{namespace}");
        assert_eq!(error.code(), Some("ThrottlingException"), "{namespace}");
    }
}

#[test]
fn error_type_header_first_then_code_then_type() {
    // The header, cut at its first `:`, beats the body's `__type`.
    let error = ddb(400, &A7_HEADERS, A7_HEADER_OVER_BODY);
    assert!(error.is_throttling(), "{error:?}");
    assert_eq!(error.code(), Some("ThrottlingException"));
    assert_eq!(error.message(), Some("You exceeded your maximum allowed provisioned throughput."));
    // Header names are matched in any case; a namespace and a URL are both cut.
    let header = [(
        "x-amzn-errortype",
        "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException:http://internal.amazon.com/coral/com.amazon.coral.validate/",
    )];
    assert!(ddb(400, &header, "{}").is_conditional_check_failed());
    // Body `code` beats `__type` (smithy-rs's `code_takes_priority`).
    let body = r#"{"code": "ValidationException", "__type": "com.amazonaws.dynamodb.v20120810#ThrottlingException"}"#;
    let error = ddb(400, &[], body);
    assert!(error.is_validation(), "{error:?}");
    // Without the header and `code`, `__type`.
    assert!(ddb(400, &[], r#"{"__type": "ValidationException"}"#).is_validation());
    // The protocol tests' FooError in every form decodes to one code.
    let header_forms = [
        "FooError",
        "FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/",
        "aws.protocoltests.json10#FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/",
    ];
    // FooError is no DynamoDB code: on the tests' 500 it is the Developer Guide's
    // "Internal Server Error (HTTP 500)", its code kept; on a 400, the fallback.
    let foo = |status, variant, retry| Expect::new(variant, status).code("FooError").retry(retry);
    for value in header_forms {
        let error = ddb(500, &[("X-Amzn-Errortype", value)], "");
        check(value, &error, b"", foo(500, "InternalServerError", Retry::Backoff));
        let error = ddb(400, &[("X-Amzn-Errortype", value)], "");
        check(value, &error, b"", foo(400, "Unknown", Retry::Never));
    }
    let body_forms = [
        r#"{"code": "FooError"}"#,
        r#"{"code": "aws.protocoltests.json10#FooError"}"#,
        A5_CODE_URI_NAMESPACE,
        r#"{"__type": "FooError"}"#,
        r#"{"__type": "aws.protocoltests.json10#FooError"}"#,
        r#"{"__type": "aws.different.namespace#FooError"}"#,
        r#"{"__type": "aws.protocoltests.json10#FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/"}"#,
        A4_NESTED_TYPE,
    ];
    for body in body_forms {
        let error = ddb(500, &[JSON_10], body);
        check(body, &error, body.as_bytes(), foo(500, "InternalServerError", Retry::Backoff));
        let error = ddb(400, &[JSON_10], body);
        check(body, &error, body.as_bytes(), foo(400, "Unknown", Retry::Never));
    }
}

#[test]
fn bare_throttling_exception() {
    let error = ddb(400, &A8_HEADERS, A8_BARE_THROTTLING);
    assert!(matches!(error, DynamoDbError::Throttling { .. }), "{error:?}");
    assert_eq!(error.code(), Some("ThrottlingException"));
    // The query-protocol name is an alias.
    let error = ddb(400, &[], r#"{"__type": "Throttling"}"#);
    assert!(error.is_throttling());
    assert_eq!(error.code(), Some("Throttling"));
}

#[test]
fn nested_type_is_ignored() {
    // "there'll be a nested __type property that must not be considered".
    let error = ddb(500, &[JSON_10], A4_NESTED_TYPE);
    assert_eq!(error.code(), Some("FooError"));
    // Nor is a reason's `Code`: only the top level names the error.
    let error = ddb(400, &[], A9_TRANSACTION_CANCELED);
    assert_eq!(error.code(), Some("TransactionCanceledException"));
}

#[test]
fn message_and_capital_message() {
    // `message` on most shapes, `Message` on TransactionCanceledException and a few others
    // (and on the protocol tests' InvalidGreeting); smithy-rs also reads `errorMessage`.
    assert_eq!(
        ddb(400, &A6_HEADERS, A6_THROTTLING).message(),
        Some("Rate of requests exceeds the allowed throughput.")
    );
    assert_eq!(ddb(400, &[JSON_10], A2_INVALID_GREETING).message(), Some("Hi"));
    assert_eq!(
        ddb(400, &[], SERIALIZATION).message(),
        Some("Start of list found where not expected")
    );
    assert!(ddb(400, &[], SERIALIZATION).is_serialization());
    let body = r#"{"__type": "IdempotentParameterMismatchException", "Message": "token reused"}"#;
    assert_eq!(ddb(400, &[], body).message(), Some("token reused"));
    let body = r#"{"__type": "ValidationException", "errorMessage": "bad"}"#;
    assert_eq!(ddb(400, &[], body).message(), Some("bad"));
    // A reason's `Message` is not the error's message.
    let body = r#"{"__type": "TransactionCanceledException", "CancellationReasons": [{"Code": "ConditionalCheckFailed", "Message": "The conditional request failed"}]}"#;
    assert_eq!(ddb(400, &[], body).message(), None);
}

#[test]
fn request_id_from_x_amzn_requestid() {
    let error = ddb(400, &A1_HEADERS, A1_RESOURCE_NOT_FOUND);
    assert_eq!(error.request_id(), Some("LDM6CJP8RMQ1FHKSC1RBVJFPNVV4KQNSO5AEMF66Q9ASUAAJG"));
    // Any case; `x-amz-request-id` when the first is absent; never the body.
    let id = "1QBFJMKSHKHD1OPCSCJGPUTBORVV4KQNSO5AEMVJF66Q9ASUAAJG";
    assert_eq!(
        ddb(400, &[("X-AMZN-REQUESTID", id)], A9_TRANSACTION_CANCELED).request_id(),
        Some(id)
    );
    assert_eq!(
        ddb(400, &[("x-amz-request-id", "s3-style")], A12_VALIDATION).request_id(),
        Some("s3-style")
    );
    let both = [("x-amz-request-id", "second"), ("x-amzn-RequestId", "first")];
    assert_eq!(ddb(400, &both, A12_VALIDATION).request_id(), Some("first"));
    assert_eq!(
        ddb(400, &[], r#"{"__type": "ValidationException", "requestId": "body"}"#).request_id(),
        None
    );
}

#[test]
fn conditional_check_failed_keeps_item_as_raw_json() {
    let error = ddb(400, &A10_HEADERS, A10_CONDITIONAL_CHECK_FAILED);
    let DynamoDbError::ConditionalCheckFailed { item: Some(item), .. } = &error else {
        panic!("{error:?}")
    };
    assert_eq!(item.as_str(), r#"{"p":{"S":"k1"},"s":{"S":"cat"},"version":{"N":"7"}}"#);
    let value: serde_json::Value = serde_json::from_str(item.as_str()).unwrap();
    assert_eq!(value["version"]["N"], "7");
    assert!(error.is_retry_safe(), "the condition failed: nothing was written");
    // Without `ReturnValuesOnConditionCheckFailure: ALL_OLD` there is no item.
    let body = r#"{"__type":"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException","message":"The conditional request failed"}"#;
    let DynamoDbError::ConditionalCheckFailed { item, .. } = ddb(400, &[], body) else { panic!() };
    assert_eq!(item, None);
}

#[test]
fn transaction_canceled_carries_cancellation_reasons() {
    let error = ddb(400, &[JSON_10], A9_TRANSACTION_CANCELED);
    let DynamoDbError::TransactionCanceled { cancellation_reasons, .. } = &error else {
        panic!("{error:?}")
    };
    assert_eq!(
        cancellation_reasons.as_deref(),
        Some(
            &[
                CancellationReason { code: Some("None".into()), message: None, item: None },
                CancellationReason {
                    code: Some("ConditionalCheckFailed".into()),
                    message: Some("The conditional request failed".into()),
                    item: None,
                },
            ][..]
        )
    );
    assert_eq!(error.retry(), Retry::Never, "the SDK does not retry a canceled transaction");
    assert!(error.is_retry_safe(), "all or nothing: nothing was written");

    let DynamoDbError::TransactionCanceled { cancellation_reasons: Some(reasons), .. } =
        ddb(400, &[], A11_TRANSACTION_VALIDATION)
    else {
        panic!()
    };
    let codes: Vec<_> = reasons.iter().map(|r| r.code.as_deref()).collect();
    assert_eq!(codes, [Some("None"), Some("ValidationError")]);
    // Items of ReturnValuesOnConditionCheckFailure stay raw JSON per reason.
    let body = r#"{"__type":"com.amazonaws.dynamodb.v20120810#TransactionCanceledException","Message":"Transaction cancelled, please refer cancellation reasons for specific reasons [ConditionalCheckFailed]","CancellationReasons":[{"Code":"ConditionalCheckFailed","Message":"The conditional request failed","Item":{"id":{"S":"1"}}}]}"#;
    let DynamoDbError::TransactionCanceled { cancellation_reasons: Some(reasons), .. } =
        ddb(400, &[], body)
    else {
        panic!()
    };
    assert_eq!(reasons[0].item, Some(RawJson::from(r#"{"id":{"S":"1"}}"#.to_owned())));
}

#[test]
fn throttling_errors_wait_transient_5xx_back_off() {
    // smithy-rs THROTTLING_ERRORS that DynamoDB documents: wait (x-amz-retry-after), else
    // back off.
    for code in [
        "ProvisionedThroughputExceededException",
        "ProvisionedThroughputExceeded",
        "ThrottlingException",
        "Throttling",
        "RequestLimitExceeded",
        "LimitExceededException",
        "TransactionInProgressException",
    ] {
        let body = format!(r#"{{"__type": "com.amazonaws.dynamodb.v20120810#{code}"}}"#);
        assert_eq!(ddb(400, &[], &body).retry(), Retry::After(None), "{code}");
        let delayed = ddb(400, &[("x-amz-retry-after", "250")], &body);
        assert_eq!(delayed.retry(), Retry::After(Some(Duration::from_millis(250))), "{code}");
    }
    // Transient: HTTP 500, 502, 503 and 504, and the modeled @retryable conflict.
    for (status, body, variant) in [
        (500, A15_INTERNAL_SERVER_ERROR, "InternalServerError"),
        (500, "", "InternalServerError"),
        (500, r#"{"__type": "InternalFailure"}"#, "InternalFailure"),
        (503, "", "ServiceUnavailable"),
        (503, r#"{"__type": "ServiceUnavailable", "message": "try later"}"#, "ServiceUnavailable"),
        (502, "<html>Bad Gateway</html>", "Unknown"),
        (504, "", "Unknown"),
        (500, r#"{"__type": "SomethingNew"}"#, "InternalServerError"),
        (400, r#"{"__type": "ReplicatedWriteConflictException"}"#, "ReplicatedWriteConflict"),
    ] {
        let error = ddb(status, &[], body);
        assert_eq!(error.variant_name(), variant, "{status} {body}");
        assert_eq!(error.retry(), Retry::Backoff, "{status} {body}");
    }
    // Not retried: client errors, and statuses outside the SDK's list (429 included).
    for (status, body) in [
        (400, A1_RESOURCE_NOT_FOUND),
        (400, A12_VALIDATION),
        (400, r#"{"__type": "ItemCollectionSizeLimitExceededException"}"#),
        (400, r#"{"__type": "TransactionConflictException"}"#),
        (429, r#"{"__type": "TooManyRequestsException"}"#),
        (501, ""),
        (421, r#"{"__type": "InvalidEndpointException", "Message": "moved"}"#),
    ] {
        assert_eq!(ddb(status, &[], body).retry(), Retry::Never, "{status} {body}");
    }
    // The catalog's classes, counted: five throttling, four transient, three credentials.
    let count =
        |class| DynamoDbError::catalog().entries.iter().filter(|e| e.retry == class).count();
    assert_eq!([RetryClass::After, RetryClass::Backoff, RetryClass::Reauth].map(count), [5, 4, 3]);
}

#[test]
fn throttling_reasons_in_both_spellings() {
    let error = ddb(400, &A14_HEADERS, A14_PROVISIONED_THROUGHPUT);
    let DynamoDbError::ProvisionedThroughputExceeded { throttling_reasons, .. } = &error else {
        panic!("{error:?}")
    };
    let expected = vec![ThrottlingReason {
        reason: Some("TableWriteProvisionedThroughputExceeded".into()),
        resource: Some("arn:aws:dynamodb:us-east-1:123456789012:table/Example".into()),
    }];
    assert_eq!(throttling_reasons.as_ref(), Some(&expected));
    // ThrottlingException's member is `throttlingReasons`.
    let body = r#"{"__type":"com.amazonaws.dynamodb.v20120810#ThrottlingException","message":"Rate of requests exceeds the allowed throughput.","throttlingReasons":[{"reason":"TableWriteKeyRangeThroughputExceeded","resource":"arn:aws:dynamodb:us-east-1:123456789012:table/Example"}]}"#;
    let DynamoDbError::Throttling { throttling_reasons: Some(reasons), .. } = ddb(400, &[], body)
    else {
        panic!()
    };
    assert_eq!(reasons[0].reason.as_deref(), Some("TableWriteKeyRangeThroughputExceeded"));
}

#[test]
fn retry_safe_where_aws_guarantees_nothing_was_written() {
    let safe: Vec<_> = DynamoDbError::catalog()
        .entries
        .iter()
        .filter(|e| e.retry_safe)
        .map(|e| e.variant.as_ref())
        .collect();
    assert_eq!(
        safe,
        [
            "ProvisionedThroughputExceeded",
            "Throttling",
            "RequestLimitExceeded",
            "ReplicatedWriteConflict",
            "ConditionalCheckFailed",
            "TransactionCanceled",
            "TransactionConflict",
            "IdempotentParameterMismatch",
        ]
    );
    // "When you receive a status code 500 on a write operation, the operation may have
    // succeeded or failed."
    assert!(!ddb(500, &A15_HEADERS, A15_INTERNAL_SERVER_ERROR).is_retry_safe());
    assert!(!ddb(400, &[], r#"{"__type": "TransactionInProgressException"}"#).is_retry_safe());
    assert!(ddb(400, &A14_HEADERS, A14_PROVISIONED_THROUGHPUT).is_retry_safe());
}

#[test]
fn backoff_is_the_sdk_standard_mode() {
    // smithy-rs RetryConfig::standard(): 3 attempts, 1 s initial, 20 s cap, full jitter.
    let backoff = DynamoDbError::backoff();
    assert_eq!(backoff, Backoff::new(secs(1), 2.0, secs(20), 3, Jitter::Full));
    assert_eq!(backoff.base_delays().collect::<Vec<_>>(), [secs(1), secs(2)]);
    assert_eq!(DynamoDbError::transport_retry(), RetryClass::Backoff);
}

#[test]
fn credentials_errors() {
    for (body, variant, retry) in [
        (A13_UNRECOGNIZED_CLIENT, "UnrecognizedClient", Retry::Reauth),
        (EXPIRED_TOKEN, "ExpiredToken", Retry::Reauth),
        (r#"{"__type":"InvalidClientTokenId"}"#, "InvalidClientTokenId", Retry::Reauth),
        (
            r#"{"__type":"com.amazon.coral.service#InvalidSignatureException","message":"The request signature we calculated does not match the signature you provided."}"#,
            "InvalidSignature",
            Retry::Never,
        ),
        (r#"{"__type":"IncompleteSignature"}"#, "IncompleteSignature", Retry::Never),
        (
            r#"{"__type":"MissingAuthenticationTokenException"}"#,
            "MissingAuthenticationToken",
            Retry::Never,
        ),
        (r#"{"__type":"AccessDeniedException"}"#, "AccessDenied", Retry::Never),
    ] {
        let error = ddb(400, &[], body);
        assert_eq!((error.variant_name(), error.retry()), (variant, retry), "{body}");
    }
}

#[test]
fn unknown_codes_keep_everything() {
    let body =
        r#"{"__type": "com.amazonaws.dynamodb.v20120810#BrandNewException", "message": "new"}"#;
    let error = ddb(400, &[("x-amzn-RequestId", "R1")], body);
    let expect =
        Expect::new("Unknown", 400).code("BrandNewException").message("new").request_id("R1");
    check("new code", &error, body.as_bytes(), expect);
    assert!(error.is_unknown());
    // Non-JSON bodies and odd shapes never lose the response.
    for body in ["", "not json", "[1, 2]", r#"{"__type": true}"#, r#"{"__type": {"x": 1}}"#] {
        let error = ddb(400, &[], body);
        assert!(error.is_unknown(), "{body}");
        assert_eq!(error.code(), None, "{body}");
    }
}

#[test]
fn successes_carry_no_error() {
    for (status, body) in [(200, r#"{"Item": {"p": {"S": "k1"}}}"#), (200, "{}")] {
        assert!(DynamoDbError::decode(status, &NoHeaders, body.as_bytes()).is_empty());
    }
}

#[test]
fn display_gives_the_code_and_the_message() {
    assert_eq!(
        ddb(400, &A1_HEADERS, A1_RESOURCE_NOT_FOUND).to_string(),
        "ResourceNotFoundException: Requested resource not found: Table: tablename not found"
    );
}
