//! The fault-injection soak: a loopback server that answers with 429s, 5xx, connection
//! resets and slow responses at configurable rates, and a driver that sends requests
//! through the reqwest integration with a shared retry budget ([`TokenBucket`]), then
//! checks what must hold whatever the faults:
//!
//! - every request ends exactly once, in success or in its typed error (none lost, none
//!   duplicated), and a success carries the answer to that request;
//! - the server saw exactly as many attempts of each request as the client reports (no
//!   hidden or phantom retry);
//! - no wait exceeded the backoff cap (the server's delays are all 0);
//! - every retry was granted by the budget, every denial ended a request in
//!   `BudgetExhausted`, every success was recorded ([`CountingBudget`]); the tokens the
//!   retries cost plus those left are at most the capacity plus what the successes
//!   refunded;
//! - a failure is one the faults can cause (the vendor's error or a reset), stopped by the
//!   attempt limit or the budget;
//! - memory and threads stay flat: resident memory at the end is within
//!   [`RSS_SLACK_KIB`] of what it was after a tenth of the requests, and no thread was
//!   added (a run of fewer than ten requests has one sample and no such check). The soak
//!   folds each request into a [`Tally`] as it ends and the server forgets it, so the
//!   only thing that grows with the requests is one byte each.
//!
//! Each attempt is a new connection (no idle pool, `Connection: close`), so a reset is
//! never a stale pooled connection that hyper would resend by itself; keep-alive is not
//! what this soak exercises.
//!
//! `cargo run --release -p errtable-tests --example soak` runs 10,000 requests and prints
//! the summary (`--help` for the rates); `tests/tests/soak.rs` runs a short version in CI.
//! Faults are drawn from a seeded generator per request and attempt, so a run repeats.

use std::collections::HashMap;
use std::fmt;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use errtable::retry::{
    Executor, Failure, RetryBudget, RetryCause, Stop, TokenBucket, TokioTime, TransportKind,
};

use crate::octopost::OctopostError;
use crate::server::{Reply, docs, read_request, write_reply};

/// How often each fault happens, as fractions of the attempts (the rest succeed at once).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Faults {
    /// Octopost's `429 rate_limited` with `Retry-After: 0`.
    pub rate_limited: f64,
    /// Octopost's `500 server_error` or a `503` (retried with backoff).
    pub server_error: f64,
    /// The request is read, then the connection closed without an answer.
    pub reset: f64,
    /// A success after [`slow_delay`](Self::slow_delay).
    pub slow: f64,
    /// How long a slow response takes.
    pub slow_delay: Duration,
}

impl Default for Faults {
    /// 10 % rate limits, 5 % server errors, 3 % resets, 2 % slow responses of 20 ms.
    fn default() -> Self {
        Faults {
            rate_limited: 0.10,
            server_error: 0.05,
            reset: 0.03,
            slow: 0.02,
            slow_delay: Duration::from_millis(20),
        }
    }
}

/// One soak run.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// Requests to send.
    pub requests: u64,
    /// Requests in flight at once (and server threads).
    pub concurrency: usize,
    /// Seeds the faults.
    pub seed: u64,
    /// The fault rates.
    pub faults: Faults,
    /// The retry budget's capacity, in tokens (a retry costs 5, 10 after a reset).
    pub budget: u32,
    /// The backoff cap: the vendor's 1 s doubling is shortened so a run takes seconds.
    pub max_delay: Duration,
}

impl Default for Config {
    /// 10,000 requests, 16 in flight, the default faults, the AWS standard budget of 500
    /// tokens, backoff capped at 2 ms.
    fn default() -> Self {
        Config {
            requests: 10_000,
            concurrency: 16,
            seed: 1,
            faults: Faults::default(),
            budget: TokenBucket::DEFAULT_CAPACITY,
            max_delay: Duration::from_millis(2),
        }
    }
}

/// What the server answers to one attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Answer {
    /// 200 with the request's id.
    Ok,
    /// 200 after a delay.
    Slow,
    /// 429 `rate_limited`, `Retry-After: 0`.
    RateLimited,
    /// 500 `server_error`.
    ServerError,
    /// 503 without a body code.
    Unavailable,
    /// No answer: the connection is closed.
    Reset,
}

