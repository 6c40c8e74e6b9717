//! The generated Image Builder client for UpdateInfrastructureConfiguration, end to end over an
//! in-memory connector: the request for every input member, the output, every modeled error,
//! error-code sources, and malformed responses. The programs here use the API the way a user of
//! `aws-sdk-imagebuilder` would.

use imagebuilder::error::{ProvideErrorMetadata, RequestId, SdkError};
use imagebuilder::operation::update_infrastructure_configuration::{
    UpdateInfrastructureConfigurationError, UpdateInfrastructureConfigurationInput,
};
use imagebuilder::types::{InstanceMetadataOptions, Logging, Placement, S3Logs, TenancyType};
use integration_tests::{
    imagebuilder_client, json, json_response, variant_name, ARN, ENDPOINT, ERRORS,
};
use serde_json::json as j;
use smithy_rt::test_util::block_on;

fn full_request(client: &imagebuilder::Client) -> imagebuilder::operation::update_infrastructure_configuration::builders::UpdateInfrastructureConfigurationFluentBuilder{
    client
        .update_infrastructure_configuration()
        .infrastructure_configuration_arn(ARN)
        .description("build hosts")
        .instance_types("t3.micro")
        .instance_types("m5.large")
        .instance_profile_name("ImageBuilderRole")
        .security_group_ids("sg-1")
        .subnet_id("subnet-1")
        .logging(
            Logging::builder()
                .s3_logs(
                    S3Logs::builder()
                        .s3_bucket_name("logs")
                        .s3_key_prefix("ib/")
                        .build(),
                )
                .build(),
        )
        .key_pair("kp")
        .terminate_instance_on_failure(false)
        .sns_topic_arn("arn:aws:sns:us-east-1:123456789012:topic")
        .resource_tags("team", "images")
        .instance_metadata_options(
            InstanceMetadataOptions::builder()
                .http_tokens("required")
                .http_put_response_hop_limit(2)
                .build(),
        )
        .placement(
            Placement::builder()
                .availability_zone("us-east-1a")
                .tenancy(TenancyType::Host)
                .host_id("h-1")
                .host_resource_group_arn("arn:aws:resource-groups:us-east-1:123456789012:group/g")
                .build(),
        )
        .client_token("token-1")
}

#[test]
fn request_carries_every_member_on_the_wire() {
    let (client, conn) = imagebuilder_client(vec![json_response(200, "{}")]);
    block_on(full_request(&client).send()).expect("call succeeds");
    let requests = conn.requests();
    assert_eq!(requests.len(), 1);
    let req = &requests[0];
    assert_eq!(req.method, "PUT");
    assert_eq!(
        req.uri,
        format!("{ENDPOINT}/UpdateInfrastructureConfiguration")
    );
    assert_eq!(req.headers.get("content-type"), Some("application/json"));
    assert_eq!(
        req.headers.get("content-length"),
        Some(req.body.len().to_string().as_str())
    );
    assert_eq!(
        json(&req.body),
        j!({
            "infrastructureConfigurationArn": ARN,
            "description": "build hosts",
            "instanceTypes": ["t3.micro", "m5.large"],
            "instanceProfileName": "ImageBuilderRole",
            "securityGroupIds": ["sg-1"],
            "subnetId": "subnet-1",
            "logging": {"s3Logs": {"s3BucketName": "logs", "s3KeyPrefix": "ib/"}},
            "keyPair": "kp",
            "terminateInstanceOnFailure": false,
            "snsTopicArn": "arn:aws:sns:us-east-1:123456789012:topic",
            "resourceTags": {"team": "images"},
            "instanceMetadataOptions": {"httpTokens": "required", "httpPutResponseHopLimit": 2},
            "placement": {
                "availabilityZone": "us-east-1a",
                "tenancy": "host",
                "hostId": "h-1",
                "hostResourceGroupArn": "arn:aws:resource-groups:us-east-1:123456789012:group/g"
            },
            "clientToken": "token-1"
        })
    );
}

