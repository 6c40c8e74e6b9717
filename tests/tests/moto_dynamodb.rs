//! The generated DynamoDB client (`generated/dynamodb`, awsJson1_0) against moto on loopback:
//! tables, items as `AttributeValue` maps (every kind of value), Query page by page through
//! the paginator (a map-valued token: `ExclusiveStartKey` / `LastEvaluatedKey`), a failed
//! condition as the typed `ConditionalCheckFailedException`, and TransactWriteItems.
//!
//! One moto server per test binary (`Moto::shared`); each test uses tables of its own.

use std::collections::HashMap;

use dynamodb::config::{Credentials, Region};
use dynamodb::error::ProvideErrorMetadata;
use dynamodb::operation::describe_table::DescribeTableError;
use dynamodb::operation::put_item::PutItemError;
use dynamodb::operation::transact_write_items::TransactWriteItemsError;
use dynamodb::primitives::Blob;
use dynamodb::types::{
    AttributeDefinition, AttributeValue, BillingMode, ConditionCheck, KeySchemaElement, KeyType,
    Put, ReturnValuesOnConditionCheckFailure, ScalarAttributeType, TableStatus, TransactWriteItem,
    Update,
};
use dynamodb::{Client, Config};
use integration_tests::moto::{self, Moto};

type Item = HashMap<String, AttributeValue>;

/// A client for the shared moto server, configured as a user of `aws-sdk-dynamodb` would.
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

fn s(v: &str) -> AttributeValue {
    AttributeValue::S(v.to_owned())
}

fn n(v: i64) -> AttributeValue {
    AttributeValue::N(v.to_string())
}

/// Creates a table keyed by `pk` (string, hash) and `sk` (number, range); returns its name.
async fn create_table(client: &Client, what: &str) -> String {
    let name = moto::unique_name(what);
    let created = client
        .create_table()
        .table_name(&name)
        .attribute_definitions(
            AttributeDefinition::builder()
                .attribute_name("pk")
                .attribute_type(ScalarAttributeType::S)
                .build()
                .unwrap(),
        )
        .attribute_definitions(
            AttributeDefinition::builder()
                .attribute_name("sk")
                .attribute_type(ScalarAttributeType::N)
                .build()
                .unwrap(),
        )
        .key_schema(
            KeySchemaElement::builder()
                .attribute_name("pk")
                .key_type(KeyType::Hash)
                .build()
                .unwrap(),
        )
        .key_schema(
            KeySchemaElement::builder()
                .attribute_name("sk")
                .key_type(KeyType::Range)
                .build()
                .unwrap(),
        )
        .billing_mode(BillingMode::PayPerRequest)
        .send()
        .await
        .unwrap_or_else(|e| {
            panic!(
                "CreateTable {name}: {}",
                dynamodb::error::DisplayErrorContext(e)
            )
        });
    let table = created
        .table_description()
        .expect("CreateTable describes the table");
    assert_eq!(table.table_name(), Some(name.as_str()));
    name
}

fn key(pk: &str, sk: i64) -> Item {
    HashMap::from([("pk".to_owned(), s(pk)), ("sk".to_owned(), n(sk))])
}

