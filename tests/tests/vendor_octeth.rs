//! Octeth (vendor-docs/004): errors inside HTTP 200 bodies (`Success: false`), single
//! codes or lists of them, integer codes whose meaning depends on the API command,
//! through the generated catalog-wide and per-command enums.

mod common;

use common::{Expect, check, one, secs};
use errtable::{Backoff, Jitter, NoHeaders, Retry};
use errtable_tests::octeth::{
    CampaignUpdateError, ListCreateError, LoginError, OctethError, SubscriberCreateError,
};

fn failure(code: i64, text: &str) -> String {
    format!(r#"{{"Success": false, "ErrorCode": {code}, "ErrorText": "{text}"}}"#)
}

#[test]
fn the_documented_single_error() {
    let body = r#"{
  "Success": false,
  "ErrorCode": 3,
  "ErrorText": "Invalid credentials"
}"#;
    // Code 3 means something different in every command: without one it is unknown.
    let error: OctethError = one(200, &[], body);
    check(
        "global 3",
        &error,
        body.as_bytes(),
        Expect::new("Unknown", 200).code("3").message("Invalid credentials"),
    );
    assert_eq!(error.meta().code_i64(), Some(3));
    // With the command, it is what the command's table says.
    let error: LoginError = one(200, &[], body);
    check(
        "login 3",
        &error,
        body.as_bytes(),
        Expect::new("InvalidCredentials", 200).code("3").message("Invalid credentials"),
    );
    let error: ListCreateError = one(200, &[], body);
    assert!(error.is_list_limit_exceeded());
    let error: SubscriberCreateError = one(200, &[], body);
    assert!(error.is_invalid_email_format());
    let error: CampaignUpdateError = one(200, &[], body);
    assert!(error.is_invalid_campaign_status());
}

#[test]
fn the_documented_list_of_errors() {
    let body = r#"{
  "Success": false,
  "ErrorCode": [1, 2],
  "ErrorText": ["Missing username", "Missing password"]
}"#;
    let errors = LoginError::decode(200, &NoHeaders, body.as_bytes());
    assert_eq!(errors.len(), 2);
    check(
        "1",
        &errors[0],
        body.as_bytes(),
        Expect::new("MissingUsername", 200).code("1").message("Missing username"),
    );
    check(
        "2",
        &errors[1],
        body.as_bytes(),
        Expect::new("MissingPassword", 200).code("2").message("Missing password"),
    );
    // Globally, 1 and 2 are the common table's validation errors.
    let errors = OctethError::decode(200, &NoHeaders, body.as_bytes());
    let names: Vec<_> = errors.iter().map(|e| e.variant_name()).collect();
    assert_eq!(names, ["MissingRequiredField", "InvalidFieldFormat"]);
}

#[test]
fn a_list_of_codes_with_one_message_shares_it() {
    // The doc's own handlers: `Array.isArray(result.ErrorText) ? ...[index] : result.ErrorText`.
    let body = r#"{"Success": false, "ErrorCode": [1, 2], "ErrorText": "Missing fields"}"#;
    let errors = OctethError::decode(200, &NoHeaders, body.as_bytes());
    let messages: Vec<_> = errors.iter().map(|e| e.message()).collect();
    assert_eq!(messages, [Some("Missing fields"), Some("Missing fields")]);
    // A list of codes without messages, and messages missing for some codes.
    let body = r#"{"Success": false, "ErrorCode": [10, 11, 99], "ErrorText": ["Bad email"]}"#;
    let errors = OctethError::decode(200, &NoHeaders, body.as_bytes());
    let summary: Vec<_> = errors.iter().map(|e| (e.variant_name(), e.message())).collect();
    assert_eq!(
        summary,
        [
            ("InvalidEmailAddress", Some("Bad email")),
            ("InvalidDateFormat", None),
            ("Unknown", None)
        ]
    );
}

#[test]
fn global_codes_apply_to_every_command() {
    #[rustfmt::skip]
    let rows = [
        (99998, "InvalidApiKey", Retry::Never),
        (99999, "SessionExpired", Retry::Reauth),
        (429, "RateLimitExceeded", Retry::After(None)),
        (404, "ResourceNotFound", Retry::Never),
        (403, "PermissionDenied", Retry::Never),
        (409, "DuplicateEntry", Retry::Never),
        (16, "UserLimitReached", Retry::Never),
        (18, "SubscriberLimitReached", Retry::Never),
        (101, "TwoFactorRequired", Retry::Never),
    ];
    for (code, variant, retry) in rows {
        let body = failure(code, "x");
        let global: OctethError = one(200, &[], &body);
        check(
            "global",
            &global,
            body.as_bytes(),
            Expect::new(variant, 200).code(&code.to_string()).message("x").retry(retry),
        );
        let login: LoginError = one(200, &[], &body);
        assert_eq!(login.variant_name(), variant, "User.Login {code}");
        let update: CampaignUpdateError = one(200, &[], &body);
        assert_eq!(update.variant_name(), variant, "Campaign.Update {code}");
    }
}

