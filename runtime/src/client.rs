//! Dispatching one operation call.
//!
//! In: the client [`Config`], which operation is being called, and the request that the
//! generated serializer built (method, path and query, headers, body). Out: the raw
//! [`HttpResponse`] whatever its status (the generated deserializer interprets it), or an
//! [`SdkError`] if the request could not be built or sent.

use std::borrow::Cow;
use std::fmt;
use std::future::Future;
use std::sync::Arc;

use crate::config::Config;
use crate::error::SdkError;
use crate::http::{HttpRequest, HttpResponse};

/// What the runtime needs to know about the operation being called: names for headers and
/// messages, the service's endpoint resolver and signing name, and which modeled error codes
/// are retryable. Generated code writes one `const` of this per operation.
#[derive(Debug, Clone, Copy)]
pub struct OperationInfo {
    /// The service name, e.g. `imagebuilder`.
    pub service: &'static str,
    /// The operation name, e.g. `ListImages`.
    pub operation: &'static str,
    /// The SigV4 signing name (`aws.auth#sigv4` `name`); `None` means the service is not signed.
    pub signing_name: Option<&'static str>,
    /// Error codes of this operation's errors that carry `@retryable` (not throttling).
    pub retryable_errors: &'static [&'static str],
    /// Error codes of this operation's errors that carry `@retryable(throttling: true)`.
    pub throttling_errors: &'static [&'static str],
    /// The operation's `@requestCompression` encodings (empty: sent as is). Bodies are
    /// compressed when the runtime's `request-compression` feature is on.
    pub request_compression: &'static [&'static str],
    /// The service's protocol (how error codes are read, for retries).
    pub protocol: &'static crate::protocol::Protocol,
}

/// A request mutation registered with [`CustomizableOperation::mutate_request`].
type MutateRequest = Arc<dyn Fn(&mut HttpRequest) + Send + Sync>;

/// What `customize()` on a fluent builder collects for one call: a config override and
/// request mutations. Empty by default (a plain `send()`).
#[derive(Clone, Default)]
pub struct Customizations {
    config_override: Option<crate::config::Builder>,
    mutations: Vec<MutateRequest>,
}

impl Customizations {
    /// The config this call runs with: `base`, or `base` with the override applied.
    pub fn config<'a>(&self, base: &'a Config) -> Cow<'a, Config> {
        match &self.config_override {
            Some(o) => Cow::Owned(o.clone().override_config(base)),
            None => Cow::Borrowed(base),
        }
    }
}

impl fmt::Debug for Customizations {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Customizations")
            .field("config_override", &self.config_override)
            .field("mutations", &self.mutations.len())
            .finish()
    }
}

/// A fluent builder that sends with [`Customizations`]; generated fluent builders implement it.
pub trait CustomizableSend {
    /// The operation's output.
    type Output;
    /// The operation's error.
    type Error;
    /// Sends the call with these customizations.
    fn send_customized(
        self,
        customizations: Customizations,
    ) -> impl Future<Output = Result<Self::Output, SdkError<Self::Error>>> + Send;
}

/// An operation call with per-call customizations, from `customize()` on a fluent builder, as
/// in the AWS SDKs: override config settings for this call only, change the request before it
/// is signed, then `send()`.
///
/// ```ignore
/// client.update_infrastructure_configuration()
///     .infrastructure_configuration_arn(arn)
///     .customize()
///     .config_override(Config::builder().retry_config(RetryConfig::disabled()))
///     .mutate_request(|request| request.headers.insert("x-trace", "1"))
///     .send()
///     .await?;
/// ```
#[derive(Debug)]
pub struct CustomizableOperation<B> {
    builder: B,
    customizations: Customizations,
}

impl<B: CustomizableSend> CustomizableOperation<B> {
    /// Wraps a fluent builder (generated `customize()` calls this).
    pub fn new(builder: B) -> Self {
        Self {
            builder,
            customizations: Customizations::default(),
        }
    }

    /// Settings for this call only; what it sets replaces the client's (applied after any
    /// earlier override).
    pub fn config_override(mut self, config_override: impl Into<crate::config::Builder>) -> Self {
        let config_override = config_override.into();
        self.customizations.config_override = Some(match self.customizations.config_override {
            Some(earlier) => earlier.then(config_override),
            None => config_override,
        });
        self
    }

