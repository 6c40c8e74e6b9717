//! The generated KMS client (`generated/kms`, awsJson1_1) against moto on loopback: keys, an
//! Encrypt/Decrypt round trip of binary data (blobs, base64 on the wire), DescribeKey, ListKeys
//! and modeled errors.
//!
//! One moto server per test binary (`Moto::shared`); each test creates keys of its own.

use integration_tests::moto::{self, Moto};
use kms::config::{Credentials, Region};
use kms::error::ProvideErrorMetadata;
use kms::operation::decrypt::DecryptError;
use kms::operation::describe_key::DescribeKeyError;
use kms::primitives::Blob;
use kms::types::{EncryptionAlgorithmSpec, KeyMetadata, KeySpec, KeyState, KeyUsageType, Tag};
use kms::{Client, Config};

/// A client for the shared moto server, configured as a user of `aws-sdk-kms` would.
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

/// Creates a symmetric encryption key described by a fresh unique name.
async fn create_key(client: &Client, what: &str) -> KeyMetadata {
    let description = moto::unique_name(what);
    let out = client
        .create_key()
        .description(&description)
        .key_usage(KeyUsageType::EncryptDecrypt)
        .key_spec(KeySpec::SymmetricDefault)
        .tags(
            Tag::builder()
                .tag_key("suite")
                .tag_value("moto_kms")
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap_or_else(|e| panic!("CreateKey: {}", kms::error::DisplayErrorContext(e)));
    let key = out
        .key_metadata()
        .expect("CreateKey returns the key's metadata")
        .clone();
    assert_eq!(key.description(), Some(description.as_str()));
    key
}

#[tokio::test]
async fn encrypt_decrypt_round_trip() {
    let client = client();
    let key = create_key(&client, "round-trip").await;
    // Every byte value, so that the base64 encoding and decoding of blobs is exercised fully.
    let plaintext: Vec<u8> = (0..=255u8).rev().chain(0..=255u8).collect();

    let encrypted = client
        .encrypt()
        .key_id(key.key_id())
        .plaintext(Blob::new(plaintext.clone()))
        .encryption_context("purpose", "moto-round-trip")
        .send()
        .await
        .unwrap();
    assert_eq!(
        encrypted.key_id(),
        key.arn(),
        "Encrypt names the key by ARN"
    );
    // (moto leaves out `EncryptionAlgorithm`, which KMS returns.)
    let ciphertext = encrypted
        .ciphertext_blob()
        .expect("Encrypt returns a ciphertext")
        .clone();
    assert!(
        ciphertext.as_ref().len() > plaintext.len(),
        "the ciphertext carries the plaintext and more"
    );
    assert!(
        !ciphertext
            .as_ref()
            .windows(plaintext.len())
            .any(|w| w == plaintext.as_slice()),
        "the plaintext is not in the ciphertext"
    );

    let decrypted = client
        .decrypt()
        .ciphertext_blob(ciphertext.clone())
        .encryption_context("purpose", "moto-round-trip")
        .send()
        .await
        .unwrap();
    assert_eq!(
        decrypted.plaintext().map(|b| b.as_ref()),
        Some(plaintext.as_slice())
    );
    assert_eq!(decrypted.key_id(), key.arn());

    // Another encryption context is another key: the ciphertext does not authenticate.
    let err = client
        .decrypt()
        .ciphertext_blob(ciphertext)
        .encryption_context("purpose", "something else")
        .send()
        .await
        .expect_err("the wrong encryption context fails");
    let err = err.into_service_error();
    assert_eq!(err.code(), Some("InvalidCiphertextException"));
    assert!(
        matches!(err, DecryptError::InvalidCiphertextException(_)),
        "{err:?}"
    );
}

#[tokio::test]
async fn describe_key_returns_its_metadata() {
    let client = client();
    let created = create_key(&client, "described").await;
    let described = client
        .describe_key()
        .key_id(created.key_id())
        .send()
        .await
        .unwrap();
    let key = described
        .key_metadata()
        .expect("DescribeKey returns metadata");
    assert_eq!(key.key_id(), created.key_id());
    assert_eq!(key.aws_account_id(), Some(moto::ACCOUNT_ID));
    assert_eq!(
        key.arn(),
        Some(
            format!(
                "arn:aws:kms:{}:{}:key/{}",
                moto::REGION,
                moto::ACCOUNT_ID,
                key.key_id()
            )
            .as_str()
        )
    );
    assert_eq!(key.description(), created.description());
    assert!(key.enabled());
    assert_eq!(key.key_state(), Some(&KeyState::Enabled));
    assert_eq!(key.key_usage(), Some(&KeyUsageType::EncryptDecrypt));
    assert_eq!(key.key_spec(), Some(&KeySpec::SymmetricDefault));
    assert_eq!(
        key.encryption_algorithms(),
        &[EncryptionAlgorithmSpec::SymmetricDefault]
    );
    // A timestamp (epoch seconds on the wire) that is recent.
    let created_at = key.creation_date().expect("a creation date").secs();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    assert!(
        (now - 3600..=now + 3600).contains(&created_at),
        "creation date {created_at}, now {now}"
    );

    // By ARN too.
    let by_arn = client
        .describe_key()
        .key_id(created.arn().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(
        by_arn.key_metadata().map(|k| k.key_id()),
        Some(created.key_id())
    );
}

#[tokio::test]
async fn describe_missing_key_is_not_found() {
    let client = client();
    let missing = "0b9f5d62-7c46-4a4b-9d4c-5e1a6c0f0000";
    let err = client
        .describe_key()
        .key_id(missing)
        .send()
        .await
        .expect_err("no such key")
        .into_service_error();
    assert_eq!(err.code(), Some("NotFoundException"));
    assert!(
        err.message().is_some_and(|m| m.contains(missing)),
        "{:?}",
        err.message()
    );
    assert!(
        matches!(err, DescribeKeyError::NotFoundException(_)),
        "{err:?}"
    );
}

#[tokio::test]
async fn list_keys_includes_new_keys() {
    let client = client();
    let mut created = Vec::new();
    for _ in 0..3 {
        created.push(create_key(&client, "listed").await);
    }
    // The paginator, as a user would list every key (moto answers with a single page, with
    // `"NextMarker": null`, which must read as no marker).
    let keys = client
        .list_keys()
        .into_paginator()
        .page_size(100)
        .items()
        .send()
        .try_collect()
        .await
        .unwrap();
    for key in &created {
        let entry = keys
            .iter()
            .find(|k| k.key_id() == Some(key.key_id()))
            .unwrap_or_else(|| panic!("{} is not listed in {keys:?}", key.key_id()));
        assert_eq!(entry.key_arn(), key.arn());
    }
    let page = client.list_keys().send().await.unwrap();
    assert!(!page.truncated());
    assert_eq!(page.next_marker(), None);
    assert!(page.keys().len() >= created.len());
}
