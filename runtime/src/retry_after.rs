//! Server-given retry delays: the `Retry-After` header and delays in response bodies.
//!
//! Servers send odd values: fractions, dates in the past, numbers too large for any
//! clock. Every input gives a usable answer or `None`, never a panic or an overflow:
//! fractions round up (waiting a little longer is safe, retrying early is not), past
//! dates give zero, and anything beyond [`MAX_SERVER_DELAY`] is capped to it.

use std::time::{Duration, SystemTime};

/// The longest delay a server can impose (24 hours). Larger values are capped so that
/// no arithmetic overflows; a retry executor applies its own, usually far shorter, limit.
pub const MAX_SERVER_DELAY: Duration = Duration::from_secs(24 * 60 * 60);

/// Parses a `Retry-After` header value relative to the current time.
///
/// ```
/// use std::time::Duration;
/// assert_eq!(errtable::retry_after::parse("120"), Some(Duration::from_secs(120)));
/// assert_eq!(errtable::retry_after::parse("1.2"), Some(Duration::from_secs(2)));
/// assert_eq!(errtable::retry_after::parse("Wed, 21 Oct 2015 07:28:00 GMT"), Some(Duration::ZERO));
/// assert_eq!(errtable::retry_after::parse("soon"), None);
/// ```
pub fn parse(value: &str) -> Option<Duration> {
    parse_at(value, SystemTime::now())
}

/// Parses a `Retry-After` header value relative to `now`: delta-seconds (a fraction
/// rounds up to the next second) or an HTTP-date (a past date gives zero).
pub fn parse_at(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Some(delay) = parse_seconds_text(value) {
        return Some(delay);
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO).min(MAX_SERVER_DELAY))
}

/// A non-negative decimal number of seconds written as text (`"45"`, `"1.5"`), rounded
/// up to whole seconds and capped. Signs, exponents and other spellings give `None`.
pub fn parse_seconds_text(text: &str) -> Option<Duration> {
    if !is_decimal(text) {
        return None;
    }
    let (whole, fraction) = match text.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (text, None),
    };
    let round_up = fraction.is_some_and(|f| f.bytes().any(|b| b != b'0'));
    // Too many digits for a u64 is still a valid, merely enormous, delay.
    let seconds = whole.parse::<u64>().unwrap_or(u64::MAX);
    let seconds = seconds.saturating_add(u64::from(round_up));
    Some(Duration::from_secs(seconds).min(MAX_SERVER_DELAY))
}

/// Whether `text` is digits with an optional `.digits` fraction: the only spelling of
/// a delay as text (no sign, exponent or other notation).
pub(crate) fn is_decimal(text: &str) -> bool {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    match text.split_once('.') {
        Some((whole, fraction)) => digits(whole) && digits(fraction),
        None => digits(text),
    }
}

/// A delay given in a body as a number of seconds: fractions round up to whole seconds,
/// negative or non-finite numbers give `None`, huge ones are capped.
pub fn from_seconds(seconds: f64) -> Option<Duration> {
    from_units(seconds, 1.0)
}

/// A delay given in a body as a number of milliseconds: fractions round up to whole
/// milliseconds.
pub fn from_millis(millis: f64) -> Option<Duration> {
    from_units(millis, 1000.0)
}

fn from_units(amount: f64, per_second: f64) -> Option<Duration> {
    if !amount.is_finite() || amount < 0.0 {
        return None;
    }
    let whole_units = amount.ceil();
    let seconds = whole_units / per_second;
    if seconds >= MAX_SERVER_DELAY.as_secs_f64() {
        return Some(MAX_SERVER_DELAY);
    }
    // Whole units below the cap convert exactly enough: ms and s both fit in u64.
    let nanos_per_unit = 1_000_000_000.0 / per_second;
    Some(Duration::from_nanos((whole_units * nanos_per_unit) as u64))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secs(n: u64) -> Duration {
        Duration::from_secs(n)
    }

    #[test]
    fn delta_seconds() {
        assert_eq!(parse("0"), Some(secs(0)));
        assert_eq!(parse(" 45 "), Some(secs(45)));
        assert_eq!(parse("1.2"), Some(secs(2)));
        assert_eq!(parse("1.0"), Some(secs(1)));
        assert_eq!(parse("0.001"), Some(secs(1)));
        assert_eq!(parse("99999999999999999999999999"), Some(MAX_SERVER_DELAY));
        assert_eq!(parse("86401"), Some(MAX_SERVER_DELAY));
    }

    #[test]
    fn rejects_what_is_not_a_delay() {
        for bad in ["", "-1", "+5", "1e3", "1.", ".5", "1.2.3", "soon", "0x10", "١٢"] {
            assert_eq!(parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn http_dates() {
        let now = httpdate::parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT").unwrap();
        assert_eq!(parse_at("Sun, 06 Nov 1994 08:50:37 GMT", now), Some(secs(60)));
        assert_eq!(parse_at("Sunday, 06-Nov-94 08:49:47 GMT", now), Some(secs(10)));
        assert_eq!(parse_at("Sun Nov  6 08:49:57 1994", now), Some(secs(20)));
        assert_eq!(parse_at("Sun, 06 Nov 1994 08:00:00 GMT", now), Some(Duration::ZERO));
        assert_eq!(parse_at("Fri, 31 Dec 9999 23:59:59 GMT", now), Some(MAX_SERVER_DELAY));
    }

    #[test]
    fn body_numbers() {
        assert_eq!(from_seconds(45.0), Some(secs(45)));
        assert_eq!(from_seconds(0.2), Some(secs(1)));
        assert_eq!(from_seconds(-1.0), None);
        assert_eq!(from_seconds(f64::NAN), None);
        assert_eq!(from_seconds(1e300), Some(MAX_SERVER_DELAY));
        assert_eq!(from_millis(1500.0), Some(Duration::from_millis(1500)));
        assert_eq!(from_millis(0.1), Some(Duration::from_millis(1)));
        assert_eq!(from_millis(1e300), Some(MAX_SERVER_DELAY));
    }
}