/// SplitMix64: a good 64-bit mix for seeding per request and attempt.
fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

impl Faults {
    /// The answer to attempt `attempt` (from 1) of request `id`.
    pub fn answer(&self, seed: u64, id: u64, attempt: u32) -> Answer {
        let draw = mix(mix(seed ^ mix(id)) ^ u64::from(attempt));
        let u = (draw >> 11) as f64 / (1u64 << 53) as f64;
        let mut edge = 0.0;
        for (rate, answer) in [
            (self.rate_limited, Answer::RateLimited),
            (self.server_error, Answer::ServerError),
            (self.reset, Answer::Reset),
            (self.slow, Answer::Slow),
        ] {
            edge += rate;
            if u < edge {
                // Server errors alternate between a coded 500 and a bare 503.
                return match answer {
                    Answer::ServerError if draw & 1 == 1 => Answer::Unavailable,
                    other => other,
                };
            }
        }
        Answer::Ok
    }
}

/// A loopback server that answers `GET /soak/{id}` by [`Faults::answer`], counting the
/// attempts of each id; a fixed pool of threads, stopped when dropped.
pub struct FaultServer {
    addr: SocketAddr,
    attempts: Arc<Mutex<HashMap<u64, u32>>>,
    answers: Arc<Mutex<HashMap<Answer, u64>>>,
    stop: Arc<AtomicBool>,
    threads: Vec<JoinHandle<()>>,
}

