//! The bridge to the official `aws-config` stack (feature `aws-config`, off by default).
//!
//! In: an `aws_types::SdkConfig`, typically from `aws_config::load_defaults(...)`, with its
//! full credentials chain (SSO, assume-role, IMDS, ...). Out: a [`Builder`] with the same
//! region, credentials, endpoint URL, FIPS / dual-stack flags, retry and timeout settings, and
//! [`SdkCredentialsProvider`], which adapts any
//! `aws_credential_types::provider::SharedCredentialsProvider` to [`ProvideCredentials`], behind
//! a [`super::CredentialsCache`].

use aws_credential_types::provider::ProvideCredentials as _;
use aws_credential_types::provider::SharedCredentialsProvider as SdkSharedProvider;
use aws_types::SdkConfig;

use super::{
    Builder, Config, Credentials, CredentialsError, ProvideCredentials, Region, RetryConfig,
    TimeoutConfig,
};
use crate::connector::BoxFuture;

/// A [`ProvideCredentials`] that asks an `aws-config` credentials provider.
#[derive(Debug, Clone)]
pub struct SdkCredentialsProvider(SdkSharedProvider);

impl SdkCredentialsProvider {
    /// Wraps an `aws-config` provider.
    pub fn new(provider: SdkSharedProvider) -> Self {
        Self(provider)
    }
}

impl ProvideCredentials for SdkCredentialsProvider {
    fn provide_credentials<'a>(&'a self) -> BoxFuture<'a, Result<Credentials, CredentialsError>> {
        Box::pin(async move {
            let credentials = self.0.provide_credentials().await.map_err(|e| {
                CredentialsError::provider_error("the aws-config provider failed", e)
            })?;
            Ok(Credentials::new(
                credentials.access_key_id(),
                credentials.secret_access_key(),
                credentials.session_token().map(str::to_owned),
                credentials.expiry(),
                "aws-config",
            ))
        })
    }
}

impl Builder {
    /// A builder with the settings of an `aws-config` `SdkConfig`.
    pub fn from_sdk_config(sdk: &SdkConfig) -> Builder {
        let mut builder = Config::builder();
        builder
            .set_region(sdk.region().map(|r| Region::new(r.as_ref().to_owned())))
            .set_endpoint_url(sdk.endpoint_url().map(str::to_owned))
            .set_use_fips(sdk.use_fips())
            .set_use_dual_stack(sdk.use_dual_stack());
        if let Some(provider) = sdk.credentials_provider() {
            // aws-config's providers cache nothing themselves (the official SDK keeps an
            // identity cache in front of them), so they go behind ours.
            builder.set_credentials_provider(Some(super::SharedCredentialsProvider::new(
                super::CredentialsCache::new(SdkCredentialsProvider::new(provider)),
            )));
        }
        if let Some(retry) = sdk.retry_config() {
            let mode = match retry.mode() {
                aws_smithy_types::retry::RetryMode::Adaptive => super::RetryMode::Adaptive,
                _ => super::RetryMode::Standard,
            };
            builder.set_retry_config(Some(
                RetryConfig::standard()
                    .with_retry_mode(mode)
                    .with_max_attempts(retry.max_attempts())
                    .with_initial_backoff(retry.initial_backoff())
                    .with_max_backoff(retry.max_backoff()),
            ));
        }
        if let Some(timeouts) = sdk.timeout_config() {
            let mut t = TimeoutConfig::builder();
            if let Some(d) = timeouts.connect_timeout() {
                t = t.connect_timeout(d);
            }
            if let Some(d) = timeouts.operation_attempt_timeout() {
                t = t.operation_attempt_timeout(d);
            }
            if let Some(d) = timeouts.operation_timeout() {
                t = t.operation_timeout(d);
            }
            builder.set_timeout_config(Some(t.build()));
        }
        builder
    }
}

impl Config {
    /// A config with the settings of an `aws-config` `SdkConfig`.
    pub fn from_sdk_config(sdk: &SdkConfig) -> Config {
        Builder::from_sdk_config(sdk).build()
    }
}