    /// Changes the request before it is signed (on every attempt's copy of it, once).
    pub fn mutate_request<F>(mut self, f: F) -> Self
    where
        F: Fn(&mut HttpRequest) + Send + Sync + 'static,
    {
        self.customizations.mutations.push(Arc::new(f));
        self
    }

    /// Sends the call.
    pub async fn send(self) -> Result<B::Output, SdkError<B::Error>> {
        self.builder.send_customized(self.customizations).await
    }
}

/// The `user-agent` sent with every request, before the service name.
const USER_AGENT_PREFIX: &str = concat!("smithy-rt/", env!("CARGO_PKG_VERSION"));

/// Sends `request` for operation `op` and returns the raw response.
///
/// - The endpoint comes from the operation's `resolve_endpoint` (the service's rule set, given
///   the config's region, FIPS and dual-stack flags and `endpoint_url`) when it has one, else
///   from [`Config::endpoint_url`]; it is joined with the request's path and query (a
///   trailing `/` on the endpoint is handled).
/// - `host` is set from the endpoint's authority, `user-agent` and `x-amz-user-agent` to
///   `smithy-rt/<version> <service>`, and `content-length` when the body is non-empty or the
///   method is PUT or POST.
/// - Then the request is signed, sent and retried as the AWS SDKs' standard retry mode does:
///   see [`crate::retry`] for what is retried, and the `orchestrator` module for the loop.
/// - A missing endpoint, HTTP client, region or credentials provider is a
///   [`SdkError::ConstructionFailure`]. Once retries are exhausted, a timeout is a
///   [`SdkError::TimeoutError`] and any other connector failure a
///   [`SdkError::DispatchFailure`]; an error response is returned as `Ok` for the generated
///   deserializer.
pub async fn invoke<E>(
    config: &Config,
    op: &OperationInfo,
    request: HttpRequest,
) -> Result<HttpResponse, SdkError<E>> {
    invoke_with(config, op, None, request, "", &Customizations::default()).await
}

/// [`invoke`] with a host prefix and a call's [`Customizations`]. `host_prefix` (for an
/// operation with the `@endpoint` trait: its `hostPrefix` with the `{labels}` filled in, e.g.
/// `foo.bar.`; empty otherwise) is put in front of the endpoint's host. The request mutations
/// run once the endpoint, `host`, `user-agent` and endpoint headers are set, before
/// compression, `content-length` and signing. (The config override is applied by the caller,
/// which passes the merged config: see [`Customizations::config`].)
pub async fn invoke_with<E>(
    config: &Config,
    op: &OperationInfo,
    resolve_endpoint: Option<crate::endpoint::ResolveEndpoint<'_>>,
    mut request: HttpRequest,
    host_prefix: &str,
    customizations: &Customizations,
) -> Result<HttpResponse, SdkError<E>> {
    // A signed call's credentials come first: the endpoint rules may read their account id.
    let credentials = match op.signing_name {
        Some(_) => Some(crate::orchestrator::credentials(config, op).await?),
        None => None,
    };
    // The service's rule set resolves the endpoint when it has one (an `endpoint_url` override
    // is its `SDK::Endpoint` parameter); otherwise `endpoint_url` is the endpoint.
    let resolved = match resolve_endpoint {
        Some(resolve) => {
            let account_id = credentials.as_ref().and_then(|c| c.account_id());
            let params = crate::endpoint::EndpointParams::from_config(config, account_id);
            Some(resolve(&params).map_err(SdkError::construction_failure)?)
        }
        None => None,
    };
    let endpoint = match &resolved {
        Some(resolved) => resolved.url.as_str(),
        None => config.endpoint_url().ok_or_else(|| {
            SdkError::construction_failure(format!(
                "cannot call {}.{}: no endpoint is configured; set `endpoint_url` on the config builder",
                op.service, op.operation
            ))
        })?,
    };
    let prefixed;
    let endpoint = if host_prefix.is_empty() {
        endpoint
    } else {
        prefixed = prefix_host(endpoint, host_prefix);
        prefixed.as_str()
    };
    let host = authority(endpoint).ok_or_else(|| {
        SdkError::construction_failure(format!(
            "cannot call {}.{}: endpoint `{endpoint}` is not an absolute http:// or https:// URL",
            op.service, op.operation
        ))
    })?;
    request.uri = join_uri(endpoint, &request.uri);
    request.headers.insert("host", host);
    // Headers the rule set attaches to the endpoint replace any of the same name.
    if let Some(resolved) = &resolved {
        for (name, values) in &resolved.headers {
            request.headers.remove(name);
            for value in values {
                request.headers.append(name.as_str(), value.as_str());
            }
        }
    }
    let user_agent = format!("{USER_AGENT_PREFIX} {}", op.service);
    request
        .headers
        .insert("x-amz-user-agent", user_agent.clone());
    request.headers.insert("user-agent", user_agent);
    for mutate in &customizations.mutations {
        mutate(&mut request);
    }
    #[cfg(feature = "request-compression")]
    crate::compression::compress_request(config, op.request_compression, &mut request).map_err(
        |message| {
            SdkError::construction_failure(format!(
                "cannot call {}.{}: {message}",
                op.service, op.operation
            ))
        },
    )?;
    let method = request.method.as_str();
    if !request.body.is_empty()
        || method.eq_ignore_ascii_case("PUT")
        || method.eq_ignore_ascii_case("POST")
    {
        let length = request.body.len().to_string();
        request.headers.insert("content-length", length);
    }

    // The resolved endpoint's `authSchemes` may override the signing region and name.
    let auth = resolved.as_ref().map_or_else(Default::default, |resolved| {
        crate::orchestrator::AuthOverrides::from_endpoint_properties(&resolved.properties)
    });
    crate::orchestrator::send(config, op, request, auth, credentials).await
}

