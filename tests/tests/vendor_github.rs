//! GitHub REST API (`specs/github.json`): every example response of GitHub's docs and of
//! the SDK tests the catalog cites, decoded through the generated `GithubError`, and one
//! test per hard case: a 403 with `x-ratelimit-remaining: 0` is a primary rate limit,
//! secondary limits are recognized by their message and wait for `retry-after` or a
//! minute, 422 validation failures carry their `errors` list, the request id is the
//! `X-GitHub-Request-Id` header, 401 "Bad credentials" re-authenticates, and a 404 may
//! hide a 403.
//!
//! Examples: `content/rest/overview/resources-in-the-rest-api.md` of github/docs
//! (Liquid's `doc_url_pre` written out as `https://docs.github.com/rest`), the
//! troubleshooting and rate-limit pages, @octokit/plugin-throttling's `test/retry.test.ts`,
//! go-github's `github_test.go`, and the request-id format of a real response.

use errtable_tests::github as catalog;

mod common;

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use catalog::{FieldError, GithubError};
use common::{Expect, check, one, secs};
use errtable::{Backoff, Jitter, NoHeaders, Retry, RetryClass};

const REQUEST_ID: &str = "333A:1FE1FA:2A1AE7D:2AB72D6:68FA7F13";

/// resources-in-the-rest-api.md, "Client errors" 1.
const PROBLEMS_PARSING_JSON: &str = r#"{"message":"Problems parsing JSON"}"#;
/// Ibid., 2.
const BODY_NOT_OBJECT: &str = r#"{"message":"Body should be a JSON object"}"#;
/// Ibid., 3.
const VALIDATION_FAILED: &str = r#"{
  "message": "Validation Failed",
  "errors": [
    {
      "resource": "Issue",
      "field": "title",
      "code": "missing_field"
    }
  ]
}"#;
/// Ibid., "Exceeding the rate limit".
const PRIMARY_LIMIT: &str = r#"{
   "message": "API rate limit exceeded for xxx.xxx.xxx.xxx. (But here's the good news: Authenticated requests get a higher rate limit. Check out the documentation for more details.)",
   "documentation_url": "https://docs.github.com/rest/overview/resources-in-the-rest-api#rate-limiting"
}"#;
const PRIMARY_LIMIT_HEADERS: [(&str, &str); 5] = [
    ("Date", "Tue, 20 Aug 2013 14:50:41 GMT"),
    ("x-ratelimit-limit", "60"),
    ("x-ratelimit-remaining", "0"),
    ("x-ratelimit-used", "60"),
    ("x-ratelimit-reset", "1377013266"),
];
/// Ibid., "Secondary rate limits".
const SECONDARY_LIMIT: &str = r#"{
  "message": "You have exceeded a secondary rate limit and have been temporarily blocked from content creation. Please retry your request again later.",
  "documentation_url": "https://docs.github.com/rest/overview/resources-in-the-rest-api#secondary-rate-limits"
}"#;
const SECONDARY_LIMIT_MESSAGE: &str = "You have exceeded a secondary rate limit and have been temporarily blocked from content creation. Please retry your request again later.";
/// @octokit/plugin-throttling, test/retry.test.ts.
const SECONDARY_LIMIT_OCTOKIT: &str = r#"{"message": "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.", "documentation_url": "https://developer.github.com/v3/#secondary-rate-limits"}"#;
/// resources-in-the-rest-api.md, "Failed login limit".
const BAD_CREDENTIALS: &str = r#"{
  "message": "Bad credentials",
  "documentation_url": "https://docs.github.com/rest"
}"#;
/// Ibid.
const LOGIN_ATTEMPTS: &str = r#"{
  "message": "Maximum number of login attempts exceeded. Please try again later.",
  "documentation_url": "https://docs.github.com/rest"
}"#;
/// Ibid., "User agent required" (the `>` prompts of the transcript removed).
const USER_AGENT: &str = "Request forbidden by administrative rules.\nPlease make sure your request has a User-Agent header.\nCheck  for other possible causes.\n";
/// Ibid., "Timeouts".
const SERVER_ERROR: &str = r#"{
    "message": "Server Error"
}"#;
/// go-github, TestCheckResponse_RateLimit_TooManyRequests.
const GO_GITHUB_429_PRIMARY: &str = "{\"message\":\"m\",\n\t\t\t\"documentation_url\": \"url\"}";
/// go-github, TestCheckResponse_AbuseRateLimit_TooManyRequests.
const GO_GITHUB_429_SECONDARY: &str = "{\"message\":\"m\",\n\t\t\t\"documentation_url\": \"https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits\"}";
/// go-github, TestCheckResponse_unexpectedErrorStructure.
const GO_GITHUB_STRING_ERRORS: &str = r#"{"message":"m", "errors": ["error 1"]}"#;
/// go-github, TestCheckResponse.
const GO_GITHUB_BLOCK: &str = r#"{"message":"m",
 "errors": [{"resource": "r", "field": "f", "code": "c"}],
 "block": {"reason": "dmca", "created_at": "2006-01-02T15:04:05Z"}}"#;