#[test]
fn unset_members_are_omitted_and_the_client_token_is_generated() {
    let (client, conn) =
        imagebuilder_client(vec![json_response(200, "{}"), json_response(200, "{}")]);
    let minimal = || {
        client
            .update_infrastructure_configuration()
            .infrastructure_configuration_arn(ARN)
            .instance_profile_name("role")
    };
    block_on(minimal().send()).unwrap();
    block_on(minimal().send()).unwrap();
    let bodies: Vec<serde_json::Value> = conn.requests().iter().map(|r| json(&r.body)).collect();
    for body in &bodies {
        let obj = body.as_object().unwrap();
        let mut keys: Vec<_> = obj.keys().map(String::as_str).collect();
        keys.sort();
        assert_eq!(
            keys,
            [
                "clientToken",
                "infrastructureConfigurationArn",
                "instanceProfileName"
            ]
        );
        let token = obj["clientToken"].as_str().unwrap();
        assert_eq!(token.len(), 36, "{token}");
        assert_eq!(&token[14..15], "4", "UUID version 4: {token}");
        assert!(
            matches!(&token[19..20], "8" | "9" | "a" | "b"),
            "RFC 4122 variant: {token}"
        );
    }
    assert_ne!(
        bodies[0]["clientToken"], bodies[1]["clientToken"],
        "a fresh token per call"
    );
}

#[test]
fn missing_required_member_is_refused_before_sending() {
    let (client, conn) = imagebuilder_client(vec![]);
    let err = block_on(
        client
            .update_infrastructure_configuration()
            .infrastructure_configuration_arn(ARN)
            .send(),
    )
    .unwrap_err();
    assert!(matches!(err, SdkError::ConstructionFailure(_)), "{err:?}");
    let source = std::error::Error::source(&err)
        .expect("has a source")
        .to_string();
    assert!(source.contains("instance_profile_name"), "{source}");
    assert!(conn.requests().is_empty(), "nothing is sent");

    let err = UpdateInfrastructureConfigurationInput::builder()
        .instance_profile_name("r")
        .build()
        .unwrap_err();
    assert!(
        err.to_string().contains("infrastructure_configuration_arn"),
        "{err}"
    );
    // The idempotency token is required by the model but filled in at send time.
    assert!(UpdateInfrastructureConfigurationInput::builder()
        .infrastructure_configuration_arn(ARN)
        .instance_profile_name("r")
        .build()
        .is_ok());
}

#[test]
fn output_is_parsed_with_request_id() {
    let body = r#"{"requestId":"r-1","clientToken":"token-1","infrastructureConfigurationArn":"arn:x","unknownKey":{"nested":[1,2]}}"#;
    let (client, _) = imagebuilder_client(vec![json_response(200, body)]);
    let out = block_on(full_request(&client).send()).unwrap();
    assert_eq!(out.request_id(), Some("r-1"), "the modeled member");
    assert_eq!(out.client_token(), Some("token-1"));
    assert_eq!(out.infrastructure_configuration_arn(), Some("arn:x"));
    assert_eq!(
        RequestId::request_id(&out),
        Some("req-1234"),
        "the x-amzn-requestid header"
    );
}

#[test]
fn empty_and_null_bodies_are_accepted() {
    for body in ["", "  ", "{}", r#"{"requestId":null}"#] {
        let (client, _) = imagebuilder_client(vec![json_response(200, body)]);
        let out =
            block_on(full_request(&client).send()).unwrap_or_else(|e| panic!("{body:?}: {e:?}"));
        assert_eq!(out.request_id(), None);
    }
}

