//! The retry executor end to end over real HTTP on loopback: local vendor servers play
//! the docs' example responses in sequence, a reqwest client (async under paused tokio
//! time, blocking on the virtual clock) sends through the executor, and each test checks
//! the attempts, the exact waits and the final typed error. Also the tower policy.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use errtable::retry::{
    Executor, Failure, RetryBudget, Stop, TokenBucket, TokioTime, TransportKind, VirtualClock,
};
use errtable_tests::catalog::CatalogError;
use errtable_tests::octeth::ListCreateError;
use errtable_tests::octogen::OctogenError;
use errtable_tests::octomil::OctomilError;
use errtable_tests::octopost::OctopostError;
use errtable_tests::server::{Reply, Server, docs};

fn secs(n: u64) -> Duration {
    Duration::from_secs(n)
}

/// A client for loopback: no proxy, no idle pool (so no timer runs under paused time).
fn client() -> reqwest::Client {
    reqwest::Client::builder().no_proxy().pool_max_idle_per_host(0).build().unwrap()
}

/// An executor on tokio's (paused) time, drawing the full backoff delay.
fn executor<E: errtable::VendorError>() -> Executor<E> {
    Executor::new().time(TokioTime).jitter_source(|| 1.0)
}

fn failure_kind<E>(failure: &Failure<E>) -> Option<TransportKind> {
    match failure {
        Failure::Transport(transport) => Some(transport.kind()),
        _ => None,
    }
}

