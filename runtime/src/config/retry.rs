//! [`RetryConfig`]: how many attempts an operation call may make and how long to back off.
//!
//! In: settings from the user, the environment (`AWS_MAX_ATTEMPTS`) or a profile
//! (`max_attempts`). Out: plain data that the retry loop in [`crate::client::invoke`] reads.
//! Names follow `aws_smithy_types::retry::RetryConfig`: standard mode (the default) and
//! adaptive mode (standard plus a client-side rate limiter, see
//! [`crate::retry::ClientRateLimiter`]).

use std::time::Duration;

/// How failed attempts are handled, as the AWS SDKs name the modes.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum RetryMode {
    /// Retries with backoff and a retry quota.
    #[default]
    Standard,
    /// Standard, plus a client-wide rate limiter that slows sending down after throttling
    /// errors and speeds it up again as calls succeed.
    Adaptive,
}

impl std::str::FromStr for RetryMode {
    type Err = String;
    /// `standard` or `adaptive`, in any case.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "standard" => Ok(RetryMode::Standard),
            "adaptive" => Ok(RetryMode::Adaptive),
            _ => Err(format!("retry mode `{s}` is not `standard` or `adaptive`")),
        }
    }
}

/// Retry settings: standard mode (the default), adaptive mode, or disabled.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryConfig {
    mode: RetryMode,
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
}

impl RetryConfig {
    /// Standard mode as the AWS SDKs define it: 3 attempts, backoff
    /// `rand * min(20 s, 1 s * 2^(attempt - 1))`, and a retry quota. See [`crate::retry`].
    pub fn standard() -> Self {
        Self {
            mode: RetryMode::Standard,
            max_attempts: 3,
            initial_backoff: Duration::from_secs(1),
            max_backoff: Duration::from_secs(20),
        }
    }

    /// Adaptive mode: standard mode plus client-side rate limiting after throttling errors.
    pub fn adaptive() -> Self {
        Self::standard().with_retry_mode(RetryMode::Adaptive)
    }

    /// Sets the mode.
    pub fn with_retry_mode(mut self, mode: RetryMode) -> Self {
        self.mode = mode;
        self
    }

    /// The mode.
    pub fn mode(&self) -> RetryMode {
        self.mode
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

        assert_eq!(standard.mode(), RetryMode::Standard);
        let adaptive = RetryConfig::adaptive().with_max_attempts(4);
        assert_eq!(
            (adaptive.mode(), adaptive.max_attempts()),
            (RetryMode::Adaptive, 4)
        );
        assert_eq!("Adaptive".parse::<RetryMode>(), Ok(RetryMode::Adaptive));
        assert_eq!(" standard ".parse::<RetryMode>(), Ok(RetryMode::Standard));
        assert_eq!(
            "legacy".parse::<RetryMode>(),
            Err("retry mode `legacy` is not `standard` or `adaptive`".to_owned())
        );

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
