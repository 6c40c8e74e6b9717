//! The client-side rate limiter of adaptive retry mode, as the AWS SDKs define it.
//!
//! In: the time (seconds on a monotonic clock) of each attempt about to be sent, and after each
//! response whether it was a throttling error. Out: how long to wait before sending. Until the
//! first throttling error the limiter lets everything through. From then on, sends draw tokens
//! from a bucket whose fill rate follows CUBIC: a throttling error cuts the rate to 70 % of the
//! (measured) sending rate; successes grow it back along a cubic curve that flattens near the
//! rate at which throttling last happened, then probes beyond it. The fill rate never exceeds
//! twice the measured sending rate, and never drops below 0.5 requests per second.

use std::sync::Mutex;
use std::time::Duration;

/// Lowest fill rate, requests per second.
const MIN_FILL_RATE: f64 = 0.5;
/// Lowest bucket capacity.
const MIN_CAPACITY: f64 = 1.0;
/// Weight of the newest measurement in the smoothed sending rate.
const SMOOTH: f64 = 0.8;
/// Factor the rate is cut to on throttling.
const BETA: f64 = 0.7;
/// How steeply the rate grows back after throttling.
const SCALE_CONSTANT: f64 = 0.4;

/// The limiter's state, shared by all calls of a client.
#[derive(Debug, Default)]
pub struct ClientRateLimiter {
    state: Mutex<State>,
}

#[derive(Debug)]
struct State {
    enabled: bool,
    fill_rate: f64,
    max_capacity: f64,
    current_capacity: f64,
    last_timestamp: Option<f64>,
    last_max_rate: f64,
    last_throttle_time: f64,
    time_window: f64,
    measured_tx_rate: f64,
    last_tx_rate_bucket: f64,
    request_count: u64,
}

impl Default for State {
    fn default() -> Self {
        Self {
            enabled: false,
            fill_rate: MIN_FILL_RATE,
            max_capacity: MIN_CAPACITY,
            current_capacity: 0.0,
            last_timestamp: None,
            last_max_rate: 0.0,
            last_throttle_time: 0.0,
            time_window: 0.0,
            measured_tx_rate: 0.0,
            last_tx_rate_bucket: 0.0,
            request_count: 0,
        }
    }
}

impl State {
    fn refill(&mut self, now: f64) {
        if let Some(last) = self.last_timestamp {
            let fill = (now - last).max(0.0) * self.fill_rate;
            self.current_capacity = (self.current_capacity + fill).min(self.max_capacity);
        }
        self.last_timestamp = Some(now);
    }

    fn update_measured_rate(&mut self, now: f64) {
        let bucket = (now * 2.0).floor() / 2.0;
        self.request_count += 1;
        if bucket > self.last_tx_rate_bucket {
            let current = self.request_count as f64 / (bucket - self.last_tx_rate_bucket);
            self.measured_tx_rate = current * SMOOTH + self.measured_tx_rate * (1.0 - SMOOTH);
            self.request_count = 0;
            self.last_tx_rate_bucket = bucket;
        }
    }

    fn time_window(&self) -> f64 {
        (self.last_max_rate * (1.0 - BETA) / SCALE_CONSTANT).cbrt()
    }
}

impl ClientRateLimiter {
    /// A limiter that lets everything through until the first throttling error.
    pub fn new() -> Self {
        Self::default()
    }

    /// Takes a token to send at `now`; returns how long to wait first (zero when a token is
    /// there, or the limiter has not been engaged by throttling yet).
    pub fn acquire(&self, now: f64) -> Duration {
        let mut s = self.state.lock().unwrap_or_else(|e| e.into_inner());
        if !s.enabled {
            return Duration::ZERO;
        }
        s.refill(now);
        let wait = if s.current_capacity < 1.0 {
            (1.0 - s.current_capacity) / s.fill_rate
        } else {
            0.0
        };
        s.current_capacity -= 1.0;
        Duration::try_from_secs_f64(wait).unwrap_or(Duration::ZERO)
    }

