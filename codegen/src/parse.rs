//! Parse: the text of a Smithy 2.0 JSON AST model → serde types that mirror it as it is.
//!
//! Nothing here interprets traits or resolves targets; member and trait order is kept, and
//! duplicate keys in member and trait maps are recorded (JSON allows them, Smithy does not) so
//! that `lower` can report them with the shape that holds them.

use serde::de::{Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use serde_json::Value;
use std::fmt;

use crate::error::Error;

/// The whole JSON AST document.
#[derive(Debug, Deserialize)]
pub struct Model {
    pub smithy: String,
    #[serde(default)]
    pub metadata: serde_json::Map<String, Value>,
    #[serde(default)]
    pub shapes: Entries<Shape>,
}

/// A JSON object as an ordered list of entries, keeping duplicate keys for `lower` to report.
#[derive(Debug, Clone, PartialEq)]
pub struct Entries<T>(pub Vec<(String, T)>);

impl<T> Default for Entries<T> {
    fn default() -> Self {
        Entries(Vec::new())
    }
}

impl<T> Entries<T> {
    pub fn get(&self, key: &str) -> Option<&T> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }
    pub fn iter(&self) -> impl Iterator<Item = (&str, &T)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v))
    }
    /// Keys that occur more than once, each reported once, in order of first repetition.
    pub fn duplicates(&self) -> Vec<&str> {
        let mut seen = std::collections::BTreeSet::new();
        let mut dups = Vec::new();
        for (k, _) in &self.0 {
            if !seen.insert(k.as_str()) && !dups.contains(&k.as_str()) {
                dups.push(k.as_str());
            }
        }
        dups
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Entries<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct EntriesVisitor<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for EntriesVisitor<T> {
            type Value = Entries<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut entries = Vec::new();
                while let Some((k, v)) = map.next_entry::<String, T>()? {
                    entries.push((k, v));
                }
                Ok(Entries(entries))
            }
        }
        deserializer.deserialize_map(EntriesVisitor(std::marker::PhantomData))
    }
}

/// A reference to another shape: `{ "target": "ns#Name" }`.
#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct Target {
    pub target: String,
}

/// A member: its target and its own traits.
#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct MemberDef {
    pub target: String,
    #[serde(default)]
    pub traits: Entries<Value>,
}

/// Any shape, `apply` statements included. Which fields are meaningful depends on `kind`;
/// `lower` checks that.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Shape {
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub traits: Entries<Value>,
    #[serde(default)]
    pub members: Option<Entries<MemberDef>>,
    #[serde(default)]
    pub member: Option<MemberDef>,
    #[serde(default)]
    pub key: Option<MemberDef>,
    #[serde(default)]
    pub value: Option<MemberDef>,
    #[serde(default)]
    pub mixins: Vec<Target>,
    // operation
    #[serde(default)]
    pub input: Option<Target>,
    #[serde(default)]
    pub output: Option<Target>,
    #[serde(default)]
    pub errors: Vec<Target>,
    // service and resource
    #[serde(default)]
    pub version: Option<String>,
    #[serde(default)]
    pub operations: Vec<Target>,
    #[serde(default)]
    pub resources: Vec<Target>,
    #[serde(default)]
    pub rename: serde_json::Map<String, Value>,
    // resource lifecycle operations
    #[serde(default)]
    pub identifiers: serde_json::Map<String, Value>,
    #[serde(default)]
    pub properties: serde_json::Map<String, Value>,
    #[serde(default)]
    pub create: Option<Target>,
    #[serde(default)]
    pub put: Option<Target>,
    #[serde(default)]
    pub read: Option<Target>,
    #[serde(default)]
    pub update: Option<Target>,
    #[serde(default)]
    pub delete: Option<Target>,
    #[serde(default)]
    pub list: Option<Target>,
    #[serde(default)]
    pub collection_operations: Vec<Target>,
}

/// Parses model text. Syntax and structure errors carry serde_json's line and column.
pub fn parse(text: &str) -> Result<Model, Error> {
    let _span = tracing::debug_span!("parse", bytes = text.len()).entered();
    serde_json::from_str(text).map_err(|e| Error::Json {
        message: strip_position(&e.to_string()),
        line: e.line(),
        column: e.column(),
    })
}

/// serde_json appends " at line L column C"; the error type prints the position itself.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_member_order_and_duplicates() {
        let m = parse(
            r#"{"smithy":"2.0","shapes":{"a#S":{"type":"structure","members":{
                "z":{"target":"smithy.api#String"},"a":{"target":"smithy.api#String"},
                "z":{"target":"smithy.api#Integer"}}}}}"#,
        )
        .unwrap();
        let (_, s) = &m.shapes.0[0];
        let members = s.members.as_ref().unwrap();
        let names: Vec<_> = members.iter().map(|(k, _)| k).collect();
        assert_eq!(names, ["z", "a", "z"]);
        assert_eq!(members.duplicates(), ["z"]);
    }

    #[test]
    fn invalid_json_has_line_and_column() {
        let err = parse("{\n  \"smithy\": \"2.0\",\n  \"shapes\": {,}\n}").unwrap_err();
        match err {
            Error::Json { line, column, .. } => assert_eq!((line, column), (3, 14)),
            other => panic!("unexpected {other:?}"),
        }
    }
}
