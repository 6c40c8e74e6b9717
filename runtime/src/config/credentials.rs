//! AWS credentials and the providers that supply them.
//!
//! In: an access key pair (and optional session token) from the user, the environment, a
//! profile file or any [`ProvideCredentials`] implementation. Out: [`Credentials`] that
//! [`crate::client::invoke`] resolves once per operation call and signs every attempt with.
//! Names follow `aws_credential_types`. Neither `Debug` nor any log shows the secret key or
//! the session token.

use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use crate::connector::BoxFuture;
use crate::BoxError;

/// An access key id, secret access key and optional session token.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    inner: Arc<CredentialsInner>,
}

#[derive(PartialEq, Eq)]
struct CredentialsInner {
    access_key_id: String,
    secret_access_key: String,
    session_token: Option<String>,
    expiry: Option<SystemTime>,
    provider_name: &'static str,
    account_id: Option<String>,
}

impl Credentials {
    /// Credentials from their parts. `expiry` is when they stop being valid (`None`: never);
    /// `provider_name` says where they came from, for debugging.
    pub fn new(
        access_key_id: impl Into<String>,
        secret_access_key: impl Into<String>,
        session_token: Option<String>,
        expiry: Option<SystemTime>,
        provider_name: &'static str,
    ) -> Self {
        Self {
            inner: Arc::new(CredentialsInner {
                access_key_id: access_key_id.into(),
                secret_access_key: secret_access_key.into(),
                session_token,
                expiry,
                provider_name,
                account_id: None,
            }),
        }
    }

    /// Long-lived credentials from a key pair and optional session token.
    pub fn from_keys(
        access_key_id: impl Into<String>,
        secret_access_key: impl Into<String>,
        session_token: Option<String>,
    ) -> Self {
        Self::new(
            access_key_id,
            secret_access_key,
            session_token,
            None,
            "Static",
        )
    }

    /// The access key id, e.g. `AKIDEXAMPLE`.
    pub fn access_key_id(&self) -> &str {
        &self.inner.access_key_id
    }

    /// The secret access key.
    pub fn secret_access_key(&self) -> &str {
        &self.inner.secret_access_key
    }

    /// The session token of temporary credentials.
    pub fn session_token(&self) -> Option<&str> {
        self.inner.session_token.as_deref()
    }

    /// When the credentials stop being valid.
    pub fn expiry(&self) -> Option<SystemTime> {
        self.inner.expiry
    }

    /// Where the credentials came from.
    pub fn provider_name(&self) -> &'static str {
        self.inner.provider_name
    }

    /// The AWS account the credentials belong to, when the provider knows it (the endpoint
    /// rules of services with account-based endpoints, such as DynamoDB, read it as
    /// `AWS::Auth::AccountId`).
    pub fn account_id(&self) -> Option<&str> {
        self.inner.account_id.as_deref()
    }

    /// These credentials with the account they belong to.
    pub fn with_account_id(self, account_id: impl Into<String>) -> Self {
        let inner = &self.inner;
        Self {
            inner: Arc::new(CredentialsInner {
                access_key_id: inner.access_key_id.clone(),
                secret_access_key: inner.secret_access_key.clone(),
                session_token: inner.session_token.clone(),
                expiry: inner.expiry,
                provider_name: inner.provider_name,
                account_id: Some(account_id.into()),
            }),
        }
    }
}

impl fmt::Debug for Credentials {
    /// Shows the access key id and where the credentials came from; the secret key and the
    /// session token are redacted.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const REDACTED: &str = "** redacted **";
        let mut out = f.debug_struct("Credentials");
        out.field("provider_name", &self.inner.provider_name)
            .field("access_key_id", &self.inner.access_key_id)
            .field("secret_access_key", &REDACTED);
        if self.inner.session_token.is_some() {
            out.field("session_token", &REDACTED);
        }
        out.field("expiry", &self.inner.expiry)
            .field("account_id", &self.inner.account_id)
            .finish()
    }
}

/// Something that can supply [`Credentials`], possibly asynchronously (a file, a metadata
/// service, an STS call). Called once per operation call; put an expensive provider behind a
/// [`CredentialsCache`].
pub trait ProvideCredentials: Send + Sync + fmt::Debug {
    /// Loads (or returns cached) credentials.
    fn provide_credentials<'a>(&'a self) -> BoxFuture<'a, Result<Credentials, CredentialsError>>;
}

impl ProvideCredentials for Credentials {
    fn provide_credentials<'a>(&'a self) -> BoxFuture<'a, Result<Credentials, CredentialsError>> {
        Box::pin(std::future::ready(Ok(self.clone())))
    }
}

/// A cheaply cloneable, shared [`ProvideCredentials`].
#[derive(Clone, Debug)]
pub struct SharedCredentialsProvider(Arc<dyn ProvideCredentials>);

impl SharedCredentialsProvider {
    /// Wraps a provider so that configs and clients can share it.
    pub fn new(provider: impl ProvideCredentials + 'static) -> Self {
        Self(Arc::new(provider))
    }
}

