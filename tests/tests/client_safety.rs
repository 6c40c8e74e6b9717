//! What a user can get wrong, and what must never leak, through the generated client.
//!
//! - A missing required member is refused before anything is sent, naming the member, by the
//!   fluent builder, the input builder and `send_with`.
//! - Values outside the model's constraints are sent as given (see
//!   [`values_outside_the_model_constraints_are_sent_unchecked`]).
//! - `Debug` and `Display` of credentials, config, client, builders, requests, responses and
//!   every kind of `SdkError` never contain the secret access key, the session token or an
//!   `@sensitive` value.
//! - A response body larger than `max_response_body_size` fails the call with an error that
//!   says so, whether the connector is in memory or the built-in HTTP client on loopback.

use std::time::Duration;

use imagebuilder::config::{Credentials, Region, RetryConfig};
use imagebuilder::error::{DisplayErrorContext, SdkError};
use imagebuilder::operation::update_infrastructure_configuration::UpdateInfrastructureConfigurationInput;
use imagebuilder::types::{InstanceMetadataOptions, Placement, TenancyType};
use integration_tests::{imagebuilder_client, json, json_response, ARN, ENDPOINT};
use smithy_rt::http::HttpResponse;
use smithy_rt::test_util::{block_on, CaptureConnector};

const SECRET_KEY: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const SESSION_TOKEN: &str = "IQoJb3JpZ2luX2VjEXAMPLESESSIONTOKEN";

// ---------------------------------------------------------------------------------------------
// Parameters a user can get wrong
// ---------------------------------------------------------------------------------------------

fn construction_message<T: std::fmt::Debug>(
    result: Result<T, SdkError<impl std::error::Error + 'static>>,
) -> String {
    match result {
        Err(err @ SdkError::ConstructionFailure(_)) => DisplayErrorContext(&err).to_string(),
        other => panic!("expected a construction failure, got {other:?}"),
    }
}

#[test]
fn a_missing_required_member_is_refused_before_sending_by_every_entry_point() {
    let (client, conn) = imagebuilder_client(vec![]);

    // The fluent builder, each required member missing in turn.
    let text = construction_message(block_on(
        client
            .update_infrastructure_configuration()
            .instance_profile_name("role")
            .send(),
    ));
    assert!(text.contains("infrastructure_configuration_arn"), "{text}");
    let text = construction_message(block_on(
        client
            .update_infrastructure_configuration()
            .infrastructure_configuration_arn(ARN)
            .send(),
    ));
    assert!(text.contains("instance_profile_name"), "{text}");

    // The input builder: `build()` names the member.
    let err = UpdateInfrastructureConfigurationInput::builder()
        .infrastructure_configuration_arn(ARN)
        .build()
        .unwrap_err();
    assert!(err.to_string().contains("instance_profile_name"), "{err}");

    // `send_with` on an input builder goes through the same check.
    let text = construction_message(block_on(
        UpdateInfrastructureConfigurationInput::builder()
            .instance_profile_name("role")
            .send_with(&client),
    ));
    assert!(text.contains("infrastructure_configuration_arn"), "{text}");

    assert!(conn.requests().is_empty(), "nothing was sent");
}

