//! The retry executor's loop with the bundled catalogs, on the virtual clock: zero and
//! missing server delays, re-authentication failures, the deadline counting the time
//! attempts take, responses with several errors, and the typed outcome.

use std::time::Duration;

use errtable::retry::{Executor, Failure, Outcome, Stop, VirtualClock};
use errtable::{NoHeaders, VendorError};
use errtable_tests::catalog::CatalogError;
use errtable_tests::octeth::OctethError;
use errtable_tests::octopost::OctopostError;

fn secs(n: u64) -> Duration {
    Duration::from_secs(n)
}

/// A scripted response: status, headers, body.
type Scripted<'a> = (u16, &'a [(&'a str, &'a str)], &'a str);

/// A scripted vendor: each attempt decodes the next response.
fn replay<E: VendorError>(executor: &Executor<E>, responses: &[Scripted]) -> Outcome<u16, E> {
    executor.run_blocking(|attempt| respond(responses, attempt))
}

fn respond<E: VendorError>(responses: &[Scripted], attempt: u32) -> Result<u16, Failure<E>> {
    let (status, headers, body) = responses[attempt as usize - 1];
    match Failure::from_errors(E::decode(status, &headers.to_vec(), body.as_bytes())) {
        Some(failure) => Err(failure),
        None => Ok(status),
    }
}

const RATE_LIMITED: &str = r#"{"error": "Slow down", "code": "rate_limited"}"#;
const SERVER_ERROR: &str = r#"{"error": "Oops", "code": "server_error"}"#;
const EXPIRED: &str = r#"{"Success": false, "ErrorCode": 99999, "ErrorText": "Session expired"}"#;

#[test]
fn a_zero_delay_retries_at_once_and_counts_as_an_attempt() {
    let clock = VirtualClock::new();
    let executor = Executor::<OctopostError>::new().time(clock.clone()).max_attempts(2);
    let zero: &[(&str, &str)] = &[("Retry-After", "0")];
    let outcome = replay(&executor, &[(429, zero, RATE_LIMITED), (429, zero, RATE_LIMITED)]);
    let failed = outcome.unwrap_err();
    assert_eq!(failed.stop, Stop::AttemptsExhausted { max_attempts: 2 });
    assert_eq!(failed.attempts, 2);
    assert_eq!(failed.waits(), [Duration::ZERO]);
    assert_eq!(clock.elapsed(), Duration::ZERO);
}

#[test]
fn after_without_a_delay_backs_off() {
    let clock = VirtualClock::new();
    let executor = Executor::<OctethError>::new().time(clock.clone());
    // Octeth's 429 inside a 200 body carries no delay: back off (1 s, 2 s, no jitter).
    let limited = r#"{"Success": false, "ErrorCode": 429, "ErrorText": "Rate limit exceeded"}"#;
    let ok = r#"{"Success": true}"#;
    let outcome = replay(&executor, &[(200, &[], limited), (200, &[], limited), (200, &[], ok)]);
    assert_eq!(outcome.unwrap().attempts, 3);
    assert_eq!(clock.sleeps(), [secs(1), secs(2)]);
}

#[test]
fn a_failed_reauthentication_ends_with_its_error_and_the_history() {
    let executor = Executor::<OctethError>::new().time(VirtualClock::new());
    let failed = executor
        .run_blocking_with_reauth(
            |attempt| respond::<OctethError>(&[(200, &[], EXPIRED)], attempt),
            || Err("login refused"),
        )
        .unwrap_err();
    assert_eq!(failed.stop, Stop::ReauthFailed);
    assert!(matches!(&failed.failure, Failure::Reauth(e) if e.to_string() == "login refused"));
    assert_eq!(failed.attempts, 1);
    assert!(failed.history[0].reauthenticated);
    assert!(matches!(
        failed.history[0].failure,
        Failure::Error(OctethError::SessionExpired { .. })
    ));
    assert_eq!(
        failed.to_string(),
        "re-authentication failed: login refused (re-authentication failed; 1 attempt)"
    );

    // Without a re-authentication step the loop cannot go on.
    let failed = replay(&executor, &[(200, &[], EXPIRED)]).unwrap_err();
    assert_eq!(failed.stop, Stop::ReauthUnavailable);
    assert!(matches!(failed.error(), Some(OctethError::SessionExpired { .. })));
}