/// Status, headers, body, variant, message and retry of one example.
type Row = (
    u16,
    &'static [(&'static str, &'static str)],
    &'static str,
    &'static str,
    Option<&'static str>,
    Retry,
);

fn now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs()
}

#[test]
fn decodes_every_example_response() {
    #[rustfmt::skip]
    let rows: [Row; 12] = [
        (400, &[], PROBLEMS_PARSING_JSON, "ProblemsParsingJson", Some("Problems parsing JSON"), Retry::Never),
        (400, &[], BODY_NOT_OBJECT, "BodyShouldBeJsonObject", Some("Body should be a JSON object"), Retry::Never),
        (422, &[], VALIDATION_FAILED, "ValidationFailed", Some("Validation Failed"), Retry::Never),
        (403, &PRIMARY_LIMIT_HEADERS, PRIMARY_LIMIT, "PrimaryRateLimited", Some("API rate limit exceeded for xxx.xxx.xxx.xxx. (But here's the good news: Authenticated requests get a higher rate limit. Check out the documentation for more details.)"), Retry::After(Some(Duration::ZERO))),
        (403, &[("Content-Type", "application/json; charset=utf-8"), ("Connection", "close")], SECONDARY_LIMIT, "SecondaryRateLimited", Some(SECONDARY_LIMIT_MESSAGE), Retry::After(Some(secs(60)))),
        (403, &[("retry-after", "1")], SECONDARY_LIMIT_OCTOKIT, "SecondaryRateLimited", Some("You have exceeded a secondary rate limit. Please wait a few minutes before you try again."), Retry::After(Some(secs(1)))),
        (401, &[], BAD_CREDENTIALS, "BadCredentials", Some("Bad credentials"), Retry::Reauth),
        (403, &[], LOGIN_ATTEMPTS, "LoginAttemptsExceeded", Some("Maximum number of login attempts exceeded. Please try again later."), Retry::Never),
        (403, &[("Connection", "close"), ("Content-Type", "text/html")], USER_AGENT, "UserAgentRequired", None, Retry::Never),
        (500, &[], SERVER_ERROR, "ServerError", Some("Server Error"), Retry::Backoff),
        (400, &[], GO_GITHUB_STRING_ERRORS, "BadRequest", Some("m"), Retry::Never),
        (400, &[], GO_GITHUB_BLOCK, "BadRequest", Some("m"), Retry::Never),
    ];
    for (status, headers, body, variant, message, retry) in rows {
        let error: GithubError = one(status, headers, body);
        let mut expect = Expect::new(variant, status).retry(retry);
        if let Some(message) = message {
            expect = expect.message(message);
        }
        check(variant, &error, body.as_bytes(), expect);
    }
}