#[tokio::test(start_paused = true)]
async fn octopost_429_waits_retry_after_then_succeeds_even_for_a_post() {
    let server = Server::start(vec![docs::octopost_rate_limited("30"), docs::octopost_created()]);
    let request = client().post(server.url("/v1/posts")).body(r#"{"content": "hi"}"#);
    let success = errtable::reqwest::send(&executor::<OctopostError>(), request).await.unwrap();
    assert_eq!(success.response.status(), 200);
    assert_eq!(success.attempts, 2);
    // The spec reads the Retry-After header before `details.retry_after` (45).
    assert_eq!(success.history[0].wait, secs(30));
    let Failure::Error(OctopostError::RateLimited { retry_after, .. }) =
        &success.history[0].failure
    else {
        panic!("{:?}", success.history[0].failure)
    };
    assert_eq!(*retry_after, Some(45));
    assert!(success.elapsed >= secs(30));
    assert_eq!(server.hits(), 2);
    assert!(server.requests().iter().all(|r| r.method == "POST" && r.body.contains("hi")));
}

#[tokio::test(start_paused = true)]
async fn octogen_503_twice_backs_off_then_succeeds() {
    let server = Server::start(vec![
        docs::octogen_unavailable(),
        docs::octogen_unavailable(),
        docs::octogen_product(),
    ]);
    let request = client().get(server.url("/v1/products/lookup"));
    let success = errtable::reqwest::send(&executor::<OctogenError>(), request).await.unwrap();
    assert_eq!(success.attempts, 3);
    // Octogen: 1 s doubling, full jitter (drawn at 1.0 here).
    let waits: Vec<_> = success.history.iter().map(|a| a.wait).collect();
    assert_eq!(waits, [secs(1), secs(2)]);
    assert!(
        success
            .history
            .iter()
            .all(|a| matches!(a.failure, Failure::Error(OctogenError::ServerError { .. })))
    );
    assert_eq!(
        &success.response.body()[..],
        br#"{"url": "https://shop.example/p/1", "title": "Black dress"}"#
    );
}

#[tokio::test(start_paused = true)]
async fn a_post_on_503_is_not_retried() {
    let server = Server::start(vec![docs::octogen_unavailable(), docs::octogen_product()]);
    let request = client().post(server.url("/v1/catalogs"));
    let failed = errtable::reqwest::send(&executor::<OctogenError>(), request).await.unwrap_err();
    assert_eq!(failed.stop, Stop::NotIdempotent);
    assert_eq!(failed.attempts, 1);
    assert!(matches!(failed.error(), Some(OctogenError::ServerError { .. })));
    assert_eq!(server.hits(), 1);
}

#[tokio::test(start_paused = true)]
async fn octeth_99999_reauthenticates_then_succeeds() {
    let server = Server::start(vec![
        docs::octeth_session_expired(),
        docs::octeth_login("s2"),
        docs::octeth_list_created(),
    ]);
    let client = client();
    let session = Arc::new(Mutex::new("s1".to_owned()));
    let api = server.url("/api.php");
    let logins = Arc::new(Mutex::new(0));
    // Octeth sends every command as a POST; 99999 is `retry_safe` in its spec (a command
    // refused for an expired session was not run), so the POST is repeated.
    let executor = executor::<ListCreateError>();
    let prepare = |request: reqwest::RequestBuilder| {
        let session = session.lock().unwrap().clone();
        request.body(format!("Command=List.Create&SubscriberListName=News&SessionID={session}"))
    };
    let reauth = || {
        let (client, api, session, logins) =
            (client.clone(), api.clone(), Arc::clone(&session), Arc::clone(&logins));
        async move {
            *logins.lock().unwrap() += 1;
            let login = client.post(api).body("Command=User.Login&Username=u&Password=p");
            let body: serde_json::Value =
                serde_json::from_slice(&login.send().await?.bytes().await?)?;
            *session.lock().unwrap() = body["SessionID"].as_str().unwrap_or_default().to_owned();
            Ok::<_, errtable::retry::BoxError>(())
        }
    };
    let request = client.post(&api).header("Content-Type", "application/x-www-form-urlencoded");
    let success = errtable::reqwest::send_with(&executor, request, prepare, reauth).await.unwrap();
    assert_eq!(success.attempts, 2);
    assert_eq!(*logins.lock().unwrap(), 1);
    let first = &success.history[0];
    assert!(first.reauthenticated);
    assert_eq!(first.wait, Duration::ZERO);
    assert!(matches!(first.failure, Failure::Error(ListCreateError::SessionExpired { .. })));
    let bodies: Vec<_> = server.requests().into_iter().map(|r| r.body).collect();
    assert!(bodies[0].ends_with("SessionID=s1"), "{bodies:?}");
    assert!(bodies[1].starts_with("Command=User.Login"), "{bodies:?}");
    assert!(bodies[2].ends_with("SessionID=s2"), "{bodies:?}");
}

#[tokio::test(start_paused = true)]
async fn a_second_reauth_in_a_row_stops() {
    let server = Server::start(vec![docs::octeth_session_expired()]);
    let executor = executor::<ListCreateError>().idempotent(true);
    let request = client().post(server.url("/api.php")).body("Command=List.Create");
    let reauth = || async { Ok::<_, std::convert::Infallible>(()) };
    let failed = errtable::reqwest::send_with(&executor, request, |r| r, reauth).await.unwrap_err();
    assert_eq!(failed.stop, Stop::ReauthRepeated);
    assert_eq!(failed.attempts, 2);
    assert!(matches!(failed.error(), Some(ListCreateError::SessionExpired { .. })));
}

#[tokio::test(start_paused = true)]
async fn catalog_402_is_never_retried() {
    let server = Server::start(vec![docs::catalog_insufficient_credits(), Reply::json(200, "{}")]);
    let request = client().get(server.url("/v1/search"));
    let failed = errtable::reqwest::send(&executor::<CatalogError>(), request).await.unwrap_err();
    assert_eq!(failed.stop, Stop::NotRetryable);
    assert_eq!((failed.attempts, failed.history.len()), (1, 0));
    let Some(CatalogError::InsufficientCredits { credits_needed, credits_remaining, meta }) =
        failed.error()
    else {
        panic!("{failed:?}")
    };
    assert_eq!((*credits_needed, *credits_remaining), (Some(100), Some(50)));
    assert_eq!(meta.request_id(), Some("req_01HZ"));
    assert_eq!(server.hits(), 1);
}

#[tokio::test(start_paused = true)]
async fn a_connection_reset_is_a_transport_failure_retried_with_backoff() {
    let server = Server::start(vec![Reply::Close, docs::octomil_models()]);
    let request = client().get(server.url("/api/v1/models"));
    let success = errtable::reqwest::send(&executor::<OctomilError>(), request).await.unwrap();
    assert_eq!(success.attempts, 2);
    let first = &success.history[0];
    assert_eq!(failure_kind(&first.failure), Some(TransportKind::Reset), "{:?}", first.failure);
    // Octomil's doc states no backoff, so errtable's default: 500 ms first.
    assert_eq!(first.wait, Duration::from_millis(500));

    // The same failure for a POST: it may have been processed, so no retry.
    let server = Server::start(vec![Reply::Close, docs::octomil_models()]);
    let request = client().post(server.url("/api/v1/models"));
    let failed = errtable::reqwest::send(&executor::<OctomilError>(), request).await.unwrap_err();
    assert_eq!(failed.stop, Stop::NotIdempotent);
    assert_eq!(failure_kind(&failed.failure), Some(TransportKind::Reset));
}

#[tokio::test(start_paused = true)]
async fn a_refused_connection_is_retried_even_for_a_post() {
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}/api/v1/models", listener.local_addr().unwrap())
    };
    let server = Server::start(vec![docs::octomil_models()]);
    let client = client();
    let urls = [closed, server.url("/api/v1/models")];
    let executor = executor::<OctomilError>().idempotent(false);
    let outcome = executor
        .run(|attempt| {
            let request = client.post(&urls[attempt as usize - 1]);
            async move {
                let response = request.send().await.map_err(errtable::reqwest::failure)?;
                errtable::reqwest::decode::<OctomilError>(response).await
            }
        })
        .await;
    let success = outcome.unwrap();
    assert_eq!(success.attempts, 2);
    let kind = failure_kind(&success.history[0].failure);
    assert_eq!(kind, Some(TransportKind::Connect), "{:?}", success.history[0].failure);
}

