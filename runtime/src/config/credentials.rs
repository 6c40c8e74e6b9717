//! AWS credentials and the providers that supply them.
//!
//! In: an access key pair (and optional session token) from the user, the environment, a
//! profile file or any [`ProvideCredentials`] implementation. Out: [`Credentials`] that
//! [`crate::client::invoke`] resolves once per operation call and signs every attempt with.
//! Names follow `aws_credential_types`. Neither `Debug` nor any log shows the secret key or
//! the session token.

use std::fmt;
use std::sync::Arc;
use std::time::SystemTime;

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
        out.field("expiry", &self.inner.expiry).finish()
    }
}

/// Something that can supply [`Credentials`], possibly asynchronously (a file, a metadata
/// service, an STS call). Called once per operation call.
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
}
