//! `customize()` on a fluent builder, as in the AWS SDKs: a config override for one call and
//! request mutations that run before signing. The client's own config is left alone.

use imagebuilder::config::{Region, RetryConfig};
use imagebuilder::error::SdkError;
use integration_tests::{imagebuilder_client, json_response, ARN};
use smithy_rt::test_util::{block_on, InstantSleep};

fn signed_headers(authorization: &str) -> Vec<&str> {
    authorization
        .split("SignedHeaders=")
        .nth(1)
        .and_then(|rest| rest.split(',').next())
        .map(|list| list.split(';').collect())
        .unwrap_or_default()
}

#[test]
fn mutations_run_before_signing() {
    let (client, conn) = imagebuilder_client(vec![json_response(200, "{}")]);
    block_on(
        client
            .update_infrastructure_configuration()
            .infrastructure_configuration_arn(ARN)
            .instance_profile_name("ImageBuilderRole")
            .customize()
            .mutate_request(|request| request.headers.insert("x-trace-id", "trace-1"))
            .mutate_request(|request| request.headers.insert("x-second", "2"))
            .send(),
    )
    .expect("call succeeds");
    let sent = &conn.requests()[0];
    assert_eq!(sent.headers.get("x-trace-id"), Some("trace-1"));
    assert_eq!(sent.headers.get("x-second"), Some("2"));
    let authorization = sent.headers.get("authorization").expect("signed");
    let signed = signed_headers(authorization);
    assert!(
        signed.contains(&"x-trace-id") && signed.contains(&"x-second"),
        "{authorization}"
    );
}

#[test]
fn config_override_applies_to_one_call_only() {
    let (client, conn) = imagebuilder_client(vec![
        json_response(503, r#"{"message":"busy"}"#),
        json_response(200, "{}"),
        json_response(503, r#"{"message":"busy"}"#),
    ]);
    // The client has retries off; this call retries once and signs for another region.
    let output = block_on(
        client
            .update_infrastructure_configuration()
            .infrastructure_configuration_arn(ARN)
            .instance_profile_name("ImageBuilderRole")
            .customize()
            .config_override(
                imagebuilder::Config::builder()
                    .retry_config(RetryConfig::standard().with_max_attempts(5))
                    .sleep_impl(InstantSleep::new()),
            )
            .config_override(
                imagebuilder::Config::builder()
                    .retry_config(RetryConfig::standard().with_max_attempts(2))
                    .region(Region::new("eu-west-1")),
            )
            .send(),
    );
    assert!(output.is_ok(), "{output:?}");
    let requests = conn.requests();
    assert_eq!(requests.len(), 2, "one retry");
    for request in &requests {
        let authorization = request.headers.get("authorization").expect("signed");
        assert!(
            authorization.contains("/eu-west-1/imagebuilder/aws4_request"),
            "{authorization}"
        );
    }

    // The next plain call uses the client's config: no retry, the original region.
    let err = block_on(
        client
            .update_infrastructure_configuration()
            .infrastructure_configuration_arn(ARN)
            .instance_profile_name("ImageBuilderRole")
            .send(),
    )
    .expect_err("503 without retries");
    assert!(matches!(err, SdkError::ServiceError(_)), "{err:?}");
    let requests = conn.requests();
    assert_eq!(requests.len(), 3);
    let authorization = requests[2].headers.get("authorization").expect("signed");
    assert!(
        authorization.contains("/us-east-1/imagebuilder/aws4_request"),
        "{authorization}"
    );
    assert_eq!(
        client.config().region().map(|r| r.as_ref()),
        Some("us-east-1")
    );
}

#[test]
fn customized_calls_still_refuse_missing_members() {
    let (client, conn) = imagebuilder_client(vec![]);
    let err = block_on(
        client
            .update_infrastructure_configuration()
            .customize()
            .mutate_request(|request| request.headers.insert("x-never", "sent"))
            .send(),
    )
    .expect_err("missing ARN");
    assert!(matches!(err, SdkError::ConstructionFailure(_)), "{err:?}");
    assert!(conn.requests().is_empty());
}
