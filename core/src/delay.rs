//! Server-given retry delays: how they are written and how they are read.
//!
//! Servers send odd values: fractions, dates in the past, numbers too large for any
//! clock. Every input gives a usable answer or `None`, never a panic or an overflow.
//! Whole-second formats round fractions up (waiting a little longer is safe, retrying
//! early is not); millisecond and duration formats keep their precision. Past dates
//! give zero, and anything beyond [`MAX_SERVER_DELAY`] is capped to it.
//!
//! Header values and body strings follow one rule: surrounding spaces are ignored and
//! any number of digits is accepted. Body numbers are read as numbers.

use std::fmt;
use std::time::{Duration, SystemTime};

/// The longest delay a server can impose (24 hours). Larger values are capped so that
/// no arithmetic overflows; a retry executor applies its own, usually far shorter, limit.
pub const MAX_SERVER_DELAY: Duration = Duration::from_secs(24 * 60 * 60);

/// How a server writes a delay.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DelayFormat {
    /// `Retry-After`: delta-seconds (a fraction rounds up) or an HTTP-date.
    RetryAfter,
    /// A number of seconds; a fraction rounds up to the next second.
    Seconds,
    /// A number of milliseconds (`retry-after-ms`), kept to the millisecond.
    Milliseconds,
    /// A duration string such as `"43s"`, `"2.4s"`, `"6m0s"` or `"150ms"` (protobuf
    /// JSON durations and Go-style durations), kept to the nanosecond.
    Duration,
    /// The Unix time, in seconds, at which a limit resets (GitHub's
    /// `x-ratelimit-reset`): the delay is the time until then.
    EpochSeconds,
}

impl DelayFormat {
    /// Every format, in order.
    pub const ALL: [DelayFormat; 5] = [
        DelayFormat::RetryAfter,
        DelayFormat::Seconds,
        DelayFormat::Milliseconds,
        DelayFormat::Duration,
        DelayFormat::EpochSeconds,
    ];

    /// The spelling in a spec.
    pub const fn as_str(self) -> &'static str {
        match self {
            DelayFormat::RetryAfter => "retry_after",
            DelayFormat::Seconds => "seconds",
            DelayFormat::Milliseconds => "milliseconds",
            DelayFormat::Duration => "duration",
            DelayFormat::EpochSeconds => "epoch_seconds",
        }
    }

    /// Reads a spec spelling.
    pub fn parse(text: &str) -> Option<DelayFormat> {
        DelayFormat::ALL.into_iter().find(|format| format.as_str() == text)
    }

    /// The format in words, for documentation and terminal output.
    pub const fn describe(self) -> &'static str {
        match self {
            DelayFormat::RetryAfter => "Retry-After format",
            DelayFormat::Seconds => "seconds",
            DelayFormat::Milliseconds => "milliseconds",
            DelayFormat::Duration => "duration",
            DelayFormat::EpochSeconds => "epoch seconds",
        }
    }

    /// A delay written as text (a header value or a body string), relative to the time
    /// `now` gives. `now` is called only for a date or a Unix time: reading the clock
    /// costs more than reading a number of seconds.
    pub fn read_text(self, text: &str, now: impl FnOnce() -> SystemTime) -> Option<Duration> {
        let text = text.trim_matches(|c| c == ' ' || c == '\t');
        match self {
            DelayFormat::RetryAfter => retry_after_at(text, now),
            DelayFormat::Seconds => decimal(text).and_then(seconds),
            DelayFormat::Milliseconds => decimal(text).and_then(millis),
            DelayFormat::Duration => duration(text),
            DelayFormat::EpochSeconds => decimal(text).and_then(|at| until_epoch(at, now())),
        }
    }

    /// A delay written as a JSON number, relative to the time `now` gives (called only
    /// for a Unix time). Formats that are text by nature (`retry_after`, `duration`) read
    /// a number as seconds.
    pub fn read_number(self, number: f64, now: impl FnOnce() -> SystemTime) -> Option<Duration> {
        match self {
            DelayFormat::RetryAfter | DelayFormat::Seconds | DelayFormat::Duration => {
                seconds(number)
            }
            DelayFormat::Milliseconds => millis(number),
            DelayFormat::EpochSeconds => until_epoch(number, now()),
        }
    }
}

impl fmt::Display for DelayFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Parses a `Retry-After` header value relative to the current time.
///
/// ```
/// use std::time::Duration;
/// use errtable_core::delay::retry_after;
/// assert_eq!(retry_after("120"), Some(Duration::from_secs(120)));
/// assert_eq!(retry_after("1.2"), Some(Duration::from_secs(2)));
/// assert_eq!(retry_after("Wed, 21 Oct 2015 07:28:00 GMT"), Some(Duration::ZERO));
/// assert_eq!(retry_after("soon"), None);
/// ```
pub fn retry_after(value: &str) -> Option<Duration> {
    DelayFormat::RetryAfter.read_text(value, SystemTime::now)
}

