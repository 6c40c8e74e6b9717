//! Paginators through the `fixture-paginated` crate, against canned pages: the token of each
//! page is sent with the next request, the page size with every request, items are flattened
//! across pages, and the stream stops on an absent, empty or repeated token and after an error.
//! The fixture covers every member of `@paginated` on the operation, a nested output token and
//! items path, the service's defaults, no items, and map items.

use std::path::Path;

use fixture_paginated::error::SdkError;
use fixture_paginated::operation::list_widgets::ListWidgetsError;
use integration_tests::json_response;
use serde_json::json;
use smithy_rt::http::{HttpRequest, HttpResponse};
use smithy_rt::test_util::{block_on, CaptureConnector};

fn paginated_client(responses: Vec<HttpResponse>) -> (fixture_paginated::Client, CaptureConnector) {
    let conn = CaptureConnector::new(responses);
    let conf = fixture_paginated::Config::builder()
        .http_client(conn.clone())
        .endpoint_url("http://localhost")
        .retry_config(fixture_paginated::config::RetryConfig::disabled())
        .build();
    (fixture_paginated::Client::from_conf(conf), conn)
}

fn page(body: serde_json::Value) -> HttpResponse {
    json_response(200, &body.to_string())
}

/// A `ListWidgets` page with widgets named `names` and the given next token.
fn widgets(names: &[&str], next: Option<&str>) -> HttpResponse {
    let widgets: Vec<_> = names.iter().map(|n| json!({ "name": n })).collect();
    match next {
        Some(t) => page(json!({ "widgets": widgets, "nextToken": t })),
        None => page(json!({ "widgets": widgets })),
    }
}

/// The path of a request, without the endpoint and query.
fn path(req: &HttpRequest) -> &str {
    let rest = req.uri.strip_prefix("http://localhost").unwrap();
    rest.split('?').next().unwrap()
}