#[test]
fn command_tables_row_by_row() {
    #[rustfmt::skip]
    let login = [(1, "MissingUsername"), (2, "MissingPassword"), (3, "InvalidCredentials"), (5, "InvalidCaptcha"), (6, "InvalidTwoFactorCode")];
    for (code, variant) in login {
        let error: LoginError = one(200, &[], &failure(code, "x"));
        assert_eq!(error.variant_name(), variant, "User.Login {code}");
    }
    #[rustfmt::skip]
    let subscriber = [(1, "MissingListId"), (2, "MissingEmailAddress"), (3, "InvalidEmailFormat"), (4, "InvalidListId"), (18, "SubscriberLimitReached"), (20, "DuplicateEmailAddress")];
    for (code, variant) in subscriber {
        let error: SubscriberCreateError = one(200, &[], &failure(code, "x"));
        assert_eq!(error.variant_name(), variant, "Subscriber.Create {code}");
    }
    #[rustfmt::skip]
    let update = [
        (1, "MissingCampaignId"), (2, "CampaignNotFound"), (3, "InvalidCampaignStatus"), (4, "InvalidEmailId"),
        (5, "InvalidScheduleType"), (6, "MissingSendDate"), (7, "MissingSendTime"), (14, "InvalidAutoResendDays"),
        (15, "MissingAutoResendSubject"),
    ];
    for (code, variant) in update {
        let error: CampaignUpdateError = one(200, &[], &failure(code, "x"));
        assert_eq!(error.variant_name(), variant, "Campaign.Update {code}");
    }
    let error: ListCreateError = one(200, &[], &failure(1, "x"));
    assert!(error.is_missing_list_name());
    assert_eq!(LoginError::operation(), Some("User.Login"));
}

#[test]
fn per_command_errors_convert_into_the_catalog_wide_enum() {
    let body = failure(3, "Invalid credentials");
    let login: LoginError = one(200, &[("X", "y")], &body);
    let wide: OctethError = login.clone().into();
    assert!(wide.is_invalid_credentials());
    assert_eq!(wide.code(), Some("3"));
    assert_eq!(wide.message(), Some("Invalid credentials"));
    assert_eq!(wide.retry(), login.retry());
    assert_eq!(wide.meta(), login.meta());
    let unknown: LoginError = one(200, &[], &failure(777, "?"));
    let wide: OctethError = unknown.into();
    assert!(wide.is_unknown());
}

#[test]
fn session_expiry_means_reauthenticate() {
    let error: LoginError = one(200, &[], &failure(99999, "Session expired"));
    assert_eq!(error.retry(), Retry::Reauth);
    assert_eq!(error.to_string(), "99999: Session expired");
}

#[test]
fn backoff_follows_the_docs_loop() {
    // `Math.pow(2, i) * 1000` for three retries.
    assert_eq!(OctethError::backoff(), Backoff::new(secs(1), 2.0, secs(4), 4, Jitter::None));
}

#[test]
fn successes_and_odd_bodies() {
    for body in [r#"{"Success": true, "ListID": 5}"#, r#"{"Success": "false"}"#, "", "<html>"] {
        assert!(OctethError::decode(200, &NoHeaders, body.as_bytes()).is_empty(), "{body}");
    }
    // `Success: false` without a code is still a failure, never silently dropped.
    let error: OctethError = one(200, &[], r#"{"Success": false}"#);
    assert!(error.is_unknown());
    let error: OctethError = one(200, &[], r#"{"Success": false, "ErrorCode": []}"#);
    assert!(error.is_unknown());
    // A non-2xx status uses the same body shape.
    let error: OctethError = one(500, &[], &failure(99998, "Invalid API key"));
    assert!(error.is_invalid_api_key());
    let error: OctethError = one(502, &[], "<html>");
    assert!(error.is_unknown());
    assert_eq!(error.retry(), Retry::Backoff);
}