#[tokio::test(start_paused = true)]
async fn the_budget_stops_the_storm_of_an_always_failing_server() {
    let server = Server::start(vec![docs::octomil_internal_error()]);
    let client = client();
    let budget = Arc::new(TokenBucket::new(20));
    let executor = executor::<OctomilError>().budget(budget.clone());
    let mut stops = Vec::new();
    for _ in 0..5 {
        let request = client.get(server.url("/api/v1/models"));
        let failed = errtable::reqwest::send(&executor, request).await.unwrap_err();
        assert!(matches!(failed.error(), Some(OctomilError::InternalError { .. })));
        assert_eq!(failed.error().unwrap().meta().request_id(), Some("req_octomil_7"));
        stops.push((failed.stop, failed.attempts));
    }
    // 4 attempts (15 tokens), then one retry with the 5 left, then none: 9 requests
    // instead of 20.
    let exhausted = Stop::AttemptsExhausted { max_attempts: 4 };
    let spent = Stop::BudgetExhausted;
    assert_eq!(stops, [(exhausted, 4), (spent, 2), (spent, 1), (spent, 1), (spent, 1)]);
    assert_eq!(server.hits(), 9);
    assert_eq!(budget.available(), Some(0));
}

#[tokio::test(start_paused = true)]
async fn a_retry_after_beyond_the_deadline_fails_at_once() {
    let server = Server::start(vec![docs::octogen_rate_limited("120"), docs::octogen_product()]);
    let patient =
        executor::<OctogenError>().deadline(secs(60)).max_server_delay(Duration::from_secs(600));
    let start = tokio::time::Instant::now();
    let request = client().get(server.url("/v1/catalogs"));
    let failed = errtable::reqwest::send(&patient, request).await.unwrap_err();
    assert_eq!(failed.stop, Stop::Deadline { wait: secs(120), remaining: secs(60) });
    assert_eq!(failed.attempts, 1);
    assert_eq!(start.elapsed(), Duration::ZERO, "no sleep before failing");
    assert!(matches!(failed.error(), Some(OctogenError::RateLimited { .. })));
    // With the default maximum server delay (60 s), the same answer is refused as too long.
    let server = Server::start(vec![docs::octogen_rate_limited("120")]);
    let request = client().get(server.url("/v1/catalogs"));
    let failed = errtable::reqwest::send(&executor::<OctogenError>(), request).await.unwrap_err();
    assert_eq!(failed.stop, Stop::ServerDelayTooLong { delay: secs(120), max: secs(60) });
}

mod blocking {
    use super::*;

    fn client() -> reqwest::blocking::Client {
        reqwest::blocking::Client::builder().no_proxy().build().unwrap()
    }

