//! Shared helpers for the integration tests: a client wired to an in-memory connector, and
//! ([`moto`]) a moto server on loopback for the generated AWS clients.

pub mod moto;

use imagebuilder::operation::update_infrastructure_configuration::UpdateInfrastructureConfigurationError;
use smithy_rt::http::HttpResponse;
use smithy_rt::test_util::CaptureConnector;

/// The endpoint the in-memory clients use; nothing listens there.
pub const ENDPOINT: &str = "https://imagebuilder.test.invalid";

/// The infrastructure configuration the Image Builder tests update.
pub const ARN: &str = "arn:aws:imagebuilder:us-east-1:123456789012:infrastructure-configuration/x";

/// Every modeled error of UpdateInfrastructureConfiguration, with the status it comes with.
pub const ERRORS: &[(&str, u16)] = &[
    ("CallRateLimitExceededException", 429),
    ("ClientException", 400),
    ("ForbiddenException", 403),
    ("IdempotentParameterMismatchException", 400),
    ("InvalidRequestException", 400),
    ("ResourceInUseException", 400),
    ("ServiceException", 500),
    ("ServiceUnavailableException", 503),
];

/// The name of the modeled error `e` is (as in [`ERRORS`]), or `"Unhandled"`.
pub fn variant_name(e: &UpdateInfrastructureConfigurationError) -> &'static str {
    use UpdateInfrastructureConfigurationError as E;
    match e {
        E::CallRateLimitExceededException(_) => "CallRateLimitExceededException",
        E::ClientException(_) => "ClientException",
        E::ForbiddenException(_) => "ForbiddenException",
        E::IdempotentParameterMismatchException(_) => "IdempotentParameterMismatchException",
        E::InvalidRequestException(_) => "InvalidRequestException",
        E::ResourceInUseException(_) => "ResourceInUseException",
        E::ServiceException(_) => "ServiceException",
        E::ServiceUnavailableException(_) => "ServiceUnavailableException",
        _ => "Unhandled",
    }
}

/// An Image Builder client whose connector records requests and replays `responses`.
pub fn imagebuilder_client(
    responses: Vec<HttpResponse>,
) -> (imagebuilder::Client, CaptureConnector) {
    let connector = CaptureConnector::new(responses);
    // Signed calls need a region and credentials; retries are off so that each canned
    // response answers exactly one call (retries are tested in the runtime).
    let config = imagebuilder::Config::builder()
        .http_client(connector.clone())
        .endpoint_url(ENDPOINT)
        .region(imagebuilder::config::Region::new("us-east-1"))
        .credentials_provider(imagebuilder::config::Credentials::new(
            "AKIDEXAMPLE",
            "test-secret",
            None,
            None,
            "integration-tests",
        ))
        .retry_config(imagebuilder::config::RetryConfig::disabled())
        .build();
    (imagebuilder::Client::from_conf(config), connector)
}

/// A JSON response with the given status, body and request id.
pub fn json_response(status: u16, body: &str) -> HttpResponse {
    HttpResponse::new(status, body.as_bytes().to_vec())
        .with_header("content-type", "application/json")
        .with_header("x-amzn-requestid", "req-1234")
}

/// Parses request or response bytes as JSON, failing the test with the text when it is not.
pub fn json(bytes: &[u8]) -> serde_json::Value {
    serde_json::from_slice(bytes)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(bytes)))
}
