//! [`RetryConfig`]: how many attempts an operation call may make and how long to back off.
//!
//! In: settings from the user, the environment (`AWS_MAX_ATTEMPTS`) or a profile
//! (`max_attempts`). Out: plain data that the retry loop in [`crate::client::invoke`] reads.
//! Names follow `aws_smithy_types::retry::RetryConfig`; only the standard mode exists here.

use std::time::Duration;

/// Retry settings: standard mode (the default) or disabled.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryConfig {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
}

impl RetryConfig {
    /// Standard mode as the AWS SDKs define it: 3 attempts, backoff
    /// `rand * min(20 s, 1 s * 2^(attempt - 1))`, and a retry quota. See [`crate::retry`].
    pub fn standard() -> Self {
        Self {
            max_attempts: 3,
            initial_backoff: Duration::from_secs(1),
            max_backoff: Duration::from_secs(20),
        }
    }

    /// One attempt, never retried.
    pub fn disabled() -> Self {
        Self::standard().with_max_attempts(1)
    }

    /// Sets the maximum number of attempts, the first one included; `1` disables retries and
    /// `0` is treated as `1`.
    pub fn with_max_attempts(mut self, max_attempts: u32) -> Self {
        self.max_attempts = max_attempts.max(1);
        self
    }

    /// Sets the backoff base: the upper bound of the delay before the first retry.
    pub fn with_initial_backoff(mut self, initial_backoff: Duration) -> Self {
        self.initial_backoff = initial_backoff;
        self
    }

    /// Sets the cap on any one backoff delay.
    pub fn with_max_backoff(mut self, max_backoff: Duration) -> Self {
        self.max_backoff = max_backoff;
        self
    }

    /// The maximum number of attempts, at least 1.
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The backoff base.
    pub fn initial_backoff(&self) -> Duration {
        self.initial_backoff
    }

    /// The cap on any one backoff delay.
    pub fn max_backoff(&self) -> Duration {
        self.max_backoff
    }

    /// Whether more than one attempt is allowed.
    pub fn has_retry(&self) -> bool {
        self.max_attempts > 1
    }
}

impl Default for RetryConfig {
    /// [`RetryConfig::standard`].
    fn default() -> Self {
        Self::standard()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standard_defaults_and_overrides() {
        let standard = RetryConfig::standard();
        assert_eq!(standard.max_attempts(), 3);
        assert_eq!(standard.initial_backoff(), Duration::from_secs(1));
        assert_eq!(standard.max_backoff(), Duration::from_secs(20));
        assert!(standard.has_retry());
        assert_eq!(RetryConfig::default(), standard);

        let disabled = RetryConfig::disabled();
        assert_eq!(disabled.max_attempts(), 1);
        assert!(!disabled.has_retry());
        assert_eq!(
            RetryConfig::standard().with_max_attempts(0).max_attempts(),
            1
        );
        let custom = RetryConfig::standard()
            .with_max_attempts(5)
            .with_initial_backoff(Duration::from_millis(10))
            .with_max_backoff(Duration::from_millis(50));
        assert_eq!(
            (
                custom.max_attempts(),
                custom.initial_backoff(),
                custom.max_backoff()
            ),
            (5, Duration::from_millis(10), Duration::from_millis(50))
        );
    }
}
