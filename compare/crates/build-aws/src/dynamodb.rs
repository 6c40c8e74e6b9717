//! Calls GetItem through aws-sdk-dynamodb (compiled, not run).
use aws_sdk_dynamodb::types::AttributeValue;
use aws_sdk_dynamodb::Client;

#[tokio::main]
async fn main() {
    let sdk_config = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
    let client = Client::new(&sdk_config);
    let result = client
        .get_item()
        .table_name("Music")
        .key("Artist", AttributeValue::S("No One You Know".into()))
        .key("SongTitle", AttributeValue::S("Call Me Today".into()))
        .send()
        .await;
    match result {
        Ok(out) => println!("{:?}", out.item()),
        Err(err) => eprintln!("error: {err:?}"),
    }
}
