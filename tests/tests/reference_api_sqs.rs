//! A program written against the `aws-sdk-sqs` fluent API (CreateQueue, GetQueueUrl,
//! SendMessage, ReceiveMessage, DeleteMessage, GetQueueAttributes, ListQueues and its paginator,
//! DeleteQueue), compiled against the generated crate with only the crate name changed
//! (`use sqs as sdk`). The same text compiles against `aws-sdk-sqs` 1.119.0
//! (`compare/reference-api.sh`, outside the workspace, which never builds the reference). The
//! async functions are never run; the tests at the end run the offline parts.

#![allow(dead_code)]

use sqs as sdk;

use std::collections::HashMap;

use sdk::config::{Credentials, Region};
use sdk::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};
use sdk::operation::create_queue::builders::CreateQueueFluentBuilder;
use sdk::operation::create_queue::{CreateQueueError, CreateQueueOutput};
use sdk::operation::delete_message::DeleteMessageError;
use sdk::operation::delete_queue::DeleteQueueError;
use sdk::operation::get_queue_attributes::{GetQueueAttributesError, GetQueueAttributesOutput};
use sdk::operation::get_queue_url::{GetQueueUrlError, GetQueueUrlOutput};
use sdk::operation::list_queues::paginator::{ListQueuesPaginator, ListQueuesPaginatorItems};
use sdk::operation::list_queues::{ListQueuesError, ListQueuesOutput};
use sdk::operation::receive_message::builders::ReceiveMessageInputBuilder;
use sdk::operation::receive_message::{
    ReceiveMessageError, ReceiveMessageInput, ReceiveMessageOutput,
};
use sdk::operation::send_message::builders::{SendMessageFluentBuilder, SendMessageInputBuilder};
use sdk::operation::send_message::{SendMessageError, SendMessageInput, SendMessageOutput};
use sdk::operation::RequestId;
use sdk::primitives::Blob;
use sdk::types::builders::MessageAttributeValueBuilder;
use sdk::types::error::{QueueDoesNotExist, QueueNameExists};
use sdk::types::{
    Message, MessageAttributeValue, MessageSystemAttributeName, MessageSystemAttributeNameForSends,
    MessageSystemAttributeValue, QueueAttributeName,
};
use sdk::{Client, Config};

type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

pub fn client(endpoint: &str) -> Client {
    let config = Config::builder()
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new("AKID", "SECRET", None, None, "example"))
        .endpoint_url(endpoint)
        .build();
    let client = Client::from_conf(config);
    let _: &Config = client.config();
    client
}

pub fn string_attribute(value: &str) -> Result<MessageAttributeValue, BoxError> {
    let b: MessageAttributeValueBuilder = MessageAttributeValue::builder()
        .data_type("String")
        .string_value(value);
    let _: &Option<String> = b.get_data_type();
    Ok(b.build()?)
}

pub fn message_attributes() -> Result<HashMap<String, MessageAttributeValue>, BoxError> {
    let mut attrs = HashMap::new();
    attrs.insert("kind".to_string(), string_attribute("order")?);
    attrs.insert(
        "count".to_string(),
        MessageAttributeValue::builder()
            .data_type("Number")
            .string_value("3")
            .build()?,
    );
    attrs.insert(
        "raw".to_string(),
        MessageAttributeValue::builder()
            .data_type("Binary")
            .binary_value(Blob::new(vec![0u8, 1, 2]))
            .build()?,
    );
    Ok(attrs)
}

pub async fn create_queue(client: &Client, name: &str) -> Result<String, BoxError> {
    let fb: CreateQueueFluentBuilder = client
        .create_queue()
        .queue_name(name)
        .attributes(QueueAttributeName::VisibilityTimeout, "30")
        .attributes(QueueAttributeName::MessageRetentionPeriod, "86400")
        .attributes(QueueAttributeName::from("DelaySeconds"), "0".to_string())
        .tags("team", "queues");
    let _: &Option<String> = fb.get_queue_name();
    let _: &Option<HashMap<QueueAttributeName, String>> = fb.get_attributes();
    let _: &Option<HashMap<String, String>> = fb.get_tags();
    let res: Result<CreateQueueOutput, SdkError<CreateQueueError>> = fb.send().await;
    match res {
        Ok(out) => {
            let _: Option<&str> = out.request_id();
            Ok(out.queue_url().unwrap_or_default().to_string())
        }
        Err(err) => match err.into_service_error() {
            CreateQueueError::QueueNameExists(e) => {
                let _: &QueueNameExists = &e;
                let _: Option<&str> = e.message();
                Err(e.into())
            }
            CreateQueueError::QueueDeletedRecently(_) => Ok(String::new()),
            e => Err(e.into()),
        },
    }
}