fn retry_after_at(text: &str, now: impl FnOnce() -> SystemTime) -> Option<Duration> {
    if let Some(amount) = decimal(text) {
        return seconds(amount);
    }
    let date = httpdate::parse_http_date(text).ok()?;
    Some(date.duration_since(now()).unwrap_or(Duration::ZERO).min(MAX_SERVER_DELAY))
}

/// `digits` or `digits.digits` as a number (no sign, exponent or other notation), any
/// length: too many digits is still a valid, merely enormous, amount.
fn decimal(text: &str) -> Option<f64> {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let valid = match text.split_once('.') {
        Some((whole, fraction)) => digits(whole) && digits(fraction),
        None => digits(text),
    };
    if !valid {
        return None;
    }
    // Rust's float parser reads any number of digits, saturating to infinity.
    text.parse().ok()
}

/// Whole seconds, a fraction rounded up.
fn seconds(amount: f64) -> Option<Duration> {
    from_units(whole(amount)?, 1.0)
}

/// Whole milliseconds, a fraction rounded up.
fn millis(amount: f64) -> Option<Duration> {
    from_units(whole(amount)?, 1000.0)
}

/// `amount` rounded up to a whole number; `None` when negative or not a number.
fn whole(amount: f64) -> Option<f64> {
    (amount >= 0.0).then(|| amount.ceil())
}

/// `amount / per_second` seconds: `None` when negative or not a number, capped.
fn from_units(amount: f64, per_second: f64) -> Option<Duration> {
    if amount.is_nan() || amount < 0.0 {
        return None;
    }
    let seconds = amount / per_second;
    if seconds >= MAX_SERVER_DELAY.as_secs_f64() {
        return Some(MAX_SERVER_DELAY);
    }
    Some(Duration::from_secs_f64(seconds))
}

/// The time from `now` until the Unix time `at` (seconds): zero when past, capped.
fn until_epoch(at: f64, now: SystemTime) -> Option<Duration> {
    if at.is_nan() || at < 0.0 {
        return None;
    }
    let now = now.duration_since(SystemTime::UNIX_EPOCH).unwrap_or_default().as_secs_f64();
    from_units((at - now).max(0.0), 1.0)
}