#[test]
fn primary_rate_limit_403_with_no_requests_remaining() {
    // The docs' example: a 403 whose only sign is the header. Its reset time (2013) has
    // passed, so the wait is over.
    let error: GithubError = one(403, &PRIMARY_LIMIT_HEADERS, PRIMARY_LIMIT);
    let GithubError::PrimaryRateLimited {
        ratelimit_limit,
        ratelimit_remaining,
        ratelimit_used,
        ratelimit_reset,
        ratelimit_resource,
        ..
    } = &error
    else {
        panic!("not a primary rate limit: {error:?}")
    };
    assert_eq!(
        (*ratelimit_limit, *ratelimit_remaining, *ratelimit_used, *ratelimit_reset),
        (Some(60), Some(0), Some(60), Some(1377013266))
    );
    assert_eq!(ratelimit_resource, &None);
    assert_eq!(error.retry(), Retry::After(Some(Duration::ZERO)));
    assert!(!error.is_forbidden());

    // A reset in the future is waited for: `x-ratelimit-reset` is epoch seconds.
    let reset = (now() + 120).to_string();
    let headers = [("x-ratelimit-remaining", "0"), ("x-ratelimit-reset", reset.as_str())];
    let error: GithubError = one(403, &headers, PRIMARY_LIMIT);
    let Retry::After(Some(delay)) = error.retry() else { panic!("{error:?}") };
    assert!(delay > secs(100) && delay <= secs(120), "{delay:?}");
    // A retry-after header comes first.
    let headers =
        [("x-ratelimit-remaining", "0"), ("x-ratelimit-reset", &reset), ("Retry-After", "7")];
    assert_eq!(
        one::<GithubError>(403, &headers, PRIMARY_LIMIT).retry(),
        Retry::After(Some(secs(7)))
    );

    // The same on a 429 (go-github's test: its reset, 243424, is long past).
    let headers = [
        ("X-RateLimit-Limit", "60"),
        ("X-RateLimit-Remaining", "0"),
        ("X-RateLimit-Used", "60"),
        ("X-RateLimit-Reset", "243424"),
        ("X-RateLimit-Resource", "core"),
    ];
    let error: GithubError = one(429, &headers, GO_GITHUB_429_PRIMARY);
    let expect = Expect::new("PrimaryRateLimited", 429)
        .message("m")
        .retry(Retry::After(Some(Duration::ZERO)));
    check("go-github 429", &error, GO_GITHUB_429_PRIMARY.as_bytes(), expect);
    assert!(
        matches!(&error, GithubError::PrimaryRateLimited { ratelimit_resource: Some(r), .. } if r == "core")
    );

    // Without the header (or with requests left) a 403 is a permission problem.
    let forbidden = r#"{"message": "Must have admin rights to Repository.", "documentation_url": "https://docs.github.com/rest"}"#;
    for headers in
        [&[][..], &[("x-ratelimit-remaining", "4999"), ("x-ratelimit-reset", &reset)][..]]
    {
        let error: GithubError = one(403, headers, forbidden);
        let expect = Expect::new("Forbidden", 403).message("Must have admin rights to Repository.");
        check("plain 403", &error, forbidden.as_bytes(), expect);
    }
}