/// The decision on constraints: values outside the model's `@length`, `@range`, `@pattern` and
/// enum constraints are **sent unchecked**, as the reference SDKs (smithy-rs and the other AWS
/// SDKs) do. The service is the authority on what it accepts (its limits change without a new
/// model, and a client-side check could refuse what the service has started to accept), so the
/// client never refuses or alters such a value: the service answers, typically with a
/// `ValidationException`-style modeled error that the caller handles like any other. Only a
/// missing `@required` member is refused locally, because the request could not be built.
#[test]
fn values_outside_the_model_constraints_are_sent_unchecked() {
    let (client, conn) = imagebuilder_client(vec![json_response(200, "{}")]);
    block_on(
        client
            .update_infrastructure_configuration()
            .infrastructure_configuration_arn("not an ARN at all")
            .instance_profile_name("spaces and ! are outside the pattern")
            // @length(min: 1)
            .description("")
            // @range(min: 1, max: 64)
            .instance_metadata_options(
                InstanceMetadataOptions::builder()
                    .http_put_response_hop_limit(1000)
                    .http_tokens("sometimes")
                    .build(),
            )
            // Not one of the enum's values.
            .placement(
                Placement::builder()
                    .tenancy(TenancyType::from("spaceship"))
                    .build(),
            )
            .send(),
    )
    .expect("sent and answered");
    let sent = json(&conn.requests()[0].body);
    assert_eq!(sent["description"], "");
    assert_eq!(
        sent["instanceProfileName"],
        "spaces and ! are outside the pattern"
    );
    assert_eq!(sent["infrastructureConfigurationArn"], "not an ARN at all");
    assert_eq!(
        sent["instanceMetadataOptions"]["httpPutResponseHopLimit"],
        1000
    );
    assert_eq!(sent["instanceMetadataOptions"]["httpTokens"], "sometimes");
    assert_eq!(sent["placement"]["tenancy"], "spaceship");
}

// ---------------------------------------------------------------------------------------------
// Secrets
// ---------------------------------------------------------------------------------------------

fn credentials() -> Credentials {
    Credentials::new(
        "AKIDEXAMPLE",
        SECRET_KEY,
        Some(SESSION_TOKEN.to_string()),
        None,
        "client-safety",
    )
}

fn secret_client(responses: Vec<HttpResponse>) -> (imagebuilder::Client, CaptureConnector) {
    let connector = CaptureConnector::new(responses);
    let config = imagebuilder::Config::builder()
        .http_client(connector.clone())
        .endpoint_url(ENDPOINT)
        .region(Region::new("us-east-1"))
        .credentials_provider(credentials())
        .retry_config(RetryConfig::disabled())
        .build();
    (imagebuilder::Client::from_conf(config), connector)
}

/// Fails naming `what` when `shown` contains a secret.
fn assert_no_secret(what: &str, shown: &str) {
    for secret in [SECRET_KEY, SESSION_TOKEN, "hunter2"] {
        assert!(!shown.contains(secret), "{what} shows `{secret}`:\n{shown}");
    }
}

fn all_formats<T: std::fmt::Debug>(value: &T) -> String {
    format!("{value:?}\n{value:#?}")
}

fn error_formats<E: std::error::Error>(err: &E) -> String {
    format!("{err}\n{err:?}\n{err:#?}\n{}", DisplayErrorContext(err))
}

#[test]
fn credentials_config_client_and_requests_never_show_the_secret_key_or_token() {
    let creds = credentials();
    assert_no_secret("Credentials", &all_formats(&creds));
    assert_eq!(creds.secret_access_key(), SECRET_KEY, "the value is intact");

    let builder = imagebuilder::Config::builder()
        .credentials_provider(credentials())
        .region(Region::new("us-east-1"));
    assert_no_secret("config::Builder", &all_formats(&builder));

    let (client, conn) = secret_client(vec![json_response(200, "{}")]);
    assert_no_secret("Config", &all_formats(client.config()));
    assert_no_secret("Client", &all_formats(&client));
    let fluent = client
        .update_infrastructure_configuration()
        .infrastructure_configuration_arn(ARN)
        .instance_profile_name("role");
    assert_no_secret("fluent builder", &all_formats(&fluent));
    block_on(fluent.send()).expect("answered");

    // The signed request carries the token in `x-amz-security-token` and a signature in
    // `authorization`; its `Debug` redacts both.
    let request = &conn.requests()[0];
    assert_eq!(
        request.headers.get("x-amz-security-token"),
        Some(SESSION_TOKEN)
    );
    let shown = all_formats(request);
    assert_no_secret("HttpRequest", &shown);
    assert!(shown.contains("** redacted **"), "{shown}");
    let signature = request.headers.get("authorization").expect("signed");
    assert!(
        !shown.contains(signature),
        "the signature is not shown either: {shown}"
    );
}

