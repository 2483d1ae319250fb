//! Local vendor servers on loopback for the end-to-end retry tests and the tour: each
//! plays a script of HTTP replies (the vendor docs' example responses), one per
//! connection, then repeats the last one. Plain `std` threads and HTTP/1.1 with
//! `Connection: close`, so the same server serves async and blocking clients, and a
//! reply can be a connection closed without an answer.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

/// One scripted reply.
#[derive(Debug, Clone)]
pub enum Reply {
    /// An HTTP response.
    Respond {
        /// Status code.
        status: u16,
        /// Headers besides `Content-Length` and `Connection`.
        headers: Vec<(String, String)>,
        /// Body.
        body: String,
    },
    /// Read the request, then close the connection without answering.
    Close,
}

impl Reply {
    /// A JSON response.
    pub fn json(status: u16, body: &str) -> Reply {
        let headers = vec![("Content-Type".to_owned(), "application/json".to_owned())];
        Reply::Respond { status, headers, body: body.to_owned() }
    }

    /// The same response with one more header.
    pub fn header(mut self, name: &str, value: &str) -> Reply {
        if let Reply::Respond { headers, .. } = &mut self {
            headers.push((name.to_owned(), value.to_owned()));
        }
        self
    }
}

/// A request the server received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// `GET`, `POST`, ….
    pub method: String,
    /// Path and query.
    pub target: String,
    /// The body, as text.
    pub body: String,
}

/// A scripted server on `127.0.0.1`, stopped when dropped.
pub struct Server {
    addr: SocketAddr,
    requests: Arc<Mutex<Vec<Request>>>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Server {
    /// Starts a server playing `script` (the last reply repeats).
    pub fn start(script: Vec<Reply>) -> Server {
        assert!(!script.is_empty(), "a script needs a reply");
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
        let addr = listener.local_addr().expect("a bound address");
        let requests = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let (seen, stopping) = (Arc::clone(&requests), Arc::clone(&stop));
        let thread = std::thread::spawn(move || {
            for (n, stream) in listener.incoming().enumerate() {
                if stopping.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let reply = &script[n.min(script.len() - 1)];
                // Recorded before the reply is written: a client that has its response
                // finds its request in `requests()`.
                if let Some((request, stream)) = read_request(stream) {
                    seen.lock().unwrap().push(request);
                    write_reply(stream, reply);
                }
            }
        });
        Server { addr, requests, stop, thread: Some(thread) }
    }

    /// The URL of `path` on this server.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// The requests received so far.
    pub fn requests(&self) -> Vec<Request> {
        self.requests.lock().unwrap().clone()
    }

    /// How many requests it received.
    pub fn hits(&self) -> usize {
        self.requests.lock().unwrap().len()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so that it sees the flag.
        let _ = TcpStream::connect(self.addr);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Reads one request (line, headers, a `Content-Length` body) from `stream`; `None`
/// when the client sent none.
pub fn read_request(stream: TcpStream) -> Option<(Request, TcpStream)> {
    // A guard against a client that never sends: no test waits on it.
    stream.set_read_timeout(Some(Duration::from_secs(10))).ok()?;
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let mut parts = line.split_whitespace();
    let (method, target) = (parts.next()?.to_owned(), parts.next()?.to_owned());
    let mut length = 0;
    loop {
        let mut header = String::new();
        reader.read_line(&mut header).ok()?;
        let header = header.trim_end();
        if header.is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':')
            && name.eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse().unwrap_or(0);
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    let request = Request { method, target, body: String::from_utf8_lossy(&body).into_owned() };
    Some((request, reader.into_inner()))
}

/// Answers on `stream` with `reply` (nothing at all for [`Reply::Close`]), then closes it.
pub fn write_reply(mut stream: TcpStream, reply: &Reply) {
    if let Reply::Respond { status, headers, body } = reply {
        let mut head = format!("HTTP/1.1 {status} {}\r\n", reason(*status));
        for (name, value) in headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str(&format!("Content-Length: {}\r\nConnection: close\r\n\r\n", body.len()));
        let _ = stream.write_all(head.as_bytes()).and_then(|()| stream.write_all(body.as_bytes()));
        let _ = stream.flush();
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        402 => "Payment Required",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Status",
    }
}

/// The vendor docs' example responses (`../shared/vendor-docs/`), as replies.
pub mod docs {
    use super::Reply;

    /// Octopost 429 (doc 001): `Retry-After` header, and `details.retry_after` in the body.
    pub fn octopost_rate_limited(retry_after: &str) -> Reply {
        Reply::json(
            429,
            r#"{"error": "Rate limit exceeded. Try again in 45 seconds.", "code": "rate_limited", "details": {"limit": 300, "remaining": 0, "reset_at": "2026-04-03T12:01:00Z", "retry_after": 45}}"#,
        )
        .header("Retry-After", retry_after)
    }

    /// Octopost 500 (doc 001).
    pub fn octopost_server_error() -> Reply {
        Reply::json(
            500,
            r#"{"error": "An unexpected error occurred. Please try again later.", "code": "server_error"}"#,
        )
    }

    /// A created post.
    pub fn octopost_created() -> Reply {
        Reply::json(200, r#"{"id": "post_1", "status": "scheduled"}"#)
    }

    /// Octogen 503 (doc 000: 5xx, retried with backoff and jitter).
    pub fn octogen_unavailable() -> Reply {
        Reply::json(503, r#"{"detail": "Service unavailable"}"#)
    }

    /// Octogen 429 (doc 000): `detail: "rate_limit_exceeded"` and `Retry-After` seconds.
    pub fn octogen_rate_limited(retry_after: &str) -> Reply {
        Reply::json(429, r#"{"detail": "rate_limit_exceeded"}"#).header("Retry-After", retry_after)
    }

    /// An Octogen product lookup.
    pub fn octogen_product() -> Reply {
        Reply::json(200, r#"{"url": "https://shop.example/p/1", "title": "Black dress"}"#)
    }

    /// Octeth 99999 inside a 200 (doc 004): the session expired.
    pub fn octeth_session_expired() -> Reply {
        Reply::json(
            200,
            r#"{"Success": false, "ErrorCode": 99999, "ErrorText": "Session expired"}"#,
        )
    }

    /// Octeth's `User.Login` success with a new session.
    pub fn octeth_login(session: &str) -> Reply {
        Reply::json(200, &format!(r#"{{"Success": true, "SessionID": "{session}"}}"#))
    }

    /// Octeth's `List.Create` success.
    pub fn octeth_list_created() -> Reply {
        Reply::json(200, r#"{"Success": true, "ListID": 42}"#)
    }

    /// Catalog API 402 (doc 002): insufficient credits, `Request-ID` header.
    pub fn catalog_insufficient_credits() -> Reply {
        Reply::json(
            402,
            r#"{"error": {"code": "INSUFFICIENT_CREDITS", "message": "Insufficient credits", "request_id": "req_01HZ"}, "credits_needed": 100, "credits_remaining": 50}"#,
        )
        .header("Request-ID", "req_01HZ")
    }

    /// Octomil 500 (doc 003) with its `X-Request-Id`.
    pub fn octomil_internal_error() -> Reply {
        Reply::json(
            500,
            r#"{"error": "internal_error", "message": "Unexpected server error", "status_code": 500}"#,
        )
        .header("X-Request-Id", "req_octomil_7")
    }

    /// An Octomil model list.
    pub fn octomil_models() -> Reply {
        Reply::json(200, r#"{"models": [{"id": "my-model"}]}"#)
    }
}