    #[test]
    fn octopost_500_twice_on_the_virtual_clock() {
        let server = Server::start(vec![
            docs::octopost_server_error(),
            docs::octopost_server_error(),
            docs::octopost_created(),
        ]);
        let clock = VirtualClock::new();
        let executor = Executor::<OctopostError>::new().time(clock.clone());
        let request = client().get(server.url("/v1/posts/post_1"));
        let success = errtable::reqwest::blocking::send(&executor, request).unwrap();
        assert_eq!(success.attempts, 3);
        // Octopost: 1 s, 2 s, no jitter; the virtual clock slept exactly that.
        assert_eq!(clock.sleeps(), [secs(1), secs(2)]);
        assert!(success.elapsed >= secs(3));
        assert_eq!(server.hits(), 3);
    }

    #[test]
    fn a_stream_body_is_a_clear_error_not_a_single_attempt() {
        let server = Server::start(vec![docs::octopost_created()]);
        let executor = Executor::<OctopostError>::new().time(VirtualClock::new());
        let body = reqwest::blocking::Body::new(std::io::Cursor::new(b"streamed".to_vec()));
        let request = client().put(server.url("/v1/posts/post_1")).body(body);
        let failed = errtable::reqwest::blocking::send(&executor, request).unwrap_err();
        assert!(matches!(failed.failure, Failure::BodyNotCloneable));
        assert_eq!(failed.attempts, 0);
        assert_eq!(server.hits(), 0);
        assert!(failed.to_string().contains("cannot be cloned"), "{failed}");
    }
}

mod tower_policy {
    use std::convert::Infallible;
    use std::sync::atomic::{AtomicUsize, Ordering};

    use errtable::Bytes;
    use tower::{Layer, ServiceExt};

    use super::*;

    fn response(reply: Reply) -> http::Response<Bytes> {
        let Reply::Respond { status, headers, body } = reply else { unreachable!() };
        let mut builder = http::Response::builder().status(status);
        for (name, value) in headers {
            builder = builder.header(name, value);
        }
        builder.body(Bytes::from(body)).unwrap()
    }

    #[tokio::test(start_paused = true)]
    async fn the_layer_retries_as_the_catalog_says() {
        let script =
            [docs::octogen_rate_limited("2"), docs::octogen_unavailable(), docs::octogen_product()];
        let calls = Arc::new(AtomicUsize::new(0));
        let counted = Arc::clone(&calls);
        let inner = tower::service_fn(move |_request: http::Request<Bytes>| {
            let n = counted.fetch_add(1, Ordering::SeqCst);
            let reply = script[n.min(2)].clone();
            async move { Ok::<_, Infallible>(response(reply)) }
        });
        let service = errtable::tower::layer(executor::<OctogenError>()).layer(inner);
        let start = tokio::time::Instant::now();
        let request = http::Request::get("/v1/products/lookup").body(Bytes::new()).unwrap();
        let response = service.clone().oneshot(request).await.unwrap();
        assert_eq!(response.status(), 200);
        assert_eq!(calls.load(Ordering::SeqCst), 3);
        // Retry-After 2 s, then the second backoff delay (2 s at full jitter 1.0).
        assert_eq!(start.elapsed(), secs(4));

        // A POST on 503 is not repeated: the 503 comes back as is.
        calls.store(1, Ordering::SeqCst);
        let request = http::Request::post("/v1/catalogs").body(Bytes::new()).unwrap();
        let response = service.oneshot(request).await.unwrap();
        assert_eq!(response.status(), 503);
        assert_eq!(calls.load(Ordering::SeqCst), 2);
    }
}

/// The futures the executor and the reqwest send return can be spawned on a
/// multi-threaded runtime.
#[test]
fn the_retrying_futures_are_send() {
    fn assert_send<T: Send>(_: T) {}
    let executor = Executor::<OctopostError>::new();
    let client = client();
    assert_send(errtable::reqwest::send(&executor, client.get("http://127.0.0.1:9/")));
    assert_send(executor.run(|_| async { Ok::<_, Failure<OctopostError>>(()) }));
    let reauth = || async { Ok::<_, errtable::retry::BoxError>(()) };
    let request = client.get("http://127.0.0.1:9/");
    assert_send(errtable::reqwest::send_with(&executor, request, |r| r, reauth));
}