#[test]
fn errors_of_every_kind_never_show_the_secret_key_or_token() {
    // ServiceError (a modeled error), with the raw response inside.
    let (client, _) = secret_client(vec![HttpResponse::new(
        409,
        br#"{"message":"in use"}"#.to_vec(),
    )
    .with_header("x-amzn-errortype", "ResourceInUseException")]);
    let call = || {
        client
            .update_infrastructure_configuration()
            .infrastructure_configuration_arn(ARN)
            .instance_profile_name("role")
    };
    let err = block_on(call().send()).unwrap_err();
    assert!(matches!(err, SdkError::ServiceError(_)));
    assert_no_secret("SdkError::ServiceError", &error_formats(&err));
    let service = err.into_service_error();
    assert_no_secret("operation error", &error_formats(&service));
    assert_no_secret(
        "crate Error",
        &error_formats(&imagebuilder::Error::from(service)),
    );

    // ResponseError (a 200 whose body does not fit).
    let (client, _) = secret_client(vec![HttpResponse::new(200, b"not json".to_vec())]);
    let err = block_on(
        client
            .update_infrastructure_configuration()
            .infrastructure_configuration_arn(ARN)
            .instance_profile_name("role")
            .send(),
    )
    .unwrap_err();
    assert!(matches!(err, SdkError::ResponseError(_)), "{err:?}");
    assert_no_secret("SdkError::ResponseError", &error_formats(&err));

    // DispatchFailure (the connector has no response).
    let (client, _) = secret_client(vec![]);
    let err = block_on(
        client
            .update_infrastructure_configuration()
            .infrastructure_configuration_arn(ARN)
            .instance_profile_name("role")
            .send(),
    )
    .unwrap_err();
    assert!(matches!(err, SdkError::DispatchFailure(_)), "{err:?}");
    assert_no_secret("SdkError::DispatchFailure", &error_formats(&err));

    // ConstructionFailure (a required member missing).
    let err = block_on(client.update_infrastructure_configuration().send()).unwrap_err();
    assert!(matches!(err, SdkError::ConstructionFailure(_)), "{err:?}");
    assert_no_secret("SdkError::ConstructionFailure", &error_formats(&err));
}

