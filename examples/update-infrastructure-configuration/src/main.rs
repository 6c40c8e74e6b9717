//! Updates an EC2 Image Builder infrastructure configuration.
//!
//!     example-update-infrastructure-configuration [--endpoint-url URL] ARN INSTANCE_PROFILE [INSTANCE_TYPE...]
//!
//! Region and credentials come from the environment and `~/.aws` (`AWS_REGION`,
//! `AWS_ACCESS_KEY_ID`, `AWS_PROFILE`, ...).

use std::process::ExitCode;

use example_update_infrastructure_configuration::{explain, update_infrastructure_configuration};
use imagebuilder::Client;

const USAGE: &str = "usage: example-update-infrastructure-configuration [--endpoint-url URL] \
                     ARN INSTANCE_PROFILE [INSTANCE_TYPE...]";

fn usage() -> ExitCode {
    eprintln!("{USAGE}");
    ExitCode::from(2)
}

#[tokio::main]
async fn main() -> ExitCode {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut endpoint_url = None;
    if let Some(i) = args.iter().position(|a| a == "--endpoint-url") {
        if i + 1 == args.len() {
            return usage();
        }
        endpoint_url = Some(args.remove(i + 1));
        args.remove(i);
    }
    let [arn, instance_profile, instance_types @ ..] = args.as_slice() else {
        return usage();
    };

    let mut config = match imagebuilder::config::load_from_env() {
        Ok(config) => config,
        Err(err) => {
            eprintln!("cannot load the AWS configuration: {err}");
            return ExitCode::FAILURE;
        }
    };
    if let Some(url) = endpoint_url {
        config = config.endpoint_url(url);
    }
    let client = Client::from_conf(config.build());

    match update_infrastructure_configuration(&client, arn, instance_profile, instance_types).await
    {
        Ok(out) => {
            println!(
                "updated {} (request {}, client token {})",
                out.infrastructure_configuration_arn().unwrap_or(arn),
                out.request_id().unwrap_or("-"),
                out.client_token().unwrap_or("-"),
            );
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("error: {}", explain(&err));
            ExitCode::FAILURE
        }
    }
}
