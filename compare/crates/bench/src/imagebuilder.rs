//! The Image Builder side of cmp-bench: UpdateInfrastructureConfiguration (restJson1) through
//! `imagebuilder` and `aws-sdk-imagebuilder`. run.sh copies this file to `src/service.rs`.

const ARN_IN: &str = "arn:aws:imagebuilder:us-east-1:123456789012:infrastructure-configuration/x";
/// The server's answer to every request.
pub const BODY: &str = r#"{"requestId":"r","clientToken":"t","infrastructureConfigurationArn":"arn"}"#;
pub const CONTENT_TYPE: &str = "application/json";

#[derive(Clone)]
pub enum Target {
    Ours(imagebuilder::Client),
    Aws(aws_sdk_imagebuilder::Client),
}

/// Both clients, sending to `endpoint` with static credentials.
pub fn targets(endpoint: &str) -> (Target, Target) {
    let ours = Target::Ours(imagebuilder::Client::from_conf(
        imagebuilder::Config::builder()
            .endpoint_url(endpoint)
            .region(imagebuilder::config::Region::new("us-east-1"))
            .credentials_provider(imagebuilder::config::Credentials::new(
                "AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", None, None, "bench",
            ))
            .build(),
    ));
    let aws = Target::Aws(aws_sdk_imagebuilder::Client::from_conf(
        aws_sdk_imagebuilder::Config::builder()
            .behavior_version(aws_sdk_imagebuilder::config::BehaviorVersion::latest())
            .endpoint_url(endpoint)
            .region(aws_sdk_imagebuilder::config::Region::new("us-east-1"))
            .credentials_provider(aws_sdk_imagebuilder::config::Credentials::new(
                "AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", None, None, "bench",
            ))
            .build(),
    ));
    (ours, aws)
}

impl Target {
    pub fn name(&self) -> &'static str {
        match self {
            Target::Ours(_) => "ours",
            Target::Aws(_) => "aws-sdk",
        }
    }

    pub async fn call(&self) -> Result<(), String> {
        let arn = match self {
            Target::Ours(client) => client
                .update_infrastructure_configuration()
                .infrastructure_configuration_arn(ARN_IN)
                .instance_profile_name("ImageBuilderRole")
                .instance_types("t3.micro")
                .send()
                .await
                .map_err(|e| format!("{e:?}"))?
                .infrastructure_configuration_arn()
                .map(str::to_owned),
            Target::Aws(client) => client
                .update_infrastructure_configuration()
                .infrastructure_configuration_arn(ARN_IN)
                .instance_profile_name("ImageBuilderRole")
                .instance_types("t3.micro")
                .send()
                .await
                .map_err(|e| format!("{e:?}"))?
                .infrastructure_configuration_arn()
                .map(str::to_owned),
        };
        match arn.as_deref() {
            Some("arn") => Ok(()),
            other => Err(format!(
                "unexpected infrastructureConfigurationArn {other:?}"
            )),
        }
    }
}
