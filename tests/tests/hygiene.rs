//! The expansion names nothing through the prelude or the user's scope: every path is
//! absolute, or goes through the `const _` block's alias of the runtime's private module
//! (`_errtable::Some`). A module that shadows the prelude's names with its own items (and
//! `core`, `std` and `errtable` with modules) still gets working catalog enums, global and
//! per operation, and a working `Handle` derive; and catalog enums may be named like the
//! prelude's items. (Primitive types shadowed by items are out of scope, as for derives.)

#![allow(dead_code, non_camel_case_types, non_upper_case_globals)]

mod shadowed {
    struct Option;
    struct Some;
    struct None;
    struct Result;
    struct Ok;
    struct Err;
    struct Vec;
    struct String;
    struct Box;
    struct Default;
    struct Clone;
    struct Copy;
    struct Into;
    struct From;
    struct Iterator;
    struct Send;
    struct Sync;
    struct Sized;
    struct drop;
    struct Self_;
    mod core {}
    mod std {}
    mod errtable {}

    #[::errtable::catalog(spec = "../../specs/octopost.json")]
    pub enum OctopostError {}

    #[::errtable::catalog(spec = "../../specs/stripe.json")]
    pub enum StripeError {}

    #[::errtable::catalog(spec = "../../specs/octomil.json")]
    pub enum OctomilError {}

    #[derive(::errtable::Handle)]
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
        Later { retry: ::errtable::Retry },
        #[on(unknown)]
        Escalate,
    }

    #[::errtable::catalog(spec = "../../specs/octeth.json")]
    pub enum OctethError {}

    #[::errtable::catalog(
        spec = "../../specs/octeth.json",
        operation = "User.Login",
        into = crate::shadowed::OctethError
    )]
    pub enum UserLoginError {}
}

/// Catalog enums named like the prelude's `Option`, `Some` and `None`.
mod named_like_the_prelude {
    pub mod option {
        #[::errtable::catalog(spec = "../../specs/octomil.json")]
        pub enum Option {}
    }
    pub mod some {
        #[::errtable::catalog(spec = "../../specs/octeth.json")]
        pub enum Some {}

        #[::errtable::catalog(
            spec = "../../specs/octeth.json",
            operation = "User.Login",
            into = Some
        )]
        pub enum None {}
    }
}

#[test]
fn enums_named_like_the_prelude_work() {
    use errtable::NoHeaders;
    use named_like_the_prelude::{option, some};
    let body = br#"{"error": "insufficient_clients", "message": "x", "status_code": 400}"#;
    let error = option::Option::decode(400, &NoHeaders, body).into_first().unwrap();
    assert!(error.is_insufficient_clients(), "{error:?}");

    let body = br#"{"Success": false, "ErrorCode": 1, "ErrorText": "Missing username"}"#;
    let error = some::None::decode(200, &NoHeaders, body).into_first().unwrap();
    assert!(error.is_missing_username(), "{error:?}");
    let whole: some::Some = error.into();
    assert_eq!(whole.code(), Some("1"));
}

#[test]
fn a_module_shadowing_the_prelude_gets_working_enums() {
    use errtable::NoHeaders;
    let body =
        br#"{"error": "Too many requests", "code": "rate_limited", "details": {"limit": 100}}"#;
    let error = shadowed::OctopostError::decode(429, &NoHeaders, body).into_first().unwrap();
    assert!(error.is_rate_limited(), "{error:?}");
    assert_eq!(error.code(), Some("rate_limited"));

    let body =
        br#"{"error": {"type": "card_error", "code": "card_declined", "message": "declined"}}"#;
    let error = shadowed::StripeError::decode(402, &NoHeaders, body).into_first().unwrap();
    assert!(error.is_card_declined(), "{error:?}");

    let body = br#"{"Success": false, "ErrorCode": 1, "ErrorText": "Missing username"}"#;
    let error = shadowed::UserLoginError::decode(200, &NoHeaders, body).into_first().unwrap();
    assert!(error.is_missing_username(), "{error:?}");
    let whole: shadowed::OctethError = error.into();
    assert_eq!(whole.code(), Some("1"));

    let body = br#"{"error": "insufficient_clients", "message": "x", "status_code": 400}"#;
    let error = shadowed::OctomilError::decode(400, &NoHeaders, body).into_first().unwrap();
    assert!(matches!(shadowed::Action::from(&error), shadowed::Action::WaitForDevices));
}