pub async fn create_fifo(client: &Client) -> Result<Option<String>, sdk::Error> {
    let mut attributes = HashMap::new();
    attributes.insert(QueueAttributeName::FifoQueue, "true".to_string());
    attributes.insert(
        QueueAttributeName::ContentBasedDeduplication,
        "true".to_string(),
    );
    let out = client
        .create_queue()
        .queue_name("jobs.fifo")
        .set_attributes(Some(attributes))
        .send()
        .await?;
    Ok(out.queue_url().map(str::to_string))
}

pub async fn queue_url(client: &Client, name: &str) -> Result<Option<String>, sdk::Error> {
    let res: Result<GetQueueUrlOutput, SdkError<GetQueueUrlError>> = client
        .get_queue_url()
        .queue_name(name)
        .queue_owner_aws_account_id("123456789012")
        .send()
        .await;
    match res {
        Ok(out) => Ok(out.queue_url().map(str::to_string)),
        Err(err) => {
            let _: Option<&str> = err.code();
            let _: Option<&str> = err.message();
            let _: Option<&str> = err.request_id();
            match err.into_service_error() {
                GetQueueUrlError::QueueDoesNotExist(e) => {
                    let _: &QueueDoesNotExist = &e;
                    println!("no such queue: {e}");
                    Ok(None)
                }
                e if e.is_request_throttled() => Ok(None),
                e if e.code() == Some("AWS.SimpleQueueService.NonExistentQueue") => Ok(None),
                e => {
                    eprintln!("{}", DisplayErrorContext(&e));
                    Err(e.into())
                }
            }
        }
    }
}

pub async fn queue_exists(client: &Client, name: &str) -> Result<bool, SdkError<GetQueueUrlError>> {
    match client.get_queue_url().queue_name(name).send().await {
        Ok(_) => Ok(true),
        Err(SdkError::ServiceError(ctx)) if ctx.err().is_queue_does_not_exist() => Ok(false),
        Err(e)
            if matches!(
                e.as_service_error(),
                Some(GetQueueUrlError::QueueDoesNotExist(_))
            ) =>
        {
            Ok(false)
        }
        Err(e) => Err(e),
    }
}

pub fn send_input(url: &str) -> Result<SendMessageInput, BoxError> {
    let b: SendMessageInputBuilder = SendMessageInput::builder()
        .queue_url(url)
        .message_body("hello")
        .message_attributes("kind", string_attribute("order")?);
    let _: &Option<HashMap<String, MessageAttributeValue>> = b.get_message_attributes();
    Ok(b.build()?)
}

pub async fn send(client: &Client, url: &str) -> Result<String, BoxError> {
    let fb: SendMessageFluentBuilder = client
        .send_message()
        .queue_url(url)
        .message_body("hello")
        .delay_seconds(0)
        .set_message_attributes(Some(message_attributes()?))
        .message_attributes(
            "source",
            MessageAttributeValue::builder()
                .data_type("String")
                .string_value("x")
                .build()?,
        )
        .message_system_attributes(
            MessageSystemAttributeNameForSends::AwsTraceHeader,
            MessageSystemAttributeValue::builder()
                .data_type("String")
                .string_value("Root=1-5759e988-bd862e3fe1be46a994272793")
                .build()?,
        );
    let _: &Option<String> = fb.get_message_body();
    let res: Result<SendMessageOutput, SdkError<SendMessageError>> = fb.send().await;
    match res {
        Ok(out) => {
            let _: Option<&str> = out.md5_of_message_body();
            let _: Option<&str> = out.md5_of_message_attributes();
            let _: Option<&str> = out.sequence_number();
            Ok(out.message_id().unwrap_or_default().to_string())
        }
        Err(err) => match err.into_service_error() {
            SendMessageError::InvalidMessageContents(e) => Err(e.into()),
            SendMessageError::QueueDoesNotExist(_) => Ok(String::new()),
            e if e.is_kms_throttled() => Ok(String::new()),
            e => Err(e.into()),
        },
    }
}

