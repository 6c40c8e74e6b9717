//! The AWS functions of the rules language: `aws.partition`, `aws.parseArn` and
//! `aws.isVirtualHostableS3Bucket`.
//!
//! In: strings from endpoint parameters and earlier conditions, and for `aws.partition` the
//! partition table the generated crate embeds. Out: the records the Smithy AWS rules-engine
//! specification defines, `None` where it says the function returns an empty value.

pub use super::partitions::{
    Partition, PartitionOutputs, PartitionOverrides, Partitions, PartitionsError,
};

/// What `aws.partition` returns: the partition's outputs, with the overrides of an explicitly
/// listed region applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PartitionOutput<'a> {
    /// `name`, e.g. `aws`.
    pub name: &'a str,
    /// `dnsSuffix`, e.g. `amazonaws.com`.
    pub dns_suffix: &'a str,
    /// `dualStackDnsSuffix`, e.g. `api.aws`.
    pub dual_stack_dns_suffix: &'a str,
    /// `supportsFIPS`
    pub supports_fips: bool,
    /// `supportsDualStack`
    pub supports_dual_stack: bool,
    /// `implicitGlobalRegion`, e.g. `us-east-1`.
    pub implicit_global_region: &'a str,
}

/// `aws.partition`: the partition of `region` in `partitions`.
///
/// A partition that lists the region explicitly wins (its overrides apply), then the first
/// partition whose `regionRegex` matches, then the `aws` partition; `None` only when the
/// table has no `aws` partition.
pub fn partition<'a>(region: &str, partitions: &'a Partitions) -> Option<PartitionOutput<'a>> {
    let (p, overrides) = partitions.find(region)?;
    let base = &p.outputs;
    static NONE: PartitionOverrides = PartitionOverrides {
        name: None,
        dns_suffix: None,
        dual_stack_dns_suffix: None,
        supports_fips: None,
        supports_dual_stack: None,
        implicit_global_region: None,
    };
    let o = overrides.unwrap_or(&NONE);
    Some(PartitionOutput {
        name: o.name.as_deref().unwrap_or(&base.name),
        dns_suffix: o.dns_suffix.as_deref().unwrap_or(&base.dns_suffix),
        dual_stack_dns_suffix: o
            .dual_stack_dns_suffix
            .as_deref()
            .unwrap_or(&base.dual_stack_dns_suffix),
        supports_fips: o.supports_fips.unwrap_or(base.supports_fips),
        supports_dual_stack: o.supports_dual_stack.unwrap_or(base.supports_dual_stack),
        implicit_global_region: o
            .implicit_global_region
            .as_deref()
            .unwrap_or(&base.implicit_global_region),
    })
}

/// What `aws.parseArn` returns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Arn {
    /// `partition`, e.g. `aws`.
    pub partition: String,
    /// `service`, e.g. `s3`.
    pub service: String,
    /// `region` (may be empty).
    pub region: String,
    /// `accountId` (may be empty).
    pub account_id: String,
    /// `resourceId`: the resource part split on `:` and `/`.
    pub resource_id: Vec<String>,
}

/// `aws.parseArn`: splits `arn:partition:service:region:account-id:resource`.
///
/// `None` when there are fewer than six `:`-separated parts, the first is not `arn`, or the
/// partition, service or resource is empty.
pub fn parse_arn(input: &str) -> Option<Arn> {
    let mut parts = input.splitn(6, ':');
    let mut next = || parts.next();
    let (arn, partition, service, region, account_id, resource) =
        (next()?, next()?, next()?, next()?, next()?, next()?);
    if arn != "arn" || partition.is_empty() || service.is_empty() || resource.is_empty() {
        return None;
    }
    Some(Arn {
        partition: partition.to_string(),
        service: service.to_string(),
        region: region.to_string(),
        account_id: account_id.to_string(),
        resource_id: resource.split([':', '/']).map(String::from).collect(),
    })
}

