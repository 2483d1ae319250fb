//! `specs/octeth.json` against the Octeth doc (vendor-docs/004_d856fa1415efabae.txt):
//! the common code tables, every endpoint-specific table, the `Success: false` rule and
//! the retry example.

mod common;

use common::{delay_sources, entry, load, resolve, scope_variants, sources};
use errtable_codegen::interpret::eval;
use errtable_codegen::json::{self, Json};
use errtable_codegen::model::{Catalog, Code, Jitter, RetryClass, Scalar, Scope, Source};
use serde_json::json;

use RetryClass::{After, Backoff, Never, Reauth};
use Row::{Own, SameAs};

/// The common tables ("Authentication", "Validation", "Resource" and "Limit Errors"),
/// without code 3, which they list twice with two meanings: variant, code, retry class.
#[rustfmt::skip]
const GLOBAL: &[(&str, i64, RetryClass)] = &[
    ("InvalidApiKey",          99998, Never),
    ("SessionExpired",         99999, Reauth),
    ("InvalidCaptcha",         5,     Never),
    ("InvalidTwoFactorCode",   6,     Never),
    ("TwoFactorRequired",      101,   Never),
    ("MissingRequiredField",   1,     Never),
    ("InvalidFieldFormat",     2,     Never),
    ("InvalidEmailAddress",    10,    Never),
    ("InvalidDateFormat",      11,    Never),
    ("ResourceNotFound",       404,   Never),
    ("PermissionDenied",       403,   Never),
    ("DuplicateEntry",         409,   Never),
    ("RateLimitExceeded",      429,   After),
    ("UserLimitReached",       16,    Never),
    ("SubscriberLimitReached", 18,    Never),
];

/// How an operation row is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Row {
    /// The operation defines its own variant.
    Own,
    /// The row restates a global entry (`same_as`).
    SameAs,
}

/// A row of an operation table: code, variant, kind.
type OperationRow = (i64, &'static str, Row);

/// "Endpoint-Specific Errors": each operation and its rows.
#[rustfmt::skip]
const OPERATIONS: &[(&str, &[OperationRow])] = &[
    ("User.Login", &[
        (1,  "MissingUsername",          Own),
        (2,  "MissingPassword",          Own),
        (3,  "InvalidCredentials",       Own),
        (5,  "InvalidCaptcha",           SameAs),
        (6,  "InvalidTwoFactorCode",     SameAs),
    ]),
    ("List.Create", &[
        (1,  "MissingListName",          Own),
        (3,  "ListLimitExceeded",        Own),
    ]),
    ("Subscriber.Create", &[
        (1,  "MissingListId",            Own),
        (2,  "MissingEmailAddress",      Own),
        (3,  "InvalidEmailFormat",       Own),
        (4,  "InvalidListId",            Own),
        (18, "SubscriberLimitReached",   SameAs),
        (20, "DuplicateEmailAddress",    Own),
    ]),
    ("Campaign.Create", &[
        (1,  "MissingCampaignName",      Own),
    ]),
    ("Campaign.Update", &[
        (1,  "MissingCampaignId",        Own),
        (2,  "CampaignNotFound",         Own),
        (3,  "InvalidCampaignStatus",    Own),
        (4,  "InvalidEmailId",           Own),
        (5,  "InvalidScheduleType",      Own),
        (6,  "MissingSendDate",          Own),
        (7,  "MissingSendTime",          Own),
        (14, "InvalidAutoResendDays",    Own),
        (15, "MissingAutoResendSubject", Own),
    ]),
    ("Email.Update", &[
        (1,  "MissingEmailId",           Own),
        (2,  "EmailNotFound",            Own),
    ]),
];

fn global_variant(code: i64) -> Option<&'static str> {
    GLOBAL.iter().find(|row| row.1 == code).map(|row| row.0)
}

fn scope_of<'c>(catalog: &'c Catalog, operation: &str) -> &'c Scope {
    let op = catalog.operation(operation);
    catalog.scope(Some(op.unwrap_or_else(|| panic!("no operation {operation}"))))
}

