//! Client configuration.
//!
//! In: settings from the user through [`Builder`], from the environment and the shared AWS
//! files ([`load_from_env`]), or from an `aws_types::SdkConfig` (feature `aws-config`). Out: an
//! immutable [`Config`] that [`crate::client::invoke`] reads for every call. Fields are private
//! and reached through accessors; names follow the AWS SDK for Rust's service `Config`.
//!
//! ```
//! use std::time::Duration;
//! use smithy_rt::config::{Config, Credentials, Region, RetryConfig, TimeoutConfig};
//!
//! let config = Config::builder()
//!     .region(Region::new("us-east-1"))
//!     .credentials_provider(Credentials::new("AKID", "SECRET", None, None, "example"))
//!     .retry_config(RetryConfig::standard().with_max_attempts(5))
//!     .timeout_config(
//!         TimeoutConfig::builder()
//!             .connect_timeout(Duration::from_secs(3))
//!             .operation_attempt_timeout(Duration::from_secs(30))
//!             .build(),
//!     )
//!     .build();
//! assert!(!format!("{config:?}").contains("SECRET"));
//! ```

mod account_id;
#[cfg(feature = "aws-config")]
mod aws_config;
mod behavior;
mod client_context;
mod credentials;
mod env;
mod profile;
mod region;
mod retry;
mod timeout;

use std::fmt;
use std::sync::Arc;

use crate::clock_skew::ClientSkew;
use crate::connector::{HttpConnector, SharedHttpConnector};
pub use crate::idempotency::IdempotencyTokenProvider;
use crate::retry::{ClientRateLimiter, Jitter, TokenBucket};
use crate::sleep::{default_async_sleep, AsyncSleep, SharedAsyncSleep};

pub use account_id::AccountIdEndpointMode;
#[cfg(feature = "aws-config")]
pub use aws_config::SdkCredentialsProvider;
/// The official SDKs' shared configuration (`aws_types::SdkConfig`), from `aws-config`.
#[cfg(feature = "aws-config")]
pub use aws_types::SdkConfig;
pub use behavior::BehaviorVersion;
pub use client_context::{ClientContextParams, ClientContextValue};
pub use credentials::{
    Credentials, CredentialsCache, CredentialsError, ProvideCredentials, SharedCredentialsProvider,
};
pub use env::{load_from_env, load_from_env_with};
pub use profile::LoadError;
pub use region::Region;
pub use retry::{RetryConfig, RetryMode};
pub use timeout::{TimeoutConfig, TimeoutConfigBuilder};

/// The default cap on a response body (see `Builder::max_response_body_size`): 64 MiB.
pub const DEFAULT_MAX_RESPONSE_BODY_SIZE: usize = 64 * 1024 * 1024;

/// The default connect timeout (DNS, TCP and TLS): 3.1 s, as in the AWS SDKs.
pub const DEFAULT_CONNECT_TIMEOUT: std::time::Duration = std::time::Duration::from_millis(3100);

/// The default of [`Builder::request_min_compression_size_bytes`]: 10 KiB, as in the AWS SDKs.
pub const DEFAULT_REQUEST_MIN_COMPRESSION_SIZE_BYTES: u32 = 10_240;

/// The largest allowed [`Builder::request_min_compression_size_bytes`]: 10 MiB.
pub const MAX_REQUEST_MIN_COMPRESSION_SIZE_BYTES: u32 = 10_485_760;

/// Calls `$m!` with every field of [`Builder`] but `client_context_params` (a map, merged by
/// name rather than replaced): the one list that `Config::to_builder` (whose struct literal
/// fails to compile when a field is missing here) and `Builder::then` share.
macro_rules! builder_fields {
    ($m:ident) => {
        $m!(
            http_client,
            endpoint_url,
            region,
            credentials_provider,
            use_fips,
            use_dual_stack,
            account_id_endpoint_mode,
            disable_request_compression,
            request_min_compression_size_bytes,
            retry_config,
            timeout_config,
            sleep_impl,
            retry_jitter,
            max_response_body_size,
            token_bucket,
            rate_limiter,
            client_skew,
            idempotency_token_provider,
            behavior_version
        )
    };
}

