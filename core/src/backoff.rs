//! Exponential backoff policies.

use std::time::Duration;

/// How backoff delays are randomized.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Jitter {
    /// Exact delays.
    None,
    /// Uniform in `0..=delay` ("full jitter").
    Full,
    /// Half the delay, plus uniform in `0..=delay/2` ("equal jitter").
    Equal,
}

impl Jitter {
    /// Every kind, in order.
    pub const ALL: [Jitter; 3] = [Jitter::None, Jitter::Full, Jitter::Equal];

    /// The spelling in a spec.
    pub const fn as_str(self) -> &'static str {
        match self {
            Jitter::None => "none",
            Jitter::Full => "full",
            Jitter::Equal => "equal",
        }
    }

    /// Reads a spec spelling.
    pub fn parse(text: &str) -> Option<Jitter> {
        Jitter::ALL.into_iter().find(|jitter| jitter.as_str() == text)
    }
}

/// An exponential backoff policy: `initial * factor^(retry - 1)`, capped, for at most
/// `max_attempts` attempts in all.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Backoff {
    initial: Duration,
    factor: f64,
    max_delay: Duration,
    max_attempts: u32,
    jitter: Jitter,
}

impl Backoff {
    /// errtable's policy for vendors whose documentation gives none: 500 ms, doubling,
    /// capped at 30 s, 4 attempts, full jitter.
    pub const DEFAULT: Backoff =
        Backoff::new(Duration::from_millis(500), 2.0, Duration::from_secs(30), 4, Jitter::Full);

    /// A policy. A `factor` below 1 (or not a number) is treated as 1 and `max_attempts` 0
    /// as 1, so every value is usable. A `max_delay` below `initial` caps every delay, the
    /// first included (a zero cap retries at once).
    pub const fn new(
        initial: Duration,
        factor: f64,
        max_delay: Duration,
        max_attempts: u32,
        jitter: Jitter,
    ) -> Backoff {
        let factor = if factor >= 1.0 { factor } else { 1.0 };
        let max_attempts = if max_attempts == 0 { 1 } else { max_attempts };
        Backoff { initial, factor, max_delay, max_attempts, jitter }
    }

    /// Delay before the first retry.
    pub const fn initial(&self) -> Duration {
        self.initial
    }

    /// Growth factor between retries.
    pub const fn factor(&self) -> f64 {
        self.factor
    }

    /// No delay exceeds this.
    pub const fn max_delay(&self) -> Duration {
        self.max_delay
    }

    /// Attempts in all, the first included.
    pub const fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The randomization.
    pub const fn jitter(&self) -> Jitter {
        self.jitter
    }

    /// The same policy with another attempt budget.
    pub const fn with_max_attempts(self, max_attempts: u32) -> Backoff {
        Backoff::new(self.initial, self.factor, self.max_delay, max_attempts, self.jitter)
    }

    /// The same policy with another cap, which bounds every delay, the first included.
    pub const fn with_max_delay(self, max_delay: Duration) -> Backoff {
        Backoff::new(self.initial, self.factor, max_delay, self.max_attempts, self.jitter)
    }

    /// The same policy with other jitter.
    pub const fn with_jitter(self, jitter: Jitter) -> Backoff {
        Backoff { jitter, ..self }
    }

    /// The delay before retry number `retry` (1 for the first retry), before jitter:
    /// `initial * factor^(retry - 1)`, never above `max_delay`. `retry` 0 gives zero.
    pub fn base_delay(&self, retry: u32) -> Duration {
        if retry == 0 {
            return Duration::ZERO;
        }
        let cap = self.max_delay.as_secs_f64();
        let exponent = i32::try_from(retry - 1).unwrap_or(i32::MAX);
        let seconds = self.initial.as_secs_f64() * self.factor.powi(exponent);
        // powi saturates to infinity rather than overflowing; the cap then applies.
        if seconds.is_nan() || seconds >= cap {
            self.max_delay
        } else {
            Duration::try_from_secs_f64(seconds).map_or(self.max_delay, |d| d.min(self.max_delay))
        }
    }

    /// The delay before retry number `retry`, with jitter drawn from `unit`, a number in
    /// `0.0..=1.0` (values outside are clamped). Jitter applies after the cap, so the
    /// result is always within `0..=base_delay(retry)`, never above `max_delay`.
    pub fn delay(&self, retry: u32, unit: f64) -> Duration {
        let base = self.base_delay(retry);
        let unit = if unit.is_nan() { 0.0 } else { unit.clamp(0.0, 1.0) };
        match self.jitter {
            Jitter::None => base,
            Jitter::Full => scale(base, unit),
            Jitter::Equal => base / 2 + scale(base / 2, unit),
        }
    }