#[test]
fn names_the_vendor_doc() {
    let catalog = load("octeth");
    assert_eq!(catalog.name, "octeth");
    assert_eq!(catalog.title.as_deref(), Some("Octeth API"));
    let source = catalog.source.as_deref().unwrap_or_default();
    assert!(source.contains("vendor-docs/004_d856fa1415efabae.txt"), "source: {source}");
    let description = catalog.description.as_deref().unwrap_or_default();
    for needle in ["Code 3", "Email.Create"] {
        assert!(description.contains(needle), "explains {needle}: {description}");
    }
}

#[test]
fn global_table_holds_the_common_codes() {
    let catalog = load("octeth");
    let expected: Vec<&str> = GLOBAL.iter().map(|row| row.0).collect();
    assert_eq!(scope_variants(&catalog, &catalog.global), expected, "global table");
    for &(variant, code, retry) in GLOBAL {
        let e = entry(&catalog, variant);
        assert_eq!(e.code, Some(Code::Int(code)), "{variant}: code");
        assert_eq!(e.retry, retry, "{variant}: retry");
        assert_eq!(e.operation, None, "{variant}: global");
        assert!(!e.description.is_empty(), "{variant}: description");
    }
    assert_eq!(global_variant(3), None, "code 3 is not global");
}

#[test]
fn every_entry_is_an_integer_code_in_a_200_response() {
    let catalog = load("octeth");
    for e in catalog.entries.iter() {
        let variant = &e.variant;
        assert!(matches!(e.code, Some(Code::Int(_))), "{variant}: integer code, got {:?}", e.code);
        assert_eq!(*e.statuses, [200], "{variant}: statuses");
        assert!(!e.is_status_default(), "{variant}: matched by code only");
        assert_eq!(e.delay_from, None, "{variant}: own delay sources");
        assert!(e.fields.is_empty(), "{variant}: the doc gives no fields");
    }
    let own = OPERATIONS.iter().flat_map(|op| op.1.iter()).filter(|row| row.2 == Own).count();
    assert_eq!(catalog.entries.len(), GLOBAL.len() + own, "global plus each operation's own");
}

#[test]
fn every_operation_table_row() {
    let catalog = load("octeth");
    // Compared as sets: the spec lists the operations in the doc's order, but the engine
    // currently lowers `operations` in key order (serde_json without `preserve_order`).
    let mut names: Vec<&str> = catalog.operations.iter().map(|op| op.name.as_ref()).collect();
    let mut expected: Vec<&str> = OPERATIONS.iter().map(|op| op.0).collect();
    names.sort_unstable();
    expected.sort_unstable();
    assert_eq!(names, expected, "operations");
    // "Email.Create: No specific error codes": no table, the global one applies.
    assert!(catalog.operation("Email.Create").is_none());

    for &(name, rows) in OPERATIONS {
        let op = catalog.operation(name).unwrap();
        assert_eq!(op.rows.len(), rows.len(), "{name}: rows");
        for (row, &(code, variant, kind)) in op.rows.iter().zip(rows) {
            let e = &catalog.entries[row.entry];
            assert_eq!(e.variant, variant, "{name} {code}: variant");
            assert_eq!(e.code, Some(Code::Int(code)), "{name} {variant}: code");
            assert_eq!(row.same_as, kind == SameAs, "{name} {variant}: same_as");
            assert_eq!(e.retry, Never, "{name} {variant}: retry");
            match kind {
                Own => {
                    let defined_by = e.operation.as_deref();
                    assert_eq!(
                        defined_by,
                        Some(name),
                        "{name} {variant}: defined by the operation"
                    );
                    assert!(!e.description.is_empty(), "{name} {variant}: description");
                }
                SameAs => {
                    assert_eq!(e.operation, None, "{name} {variant}: restates a global entry");
                    assert!(row.description.is_some(), "{name} {variant}: the row's own wording");
                }
            }
        }
    }
    // Subscriber.Create's "Subscriber limit exceeded" restates the common "Subscriber limit reached".
    let subscriber = catalog.operation("Subscriber.Create").unwrap();
    let row = subscriber.rows.iter().find(|row| row.same_as).unwrap();
    assert_eq!(row.description.as_deref(), Some("Subscriber limit exceeded."));
}