impl Config {
    /// A config with the settings of an `aws-config` `SdkConfig`, as the reference SDKs'
    /// `Config::new(&SdkConfig)` (same as [`Config::from_sdk_config`]).
    pub fn new(sdk: &SdkConfig) -> Config {
        Config::from_sdk_config(sdk)
    }
}

impl From<&SdkConfig> for Config {
    fn from(sdk: &SdkConfig) -> Self {
        Config::from_sdk_config(sdk)
    }
}

impl From<&SdkConfig> for Builder {
    fn from(sdk: &SdkConfig) -> Self {
        Builder::from_sdk_config(sdk)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::block_on;

    #[test]
    fn sdk_config_is_carried_over() {
        let sdk = SdkConfig::builder()
            .region(aws_types::region::Region::new("eu-north-1"))
            .credentials_provider(SdkSharedProvider::new(
                aws_credential_types::Credentials::new("AKID", "SECRET", None, None, "test"),
            ))
            .use_fips(true)
            .build();
        let config = Config::from_sdk_config(&sdk);
        assert_eq!(config.region().map(Region::as_ref), Some("eu-north-1"));
        for other in [Config::new(&sdk), Config::from(&sdk)] {
            assert_eq!(other.region(), config.region());
            assert!(other.use_fips());
        }
        assert!(config.use_fips() && !config.use_dual_stack());
        let provider = config.credentials_provider().expect("provider");
        let creds = block_on(provider.provide_credentials()).expect("credentials");
        assert_eq!(creds.access_key_id(), "AKID");
        assert_eq!(creds.secret_access_key(), "SECRET");
        assert!(!format!("{config:?}").contains("SECRET"));
    }

    /// An `aws-config` style provider that counts how often it is asked.
    #[derive(Debug, Default)]
    struct CountingSdkProvider(std::sync::atomic::AtomicUsize);

    impl aws_credential_types::provider::ProvideCredentials for CountingSdkProvider {
        fn provide_credentials<'a>(
            &'a self,
        ) -> aws_credential_types::provider::future::ProvideCredentials<'a>
        where
            Self: 'a,
        {
            self.0.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            let expiry = std::time::SystemTime::now() + std::time::Duration::from_secs(3600);
            aws_credential_types::provider::future::ProvideCredentials::ready(Ok(
                aws_credential_types::Credentials::new(
                    "AKID",
                    "SECRET",
                    None,
                    Some(expiry),
                    "imds",
                ),
            ))
        }
    }

    #[test]
    fn retry_mode_and_attempts_are_carried_over() {
        let sdk = SdkConfig::builder()
            .retry_config(aws_smithy_types::retry::RetryConfig::adaptive().with_max_attempts(5))
            .build();
        let retry = Config::from_sdk_config(&sdk).retry_config().clone();
        assert_eq!(retry.mode(), super::super::RetryMode::Adaptive);
        assert_eq!(retry.max_attempts(), 5);
    }

    #[test]
    fn sdk_providers_are_cached() {
        let counting = std::sync::Arc::new(CountingSdkProvider::default());
        let sdk = SdkConfig::builder()
            .credentials_provider(SdkSharedProvider::new(CountingArc(counting.clone())))
            .build();
        let config = Config::from_sdk_config(&sdk);
        let provider = config.credentials_provider().expect("provider");
        for _ in 0..3 {
            let creds = block_on(provider.provide_credentials()).expect("credentials");
            assert_eq!(creds.access_key_id(), "AKID");
        }
        assert_eq!(counting.0.load(std::sync::atomic::Ordering::SeqCst), 1);
    }

    #[derive(Debug)]
    struct CountingArc(std::sync::Arc<CountingSdkProvider>);

    impl aws_credential_types::provider::ProvideCredentials for CountingArc {
        fn provide_credentials<'a>(
            &'a self,
        ) -> aws_credential_types::provider::future::ProvideCredentials<'a>
        where
            Self: 'a,
        {
            self.0.provide_credentials()
        }
    }
}
