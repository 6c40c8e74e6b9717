//! A program written against the `aws-sdk-imagebuilder` fluent API for
//! UpdateInfrastructureConfiguration, compiled against the generated crate with only the crate
//! name changed (`use imagebuilder as sdk`). The same text compiles against
//! `aws-sdk-imagebuilder` 1.137.0 (checked outside the workspace, which never builds the reference).

#![allow(dead_code)]

use imagebuilder as sdk;

use sdk::error::{ProvideErrorMetadata, SdkError};
use sdk::operation::update_infrastructure_configuration::builders::{
    UpdateInfrastructureConfigurationFluentBuilder, UpdateInfrastructureConfigurationInputBuilder,
};
use sdk::operation::update_infrastructure_configuration::{
    UpdateInfrastructureConfigurationError, UpdateInfrastructureConfigurationInput,
    UpdateInfrastructureConfigurationOutput,
};
use sdk::operation::RequestId;
use sdk::types::builders::{
    InstanceMetadataOptionsBuilder, LoggingBuilder, PlacementBuilder, S3LogsBuilder,
};
use sdk::types::error::builders::ClientExceptionBuilder;
use sdk::types::error::{ClientException, ResourceInUseException};
use sdk::types::{InstanceMetadataOptions, Logging, Placement, S3Logs, TenancyType};

pub fn tenancy_name(t: &TenancyType) -> &str {
    match t {
        TenancyType::Default => "default",
        TenancyType::Dedicated => "dedicated",
        other => other.as_str(),
    }
}

pub fn input() -> UpdateInfrastructureConfigurationInput {
    let b: UpdateInfrastructureConfigurationInputBuilder =
        UpdateInfrastructureConfigurationInput::builder()
            .infrastructure_configuration_arn("arn")
            .instance_profile_name("p");
    let _: &Option<String> = b.get_instance_profile_name();
    b.build().expect("required members set")
}

pub async fn run(client: &sdk::Client) -> Result<Option<String>, sdk::Error> {
    let s3: S3LogsBuilder = S3Logs::builder().s3_bucket_name("b").s3_key_prefix("p");
    let logging_builder: LoggingBuilder = Logging::builder().s3_logs(s3.build());
    let logging: Logging = logging_builder.build();
    let opts_builder: InstanceMetadataOptionsBuilder = InstanceMetadataOptions::builder()
        .http_tokens("required")
        .http_put_response_hop_limit(2);
    let opts = opts_builder.build();
    let placement_builder: PlacementBuilder = Placement::builder()
        .availability_zone("a")
        .tenancy(TenancyType::Dedicated)
        .tenancy(TenancyType::from("host"))
        .host_id("h")
        .host_resource_group_arn("g");
    let placement = placement_builder.build();
    let _: Option<&TenancyType> = placement.tenancy();
    let fb: UpdateInfrastructureConfigurationFluentBuilder = client
        .update_infrastructure_configuration()
        .infrastructure_configuration_arn("arn")
        .description("d")
        .instance_types("t3.micro")
        .set_security_group_ids(Some(vec!["sg".to_string()]))
        .instance_profile_name("p")
        .security_group_ids("sg-2")
        .subnet_id("s")
        .logging(logging)
        .key_pair("k")
        .terminate_instance_on_failure(true)
        .sns_topic_arn("arn")
        .resource_tags("k", "v")
        .instance_metadata_options(opts)
        .placement(placement)
        .client_token("t");
    let _: &Option<String> = fb.get_description();
    let _: &Option<Vec<String>> = fb.get_instance_types();
    let _: &Option<std::collections::HashMap<String, String>> = fb.get_resource_tags();
    let _: &UpdateInfrastructureConfigurationInputBuilder = fb.as_input();
    let res: Result<
        UpdateInfrastructureConfigurationOutput,
        SdkError<UpdateInfrastructureConfigurationError>,
    > = fb.send().await;
    match res {
        Ok(out) => {
            let _: Option<&str> = out.request_id();
            let _: Option<&str> = RequestId::request_id(&out);
            let _: Option<&str> = out.client_token();
            Ok(out.infrastructure_configuration_arn().map(str::to_string))
        }
        Err(e) => {
            let _: Option<&str> = e.code();
            let _: Option<&str> = e.message();
            let _: Option<&str> = e.request_id();
            let _: Option<bool> = e.as_service_error().map(|s| s.is_client_exception());
            if let SdkError::ServiceError(ctx) = &e {
                let _: &UpdateInfrastructureConfigurationError = ctx.err();
            }
            match e.into_service_error() {
                UpdateInfrastructureConfigurationError::ClientException(c) => {
                    let _: Option<&str> = c.message();
                    let _: Option<&str> = c.code();
                    let _: Option<&str> = c.request_id();
                    let again: ClientException =
                        ClientExceptionBuilder::default().message("m").build();
                    Err(UpdateInfrastructureConfigurationError::ClientException(again).into())
                }
                UpdateInfrastructureConfigurationError::ResourceInUseException(r) => {
                    let _: &ResourceInUseException = &r;
                    println!("{r}");
                    Ok(None)
                }
                err if err.code() == Some("Throttling") => Ok(None),
                err if err.is_service_unavailable_exception() => Ok(None),
                err => {
                    eprintln!("{}", sdk::error::DisplayErrorContext(&err));
                    Err(err.into())
                }
            }
        }
    }
}

#[test]
fn the_reference_program_runs_against_the_generated_crate() {
    let (client, conn) =
        integration_tests::imagebuilder_client(vec![integration_tests::json_response(
            400,
            r#"{"__type":"ResourceInUseException","message":"busy"}"#,
        )]);
    let result = smithy_rt::test_util::block_on(run(&client));
    assert!(matches!(result, Ok(None)), "{result:?}");
    assert_eq!(conn.requests().len(), 1);
    assert_eq!(tenancy_name(&TenancyType::from("host")), "host");
    assert_eq!(input().instance_profile_name(), Some("p"));
}
