//! Slack Web API (`specs/slack.json`): every example response of the research notes
//! (`docs/research/slack.md` §6), decoded through a `SlackError` generated here,
//! and each hard case of issue 10 on its own: `{"ok": false, "error": "invalid_auth"}`
//! with HTTP 200, warnings on a success that are not errors (`.warnings()`), the HTTP 429
//! `ratelimited` with `Retry-After` against the HTTP 200 `rate_limited` posting limit, and
//! the token errors (`token_expired` re-authenticates, `token_revoked` does not).
//!
//! Where the bodies come from: Slack's own examples (auth.test's `invalid_auth`,
//! chat.postMessage's `too_many_attachments`, conversations.join's warning,
//! conversations.setTopic, admin.conversations.bulkArchive, views.open and
//! admin.apps.requests.list), the 2016 response_metadata changelog, python-slack-sdk's
//! mock server (the 429, `fatal_error` and the HTML 500 page) and its tutorial's response
//! headers; the token errors are Slack's codes in the standard body. `tests/corpus/slack.json`
//! holds the same responses (checked below).

mod common;

use errtable_tests::slack as catalog;

use std::time::Duration;

use catalog::SlackError;
use common::{Expect, check, one, secs};
use errtable::{Backoff, Jitter, NoHeaders, Retry, RetryClass};

/// Name, status, headers and body of one example response.
type Response = (&'static str, u16, &'static [(&'static str, &'static str)], &'static str);

const INVALID_AUTH_200: &str = r#"{"error": "invalid_auth", "ok": false}"#;
const RATELIMITED_429: &str = r#"{"ok":false,"error":"ratelimited"}"#;
const RATELIMITED_429_WITHOUT_BODY: &str = r#""#;
const RATE_LIMITED_POSTING_200: &str = r#"{"ok": false, "error": "rate_limited"}"#;
const WARNING_ALREADY_IN_CHANNEL_200: &str = r#"{"ok": true,
 "channel": {"id": "C061EG9SL", "name": "general", "is_channel": true, "is_group": false, "is_im": false, "created": 1449252889, "creator": "U061F7AUR", "is_archived": false, "is_general": true},
 "warning": "already_in_channel",
 "response_metadata": {"warnings": ["already_in_channel"]}}"#;
const WARNINGS_MISSING_CHARSET_200: &str = r#"{"ok": true,
 "warnings": ["missing_charset"],
 "response_metadata": {
   "warnings": ["missing_charset"],
   "messages": ["[WARN] A Content-Type HTTP header was presented but did not declare a charset, such as a 'utf-8'"]}}"#;
const WARNING_COMMA_SEPARATED_200: &str =
    r#"{"ok": true, "warning": "missing_charset,superfluous_charset"}"#;
const INVALID_ARGUMENTS_ERROR_MESSAGE_200: &str = r#"{"ok": false, "error": "invalid_arguments",
 "response_metadata": {"messages": ["[ERROR] missing required field: topic"]}}"#;
const INVALID_ARGUMENTS_JSON_POINTER_200: &str = r#"{"ok": false, "error": "invalid_arguments",
 "response_metadata": {"messages": ["[ERROR] no more than 100 items allowed [json-pointer:/channel_ids]"]}}"#;
const INVALID_ARGUMENTS_UNPREFIXED_200: &str = r#"{"ok": false, "error": "invalid_arguments",
 "response_metadata": {"messages": ["invalid `trigger_id`"]}}"#;
const MISSING_SCOPE_200: &str = r#"{"ok": false, "error": "missing_scope",
 "needed": "admin.apps:read",
 "provided": "read,client,admin,identify,post,apps"}"#;
const TOO_MANY_ATTACHMENTS_200: &str = r#"{"error": "too_many_attachments", "ok": false}"#;
const FATAL_ERROR_200: &str = r#"{"ok":false,"error":"fatal_error"}"#;
const SERVER_ERROR_HTML_500: &str = r##"<!DOCTYPE html>
<html lang="en">
<head>
	<meta charset="utf-8">
	<title>Server Error | Slack</title>
	<meta name="author" content="Slack">
	<style></style>
