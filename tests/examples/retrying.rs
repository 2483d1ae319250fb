//! Sending a request to Octopost with retries: the README's "Retrying" example.

use std::time::Duration;

use errtable::retry::{Executor, TokioTime};

/// Errors of the Octopost API.
#[errtable::catalog(spec = "../../specs/octopost.json")]
pub enum OctopostError {}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // One executor per client, shared by every request: Octopost's own policy (1 s
    // doubling to 16 s, 6 attempts) with a deadline, on tokio's timer. Clones share the
    // retry budget.
    let executor = Executor::<OctopostError>::new()
        .time(TokioTime)
        .deadline(Duration::from_secs(30))
        .max_server_delay(Duration::from_secs(60));
    let client = reqwest::Client::new();

    let request = client
        .post("https://api.octopost.ink/v1/posts")
        .bearer_auth(std::env::var("OCTOPOST_API_KEY")?)
        .header("Content-Type", "application/json")
        .body(r#"{"content": "Hello", "platforms": ["mastodon"]}"#);

    // A POST is not idempotent: it is retried only after a 429 or a connection that was
    // never made. Mark it `.idempotent(true)` on the executor if it is.
    match errtable::reqwest::send(&executor, request).await {
        Ok(success) => {
            let body = String::from_utf8_lossy(success.response.body());
            println!("created after {} attempt(s): {body}", success.attempts);
        }
        Err(failed) => match failed.error() {
            Some(OctopostError::ValidationError { fields, .. }) => {
                eprintln!("fix the input: {fields:?}");
            }
            Some(error) => {
                let id = error.meta().request_id().unwrap_or("-");
                eprintln!("{error} (request {id}; {}; {} attempts)", failed.stop, failed.attempts);
                for attempt in &failed.history {
                    eprintln!(
                        "  attempt {}: {} (waited {:?})",
                        attempt.number, attempt.failure, attempt.wait
                    );
                }
            }
            None => eprintln!("no answer from Octopost: {failed}"),
        },
    }
    Ok(())
}
