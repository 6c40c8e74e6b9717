//! Client context parameters: endpoint rule-set parameters that a service lets its users set on
//! the client configuration (Smithy's `smithy.rules#clientContextParams`, e.g. S3's
//! `ForcePathStyle`).
//!
//! In: values set by rule-set parameter name on the [`Builder`](super::Builder) (a generated
//! crate's `config::BuilderExt` has one typed setter per parameter). Out: the
//! [`ClientContextParams`] of a [`Config`](super::Config), which every call hands to its endpoint
//! rules through [`crate::endpoint::EndpointParams::client_context`].

use std::collections::BTreeMap;

/// The value of one client context parameter: the rules language's `boolean` or `string`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClientContextValue {
    /// A `boolean` parameter's value.
    Bool(bool),
    /// A `string` parameter's value.
    String(String),
}

impl ClientContextValue {
    /// The boolean, when this is one.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            ClientContextValue::Bool(b) => Some(*b),
            ClientContextValue::String(_) => None,
        }
    }

    /// The string, when this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            ClientContextValue::String(s) => Some(s),
            ClientContextValue::Bool(_) => None,
        }
    }
}

impl From<bool> for ClientContextValue {
    fn from(value: bool) -> Self {
        ClientContextValue::Bool(value)
    }
}

impl From<String> for ClientContextValue {
    fn from(value: String) -> Self {
        ClientContextValue::String(value)
    }
}

impl From<&str> for ClientContextValue {
    fn from(value: &str) -> Self {
        ClientContextValue::String(value.to_owned())
    }
}

/// The client context parameters set on a configuration, by rule-set parameter name
/// (`ForcePathStyle`), sorted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClientContextParams {
    values: BTreeMap<String, ClientContextValue>,
}

impl ClientContextParams {
    /// The value set for `name`.
    pub fn get(&self, name: &str) -> Option<&ClientContextValue> {
        self.values.get(name)
    }

    /// The boolean set for `name` (`None` when unset or a string).
    pub fn get_bool(&self, name: &str) -> Option<bool> {
        self.get(name).and_then(ClientContextValue::as_bool)
    }

    /// The string set for `name` (`None` when unset or a boolean).
    pub fn get_str(&self, name: &str) -> Option<&str> {
        self.get(name).and_then(ClientContextValue::as_str)
    }

    /// Whether nothing is set.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// The values set, by name.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &ClientContextValue)> {
        self.values.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// Sets (`Some`) or clears (`None`) the value of `name`.
    pub(crate) fn set(&mut self, name: String, value: Option<ClientContextValue>) {
        match value {
            Some(value) => {
                self.values.insert(name, value);
            }
            None => {
                self.values.remove(&name);
            }
        }
    }

    /// These values with every value `later` sets replacing its own (what an override does).
    pub(crate) fn extend(&mut self, later: ClientContextParams) {
        self.values.extend(later.values);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_typed_and_set_by_name() {
        let mut params = ClientContextParams::default();
        assert!(params.is_empty());
        params.set("ForcePathStyle".into(), Some(true.into()));
        params.set("Prefix".into(), Some("abc".into()));
        assert_eq!(params.get_bool("ForcePathStyle"), Some(true));
        assert_eq!(params.get_str("ForcePathStyle"), None);
        assert_eq!(params.get_str("Prefix"), Some("abc"));
        assert_eq!(params.get_bool("Prefix"), None);
        assert_eq!(params.get("Missing"), None);
        let names: Vec<&str> = params.iter().map(|(k, _)| k).collect();
        assert_eq!(names, ["ForcePathStyle", "Prefix"]);
        params.set("Prefix".into(), None);
        assert_eq!(params.get("Prefix"), None);

        let mut later = ClientContextParams::default();
        later.set("ForcePathStyle".into(), Some(false.into()));
        later.set("Other".into(), Some(String::from("x").into()));
        params.extend(later);
        assert_eq!(params.get_bool("ForcePathStyle"), Some(false));
        assert_eq!(params.get_str("Other"), Some("x"));
    }
}