</head>
<body>
	<nav class="top persistent">
		<a href="https://status.slack.com/" class="logo" data-qa="logo"></a>
	</nav>
	<div id="page">
		<div id="page_contents">
			<h1>
				<svg width="30px" height="27px" viewBox="0 0 60 54" class="warning_icon"><path d="" fill="#D94827"/></svg>
				Server Error
			</h1>
			<div class="card">
				<p>It seems like there’s a problem connecting to our servers, and we’re investigating the issue.</p>
				<p>Please <a href="https://status.slack.com/">check our Status page for updates</a>.</p>
			</div>
		</div>
	</div>
	<script type="text/javascript">
		if (window.desktop) {
			document.documentElement.className = 'desktop';
		}

		var FIVE_MINS = 5 * 60 * 1000;
		var TEN_MINS = 10 * 60 * 1000;

		function randomBetween(min, max) {
			return Math.floor(Math.random() * (max - (min + 1))) + min;
		}

		window.setTimeout(function () {
			window.location.reload(true);
		}, randomBetween(FIVE_MINS, TEN_MINS));
	</script>
</body>
</html>"##;
const TOKEN_EXPIRED_200: &str = r#"{"ok": false, "error": "token_expired"}"#;
const TOKEN_REVOKED_200: &str = r#"{"ok": false, "error": "token_revoked"}"#;
const NOT_AUTHED_200: &str = r#"{"ok": false, "error": "not_authed"}"#;
const INTERNAL_ERROR_200: &str = r#"{"ok": false, "error": "internal_error"}"#;
const METHOD_SPECIFIC_ERROR_200: &str = r#"{"ok": false, "error": "cant_invite_self"}"#;
const SUCCESS_HEADERS_200: &str = r#"{"ok": true, "file": {"id": "F0123ABCD"}}"#;

/// Every example response, as `tests/corpus/slack.json` holds them: name, status, headers, body.
const RESPONSES: &[Response] = &[
    (
        "invalid_auth_200",
        200,
        &[
            ("Content-Type", "application/json; charset=utf-8"),
            ("x-slack-req-id", "9rj4io2i10iawjdasdfas"),
        ],
        INVALID_AUTH_200,
    ),
    (
        "ratelimited_429",
        429,
        &[
            ("retry-after", "1"),
            ("content-type", "application/json;charset=utf-8"),
            ("connection", "close"),
        ],
        RATELIMITED_429,
    ),
    ("ratelimited_429_without_body", 429, &[("Retry-After", "30")], RATELIMITED_429_WITHOUT_BODY),
    (
        "rate_limited_posting_200",
        200,
        &[("Content-Type", "application/json; charset=utf-8")],
        RATE_LIMITED_POSTING_200,
    ),
    (
        "warning_already_in_channel_200",
        200,
        &[("Content-Type", "application/json; charset=utf-8")],
        WARNING_ALREADY_IN_CHANNEL_200,
    ),
    ("warnings_missing_charset_200", 200, &[], WARNINGS_MISSING_CHARSET_200),
    ("warning_comma_separated_200", 200, &[], WARNING_COMMA_SEPARATED_200),
    ("invalid_arguments_error_message_200", 200, &[], INVALID_ARGUMENTS_ERROR_MESSAGE_200),
    ("invalid_arguments_json_pointer_200", 200, &[], INVALID_ARGUMENTS_JSON_POINTER_200),
    ("invalid_arguments_unprefixed_200", 200, &[], INVALID_ARGUMENTS_UNPREFIXED_200),
    (
        "missing_scope_200",
        200,
        &[
            ("x-accepted-oauth-scopes", "admin.apps:read"),
            ("x-oauth-scopes", "read,client,admin,identify,post,apps"),
        ],
        MISSING_SCOPE_200,
    ),
    ("too_many_attachments_200", 200, &[], TOO_MANY_ATTACHMENTS_200),
    (
        "fatal_error_200",
        200,
        &[("content-type", "application/json;charset=utf-8")],
        FATAL_ERROR_200,
    ),
    ("server_error_html_500", 500, &[("Content-Type", "text/html")], SERVER_ERROR_HTML_500),
    ("token_expired_200", 200, &[], TOKEN_EXPIRED_200),
    ("token_revoked_200", 200, &[], TOKEN_REVOKED_200),
    ("not_authed_200", 200, &[], NOT_AUTHED_200),
    ("internal_error_200", 200, &[], INTERNAL_ERROR_200),
    ("method_specific_error_200", 200, &[], METHOD_SPECIFIC_ERROR_200),
    (
        "success_headers_200",
        200,
        &[
            ("x-slack-req-id", "9rj4io2i10iawjdasdfas"),
            ("content-type", "application/json; charset=utf-8"),
            ("x-accepted-oauth-scopes", "files:write"),
            ("x-oauth-scopes", "chat:write,files:read,files:write"),
            ("access-control-expose-headers", "x-slack-req-id, retry-after"),
            ("x-slack-unique-id", "ZerL-asd3k201a0sdfa"),
        ],
        SUCCESS_HEADERS_200,
    ),
];

