//! A tour of errtable's retry executor: local vendor servers on loopback play each
//! vendor doc's example responses, a reqwest client sends through the executor, and the
//! tour prints, per vendor, each attempt's typed error (variant, code, message, request
//! id), the decision (class, wait) and the outcome.
//!
//! Run it from the repository root: `cargo run --example tour`.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use errtable::VendorError;
use errtable::retry::{
    Clock, Executor, Failure, Outcome, RetryError, Sleep, SleepFuture, Success, TokenBucket,
    VirtualClock, Xorshift,
};
use errtable_tests::catalog::CatalogError;
use errtable_tests::octeth::ListCreateError;
use errtable_tests::octogen::OctogenError;
use errtable_tests::octomil::OctomilError;
use errtable_tests::octopost::OctopostError;
use errtable_tests::server::{Reply, Server, docs};
use http::Response;

/// How much faster than the vendor's time the waits are played.
const SPEEDUP: u32 = 100;

/// Vendor time, played fast: the executor reads a virtual clock that each wait advances
/// by its full length, while the task really sleeps a hundredth of it. A custom
/// `Clock` + `Sleep` is all it takes.
#[derive(Clone)]
struct FastForward(VirtualClock);

impl Clock for FastForward {
    fn now(&self) -> Instant {
        self.0.now()
    }
}

impl Sleep for FastForward {
    fn sleep(&self, duration: Duration) -> SleepFuture {
        self.0.advance(duration);
        Box::pin(tokio::time::sleep(duration / SPEEDUP))
    }
}

fn vendor_executor<E: VendorError>() -> Executor<E> {
    // A fixed seed, so the jittered waits are the same on every run.
    Executor::new().time(FastForward(VirtualClock::new())).jitter_source(Xorshift::new(7))
}