#[test]
fn every_operation_scope_is_its_table_then_the_rest_of_the_global_one() {
    let catalog = load("octeth");
    for &(name, rows) in OPERATIONS {
        let scope = scope_of(&catalog, name);
        let own_code = |code: i64| rows.iter().find(|row| row.0 == code).map(|row| row.1);
        let mut expected: Vec<&str> = rows.iter().map(|row| row.1).collect();
        expected.extend(GLOBAL.iter().filter(|g| own_code(g.1).is_none()).map(|g| g.0));
        assert_eq!(scope_variants(&catalog, scope), expected, "{name}: scope");

        // Every code of the operation, every common code and code 3 resolve within it.
        let codes = rows.iter().map(|row| row.0).chain(GLOBAL.iter().map(|g| g.1)).chain([3]);
        for code in codes {
            let expected = own_code(code).or_else(|| global_variant(code));
            let (got, _) = resolve(&catalog, scope, Some(&code.to_string()), 200);
            assert_eq!(got, expected, "{name}: code {code}");
        }
    }
}

/// A resolution within an operation: case, operation (`None`: the global table), code,
/// status, variant (`None`: the unknown fallback), retry class.
type ScopedResolutionRow = (
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
    u16,
    Option<&'static str>,
    RetryClass,
);

#[test]
fn codes_resolve_by_operation() {
    #[rustfmt::skip]
    let rows: &[ScopedResolutionRow] = &[
        ("code 3 has no global meaning",   None,                      Some("3"),     200, None,                          Never),
        ("code 3 logging in",              Some("User.Login"),        Some("3"),     200, Some("InvalidCredentials"),    Never),
        ("code 3 creating a list",         Some("List.Create"),       Some("3"),     200, Some("ListLimitExceeded"),     Never),
        ("code 3 subscribing",             Some("Subscriber.Create"), Some("3"),     200, Some("InvalidEmailFormat"),    Never),
        ("code 3 updating a campaign",     Some("Campaign.Update"),   Some("3"),     200, Some("InvalidCampaignStatus"), Never),
        ("code 3 creating a campaign",     Some("Campaign.Create"),   Some("3"),     200, None,                          Never),
        ("code 1 globally",                None,                      Some("1"),     200, Some("MissingRequiredField"),  Never),
        ("[1, 2] logging in: 1",           Some("User.Login"),        Some("1"),     200, Some("MissingUsername"),       Never),
        ("[1, 2] logging in: 2",           Some("User.Login"),        Some("2"),     200, Some("MissingPassword"),       Never),
        ("captcha logging in",             Some("User.Login"),        Some("5"),     200, Some("InvalidCaptcha"),        Never),
        ("code 5 updating a campaign",     Some("Campaign.Update"),   Some("5"),     200, Some("InvalidScheduleType"),   Never),
        ("code 6 updating a campaign",     Some("Campaign.Update"),   Some("6"),     200, Some("MissingSendDate"),       Never),
        ("Error 20 subscribing",           Some("Subscriber.Create"), Some("20"),    200, Some("DuplicateEmailAddress"), Never),
        ("Error 20 globally",              None,                      Some("20"),    200, None,                          Never),
        ("Error 18 subscribing",           Some("Subscriber.Create"), Some("18"),    200, Some("SubscriberLimitReached"), Never),
        ("session expired",                None,                      Some("99999"), 200, Some("SessionExpired"),        Reauth),
        ("session expired logging in",     Some("User.Login"),        Some("99999"), 200, Some("SessionExpired"),        Reauth),
        ("session expired, non-2xx",       None,                      Some("99999"), 401, Some("SessionExpired"),        Reauth),
        ("rate limited",                   None,                      Some("429"),   200, Some("RateLimitExceeded"),     After),
        ("rate limited updating an email", Some("Email.Update"),      Some("429"),   200, Some("RateLimitExceeded"),     After),
        ("invalid api key",                None,                      Some("99998"), 200, Some("InvalidApiKey"),         Never),
        ("undocumented code",              None,                      Some("12345"), 200, None,                          Never),
        ("5xx without a body",             None,                      None,          500, None,                          Backoff),
    ];
    let catalog = load("octeth");
    for &(case, operation, code, status, variant, retry) in rows {
        let scope = operation.map_or(&catalog.global, |name| scope_of(&catalog, name));
        let got = resolve(&catalog, scope, code, status);
        assert_eq!(got, (variant, retry), "{case}: {operation:?}, code {code:?}, status {status}");
    }
}