#[test]
fn malformed_output_is_a_response_error_not_a_panic() {
    for body in [
        r#"{"requestId": 5}"#,
        r#"{"clientToken": ["x"]}"#,
        "not json",
        r#"{"requestId":"#,
        "[1,2]",
        "\u{0}\u{1}",
    ] {
        let (client, _) = imagebuilder_client(vec![json_response(200, body)]);
        let err = block_on(full_request(&client).send()).unwrap_err();
        match &err {
            SdkError::ResponseError(e) => assert_eq!(e.raw().status(), 200),
            other => panic!("{body:?}: expected a response error, got {other:?}"),
        }
    }
    let (client, _) = imagebuilder_client(vec![json_response(200, r#"{"requestId": 5}"#)]);
    let err = block_on(full_request(&client).send()).unwrap_err();
    let text = imagebuilder::error::DisplayErrorContext(&err).to_string();
    assert!(
        text.contains("$.requestId"),
        "the error names the member: {text}"
    );
}

fn call_with(
    response: smithy_rt::http::HttpResponse,
) -> SdkError<UpdateInfrastructureConfigurationError> {
    let (client, _) = imagebuilder_client(vec![response]);
    block_on(full_request(&client).send()).unwrap_err()
}

#[test]
fn every_modeled_error_from_the_header() {
    for (code, status) in ERRORS {
        let response = json_response(*status, r#"{"message":"it failed"}"#).with_header(
            "x-amzn-errortype",
            format!("{code}:http://internal.amazon.com/coral/com.amazon.coral.validate/"),
        );
        let err = call_with(response);
        assert_eq!(err.raw_response().unwrap().status(), *status);
        assert_eq!(err.request_id(), Some("req-1234"));
        let service = err.into_service_error();
        assert_eq!(variant_name(&service), *code);
        assert_eq!(service.code(), Some(*code));
        assert_eq!(service.message(), Some("it failed"));
        assert_eq!(service.request_id(), Some("req-1234"));
        assert_eq!(service.to_string(), format!("{code}: it failed"));
        assert!(std::error::Error::source(&service).is_some());
    }
}

#[test]
fn every_modeled_error_from_the_body() {
    for (code, status) in ERRORS {
        for body in [
            format!(r#"{{"code":"{code}","message":"m"}}"#),
            format!(r#"{{"__type":"com.amazonaws.imagebuilder#{code}","Message":"m"}}"#),
        ] {
            let err = call_with(json_response(*status, &body));
            let service = err.as_service_error().expect("a service error");
            assert_eq!(variant_name(service), *code, "{body}");
            assert_eq!(service.message(), Some("m"), "{body}");
        }
    }
}

#[test]
fn error_code_sources_in_order_of_precedence() {
    let body = r#"{"code":"ClientException","__type":"ForbiddenException","message":"m"}"#;
    let err =
        call_with(json_response(400, body).with_header("x-amzn-errortype", "ServiceException"));
    assert!(
        err.as_service_error().unwrap().is_service_exception(),
        "header wins"
    );
    let err = call_with(json_response(400, body));
    assert!(
        err.as_service_error().unwrap().is_client_exception(),
        "`code` before `__type`"
    );
}

#[test]
fn helpers_and_metadata_on_modeled_errors() {
    let err = call_with(json_response(
        400,
        r#"{"__type":"ResourceInUseException","message":"busy"}"#,
    ));
    let service = err.into_service_error();
    assert!(service.is_resource_in_use_exception());
    assert!(!service.is_client_exception());
    match &service {
        UpdateInfrastructureConfigurationError::ResourceInUseException(inner) => {
            assert_eq!(inner.message(), Some("busy"));
            assert_eq!(inner.code(), Some("ResourceInUseException"));
            assert_eq!(inner.request_id(), Some("req-1234"));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn unknown_and_missing_codes_are_unhandled() {
    let err = call_with(json_response(
        418,
        r#"{"__type":"aws.teapot#TeapotException","message":"short and stout"}"#,
    ));
    let service = err.into_service_error();
    assert_eq!(variant_name(&service), "Unhandled");
    assert_eq!(service.code(), Some("TeapotException"));
    assert_eq!(service.message(), Some("short and stout"));
    assert_eq!(
        service.to_string(),
        "unhandled error (TeapotException): short and stout"
    );
    // The user-side idiom for codes the model does not know:
    match service {
        err if err.code() == Some("TeapotException") => {}
        other => panic!("the wildcard-and-code idiom matches: {other:?}"),
    }

    for body in [
        "",
        "<html>502 Bad Gateway</html>",
        r#"{"message":"no code"}"#,
        r#"{"code":"#,
    ] {
        let err = call_with(json_response(502, body));
        let service = err
            .as_service_error()
            .expect("a non-2xx status is a service error");
        assert_eq!(variant_name(service), "Unhandled", "{body:?}");
        assert_eq!(service.code(), None, "{body:?}");
        assert!(
            service.to_string().starts_with("unhandled error"),
            "{service}"
        );
    }
}

#[test]
fn malformed_error_body_for_a_known_code_keeps_the_metadata() {
    let err = call_with(
        json_response(400, r#"{"message": 12}"#).with_header("x-amzn-errortype", "ClientException"),
    );
    let service = err.into_service_error();
    assert_eq!(variant_name(&service), "Unhandled");
    assert_eq!(service.code(), Some("ClientException"));
}

#[test]
fn service_level_error_converts_from_operation_errors() {
    let err = call_with(json_response(
        400,
        r#"{"__type":"ClientException","message":"bad"}"#,
    ));
    let top: imagebuilder::Error = err.into();
    assert!(matches!(top, imagebuilder::Error::ClientException(_)));
    assert_eq!(top.to_string(), "ClientException: bad");
}

#[test]
fn builders_read_back_and_replace() {
    let b = full_request(&imagebuilder_client(vec![]).0);
    assert_eq!(
        b.get_instance_types().as_deref(),
        Some(&["t3.micro".to_string(), "m5.large".to_string()][..])
    );
    assert_eq!(b.get_resource_tags().as_ref().unwrap()["team"], "images");
    let b = b
        .set_instance_types(Some(vec!["c5.xlarge".into()]))
        .set_description(None);
    let input = b.as_input().clone().build().unwrap();
    assert_eq!(input.instance_types(), ["c5.xlarge"]);
    assert_eq!(input.description(), None);
    assert_eq!(
        input.placement().unwrap().tenancy(),
        Some(&TenancyType::Host)
    );
    assert_eq!(
        input.logging().unwrap().s3_logs().unwrap().s3_bucket_name(),
        Some("logs")
    );
    assert_eq!(
        input
            .instance_metadata_options()
            .unwrap()
            .http_put_response_hop_limit(),
        Some(2)
    );
    assert_eq!(input.terminate_instance_on_failure(), Some(false));
}

#[test]
fn enums_keep_unknown_values() {
    assert_eq!(TenancyType::from("dedicated"), TenancyType::Dedicated);
    assert_eq!(TenancyType::Host.as_str(), "host");
    assert_eq!(TenancyType::values(), ["dedicated", "default", "host"]);
    let future = TenancyType::from("quantum");
    assert_eq!(future.as_str(), "quantum");
    assert!(TenancyType::try_parse("quantum").is_err());
    assert_eq!(
        "default".parse::<TenancyType>().unwrap(),
        TenancyType::Default
    );

    let body = r#"{"infrastructureConfigurationArn":"a"}"#;
    let (client, conn) = imagebuilder_client(vec![json_response(200, body)]);
    block_on(
        full_request(&client)
            .placement(
                Placement::builder()
                    .tenancy(TenancyType::from("quantum"))
                    .build(),
            )
            .send(),
    )
    .unwrap();
    assert_eq!(
        json(&conn.requests()[0].body)["placement"]["tenancy"],
        "quantum",
        "unknown values round-trip"
    );
}

#[test]
fn send_with_uses_the_input_builder() {
    let (client, conn) = imagebuilder_client(vec![json_response(200, "{}")]);
    let input = UpdateInfrastructureConfigurationInput::builder()
        .infrastructure_configuration_arn(ARN)
        .instance_profile_name("r")
        .client_token("t");
    block_on(input.send_with(&client)).unwrap();
    assert_eq!(json(&conn.requests()[0].body)["clientToken"], "t");
}

#[test]
fn no_endpoint_is_a_construction_failure() {
    let conn = smithy_rt::test_util::CaptureConnector::new(vec![]);
    let client = imagebuilder::Client::from_conf(
        imagebuilder::Config::builder()
            .http_client(conn.clone())
            .build(),
    );
    let err = block_on(full_request(&client).send()).unwrap_err();
    assert!(matches!(err, SdkError::ConstructionFailure(_)), "{err:?}");
    assert!(conn.requests().is_empty());
}