/// The value of query parameter `name` in a request, if sent.
fn param(req: &HttpRequest, name: &str) -> Option<String> {
    let query = req.uri.split_once('?').map(|(_, q)| q).unwrap_or_default();
    query
        .split('&')
        .filter_map(|p| p.split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

/// The value of `name` in every request, in order.
fn sent(conn: &CaptureConnector, name: &str) -> Vec<Option<String>> {
    conn.requests().iter().map(|r| param(r, name)).collect()
}

fn some(values: &[&str]) -> Vec<Option<String>> {
    values.iter().map(|v| Some(v.to_string())).collect()
}

#[test]
fn pages_arrive_in_order_and_each_request_sends_the_previous_token() {
    let (client, conn) = paginated_client(vec![
        widgets(&["a", "b"], Some("t1")),
        widgets(&["c", "d"], Some("t2")),
        widgets(&["e"], None),
    ]);
    let pages = block_on(
        client
            .list_widgets()
            .into_paginator()
            .page_size(2)
            .send()
            .try_collect(),
    )
    .unwrap();
    let names: Vec<Vec<&str>> = pages
        .iter()
        .map(|p| p.widgets().iter().map(|w| w.name()).collect())
        .collect();
    assert_eq!(names, [vec!["a", "b"], vec!["c", "d"], vec!["e"]]);
    assert_eq!(pages[0].next_token(), Some("t1"));
    assert_eq!(
        sent(&conn, "nextToken"),
        [None, Some("t1".into()), Some("t2".into())]
    );
    assert!(conn.requests().iter().all(|r| path(r) == "/widgets"));
}

#[test]
fn the_page_size_is_sent_with_every_request() {
    let (client, conn) = paginated_client(vec![widgets(&["a"], Some("t1")), widgets(&["b"], None)]);
    let mut pages = client.list_widgets().into_paginator().page_size(25).send();
    while let Some(page) = block_on(pages.next()) {
        page.unwrap();
    }
    assert_eq!(sent(&conn, "maxResults"), some(&["25", "25"]));

    // Without `page_size` none is sent.
    let (client, conn) = paginated_client(vec![widgets(&["a"], None)]);
    block_on(client.list_widgets().into_paginator().send().try_collect()).unwrap();
    assert_eq!(sent(&conn, "maxResults"), [None]);
}

#[test]
fn items_are_flattened_across_pages() {
    let (client, conn) = paginated_client(vec![
        widgets(&["a", "b"], Some("t1")),
        widgets(&[], Some("t2")),
        page(json!({ "nextToken": "t3" })),
        widgets(&["c"], None),
    ]);
    let items = block_on(
        client
            .list_widgets()
            .into_paginator()
            .page_size(2)
            .items()
            .send()
            .try_collect(),
    )
    .unwrap();
    let names: Vec<&str> = items.iter().map(|w| w.name()).collect();
    assert_eq!(names, ["a", "b", "c"]);
    assert_eq!(conn.requests().len(), 4);
    assert_eq!(sent(&conn, "maxResults"), some(&["2", "2", "2", "2"]));
}

#[test]
fn items_are_requested_page_by_page() {
    let (client, conn) = paginated_client(vec![
        widgets(&["a", "b"], Some("t1")),
        widgets(&["c"], None),
    ]);
    let mut items = client.list_widgets().into_paginator().items().send();
    assert_eq!(block_on(items.next()).unwrap().unwrap().name(), "a");
    assert_eq!(block_on(items.next()).unwrap().unwrap().name(), "b");
    assert_eq!(
        conn.requests().len(),
        1,
        "the second page is not needed yet"
    );
    assert_eq!(block_on(items.next()).unwrap().unwrap().name(), "c");
    assert!(block_on(items.next()).is_none());
    assert_eq!(conn.requests().len(), 2);
}

#[test]
fn stops_when_the_token_is_absent_or_empty() {
    let spare = || widgets(&["never"], None);
    let (client, conn) = paginated_client(vec![widgets(&["a"], None), spare()]);
    let pages = block_on(client.list_widgets().into_paginator().send().try_collect()).unwrap();
    assert_eq!(pages.len(), 1);
    assert_eq!(conn.requests().len(), 1);

    let (client, conn) = paginated_client(vec![
        widgets(&["a"], Some("t1")),
        widgets(&["b"], Some("")),
        spare(),
    ]);
    let pages = block_on(client.list_widgets().into_paginator().send().try_collect()).unwrap();
    assert_eq!(pages.len(), 2);
    assert_eq!(conn.requests().len(), 2);
}

#[test]
fn stops_on_a_repeated_token() {
    let (client, conn) = paginated_client(vec![
        widgets(&["a"], Some("same")),
        widgets(&["b"], Some("same")),
        widgets(&["never"], None),
    ]);
    let items = block_on(
        client
            .list_widgets()
            .into_paginator()
            .items()
            .send()
            .try_collect(),
    )
    .unwrap();
    let names: Vec<&str> = items.iter().map(|w| w.name()).collect();
    assert_eq!(names, ["a", "b"], "the page that repeats the token is kept");
    assert_eq!(conn.requests().len(), 2);
    assert_eq!(sent(&conn, "nextToken"), [None, Some("same".into())]);

    // Only the token just sent counts, and the check can be turned off.
    let (client, conn) = paginated_client(vec![
        widgets(&["a"], Some("same")),
        widgets(&["b"], Some("same")),
        widgets(&["c"], None),
    ]);
    let pages = block_on(
        client
            .list_widgets()
            .into_paginator()
            .stop_on_duplicate_token(false)
            .send()
            .try_collect(),
    )
    .unwrap();
    assert_eq!(pages.len(), 3);
    assert_eq!(conn.requests().len(), 3);
}

#[test]
fn an_error_is_yielded_once_then_the_stream_ends() {
    let invalid = || {
        json_response(400, r#"{"message":"token expired"}"#)
            .with_header("x-amzn-errortype", "InvalidToken")
    };
    let (client, conn) = paginated_client(vec![
        widgets(&["a"], Some("t1")),
        invalid(),
        widgets(&["never"], None),
    ]);
    let mut pages = client.list_widgets().into_paginator().send();
    assert!(block_on(pages.next()).unwrap().is_ok());
    let err = block_on(pages.next()).unwrap().unwrap_err();
    assert!(
        matches!(
            err.as_service_error(),
            Some(ListWidgetsError::InvalidToken(e)) if e.message() == Some("token expired")
        ),
        "{err:?}"
    );
    assert!(block_on(pages.next()).is_none());
    assert!(block_on(pages.next()).is_none());
    assert_eq!(conn.requests().len(), 2);

    // The items stream yields the items before the error, the error, and nothing more.
    let (client, conn) = paginated_client(vec![
        widgets(&["a", "b"], Some("t1")),
        invalid(),
        widgets(&["never"], None),
    ]);
    let mut items = client.list_widgets().into_paginator().items().send();
    assert_eq!(block_on(items.next()).unwrap().unwrap().name(), "a");
    assert_eq!(block_on(items.next()).unwrap().unwrap().name(), "b");
    assert!(block_on(items.next()).unwrap().is_err());
    assert!(block_on(items.next()).is_none());
    assert_eq!(conn.requests().len(), 2);

    // `try_collect` returns the error.
    let (client, _) = paginated_client(vec![widgets(&["a"], Some("t1")), invalid()]);
    let result = block_on(client.list_widgets().into_paginator().send().try_collect());
    assert!(result.unwrap_err().as_service_error().is_some());
}

#[test]
fn a_starting_token_set_on_the_builder_is_sent_first() {
    let (client, conn) = paginated_client(vec![widgets(&["c"], Some("t3")), widgets(&["d"], None)]);
    let items = block_on(
        client
            .list_widgets()
            .next_token("t2")
            .into_paginator()
            .items()
            .send()
            .try_collect(),
    )
    .unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(sent(&conn, "nextToken"), some(&["t2", "t3"]));
}

#[test]
fn a_construction_failure_is_yielded_without_a_request() {
    let (client, conn) = paginated_client(vec![page(json!({}))]);
    let mut pages = client.list_tags().into_paginator().send();
    let err = block_on(pages.next()).unwrap().unwrap_err();
    assert!(matches!(err, SdkError::ConstructionFailure(_)), "{err:?}");
    assert!(block_on(pages.next()).is_none());
    assert!(conn.requests().is_empty());
}

#[test]
fn a_nested_output_token_and_items_path_is_followed() {
    // `ListGadgets`: input token `cursor`, output token `page.next`, items `page.gadgets`, and
    // the page size member `maxResults` (query `limit`) from the service's defaults.
    let (client, conn) = paginated_client(vec![
        page(json!({ "page": { "next": "p2", "gadgets": ["g1", "g2"] } })),
        page(json!({ "page": { "gadgets": ["g3"] } })),
        page(json!({ "page": { "gadgets": ["never"] } })),
    ]);
    let gadgets = block_on(
        client
            .list_gadgets()
            .into_paginator()
            .page_size(2)
            .items()
            .send()
            .try_collect(),
    )
    .unwrap();
    assert_eq!(gadgets, ["g1", "g2", "g3"]);
    assert_eq!(sent(&conn, "cursor"), [None, Some("p2".into())]);
    assert_eq!(sent(&conn, "limit"), some(&["2", "2"]));

    // A page without the `page` structure has no token: the stream ends after it.
    let (client, conn) = paginated_client(vec![page(json!({})), page(json!({}))]);
    let pages = block_on(client.list_gadgets().into_paginator().send().try_collect()).unwrap();
    assert_eq!(pages.len(), 1);
    assert_eq!(conn.requests().len(), 1);
}

#[test]
fn a_paginator_without_items_yields_pages() {
    // `ListTags` takes its tokens and page size from the service's `@paginated` defaults.
    let (client, conn) = paginated_client(vec![
        page(json!({ "tags": { "a": "1" }, "nextToken": "n1" })),
        page(json!({ "tags": { "b": "2" } })),
    ]);
    let pages = block_on(
        client
            .list_tags()
            .resource_arn("arn:x")
            .into_paginator()
            .page_size(10)
            .send()
            .try_collect(),
    )
    .unwrap();
    let tags: Vec<_> = pages
        .iter()
        .map(|p| p.tags().cloned().unwrap_or_default())
        .collect();
    assert_eq!(tags[0].get("a").map(String::as_str), Some("1"));
    assert_eq!(tags[1].get("b").map(String::as_str), Some("2"));
    assert_eq!(sent(&conn, "token"), [None, Some("n1".into())]);
    assert_eq!(sent(&conn, "max"), some(&["10", "10"]));
    assert!(conn.requests().iter().all(|r| path(r) == "/tags/arn%3Ax"));
}

#[test]
fn map_items_are_key_value_pairs() {
    let (client, _) = paginated_client(vec![
        page(json!({ "labels": { "red": 1 }, "nextToken": "n1" })),
        page(json!({ "labels": { "blue": 2 } })),
    ]);
    let labels = block_on(
        client
            .list_labels()
            .into_paginator()
            .items()
            .send()
            .try_collect(),
    )
    .unwrap();
    assert_eq!(labels, [("red".to_string(), 1), ("blue".to_string(), 2)]);
}

#[test]
fn only_paginated_operations_get_a_paginator() {
    let ops = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/paginated/src/operation");
    for op in ["list_widgets", "list_gadgets", "list_tags", "list_labels"] {
        assert!(ops.join(op).join("paginator.rs").is_file(), "{op}");
    }
    assert!(!ops.join("get_widget/paginator.rs").exists());
}
