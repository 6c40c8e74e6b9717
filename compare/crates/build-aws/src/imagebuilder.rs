//! Calls UpdateInfrastructureConfiguration through aws-sdk-imagebuilder (compiled, not run).
use aws_sdk_imagebuilder::Client;

#[tokio::main]
async fn main() {
    let sdk_config = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
    let client = Client::new(&sdk_config);
    let result = client
        .update_infrastructure_configuration()
        .infrastructure_configuration_arn(
            "arn:aws:imagebuilder:us-east-1:123456789012:infrastructure-configuration/x",
        )
        .instance_profile_name("ImageBuilderRole")
        .instance_types("t3.micro")
        .send()
        .await;
    match result {
        Ok(out) => println!("{out:?}"),
        Err(err) => eprintln!("error: {err:?}"),
    }
}
