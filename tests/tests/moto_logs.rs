//! The generated CloudWatch Logs client (`generated/cloudwatchlogs`, awsJson1_1) against moto
//! on loopback: log groups listed through the DescribeLogGroups paginator with a small page
//! size, and events written with PutLogEvents and read back, also page by page.
//!
//! One moto server per test binary (`Moto::shared`); each test uses log groups whose names
//! start with a prefix of its own.

use cloudwatchlogs::config::{Credentials, Region};
use cloudwatchlogs::error::ProvideErrorMetadata;
use cloudwatchlogs::operation::create_log_group::CreateLogGroupError;
use cloudwatchlogs::operation::get_log_events::GetLogEventsError;
use cloudwatchlogs::types::InputLogEvent;
use cloudwatchlogs::{Client, Config};
use integration_tests::moto::{self, Moto};

/// A client for the shared moto server, configured as a user of `aws-sdk-cloudwatchlogs` would.
fn client() -> Client {
    let config = Config::builder()
        .endpoint_url(Moto::shared().endpoint())
        .region(Region::new(moto::REGION))
        .credentials_provider(Credentials::new(
            moto::ACCESS_KEY_ID,
            moto::SECRET_ACCESS_KEY,
            None,
            None,
            "moto-tests",
        ))
        .build();
    Client::from_conf(config)
}

fn now_millis() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64
}

#[tokio::test]
async fn describe_log_groups_page_by_page() {
    let client = client();
    let prefix = format!("/moto/{}", moto::unique_name("groups"));
    let names: Vec<String> = (0..5).map(|i| format!("{prefix}/group-{i}")).collect();
    for name in &names {
        client
            .create_log_group()
            .log_group_name(name)
            .send()
            .await
            .unwrap_or_else(|e| {
                panic!(
                    "CreateLogGroup {name}: {}",
                    cloudwatchlogs::error::DisplayErrorContext(e)
                )
            });
    }

    // Pages of 2: 2 + 2 + 1, each request carrying the token of the page before.
    let pages = client
        .describe_log_groups()
        .log_group_name_prefix(&prefix)
        .into_paginator()
        .page_size(2)
        .send()
        .try_collect()
        .await
        .unwrap();
    let sizes: Vec<usize> = pages.iter().map(|p| p.log_groups().len()).collect();
    assert_eq!(sizes, [2, 2, 1], "{pages:?}");
    assert!(pages[..2].iter().all(|p| p.next_token().is_some()));
    assert_eq!(pages[2].next_token(), None);
    let listed: Vec<&str> = pages
        .iter()
        .flat_map(|p| p.log_groups())
        .filter_map(|g| g.log_group_name())
        .collect();
    assert_eq!(listed, names, "every group once, in name order");

    // The items stream gives the same groups, with their metadata.
    let groups = client
        .describe_log_groups()
        .log_group_name_prefix(&prefix)
        .into_paginator()
        .page_size(2)
        .items()
        .send()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(groups.len(), names.len());
    for (group, name) in groups.iter().zip(&names) {
        assert_eq!(group.log_group_name(), Some(name.as_str()));
        let arn = group.arn().expect("a log group has an ARN");
        assert!(
            arn.starts_with(&format!(
                "arn:aws:logs:{}:{}:log-group:{name}",
                moto::REGION,
                moto::ACCOUNT_ID
            )),
            "{arn}"
        );
        assert!(group.creation_time().is_some_and(|t| t > 0));
    }

    // Creating one again is the modeled error.
    let err = client
        .create_log_group()
        .log_group_name(&names[0])
        .send()
        .await
        .expect_err("the group exists")
        .into_service_error();
    assert_eq!(err.code(), Some("ResourceAlreadyExistsException"));
    assert!(
        matches!(err, CreateLogGroupError::ResourceAlreadyExistsException(_)),
        "{err:?}"
    );
}

#[tokio::test]
async fn put_and_get_log_events() {
    let client = client();
    let group = format!("/moto/{}", moto::unique_name("events"));
    let stream = "stream-1";
    client
        .create_log_group()
        .log_group_name(&group)
        .send()
        .await
        .unwrap();
    client
        .create_log_stream()
        .log_group_name(&group)
        .log_stream_name(stream)
        .send()
        .await
        .unwrap();

    let start = now_millis();
    let messages: Vec<String> = (0..5).map(|i| format!("event {i}: ünïcödé ✓")).collect();
    let mut put = client
        .put_log_events()
        .log_group_name(&group)
        .log_stream_name(stream);
    for (i, message) in messages.iter().enumerate() {
        put = put.log_events(
            InputLogEvent::builder()
                .timestamp(start + i as i64)
                .message(message)
                .build()
                .unwrap(),
        );
    }
    let put = put.send().await.unwrap();
    assert!(
        put.rejected_log_events_info().is_none(),
        "{:?}",
        put.rejected_log_events_info()
    );

    let all = client
        .get_log_events()
        .log_group_name(&group)
        .log_stream_name(stream)
        .start_from_head(true)
        .send()
        .await
        .unwrap();
    let events = all.events();
    assert_eq!(events.len(), messages.len(), "{events:?}");
    for (i, (event, message)) in events.iter().zip(&messages).enumerate() {
        assert_eq!(event.message(), Some(message.as_str()));
        assert_eq!(event.timestamp(), Some(start + i as i64));
        assert!(event.ingestion_time().is_some_and(|t| t >= start));
    }
    assert!(all.next_forward_token().is_some());
    assert!(all.next_backward_token().is_some());

    // Two at a time through the paginator: the stream ends when the service hands back the
    // token it was sent (GetLogEvents always returns a forward token).
    let paged = client
        .get_log_events()
        .log_group_name(&group)
        .log_stream_name(stream)
        .start_from_head(true)
        .into_paginator()
        .page_size(2)
        .items()
        .send()
        .try_collect()
        .await
        .unwrap();
    let paged: Vec<&str> = paged.iter().filter_map(|e| e.message()).collect();
    assert_eq!(paged, messages);

    let err = client
        .get_log_events()
        .log_group_name(&group)
        .log_stream_name("no-such-stream")
        .send()
        .await
        .expect_err("the stream does not exist")
        .into_service_error();
    assert_eq!(err.code(), Some("ResourceNotFoundException"));
    assert!(
        matches!(err, GetLogEventsError::ResourceNotFoundException(_)),
        "{err:?}"
    );
}