pub async fn send_fifo(client: &Client, url: &str) -> Result<Option<String>, sdk::Error> {
    let out = client
        .send_message()
        .queue_url(url)
        .message_body("job")
        .message_group_id("group-1")
        .message_deduplication_id("dedup-1")
        .send()
        .await?;
    Ok(out.sequence_number().map(str::to_string))
}

pub fn receive_input(url: &str) -> ReceiveMessageInput {
    let b: ReceiveMessageInputBuilder = ReceiveMessageInput::builder()
        .queue_url(url)
        .max_number_of_messages(10)
        .wait_time_seconds(20)
        .visibility_timeout(30)
        .message_attribute_names("All")
        .message_system_attribute_names(MessageSystemAttributeName::SentTimestamp);
    let _: &Option<Vec<String>> = b.get_message_attribute_names();
    b.build().expect("required members set")
}

pub fn read_message(m: &Message) -> Option<(String, String)> {
    let id: &str = m.message_id()?;
    let _: Option<&str> = m.md5_of_body();
    let _: Option<&str> = m.md5_of_message_attributes();
    let _: Option<&str> = m.receipt_handle();
    let system: Option<&HashMap<MessageSystemAttributeName, String>> = m.attributes();
    let _: Option<&String> =
        system.and_then(|a| a.get(&MessageSystemAttributeName::ApproximateReceiveCount));
    let attrs: Option<&HashMap<String, MessageAttributeValue>> = m.message_attributes();
    if let Some(kind) = attrs.and_then(|a| a.get("kind")) {
        let _: &str = kind.data_type();
        let _: Option<&str> = kind.string_value();
        let _: Option<&Blob> = kind.binary_value();
        let _: &[String] = kind.string_list_values();
    }
    Some((id.to_string(), m.body()?.to_string()))
}

pub async fn receive_and_delete(client: &Client, url: &str) -> Result<Vec<String>, BoxError> {
    let out: ReceiveMessageOutput = client
        .receive_message()
        .queue_url(url)
        .max_number_of_messages(10)
        .wait_time_seconds(1)
        .visibility_timeout(30)
        .message_attribute_names("All")
        .message_attribute_names("kind")
        .message_system_attribute_names(MessageSystemAttributeName::All)
        .receive_request_attempt_id("attempt-1")
        .send()
        .await?;
    let messages: &[Message] = out.messages();
    let mut bodies = Vec::new();
    for m in messages {
        if let Some((_, body)) = read_message(m) {
            bodies.push(body);
        }
        let Some(handle) = m.receipt_handle() else {
            continue;
        };
        match client
            .delete_message()
            .queue_url(url)
            .receipt_handle(handle)
            .send()
            .await
        {
            Ok(out) => {
                let _: Option<&str> = out.request_id();
            }
            Err(e) => match e.into_service_error() {
                DeleteMessageError::ReceiptHandleIsInvalid(_) => {}
                // Deprecated in the model ("exception has been included in
                // ReceiptHandleIsInvalid"); the reference marks the variant `#[deprecated]`.
                #[allow(deprecated)]
                DeleteMessageError::InvalidIdFormat(_) => {}
                e => return Err(e.into()),
            },
        }
    }
    Ok(bodies)
}