#[tokio::test]
async fn items_round_trip_every_kind_of_value() {
    let client = client();
    let table = create_table(&client, "items").await;

    let described = client
        .describe_table()
        .table_name(&table)
        .send()
        .await
        .unwrap();
    let description = described.table().expect("DescribeTable returns the table");
    assert_eq!(description.table_status(), Some(&TableStatus::Active));
    let schema: Vec<(&str, &KeyType)> = description
        .key_schema()
        .iter()
        .map(|k| (k.attribute_name(), k.key_type()))
        .collect();
    assert_eq!(schema, [("pk", &KeyType::Hash), ("sk", &KeyType::Range)]);
    assert!(
        description
            .table_arn()
            .is_some_and(|arn| arn.ends_with(&format!(":table/{table}"))),
        "{:?}",
        description.table_arn()
    );

    let mut item = key("user#1", 7);
    item.extend([
        ("name".to_owned(), s("Ada ✓")),
        (
            "big".to_owned(),
            AttributeValue::N("12345678901234567890.5".into()),
        ),
        (
            "bytes".to_owned(),
            AttributeValue::B(Blob::new(vec![0u8, 1, 2, 254, 255])),
        ),
        ("active".to_owned(), AttributeValue::Bool(true)),
        ("nothing".to_owned(), AttributeValue::Null(true)),
        (
            "tags".to_owned(),
            AttributeValue::Ss(vec!["a".into(), "b".into()]),
        ),
        (
            "scores".to_owned(),
            AttributeValue::Ns(vec!["1".into(), "2.5".into()]),
        ),
        (
            "blobs".to_owned(),
            AttributeValue::Bs(vec![Blob::new(vec![1u8]), Blob::new(vec![2u8, 3])]),
        ),
        (
            "list".to_owned(),
            AttributeValue::L(vec![s("x"), n(1), AttributeValue::Bool(false)]),
        ),
        (
            "map".to_owned(),
            AttributeValue::M(HashMap::from([
                (
                    "nested".to_owned(),
                    AttributeValue::M(HashMap::from([("deep".to_owned(), n(3))])),
                ),
                ("empty".to_owned(), AttributeValue::L(vec![])),
            ])),
        ),
    ]);
    client
        .put_item()
        .table_name(&table)
        .set_item(Some(item.clone()))
        .send()
        .await
        .unwrap();

    let got = client
        .get_item()
        .table_name(&table)
        .set_key(Some(key("user#1", 7)))
        .consistent_read(true)
        .send()
        .await
        .unwrap();
    let mut got = got.item().expect("the item is there").clone();
    // Sets are unordered: compare them sorted.
    for set in ["tags", "scores"] {
        if let Some(AttributeValue::Ss(v) | AttributeValue::Ns(v)) = got.get_mut(set) {
            v.sort();
        }
    }
    if let Some(AttributeValue::Bs(v)) = got.get_mut("blobs") {
        v.sort_by(|a, b| a.as_ref().cmp(b.as_ref()));
    }
    assert_eq!(got, item);

    let missing = client
        .get_item()
        .table_name(&table)
        .set_key(Some(key("user#1", 8)))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.item(), None);

    client
        .delete_table()
        .table_name(&table)
        .send()
        .await
        .unwrap();
    let err = client
        .describe_table()
        .table_name(&table)
        .send()
        .await
        .expect_err("the table is gone")
        .into_service_error();
    assert_eq!(err.code(), Some("ResourceNotFoundException"));
    assert!(
        matches!(err, DescribeTableError::ResourceNotFoundException(_)),
        "{err:?}"
    );
}

#[tokio::test]
async fn query_page_by_page() {
    let client = client();
    let table = create_table(&client, "query").await;
    for sk in 0..5 {
        let mut item = key("orders", sk);
        item.insert("total".into(), n(sk * 10));
        client
            .put_item()
            .table_name(&table)
            .set_item(Some(item))
            .send()
            .await
            .unwrap();
    }
    // Another partition, which the query must not return.
    client
        .put_item()
        .table_name(&table)
        .set_item(Some(key("other", 0)))
        .send()
        .await
        .unwrap();

    let query = || {
        client
            .query()
            .table_name(&table)
            .key_condition_expression("pk = :pk AND sk >= :from")
            .expression_attribute_values(":pk", s("orders"))
            .expression_attribute_values(":from", n(1))
    };
    let pages = query()
        .into_paginator()
        .page_size(2)
        .send()
        .try_collect()
        .await
        .unwrap();
    let sizes: Vec<usize> = pages.iter().map(|p| p.items().len()).collect();
    // 4 items, 2 a page; a full last page may still carry a LastEvaluatedKey, and the page
    // after it is then empty.
    assert!(sizes == [2, 2] || sizes == [2, 2, 0], "{sizes:?}");
    assert_eq!(
        pages[0].last_evaluated_key(),
        Some(&key("orders", 2)),
        "the token is the key of the page's last item"
    );
    let sks: Vec<&AttributeValue> = pages
        .iter()
        .flat_map(|p| p.items())
        .map(|item| &item["sk"])
        .collect();
    assert_eq!(sks, [&n(1), &n(2), &n(3), &n(4)]);

    // The items stream, newest first.
    let items = query()
        .scan_index_forward(false)
        .into_paginator()
        .page_size(3)
        .items()
        .send()
        .try_collect()
        .await
        .unwrap();
    let totals: Vec<&AttributeValue> = items.iter().map(|item| &item["total"]).collect();
    assert_eq!(totals, [&n(40), &n(30), &n(20), &n(10)]);
}