impl FaultServer {
    /// Starts a server with `threads` workers answering by `faults` and `seed`.
    pub fn start(faults: Faults, seed: u64, threads: usize) -> FaultServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
        let addr = listener.local_addr().expect("a bound address");
        let attempts = Arc::new(Mutex::new(HashMap::new()));
        let answers = Arc::new(Mutex::new(HashMap::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let (send, receive) = mpsc::channel::<TcpStream>();
        let receive = Arc::new(Mutex::new(receive));
        let mut handles = Vec::new();
        for _ in 0..threads.max(1) {
            let (receive, attempts, answers) =
                (Arc::clone(&receive), Arc::clone(&attempts), Arc::clone(&answers));
            handles.push(std::thread::spawn(move || {
                loop {
                    let next = receive.lock().unwrap_or_else(|p| p.into_inner()).recv();
                    let Ok(stream) = next else { break };
                    serve(stream, &faults, seed, &attempts, &answers);
                }
            }));
        }
        let stopping = Arc::clone(&stop);
        handles.push(std::thread::spawn(move || {
            for stream in listener.incoming() {
                if stopping.load(Ordering::SeqCst) {
                    break;
                }
                if let Ok(stream) = stream
                    && send.send(stream).is_err()
                {
                    break;
                }
            }
            // Dropping `send` ends the workers.
        }));
        FaultServer { addr, attempts, answers, stop, threads: handles }
    }

    /// The URL of request `id`.
    pub fn url(&self, id: u64) -> String {
        format!("http://{}/soak/{id}", self.addr)
    }

    /// The attempts the server saw of request `id`, forgotten once taken (so that the
    /// server holds nothing per finished request).
    pub fn take_attempts(&self, id: u64) -> u32 {
        self.attempts.lock().unwrap_or_else(|p| p.into_inner()).remove(&id).unwrap_or(0)
    }

    /// The attempts the server saw and nobody took, by request id.
    pub fn attempts(&self) -> HashMap<u64, u32> {
        self.attempts.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// How often it gave each answer.
    pub fn answers(&self) -> HashMap<Answer, u64> {
        self.answers.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }
}

impl Drop for FaultServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so that it sees the flag. If that fails (no descriptors
        // left, say), the threads are left to the process rather than waited for forever.
        if TcpStream::connect_timeout(&self.addr, Duration::from_secs(5)).is_ok() {
            for thread in self.threads.drain(..) {
                let _ = thread.join();
            }
        }
    }
}

/// Reads one request, counts its attempt and answers it as the faults say.
fn serve(
    stream: TcpStream,
    faults: &Faults,
    seed: u64,
    attempts: &Mutex<HashMap<u64, u32>>,
    answers: &Mutex<HashMap<Answer, u64>>,
) {
    let Some((request, stream)) = read_request(stream) else { return };
    // `GET /soak/{id}`; anything else (the drop's wake-up) is ignored.
    let Some(id) = request.target.strip_prefix("/soak/").and_then(|id| id.parse::<u64>().ok())
    else {
        return;
    };
    let attempt = {
        let mut seen = attempts.lock().unwrap_or_else(|p| p.into_inner());
        let count = seen.entry(id).or_insert(0);
        *count += 1;
        *count
    };
    let answer = faults.answer(seed, id, attempt);
    *answers.lock().unwrap_or_else(|p| p.into_inner()).entry(answer).or_insert(0) += 1;
    let ok = || Reply::json(200, &format!(r#"{{"id": "{id}", "status": "scheduled"}}"#));
    let reply = match answer {
        Answer::Reset => Reply::Close,
        Answer::Ok => ok(),
        Answer::Slow => {
            std::thread::sleep(faults.slow_delay);
            ok()
        }
        // Without the doc's `details.retry_after`: every server delay of the soak is 0.
        Answer::RateLimited => {
            Reply::json(429, r#"{"error": "Rate limit exceeded.", "code": "rate_limited"}"#)
                .header("Retry-After", "0")
        }
        Answer::ServerError => docs::octopost_server_error(),
        Answer::Unavailable => Reply::json(503, "<html>Service Unavailable</html>"),
    };
    write_reply(stream, &reply);
}

/// How one request ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ending {
    /// A `200` whose body names the request.
    Success,
    /// A `200` with someone else's answer (the body is in the problem).
    WrongAnswer,
    /// The typed error: the final failure's kind and why the executor stopped.
    Failed {
        /// `rate_limited`, `server_error`, `unavailable`, `reset` or what else it was.
        failure: String,
        /// Why it stopped.
        stop: Stop,
    },
}

impl fmt::Display for Ending {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Ending::Success => f.write_str("success"),
            Ending::WrongAnswer => f.write_str("wrong answer"),
            Ending::Failed { failure, stop } => write!(f, "{failure}, {stop:?}"),
        }
    }
}

/// One request's record, folded into the [`Tally`] as soon as it ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// The request.
    pub id: u64,
    /// Attempts made, as the executor reports them.
    pub attempts: u32,
    /// The cause of each retry, in order.
    pub retries: Vec<RetryCause>,
    /// The longest wait before a retry.
    pub longest_wait: Duration,
    /// How it ended.
    pub ending: Ending,
    /// The body of a wrong answer.
    pub wrong_body: Option<String>,
}

/// What the requests did, folded as each ends, so that the soak itself holds one byte per
/// request (how often it ended) and nothing else that grows: memory can then be held flat.
#[derive(Debug, Clone, Default)]
pub struct Tally {
    /// How often each request ended (saturating): all ones when none was lost or
    /// duplicated.
    pub ended: Vec<u8>,
    /// Requests by how they ended.
    pub endings: Vec<(Ending, u64)>,
    /// Attempts in all, as the executor reports them.
    pub attempts: u64,
    /// Retries in all.
    pub retries: u64,
    /// Tokens the retries cost.
    pub spent: u64,
    /// Tokens the successes refunded (as [`TokenBucket`] refunds them: a first-attempt
    /// success adds 1, a later one its last retry's cost).
    pub refunded: u64,
    /// The longest wait before any retry.
    pub longest_wait: Duration,
    /// What did not hold for single requests (the first hundred).
    pub problems: Vec<String>,
    /// How many per-request problems there were.
    pub problem_count: u64,
}

/// Per-request problems kept in full; the rest are counted.
const PROBLEMS_KEPT: usize = 100;

impl Tally {
    fn new(requests: u64) -> Tally {
        Tally { ended: vec![0; requests as usize], ..Tally::default() }
    }

