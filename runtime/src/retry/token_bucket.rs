//! The retry quota: a token bucket shared by every call made with one config.
//!
//! In: retry decisions (acquire) and successful calls (refund). Out: whether a retry may
//! happen. It stops a client from multiplying load on a failing service: when too many calls
//! are retrying, further failures are returned without retrying until successes refill it.

use std::sync::atomic::{AtomicU32, Ordering};

use super::ErrorKind;

/// The standard mode retry quota.
#[derive(Debug)]
pub struct TokenBucket {
    capacity: u32,
    available: AtomicU32,
}

impl TokenBucket {
    /// Tokens in a new bucket, and its capacity.
    pub const DEFAULT_CAPACITY: u32 = 500;
    /// The cost of a retry.
    pub const RETRY_COST: u32 = 5;
    /// The cost of a retry after a timeout or connection failure
    /// ([`ErrorKind::TransientError`]).
    pub const TIMEOUT_RETRY_COST: u32 = 10;
    /// Added when a call succeeds at its first attempt.
    pub const NO_RETRY_INCREMENT: u32 = 1;

    /// A full bucket of `capacity` tokens.
    pub fn new(capacity: u32) -> Self {
        Self {
            capacity,
            available: AtomicU32::new(capacity),
        }
    }

    /// The tokens left.
    pub fn available(&self) -> u32 {
        self.available.load(Ordering::SeqCst)
    }

    /// The cost of retrying after a failure of this kind.
    pub fn cost(kind: ErrorKind) -> u32 {
        match kind {
            ErrorKind::TransientError => Self::TIMEOUT_RETRY_COST,
            ErrorKind::ThrottlingError | ErrorKind::ServerError => Self::RETRY_COST,
        }
    }

    /// Takes the cost of a retry after `kind`; `None` (and nothing taken) when the bucket
    /// holds too few tokens.
    pub fn try_acquire(&self, kind: ErrorKind) -> Option<u32> {
        let cost = Self::cost(kind);
        self.available
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(cost))
            .ok()
            .map(|_| cost)
    }

    /// Returns `amount` tokens, never filling past the capacity.
    pub fn refund(&self, amount: u32) {
        let capacity = self.capacity;
        let _ = self
            .available
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| {
                Some(n.saturating_add(amount).min(capacity))
            });
    }
}

impl Default for TokenBucket {
    fn default() -> Self {
        Self::new(Self::DEFAULT_CAPACITY)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exhaustion_and_refund() {
        let bucket = TokenBucket::default();
        assert_eq!(bucket.available(), 500);
        // 50 timeout retries drain 500 tokens exactly.
        for i in 0..50 {
            assert_eq!(
                bucket.try_acquire(ErrorKind::TransientError),
                Some(10),
                "retry {i}"
            );
        }
        assert_eq!(bucket.available(), 0);
        assert_eq!(bucket.try_acquire(ErrorKind::ServerError), None);
        assert_eq!(bucket.try_acquire(ErrorKind::ThrottlingError), None);
        assert_eq!(bucket.available(), 0, "a refused retry takes nothing");

        bucket.refund(TokenBucket::RETRY_COST);
        assert_eq!(
            bucket.try_acquire(ErrorKind::TransientError),
            None,
            "10 > 5"
        );
        assert_eq!(bucket.try_acquire(ErrorKind::ThrottlingError), Some(5));
        bucket.refund(10_000);
        assert_eq!(bucket.available(), 500, "capped at the capacity");
    }

    #[test]
    fn small_bucket() {
        let bucket = TokenBucket::new(12);
        assert_eq!(bucket.try_acquire(ErrorKind::ServerError), Some(5));
        assert_eq!(bucket.try_acquire(ErrorKind::TransientError), None);
        assert_eq!(bucket.try_acquire(ErrorKind::ServerError), Some(5));
        assert_eq!(bucket.available(), 2);
    }
}