/// `aws.isVirtualHostableS3Bucket`: whether `bucket` can be a host label of a virtual-hosted
/// S3 endpoint: 3 to 63 characters of lower-case letters, digits and `-` that start and end
/// with a letter or digit; with `allow_subdomains` also `.`, but not next to another `.` or
/// `-`, and not shaped like an IPv4 address.
pub fn is_virtual_hostable_s3_bucket(bucket: &str, allow_subdomains: bool) -> bool {
    let bytes = bucket.as_bytes();
    let alphanumeric = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    if !(3..=63).contains(&bytes.len())
        || !alphanumeric(bytes[0])
        || !alphanumeric(bytes[bytes.len() - 1])
    {
        return false;
    }
    if !allow_subdomains {
        return bytes.iter().all(|&b| alphanumeric(b) || b == b'-');
    }
    let well_formed = bytes.windows(2).all(|w| match (w[0], w[1]) {
        (b'.' | b'-', b'.') | (b'.', b'-') => false,
        (_, c) => alphanumeric(c) || c == b'.' || c == b'-',
    });
    well_formed && !super::stdlib::is_ip(bucket)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::endpoint::partitions::tests::TABLE;

    #[test]
    fn partitions_with_overrides() {
        let table = Partitions::from_json(TABLE).unwrap();
        let aws = partition("us-west-2", &table).unwrap();
        assert_eq!(
            aws,
            PartitionOutput {
                name: "aws",
                dns_suffix: "amazonaws.com",
                dual_stack_dns_suffix: "api.aws",
                supports_fips: true,
                supports_dual_stack: true,
                implicit_global_region: "us-east-1",
            }
        );
        let special = partition("eu-special-1", &table).unwrap();
        assert_eq!(special.dns_suffix, "special.example");
        assert!(!special.supports_fips);
        assert_eq!(special.name, "aws");
        let cn = partition("cn-north-1", &table).unwrap();
        assert_eq!((cn.name, cn.supports_dual_stack), ("aws-cn", false));
        assert_eq!(partition("anything", &table).unwrap().name, "aws");
        assert_eq!(partition("x", &Partitions::new(Vec::new())), None);
    }

    #[test]
    fn arns() {
        let arn = parse_arn("arn:aws:s3:us-east-2:012345678:outpost:op-1234/bucket").unwrap();
        assert_eq!(
            arn,
            Arn {
                partition: "aws".into(),
                service: "s3".into(),
                region: "us-east-2".into(),
                account_id: "012345678".into(),
                resource_id: vec!["outpost".into(), "op-1234".into(), "bucket".into()],
            }
        );
        let empty_parts = parse_arn("arn:aws:s3:::my_bucket/Development/*").unwrap();
        assert_eq!(
            (empty_parts.region.as_str(), empty_parts.account_id.as_str()),
            ("", "")
        );
        assert_eq!(empty_parts.resource_id, ["my_bucket", "Development", "*"]);
        for bad in [
            "",
            "arn:aws:s3:us-east-1:123",
            "arn:aws:s3:us-east-1:123:",
            "arn::s3:r:a:res",
            "arn:aws::r:a:res",
            "nra:aws:s3:r:a:res",
        ] {
            assert_eq!(parse_arn(bad), None, "{bad}");
        }
    }

    #[test]
    fn virtual_hostable_buckets() {
        for ok in ["abc", "a--b--x-s3", "bucket-1", &"a".repeat(63)] {
            assert!(is_virtual_hostable_s3_bucket(ok, false), "{ok}");
        }
        for bad in ["ab", "Abc", "abc-", "-abc", "a.bc", "a_bc", &"a".repeat(64)] {
            assert!(!is_virtual_hostable_s3_bucket(bad, false), "{bad}");
        }
        assert!(is_virtual_hostable_s3_bucket("a.b-c.d", true));
        for bad in ["a..b", "a-.b", "a.-b", "192.168.5.4", "a.B.c"] {
            assert!(!is_virtual_hostable_s3_bucket(bad, true), "{bad}");
        }
    }
}