    /// Whether attempt number `attempt` (1 for the first request) may be followed by
    /// another.
    pub const fn allows_retry_after(&self, attempt: u32) -> bool {
        attempt < self.max_attempts
    }

    /// The delays before each retry the policy allows, before jitter.
    pub fn base_delays(&self) -> impl Iterator<Item = Duration> + '_ {
        (1..self.max_attempts).map(|retry| self.base_delay(retry))
    }
}

/// `duration * unit` for `unit` in `0.0..=1.0`, never above `duration`. Near
/// `Duration::MAX` the float product can round past it, where `mul_f64` would panic.
fn scale(duration: Duration, unit: f64) -> Duration {
    Duration::try_from_secs_f64(duration.as_secs_f64() * unit).map_or(duration, |d| d.min(duration))
}

impl Default for Backoff {
    fn default() -> Self {
        Backoff::DEFAULT
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    #[test]
    fn doubles_until_the_cap() {
        let b = Backoff::new(ms(1000), 2.0, ms(30_000), 6, Jitter::None);
        let delays: Vec<_> = b.base_delays().collect();
        assert_eq!(delays, [ms(1000), ms(2000), ms(4000), ms(8000), ms(16000)]);
        assert_eq!(b.base_delay(7), ms(30_000));
        assert_eq!(b.base_delay(u32::MAX), ms(30_000));
        assert_eq!(b.base_delay(0), Duration::ZERO);
    }

    #[test]
    fn repairs_unusable_numbers() {
        let b = Backoff::new(ms(100), 0.0, ms(10), 0, Jitter::None);
        assert_eq!(b.factor(), 1.0);
        assert_eq!(b.base_delay(1), ms(10), "a cap below the initial delay caps it");
        assert_eq!(b.max_attempts(), 1);
        assert!(!b.allows_retry_after(1));
        assert_eq!(Backoff::new(ms(1), f64::NAN, ms(1), 1, Jitter::None).factor(), 1.0);
        assert_eq!(Backoff::new(ms(1), f64::INFINITY, ms(5), 3, Jitter::None).base_delay(3), ms(5));
    }

    #[test]
    fn a_cap_below_the_initial_delay_caps_the_first_delay_too() {
        // Found by the soak: a 2 ms cap on a 1 s vendor policy used to wait 1 s.
        let vendor = Backoff::new(ms(1000), 2.0, ms(16_000), 6, Jitter::None);
        let capped = vendor.with_max_delay(ms(2));
        assert_eq!((capped.initial(), capped.max_delay()), (ms(1000), ms(2)));
        assert!(capped.base_delays().all(|d| d == ms(2)));
        assert!(Jitter::ALL.iter().all(|&j| capped.with_jitter(j).delay(1, 1.0) <= ms(2)));
        // A cap is not a repair: raising it again gives the vendor's delays back.
        let again = capped.with_max_delay(ms(16_000));
        assert_eq!(
            again.base_delays().collect::<Vec<_>>(),
            vendor.base_delays().collect::<Vec<_>>()
        );
        assert!(vendor.with_max_delay(Duration::ZERO).base_delays().all(|d| d.is_zero()));
    }

    #[test]
    fn jitter_stays_within_the_base_delay() {
        let full = Backoff::new(ms(1000), 2.0, ms(8000), 5, Jitter::Full);
        assert_eq!(full.delay(2, 0.0), Duration::ZERO);
        assert_eq!(full.delay(2, 1.0), ms(2000));
        assert_eq!(full.delay(2, 0.5), ms(1000));
        let equal = full.with_jitter(Jitter::Equal);
        assert_eq!(equal.delay(2, 0.0), ms(1000));
        assert_eq!(equal.delay(2, 1.0), ms(2000));
        assert_eq!(equal.delay(2, f64::NAN), ms(1000));
    }

    #[test]
    fn the_largest_durations_neither_overflow_nor_panic() {
        for jitter in Jitter::ALL {
            let b = Backoff::new(Duration::MAX, 2.0, Duration::MAX, u32::MAX, jitter);
            for unit in [0.0, 0.5, 1.0] {
                assert!(b.delay(1, unit) <= Duration::MAX);
                assert!(b.delay(u32::MAX, unit) <= b.max_delay());
            }
        }
        assert_eq!(
            Backoff::new(Duration::MAX, 1.0, Duration::MAX, 2, Jitter::Full).delay(1, 1.0),
            Duration::MAX
        );
    }

    #[test]
    fn jitter_spellings_round_trip() {
        for jitter in Jitter::ALL {
            assert_eq!(Jitter::parse(jitter.as_str()), Some(jitter));
        }
        assert_eq!(Jitter::parse("decorrelated"), None);
    }
}
