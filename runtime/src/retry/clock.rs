//! Time and chance for the executor: a clock, a way to sleep, and a jitter source, each
//! pluggable so that tests run on virtual time and any async runtime can be used.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker};
use std::time::{Duration, Instant};

/// A future that completes after a wait.
pub type SleepFuture = Pin<Box<dyn Future<Output = ()> + Send + 'static>>;

/// How the executor waits between attempts.
///
/// [`sleep`](Self::sleep) serves the async executor and [`sleep_blocking`](Self::sleep_blocking)
/// the blocking one. To run on an async runtime other than tokio, implement `sleep`
/// with its timer (for example `Box::pin(async_io::Timer::after(duration)).map(drop)`, or
/// `smol`'s equivalent).
pub trait Sleep: Send + Sync {
    /// A future that completes after `duration`.
    fn sleep(&self, duration: Duration) -> SleepFuture;

    /// Blocks the current thread for `duration`. The default is [`std::thread::sleep`].
    fn sleep_blocking(&self, duration: Duration) {
        std::thread::sleep(duration);
    }
}

/// Where the executor reads the time, to keep the deadline.
pub trait Clock: Send + Sync {
    /// The current instant.
    fn now(&self) -> Instant;
}

/// The system's monotonic clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Instant {
        Instant::now()
    }
}

/// Sleeping with threads: [`std::thread::sleep`] for blocking code and, for async code
/// on any runtime, a helper thread that wakes the task. The default; with tokio, prefer
/// `TokioTime` (feature `tokio`), which uses tokio's timer.
#[derive(Debug, Clone, Copy, Default)]
pub struct ThreadSleep;

impl Sleep for ThreadSleep {
    fn sleep(&self, duration: Duration) -> SleepFuture {
        Box::pin(ThreadTimer { duration, state: None })
    }
}

/// A future completed by a helper thread after `duration`; a zero wait is ready at once.
struct ThreadTimer {
    duration: Duration,
    state: Option<Arc<Mutex<TimerState>>>,
}

#[derive(Default)]
struct TimerState {
    done: bool,
    waker: Option<Waker>,
}

impl Future for ThreadTimer {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.duration.is_zero() {
            return Poll::Ready(());
        }
        let duration = self.duration;
        let state = self.state.get_or_insert_with(|| {
            let state = Arc::new(Mutex::new(TimerState::default()));
            let shared = Arc::clone(&state);
            std::thread::spawn(move || {
                std::thread::sleep(duration);
                let mut state = shared.lock().unwrap_or_else(|p| p.into_inner());
                state.done = true;
                if let Some(waker) = state.waker.take() {
                    waker.wake();
                }
            });
            state
        });
        let mut state = state.lock().unwrap_or_else(|p| p.into_inner());
        if state.done {
            Poll::Ready(())
        } else {
            state.waker = Some(cx.waker().clone());
            Poll::Pending
        }
    }
}

/// Virtual time: sleeping advances the clock at once instead of waiting, and every wait
/// is recorded. Use one clone as both [`Clock`] and [`Sleep`] of an executor (see
/// `Executor::time`) to test retry logic, blocking or async, in no time and
/// deterministically; or use it in a simulation.
///
/// ```
/// use std::time::Duration;
/// use errtable::retry::{Clock, Sleep, VirtualClock};
/// let clock = VirtualClock::new();
/// let start = clock.now();
/// clock.sleep_blocking(Duration::from_secs(30));
/// assert_eq!(clock.now() - start, Duration::from_secs(30));
/// assert_eq!(clock.sleeps(), [Duration::from_secs(30)]);
/// ```
#[derive(Clone)]
pub struct VirtualClock(Arc<VirtualInner>);

struct VirtualInner {
    origin: Instant,
    offset_nanos: AtomicU64,
    sleeps: Mutex<Vec<Duration>>,
}

impl VirtualClock {
    /// A clock at its origin, with no sleeps recorded.
    pub fn new() -> VirtualClock {
        VirtualClock(Arc::new(VirtualInner {
            origin: Instant::now(),
            offset_nanos: AtomicU64::new(0),
            sleeps: Mutex::new(Vec::new()),
        }))
    }

    /// Moves the clock forward (saturating after some 584 years).
    pub fn advance(&self, duration: Duration) {
        let nanos = u64::try_from(duration.as_nanos()).unwrap_or(u64::MAX);
        let _ = self.0.offset_nanos.fetch_update(Ordering::SeqCst, Ordering::SeqCst, |offset| {
            Some(offset.saturating_add(nanos))
        });
    }

    /// Virtual time since the clock was made.
    pub fn elapsed(&self) -> Duration {
        Duration::from_nanos(self.0.offset_nanos.load(Ordering::SeqCst))
    }

    /// Every sleep so far, in order.
    pub fn sleeps(&self) -> Vec<Duration> {
        self.0.sleeps.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    fn record(&self, duration: Duration) {
        self.0.sleeps.lock().unwrap_or_else(|p| p.into_inner()).push(duration);
        self.advance(duration);
    }
}

impl Default for VirtualClock {
    fn default() -> Self {
        VirtualClock::new()
    }
}

impl fmt::Debug for VirtualClock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("VirtualClock").field("elapsed", &self.elapsed()).finish()
    }
}