#[test]
fn the_deadline_counts_the_time_attempts_take() {
    let clock = VirtualClock::new();
    let executor = Executor::<OctopostError>::new().time(clock.clone()).deadline(secs(60));
    let failed = executor
        .run_blocking(|attempt| {
            clock.advance(secs(25)); // a slow server
            respond::<OctopostError>(&[(500, &[][..], SERVER_ERROR); 3], attempt)
        })
        .unwrap_err();
    // 25 s, wait 1 s, 25 s (51 s gone), then a 2 s wait still fits; 25 s more is 78 s.
    assert_eq!(failed.attempts, 3);
    assert_eq!(failed.stop, Stop::Deadline { wait: secs(4), remaining: Duration::ZERO });
    assert_eq!(failed.waits(), [secs(1), secs(2)]);
    assert_eq!(failed.elapsed, secs(78));
}

#[test]
fn several_errors_in_one_response_the_most_restrictive_decides_and_none_is_lost() {
    // Octeth's list of codes: a rate limit and a missing field; the missing field
    // (`never`) decides.
    let body =
        r#"{"Success": false, "ErrorCode": [429, 1], "ErrorText": ["Slow down", "Missing"]}"#;
    let failure = Failure::from_errors(OctethError::decode(200, &NoHeaders, body.as_bytes()));
    let Some(Failure::Error(error)) = failure else { panic!("{failure:?}") };
    assert!(matches!(error, OctethError::MissingRequiredField { .. }), "{error:?}");
    let all = OctethError::decode(200, &NoHeaders, error.meta().body());
    assert_eq!(all.len(), 2);

    // Failed items of a bulk body do not fail the request.
    let bulk = r#"{"products": [{"success": true}, {"success": false, "outcome": "VENDOR_NOT_SUPPORTED"}]}"#;
    let errors = CatalogError::decode(200, &NoHeaders, bulk.as_bytes());
    assert_eq!(errors.len(), 1);
    assert!(Failure::from_errors(errors).is_none());
}

#[tokio::test]
async fn the_async_loop_on_the_virtual_clock() {
    let clock = VirtualClock::new();
    let executor = Executor::<OctopostError>::new().time(clock.clone());
    let after: &[(&str, &str)] = &[("Retry-After", "7")];
    let responses = [(429, after, RATE_LIMITED), (500, &[][..], SERVER_ERROR), (200, &[], "{}")];
    let outcome = executor
        .run_with_reauth(
            |attempt| std::future::ready(respond::<OctopostError>(&responses, attempt)),
            || async { Ok::<_, std::convert::Infallible>(()) },
        )
        .await;
    let success = outcome.unwrap();
    assert_eq!((success.response, success.attempts), (200, 3));
    // 7 s from Retry-After, then Octopost's second backoff delay.
    assert_eq!(clock.sleeps(), [secs(7), secs(2)]);
    assert_eq!(success.history.iter().map(|a| a.number).collect::<Vec<_>>(), [1, 2]);
}

#[test]
fn the_readme_retrying_example_is_the_compiled_example() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
    let readme = std::fs::read_to_string(format!("{root}/README.md")).unwrap();
    let section = &readme[readme.find("## Retrying").expect("a Retrying section")..];
    let block = section.split("```rust\n").nth(1).and_then(|b| b.split("\n```").next()).unwrap();
    let example = std::fs::read_to_string(format!("{root}/tests/examples/retrying.rs")).unwrap();
    assert_eq!(
        block,
        example.trim_end(),
        "README's Retrying block and tests/examples/retrying.rs differ"
    );
}
