//! The partition table that `aws.partition` reads.
//!
//! In: the botocore / Smithy `partitions.json` format (`{"partitions": [{"id", "regionRegex",
//! "regions": {name: overrides}, "outputs": {...}}]}`), either parsed with
//! [`Partitions::from_json`] or written out as Rust data by the generator and passed to
//! [`Partitions::new`]. Out: a table whose region patterns are compiled once, which
//! [`super::aws::partition`] searches.

use std::collections::BTreeMap;

use crate::json::{Map, Value};

use super::pattern::Pattern;

/// A partition table, with every partition's `regionRegex` compiled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Partitions {
    partitions: Vec<Partition>,
    /// `patterns[i]` is the compiled `regionRegex` of `partitions[i]` (`None`: unsupported
    /// syntax, so the pattern matches no region).
    patterns: Vec<Option<Pattern>>,
}

/// One partition (`aws`, `aws-cn`, ...).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Partition {
    /// `id`, e.g. `aws-us-gov`.
    pub id: String,
    /// `regionRegex`: regions that match it belong to this partition.
    pub region_regex: String,
    /// `regions`: the regions listed explicitly, with the outputs they override.
    pub regions: BTreeMap<String, PartitionOverrides>,
    /// `outputs`: what `aws.partition` returns for a region of this partition.
    pub outputs: PartitionOutputs,
}

/// The `outputs` of a partition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartitionOutputs {
    /// `name`
    pub name: String,
    /// `dnsSuffix`
    pub dns_suffix: String,
    /// `dualStackDnsSuffix`
    pub dual_stack_dns_suffix: String,
    /// `supportsFIPS`
    pub supports_fips: bool,
    /// `supportsDualStack`
    pub supports_dual_stack: bool,
    /// `implicitGlobalRegion`
    pub implicit_global_region: String,
}

/// Outputs that an explicitly listed region overrides (`None`: the partition's value).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PartitionOverrides {
    /// `name`
    pub name: Option<String>,
    /// `dnsSuffix`
    pub dns_suffix: Option<String>,
    /// `dualStackDnsSuffix`
    pub dual_stack_dns_suffix: Option<String>,
    /// `supportsFIPS`
    pub supports_fips: Option<bool>,
    /// `supportsDualStack`
    pub supports_dual_stack: Option<bool>,
    /// `implicitGlobalRegion`
    pub implicit_global_region: Option<String>,
}

/// Why a `partitions.json` text could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartitionsError {
    message: String,
}

impl PartitionsError {
    fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
        }
    }
}

impl std::fmt::Display for PartitionsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "invalid partition table: {}", self.message)
    }
}

impl std::error::Error for PartitionsError {}

impl Partitions {
    /// A table of these partitions, in search order.
    pub fn new(partitions: Vec<Partition>) -> Self {
        let patterns = partitions
            .iter()
            .map(|p| Pattern::new(&p.region_regex))
            .collect();
        Self {
            partitions,
            patterns,
        }
    }

    /// Parses the text of a `partitions.json` file. Region entries may carry any keys (such
    /// as `description`); those that are outputs override the partition's.
    pub fn from_json(text: &str) -> Result<Self, PartitionsError> {
        let root = crate::json::parse_value(text.as_bytes())
            .map_err(|e| PartitionsError::new(format!("not JSON: {e}")))?;
        let list = root
            .get("partitions")
            .and_then(Value::as_array)
            .ok_or_else(|| PartitionsError::new("no `partitions` array"))?;
        let partitions = list
            .iter()
            .enumerate()
            .map(|(i, p)| {
                partition(p).map_err(|e| PartitionsError::new(format!("partitions[{i}]: {e}")))
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Self::new(partitions))
    }

    /// The partitions, in search order.
    pub fn partitions(&self) -> &[Partition] {
        &self.partitions
    }

    /// The partition for `region`, and the overrides when the region is listed explicitly:
    /// first a partition that lists the region, then the first whose `regionRegex` matches,
    /// then the partition with id `aws`.
    pub(crate) fn find(&self, region: &str) -> Option<(&Partition, Option<&PartitionOverrides>)> {
        let listed = self
            .partitions
            .iter()
            .find_map(|p| p.regions.get(region).map(|o| (p, Some(o))));
        let matched = || {
            self.partitions
                .iter()
                .zip(&self.patterns)
                .find(|(_, pattern)| pattern.as_ref().is_some_and(|r| r.is_match(region)))
                .map(|(p, _)| (p, None))
        };
        let fallback = || {
            self.partitions
                .iter()
                .find(|p| p.id == "aws")
                .map(|p| (p, None))
        };
        listed.or_else(matched).or_else(fallback)
    }
}

fn partition(value: &Value) -> Result<Partition, String> {
    let object = value.as_object().ok_or("not an object")?;
    let regions = match object.get("regions") {
        None => BTreeMap::new(),
        Some(Value::Object(regions)) => regions
            .iter()
            .map(|(name, o)| {
                let o = o
                    .as_object()
                    .ok_or_else(|| format!("regions.{name}: not an object"))?;
                overrides(o)
                    .map(|o| (name.clone(), o))
                    .map_err(|e| format!("regions.{name}: {e}"))
            })
            .collect::<Result<_, String>>()?,
        Some(_) => return Err("`regions` is not an object".into()),
    };
    let outputs = object
        .get("outputs")
        .and_then(Value::as_object)
        .ok_or("no `outputs` object")?;
    let o = overrides(outputs).map_err(|e| format!("outputs: {e}"))?;
    let missing = |key: &str| format!("outputs: `{key}` is missing");
    Ok(Partition {
        id: string(object, "id")?.ok_or("`id` is missing")?,
        region_regex: string(object, "regionRegex")?.ok_or("`regionRegex` is missing")?,
        regions,
        outputs: PartitionOutputs {
            name: o.name.ok_or_else(|| missing("name"))?,
            dns_suffix: o.dns_suffix.ok_or_else(|| missing("dnsSuffix"))?,
            dual_stack_dns_suffix: o
                .dual_stack_dns_suffix
                .ok_or_else(|| missing("dualStackDnsSuffix"))?,
            supports_fips: o.supports_fips.ok_or_else(|| missing("supportsFIPS"))?,
            supports_dual_stack: o
                .supports_dual_stack
                .ok_or_else(|| missing("supportsDualStack"))?,
            implicit_global_region: o
                .implicit_global_region
                .ok_or_else(|| missing("implicitGlobalRegion"))?,
        },
    })
}

fn overrides(object: &Map) -> Result<PartitionOverrides, String> {
    Ok(PartitionOverrides {
        name: string(object, "name")?,
        dns_suffix: string(object, "dnsSuffix")?,
        dual_stack_dns_suffix: string(object, "dualStackDnsSuffix")?,
        supports_fips: boolean(object, "supportsFIPS")?,
        supports_dual_stack: boolean(object, "supportsDualStack")?,
        implicit_global_region: string(object, "implicitGlobalRegion")?,
    })
}

fn string(object: &Map, key: &str) -> Result<Option<String>, String> {
    match object.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(format!("`{key}` is not a string")),
    }
}

