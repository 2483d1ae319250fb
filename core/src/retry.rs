//! Retry classes: how the vendor says an error is retried.

use std::fmt;
use std::time::Duration;

/// How an error is retried, as the vendor's documentation classifies it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RetryClass {
    /// Do not retry: the request must change first (bad input, missing permission).
    Never,
    /// Transient: retry with exponential backoff.
    Backoff,
    /// Throttled: wait for the delay the server gave (`Retry-After` or a body field),
    /// else back off.
    After,
    /// The session or credentials expired: refresh them, then retry.
    Reauth,
}

impl RetryClass {
    /// Every class, in order.
    pub const ALL: [RetryClass; 4] =
        [RetryClass::Never, RetryClass::Backoff, RetryClass::After, RetryClass::Reauth];

    /// The spelling in a spec and in `errtable explain --json`.
    pub const fn as_str(self) -> &'static str {
        match self {
            RetryClass::Never => "never",
            RetryClass::Backoff => "backoff",
            RetryClass::After => "after",
            RetryClass::Reauth => "reauth",
        }
    }

    /// Reads a spec spelling.
    pub fn parse(text: &str) -> Option<RetryClass> {
        RetryClass::ALL.into_iter().find(|class| class.as_str() == text)
    }

    /// A short phrase for documentation and terminal output.
    pub const fn describe(self) -> &'static str {
        match self {
            RetryClass::Never => "do not retry",
            RetryClass::Backoff => "retry with exponential backoff",
            RetryClass::After => "wait for the server's delay, else back off",
            RetryClass::Reauth => "re-authenticate, then retry",
        }
    }

    /// Whether a retry may ever succeed without changing the request.
    pub const fn is_retryable(self) -> bool {
        !matches!(self, RetryClass::Never)
    }
}

impl fmt::Display for RetryClass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What to do about one error: its [`RetryClass`], with the server's delay where the
/// class waits for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Retry {
    /// Do not retry.
    Never,
    /// Retry after the backoff policy's next delay.
    Backoff,
    /// Retry after the server's delay; `None` when the response gave none (then back off).
    After(Option<Duration>),
    /// Refresh credentials, then retry.
    Reauth,
}

impl Retry {
    /// The class, without the delay.
    pub const fn class(self) -> RetryClass {
        match self {
            Retry::Never => RetryClass::Never,
            Retry::Backoff => RetryClass::Backoff,
            Retry::After(_) => RetryClass::After,
            Retry::Reauth => RetryClass::Reauth,
        }
    }

    /// Builds the advice for `class`, attaching `server_delay` to [`Retry::After`].
    pub const fn new(class: RetryClass, server_delay: Option<Duration>) -> Retry {
        match class {
            RetryClass::Never => Retry::Never,
            RetryClass::Backoff => Retry::Backoff,
            RetryClass::After => Retry::After(server_delay),
            RetryClass::Reauth => Retry::Reauth,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_round_trip() {
        for class in RetryClass::ALL {
            assert_eq!(RetryClass::parse(class.as_str()), Some(class));
        }
        assert_eq!(RetryClass::parse("sometimes"), None);
    }

    #[test]
    fn retry_carries_the_delay_only_when_waiting_for_it() {
        let d = Some(Duration::from_secs(45));
        assert_eq!(Retry::new(RetryClass::After, d), Retry::After(d));
        assert_eq!(Retry::new(RetryClass::Backoff, d), Retry::Backoff);
        assert_eq!(Retry::After(None).class(), RetryClass::After);
    }
}