    /// Folds one request's record; `seen` is how many attempts of it the server saw.
    fn fold(&mut self, record: Record, seen: u32, max_delay: Duration) {
        let mut problem = |message: String| {
            self.problem_count += 1;
            if self.problems.len() < PROBLEMS_KEPT {
                self.problems.push(message);
            }
        };
        let id = record.id;
        if seen != record.attempts {
            problem(format!(
                "request {id}: {} attempts reported, {seen} seen by the server",
                record.attempts
            ));
        }
        if record.retries.len() as u32 + 1 != record.attempts {
            problem(format!(
                "request {id}: {} attempts but {} retries",
                record.attempts,
                record.retries.len()
            ));
        }
        // The server's delays are all 0 (`Retry-After: 0`): every wait is backoff.
        if record.longest_wait > max_delay {
            problem(format!(
                "request {id}: waited {:?}, above the {max_delay:?} cap",
                record.longest_wait
            ));
        }
        match &record.ending {
            Ending::Success => {}
            Ending::WrongAnswer => problem(format!(
                "request {id}: another answer: {}",
                record.wrong_body.as_deref().unwrap_or_default()
            )),
            Ending::Failed { failure, stop } => {
                let expected_failure = ["rate_limited", "server_error", "unavailable", "reset"]
                    .contains(&failure.as_str());
                let expected_stop =
                    matches!(stop, Stop::AttemptsExhausted { .. } | Stop::BudgetExhausted);
                if !expected_failure || !expected_stop {
                    problem(format!("request {id}: ended in {failure} ({stop:?})"));
                }
            }
        }
        match usize::try_from(id).ok().and_then(|i| self.ended.get_mut(i)) {
            Some(count) => *count = count.saturating_add(1),
            None => problem(format!("request {id}: not one of those sent")),
        }
        let cost = |c: &RetryCause| u64::from(TokenBucket::new(0).cost(*c));
        self.attempts += u64::from(record.attempts);
        self.retries += record.retries.len() as u64;
        self.spent += record.retries.iter().map(cost).sum::<u64>();
        if record.ending == Ending::Success {
            self.refunded +=
                record.retries.last().map_or(u64::from(TokenBucket::SUCCESS_INCREMENT), cost);
        }
        self.longest_wait = self.longest_wait.max(record.longest_wait);
        match self.endings.iter_mut().find(|(ending, _)| *ending == record.ending) {
            Some((_, count)) => *count += 1,
            None => self.endings.push((record.ending, 1)),
        }
    }

    /// Requests that ended as `wanted` says.
    pub fn count(&self, wanted: impl Fn(&Ending) -> bool) -> u64 {
        self.endings.iter().filter(|(ending, _)| wanted(ending)).map(|(_, n)| n).sum()
    }
}

/// Resident memory and threads of this process, from `/proc/self/status` (zero where it
/// cannot be read).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Usage {
    /// Requests completed when it was sampled.
    pub completed: u64,
    /// Resident set, in KiB.
    pub rss_kib: u64,
    /// Threads.
    pub threads: u64,
}

impl Usage {
    fn sample(completed: u64) -> Usage {
        let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
        let field = |name: &str| {
            status
                .lines()
                .find_map(|l| l.strip_prefix(name))
                .and_then(|v| v.split_whitespace().next()?.parse().ok())
                .unwrap_or(0)
        };
        Usage { completed, rss_kib: field("VmRSS:"), threads: field("Threads:") }
    }
}

/// The run's budget: a [`TokenBucket`] whose grants, denials and successes are counted,
/// so that the report can hold them against what the requests say.
pub struct CountingBudget {
    bucket: TokenBucket,
    granted: AtomicU64,
    denied: AtomicU64,
    successes: AtomicU64,
}

impl CountingBudget {
    /// A bucket of `capacity` tokens.
    pub fn new(capacity: u32) -> CountingBudget {
        CountingBudget {
            bucket: TokenBucket::new(capacity),
            granted: AtomicU64::new(0),
            denied: AtomicU64::new(0),
            successes: AtomicU64::new(0),
        }
    }

    /// Retries granted, retries denied and successes recorded so far.
    pub fn counts(&self) -> BudgetCounts {
        BudgetCounts {
            granted: self.granted.load(Ordering::SeqCst),
            denied: self.denied.load(Ordering::SeqCst),
            successes: self.successes.load(Ordering::SeqCst),
            left: self.bucket.available().unwrap_or(0),
        }
    }
}