/// What each example response decodes to (`None`: a success, no error).
fn expected(name: &str) -> Option<Expect<'static>> {
    let e = match name {
        "invalid_auth_200" => {
            Expect::new("InvalidAuth", 200).code("invalid_auth").request_id("9rj4io2i10iawjdasdfas")
        }
        "ratelimited_429" => {
            Expect::new("RateLimited", 429).code("ratelimited").retry(Retry::After(Some(secs(1))))
        }
        "ratelimited_429_without_body" => {
            Expect::new("RateLimited", 429).retry(Retry::After(Some(secs(30))))
        }
        "rate_limited_posting_200" => Expect::new("PostingRateLimited", 200)
            .code("rate_limited")
            .retry(Retry::After(Some(secs(1)))),
        "warning_already_in_channel_200"
        | "warnings_missing_charset_200"
        | "warning_comma_separated_200"
        | "success_headers_200" => return None,
        "invalid_arguments_error_message_200" => Expect::new("InvalidArguments", 200)
            .code("invalid_arguments")
            .message("[ERROR] missing required field: topic"),
        "invalid_arguments_json_pointer_200" => Expect::new("InvalidArguments", 200)
            .code("invalid_arguments")
            .message("[ERROR] no more than 100 items allowed [json-pointer:/channel_ids]"),
        "invalid_arguments_unprefixed_200" => Expect::new("InvalidArguments", 200)
            .code("invalid_arguments")
            .message("invalid `trigger_id`"),
        "missing_scope_200" => Expect::new("MissingScope", 200).code("missing_scope"),
        "too_many_attachments_200" => {
            Expect::new("TooManyAttachments", 200).code("too_many_attachments")
        }
        "fatal_error_200" => Expect::new("FatalError", 200).code("fatal_error"),
        "server_error_html_500" => Expect::new("HttpServerError", 500).retry(Retry::Backoff),
        "token_expired_200" => {
            Expect::new("TokenExpired", 200).code("token_expired").retry(Retry::Reauth)
        }
        "token_revoked_200" => Expect::new("TokenRevoked", 200).code("token_revoked"),
        "not_authed_200" => Expect::new("NotAuthed", 200).code("not_authed"),
        "internal_error_200" => {
            Expect::new("InternalError", 200).code("internal_error").retry(Retry::Backoff)
        }
        "method_specific_error_200" => Expect::new("Unknown", 200).code("cant_invite_self"),
        other => panic!("no expectation for {other}"),
    };
    Some(e)
}

#[test]
fn decodes_every_example_response() {
    for &(name, status, headers, body) in RESPONSES {
        match expected(name) {
            Some(expect) => {
                let error: SlackError = one(status, headers, body);
                check(name, &error, body.as_bytes(), expect);
            }
            None => {
                let result = SlackError::decode(status, headers, body.as_bytes());
                assert!(!result.is_error(), "{name}: {result:?}");
            }
        }
    }
}