/// A duration string: one or more `<number><unit>` parts, units `h`, `m`, `s`, `ms`,
/// `us` (or `µs`) and `ns` (`"6m0s"`, `"2.4s"`, `"1h30m"`); `"0"` alone is zero.
fn duration(text: &str) -> Option<Duration> {
    if text == "0" {
        return Some(Duration::ZERO);
    }
    let mut rest = text;
    let mut total = 0.0_f64;
    if rest.is_empty() {
        return None;
    }
    while !rest.is_empty() {
        let number_end = rest.find(|c: char| !(c.is_ascii_digit() || c == '.'))?;
        let amount = decimal(&rest[..number_end])?;
        rest = &rest[number_end..];
        let unit_end = rest.find(|c: char| c.is_ascii_digit() || c == '.').unwrap_or(rest.len());
        let per_second = match &rest[..unit_end] {
            "h" => 1.0 / 3600.0,
            "m" => 1.0 / 60.0,
            "s" => 1.0,
            "ms" => 1e3,
            "us" | "µs" => 1e6,
            "ns" => 1e9,
            _ => return None,
        };
        total += amount / per_second;
        rest = &rest[unit_end..];
    }
    from_units(total, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secs(n: u64) -> Duration {
        Duration::from_secs(n)
    }

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    fn text(format: DelayFormat, value: &str) -> Option<Duration> {
        format.read_text(value, || SystemTime::UNIX_EPOCH + secs(1_700_000_000))
    }

    #[test]
    fn delta_seconds() {
        assert_eq!(retry_after("0"), Some(secs(0)));
        assert_eq!(retry_after(" 45 "), Some(secs(45)));
        assert_eq!(retry_after("1.2"), Some(secs(2)));
        assert_eq!(retry_after("1.0"), Some(secs(1)));
        assert_eq!(retry_after("0.001"), Some(secs(1)));
        assert_eq!(retry_after("99999999999999999999999999"), Some(MAX_SERVER_DELAY));
        assert_eq!(retry_after(&"9".repeat(400)), Some(MAX_SERVER_DELAY));
        assert_eq!(retry_after("86401"), Some(MAX_SERVER_DELAY));
    }

    #[test]
    fn rejects_what_is_not_a_delay() {
        for bad in ["", "-1", "+5", "1e3", "1.", ".5", "1.2.3", "soon", "0x10", "١٢", "inf"] {
            assert_eq!(retry_after(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn http_dates() {
        let now = httpdate::parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT").unwrap();
        let at = |v| DelayFormat::RetryAfter.read_text(v, || now);
        assert_eq!(at("Sun, 06 Nov 1994 08:50:37 GMT"), Some(secs(60)));
        assert_eq!(at("Sunday, 06-Nov-94 08:49:47 GMT"), Some(secs(10)));
        assert_eq!(at("Sun Nov  6 08:49:57 1994"), Some(secs(20)));
        assert_eq!(at("Sun, 06 Nov 1994 08:00:00 GMT"), Some(Duration::ZERO));
        assert_eq!(at("Fri, 31 Dec 9999 23:59:59 GMT"), Some(MAX_SERVER_DELAY));
    }

    #[test]
    fn one_rule_for_headers_and_body_strings() {
        for format in [DelayFormat::RetryAfter, DelayFormat::Seconds] {
            assert_eq!(text(format, "  7 "), Some(secs(7)), "{format}");
            assert_eq!(text(format, &"9".repeat(400)), Some(MAX_SERVER_DELAY), "{format}");
        }
    }

    #[test]
    fn numbers() {
        let now = || SystemTime::UNIX_EPOCH;
        assert_eq!(DelayFormat::Seconds.read_number(45.0, now), Some(secs(45)));
        assert_eq!(DelayFormat::Seconds.read_number(0.2, now), Some(secs(1)));
        assert_eq!(DelayFormat::Seconds.read_number(-1.0, now), None);
        assert_eq!(DelayFormat::Seconds.read_number(f64::NAN, now), None);
        assert_eq!(DelayFormat::Seconds.read_number(1e300, now), Some(MAX_SERVER_DELAY));
        assert_eq!(DelayFormat::Seconds.read_number(f64::INFINITY, now), Some(MAX_SERVER_DELAY));
        assert_eq!(DelayFormat::Milliseconds.read_number(1500.0, now), Some(ms(1500)));
        assert_eq!(DelayFormat::Milliseconds.read_number(0.1, now), Some(ms(1)));
        assert_eq!(DelayFormat::Milliseconds.read_number(1e300, now), Some(MAX_SERVER_DELAY));
    }

    #[test]
    fn milliseconds_keep_their_precision() {
        assert_eq!(text(DelayFormat::Milliseconds, "2400"), Some(ms(2400)));
        assert_eq!(text(DelayFormat::Milliseconds, "1.5"), Some(ms(2)));
    }

    #[test]
    fn durations() {
        let d = |v| text(DelayFormat::Duration, v);
        assert_eq!(d("43s"), Some(secs(43)));
        assert_eq!(d("2.4s"), Some(ms(2400)));
        assert_eq!(d("6m0s"), Some(secs(360)));
        assert_eq!(d("1h30m"), Some(secs(5400)));
        assert_eq!(d("150ms"), Some(ms(150)));
        assert_eq!(d("0.5s"), Some(ms(500)));
        assert_eq!(d("20us"), Some(Duration::from_micros(20)));
        assert_eq!(d("0"), Some(Duration::ZERO));
        assert_eq!(d("9999999h"), Some(MAX_SERVER_DELAY));
        for bad in ["", "s", "5", "-1s", "1x", "1.s", "1 s", "abc"] {
            assert_eq!(d(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn the_clock_is_read_only_for_dates_and_unix_times() {
        let stopped = || -> SystemTime { panic!("the clock was read") };
        for format in [DelayFormat::RetryAfter, DelayFormat::Seconds, DelayFormat::Duration] {
            let text = if format == DelayFormat::Duration { "45s" } else { "45" };
            assert_eq!(format.read_text(text, stopped), Some(secs(45)));
            assert_eq!(format.read_number(45.0, stopped), Some(secs(45)));
        }
        assert_eq!(DelayFormat::Milliseconds.read_text("45", stopped), Some(ms(45)));
        assert_eq!(DelayFormat::RetryAfter.read_text("soon", stopped), None);
        let read = std::cell::Cell::new(0);
        let clock = || {
            read.set(read.get() + 1);
            SystemTime::UNIX_EPOCH
        };
        DelayFormat::RetryAfter.read_text("Wed, 21 Oct 2015 07:28:00 GMT", clock);
        DelayFormat::EpochSeconds.read_number(60.0, clock);
        assert_eq!(read.get(), 2);
    }

    #[test]
    fn epoch_seconds_count_from_now() {
        assert_eq!(text(DelayFormat::EpochSeconds, "1700000060"), Some(secs(60)));
        assert_eq!(text(DelayFormat::EpochSeconds, "1600000000"), Some(Duration::ZERO));
        assert_eq!(text(DelayFormat::EpochSeconds, "1900000000"), Some(MAX_SERVER_DELAY));
        assert_eq!(text(DelayFormat::EpochSeconds, "soon"), None);
    }

    #[test]
    fn spellings_round_trip() {
        for format in DelayFormat::ALL {
            assert_eq!(DelayFormat::parse(format.as_str()), Some(format));
        }
    }
}
