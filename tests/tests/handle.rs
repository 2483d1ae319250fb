//! `#[derive(errtable::Handle)]`: a complete mapping for each of the five vendors
//! compiles and maps decoded errors to actions, carrying data taken from the error.
//! The compile-fail side (a missing code, a duplicate, an unknown name, a wrong target,
//! a spec that gained a code) is in `tests/ui/handle_*.rs`.

use std::time::Duration;

use errtable::Retry;

mod octopost_handler {
    pub use errtable_tests::octopost::OctopostError;
    include!("../ui/handlers/octopost_next.rs");
}

use octopost_handler::{Next, OctopostError};

#[test]
fn octopost_readme_handler() {
    let decode = |status, body: &str| -> Next {
        OctopostError::decode(status, &[("Retry-After", "9")], body.as_bytes())
            .into_first()
            .unwrap()
            .into()
    };
    assert_eq!(decode(401, r#"{"code": "unauthorized"}"#), Next::FixCredentials);
    assert_eq!(
        decode(429, r#"{"code": "rate_limited", "details": {"retry_after": 45}}"#),
        Next::Wait { retry: Retry::After(Some(Duration::from_secs(9))), retry_after: Some(45) }
    );
    assert_eq!(decode(503, ""), Next::Retry);
    let Next::FixInput { fields: Some(fields) } = decode(
        422,
        r#"{"code": "validation_error", "details": {"fields": {"content": "required"}}}"#,
    ) else {
        panic!("not FixInput");
    };
    assert_eq!(fields["content"], "required");
    assert_eq!(decode(400, r#"{"code": "bad_request"}"#), Next::FixRequest);
    assert_eq!(decode(409, r#"{"code": "conflict"}"#), Next::Skip);
    let Next::Escalate(error) = decode(418, r#"{"code": "teapot"}"#) else {
        panic!("not Escalate")
    };
    assert_eq!(error.code(), Some("teapot"));
    // By value as well as by reference.
    let error = OctopostError::decode(404, &errtable::NoHeaders, br#"{"code": "not_found"}"#)
        .into_first()
        .unwrap();
    assert_eq!(Next::from(error), Next::Skip);
}

mod octogen_handler {
    use errtable_tests::octogen::{OctogenError, ValidationIssue};

    #[derive(Debug, errtable::Handle)]
    #[handle(OctogenError)]
    pub enum Action {
        #[on(Unauthorized, Forbidden)]
        CheckKey { meta: errtable::ErrorMeta },
        #[on(CatalogNotFound, ProductNotFound, NotFound)]
        Missing,
        #[on(ValidationError)]
        FixBody { detail: Option<Vec<ValidationIssue>> },
        #[on(RateLimited, ServerError)]
        Later { retry: errtable::Retry },
        #[on(unknown)]
        Escalate { error: OctogenError },
    }

    #[test]
    fn maps_octogen() {
        let body =
            br#"{"detail": [{"loc": ["body", "limit"], "msg": "too big", "type": "value_error"}]}"#;
        let error = OctogenError::decode(422, &errtable::NoHeaders, body).into_first().unwrap();
        let Action::FixBody { detail: Some(detail) } = Action::from(&error) else { panic!() };
        assert_eq!(detail[0].msg.as_deref(), Some("too big"));
        let error = OctogenError::decode(401, &errtable::NoHeaders, b"").into_first().unwrap();
        let Action::CheckKey { meta } = Action::from(&error) else { panic!() };
        assert_eq!(meta.status(), 401);
        let error = OctogenError::decode(502, &errtable::NoHeaders, b"").into_first().unwrap();
        assert!(matches!(Action::from(&error), Action::Later { retry: errtable::Retry::Backoff }));
        let error =
            OctogenError::decode(404, &errtable::NoHeaders, br#"{"detail": "catalog_not_found"}"#)
                .into_first()
                .unwrap();
        assert!(matches!(Action::from(error), Action::Missing));
        let error = OctogenError::decode(418, &errtable::NoHeaders, b"").into_first().unwrap();
        assert!(matches!(Action::from(&error), Action::Escalate { error: e } if e.status() == 418));
    }
}

mod catalog_handler {
    use errtable_tests::catalog::CatalogError;

    #[derive(Debug, PartialEq, errtable::Handle)]
    #[handle(CatalogError)]
    pub enum Action {
        #[on(Unauthorized, Forbidden)]
        Credentials,
        #[on(InvalidRequest, ValidationError)]
        FixRequest,
        #[on(NotFound, Conflict)]
        Skip,
        #[on(InsufficientCredits)]
        TopUp { credits_needed: Option<i64>, credits_remaining: Option<i64> },
        #[on(RateLimited, InternalError)]
        Retry,
        #[on(VendorNotSupported)]
        Unsupported { url: Option<String> },
        #[on(unknown)]
        Escalate,
    }

    #[test]
    fn maps_catalog() {
        let body = br#"{"error": {"code": "INSUFFICIENT_CREDITS"}, "credits_needed": 100, "credits_remaining": 50}"#;
        let error = CatalogError::decode(402, &errtable::NoHeaders, body).into_first().unwrap();
        assert_eq!(
            Action::from(&error),
            Action::TopUp { credits_needed: Some(100), credits_remaining: Some(50) }
        );
        let body =
            br#"{"products": [{"success": false, "url": "u", "outcome": "VENDOR_NOT_SUPPORTED"}]}"#;
        let error = CatalogError::decode(200, &errtable::NoHeaders, body).into_first().unwrap();
        assert_eq!(Action::from(&error), Action::Unsupported { url: Some("u".into()) });
    }
}

mod octomil_handler {
    use errtable_tests::octomil::OctomilError;

    #[derive(Debug, PartialEq, errtable::Handle)]
    #[handle(OctomilError)]
    pub enum Action {
        #[on(BadRequest, ValidationError, PayloadTooLarge)]
        FixRequest,
        #[on(Unauthorized, Forbidden)]
        Credentials,
        #[on(NotFound, Conflict)]
        Skip,
        #[on(InsufficientClients)]
        WaitForDevices,
        #[on(RateLimited, InternalError, ServiceUnavailable)]
        Retry { retry: errtable::Retry },
        #[on(unknown)]
        Escalate,
    }

    #[test]
    fn maps_octomil() {
        let body = br#"{"error": "insufficient_clients", "message": "x", "status_code": 400}"#;
        let error = OctomilError::decode(400, &errtable::NoHeaders, body).into_first().unwrap();
        assert_eq!(Action::from(&error), Action::WaitForDevices);
    }
}

mod octeth_handlers {
    use errtable_tests::octeth::{LoginError, OctethError};

    /// Every Octeth error, any command.
    #[derive(Debug, PartialEq, errtable::Handle)]
    #[handle(OctethError)]
    pub enum Action {
        #[on(SessionExpired)]
        Reauthenticate,
        #[on(
            InvalidApiKey,
            PermissionDenied,
            InvalidCredentials,
            InvalidCaptcha,
            InvalidTwoFactorCode,
            TwoFactorRequired
        )]
        Credentials,
        #[on(RateLimitExceeded)]
        SlowDown,
        #[on(UserLimitReached, SubscriberLimitReached, ListLimitExceeded)]
        Upgrade,
        #[on(
            MissingRequiredField,
            InvalidFieldFormat,
            InvalidEmailAddress,
            InvalidDateFormat,
            MissingUsername,
            MissingPassword,
            MissingListName,
            MissingListId,
            MissingEmailAddress,
            InvalidEmailFormat,
            InvalidListId,
            MissingCampaignName,
            MissingCampaignId,
            InvalidCampaignStatus,
            InvalidEmailId,
            InvalidScheduleType,
            MissingSendDate,
            MissingSendTime,
            InvalidAutoResendDays,
            MissingAutoResendSubject,
            MissingEmailId
        )]
        FixInput,
        #[on(
            ResourceNotFound,
            DuplicateEntry,
            DuplicateEmailAddress,
            CampaignNotFound,
            EmailNotFound
        )]
        Skip,
        #[on(unknown)]
        Escalate { error: OctethError },
    }

    /// The `User.Login` command's errors only.
    #[derive(Debug, PartialEq, errtable::Handle)]
    #[handle(LoginError)]
    pub enum LoginAction {
        #[on(MissingUsername, MissingPassword)]
        AskAgain,
        #[on(
            InvalidCredentials,
            InvalidCaptcha,
            InvalidTwoFactorCode,
            TwoFactorRequired,
            InvalidApiKey,
            PermissionDenied
        )]
        Denied,
        #[on(SessionExpired, RateLimitExceeded)]
        Retry { retry: errtable::Retry },
        // Codes 1 and 2 mean MissingUsername/MissingPassword here: the global
        // MissingRequiredField and InvalidFieldFormat are not in this enum.
        #[on(
            InvalidEmailAddress,
            InvalidDateFormat,
            ResourceNotFound,
            DuplicateEntry,
            UserLimitReached,
            SubscriberLimitReached,
            unknown
        )]
        Other,
    }

    #[test]
    fn maps_octeth_per_command_and_catalog_wide() {
        let body = br#"{"Success": false, "ErrorCode": [1, 99999], "ErrorText": ["Missing username", "Session expired"]}"#;
        let errors = LoginError::decode(200, &errtable::NoHeaders, body);
        let actions: Vec<LoginAction> = errors.iter().map(LoginAction::from).collect();
        assert_eq!(
            actions,
            [LoginAction::AskAgain, LoginAction::Retry { retry: errtable::Retry::Reauth }]
        );
        let wide: Vec<Action> =
            errors.into_iter().map(|e| Action::from(OctethError::from(e))).collect();
        assert_eq!(wide, [Action::FixInput, Action::Reauthenticate]);
    }
}

#[test]
fn the_spec_change_fixture_is_octopost_plus_one_code() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let read = |p: &str| -> serde_json::Value {
        serde_json::from_str(&std::fs::read_to_string(root.join(p)).unwrap()).unwrap()
    };
    let original = read("../specs/octopost.json");
    let changed = read("ui/specs/octopost_gained_a_code.json");
    let mut extra: Vec<_> = changed["errors"].as_array().unwrap().clone();
    let before = extra.len();
    extra.retain(|entry| !original["errors"].as_array().unwrap().contains(entry));
    assert_eq!((before, extra.len()), (original["errors"].as_array().unwrap().len() + 1, 1));
    assert_eq!(extra[0]["code"], "quota_exceeded");
    for key in ["envelope", "retry", "name"] {
        assert_eq!(original[key], changed[key], "{key}");
    }
}