/// The `host[:port]` of an absolute http(s) URL, without any user info.
fn authority(url: &str) -> Option<&str> {
    let (scheme, rest) = url.split_once("://")?;
    if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        return None;
    }
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..end];
    let authority = authority
        .rsplit_once('@')
        .map_or(authority, |(_, host)| host);
    (!authority.is_empty()).then_some(authority)
}

/// `url` with `prefix` in front of its host (after the scheme and any user info).
fn prefix_host(url: &str, prefix: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let host_start = rest[..end].rfind('@').map_or(0, |at| at + 1);
    format!(
        "{scheme}://{}{prefix}{}",
        &rest[..host_start],
        &rest[host_start..]
    )
}

/// `endpoint` (trailing slashes dropped) followed by `path_and_query` (given a leading `/`).
fn join_uri(endpoint: &str, path_and_query: &str) -> String {
    let base = endpoint.trim_end_matches('/');
    if path_and_query.starts_with('/') {
        format!("{base}{path_and_query}")
    } else {
        format!("{base}/{path_and_query}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::connector::{BoxFuture, ConnectorError, HttpConnector};
    use crate::error::DisplayErrorContext;
    use crate::test_util::{block_on, CaptureConnector};

    const OP: OperationInfo = OperationInfo {
        service: "imagebuilder",
        operation: "ListImages",
        signing_name: None,
        retryable_errors: &[],
        throttling_errors: &[],
        request_compression: &[],
        protocol: &crate::protocol::REST_JSON_1,
    };

    #[derive(Debug)]
    struct Unit;

    impl std::fmt::Display for Unit {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("unit")
        }
    }

    impl std::error::Error for Unit {}

    fn call(config: &Config, request: HttpRequest) -> Result<HttpResponse, SdkError<Unit>> {
        block_on(invoke::<Unit>(config, &OP, request))
    }

    fn config_with(connector: &CaptureConnector, endpoint: &str) -> Config {
        Config::builder()
            .http_client(connector.clone())
            .endpoint_url(endpoint)
            .build()
    }

    #[test]
    fn sends_with_endpoint_and_standard_headers() {
        let connector = CaptureConnector::new(vec![HttpResponse::new(200, "{}")]);
        let config = config_with(&connector, "https://imagebuilder.us-east-1.amazonaws.com/");
        let mut request = HttpRequest::new("PUT", "/ListImages?maxResults=5");
        request.headers.insert("content-type", "application/json");
        request.body = b"{\"a\":1}".to_vec();

        let response = call(&config, request).expect("canned response");
        assert_eq!(response.status, 200);

        let sent = connector.requests();
        assert_eq!(sent.len(), 1);
        let sent = &sent[0];
        assert_eq!(
            sent.uri,
            "https://imagebuilder.us-east-1.amazonaws.com/ListImages?maxResults=5"
        );
        assert_eq!(sent.method, "PUT");
        assert_eq!(
            sent.headers.get("host"),
            Some("imagebuilder.us-east-1.amazonaws.com")
        );
        assert_eq!(sent.headers.get("content-length"), Some("7"));
        assert_eq!(sent.headers.get("content-type"), Some("application/json"));
        assert_eq!(
            sent.headers.get("user-agent"),
            Some(format!("smithy-rt/{} imagebuilder", env!("CARGO_PKG_VERSION")).as_str())
        );
        assert_eq!(sent.body, b"{\"a\":1}");
    }

    #[test]
    fn content_length_rules() {
        let connector = CaptureConnector::new(vec![
            HttpResponse::new(200, ""),
            HttpResponse::new(200, ""),
            HttpResponse::new(200, ""),
        ]);
        let config = config_with(&connector, "http://localhost:8080");
        call(&config, HttpRequest::new("GET", "/a")).expect("ok");
        call(&config, HttpRequest::new("POST", "/b")).expect("ok");
        let mut delete = HttpRequest::new("DELETE", "/c");
        delete.body = b"x".to_vec();
        call(&config, delete).expect("ok");

        let sent = connector.requests();
        assert_eq!(sent[0].headers.get("content-length"), None);
        assert_eq!(sent[0].uri, "http://localhost:8080/a");
        assert_eq!(sent[0].headers.get("host"), Some("localhost:8080"));
        assert_eq!(sent[1].headers.get("content-length"), Some("0"));
        assert_eq!(sent[2].headers.get("content-length"), Some("1"));
    }

    #[test]
    fn error_statuses_are_returned_raw() {
        // 400 is not retried (see `crate::retry`), so the one canned response is the answer.
        let connector = CaptureConnector::new(vec![HttpResponse::new(400, "boom")]);
        let config = config_with(&connector, "https://example.com");
        let response = call(&config, HttpRequest::new("GET", "/")).expect("raw response");
        assert_eq!(
            (response.status, response.body.as_slice()),
            (400, b"boom".as_slice())
        );
    }

    #[test]
    fn missing_endpoint_is_a_construction_failure() {
        let connector = CaptureConnector::new(vec![]);
        let config = Config::builder().http_client(connector.clone()).build();
        let err = call(&config, HttpRequest::new("GET", "/")).expect_err("no endpoint");
        assert!(matches!(err, SdkError::ConstructionFailure(_)));
        let text = DisplayErrorContext(&err).to_string();
        assert!(text.contains("no endpoint is configured"), "{text}");
        assert!(text.contains("endpoint_url"), "{text}");
        assert!(connector.requests().is_empty());
    }

    #[test]
    fn bad_endpoint_is_a_construction_failure() {
        let connector = CaptureConnector::new(vec![]);
        for endpoint in [
            "example.com",
            "ftp://example.com",
            "https://",
            "https:///path",
        ] {
            let config = config_with(&connector, endpoint);
            let err = call(&config, HttpRequest::new("GET", "/")).expect_err(endpoint);
            let text = DisplayErrorContext(&err).to_string();
            assert!(text.contains("not an absolute"), "{text}");
        }
    }

    #[test]
    #[cfg(not(feature = "default-https-client"))]
    fn missing_client_is_a_construction_failure() {
        let config = Config::builder()
            .endpoint_url("https://example.com")
            .build();
        let err = call(&config, HttpRequest::new("GET", "/")).expect_err("no client");
        let text = DisplayErrorContext(&err).to_string();
        assert!(matches!(err, SdkError::ConstructionFailure(_)));
        assert!(text.contains("set `http_client`"), "{text}");
    }

    #[derive(Debug)]
    struct Failing(fn() -> ConnectorError);

    impl HttpConnector for Failing {
        fn call(&self, _: HttpRequest) -> BoxFuture<'static, Result<HttpResponse, ConnectorError>> {
            let error = (self.0)();
            Box::pin(async move { Err(error) })
        }
    }

    #[test]
    fn connector_failures_map_to_variants() {
        let config = |f: fn() -> ConnectorError| {
            Config::builder()
                .http_client(Failing(f))
                .endpoint_url("https://example.com")
                .sleep_impl(crate::test_util::InstantSleep::new())
                .build()
        };
        let err = call(
            &config(|| ConnectorError::timeout("slow".into())),
            HttpRequest::new("GET", "/"),
        )
        .expect_err("timeout");
        assert!(matches!(err, SdkError::TimeoutError(_)));
        assert_eq!(
            DisplayErrorContext(&err).to_string(),
            "request has timed out: connector timed out: slow"
        );
        let err = call(
            &config(|| ConnectorError::io("refused".into())),
            HttpRequest::new("GET", "/"),
        )
        .expect_err("io");
        let SdkError::DispatchFailure(failure) = &err else {
            panic!("expected a dispatch failure, got {err:?}")
        };
        assert!(failure.is_io());

        let connector = CaptureConnector::new(vec![]);
        let err = call(
            &config_with(&connector, "https://example.com"),
            HttpRequest::new("GET", "/"),
        )
        .expect_err("empty queue");
        assert!(matches!(err, SdkError::DispatchFailure(_)));
    }

    #[test]
    fn invoke_future_is_send() {
        fn assert_send<T: Send>(_: &T) {}
        let config = Config::builder().build();
        let future = invoke::<Unit>(&config, &OP, HttpRequest::new("GET", "/"));
        assert_send(&future);
    }

    #[test]
    fn uri_helpers() {
        assert_eq!(
            authority("https://a.example.com:443/base"),
            Some("a.example.com:443")
        );
        assert_eq!(authority("HTTP://user:pw@host?x"), Some("host"));
        assert_eq!(authority("https://host#frag"), Some("host"));
        assert_eq!(authority("https://"), None);
        assert_eq!(authority("mailto:x"), None);
        assert_eq!(
            join_uri("https://h/base/", "/Op?x=1"),
            "https://h/base/Op?x=1"
        );
        assert_eq!(join_uri("https://h", "Op"), "https://h/Op");
        assert_eq!(
            prefix_host("https://example.com/custom", "foo.bar."),
            "https://foo.bar.example.com/custom"
        );
        assert_eq!(prefix_host("http://u@h:1", "a."), "http://u@a.h:1");
        assert_eq!(join_uri("https://h//", "/"), "https://h/");
    }

    /// A resolver that writes its parameters into the URL, or fails without a region.
    fn echo_resolver(
        params: &crate::endpoint::EndpointParams<'_>,
    ) -> Result<crate::endpoint::Endpoint, crate::endpoint::ResolveEndpointError> {
        let region = params.region.ok_or_else(|| {
            crate::endpoint::ResolveEndpointError::message("Invalid Configuration: Missing Region")
        })?;
        Ok(crate::endpoint::Endpoint {
            url: format!(
                "https://svc.{region}.example/{}/{}/{}",
                params.use_fips,
                params.use_dual_stack,
                params.endpoint_url.unwrap_or("none")
            ),
            ..Default::default()
        })
    }

    /// [`invoke`] with a rule set.
    async fn invoke_resolved(
        config: &Config,
        op: &OperationInfo,
        resolve: crate::endpoint::ResolveEndpoint<'_>,
        request: HttpRequest,
    ) -> Result<HttpResponse, SdkError<Unit>> {
        invoke_with(
            config,
            op,
            Some(resolve),
            request,
            "",
            &Customizations::default(),
        )
        .await
    }

    #[test]
    fn a_rule_set_resolves_the_endpoint_from_the_config() {
        let op = OP;
        let invoke = |config, op, request| invoke_resolved(config, op, &echo_resolver, request);
        let connector = CaptureConnector::new(vec![HttpResponse::new(200, "{}")]);
        let config = Config::builder()
            .http_client(connector.clone())
            .region(crate::config::Region::new("eu-west-1"))
            .use_fips(true)
            .endpoint_url("http://localhost:1")
            .build();
        block_on(invoke(&config, &op, HttpRequest::new("GET", "/x"))).expect("sent");
        let sent = connector.requests();
        assert_eq!(
            sent[0].uri,
            "https://svc.eu-west-1.example/true/false/http://localhost:1/x"
        );
        assert_eq!(sent[0].headers.get("host"), Some("svc.eu-west-1.example"));
        assert_eq!(sent[0].headers.get("x-endpoint"), None);

        let no_region = Config::builder().http_client(connector.clone()).build();
        let err =
            block_on(invoke(&no_region, &op, HttpRequest::new("GET", "/"))).expect_err("no region");
        assert!(matches!(err, SdkError::ConstructionFailure(_)));
        let text = DisplayErrorContext(&err).to_string();
        assert!(
            text.contains("Invalid Configuration: Missing Region"),
            "{text}"
        );
        assert_eq!(connector.requests().len(), 1);
    }

    /// A resolver that puts the client context parameters `Style` and `Prefix` in the URL.
    fn client_context_resolver(
        params: &crate::endpoint::EndpointParams<'_>,
    ) -> Result<crate::endpoint::Endpoint, crate::endpoint::ResolveEndpointError> {
        Ok(crate::endpoint::Endpoint {
            url: format!(
                "https://{}.example/{:?}",
                params.client_context_str("Prefix").unwrap_or("none"),
                params.client_context_bool("Style"),
            ),
            ..Default::default()
        })
    }

    #[test]
    fn client_context_params_reach_the_rule_set() {
        let op = OP;
        let connector = CaptureConnector::new(vec![
            HttpResponse::new(200, "{}"),
            HttpResponse::new(200, "{}"),
        ]);
        let invoke = |config| {
            let request = HttpRequest::new("GET", "/");
            block_on(invoke_resolved(
                config,
                &op,
                &client_context_resolver,
                request,
            ))
        };
        let config = Config::builder()
            .http_client(connector.clone())
            .client_context_param("Style", true)
            .client_context_param("Prefix", "p")
            .build();
        invoke(&config).expect("sent");
        let plain = Config::builder().http_client(connector.clone()).build();
        invoke(&plain).expect("sent");
        let sent = connector.requests();
        assert_eq!(sent[0].uri, "https://p.example/Some(true)/");
        assert_eq!(sent[1].uri, "https://none.example/None/");
    }

    /// A rule set whose endpoint carries headers.
    fn header_resolver(
        _: &crate::endpoint::EndpointParams<'_>,
    ) -> Result<crate::endpoint::Endpoint, crate::endpoint::ResolveEndpointError> {
        Ok(crate::endpoint::Endpoint {
            url: "https://svc.example".into(),
            headers: [
                (
                    "x-endpoint".to_owned(),
                    vec!["a".to_owned(), "b".to_owned()],
                ),
                ("x-replaced".to_owned(), vec!["from-rules".to_owned()]),
            ]
            .into_iter()
            .collect(),
            ..Default::default()
        })
    }

    #[test]
    fn endpoint_headers_are_sent_and_replace_request_headers() {
        let op = OP;
        let invoke = |config, op, request| invoke_resolved(config, op, &header_resolver, request);
        let connector = CaptureConnector::new(vec![HttpResponse::new(200, "{}")]);
        let config = Config::builder().http_client(connector.clone()).build();
        let mut request = HttpRequest::new("GET", "/");
        request.headers.insert("x-replaced", "from-request");
        request.headers.insert("x-kept", "k");
        block_on(invoke(&config, &op, request)).expect("sent");
        let sent = &connector.requests()[0];
        let all = |name| sent.headers.get_all(name).collect::<Vec<_>>();
        assert_eq!(all("x-endpoint"), ["a", "b"]);
        assert_eq!(all("x-replaced"), ["from-rules"]);
        assert_eq!(all("x-kept"), ["k"]);
    }
}