/// The settings a client sends requests with.
#[derive(Clone)]
pub struct Config {
    http_client: Option<SharedHttpConnector>,
    endpoint_url: Option<String>,
    region: Option<Region>,
    credentials_provider: Option<SharedCredentialsProvider>,
    use_fips: bool,
    use_dual_stack: bool,
    account_id_endpoint_mode: AccountIdEndpointMode,
    disable_request_compression: bool,
    request_min_compression_size_bytes: u32,
    retry_config: RetryConfig,
    timeout_config: TimeoutConfig,
    sleep_impl: SharedAsyncSleep,
    retry_jitter: Jitter,
    max_response_body_size: usize,
    token_bucket: Arc<TokenBucket>,
    rate_limiter: Arc<ClientRateLimiter>,
    client_skew: Arc<ClientSkew>,
    idempotency_token_provider: IdempotencyTokenProvider,
    behavior_version: BehaviorVersion,
    client_context_params: ClientContextParams,
}

impl Config {
    /// A builder with nothing set.
    pub fn builder() -> Builder {
        Builder::default()
    }

    /// The connector requests are sent through. With the `default-https-client` feature (on
    /// by default) this is the built-in client unless another one was set.
    pub fn http_client(&self) -> Option<&SharedHttpConnector> {
        self.http_client.as_ref()
    }

    /// The endpoint URL override, e.g. `http://localhost:4566`.
    pub fn endpoint_url(&self) -> Option<&str> {
        self.endpoint_url.as_deref()
    }

    /// The region requests go to and are signed for.
    pub fn region(&self) -> Option<&Region> {
        self.region.as_ref()
    }

    /// The credentials provider requests are signed with.
    pub fn credentials_provider(&self) -> Option<&SharedCredentialsProvider> {
        self.credentials_provider.as_ref()
    }

    /// Whether to use FIPS endpoints (`AWS::UseFIPS`).
    pub fn use_fips(&self) -> bool {
        self.use_fips
    }

    /// Whether to use dual-stack endpoints (`AWS::UseDualStack`).
    pub fn use_dual_stack(&self) -> bool {
        self.use_dual_stack
    }

    /// Whether account-based endpoints are used (`AWS::Auth::AccountIdEndpointMode`).
    pub fn account_id_endpoint_mode(&self) -> AccountIdEndpointMode {
        self.account_id_endpoint_mode
    }

    /// Whether the bodies of `@requestCompression` operations are sent uncompressed.
    pub fn disable_request_compression(&self) -> bool {
        self.disable_request_compression
    }

    /// The smallest request body of a `@requestCompression` operation that is compressed.
    pub fn request_min_compression_size_bytes(&self) -> u32 {
        self.request_min_compression_size_bytes
    }

    /// The retry settings.
    pub fn retry_config(&self) -> &RetryConfig {
        &self.retry_config
    }

    /// The timeouts.
    pub fn timeout_config(&self) -> &TimeoutConfig {
        &self.timeout_config
    }

    /// How backoff delays and timeouts wait.
    pub fn sleep_impl(&self) -> &SharedAsyncSleep {
        &self.sleep_impl
    }

    /// The source of the random backoff factor.
    pub fn retry_jitter(&self) -> &Jitter {
        &self.retry_jitter
    }

    /// The largest response body a call accepts: the built-in HTTPS client stops reading past
    /// it, and a body from any other connector that is larger fails the call too.
    pub fn max_response_body_size(&self) -> usize {
        self.max_response_body_size
    }

    /// Where tokens for unset `@idempotencyToken` members come from.
    pub fn idempotency_token_provider(&self) -> &IdempotencyTokenProvider {
        &self.idempotency_token_provider
    }

