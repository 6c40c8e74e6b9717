//! The DynamoDB side of cmp-bench: GetItem (awsJson1_0) of a two-attribute key, answered with
//! an item of five attributes (string, number, list, map, boolean), through `dynamodb` and
//! `aws-sdk-dynamodb`. run.sh copies this file to `src/service.rs`.

/// The server's answer to every request.
pub const BODY: &str = r#"{"Item":{"Artist":{"S":"No One You Know"},"SongTitle":{"S":"Call Me Today"},"Year":{"N":"2024"},"Tags":{"L":[{"S":"pop"},{"S":"live"}]},"Meta":{"M":{"plays":{"N":"12"},"explicit":{"BOOL":false}}}}}"#;
pub const CONTENT_TYPE: &str = "application/x-amz-json-1.0";

#[derive(Clone)]
pub enum Target {
    Ours(dynamodb::Client),
    Aws(aws_sdk_dynamodb::Client),
}

/// Both clients, sending to `endpoint` with static credentials.
pub fn targets(endpoint: &str) -> (Target, Target) {
    let ours = Target::Ours(dynamodb::Client::from_conf(
        dynamodb::Config::builder()
            .endpoint_url(endpoint)
            .region(dynamodb::config::Region::new("us-east-1"))
            .credentials_provider(dynamodb::config::Credentials::new(
                "AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", None, None, "bench",
            ))
            .build(),
    ));
    let aws = Target::Aws(aws_sdk_dynamodb::Client::from_conf(
        aws_sdk_dynamodb::Config::builder()
            .behavior_version(aws_sdk_dynamodb::config::BehaviorVersion::latest())
            .endpoint_url(endpoint)
            .region(aws_sdk_dynamodb::config::Region::new("us-east-1"))
            .credentials_provider(aws_sdk_dynamodb::config::Credentials::new(
                "AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", None, None, "bench",
            ))
            .build(),
    ));
    (ours, aws)
}

impl Target {
    pub fn name(&self) -> &'static str {
        match self {
            Target::Ours(_) => "ours",
            Target::Aws(_) => "aws-sdk",
        }
    }

    pub async fn call(&self) -> Result<(), String> {
        let year = match self {
            Target::Ours(client) => {
                use dynamodb::types::AttributeValue;
                let out = client
                    .get_item()
                    .table_name("Music")
                    .key("Artist", AttributeValue::S("No One You Know".into()))
                    .key("SongTitle", AttributeValue::S("Call Me Today".into()))
                    .send()
                    .await
                    .map_err(|e| format!("{e:?}"))?;
                out.item()
                    .and_then(|item| item.get("Year"))
                    .and_then(|v| v.as_n().ok())
                    .cloned()
            }
            Target::Aws(client) => {
                use aws_sdk_dynamodb::types::AttributeValue;
                let out = client
                    .get_item()
                    .table_name("Music")
                    .key("Artist", AttributeValue::S("No One You Know".into()))
                    .key("SongTitle", AttributeValue::S("Call Me Today".into()))
                    .send()
                    .await
                    .map_err(|e| format!("{e:?}"))?;
                out.item()
                    .and_then(|item| item.get("Year"))
                    .and_then(|v| v.as_n().ok())
                    .cloned()
            }
        };
        match year.as_deref() {
            Some("2024") => Ok(()),
            other => Err(format!("unexpected Year {other:?}")),
        }
    }
}