pub async fn receive_or_over_limit(client: &Client, url: &str) -> Result<usize, sdk::Error> {
    match client.receive_message().queue_url(url).send().await {
        Ok(out) => Ok(out.messages().len()),
        Err(e)
            if e.as_service_error()
                .is_some_and(ReceiveMessageError::is_over_limit) =>
        {
            Ok(0)
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn visibility_timeout(client: &Client, url: &str) -> Result<Option<u32>, sdk::Error> {
    let out: GetQueueAttributesOutput = client
        .get_queue_attributes()
        .queue_url(url)
        .attribute_names(QueueAttributeName::All)
        .send()
        .await?;
    let attrs: Option<&HashMap<QueueAttributeName, String>> = out.attributes();
    let _: Option<&String> =
        attrs.and_then(|a| a.get(&QueueAttributeName::ApproximateNumberOfMessages));
    let _: Option<&String> = attrs.and_then(|a| a.get(&QueueAttributeName::QueueArn));
    Ok(out
        .attributes()
        .and_then(|a| a.get(&QueueAttributeName::VisibilityTimeout))
        .and_then(|v| v.parse().ok()))
}

pub async fn attribute_or_missing(client: &Client, url: &str) -> Option<String> {
    let res = client
        .get_queue_attributes()
        .queue_url(url)
        .set_attribute_names(Some(vec![
            QueueAttributeName::VisibilityTimeout,
            QueueAttributeName::DelaySeconds,
        ]))
        .send()
        .await;
    match res {
        Ok(out) => out
            .attributes()?
            .get(&QueueAttributeName::DelaySeconds)
            .cloned(),
        Err(e) => match e.into_service_error() {
            GetQueueAttributesError::QueueDoesNotExist(_) => None,
            GetQueueAttributesError::InvalidAttributeName(e) => e.message().map(str::to_string),
            _ => None,
        },
    }
}

pub async fn list_queues(client: &Client) -> Result<Vec<String>, SdkError<ListQueuesError>> {
    let out: ListQueuesOutput = client
        .list_queues()
        .queue_name_prefix("app-")
        .max_results(100)
        .send()
        .await?;
    let _: Option<&str> = out.next_token();
    let mut urls: Vec<String> = out.queue_urls().to_vec();

    let paginator: ListQueuesPaginator = client
        .list_queues()
        .queue_name_prefix("app-")
        .into_paginator()
        .page_size(10);
    let mut pages = paginator.send();
    while let Some(page) = pages.next().await {
        let page: ListQueuesOutput = page?;
        urls.extend(page.queue_urls().iter().cloned());
    }

    let items: ListQueuesPaginatorItems = client.list_queues().into_paginator().items();
    let all: Vec<String> = items.send().try_collect().await?;
    urls.extend(all);
    let mut stream = client.list_queues().into_paginator().items().send();
    while let Some(url) = stream.try_next().await? {
        urls.push(url);
    }
    Ok(urls)
}

pub async fn delete_queue(client: &Client, url: &str) -> Result<(), sdk::Error> {
    match client.delete_queue().queue_url(url).send().await {
        Ok(_) => Ok(()),
        Err(e)
            if matches!(
                e.as_service_error(),
                Some(DeleteQueueError::QueueDoesNotExist(_))
            ) =>
        {
            Ok(())
        }
        Err(e) => Err(e.into()),
    }
}

pub fn enum_values() -> Vec<String> {
    let all = QueueAttributeName::All;
    let unknown = QueueAttributeName::from("SomethingNew");
    let parsed: QueueAttributeName = "VisibilityTimeout".parse().expect("infallible");
    let _: Result<QueueAttributeName, _> = QueueAttributeName::try_parse("Policy");
    vec![
        all.as_str().to_string(),
        unknown.as_str().to_string(),
        parsed.to_string(),
        MessageSystemAttributeName::SentTimestamp
            .as_str()
            .to_string(),
        MessageSystemAttributeNameForSends::AwsTraceHeader
            .as_str()
            .to_string(),
    ]
}

/// `?` on builders into the crate's `Error`, the behavior version, the reference's config
/// module paths, and collecting a stream of results.
mod sdk_conveniences {
    use super::*;
    use sdk::config::retry::RetryConfig;
    use sdk::config::BehaviorVersion;

    /// `impl From<BuildError> for sdk::Error`: `?` on a fallible `build()`.
    pub async fn send(client: &Client, url: &str) -> Result<(), sdk::Error> {
        let attr = MessageAttributeValue::builder()
            .data_type("String")
            .string_value("x")
            .build()?;
        client
            .send_message()
            .queue_url(url)
            .message_body("b")
            .message_attributes("a", attr)
            .send()
            .await?;
        Ok(())
    }

    /// `config::BehaviorVersion`, `Builder::behavior_version`, `config::retry::RetryConfig`.
    pub fn config() -> Config {
        Config::builder()
            .behavior_version(BehaviorVersion::latest())
            .retry_config(RetryConfig::standard().with_max_attempts(2))
            .build()
    }

    /// `collect::<Result<Vec<_>, _>>()` on a pagination stream.
    pub async fn all_urls(client: &Client) -> Result<Vec<String>, SdkError<ListQueuesError>> {
        client
            .list_queues()
            .into_paginator()
            .items()
            .send()
            .collect::<Result<Vec<_>, _>>()
            .await
    }
}

/// A client whose connector replays `responses` (test-only: the reference check skips it).
#[cfg(test)]
fn offline_client(
    responses: Vec<smithy_rt::http::HttpResponse>,
) -> (Client, smithy_rt::test_util::CaptureConnector) {
    let connector = smithy_rt::test_util::CaptureConnector::new(responses);
    let config = client("https://sqs.test.invalid")
        .config()
        .to_builder()
        .http_client(connector.clone())
        .retry_config(sdk::config::RetryConfig::disabled())
        .build();
    (Client::from_conf(config), connector)
}

#[test]
fn inputs_are_built_and_read_offline() {
    let attrs = message_attributes().expect("data types set");
    assert_eq!(attrs["kind"].data_type(), "String");
    assert_eq!(attrs["kind"].string_value(), Some("order"));
    assert_eq!(
        attrs["raw"].binary_value().map(|b| b.as_ref().to_vec()),
        Some(vec![0, 1, 2])
    );
    assert!(MessageAttributeValue::builder()
        .string_value("x")
        .build()
        .is_err());

    let send = send_input("https://sqs.us-east-1.amazonaws.com/123456789012/q").expect("built");
    assert_eq!(send.message_body(), Some("hello"));
    assert_eq!(
        send.message_attributes()
            .and_then(|a| a.get("kind"))
            .and_then(|v| v.string_value()),
        Some("order")
    );

    let receive = receive_input("u");
    assert_eq!(receive.max_number_of_messages(), Some(10));
    assert_eq!(receive.message_attribute_names(), ["All".to_string()]);
    assert_eq!(
        receive.message_system_attribute_names(),
        [MessageSystemAttributeName::SentTimestamp]
    );

    let message = Message::builder()
        .message_id("m-1")
        .body("hello")
        .receipt_handle("rh")
        .attributes(MessageSystemAttributeName::ApproximateReceiveCount, "1")
        .message_attributes("kind", string_attribute("order").expect("built"))
        .build();
    assert_eq!(
        read_message(&message),
        Some(("m-1".to_string(), "hello".to_string()))
    );

    assert_eq!(
        enum_values(),
        [
            "All",
            "SomethingNew",
            "VisibilityTimeout",
            "SentTimestamp",
            "AWSTraceHeader"
        ]
    );
}

#[test]
fn a_missing_queue_is_matched_offline() {
    let missing = || {
        integration_tests::json_response(
            400,
            r#"{"__type":"com.amazonaws.sqs#QueueDoesNotExist","message":"The specified queue does not exist."}"#,
        )
        .with_header(
            "x-amzn-query-error",
            "AWS.SimpleQueueService.NonExistentQueue;Sender",
        )
    };
    let (client, conn) = offline_client(vec![missing(), missing()]);
    let result = smithy_rt::test_util::block_on(queue_url(&client, "missing"));
    assert!(matches!(result, Ok(None)), "{result:?}");
    let err = smithy_rt::test_util::block_on(client.get_queue_url().queue_name("q").send())
        .expect_err("the canned answer is an error");
    assert_eq!(err.message(), Some("The specified queue does not exist."));
    assert!(matches!(
        err.into_service_error(),
        GetQueueUrlError::QueueDoesNotExist(_)
    ));
    assert_eq!(conn.requests().len(), 2);
}
