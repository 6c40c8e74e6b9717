//! Updating an EC2 Image Builder infrastructure configuration with the generated client, as a
//! program written against `aws-sdk-imagebuilder` would do it. `main.rs` is the command line
//! around these two functions; the integration tests call them against a loopback server.

use imagebuilder::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};
use imagebuilder::operation::update_infrastructure_configuration::{
    UpdateInfrastructureConfigurationError, UpdateInfrastructureConfigurationOutput,
};
use imagebuilder::Client;

/// Sets the instance profile of the infrastructure configuration `arn` and, when any are
/// given, its instance types. The idempotency token is left to the client.
pub async fn update_infrastructure_configuration(
    client: &Client,
    arn: &str,
    instance_profile: &str,
    instance_types: &[String],
) -> Result<UpdateInfrastructureConfigurationOutput, SdkError<UpdateInfrastructureConfigurationError>>
{
    client
        .update_infrastructure_configuration()
        .infrastructure_configuration_arn(arn)
        .instance_profile_name(instance_profile)
        .set_instance_types((!instance_types.is_empty()).then(|| instance_types.to_vec()))
        .send()
        .await
}

/// One line for the user saying why the call failed.
pub fn explain(err: &SdkError<UpdateInfrastructureConfigurationError>) -> String {
    use UpdateInfrastructureConfigurationError as E;
    match err.as_service_error() {
        Some(E::ResourceInUseException(e)) => format!(
            "the infrastructure configuration is in use, try again later: {}",
            e.message().unwrap_or("no message")
        ),
        Some(E::InvalidRequestException(e)) => {
            format!(
                "the request was refused: {}",
                e.message().unwrap_or("no message")
            )
        }
        // Other modeled errors and codes this client does not know yet.
        Some(other) => format!(
            "{}: {}",
            other.code().unwrap_or("unknown error"),
            other.message().unwrap_or("no message")
        ),
        // No answer from the service: construction, connection, timeout or a bad response.
        None => DisplayErrorContext(err).to_string(),
    }
}