impl Clock for VirtualClock {
    fn now(&self) -> Instant {
        // `Instant` covers centuries past its origin on every platform errtable targets.
        self.0.origin.checked_add(self.elapsed()).unwrap_or(self.0.origin)
    }
}

impl Sleep for VirtualClock {
    fn sleep(&self, duration: Duration) -> SleepFuture {
        self.record(duration);
        Box::pin(std::future::ready(()))
    }

    fn sleep_blocking(&self, duration: Duration) {
        self.record(duration);
    }
}

/// tokio's timer and clock: `tokio::time::sleep` and `tokio::time::Instant`, so that
/// tests under `#[tokio::test(start_paused = true)]` run on paused, auto-advancing
/// time. Blocking sleeps use [`std::thread::sleep`].
#[cfg(feature = "tokio")]
#[derive(Debug, Clone, Copy, Default)]
pub struct TokioTime;

#[cfg(feature = "tokio")]
impl Sleep for TokioTime {
    fn sleep(&self, duration: Duration) -> SleepFuture {
        Box::pin(tokio::time::sleep(duration))
    }
}

#[cfg(feature = "tokio")]
impl Clock for TokioTime {
    fn now(&self) -> Instant {
        tokio::time::Instant::now().into_std()
    }
}

impl<T: Sleep + ?Sized> Sleep for Arc<T> {
    fn sleep(&self, duration: Duration) -> SleepFuture {
        (**self).sleep(duration)
    }

    fn sleep_blocking(&self, duration: Duration) {
        (**self).sleep_blocking(duration)
    }
}

impl<T: Clock + ?Sized> Clock for Arc<T> {
    fn now(&self) -> Instant {
        (**self).now()
    }
}

/// Where backoff jitter comes from: numbers in `0.0..=1.0`.
///
/// The default is [`Xorshift`], seeded per executor. Any `Fn() -> f64` is a source, so
/// tests fix it with a closure (`|| 1.0`: the full delay; `|| 0.0`: none).
pub trait JitterSource: Send + Sync {
    /// The next draw, in `0.0..=1.0` (values outside are clamped).
    fn unit(&self) -> f64;
}

impl<F: Fn() -> f64 + Send + Sync> JitterSource for F {
    fn unit(&self) -> f64 {
        self()
    }
}

/// A small, fast, non-cryptographic generator (xorshift64*) for jitter, shared safely
/// across threads.
pub struct Xorshift(AtomicU64);

impl Xorshift {
    /// A generator from `seed` (0 is replaced by a fixed odd constant).
    pub const fn new(seed: u64) -> Xorshift {
        Xorshift(AtomicU64::new(if seed == 0 { 0x9E37_79B9_7F4A_7C15 } else { seed }))
    }

    /// A generator seeded from the process's hash randomness and the clock.
    pub fn from_entropy() -> Xorshift {
        use std::hash::{BuildHasher, Hasher};
        let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
        hasher.write_u128(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap_or_default()
                .as_nanos(),
        );
        Xorshift::new(hasher.finish())
    }

    fn next_u64(&self) -> u64 {
        let step = |mut x: u64| {
            x ^= x >> 12;
            x ^= x << 25;
            x ^= x >> 27;
            x
        };
        let previous = self
            .0
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |x| Some(step(x)))
            .unwrap_or_else(|x| x);
        step(previous).wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
}

impl JitterSource for Xorshift {
    fn unit(&self) -> f64 {
        // The top 53 bits, as a fraction in 0.0..1.0.
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

impl fmt::Debug for Xorshift {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Xorshift")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::task::Wake;

    /// Runs a future to completion on this thread.
    fn block_on<F: Future>(future: F) -> F::Output {
        struct Unpark(std::thread::Thread);
        impl Wake for Unpark {
            fn wake(self: Arc<Self>) {
                self.0.unpark();
            }
        }
        let waker = Waker::from(Arc::new(Unpark(std::thread::current())));
        let mut cx = Context::from_waker(&waker);
        let mut future = std::pin::pin!(future);
        loop {
            if let Poll::Ready(output) = future.as_mut().poll(&mut cx) {
                return output;
            }
            std::thread::park();
        }
    }

    #[test]
    fn thread_sleep_completes_without_a_runtime() {
        block_on(ThreadSleep.sleep(Duration::ZERO));
        block_on(ThreadSleep.sleep(Duration::from_millis(1)));
    }

    #[test]
    fn virtual_time_advances_and_records() {
        let clock = VirtualClock::new();
        let start = clock.now();
        block_on(clock.sleep(Duration::from_secs(2)));
        clock.sleep_blocking(Duration::ZERO);
        clock.advance(Duration::MAX);
        assert_eq!(clock.sleeps(), [Duration::from_secs(2), Duration::ZERO]);
        assert!(clock.now() >= start);
        assert_eq!(clock.elapsed(), Duration::from_nanos(u64::MAX));
    }

    #[test]
    fn xorshift_draws_units() {
        let source = Xorshift::new(0);
        let draws: Vec<f64> = (0..1000).map(|_| source.unit()).collect();
        assert!(draws.iter().all(|u| (0.0..1.0).contains(u)));
        assert!(draws.windows(2).all(|w| w[0] != w[1]));
        let mean = draws.iter().sum::<f64>() / 1000.0;
        assert!((0.4..0.6).contains(&mean), "{mean}");
        assert_eq!((|| 0.25).unit(), 0.25);
        let _ = Xorshift::from_entropy().unit();
    }
}