fn boolean(object: &Map, key: &str) -> Result<Option<bool>, String> {
    match object.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(*b)),
        Some(_) => Err(format!("`{key}` is not a boolean")),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A two-partition table in the `partitions.json` format, with an override.
    pub(crate) const TABLE: &str = r#"{
        "version": "1.1",
        "partitions": [
            {
                "id": "aws",
                "regionRegex": "^(us|eu)\\-\\w+\\-\\d+$",
                "regions": {
                    "aws-global": {"description": "AWS Standard global region"},
                    "us-east-1": {"description": "US East"},
                    "eu-special-1": {"supportsFIPS": false, "dnsSuffix": "special.example"}
                },
                "outputs": {
                    "name": "aws", "dnsSuffix": "amazonaws.com", "dualStackDnsSuffix": "api.aws",
                    "supportsFIPS": true, "supportsDualStack": true,
                    "implicitGlobalRegion": "us-east-1"
                }
            },
            {
                "id": "aws-cn",
                "regionRegex": "^cn\\-\\w+\\-\\d+$",
                "regions": {"aws-cn-global": {}},
                "outputs": {
                    "name": "aws-cn", "dnsSuffix": "amazonaws.com.cn",
                    "dualStackDnsSuffix": "api.amazonwebservices.com.cn",
                    "supportsFIPS": true, "supportsDualStack": false,
                    "implicitGlobalRegion": "cn-northwest-1"
                }
            }
        ]
    }"#;

    #[test]
    fn parses_the_table() {
        let table = Partitions::from_json(TABLE).unwrap();
        let ids: Vec<&str> = table.partitions().iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, ["aws", "aws-cn"]);
        let aws = &table.partitions()[0];
        assert_eq!(aws.regions.len(), 3);
        assert_eq!(aws.regions["us-east-1"], PartitionOverrides::default());
        assert_eq!(
            aws.regions["eu-special-1"].dns_suffix.as_deref(),
            Some("special.example")
        );
        assert_eq!(aws.outputs.implicit_global_region, "us-east-1");
        assert!(!table.partitions()[1].outputs.supports_dual_stack);
    }

    #[test]
    fn search_order() {
        let table = Partitions::from_json(TABLE).unwrap();
        let id = |region: &str| table.find(region).map(|(p, _)| p.id.as_str());
        assert_eq!(id("aws-cn-global"), Some("aws-cn"));
        assert_eq!(id("cn-north-1"), Some("aws-cn"));
        assert_eq!(id("us-west-2"), Some("aws"));
        assert_eq!(id("mars-east-1"), Some("aws"));
        assert!(table.find("us-east-1").unwrap().1.is_some());
        assert!(table.find("us-east-2").unwrap().1.is_none());
        let no_aws = Partitions::new(vec![table.partitions()[1].clone()]);
        assert!(no_aws.find("mars-east-1").is_none());
    }

    #[test]
    fn bad_tables_are_errors() {
        let err = |text: &str| Partitions::from_json(text).unwrap_err().to_string();
        assert!(err("nope").contains("not JSON"));
        assert!(err("{}").contains("no `partitions` array"));
        assert!(err(r#"{"partitions": [1]}"#).contains("partitions[0]: not an object"));
        let no_fips = TABLE.replace(r#""supportsFIPS": true, "supportsDualStack": false,"#, "");
        assert!(err(&no_fips).contains("partitions[1]: outputs: `supportsFIPS` is missing"));
        let bad_override = TABLE.replace(r#""supportsFIPS": false"#, r#""supportsFIPS": "no""#);
        assert!(
            err(&bad_override).contains("regions.eu-special-1: `supportsFIPS` is not a boolean")
        );
    }

    #[test]
    fn an_unsupported_region_pattern_matches_nothing() {
        let table = Partitions::from_json(&TABLE.replace(r"^cn\\-", r"^[c]n\\-")).unwrap();
        assert_eq!(
            table.find("cn-north-1").map(|(p, _)| p.id.as_str()),
            Some("aws")
        );
    }
}