fn client() -> reqwest::Client {
    reqwest::Client::builder().no_proxy().build().expect("a client")
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let started = Instant::now();
    println!("errtable tour: typed errors and the retry executor, against local vendor servers");
    println!("(loopback only; waits are in vendor time, played {SPEEDUP}x faster)\n");

    let server = Server::start(vec![docs::octopost_rate_limited("3"), docs::octopost_created()]);
    let request = client().post(server.url("/v1/posts")).body(r#"{"content": "hi"}"#);
    let outcome = errtable::reqwest::send(&vendor_executor::<OctopostError>(), request).await;
    show(
        "Octopost",
        "POST /v1/posts",
        "a 429 is retried after its Retry-After, even for a POST (it was not processed)",
        &outcome,
    );

    let server = Server::start(vec![
        docs::octogen_unavailable(),
        docs::octogen_unavailable(),
        docs::octogen_product(),
    ]);
    let request = client().get(server.url("/v1/products/lookup"));
    let outcome = errtable::reqwest::send(&vendor_executor::<OctogenError>(), request).await;
    show(
        "Octogen",
        "GET /v1/products/lookup",
        "5xx backs off as the doc says: 1 s doubling, full jitter",
        &outcome,
    );

    let server = Server::start(vec![docs::catalog_insufficient_credits()]);
    let request = client().get(server.url("/v1/search"));
    let outcome = errtable::reqwest::send(&vendor_executor::<CatalogError>(), request).await;
    show("Catalog API", "GET /v1/search", "a 402 is never retried", &outcome);

    let server = Server::start(vec![Reply::Close, docs::octomil_models()]);
    let request = client().get(server.url("/api/v1/models"));
    let outcome = errtable::reqwest::send(&vendor_executor::<OctomilError>(), request).await;
    show(
        "Octomil",
        "GET /api/v1/models",
        "a connection reset is a transport failure, retried by the catalog's rule",
        &outcome,
    );

    let server = Server::start(vec![
        docs::octeth_session_expired(),
        docs::octeth_login("s2"),
        docs::octeth_list_created(),
    ]);
    let outcome = octeth_list_create(&server).await;
    show(
        "Octeth",
        "POST /api.php List.Create",
        "99999 inside a 200: refresh the session, then retry at once",
        &outcome,
    );

    let server = Server::start(vec![docs::octogen_rate_limited("120")]);
    let executor = vendor_executor::<OctogenError>()
        .deadline(Duration::from_secs(60))
        .max_server_delay(Duration::from_secs(600));
    let outcome =
        errtable::reqwest::send(&executor, client().get(server.url("/v1/catalogs"))).await;
    show(
        "Octogen",
        "GET /v1/catalogs",
        "a Retry-After beyond the 60 s deadline fails at once instead of sleeping",
        &outcome,
    );

    let server = Server::start(vec![docs::octomil_internal_error()]);
    let budget = Arc::new(TokenBucket::new(20));
    let executor = vendor_executor::<OctomilError>().budget(budget.clone());
    let mut sent = Vec::new();
    for _ in 0..5 {
        let request = client().get(server.url("/api/v1/models"));
        sent.push(match errtable::reqwest::send(&executor, request).await {
            Ok(success) => success.attempts,
            Err(failed) => failed.attempts,
        });
    }
    println!("Octomil  GET /api/v1/models x5, the server always fails");
    println!("  a shared retry budget (20 tokens, 5 per retry) stops the storm");
    println!(
        "  attempts per call: {sent:?}: {} requests instead of 20, budget left {:?}\n",
        server.hits(),
        budget_left(&budget)
    );

    println!("done in {:.1?} of real time", started.elapsed());
}

fn budget_left(budget: &TokenBucket) -> u32 {
    errtable::retry::RetryBudget::available(budget).unwrap_or_default()
}

/// Octeth: every command is a POST carrying the session; on 99999 the executor calls
/// the re-authentication step (User.Login), which stores the new session that the next
/// attempt sends.
async fn octeth_list_create(
    server: &Server,
) -> Outcome<Response<errtable::Bytes>, ListCreateError> {
    let client = client();
    let api = server.url("/api.php");
    let session = Arc::new(Mutex::new("s1".to_owned()));
    // A POST, repeated: 99999 is `retry_safe` in the spec (a command refused for an
    // expired session was not run).
    let executor = vendor_executor::<ListCreateError>();
    let prepare = |request: reqwest::RequestBuilder| {
        let session = session.lock().expect("session").clone();
        request.body(format!("Command=List.Create&SubscriberListName=News&SessionID={session}"))
    };
    let reauth = || {
        let (client, api, session) = (client.clone(), api.clone(), Arc::clone(&session));
        async move {
            let login = client.post(api).body("Command=User.Login&Username=u&Password=p");
            let body = login.send().await?.bytes().await?;
            let body: serde_json::Value = serde_json::from_slice(&body)?;
            *session.lock().expect("session") = body["SessionID"].as_str().unwrap_or("").into();
            Ok::<_, errtable::retry::BoxError>(())
        }
    };
    errtable::reqwest::send_with(&executor, client.post(&api), prepare, reauth).await
}

/// Prints one scenario: a row per attempt, then the outcome.
fn show<E: VendorError>(
    vendor: &str,
    request: &str,
    what: &str,
    outcome: &Outcome<Response<errtable::Bytes>, E>,
) {
    println!("{vendor}  {request}");
    println!("  {what}");
    let mut rows = vec![[
        "#".to_owned(),
        "status".into(),
        "variant".into(),
        "code".into(),
        "message".into(),
        "request id".into(),
        "class".into(),
        "decision".into(),
    ]];
    let (history, last) = match outcome {
        Ok(Success { history, .. }) => (history, None),
        Err(RetryError { history, failure, stop, attempts, .. }) => {
            (history, Some((failure, format!("stop: {stop}"), *attempts)))
        }
    };
    for attempt in history {
        let decision = if attempt.reauthenticated {
            "re-authenticate, retry".to_owned()
        } else {
            format!("retry in {}", human(attempt.wait))
        };
        rows.push(row(attempt.number, &attempt.failure, decision));
    }
    match (outcome, last) {
        (Ok(success), _) => {
            let status = success.response.status();
            let mut done = row_of(success.attempts, status.as_u16().to_string(), ["-"; 4]);
            done[6] = "-".into();
            done[7] = "success".into();
            rows.push(done);
            print_table(&rows);
            let waited = success.history.iter().map(|a| a.wait).sum::<Duration>();
            println!(
                "  outcome: Ok({status}) after {} attempts, {} waited\n",
                success.attempts,
                human(waited)
            );
        }
        (Err(_), Some((failure, decision, attempts))) => {
            rows.push(row(attempts, failure, decision));
            print_table(&rows);
            let catalog = std::any::type_name::<E>().rsplit("::").next().unwrap_or("E");
            let error = match failure.error() {
                Some(error) => format!("{catalog}::{}", error.variant_name()),
                None => failure.to_string(),
            };
            let plural = if attempts == 1 { "" } else { "s" };
            println!("  outcome: Err({error}) after {attempts} attempt{plural}\n");
        }
        (Err(_), None) => unreachable!("a failure always has a last failure"),
    }
}

fn row<E: VendorError>(number: u32, failure: &Failure<E>, decision: String) -> [String; 8] {
    let class = failure.classify().class.to_string();
    let mut cells = match failure {
        Failure::Error(error) => {
            let meta = error.meta();
            let message = meta.message().unwrap_or("-");
            let code = meta.code().unwrap_or("-");
            let request_id = meta.request_id().unwrap_or("-");
            let status = meta.status().to_string();
            row_of(number, status, [error.variant_name(), code, message, request_id])
        }
        Failure::Transport(transport) => {
            let kind = transport.kind().to_string();
            row_of(number, "-".into(), ["(no response)", &kind, "-", "-"])
        }
        other => row_of(number, "-".into(), ["(request)", "-", &other.to_string(), "-"]),
    };
    cells[6] = class;
    cells[7] = decision;
    cells
}

fn row_of(number: u32, status: String, cells: [&str; 4]) -> [String; 8] {
    let [variant, code, message, request_id] =
        cells.map(|cell| match cell.char_indices().nth(30) {
            Some((cut, _)) => format!("{}…", &cell[..cut]),
            None => cell.to_owned(),
        });
    [number.to_string(), status, variant, code, message, request_id, String::new(), String::new()]
}

/// A duration to the millisecond: `3s`, `1.857s`, `410ms`.
fn human(duration: Duration) -> String {
    let ms = duration.as_millis();
    match (ms / 1000, ms % 1000) {
        (0, ms) => format!("{ms}ms"),
        (s, 0) => format!("{s}s"),
        (s, ms) => format!("{s}.{ms:03}s"),
    }
}

fn print_table(rows: &[[String; 8]]) {
    let widths: Vec<usize> =
        (0..8).map(|c| rows.iter().map(|r| r[c].chars().count()).max().unwrap_or(0)).collect();
    for row in rows {
        let line: Vec<String> =
            row.iter().zip(&widths).map(|(cell, width)| format!("{cell:<width$}")).collect();
        println!("  {}", line.join("  ").trim_end());
    }
}