    /// The retry quota shared by every call made with this config (and its clones).
    pub fn token_bucket(&self) -> &TokenBucket {
        &self.token_bucket
    }

    /// The offset between the service's clock and this machine's that the client has learned
    /// from responses (see [`crate::clock_skew`]); requests are signed at `now + offset`.
    pub fn client_skew(&self) -> &ClientSkew {
        &self.client_skew
    }

    /// The client-wide rate limiter adaptive retry mode uses (shared like the retry quota).
    pub fn rate_limiter(&self) -> &ClientRateLimiter {
        &self.rate_limiter
    }

    /// The value of the client context parameter `name` (a rule-set parameter name such as
    /// `ForcePathStyle`), when set. A generated crate's `config::ConfigExt` reads them typed.
    pub fn client_context_param(&self, name: &str) -> Option<&ClientContextValue> {
        self.client_context_params.get(name)
    }

    /// Every client context parameter set, by name.
    pub fn client_context_params(&self) -> &ClientContextParams {
        &self.client_context_params
    }

    /// The behavior version the config was built with (see [`BehaviorVersion`]).
    pub fn behavior_version(&self) -> BehaviorVersion {
        self.behavior_version
    }

    /// A builder holding these settings, to derive a changed config. The derived config
    /// shares this one's retry quota.
    pub fn to_builder(&self) -> Builder {
        macro_rules! copy {
            ($($field:ident),*) => {
                // Plain settings become `Some`; optional ones stay as they are.
                Builder {
                    $($field: self.$field.clone().into(),)*
                    client_context_params: self.client_context_params.clone(),
                }
            };
        }
        builder_fields!(copy)
    }
}

impl fmt::Debug for Config {
    /// Lists the settings. Credentials print through their own `Debug`, which redacts the
    /// secret key and session token.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("http_client", &self.http_client)
            .field("endpoint_url", &self.endpoint_url)
            .field("region", &self.region)
            .field("credentials_provider", &self.credentials_provider)
            .field("use_fips", &self.use_fips)
            .field("use_dual_stack", &self.use_dual_stack)
            .field("account_id_endpoint_mode", &self.account_id_endpoint_mode)
            .field(
                "disable_request_compression",
                &self.disable_request_compression,
            )
            .field(
                "request_min_compression_size_bytes",
                &self.request_min_compression_size_bytes,
            )
            .field("retry_config", &self.retry_config)
            .field("timeout_config", &self.timeout_config)
            .field("max_response_body_size", &self.max_response_body_size)
            .field("retry_tokens", &self.token_bucket.available())
            .field("behavior_version", &self.behavior_version)
            .field("client_context_params", &self.client_context_params)
            .finish_non_exhaustive()
    }
}

/// Builds a [`Config`].
#[derive(Clone, Default)]
pub struct Builder {
    http_client: Option<SharedHttpConnector>,
    endpoint_url: Option<String>,
    region: Option<Region>,
    credentials_provider: Option<SharedCredentialsProvider>,
    use_fips: Option<bool>,
    use_dual_stack: Option<bool>,
    account_id_endpoint_mode: Option<AccountIdEndpointMode>,
    disable_request_compression: Option<bool>,
    request_min_compression_size_bytes: Option<u32>,
    retry_config: Option<RetryConfig>,
    timeout_config: Option<TimeoutConfig>,
    sleep_impl: Option<SharedAsyncSleep>,
    retry_jitter: Option<Jitter>,
    max_response_body_size: Option<usize>,
    token_bucket: Option<Arc<TokenBucket>>,
    rate_limiter: Option<Arc<ClientRateLimiter>>,
    client_skew: Option<Arc<ClientSkew>>,
    idempotency_token_provider: Option<IdempotencyTokenProvider>,
    behavior_version: Option<BehaviorVersion>,
    /// Only the parameters set (or cleared with `None`); nothing set is empty.
    client_context_params: ClientContextParams,
}

