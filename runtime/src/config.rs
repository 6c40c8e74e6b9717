//! Client configuration.
//!
//! In: settings from the user through [`Builder`]. Out: an immutable [`Config`] that
//! [`crate::client::invoke`] reads for every call. Fields are private and reached through
//! accessors, so region, credentials and retry settings can be added without breaking callers.

use crate::connector::{HttpConnector, SharedHttpConnector};

/// The settings a client sends requests with.
#[derive(Clone, Debug)]
pub struct Config {
    http_client: Option<SharedHttpConnector>,
    endpoint_url: Option<String>,
}

impl Config {
    /// A builder with nothing set.
    pub fn builder() -> Builder {
        Builder::default()
    }

    /// The connector requests are sent through.
    pub fn http_client(&self) -> Option<&SharedHttpConnector> {
        self.http_client.as_ref()
    }

    /// The endpoint URL, e.g. `https://imagebuilder.us-east-1.amazonaws.com`.
    pub fn endpoint_url(&self) -> Option<&str> {
        self.endpoint_url.as_deref()
    }

    /// A builder holding these settings, to derive a changed config.
    pub fn to_builder(&self) -> Builder {
        Builder {
            http_client: self.http_client.clone(),
            endpoint_url: self.endpoint_url.clone(),
        }
    }
}

/// Builds a [`Config`].
#[derive(Clone, Debug, Default)]
pub struct Builder {
    http_client: Option<SharedHttpConnector>,
    endpoint_url: Option<String>,
}

impl Builder {
    /// Sets the connector requests are sent through.
    pub fn http_client(mut self, http_client: impl HttpConnector + 'static) -> Self {
        self.http_client = Some(SharedHttpConnector::new(http_client));
        self
    }

    /// Sets or clears the connector.
    pub fn set_http_client(&mut self, http_client: Option<SharedHttpConnector>) -> &mut Self {
        self.http_client = http_client;
        self
    }

    /// Sets the endpoint URL (scheme, host, optional port and base path).
    pub fn endpoint_url(mut self, endpoint_url: impl Into<String>) -> Self {
        self.endpoint_url = Some(endpoint_url.into());
        self
    }

    /// Sets or clears the endpoint URL.
    pub fn set_endpoint_url(&mut self, endpoint_url: Option<String>) -> &mut Self {
        self.endpoint_url = endpoint_url;
        self
    }

    /// Finishes the config. Nothing is required here; [`crate::client::invoke`] reports what
    /// is missing when a call needs it.
    pub fn build(self) -> Config {
        Config {
            http_client: self.http_client,
            endpoint_url: self.endpoint_url,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::CaptureConnector;

    #[test]
    fn builder_round_trip() {
        let config = Config::builder()
            .http_client(CaptureConnector::new(Vec::new()))
            .endpoint_url("https://example.com")
            .build();
        assert_eq!(config.endpoint_url(), Some("https://example.com"));
        assert!(config.http_client().is_some());

        let mut builder = config.to_builder();
        builder.set_endpoint_url(None).set_http_client(None);
        let cleared = builder.build();
        assert_eq!(cleared.endpoint_url(), None);
        assert!(cleared.http_client().is_none());
        assert!(format!("{config:?}").contains("example.com"));
    }
}