#[test]
fn the_corpus_holds_the_same_responses() {
    let corpus: serde_json::Value =
        serde_json::from_str(include_str!("../corpus/slack.json")).unwrap();
    assert_eq!(corpus["spec"], "specs/slack.json");
    let responses = corpus["responses"].as_array().unwrap();
    assert_eq!(responses.len(), RESPONSES.len());
    for (json, &(name, status, headers, body)) in responses.iter().zip(RESPONSES) {
        assert_eq!(json["name"], name);
        assert_eq!(json["status"], status);
        let pairs: Vec<(&str, &str)> = json["headers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|pair| (pair[0].as_str().unwrap(), pair[1].as_str().unwrap()))
            .collect();
        assert_eq!(pairs, headers, "{name}");
        assert_eq!(json["body"], body, "{name}");
    }
}

#[test]
fn ok_false_in_a_200_is_an_error() {
    // auth.test's documented failure: "Standard failure response when used with an
    // invalid token".
    let errors = SlackError::decode(
        200,
        &[("x-slack-req-id", "9rj4io2i10iawjdasdfas")],
        INVALID_AUTH_200.as_bytes(),
    );
    assert!(errors.is_error());
    let error = &errors[0];
    assert!(error.is_invalid_auth(), "{error:?}");
    assert_eq!(error.status(), 200);
    assert_eq!(error.request_id(), Some("9rj4io2i10iawjdasdfas"));
    assert_eq!(error.retry(), Retry::Never);
    assert_eq!(error.message(), None, "Slack sends no message field");
    assert!(error.to_string().starts_with("invalid_auth: "), "the description stands in: {error}");
    // `ok` true, or missing, is no error; `ok: "false"` (a string) is not Slack's false.
    for body in [
        r#"{"ok": true}"#,
        r#"{"error": "invalid_auth"}"#,
        r#"{"ok": "false", "error": "x"}"#,
        "",
        "<html>",
    ] {
        assert!(!SlackError::decode(200, &NoHeaders, body.as_bytes()).is_error(), "{body}");
    }
    // `ok: false` without a code is still reported, by the fallback.
    let error: SlackError = one(200, &[], r#"{"ok": false}"#);
    assert!(error.is_fallback());
}

#[test]
fn warnings_on_success_are_not_errors() {
    let result = SlackError::decode(200, &NoHeaders, WARNING_ALREADY_IN_CHANNEL_200.as_bytes());
    assert!(!result.is_error() && result.is_empty());
    let warnings: Vec<_> = result.warnings().iter().map(|w| (w.code(), w.message())).collect();
    assert_eq!(warnings, [("already_in_channel", None)], "one code, not two: the array wins");
    // The 2016 changelog's example, with a top-level array and response_metadata.
    let result = SlackError::decode(200, &NoHeaders, WARNINGS_MISSING_CHARSET_200.as_bytes());
    assert!(!result.is_error());
    let codes: Vec<_> = result.warnings().iter().map(|w| w.code()).collect();
    assert_eq!(codes, ["missing_charset"]);
    // Several warnings in response_metadata.
    let body = r#"{"ok": true, "warning": "missing_charset,superfluous_charset", "response_metadata": {"warnings": ["missing_charset", "superfluous_charset"]}}"#;
    let result = SlackError::decode(200, &NoHeaders, body.as_bytes());
    let codes: Vec<_> = result.warnings().iter().map(|w| w.code()).collect();
    assert_eq!(codes, ["missing_charset", "superfluous_charset"]);
    // Only `warning`: kept as written, comma-separated (the format cannot split it).
    let result = SlackError::decode(200, &NoHeaders, WARNING_COMMA_SEPARATED_200.as_bytes());
    let codes: Vec<_> = result.warnings().iter().map(|w| w.code()).collect();
    assert_eq!(codes, ["missing_charset,superfluous_charset"]);
    // A warning beside an error: both reported.
    let body = r#"{"ok": false, "error": "channel_not_found", "warning": "superfluous_charset"}"#;
    let result = SlackError::decode(200, &NoHeaders, body.as_bytes());
    assert!(result[0].is_channel_not_found());
    assert_eq!(result.warnings()[0].code(), "superfluous_charset");
}

#[test]
fn http_429_ratelimited_against_the_200_rate_limited() {
    // python-slack-sdk's mock: 429, `retry-after: 1`, `{"ok":false,"error":"ratelimited"}`.
    let error: SlackError =
        one(429, &[("retry-after", "1")], r#"{"ok":false,"error":"ratelimited"}"#);
    assert!(error.is_rate_limited());
    assert_eq!(error.retry(), Retry::After(Some(secs(1))));
    assert!(error.is_retry_safe());
    // Any 429 is the rate limit, whatever its body; without Retry-After, back off.
    let error: SlackError = one(429, &[], "");
    assert!(error.is_rate_limited());
    assert_eq!(error.retry(), Retry::After(None));
    // `rate_limited`, the posting limit, arrives with 200: its own variant, and the
    // documented pace of one message per second when no header says otherwise.
    let error: SlackError = one(200, &[], RATE_LIMITED_POSTING_200);
    assert!(error.is_posting_rate_limited(), "{error:?}");
    assert!(!error.is_rate_limited());
    assert_eq!(error.retry(), Retry::After(Some(secs(1))));
    let error: SlackError = one(200, &[("Retry-After", "4")], RATE_LIMITED_POSTING_200);
    assert_eq!(error.retry(), Retry::After(Some(secs(4))), "a header still wins");
}

#[test]
fn token_errors() {
    let expired: SlackError = one(200, &[], TOKEN_EXPIRED_200);
    assert!(expired.is_token_expired());
    assert_eq!(expired.retry(), Retry::Reauth, "token rotation: refresh, then retry");
    for (body, variant) in [
        (TOKEN_REVOKED_200, "TokenRevoked"),
        (NOT_AUTHED_200, "NotAuthed"),
        (INVALID_AUTH_200, "InvalidAuth"),
        (r#"{"ok": false, "error": "account_inactive"}"#, "AccountInactive"),
    ] {
        let error: SlackError = one(200, &[], body);
        assert_eq!((error.variant_name(), error.retry()), (variant, Retry::Never), "{body}");
    }
    // missing_scope: a new installation, not a refresh; the body and headers say which scope.
    let error: SlackError = one(
        200,
        &[
            ("x-accepted-oauth-scopes", "admin.apps:read"),
            ("x-oauth-scopes", "read,client,admin,identify,post,apps"),
        ],
        MISSING_SCOPE_200,
    );
    assert_eq!(error.retry(), Retry::Never);
    let SlackError::MissingScope { needed, provided, accepted_oauth_scopes, oauth_scopes, .. } =
        &error
    else {
        panic!("{error:?}")
    };
    assert_eq!(needed.as_deref(), Some("admin.apps:read"));
    assert_eq!(provided.as_deref(), Some("read,client,admin,identify,post,apps"));
    assert_eq!(accepted_oauth_scopes.as_deref(), Some("admin.apps:read"));
    assert_eq!(oauth_scopes.as_deref(), Some("read,client,admin,identify,post,apps"));
}

#[test]
fn response_metadata_messages_are_the_message() {
    let error: SlackError = one(200, &[], INVALID_ARGUMENTS_JSON_POINTER_200);
    let SlackError::InvalidArguments { messages, .. } = &error else { panic!("{error:?}") };
    assert_eq!(
        messages.as_deref(),
        Some(
            &["[ERROR] no more than 100 items allowed [json-pointer:/channel_ids]".to_string()][..]
        )
    );
    let body = r#"{"ok": false, "error": "invalid_blocks", "response_metadata": {"messages": ["[ERROR] a", "[WARN] b"]}}"#;
    let error: SlackError = one(200, &[], body);
    assert!(error.is_invalid_blocks());
    assert_eq!(error.message(), Some("[ERROR] a; [WARN] b"));
}

#[test]
fn retry_classes_row_by_row() {
    #[rustfmt::skip]
    let rows = [
        ("fatal_error", RetryClass::Never),
        ("internal_error", RetryClass::Backoff),
        ("service_unavailable", RetryClass::Backoff),
        ("request_timeout", RetryClass::Backoff),
        ("team_added_to_org", RetryClass::Backoff),
        ("org_login_required", RetryClass::Backoff),
        ("ratelimited", RetryClass::After),
        ("rate_limited", RetryClass::After),
        ("token_expired", RetryClass::Reauth),
        ("access_denied", RetryClass::Never),
        ("accesslimited", RetryClass::Never),
        ("channel_not_found", RetryClass::Never),
        ("message_limit_exceeded", RetryClass::Never),
        ("some_method_error", RetryClass::Never),
    ];
    for (code, class) in rows {
        let body = format!(r#"{{"ok": false, "error": "{code}"}}"#);
        let error: SlackError = one(200, &[], &body);
        assert_eq!(error.retry_class(), class, "{code}");
        assert_eq!(error.code(), Some(code));
    }
}

#[test]
fn infrastructure_errors_by_status() {
    for status in [500, 502, 503, 504] {
        let error: SlackError =
            one(status, &[("Content-Type", "text/html")], SERVER_ERROR_HTML_500);
        assert!(error.is_http_server_error(), "{status}");
        assert_eq!(error.code(), None);
        assert_eq!(error.retry(), Retry::Backoff);
    }
    // A Web API body on an error status still gives its code.
    let error: SlackError = one(503, &[], r#"{"ok": false, "error": "service_unavailable"}"#);
    assert!(error.is_service_unavailable());
    let error: SlackError = one(404, &[], "Not Found");
    assert!(error.is_fallback());
    assert_eq!(error.retry(), Retry::Never);
}

#[test]
fn backoff_is_node_slack_sdks() {
    let backoff = SlackError::backoff();
    assert_eq!(
        backoff,
        Backoff::new(secs(2), 1.96821, Duration::from_millis(886_489), 11, Jitter::Equal)
    );
    let delays: Vec<_> = backoff.base_delays().collect();
    assert_eq!(delays.len(), 10);
    assert_eq!(delays[0], secs(2));
    // The tenth is 2 s * 1.96821^9, about 886.5 s; in all about 30 minutes, as the policy says.
    let last = delays[9].as_secs_f64();
    assert!((886.0..887.0).contains(&last), "{last}");
    let total: f64 = delays.iter().map(Duration::as_secs_f64).sum();
    assert!((1790.0..1810.0).contains(&total), "{total}");
    assert_eq!(SlackError::transport_retry(), RetryClass::Backoff);
}