#[test]
fn success_false_marks_an_error_even_with_http_200() {
    let catalog = load("octeth");
    // Non-2xx responses carry the same body.
    assert_eq!(sources(&catalog.envelope.code), ["body /ErrorCode"], "envelope code");
    assert_eq!(sources(&catalog.envelope.message), ["body /ErrorText"], "envelope message");
    assert!(catalog.envelope.request_id.is_empty(), "the doc names no request id");

    assert_eq!(catalog.embedded.len(), 1, "embedded rules");
    let rule = &catalog.embedded[0];
    assert_eq!(rule.name, "failure");
    assert_eq!(rule.envelope.items, None, "one body, not items");
    assert_eq!(rule.when.as_str(), "/Success");
    assert_eq!(rule.equals, Scalar::Bool(false));
    assert_eq!(sources(&rule.envelope.code), ["body /ErrorCode"], "code");
    assert_eq!(sources(&rule.envelope.message), ["body /ErrorText"], "message");
    assert!(rule.envelope.request_id.is_empty());

    // The doc's two response examples: a single code, and parallel arrays.
    let single =
        tree(json!({"Success": false, "ErrorCode": 3, "ErrorText": "Invalid credentials"}));
    let many = tree(json!({"Success": false, "ErrorCode": [1, 2],
                      "ErrorText": ["Missing username", "Missing password"]}));
    let body = |source: &Source| match source {
        Source::Body(pointer) => pointer.clone(),
        Source::Header(name) => panic!("header {name}"),
    };
    let (code, message) = (body(&rule.envelope.code[0]), body(&rule.envelope.message[0]));
    assert_eq!(eval(&rule.when, &single), Some(&tree(json!(false))));
    assert_eq!(eval(&rule.when, &many), Some(&tree(json!(false))));
    assert_eq!(eval(&code, &single), Some(&tree(json!(3))));
    assert_eq!(eval(&message, &single), Some(&tree(json!("Invalid credentials"))));
    assert_eq!(eval(&code, &many), Some(&tree(json!([1, 2]))));
    assert_eq!(eval(&message, &many), Some(&tree(json!(["Missing username", "Missing password"]))));
}

#[test]
fn retry_follows_the_recovery_example() {
    let catalog = load("octeth");
    let retry = &catalog.retry;
    // The doc names no delay header: errtable's default source stays.
    assert_eq!(delay_sources(&retry.delay_from), ["header Retry-After"]);
    // "Implement retry logic - For transient errors (rate limits, timeouts)"
    assert_eq!(retry.transport, Backoff);
    assert!(retry.backoff_stated);
    // `maxRetries = 3`, `const delay = Math.pow(2, i) * 1000;`
    let b = &retry.backoff;
    #[rustfmt::skip]
    let rows: &[(&str, f64, f64)] = &[
        ("initial_delay_ms", b.initial().as_millis() as f64,   1000.0),
        ("factor",           b.factor(),                       2.0),
        ("max_delay_ms",     b.max_delay().as_millis() as f64, 4000.0),
        ("max_attempts",     f64::from(b.max_attempts()),      4.0),
    ];
    for &(name, got, expected) in rows {
        assert_eq!(got, expected, "backoff {name}");
    }
    assert_eq!(b.jitter(), Jitter::None, "backoff jitter");
    let description = retry.backoff_description.as_deref().unwrap_or_default();
    let quotes =
        description.contains("maxRetries = 3") && description.contains("Math.pow(2, i) * 1000");
    assert!(quotes, "{description}");
    // The example retries exactly 99999 (re-authenticating) and 429; nothing else.
    let retried: Vec<(&str, RetryClass)> = catalog
        .entries
        .iter()
        .filter(|e| e.retry != Never)
        .map(|e| (e.variant.as_ref(), e.retry))
        .collect();
    assert_eq!(retried, [("SessionExpired", Reauth), ("RateLimitExceeded", After)]);
}

/// A `json!` document as the interpreter reads bodies.
fn tree(value: serde_json::Value) -> Json {
    json::parse(value.to_string().as_bytes()).expect("valid JSON")
}