#[test]
fn secondary_rate_limit_403_or_429_by_message() {
    // The docs' example: no retry-after, no exhausted primary limit: at least a minute.
    let headers = [("Content-Type", "application/json; charset=utf-8"), ("Connection", "close")];
    let error: GithubError = one(403, &headers, SECONDARY_LIMIT);
    assert!(error.is_secondary_rate_limited(), "{error:?}");
    assert_eq!(error.retry(), Retry::After(Some(secs(60))));

    // retry-after is honoured, on a 403 (octokit's test) or a 429.
    for status in [403, 429] {
        let error: GithubError = one(status, &[("retry-after", "1")], SECONDARY_LIMIT_OCTOKIT);
        assert!(error.is_secondary_rate_limited(), "{status}: {error:?}");
        assert_eq!(error.retry(), Retry::After(Some(secs(1))), "{status}");
    }
    // The message decides even when the primary limit is also exhausted: the secondary
    // entry comes first, and waits for retry-after, else a minute (not the reset time).
    let reset = (now() + 3000).to_string();
    let headers = [("x-ratelimit-remaining", "0"), ("x-ratelimit-reset", reset.as_str())];
    let error: GithubError = one(429, &headers, SECONDARY_LIMIT);
    let GithubError::SecondaryRateLimited { ratelimit_remaining, ratelimit_reset, .. } = &error
    else {
        panic!("{error:?}")
    };
    assert_eq!(*ratelimit_remaining, Some(0));
    assert_eq!(ratelimit_reset.map(|r| r.to_string()), Some(reset.clone()));
    assert_eq!(error.retry(), Retry::After(Some(secs(60))));
    // Any ASCII case.
    let shouting = r#"{"message": "You have exceeded a SECONDARY RATE LIMIT."}"#;
    assert!(one::<GithubError>(403, &[], shouting).is_secondary_rate_limited());

    // go-github's 429 says "m" and names the limit only in `documentation_url`, which no
    // condition reads: it is a 429 of unstated kind, and waits as the docs say.
    let error: GithubError = one(429, &[("Retry-After", "60")], GO_GITHUB_429_SECONDARY);
    let expect =
        Expect::new("TooManyRequests", 429).message("m").retry(Retry::After(Some(secs(60))));
    check("go-github secondary 429", &error, GO_GITHUB_429_SECONDARY.as_bytes(), expect);
    let error: GithubError = one(429, &[], r#"{"message": "m"}"#);
    assert_eq!(error.retry(), Retry::After(Some(secs(60))), "at least one minute");
}

#[test]
fn validation_failed_422_errors_list() {
    let error: GithubError = one(422, &[], VALIDATION_FAILED);
    let GithubError::ValidationFailed { errors: Some(errors), .. } = &error else {
        panic!("{error:?}")
    };
    assert_eq!(
        errors,
        &[FieldError {
            resource: Some("Issue".into()),
            field: Some("title".into()),
            code: Some("missing_field".into()),
            message: None,
            index: None,
            value: None,
        }]
    );
    assert_eq!(error.code(), None, "GitHub has no top-level code");

    // Every documented code, a custom one with its message, the schema's index and value.
    let body = r#"{"message": "Validation Failed", "documentation_url": "https://docs.github.com/rest/issues/labels#create-a-label",
        "errors": [
          {"resource": "Label", "code": "already_exists", "field": "name"},
          {"resource": "Issue", "code": "custom", "field": "body", "message": "body is too long (maximum is 65536 characters)"},
          {"resource": "Issue", "code": "invalid", "field": "assignees", "index": 1, "value": ["octocat", 7]},
          "a plain string item is skipped"
        ]}"#;
    let error: GithubError = one(422, &[], body);
    let GithubError::ValidationFailed { errors: Some(errors), .. } = &error else {
        panic!("{error:?}")
    };
    let codes: Vec<_> = errors.iter().map(|e| e.code.as_deref().unwrap()).collect();
    assert_eq!(codes, ["already_exists", "custom", "invalid"]);
    assert_eq!(
        errors[1].message.as_deref(),
        Some("body is too long (maximum is 65536 characters)")
    );
    assert_eq!(errors[2].index, Some(1));
    assert_eq!(errors[2].value.as_ref().map(|v| v.as_str()), Some(r#"["octocat", 7]"#));
    assert_eq!(error.retry(), Retry::Never);

    // "Invalid request", and a 422 with string errors (validation-error-simple).
    let error: GithubError = one(
        422,
        &[],
        r#"{"message": "Invalid request.\n\nFor 'properties/labels', \"bug\" is not an array."}"#,
    );
    assert!(error.is_invalid_request(), "{error:?}");
    let simple = r#"{"message": "Repository creation failed.", "errors": ["name already exists on this account"]}"#;
    let error: GithubError = one(422, &[], simple);
    let GithubError::Unprocessable { errors: Some(errors), .. } = &error else {
        panic!("{error:?}")
    };
    assert_eq!(errors, &["name already exists on this account"]);
}

#[test]
fn x_github_request_id() {
    let headers = [("X-GitHub-Request-Id", REQUEST_ID)];
    let cases: [(u16, &str, &str); 4] = [
        (401, BAD_CREDENTIALS, "BadCredentials"),
        (422, VALIDATION_FAILED, "ValidationFailed"),
        (404, r#"{"message": "Not Found"}"#, "NotFound"),
        (502, "<html>Bad gateway</html>", "Unknown"),
    ];
    for (status, body, variant) in cases {
        let error: GithubError = one(status, &headers, body);
        assert_eq!(error.variant_name(), variant);
        assert_eq!(error.request_id(), Some(REQUEST_ID), "{variant}");
    }
    // Any case of the name.
    let error: GithubError = one(404, &[("x-github-request-id", "A:B")], "{}");
    assert_eq!(error.request_id(), Some("A:B"));
}

#[test]
fn bad_credentials_401() {
    let headers = [("X-GitHub-Request-Id", REQUEST_ID)];
    let error: GithubError = one(401, &headers, BAD_CREDENTIALS);
    let expect = Expect::new("BadCredentials", 401)
        .message("Bad credentials")
        .request_id(REQUEST_ID)
        .retry(Retry::Reauth);
    check("bad credentials", &error, BAD_CREDENTIALS.as_bytes(), expect);
    let error: GithubError = one(
        401,
        &[],
        r#"{"message": "Requires authentication", "documentation_url": "https://docs.github.com/rest/users/users#get-the-authenticated-user"}"#,
    );
    assert!(error.is_requires_authentication());
    assert_eq!(error.retry(), Retry::Reauth);
    assert!(one::<GithubError>(401, &[], "").is_unauthorized());
}

#[test]
fn not_found_404_hides_forbidden_403() {
    let body = r#"{"message": "Not Found", "documentation_url": "https://docs.github.com/rest/repos/repos#get-a-repository"}"#;
    let error: GithubError = one(404, &[], body);
    check("404", &error, body.as_bytes(), Expect::new("NotFound", 404).message("Not Found"));
    // The variant says so: check the token before concluding the resource is absent.
    assert!(error.description().unwrap().contains("instead of a `403 Forbidden`"));
    assert!(error.resolution().unwrap().contains("you should check your authentication"));
}

#[test]
fn permission_errors_carry_the_required_permissions() {
    let headers = [(
        "X-Accepted-GitHub-Permissions",
        "pull_requests=read,contents=read; issues=read,contents=read",
    )];
    let body = r#"{"message": "Resource not accessible by integration", "documentation_url": "https://docs.github.com/rest/issues/issues#create-an-issue", "status": "403"}"#;
    let error: GithubError = one(403, &headers, body);
    let GithubError::ResourceNotAccessibleByIntegration { accepted_github_permissions, .. } =
        &error
    else {
        panic!("{error:?}")
    };
    assert_eq!(
        accepted_github_permissions.as_deref(),
        Some("pull_requests=read,contents=read; issues=read,contents=read")
    );
    let body = r#"{"message": "Resource not accessible by personal access token", "documentation_url": "https://docs.github.com/rest"}"#;
    assert!(
        one::<GithubError>(403, &[], body).is_resource_not_accessible_by_personal_access_token()
    );
}

#[test]
fn other_documented_errors() {
    let version = r#"{"message": "The version you specified in the \"X-GitHub-API-Version\" request header, \"v3\", is not a supported version. The following versions are currently supported: \"2022-11-28\" (most recent).", "documentation_url": "https://docs.github.com/rest"}"#;
    assert!(one::<GithubError>(400, &[], version).is_unsupported_api_version());
    // Blocks on 451 and on a blocked gist's 403.
    let dmca = r#"{"message": "Repository access blocked", "block": {"reason": "dmca", "created_at": "2019-04-10T15:49:13Z", "html_url": "https://github.com/github/dmca/blob/master/2019/04/2019-04-10-example.md"}}"#;
    let error: GithubError = one(451, &[], dmca);
    let GithubError::UnavailableForLegalReasons { block: Some(block), .. } = &error else {
        panic!("{error:?}")
    };
    assert_eq!(block.reason.as_deref(), Some("dmca"));
    assert_eq!(block.created_at.as_deref(), Some("2019-04-10T15:49:13Z"));
    let gist = r#"{"message": "Gist blocked", "block": {"reason": "tos", "created_at": "2020-01-01T00:00:00Z", "html_url": null}}"#;
    let error: GithubError = one(403, &[], gist);
    assert!(
        matches!(&error, GithubError::Forbidden { block: Some(b), .. } if b.reason.as_deref() == Some("tos") && b.html_url.is_none())
    );
    // 503 carries a code of its own.
    let unavailable = r#"{"code": "unavailable", "message": "Service unavailable", "documentation_url": "https://docs.github.com/rest"}"#;
    let error: GithubError = one(503, &[], unavailable);
    let expect = Expect::new("ServiceUnavailable", 503)
        .code("unavailable")
        .message("Service unavailable")
        .retry(Retry::Backoff);
    check("503", &error, unavailable.as_bytes(), expect);
    #[rustfmt::skip]
    let plain = [(406, "NotAcceptable"), (409, "Conflict"), (410, "Gone"), (412, "PreconditionFailed"), (413, "PayloadTooLarge")];
    for (status, variant) in plain {
        let error: GithubError = one(status, &[], r#"{"message": "x"}"#);
        assert_eq!(error.variant_name(), variant);
        assert_eq!(error.retry(), Retry::Never, "{variant}");
    }
}

#[test]
fn undocumented_statuses_fall_back_by_class() {
    // 502 and 504 are not documented: the fallback backs off on any 5xx.
    for status in [502, 504] {
        let error: GithubError = one(status, &[], "<html>upstream</html>");
        assert!(error.is_unknown() && error.is_fallback());
        assert_eq!(error.retry(), Retry::Backoff);
    }
    let error: GithubError = one(418, &[], r#"{"message": "I'm a teapot"}"#);
    check(
        "418",
        &error,
        br#"{"message": "I'm a teapot"}"#,
        Expect::new("Unknown", 418).message("I'm a teapot"),
    );
}

#[test]
fn successes_carry_no_error() {
    // 202 "job scheduled" of the statistics endpoints, 304 Not Modified, redirects.
    for (status, body) in
        [(200, "{}"), (202, ""), (204, ""), (304, ""), (301, r#"{"message": "Moved Permanently"}"#)]
    {
        assert!(GithubError::decode(status, &NoHeaders, body.as_bytes()).is_empty(), "{status}");
    }
}

#[test]
fn retry_policy() {
    // @octokit/plugin-retry: 3 retries after 1 s, 4 s and 9 s; as an exponential
    // policy, 1 s, 3 s, 9 s.
    let backoff = GithubError::backoff();
    assert_eq!(backoff, Backoff::new(secs(1), 3.0, secs(9), 4, Jitter::None));
    let delays: Vec<_> = backoff.base_delays().collect();
    assert_eq!(delays, [secs(1), secs(3), secs(9)]);
    assert_eq!(GithubError::transport_retry(), RetryClass::Backoff);
    assert_eq!(GithubError::catalog().name, "github");
}
