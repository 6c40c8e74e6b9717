//! The generated SQS client (`generated/sqs`, awsJson1_0 with awsQueryCompatible) against moto
//! on loopback: queues, a message round trip, and a missing queue as its typed error.
//!
//! One moto server per test binary (`Moto::shared`); each test uses queues of its own.

use integration_tests::moto::{self, Moto};
use sqs::config::{Credentials, Region, RetryConfig};
use sqs::error::{ProvideErrorMetadata, SdkError};
use sqs::operation::get_queue_url::GetQueueUrlError;
use sqs::operation::RequestId;
use sqs::types::{MessageAttributeValue, QueueAttributeName};
use sqs::{Client, Config};

/// A client for the shared moto server, configured as a user of `aws-sdk-sqs` would.
fn client() -> Client {
    Client::from_conf(config(&Moto::shared().endpoint()).build())
}

fn config(endpoint: &str) -> sqs::config::Builder {
    Config::builder()
        .endpoint_url(endpoint)
        .region(Region::new(moto::REGION))
        .credentials_provider(Credentials::new(
            moto::ACCESS_KEY_ID,
            moto::SECRET_ACCESS_KEY,
            None,
            None,
            "moto-tests",
        ))
}

/// Creates a queue whose received messages become visible again after `visibility_timeout`
/// seconds unless deleted; returns its URL.
async fn create_queue(client: &Client, name: &str, visibility_timeout: u32) -> String {
    let out = client
        .create_queue()
        .queue_name(name)
        // Keyed by the enum, as in aws-sdk-sqs.
        .attributes(
            QueueAttributeName::VisibilityTimeout,
            visibility_timeout.to_string(),
        )
        .send()
        .await
        .unwrap_or_else(|e| panic!("CreateQueue {name}: {}", sqs::error::DisplayErrorContext(e)));
    let url = out.queue_url().expect("CreateQueue returns the queue URL");
    assert!(
        url.ends_with(&format!("/{}/{name}", moto::ACCOUNT_ID)),
        "unexpected queue URL {url}"
    );
    url.to_owned()
}