#[test]
fn sensitive_members_are_redacted_wherever_they_are_printed() {
    let conn = CaptureConnector::new(vec![json_response(200, r#"{"secret":"hunter2"}"#)]);
    let config = fixture_shapes::Config::builder()
        .http_client(conn.clone())
        .endpoint_url("http://localhost")
        .retry_config(fixture_shapes::config::RetryConfig::disabled())
        .build();
    let client = fixture_shapes::Client::from_conf(config);
    let fluent = client.echo().secret("hunter2");
    assert_no_secret("fluent builder", &all_formats(&fluent));
    assert_no_secret("input builder", &all_formats(fluent.as_input()));
    let input = fluent.as_input().clone().build().expect("builds");
    assert_no_secret("input", &all_formats(&input));
    let out = block_on(fluent.send()).expect("answered");
    assert_no_secret("output", &all_formats(&out));
    assert_eq!(out.secret(), Some("hunter2"), "the value itself is intact");
    // On the wire it is sent as is, but a printed request shows only the body's length.
    let request = &conn.requests()[0];
    assert!(String::from_utf8_lossy(&request.body).contains("hunter2"));
    assert_no_secret("HttpRequest", &all_formats(request));

    // A response that cannot be read keeps the raw response; printing it shows no body.
    let conn = CaptureConnector::new(vec![json_response(
        200,
        r#"{"secret":"hunter2","byte":300}"#,
    )]);
    let config = fixture_shapes::Config::builder()
        .http_client(conn)
        .endpoint_url("http://localhost")
        .retry_config(fixture_shapes::config::RetryConfig::disabled())
        .build();
    let client = fixture_shapes::Client::from_conf(config);
    let err = block_on(client.echo().send()).unwrap_err();
    assert!(matches!(err, SdkError::ResponseError(_)), "{err:?}");
    assert_no_secret("SdkError::ResponseError", &error_formats(&err));
}

// ---------------------------------------------------------------------------------------------
// Response body limit
// ---------------------------------------------------------------------------------------------

#[test]
fn a_body_over_the_limit_is_refused_with_a_clear_error_in_memory() {
    let body = format!(r#"{{"clientToken":"{}"}}"#, "x".repeat(4096));
    let connector =
        CaptureConnector::new(vec![json_response(200, &body), json_response(200, "{}")]);
    let config = imagebuilder::Config::builder()
        .http_client(connector.clone())
        .endpoint_url(ENDPOINT)
        .region(Region::new("us-east-1"))
        .credentials_provider(credentials())
        .retry_config(RetryConfig::standard())
        .max_response_body_size(1024)
        .build();
    let client = imagebuilder::Client::from_conf(config);
    let err = block_on(
        client
            .update_infrastructure_configuration()
            .infrastructure_configuration_arn(ARN)
            .instance_profile_name("role")
            .send(),
    )
    .unwrap_err();
    assert!(matches!(err, SdkError::DispatchFailure(_)), "{err:?}");
    let text = DisplayErrorContext(&err).to_string();
    assert!(
        text.contains("the response body exceeds the limit of 1024 bytes")
            && text.contains("max_response_body_size"),
        "{text}"
    );
    assert_eq!(
        connector.requests().len(),
        1,
        "a body over the limit is not retried"
    );

    // At the limit it is read.
    let connector = CaptureConnector::new(vec![json_response(200, "{}")]);
    let config = client
        .config()
        .to_builder()
        .http_client(connector)
        .max_response_body_size(2)
        .build();
    let client = imagebuilder::Client::from_conf(config);
    block_on(
        client
            .update_infrastructure_configuration()
            .infrastructure_configuration_arn(ARN)
            .instance_profile_name("role")
            .send(),
    )
    .expect("a body of exactly the limit is accepted");
}

/// The built-in HTTP client against a server on loopback that sends 64 KiB: it stops reading at
/// the limit (and refuses at once when `content-length` already says too much).
#[tokio::test]
async fn a_body_over_the_limit_is_refused_by_the_built_in_client_on_loopback() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    let server = tokio::spawn(async move {
        for declared in [true, false] {
            let (mut socket, _) = listener.accept().await.expect("accept");
            // Read the request head and body (the body is small; read until quiet).
            let mut buf = vec![0u8; 64 * 1024];
            let _ = tokio::time::timeout(Duration::from_millis(500), socket.read(&mut buf)).await;
            let body = vec![b' '; 64 * 1024];
            let head = if declared {
                format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
                    body.len()
                )
            } else {
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n"
                    .to_string()
            };
            let _ = socket.write_all(head.as_bytes()).await;
            if declared {
                let _ = socket.write_all(&body).await;
            } else {
                for chunk in body.chunks(4096) {
                    let frame = format!("{:x}\r\n", chunk.len());
                    let _ = socket.write_all(frame.as_bytes()).await;
                    let _ = socket.write_all(chunk).await;
                    let _ = socket.write_all(b"\r\n").await;
                }
                let _ = socket.write_all(b"0\r\n\r\n").await;
            }
            let _ = socket.shutdown().await;
        }
    });
    for _ in 0..2 {
        let config = imagebuilder::Config::builder()
            .endpoint_url(&url)
            .region(Region::new("us-east-1"))
            .credentials_provider(credentials())
            .retry_config(RetryConfig::disabled())
            .max_response_body_size(1024)
            .build();
        let client = imagebuilder::Client::from_conf(config);
        let result = tokio::time::timeout(
            Duration::from_secs(10),
            client
                .update_infrastructure_configuration()
                .infrastructure_configuration_arn(ARN)
                .instance_profile_name("role")
                .send(),
        )
        .await
        .expect("bounded");
        let err = result.unwrap_err();
        assert!(matches!(err, SdkError::DispatchFailure(_)), "{err:?}");
        let text = DisplayErrorContext(&err).to_string();
        assert!(
            text.contains("the response body exceeds the limit of 1024 bytes"),
            "{text}"
        );
    }
    server.abort();
}
