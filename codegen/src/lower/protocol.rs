//! Which protocol a crate is generated for.
//!
//! In: the service's traits as written and the `protocol` option. Out: a [`ProtocolInfo`], or
//! a located error. A service lists its protocols as traits; the generator takes the first
//! one of [`Protocol::PREFERENCE`] that the service lists, unless the option names one (which
//! the service must list). A service that lists none the generator writes is an error naming
//! the protocols it does list. `aws.protocols#awsQueryCompatible` modifies the JSON and CBOR
//! RPC protocols.

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
    let query_compatible = service
        .raw_trait("aws.protocols#awsQueryCompatible")
        .is_some();
    Some(ProtocolInfo {
        protocol,
        query_compatible,
    })
}