#[tokio::test]
async fn message_round_trip() {
    let client = client();
    let name = moto::unique_name("round-trip");
    // Visibility timeout 0: a received message that is not deleted is visible again at once.
    let url = create_queue(&client, &name, 0).await;

    let found = client
        .get_queue_url()
        .queue_name(&name)
        .send()
        .await
        .unwrap();
    assert_eq!(found.queue_url(), Some(url.as_str()));

    // The attributes map comes back keyed by the enum.
    let attributes = client
        .get_queue_attributes()
        .queue_url(&url)
        .attribute_names(QueueAttributeName::VisibilityTimeout)
        .send()
        .await
        .unwrap();
    assert_eq!(
        attributes
            .attributes()
            .and_then(|a| a.get(&QueueAttributeName::VisibilityTimeout))
            .map(String::as_str),
        Some("0")
    );

    let body = "hello from smithy-native";
    let sent = client
        .send_message()
        .queue_url(&url)
        .message_body(body)
        .message_attributes(
            "origin",
            MessageAttributeValue::builder()
                .data_type("String")
                .string_value("moto_sqs.rs")
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    let message_id = sent.message_id().expect("SendMessage returns a message id");
    // MD5 of the body, as SQS computes it (python3 -c "import hashlib; ...").
    assert_eq!(
        sent.md5_of_message_body(),
        Some("b025195dc0a1eccb1d4cc1f284fcd47f")
    );
    assert!(sent
        .md5_of_message_attributes()
        .is_some_and(|m| m.len() == 32));
    assert!(sent.request_id().is_some(), "SendMessage has a request id");

    let received = client
        .receive_message()
        .queue_url(&url)
        .max_number_of_messages(10)
        .message_attribute_names("All")
        .send()
        .await
        .unwrap();
    let messages = received.messages();
    assert_eq!(messages.len(), 1, "{messages:?}");
    let message = &messages[0];
    assert_eq!(message.message_id(), Some(message_id));
    assert_eq!(message.body(), Some(body));
    assert_eq!(message.md5_of_body(), sent.md5_of_message_body());
    let origin = message
        .message_attributes()
        .and_then(|a| a.get("origin"))
        .expect("the message attribute comes back");
    assert_eq!(origin.data_type(), "String");
    assert_eq!(origin.string_value(), Some("moto_sqs.rs"));
    let receipt = message.receipt_handle().expect("a receipt handle");

    client
        .delete_message()
        .queue_url(&url)
        .receipt_handle(receipt)
        .send()
        .await
        .unwrap();
    // With a visibility timeout of 0 the message would be received again had it not been
    // deleted.
    let again = client
        .receive_message()
        .queue_url(&url)
        .send()
        .await
        .unwrap();
    assert!(again.messages().is_empty(), "{:?}", again.messages());

    client.delete_queue().queue_url(&url).send().await.unwrap();
    let gone = client.get_queue_url().queue_name(&name).send().await;
    assert!(
        matches!(
            gone.as_ref().map_err(SdkError::as_service_error),
            Err(Some(GetQueueUrlError::QueueDoesNotExist(_)))
        ),
        "{gone:?}"
    );
}

#[tokio::test]
async fn missing_queue_is_the_modeled_error() {
    let client = client();
    let name = moto::unique_name("no-such-queue");
    let err = client
        .get_queue_url()
        .queue_name(&name)
        .send()
        .await
        .expect_err("the queue does not exist");
    let raw = err.raw_response().expect("a response came back");
    assert_eq!(raw.status(), 400);
    let service_error = err.into_service_error();
    // awsQueryCompatible: the error code is the awsQuery code of the `x-amzn-query-error`
    // header, and it selects the modeled error as the shape name would.
    assert_eq!(
        service_error.code(),
        Some("AWS.SimpleQueueService.NonExistentQueue")
    );
    assert_eq!(
        service_error.message(),
        Some("The specified queue does not exist.")
    );
    assert!(service_error.meta().request_id().is_some());
    match service_error {
        GetQueueUrlError::QueueDoesNotExist(e) => {
            assert_eq!(e.message(), Some("The specified queue does not exist."));
        }
        other => panic!("expected QueueDoesNotExist, got {other:?}"),
    }
}

#[tokio::test]
async fn list_queues_by_prefix() {
    let client = client();
    let prefix = moto::unique_name("listed");
    let mut urls = Vec::new();
    for i in 0..3 {
        urls.push(create_queue(&client, &format!("{prefix}-{i}"), 30).await);
    }
    let listed = client
        .list_queues()
        .queue_name_prefix(&prefix)
        .send()
        .await
        .unwrap();
    let mut got = listed.queue_urls().to_vec();
    got.sort();
    assert_eq!(got, urls);

    let none = client
        .list_queues()
        .queue_name_prefix(moto::unique_name("nothing"))
        .send()
        .await
        .unwrap();
    assert!(none.queue_urls().is_empty(), "{:?}", none.queue_urls());
}

#[tokio::test]
async fn a_server_of_its_own_stops_when_dropped() {
    let own = Moto::start();
    let client = Client::from_conf(
        config(&own.endpoint())
            .retry_config(RetryConfig::disabled())
            .build(),
    );
    // A fresh server: no queues yet, whatever the other tests created on the shared one.
    let listed = client.list_queues().send().await.unwrap();
    assert!(listed.queue_urls().is_empty(), "{:?}", listed.queue_urls());
    create_queue(&client, "only-here", 30).await;

    drop(own);
    let err = client
        .list_queues()
        .send()
        .await
        .expect_err("the server is gone");
    assert!(
        matches!(err, SdkError::DispatchFailure(_)),
        "expected a connection failure, got {err:?}"
    );
}