    /// Records a response received at `now`: `throttled` when it was a throttling error.
    pub fn update(&self, now: f64, throttled: bool) {
        let mut s = self.state.lock().unwrap_or_else(|e| e.into_inner());
        s.update_measured_rate(now);
        let rate = if throttled {
            let rate_to_use = if s.enabled {
                s.measured_tx_rate.min(s.fill_rate)
            } else {
                s.measured_tx_rate
            };
            s.last_max_rate = rate_to_use;
            s.time_window = s.time_window();
            s.last_throttle_time = now;
            s.enabled = true;
            rate_to_use * BETA
        } else {
            s.time_window = s.time_window();
            SCALE_CONSTANT * (now - s.last_throttle_time - s.time_window).powi(3) + s.last_max_rate
        };
        let new_rate = rate.min(2.0 * s.measured_tx_rate);
        s.refill(now);
        s.fill_rate = new_rate.max(MIN_FILL_RATE);
        s.max_capacity = new_rate.max(MIN_CAPACITY);
        s.current_capacity = s.current_capacity.min(s.max_capacity);
    }

    /// The current fill rate in requests per second (for tests and diagnostics).
    pub fn fill_rate(&self) -> f64 {
        self.state
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .fill_rate
    }

    /// The smoothed measured sending rate in requests per second.
    pub fn measured_tx_rate(&self) -> f64 {
        self.state
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .measured_tx_rate
    }

    /// Whether a throttling error has engaged the limiter.
    pub fn is_enabled(&self) -> bool {
        self.state.lock().unwrap_or_else(|e| e.into_inner()).enabled
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passes_everything_until_throttled() {
        let limiter = ClientRateLimiter::new();
        for i in 0..100 {
            let now = f64::from(i) * 0.01;
            assert_eq!(limiter.acquire(now), Duration::ZERO);
            limiter.update(now, false);
        }
        assert!(!limiter.is_enabled());
    }

    #[test]
    fn measured_rate_follows_half_second_buckets() {
        let limiter = ClientRateLimiter::new();
        // 10 requests per second for 5 seconds.
        for i in 0..50 {
            limiter.update(f64::from(i) * 0.1, false);
        }
        let rate = limiter.measured_tx_rate();
        assert!((rate - 10.0).abs() < 1.0, "{rate}");
    }

    #[test]
    fn throttling_cuts_the_rate_and_success_grows_it_back() {
        let limiter = ClientRateLimiter::new();
        let mut now = 0.0;
        // Send at 20/s for 5 s, then get throttled.
        for _ in 0..100 {
            limiter.update(now, false);
            now += 0.05;
        }
        let measured = limiter.measured_tx_rate();
        limiter.update(now, true);
        assert!(limiter.is_enabled());
        let cut = limiter.fill_rate();
        assert!(
            (cut - measured * BETA).abs() < 1e-9,
            "{cut} vs {measured} * 0.7"
        );

        // Once the tokens left in the bucket are spent, sends wait.
        let waited = (0..100).any(|_| limiter.acquire(now) > Duration::ZERO);
        assert!(waited);

        // Successes at the allowed pace bring the rate back up, past the cut.
        let mut rates = Vec::new();
        for _ in 0..400 {
            now += 1.0 / limiter.fill_rate().max(1.0);
            let _ = limiter.acquire(now);
            limiter.update(now, false);
            rates.push(limiter.fill_rate());
        }
        let last = *rates.last().expect("rates");
        assert!(last > cut, "{last} <= {cut}");
        assert!(rates.iter().all(|r| *r >= MIN_FILL_RATE));
    }

    #[test]
    fn the_rate_never_drops_below_the_floor() {
        let limiter = ClientRateLimiter::new();
        for i in 0..50 {
            limiter.update(f64::from(i), true);
        }
        assert_eq!(limiter.fill_rate(), MIN_FILL_RATE);
        // The one token the bucket holds goes first; with a 0.5/s fill rate the next send
        // waits 2 s.
        assert_eq!(limiter.acquire(50.0), Duration::ZERO);
        assert_eq!(limiter.acquire(50.0), Duration::from_secs(2));
    }

    #[test]
    fn waits_match_the_fill_rate_once_engaged() {
        let limiter = ClientRateLimiter::new();
        limiter.update(0.0, true);
        let rate = limiter.fill_rate();
        // Bucket empty: the first send waits for one token.
        let first = limiter.acquire(0.0).as_secs_f64();
        assert!((first - 1.0 / rate).abs() < 1e-9, "{first} vs 1/{rate}");
        // A long pause refills the bucket (up to its capacity): no wait.
        assert_eq!(limiter.acquire(100.0), Duration::ZERO);
    }
}
