//! [`TimeoutConfig`]: how long connecting, one attempt and a whole operation call may take.
//!
//! In: settings from the user. Out: plain data read by the default HTTPS client (connect
//! timeout) and by the retry loop in [`crate::client::invoke`] (attempt and operation
//! timeouts). Names follow `aws_smithy_types::timeout::TimeoutConfig`. An exceeded timeout is
//! an [`crate::SdkError::TimeoutError`] once retries are exhausted.

use std::time::Duration;

/// Timeouts; `None` means no limit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimeoutConfig {
    connect_timeout: Option<Duration>,
    operation_attempt_timeout: Option<Duration>,
    operation_timeout: Option<Duration>,
}

impl TimeoutConfig {
    /// A builder with every timeout unset.
    pub fn builder() -> TimeoutConfigBuilder {
        TimeoutConfigBuilder::default()
    }

    /// No timeouts at all.
    pub fn disabled() -> Self {
        Self::builder().build()
    }

    /// How long establishing a connection (DNS, TCP and TLS) may take.
    pub fn connect_timeout(&self) -> Option<Duration> {
        self.connect_timeout
    }

    /// How long one attempt (sending the request and reading the whole response) may take.
    pub fn operation_attempt_timeout(&self) -> Option<Duration> {
        self.operation_attempt_timeout
    }

    /// How long the whole operation call, all attempts and backoff included, may take.
    pub fn operation_timeout(&self) -> Option<Duration> {
        self.operation_timeout
    }
}

impl Default for TimeoutConfig {
    /// A 3.1 second connect timeout (the AWS SDK's default) and nothing else.
    fn default() -> Self {
        Self::builder()
            .connect_timeout(super::DEFAULT_CONNECT_TIMEOUT)
            .build()
    }
}

/// Builds a [`TimeoutConfig`].
#[derive(Clone, Debug, Default)]
pub struct TimeoutConfigBuilder {
    connect_timeout: Option<Duration>,
    operation_attempt_timeout: Option<Duration>,
    operation_timeout: Option<Duration>,
}

impl TimeoutConfigBuilder {
    /// Sets the connect timeout.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// Sets the per-attempt timeout.
    pub fn operation_attempt_timeout(mut self, timeout: Duration) -> Self {
        self.operation_attempt_timeout = Some(timeout);
        self
    }

    /// Sets the timeout of the whole operation call.
    pub fn operation_timeout(mut self, timeout: Duration) -> Self {
        self.operation_timeout = Some(timeout);
        self
    }

    /// Finishes the config.
    pub fn build(self) -> TimeoutConfig {
        TimeoutConfig {
            connect_timeout: self.connect_timeout,
            operation_attempt_timeout: self.operation_attempt_timeout,
            operation_timeout: self.operation_timeout,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builder_and_defaults() {
        let t = TimeoutConfig::builder()
            .connect_timeout(Duration::from_secs(1))
            .operation_attempt_timeout(Duration::from_secs(2))
            .operation_timeout(Duration::from_secs(3))
            .build();
        assert_eq!(t.connect_timeout(), Some(Duration::from_secs(1)));
        assert_eq!(t.operation_attempt_timeout(), Some(Duration::from_secs(2)));
        assert_eq!(t.operation_timeout(), Some(Duration::from_secs(3)));
        assert_eq!(
            TimeoutConfig::default().connect_timeout(),
            Some(Duration::from_millis(3100))
        );
        assert_eq!(TimeoutConfig::disabled().connect_timeout(), None);
    }
}
