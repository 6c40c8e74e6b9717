//! `smithy.rules#clientContextParams`: the rule-set parameters a service lets its users set on
//! the client configuration (S3's `ForcePathStyle`), → [`ClientContextParam`]s, and those
//! parameters' [`ParamSource::ClientContext`].
//!
//! Each entry must be an object with a `type` of `string` or `boolean` (and optionally a
//! string `documentation`), name a parameter of the rule set, and have that parameter's type;
//! anything else is [`Error::Model`] at the service and the entry. A parameter the rule set
//! binds to a built-in the configuration already supplies is [`Error::Unsupported`] (which of
//! the two would win is not settled). Operations may still bind such a parameter
//! (`staticContextParams`, `contextParam`, `operationContextParams`): their value wins.

use serde_json::Value;

use super::Lowerer;
use crate::error::Error;
use crate::ir::endpoints::{ClientContextParam, Param, ParamSource, Ty};

impl Lowerer<'_> {
    fn client_context_error(&mut self, entry: Option<&str>, message: impl Into<String>) {
        let location = match entry {
            Some(name) => format!("{} clientContextParams.{name}", self.service),
            None => format!("{} clientContextParams", self.service),
        };
        self.errors.push(Error::Model {
            location,
            message: message.into(),
        });
    }

    /// The trait's entries (`None`: the service has no such trait), checked against the
    /// lowered rule-set `params` (whose source becomes [`ParamSource::ClientContext`]).
    /// `defined` are the names the rule set declares, so that a parameter that failed to
    /// lower (and was reported) is not reported again as missing.
    pub(super) fn client_context(
        &mut self,
        value: Option<&Value>,
        params: &mut [Param],
        defined: &[&str],
    ) -> Vec<ClientContextParam> {
        let Some(value) = value else {
            return Vec::new();
        };
        let Value::Object(entries) = value else {
            self.client_context_error(
                None,
                "must be an object from rule-set parameter names to `{\"type\": ..., \
                 \"documentation\": ...}`",
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for (name, def) in entries {
            let Some(declared) = self.client_context_entry(name, def) else {
                continue;
            };
            let Some(param) = params.iter_mut().find(|p| &p.name == name) else {
                if !defined.contains(&name.as_str()) {
                    let message = format!("the endpoint rule set has no parameter `{name}`");
                    self.client_context_error(Some(name), message);
                }
                continue;
            };
            if param.declared != declared.ty {
                let message = format!(
                    "has type {}, but the endpoint rule set's parameter `{name}` has type {}",
                    declared.ty, param.declared
                );
                self.client_context_error(Some(name), message);
                continue;
            }
            match param.source {
                ParamSource::BuiltIn(built_in) => {
                    self.unsupported(format!(
                        "client context parameter `{name}`, which the endpoint rule set binds \
                         to the built-in `{}`",
                        built_in.name()
                    ));
                    continue;
                }
                ParamSource::ClientContext | ParamSource::Operation => {
                    param.source = ParamSource::ClientContext;
                }
            }
            out.push(declared);
        }
        out
    }

    /// One entry as written: `{"type": "string" | "boolean", "documentation": "..."}`.
    fn client_context_entry(&mut self, name: &str, def: &Value) -> Option<ClientContextParam> {
        let Value::Object(def) = def else {
            let message = format!("must be an object with a `type`, found {def}");
            self.client_context_error(Some(name), message);
            return None;
        };
        let ty = match def.get("type") {
            Some(Value::String(t)) if t.eq_ignore_ascii_case("string") => Ty::Str,
            Some(Value::String(t)) if t.eq_ignore_ascii_case("boolean") => Ty::Bool,
            Some(other) => {
                let message = format!("`type` must be \"string\" or \"boolean\", found {other}");
                self.client_context_error(Some(name), message);
                return None;
            }
            None => {
                self.client_context_error(Some(name), "has no `type`");
                return None;
            }
        };
        let docs = match def.get("documentation") {
            None => None,
            Some(Value::String(d)) => Some(d.clone()),
            Some(other) => {
                let message = format!("`documentation` must be a string, found {other}");
                self.client_context_error(Some(name), message);
                return None;
            }
        };
        Some(ClientContextParam {
            name: name.to_string(),
            ty,
            docs,
        })
    }
}
