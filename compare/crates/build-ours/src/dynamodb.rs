//! Calls GetItem through our generated client (compiled, not run).
use dynamodb::types::AttributeValue;
use dynamodb::Client;

#[tokio::main]
async fn main() {
    let config = match dynamodb::config::load_from_env() {
        Ok(builder) => builder.build(),
        Err(e) => {
            eprintln!("config error: {e}");
            std::process::exit(1);
        }
    };
    let client = Client::from_conf(config);
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