impl RetryBudget for CountingBudget {
    fn acquire(&self, cause: RetryCause) -> bool {
        let granted = self.bucket.acquire(cause);
        let counter = if granted { &self.granted } else { &self.denied };
        counter.fetch_add(1, Ordering::SeqCst);
        granted
    }

    fn record_success(&self, last_retry: Option<RetryCause>) {
        self.successes.fetch_add(1, Ordering::SeqCst);
        self.bucket.record_success(last_retry);
    }

    fn available(&self) -> Option<u32> {
        self.bucket.available()
    }
}

/// What the budget saw.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BudgetCounts {
    /// Retries it granted.
    pub granted: u64,
    /// Retries it denied.
    pub denied: u64,
    /// Successes recorded.
    pub successes: u64,
    /// Tokens left at the end.
    pub left: u32,
}

/// What a soak run found.
#[derive(Debug, Clone)]
pub struct Report {
    /// The run's configuration.
    pub config: Config,
    /// The requests, folded.
    pub tally: Tally,
    /// Attempts the server saw of requests whose ending was never folded (empty when
    /// none was lost).
    pub unclaimed_attempts: u64,
    /// The server's answers, by kind.
    pub answers: HashMap<Answer, u64>,
    /// What the budget saw.
    pub budget: BudgetCounts,
    /// Usage after a tenth, half and all of the requests.
    pub usage: Vec<Usage>,
    /// Wall time of the run.
    pub elapsed: Duration,
}

/// The slack allowed for memory growth after the first tenth of the requests, in KiB.
/// The soak holds one byte per request; at 100,000 requests that is 98 KiB.
pub const RSS_SLACK_KIB: u64 = 4 * 1024;

/// The kind of a failure, for the report.
fn failure_kind(failure: &Failure<OctopostError>) -> String {
    match failure {
        Failure::Error(OctopostError::RateLimited { .. }) => "rate_limited".into(),
        Failure::Error(OctopostError::ServerError { .. }) => "server_error".into(),
        Failure::Error(OctopostError::ServiceUnavailable { .. }) => "unavailable".into(),
        Failure::Error(other) => format!("error {}", other.variant_name()),
        Failure::Transport(t) if t.kind() == TransportKind::Reset => "reset".into(),
        Failure::Transport(t) => format!("transport {:?}", t.kind()),
        other => format!("{other:?}"),
    }
}