impl ProvideCredentials for SharedCredentialsProvider {
    fn provide_credentials<'a>(&'a self) -> BoxFuture<'a, Result<Credentials, CredentialsError>> {
        self.0.provide_credentials()
    }
}

/// Caches what another provider supplies, as the AWS SDKs' lazy identity cache does: the
/// inner provider is asked on first use and again only when the cached credentials are within
/// [`CredentialsCache::DEFAULT_BUFFER`] of their expiry (credentials without an expiry are
/// kept for [`CredentialsCache::DEFAULT_EXPIRATION`]). Failures are not cached. Calls that find
/// the cache empty at the same moment may each ask the inner provider; the last answer is kept.
///
/// [`Config::from_sdk_config`](super::Config) puts `aws-config`'s provider behind one, since
/// that provider (IMDS, SSO, assume-role) does network calls and caches nothing itself. Wrap
/// your own provider in one when it is expensive to ask.
pub struct CredentialsCache {
    inner: SharedCredentialsProvider,
    buffer: Duration,
    default_expiration: Duration,
    cached: Mutex<Option<(Credentials, SystemTime)>>,
}

impl CredentialsCache {
    /// How long before their expiry cached credentials are refreshed.
    pub const DEFAULT_BUFFER: Duration = Duration::from_secs(10);
    /// How long credentials without an expiry are kept.
    pub const DEFAULT_EXPIRATION: Duration = Duration::from_secs(15 * 60);

    /// A cache in front of `provider`, with the default buffer and expiration.
    pub fn new(provider: impl ProvideCredentials + 'static) -> Self {
        Self {
            inner: SharedCredentialsProvider::new(provider),
            buffer: Self::DEFAULT_BUFFER,
            default_expiration: Self::DEFAULT_EXPIRATION,
            cached: Mutex::new(None),
        }
    }

    /// Refreshes this long before expiry instead of [`Self::DEFAULT_BUFFER`].
    pub fn with_buffer(mut self, buffer: Duration) -> Self {
        self.buffer = buffer;
        self
    }

    /// Keeps credentials without an expiry this long instead of [`Self::DEFAULT_EXPIRATION`].
    pub fn with_default_expiration(mut self, expiration: Duration) -> Self {
        self.default_expiration = expiration;
        self
    }

    /// The cached credentials if they are still good at `now`.
    fn fresh(&self, now: SystemTime) -> Option<Credentials> {
        let cached = self.cached.lock().unwrap_or_else(|e| e.into_inner());
        match &*cached {
            Some((credentials, refresh_at)) if now < *refresh_at => Some(credentials.clone()),
            _ => None,
        }
    }

    /// When credentials loaded at `now` must be loaded again.
    fn refresh_at(&self, credentials: &Credentials, now: SystemTime) -> SystemTime {
        match credentials.expiry() {
            Some(expiry) => expiry.checked_sub(self.buffer).unwrap_or(expiry),
            None => now + self.default_expiration,
        }
    }
}

impl ProvideCredentials for CredentialsCache {
    fn provide_credentials<'a>(&'a self) -> BoxFuture<'a, Result<Credentials, CredentialsError>> {
        Box::pin(async move {
            if let Some(credentials) = self.fresh(SystemTime::now()) {
                return Ok(credentials);
            }
            let credentials = self.inner.provide_credentials().await?;
            let now = SystemTime::now();
            let refresh_at = self.refresh_at(&credentials, now);
            *self.cached.lock().unwrap_or_else(|e| e.into_inner()) =
                Some((credentials.clone(), refresh_at));
            Ok(credentials)
        })
    }
}

impl fmt::Debug for CredentialsCache {
    /// The inner provider and the cache settings; never the cached secrets.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CredentialsCache")
            .field("inner", &self.inner)
            .field("buffer", &self.buffer)
            .field("default_expiration", &self.default_expiration)
            .finish_non_exhaustive()
    }
}

/// A credentials provider could not supply credentials.
#[derive(Debug)]
pub struct CredentialsError {
    message: String,
    source: Option<BoxError>,
}

impl CredentialsError {
    /// The provider had nothing to offer (e.g. no keys in its source).
    pub fn not_loaded(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            source: None,
        }
    }

    /// The provider failed, with the underlying error.
    pub fn provider_error(message: impl Into<String>, source: impl Into<BoxError>) -> Self {
        Self {
            message: message.into(),
            source: Some(source.into()),
        }
    }
}

impl fmt::Display for CredentialsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "failed to load credentials: {}", self.message)
    }
}