impl fmt::Debug for Builder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Builder")
            .field("http_client", &self.http_client)
            .field("endpoint_url", &self.endpoint_url)
            .field("region", &self.region)
            .field("credentials_provider", &self.credentials_provider)
            .field("use_fips", &self.use_fips)
            .field("use_dual_stack", &self.use_dual_stack)
            .field("retry_config", &self.retry_config)
            .field("timeout_config", &self.timeout_config)
            .field("behavior_version", &self.behavior_version)
            .field("client_context_params", &self.client_context_params)
            .finish_non_exhaustive()
    }
}

/// `name(value)` and `set_name(Option<value>)` builder methods.
macro_rules! setters {
    ($($(#[$doc:meta])* $name:ident / $set:ident: $ty:ty;)*) => {$(
        $(#[$doc])*
        pub fn $name(mut self, value: $ty) -> Self {
            self.$name = Some(value);
            self
        }

        #[doc = concat!("Sets or clears `", stringify!($name), "`.")]
        pub fn $set(&mut self, value: Option<$ty>) -> &mut Self {
            self.$name = value;
            self
        }
    )*};
}

impl Builder {
    /// `base` with every setting this builder sets replacing the base's: what a per-call
    /// `config_override` does. The base's HTTP client (and its connection pool) and retry
    /// quota are kept unless the override sets its own client; a changed connect timeout only
    /// reaches a client built for the override.
    pub fn override_config(self, base: &Config) -> Config {
        base.to_builder().then(self).build()
    }

    /// This builder with every setting `later` sets replacing its own (client context
    /// parameters one by one).
    pub fn then(mut self, later: Builder) -> Builder {
        macro_rules! take {
            ($($field:ident),*) => {$(
                if later.$field.is_some() {
                    self.$field = later.$field;
                }
            )*};
        }
        builder_fields!(take);
        self.client_context_params
            .extend(later.client_context_params);
        self
    }

    /// Sets the client context parameter `name` (the rule-set parameter name, e.g.
    /// `ForcePathStyle`) that the service's endpoint rules read. A generated crate's
    /// `config::BuilderExt` has a typed setter per parameter of its service
    /// (`force_path_style(true)`); this is what they call.
    pub fn client_context_param(
        mut self,
        name: impl Into<String>,
        value: impl Into<ClientContextValue>,
    ) -> Self {
        self.client_context_params
            .set(name.into(), Some(value.into()));
        self
    }

    /// Sets or (with `None`) clears the client context parameter `name`. A cleared parameter
    /// is unset here; as an override (see [`Builder::then`]) it leaves the base's value.
    pub fn set_client_context_param(
        &mut self,
        name: impl Into<String>,
        value: Option<ClientContextValue>,
    ) -> &mut Self {
        self.client_context_params.set(name.into(), value);
        self
    }

    /// The value of the client context parameter `name` set on this builder.
    pub fn get_client_context_param(&self, name: &str) -> Option<&ClientContextValue> {
        self.client_context_params.get(name)
    }

    /// Sets the connector requests are sent through (replacing the built-in HTTPS client).
    pub fn http_client(mut self, http_client: impl HttpConnector + 'static) -> Self {
        self.http_client = Some(SharedHttpConnector::new(http_client));
        self
    }

    /// Sets or clears the connector.
    pub fn set_http_client(&mut self, http_client: Option<SharedHttpConnector>) -> &mut Self {
        self.http_client = http_client;
        self
    }

    /// Sets the endpoint URL (scheme, host, optional port and base path), overriding endpoint
    /// resolution.
    pub fn endpoint_url(mut self, endpoint_url: impl Into<String>) -> Self {
        self.endpoint_url = Some(endpoint_url.into());
        self
    }

    /// Sets or clears the endpoint URL.
    pub fn set_endpoint_url(&mut self, endpoint_url: Option<String>) -> &mut Self {
        self.endpoint_url = endpoint_url;
        self
    }

    /// Sets (or with `None`, clears) the region.
    pub fn region(mut self, region: impl Into<Option<Region>>) -> Self {
        self.region = region.into();
        self
    }

    /// Sets or clears the region.
    pub fn set_region(&mut self, region: Option<Region>) -> &mut Self {
        self.region = region;
        self
    }

    /// Sets the credentials provider, e.g. [`Credentials::new`]`(...)`.
    pub fn credentials_provider(mut self, provider: impl ProvideCredentials + 'static) -> Self {
        self.credentials_provider = Some(SharedCredentialsProvider::new(provider));
        self
    }

    /// Sets or clears the credentials provider.
    pub fn set_credentials_provider(
        &mut self,
        provider: Option<SharedCredentialsProvider>,
    ) -> &mut Self {
        self.credentials_provider = provider;
        self
    }

    /// Sets the `backoff * jitter` source (tests use [`Jitter::fixed`]).
    pub fn retry_jitter(mut self, jitter: Jitter) -> Self {
        self.retry_jitter = Some(jitter);
        self
    }

    /// Sets how backoff delays and timeouts wait (tests use a recording fake).
    pub fn sleep_impl(mut self, sleep: impl AsyncSleep + 'static) -> Self {
        self.sleep_impl = Some(SharedAsyncSleep::new(sleep));
        self
    }

    /// Sets or clears the sleep implementation.
    pub fn set_sleep_impl(&mut self, sleep: Option<SharedAsyncSleep>) -> &mut Self {
        self.sleep_impl = sleep;
        self
    }

    setters! {
        /// Uses FIPS endpoints (default `false`).
        use_fips / set_use_fips: bool;
        /// Uses dual-stack (IPv4 and IPv6) endpoints (default `false`).
        use_dual_stack / set_use_dual_stack: bool;
        /// Whether account-based endpoints are used where a service has them (default
        /// [`AccountIdEndpointMode::Preferred`]).
        account_id_endpoint_mode / set_account_id_endpoint_mode: AccountIdEndpointMode;
        /// Sends the bodies of `@requestCompression` operations uncompressed (default `false`).
        disable_request_compression / set_disable_request_compression: bool;
        /// Compresses `@requestCompression` request bodies of at least this many bytes
        /// (default [`DEFAULT_REQUEST_MIN_COMPRESSION_SIZE_BYTES`]; at most
        /// [`MAX_REQUEST_MIN_COMPRESSION_SIZE_BYTES`], a larger value fails such calls).
        request_min_compression_size_bytes / set_request_min_compression_size_bytes: u32;
        /// Sets the retry settings (default [`RetryConfig::standard`]).
        retry_config / set_retry_config: RetryConfig;
        /// Sets the timeouts (default: [`TimeoutConfig::default`], a 3.1 s connect timeout).
        timeout_config / set_timeout_config: TimeoutConfig;
        /// Caps the response body a call accepts (default [`DEFAULT_MAX_RESPONSE_BODY_SIZE`]);
        /// a larger body fails the call with a dispatch failure that says so. The built-in
        /// HTTPS client never reads past it.
        max_response_body_size / set_max_response_body_size: usize;
        /// Sets where tokens for unset `@idempotencyToken` members come from (default
        /// [`IdempotencyTokenProvider::random`]; tests use [`IdempotencyTokenProvider::fixed`]).
        idempotency_token_provider / set_idempotency_token_provider: IdempotencyTokenProvider;
        /// Accepts the AWS SDKs' behavior version (default [`BehaviorVersion::latest`]); this
        /// client has the latest defaults whatever the version (see [`BehaviorVersion`]).
        behavior_version / set_behavior_version: BehaviorVersion;
    }

    /// Finishes the config. Nothing is required here; [`crate::client::invoke`] reports what
    /// a call needs and is missing (endpoint, region, credentials). Without an `http_client`,
    /// the built-in HTTPS client is used when the `default-https-client` feature is on.
    pub fn build(self) -> Config {
        let timeout_config = self.timeout_config.unwrap_or_default();
        let max_response_body_size = self
            .max_response_body_size
            .unwrap_or(DEFAULT_MAX_RESPONSE_BODY_SIZE);
        #[cfg(feature = "default-https-client")]
        let http_client = self.http_client.or_else(|| {
            let client = crate::connector::https::HttpsClient::builder()
                .set_connect_timeout(timeout_config.connect_timeout())
                .max_response_body_size(max_response_body_size)
                .build();
            Some(SharedHttpConnector::new(client))
        });
        #[cfg(not(feature = "default-https-client"))]
        let http_client = self.http_client;
        Config {
            http_client,
            endpoint_url: self.endpoint_url,
            region: self.region,
            credentials_provider: self.credentials_provider,
            use_fips: self.use_fips.unwrap_or(false),
            use_dual_stack: self.use_dual_stack.unwrap_or(false),
            account_id_endpoint_mode: self.account_id_endpoint_mode.unwrap_or_default(),
            disable_request_compression: self.disable_request_compression.unwrap_or(false),
            request_min_compression_size_bytes: self
                .request_min_compression_size_bytes
                .unwrap_or(DEFAULT_REQUEST_MIN_COMPRESSION_SIZE_BYTES),
            retry_config: self.retry_config.unwrap_or_default(),
            timeout_config,
            sleep_impl: self.sleep_impl.unwrap_or_else(default_async_sleep),
            retry_jitter: self.retry_jitter.unwrap_or_default(),
            max_response_body_size,
            token_bucket: self.token_bucket.unwrap_or_default(),
            rate_limiter: self.rate_limiter.unwrap_or_default(),
            client_skew: self.client_skew.unwrap_or_default(),
            idempotency_token_provider: self.idempotency_token_provider.unwrap_or_default(),
            behavior_version: self.behavior_version.unwrap_or_default(),
            client_context_params: self.client_context_params,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::CaptureConnector;
    use std::time::Duration;

    const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    const TOKEN: &str = "IQoJb3JpZ2luX2VjEXAMPLETOKEN";

    #[test]
    fn builder_round_trip() {
        let config = Config::builder()
            .http_client(CaptureConnector::new(Vec::new()))
            .endpoint_url("https://example.com")
            .region(Region::new("eu-central-1"))
            .use_fips(true)
            .retry_config(RetryConfig::standard().with_max_attempts(7))
            .timeout_config(
                TimeoutConfig::builder()
                    .operation_attempt_timeout(Duration::from_secs(9))
                    .build(),
            )
            .max_response_body_size(10)
            .build();
        assert_eq!(config.endpoint_url(), Some("https://example.com"));
        assert!(config.http_client().is_some());
        assert_eq!(config.region().map(Region::as_ref), Some("eu-central-1"));
        assert!(config.use_fips() && !config.use_dual_stack());
        assert_eq!(config.retry_config().max_attempts(), 7);
        assert_eq!(
            config.timeout_config().operation_attempt_timeout(),
            Some(Duration::from_secs(9))
        );
        assert_eq!(config.timeout_config().connect_timeout(), None);
        assert_eq!(config.max_response_body_size(), 10);
        assert_eq!(config.token_bucket().available(), 500);

        let mut builder = config.to_builder();
        builder
            .set_endpoint_url(None)
            .set_http_client(Some(SharedHttpConnector::new(CaptureConnector::default())))
            .set_region(None)
            .set_use_fips(None);
        let changed = builder.build();
        assert_eq!(changed.endpoint_url(), None);
        assert_eq!(changed.region(), None);
        assert!(!changed.use_fips());
        assert_eq!(changed.retry_config().max_attempts(), 7);
        assert!(
            std::ptr::eq(changed.token_bucket(), config.token_bucket()),
            "derived configs share the retry quota"
        );
        assert!(format!("{config:?}").contains("example.com"));
    }

    #[test]
    fn defaults() {
        let config = Config::builder().build();
        assert_eq!(config.retry_config(), &RetryConfig::standard());
        assert_eq!(config.timeout_config(), &TimeoutConfig::default());
        assert_eq!(
            config.max_response_body_size(),
            DEFAULT_MAX_RESPONSE_BODY_SIZE
        );
        assert!(config.region().is_none() && config.credentials_provider().is_none());
        assert_eq!(
            config.http_client().is_some(),
            cfg!(feature = "default-https-client")
        );
    }

    #[test]
    fn debug_never_shows_secrets() {
        let builder = Config::builder()
            .http_client(CaptureConnector::default())
            .region(Region::new("us-east-1"))
            .credentials_provider(Credentials::new(
                "AKIDEXAMPLE",
                SECRET,
                Some(TOKEN.to_owned()),
                None,
                "test",
            ));
        let builder_text = format!("{builder:?}");
        let config = builder.build();
        for text in [builder_text, format!("{config:?}"), format!("{config:#?}")] {
            assert!(!text.contains(SECRET), "{text}");
            assert!(!text.contains(TOKEN), "{text}");
            assert!(
                text.contains("AKIDEXAMPLE") && text.contains("us-east-1"),
                "{text}"
            );
        }
    }

    #[test]
    fn client_context_params_are_kept_and_merged_by_name() {
        let base = Config::builder()
            .client_context_param("ForcePathStyle", true)
            .client_context_param("Prefix", "base")
            .build();
        assert_eq!(
            base.client_context_param("ForcePathStyle"),
            Some(&ClientContextValue::Bool(true))
        );
        assert_eq!(base.client_context_params().get_str("Prefix"), Some("base"));
        assert!(format!("{base:?}").contains("ForcePathStyle"));

        let copied = base.to_builder();
        assert_eq!(
            copied.get_client_context_param("Prefix"),
            Some(&ClientContextValue::String("base".into()))
        );
        assert_eq!(
            copied.build().client_context_params(),
            base.client_context_params()
        );

        // An override replaces the parameters it sets and keeps the others.
        let mut later = Config::builder().client_context_param("Prefix", "later");
        later.set_client_context_param("Accelerate", None);
        let merged = later.override_config(&base);
        assert_eq!(
            merged.client_context_params().get_str("Prefix"),
            Some("later")
        );
        assert_eq!(
            merged.client_context_params().get_bool("ForcePathStyle"),
            Some(true)
        );
        assert_eq!(merged.client_context_param("Accelerate"), None);

        let mut cleared = base.to_builder();
        cleared.set_client_context_param("ForcePathStyle", None);
        assert_eq!(cleared.build().client_context_param("ForcePathStyle"), None);
        assert!(Config::builder().build().client_context_params().is_empty());
    }

    #[test]
    fn overrides_replace_only_what_they_set() {
        let base = Config::builder()
            .region(Region::new("us-east-1"))
            .endpoint_url("http://localhost:1")
            .use_fips(true)
            .build();
        let merged = Config::builder()
            .region(Region::new("eu-west-1"))
            .then(Config::builder().use_dual_stack(true))
            .override_config(&base);
        assert_eq!(merged.region().map(Region::as_ref), Some("eu-west-1"));
        assert_eq!(merged.endpoint_url(), Some("http://localhost:1"));
        assert!(merged.use_fips() && merged.use_dual_stack());
        assert_eq!(base.region().map(Region::as_ref), Some("us-east-1"));
        assert!(!base.use_dual_stack());
        let later_wins = Config::builder()
            .region(Region::new("a"))
            .then(Config::builder().region(Region::new("b")))
            .override_config(&base);
        assert_eq!(later_wins.region().map(Region::as_ref), Some("b"));
    }
}
