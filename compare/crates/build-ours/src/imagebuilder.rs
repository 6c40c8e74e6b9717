//! Calls UpdateInfrastructureConfiguration through our generated client (compiled, not run).
use imagebuilder::Client;

#[tokio::main]
async fn main() {
    let config = match imagebuilder::config::load_from_env() {
        Ok(builder) => builder.build(),
        Err(e) => {
            eprintln!("config error: {e}");
            std::process::exit(1);
        }
    };
    let client = Client::from_conf(config);
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