/// Sends one request through the executor and records how it ended.
async fn one(
    client: &reqwest::Client,
    executor: &Executor<OctopostError>,
    url: String,
    id: u64,
) -> Record {
    let sent = errtable::reqwest::send(executor, client.get(url)).await;
    let (attempts, history) = match &sent {
        Ok(success) => (success.attempts, &success.history),
        Err(failed) => (failed.attempts, &failed.history),
    };
    // Every attempt in the history was followed by a retry.
    let retries = history.iter().map(|a| a.failure.classify().cause).collect();
    let longest_wait = history.iter().map(|a| a.wait).max().unwrap_or_default();
    let (ending, wrong_body) = match &sent {
        Ok(success) => {
            let body = String::from_utf8_lossy(success.response.body());
            if body.contains(&format!(r#""id": "{id}""#)) {
                (Ending::Success, None)
            } else {
                (Ending::WrongAnswer, Some(body.into_owned()))
            }
        }
        Err(failed) => {
            (Ending::Failed { failure: failure_kind(&failed.failure), stop: failed.stop }, None)
        }
    };
    Record { id, attempts, retries, longest_wait, ending, wrong_body }
}

/// Runs the soak on a tokio runtime of the current thread.
pub fn run(config: &Config) -> Report {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    runtime.block_on(run_async(config))
}

async fn run_async(config: &Config) -> Report {
    let started = Instant::now();
    let server = Arc::new(FaultServer::start(config.faults, config.seed, config.concurrency));
    // No idle pool: one connection per attempt, so a reset is never a stale connection
    // the client would retry by itself.
    let client = reqwest::Client::builder()
        .no_proxy()
        .pool_max_idle_per_host(0)
        .build()
        .expect("a reqwest client");
    let budget = Arc::new(CountingBudget::new(config.budget));
    let executor = Arc::new(
        Executor::<OctopostError>::new()
            .time(TokioTime)
            .max_delay(config.max_delay)
            .budget(Arc::clone(&budget) as Arc<dyn RetryBudget>),
    );
    let next = Arc::new(AtomicU64::new(0));
    let tally = Arc::new(Mutex::new(Tally::new(config.requests)));
    let usage = Arc::new(Mutex::new(Vec::new()));
    let (total, max_delay) = (config.requests, config.max_delay);
    let marks = [total / 10, total / 2];
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..config.concurrency.max(1) {
        let (client, executor, server) =
            (client.clone(), Arc::clone(&executor), Arc::clone(&server));
        let (next, tally, usage) = (Arc::clone(&next), Arc::clone(&tally), Arc::clone(&usage));
        tasks.spawn(async move {
            loop {
                let id = next.fetch_add(1, Ordering::SeqCst);
                if id >= total {
                    break;
                }
                let record = one(&client, &executor, server.url(id), id).await;
                let seen = server.take_attempts(id);
                let done = {
                    let mut tally = tally.lock().unwrap_or_else(|p| p.into_inner());
                    tally.fold(record, seen, max_delay);
                    tally.endings.iter().map(|(_, n)| n).sum::<u64>()
                };
                if marks.contains(&done) {
                    usage.lock().unwrap_or_else(|p| p.into_inner()).push(Usage::sample(done));
                }
            }
        });
    }
    while let Some(done) = tasks.join_next().await {
        done.expect("a soak task does not panic");
    }
    let tally = std::mem::take(&mut *tally.lock().unwrap_or_else(|p| p.into_inner()));
    let mut usage = std::mem::take(&mut *usage.lock().unwrap_or_else(|p| p.into_inner()));
    usage.sort_by_key(|u| u.completed);
    usage.push(Usage::sample(tally.endings.iter().map(|(_, n)| n).sum()));
    let report = Report {
        config: config.clone(),
        unclaimed_attempts: server.attempts().values().map(|&n| u64::from(n)).sum(),
        tally,
        answers: server.answers(),
        budget: budget.counts(),
        usage,
        elapsed: started.elapsed(),
    };
    drop(server);
    report
}

impl Report {
    /// Everything that does not hold; empty when the run passed.
    pub fn problems(&self) -> Vec<String> {
        let tally = &self.tally;
        let mut problems = Vec::new();
        // None lost, none duplicated.
        let lost = tally.ended.iter().filter(|&&n| n == 0).count();
        let twice = tally.ended.iter().filter(|&&n| n > 1).count();
        if lost > 0 || twice > 0 {
            problems.push(format!(
                "{} requests: {lost} lost, {twice} ended more than once",
                self.config.requests
            ));
        }
        if self.unclaimed_attempts > 0 {
            problems.push(format!(
                "the server saw {} attempts of requests that never ended",
                self.unclaimed_attempts
            ));
        }
        if tally.problem_count > 0 {
            problems.push(format!("{} requests did not hold:", tally.problem_count));
            problems.extend(tally.problems.iter().map(|p| format!("  {p}")));
        }
        // Every retry went through the budget, every denial ended a request, every
        // success was recorded.
        let budget = &self.budget;
        let stopped_by_budget =
            tally.count(|e| matches!(e, Ending::Failed { stop: Stop::BudgetExhausted, .. }));
        let successes = tally.count(|e| *e == Ending::Success);
        if (budget.granted, budget.denied, budget.successes)
            != (tally.retries, stopped_by_budget, successes)
        {
            problems.push(format!(
                "the budget granted {} retries, denied {} and saw {} successes; the requests made {} retries, {} stopped on the budget, {} succeeded",
                budget.granted,
                budget.denied,
                budget.successes,
                tally.retries,
                stopped_by_budget,
                successes
            ));
        }
        // Retries stay within the budget: the tokens left are the capacity, less what
        // the retries cost, plus the refunds the bucket kept (at most those made).
        if tally.spent + u64::from(budget.left) > u64::from(self.config.budget) + tally.refunded {
            problems.push(format!(
                "retries spent {} tokens and {} are left, more than the budget's {} plus {} refunded",
                tally.spent, budget.left, self.config.budget, tally.refunded
            ));
        }
        // Memory and threads flat after the first tenth.
        if let (Some(first), Some(last)) = (self.usage.first(), self.usage.last())
            && self.usage.len() >= 2
        {
            if last.rss_kib > first.rss_kib + RSS_SLACK_KIB {
                problems.push(format!(
                    "resident memory grew from {} KiB to {} KiB",
                    first.rss_kib, last.rss_kib
                ));
            }
            if last.threads > first.threads {
                problems.push(format!("threads grew from {} to {}", first.threads, last.threads));
            }
        }
        problems
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (c, tally) = (&self.config, &self.tally);
        writeln!(
            f,
            "soak: {} requests, {} in flight, seed {}, faults: {:.0}% 429, {:.0}% 5xx, {:.0}% reset, {:.0}% slow ({:?}); budget {} tokens; backoff capped at {:?}",
            c.requests,
            c.concurrency,
            c.seed,
            c.faults.rate_limited * 100.0,
            c.faults.server_error * 100.0,
            c.faults.reset * 100.0,
            c.faults.slow * 100.0,
            c.faults.slow_delay,
            c.budget,
            c.max_delay
        )?;
        writeln!(
            f,
            "elapsed {:.2?}; {} attempts, {} retries, longest wait {:?}",
            self.elapsed, tally.attempts, tally.retries, tally.longest_wait
        )?;
        let mut answers: Vec<_> = self.answers.iter().collect();
        answers.sort();
        let answers: Vec<String> = answers.iter().map(|(a, n)| format!("{a:?} {n}")).collect();
        writeln!(f, "server answers: {}", answers.join(", "))?;
        writeln!(f, "endings:")?;
        let mut endings: Vec<_> = tally.endings.iter().map(|(e, n)| (e.to_string(), *n)).collect();
        endings.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        for (ending, count) in endings {
            writeln!(f, "  {count:>7}  {ending}")?;
        }
        writeln!(
            f,
            "budget: {} retries granted, {} denied; {} tokens spent + {} left <= {} + {} refunded",
            self.budget.granted,
            self.budget.denied,
            tally.spent,
            self.budget.left,
            c.budget,
            tally.refunded
        )?;
        for u in &self.usage {
            writeln!(
                f,
                "after {:>6} requests: RSS {:>7} KiB, {} threads",
                u.completed, u.rss_kib, u.threads
            )?;
        }
        let problems = self.problems();
        if problems.is_empty() {
            write!(f, "ok: none lost, none duplicated, within the budget and the cap, flat")
        } else {
            writeln!(f, "problems:")?;
            for p in &problems {
                writeln!(f, "  {p}")?;
            }
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Answer, Faults};

    #[test]
    fn faults_are_drawn_per_request_and_attempt_and_repeat() {
        let faults = Faults::default();
        let first: Vec<_> = (0..200).map(|id| faults.answer(7, id, 1)).collect();
        let again: Vec<_> = (0..200).map(|id| faults.answer(7, id, 1)).collect();
        assert_eq!(first, again);
        assert_ne!(first, (0..200).map(|id| faults.answer(8, id, 1)).collect::<Vec<_>>());
        assert_ne!(first, (0..200).map(|id| faults.answer(7, id, 2)).collect::<Vec<_>>());
        let none = Faults { rate_limited: 0.0, server_error: 0.0, reset: 0.0, slow: 0.0, ..faults };
        assert!((0..200).all(|id| none.answer(7, id, 1) == Answer::Ok));
        // The rates are what is drawn, within sampling error.
        let draws = 100_000;
        let limited = (0..draws).filter(|&id| faults.answer(1, id, 1) == Answer::RateLimited);
        let share = limited.count() as f64 / draws as f64;
        assert!((share - faults.rate_limited).abs() < 0.01, "{share}");
    }
}