impl std::error::Error for CredentialsError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_ref()
            .map(|s| s.as_ref() as &(dyn std::error::Error + 'static))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::block_on;

    const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    const TOKEN: &str = "FwoGZXIvYXdzEXAMPLESESSIONTOKEN";

    #[test]
    fn debug_never_shows_secrets() {
        let creds = Credentials::new("AKIDEXAMPLE", SECRET, Some(TOKEN.into()), None, "test");
        let text = format!("{creds:?} {creds:#?}");
        assert!(!text.contains(SECRET), "{text}");
        assert!(!text.contains(TOKEN), "{text}");
        assert!(text.contains("AKIDEXAMPLE"), "{text}");
        let shared = SharedCredentialsProvider::new(creds);
        let text = format!("{shared:?}");
        assert!(!text.contains(SECRET) && !text.contains(TOKEN), "{text}");
    }

    #[test]
    fn static_credentials_provide_themselves() {
        let creds = Credentials::from_keys("AKID", SECRET, None);
        let shared = SharedCredentialsProvider::new(creds.clone());
        let provided = block_on(shared.provide_credentials()).expect("static");
        assert_eq!(provided, creds);
        assert_eq!(provided.access_key_id(), "AKID");
        assert_eq!(provided.secret_access_key(), SECRET);
        assert_eq!(provided.session_token(), None);
        assert_eq!(provided.expiry(), None);
        assert_eq!(provided.provider_name(), "Static");
    }

    #[test]
    fn error_text() {
        let e = CredentialsError::provider_error("sts call failed", "timeout");
        assert_eq!(
            crate::error::DisplayErrorContext(&e).to_string(),
            "failed to load credentials: sts call failed: timeout"
        );
    }

    /// Counts calls; answers with credentials that expire `lifetime` from now (`None`: never),
    /// or fails while `fail` is set.
    #[derive(Debug)]
    struct Counting {
        calls: std::sync::atomic::AtomicUsize,
        lifetime: Option<Duration>,
        fail: std::sync::atomic::AtomicBool,
    }

    impl Counting {
        fn new(lifetime: Option<Duration>) -> Arc<Self> {
            Arc::new(Self {
                calls: Default::default(),
                lifetime,
                fail: Default::default(),
            })
        }
        fn calls(&self) -> usize {
            self.calls.load(std::sync::atomic::Ordering::SeqCst)
        }
    }

    impl ProvideCredentials for Arc<Counting> {
        fn provide_credentials<'a>(
            &'a self,
        ) -> BoxFuture<'a, Result<Credentials, CredentialsError>> {
            let n = self.calls.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            let result = if self.fail.load(std::sync::atomic::Ordering::SeqCst) {
                Err(CredentialsError::not_loaded("down"))
            } else {
                let expiry = self.lifetime.map(|l| SystemTime::now() + l);
                Ok(Credentials::new(
                    format!("AKID{n}"),
                    SECRET,
                    None,
                    expiry,
                    "counting",
                ))
            };
            Box::pin(std::future::ready(result))
        }
    }

    fn key(cache: &CredentialsCache) -> Result<String, String> {
        block_on(cache.provide_credentials())
            .map(|c| c.access_key_id().to_owned())
            .map_err(|e| e.to_string())
    }

    #[test]
    fn cache_asks_once_while_credentials_are_fresh() {
        let inner = Counting::new(Some(Duration::from_secs(3600)));
        let cache = CredentialsCache::new(inner.clone());
        assert_eq!(key(&cache), Ok("AKID0".to_owned()));
        assert_eq!(key(&cache), Ok("AKID0".to_owned()));
        assert_eq!(inner.calls(), 1);

        let never_expire = Counting::new(None);
        let cache = CredentialsCache::new(never_expire.clone());
        assert_eq!(key(&cache), key(&cache));
        assert_eq!(never_expire.calls(), 1);
    }

    #[test]
    fn cache_refreshes_within_the_buffer_and_after_the_default_expiration() {
        // Expiring in 5 s is inside the 10 s buffer: every call asks again.
        let short = Counting::new(Some(Duration::from_secs(5)));
        let cache = CredentialsCache::new(short.clone());
        assert_eq!(key(&cache), Ok("AKID0".to_owned()));
        assert_eq!(key(&cache), Ok("AKID1".to_owned()));
        // With a 1 s buffer the same credentials are kept.
        let cache = CredentialsCache::new(short.clone()).with_buffer(Duration::from_secs(1));
        assert_eq!(key(&cache), key(&cache));
        assert_eq!(short.calls(), 3);

        let never_expire = Counting::new(None);
        let cache =
            CredentialsCache::new(never_expire.clone()).with_default_expiration(Duration::ZERO);
        assert_eq!(key(&cache), Ok("AKID0".to_owned()));
        assert_eq!(key(&cache), Ok("AKID1".to_owned()));
    }

    #[test]
    fn cache_does_not_keep_failures_and_hides_secrets() {
        let inner = Counting::new(Some(Duration::from_secs(5)));
        let cache = CredentialsCache::new(inner.clone());
        inner.fail.store(true, std::sync::atomic::Ordering::SeqCst);
        assert_eq!(
            key(&cache),
            Err("failed to load credentials: down".to_owned())
        );
        inner.fail.store(false, std::sync::atomic::Ordering::SeqCst);
        assert_eq!(key(&cache), Ok("AKID1".to_owned()));
        let text = format!("{cache:?}");
        assert!(!text.contains(SECRET), "{text}");
        assert!(text.starts_with("CredentialsCache"), "{text}");
    }
}