#[tokio::test]
async fn failed_condition_is_the_modeled_error() {
    let client = client();
    let table = create_table(&client, "condition").await;
    let mut item = key("account", 1);
    item.insert("balance".into(), n(100));
    client
        .put_item()
        .table_name(&table)
        .set_item(Some(item.clone()))
        .condition_expression("attribute_not_exists(pk)")
        .send()
        .await
        .unwrap();

    let mut again = key("account", 1);
    again.insert("balance".into(), n(0));
    let err = client
        .put_item()
        .table_name(&table)
        .set_item(Some(again))
        .condition_expression("attribute_not_exists(pk)")
        .return_values_on_condition_check_failure(ReturnValuesOnConditionCheckFailure::AllOld)
        .send()
        .await
        .expect_err("the item exists");
    assert_eq!(err.raw_response().map(|r| r.status().as_u16()), Some(400));
    let err = err.into_service_error();
    assert_eq!(err.code(), Some("ConditionalCheckFailedException"));
    assert!(err.message().is_some(), "{err:?}");
    match err {
        PutItemError::ConditionalCheckFailedException(e) => {
            // The item as it was, as asked with ReturnValuesOnConditionCheckFailure.
            assert_eq!(e.item(), Some(&item));
        }
        other => panic!("expected ConditionalCheckFailedException, got {other:?}"),
    }

    // Unchanged.
    let got = client
        .get_item()
        .table_name(&table)
        .set_key(Some(key("account", 1)))
        .send()
        .await
        .unwrap();
    assert_eq!(got.item().and_then(|i| i.get("balance")), Some(&n(100)));
}

#[tokio::test]
async fn transact_write_items_all_or_nothing() {
    let client = client();
    let table = create_table(&client, "transact").await;
    let balance = |pk: &str, amount: i64| {
        let mut item = key(pk, 0);
        item.insert("balance".into(), n(amount));
        item
    };
    client
        .put_item()
        .table_name(&table)
        .set_item(Some(balance("alice", 100)))
        .send()
        .await
        .unwrap();
    // The third operation checks that this one exists (one operation per item and transaction).
    client
        .put_item()
        .table_name(&table)
        .set_item(Some(key("bank", 0)))
        .send()
        .await
        .unwrap();

    let transfer = |amount: i64| {
        client
            .transact_write_items()
            .transact_items(
                TransactWriteItem::builder()
                    .update(
                        Update::builder()
                            .table_name(&table)
                            .set_key(Some(key("alice", 0)))
                            .update_expression("SET balance = balance - :amount")
                            .condition_expression("balance >= :amount")
                            .expression_attribute_values(":amount", n(amount))
                            .build()
                            .unwrap(),
                    )
                    .build(),
            )
            .transact_items(
                TransactWriteItem::builder()
                    .put(
                        Put::builder()
                            .table_name(&table)
                            .set_item(Some(balance("bob", amount)))
                            .build()
                            .unwrap(),
                    )
                    .build(),
            )
            .transact_items(
                TransactWriteItem::builder()
                    .condition_check(
                        ConditionCheck::builder()
                            .table_name(&table)
                            .set_key(Some(key("bank", 0)))
                            .condition_expression("attribute_exists(pk)")
                            .build()
                            .unwrap(),
                    )
                    .build(),
            )
    };
    let get_balance = |pk: &'static str| {
        let client = client.clone();
        let table = table.clone();
        async move {
            client
                .get_item()
                .table_name(&table)
                .set_key(Some(key(pk, 0)))
                .send()
                .await
                .unwrap()
                .item()
                .and_then(|i| i.get("balance"))
                .cloned()
        }
    };

    transfer(30).send().await.unwrap();
    assert_eq!(get_balance("alice").await, Some(n(70)));
    assert_eq!(get_balance("bob").await, Some(n(30)));

    // Too much: the condition fails, the whole transaction is cancelled, nothing changes.
    let err = transfer(500)
        .send()
        .await
        .expect_err("insufficient balance")
        .into_service_error();
    assert_eq!(err.code(), Some("TransactionCanceledException"));
    match &err {
        TransactWriteItemsError::TransactionCanceledException(e) => {
            let codes: Vec<Option<&str>> =
                e.cancellation_reasons().iter().map(|r| r.code()).collect();
            assert_eq!(
                codes,
                [Some("ConditionalCheckFailed"), Some("None"), Some("None")],
                "{e:?}"
            );
        }
        other => panic!("expected TransactionCanceledException, got {other:?}"),
    }
    assert_eq!(get_balance("alice").await, Some(n(70)));
    assert_eq!(get_balance("bob").await, Some(n(30)));
}
