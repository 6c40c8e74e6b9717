//! Which protocol a crate is generated for.
//!
//! In: the service's traits as written and the `protocol` option. Out: a [`ProtocolInfo`], or
//! a located error. A service lists its protocols as traits; the generator takes the first
//! one of [`Protocol::PREFERENCE`] that the service lists, unless the option names one (which
//! the service must list). A service that lists none the generator writes is an error naming
//! the protocols it does list. `aws.protocols#awsQueryCompatible` modifies the JSON and CBOR
//! RPC protocols.

use serde_json::Value;

use super::Raw;
use crate::error::Error;
use crate::ir::{Protocol, ProtocolInfo};

/// Protocol traits the generator knows of but does not write yet.
const KNOWN_UNSUPPORTED: &[&str] = &[
    "aws.protocols#restXml",
    "aws.protocols#awsQuery",
    "aws.protocols#ec2Query",
];

/// The protocol trait ids the service lists (known protocol namespaces only), in model order.
fn listed(service: &Raw) -> Vec<&str> {
    service
        .traits
        .iter()
        .map(|(k, _)| k.as_str())
        .filter(|k| {
            Protocol::from_name(k).is_some()
                || KNOWN_UNSUPPORTED.contains(k)
                || k.starts_with("smithy.protocols#")
        })
        .collect()
}

pub(super) fn select(
    service: &Raw,
    service_id: &str,
    wanted: Option<&str>,
    errors: &mut Vec<Error>,
) -> Option<ProtocolInfo> {
    let listed = listed(service);
    let has = |p: Protocol| listed.contains(&p.trait_id());
    let describe = || {
        if listed.is_empty() {
            "it lists no protocol trait".to_string()
        } else {
            format!("it lists {}", listed.join(", "))
        }
    };
    let supported = Protocol::PREFERENCE
        .iter()
        .map(|p| p.trait_id())
        .collect::<Vec<_>>()
        .join(", ");
    let protocol = match wanted {
        Some(name) => match Protocol::from_name(name) {
            Some(p) if has(p) => p,
            Some(p) => {
                errors.push(Error::Settings(format!(
                    "protocol {p} was asked for, but service {service_id} does not support it ({})",
                    describe()
                )));
                return None;
            }
            None => {
                errors.push(Error::Settings(format!(
                    "unknown protocol `{name}`; the generator writes {supported}"
                )));
                return None;
            }
        },
        None => match Protocol::PREFERENCE.into_iter().find(|p| has(*p)) {
            Some(p) => p,
            None => {
                errors.push(Error::Unsupported {
                    location: service_id.to_string(),
                    feature: format!(
                        "the service's protocols ({}); the generator writes {supported}",
                        describe()
                    ),
                });
                return None;
            }
        },
    };
    check_trait_value(service, service_id, protocol.trait_id(), errors)?;
    let query_compatible = match service.raw_trait("aws.protocols#awsQueryCompatible") {
        Some(Value::Object(_)) => true,
        Some(_) => {
            errors.push(Error::Model {
                location: format!("{service_id} trait aws.protocols#awsQueryCompatible"),
                message: "must be an object".into(),
            });
            return None;
        }
        None => false,
    };
    Some(ProtocolInfo {
        protocol,
        query_compatible,
    })
}

/// The selected protocol trait's value: an object whose `http` and `eventStreamHttp` (the
/// HTTP versions the service speaks) are lists of strings. `None` after a located error.
fn check_trait_value(
    service: &Raw,
    service_id: &str,
    trait_id: &str,
    errors: &mut Vec<Error>,
) -> Option<()> {
    let mut bad = |message: String| {
        errors.push(Error::Model {
            location: format!("{service_id} trait {trait_id}"),
            message,
        });
    };
    let Some(value) = service.raw_trait(trait_id) else {
        return Some(());
    };
    let Value::Object(fields) = value else {
        bad(format!("must be an object, found {value}"));
        return None;
    };
    let mut ok = true;
    for key in ["http", "eventStreamHttp"] {
        match fields.get(key) {
            None => {}
            Some(Value::Array(items)) if items.iter().all(Value::is_string) => {}
            Some(other) => {
                bad(format!("`{key}` must be a list of strings, found {other}"));
                ok = false;
            }
        }
    }
    ok.then_some(())
}
