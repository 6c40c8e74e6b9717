//! Lower the endpoint rules: the service's `smithy.rules#endpointRuleSet`,
//! `smithy.rules#endpointTests` and `smithy.rules#clientContextParams` JSON, and the text of
//! `partitions.json` → a typed [`RuleSet`].
//!
//! A parameter is bound to a built-in the client configuration supplies (`AWS::Region`,
//! `AWS::UseFIPS`, `AWS::UseDualStack`, `SDK::Endpoint`, the account id ones), set on the
//! client configuration (a client context parameter), or bound by operations. Every function
//! call is checked against the functions the runtime implements and their argument types,
//! every reference is resolved in its scope (`assign` binds for the rest of a rule, `isSet(x)`
//! proves `x` set for the rest of a rule), and templates and `getAttr` paths are parsed. An
//! unknown function or parameter kind is [`Error::Unsupported`] naming the service; anything
//! else malformed is [`Error::Model`] with a path into the rule set. The partition table is
//! read only when a rule calls `aws.partition`; its absence is [`Error::Settings`]. All
//! problems are collected before returning. Expressions are in `expr`, test cases in `cases`,
//! client context parameters in `client_context`.

pub(crate) mod cases;
mod client_context;
mod expr;

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use crate::error::Error;
use crate::ir::endpoints::{
    BuiltIn, Condition, EndpointValue, Expr, Func, Literal, Local, Param, ParamSource, Partition,
    Property, Rule, RuleBody, RuleSet, Ty,
};
use crate::ir::Service;

/// Lowers the service's endpoint rule set; `None` when the service has none.
///
/// `partitions` is the text of `partitions.json`, needed when a rule calls `aws.partition`.
pub(crate) fn lower(
    service: &Service,
    raw: &super::Raw,
    operations: &[crate::ir::Operation],
    partitions: Option<&str>,
) -> Result<Option<RuleSet>, Vec<Error>> {
    let Some(rule_set) = raw.raw_trait("smithy.rules#endpointRuleSet") else {
        return Ok(None);
    };
    let _span = tracing::debug_span!("lower_endpoints").entered();
    let mut cx = Lowerer {
        service: &service.id,
        errors: Vec::new(),
        locals: BTreeMap::new(),
        failed: BTreeSet::new(),
    };
    let mut params = cx.params(rule_set.get("parameters"));
    let defined: Vec<&str> = rule_set
        .get("parameters")
        .and_then(Value::as_object)
        .map(|defs| defs.keys().map(String::as_str).collect())
        .unwrap_or_default();
    let client_context = cx.client_context(
        raw.raw_trait("smithy.rules#clientContextParams"),
        &mut params,
        &defined,
    );
    for op in operations {
        cx.bindings(op, &params);
    }
    let scope: Vec<Local> = params
        .iter()
        .map(|p| Local {
            name: p.name.clone(),
            local: p.local.clone(),
            ty: p.ty.clone(),
        })
        .collect();
    let rules = cx.rules(rule_set.get("rules"), &scope, "rules");
    let tests = match raw.raw_trait("smithy.rules#endpointTests") {
        Some(tests) => cx.tests(tests, &params),
        None => Vec::new(),
    };
    let partitions = if rules.iter().any(calls_partition) {
        cx.partitions(partitions)
    } else {
        None
    };
    if cx.errors.is_empty() {
        Ok(Some(RuleSet {
            params,
            client_context,
            rules,
            tests,
            partitions,
        }))
    } else {
        Err(cx.errors)
    }
}

struct Lowerer<'a> {
    service: &'a str,
    errors: Vec<Error>,
    /// Rust local → the rule-set name it was made from, to report two names that collide.
    locals: BTreeMap<String, String>,
    /// Names whose `assign` condition was rejected: references to them are not reported again.
    failed: BTreeSet<String>,
}

impl Lowerer<'_> {
    fn model(&mut self, path: &str, message: impl Into<String>) {
        self.errors.push(Error::Model {
            location: format!("{} endpoint rule set {path}", self.service),
            message: message.into(),
        });
    }

    fn unsupported(&mut self, feature: impl Into<String>) {
        self.errors.push(Error::Unsupported {
            location: self.service.to_string(),
            feature: feature.into(),
        });
    }

    /// The Rust local for a rule-set name; two names that make the same local are an error.
    fn local(&mut self, name: &str, path: &str) -> String {
        let local = crate::name::field_name(name).field;
        match self.locals.get(&local) {
            Some(other) if other != name => {
                let message = format!("`{other}` and `{name}` both become the Rust name `{local}`");
                self.model(path, message);
            }
            Some(_) => {}
            None => {
                self.locals.insert(local.clone(), name.to_string());
            }
        }
        local
    }

    fn params(&mut self, value: Option<&Value>) -> Vec<Param> {
        let Some(Value::Object(defs)) = value else {
            self.model("parameters", "must be an object");
            return Vec::new();
        };
        let mut params: Vec<Param> = Vec::new();
        for (name, def) in defs {
            let path = format!("parameters.{name}");
            if let Some(param) = self.param(name, def, &path) {
                if let (Some(other), ParamSource::BuiltIn(built_in)) = (
                    params.iter().find(|p| p.source == param.source),
                    param.source,
                ) {
                    let feature = format!(
                        "endpoint parameters `{}` and `{name}` bound to the same built-in `{}`",
                        other.name,
                        built_in.name()
                    );
                    self.unsupported(feature);
                    continue;
                }
                params.push(param);
            }
        }
        params
    }

    fn param(&mut self, name: &str, def: &Value, path: &str) -> Option<Param> {
        let declared = match def.get("type").and_then(Value::as_str) {
            Some(t) if t.eq_ignore_ascii_case("string") => Ty::Str,
            Some(t) if t.eq_ignore_ascii_case("boolean") => Ty::Bool,
            Some(t) if t.eq_ignore_ascii_case("stringArray") => Ty::StrArray,
            Some(other) => {
                self.unsupported(format!("endpoint parameter `{name}` of type `{other}`"));
                return None;
            }
            None => {
                self.model(path, "`type` must be a string");
                return None;
            }
        };
        let source = match def.get("builtIn").and_then(Value::as_str) {
            Some(b) => match BuiltIn::ALL.into_iter().find(|x| x.name() == b) {
                Some(x) => ParamSource::BuiltIn(x),
                None => {
                    self.unsupported(format!("endpoint parameter `{name}` with built-in `{b}`"));
                    return None;
                }
            },
            None => ParamSource::Operation,
        };
        if let ParamSource::BuiltIn(built_in) = source {
            if built_in.ty() != declared {
                let message = format!("built-in `{}` has type {}", built_in.name(), built_in.ty());
                self.model(path, message);
                return None;
            }
        }
        let default = match def.get("default") {
            None | Some(Value::Null) => None,
            Some(value) => match literal(value) {
                Some(l) if l.ty() == declared => Some(l),
                _ => {
                    self.model(
                        path,
                        format!("default {value} does not have type {declared}"),
                    );
                    return None;
                }
            },
        };
        let required = def
            .get("required")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        let ty = if default.is_some() || required {
            declared.clone()
        } else {
            Ty::Optional(Box::new(declared.clone()))
        };
        Some(Param {
            name: name.to_string(),
            local: self.local(name, path),
            source,
            declared,
            ty,
            default,
            required,
            docs: string_field(def, "documentation"),
        })
    }

    /// Checks that every parameter `op` binds is an operation parameter of the rule set with
    /// the type of the bound value.
    fn bindings(&mut self, op: &crate::ir::Operation, params: &[Param]) {
        use crate::ir::operation::{EndpointParamValue, PathLeaf};
        for binding in &op.endpoint_params {
            let name = &binding.param;
            let Some(param) = params.iter().find(|p| &p.name == name) else {
                self.errors.push(Error::Model {
                    location: op.id.clone(),
                    message: format!(
                        "binds the endpoint parameter `{name}`, which the rule set of {} does \
                         not have",
                        self.service
                    ),
                });
                continue;
            };
            let leaf_ty = |leaf: PathLeaf| match leaf {
                PathLeaf::Str => Ty::Str,
                PathLeaf::Bool => Ty::Bool,
            };
            let (what, ty) = match &binding.value {
                EndpointParamValue::Static(l) => ("staticContextParams value", l.ty()),
                EndpointParamValue::Member { leaf, .. } => ("contextParam member", leaf_ty(*leaf)),
                EndpointParamValue::Path { list: true, .. } => {
                    ("operationContextParams path", Ty::StrArray)
                }
                EndpointParamValue::Path { leaf, .. } => {
                    ("operationContextParams path", leaf_ty(*leaf))
                }
            };
            let problem = match param.source {
                ParamSource::BuiltIn(b) => Some(format!("is bound to the built-in `{}`", b.name())),
                ParamSource::Operation | ParamSource::ClientContext if ty != param.declared => {
                    Some(format!(
                        "has type {}, but the {what} is a {ty}",
                        param.declared
                    ))
                }
                ParamSource::Operation | ParamSource::ClientContext => None,
            };
            if let Some(problem) = problem {
                self.errors.push(Error::Model {
                    location: op.id.clone(),
                    message: format!("binds the endpoint parameter `{name}`, which {problem}"),
                });
            }
        }
    }

    fn rules(&mut self, value: Option<&Value>, scope: &[Local], path: &str) -> Vec<Rule> {
        let Some(Value::Array(items)) = value else {
            self.model(path, "must be an array of rules");
            return Vec::new();
        };
        items
            .iter()
            .enumerate()
            .filter_map(|(i, r)| self.rule(r, scope, &format!("{path}[{i}]")))
            .collect()
    }

    fn rule(&mut self, value: &Value, scope: &[Local], path: &str) -> Option<Rule> {
        let mut scope = scope.to_vec();
        let conditions = self.conditions(value.get("conditions"), &mut scope, path);
        let body = match value.get("type").and_then(Value::as_str) {
            Some("endpoint") => {
                let endpoint = value.get("endpoint");
                RuleBody::Endpoint(self.endpoint(endpoint, &scope, &format!("{path}.endpoint"))?)
            }
            Some("error") => {
                let message = value.get("error").unwrap_or(&Value::Null);
                RuleBody::Error(self.string_expr(message, &scope, &format!("{path}.error"))?)
            }
            Some("tree") => {
                RuleBody::Tree(self.rules(value.get("rules"), &scope, &format!("{path}.rules")))
            }
            _ => {
                self.model(path, "`type` must be \"endpoint\", \"error\" or \"tree\"");
                return None;
            }
        };
        Some(Rule {
            conditions,
            body,
            docs: string_field(value, "documentation"),
        })
    }

    /// The conditions of a rule; each may add to `scope` for the conditions after it and the
    /// rule's body.
    fn conditions(
        &mut self,
        value: Option<&Value>,
        scope: &mut Vec<Local>,
        path: &str,
    ) -> Vec<Condition> {
        let items = match value {
            None => return Vec::new(),
            Some(Value::Array(items)) => items,
            Some(_) => {
                self.model(path, "`conditions` must be an array");
                return Vec::new();
            }
        };
        let mut conditions = Vec::new();
        for (i, c) in items.iter().enumerate() {
            let path = format!("{path}.conditions[{i}]");
            let Some(call) = c.as_object().filter(|o| o.contains_key("fn")) else {
                self.model(&path, "a condition must be a function call");
                continue;
            };
            let Some(expr) = self.call(call, scope, &path) else {
                if let Some(name) = c.get("assign").and_then(Value::as_str) {
                    self.failed.insert(name.to_string());
                }
                continue;
            };
            let assign = match c.get("assign") {
                None => None,
                Some(_)
                    if matches!(
                        expr,
                        Expr::Call {
                            func: Func::IsSet,
                            ..
                        }
                    ) =>
                {
                    self.unsupported(format!("`assign` on an `isSet` condition (at {path})"));
                    continue;
                }
                Some(Value::String(name)) => {
                    if scope.iter().any(|l| &l.name == name) {
                        self.model(&path, format!("`assign` redefines `{name}`"));
                        continue;
                    }
                    let local = Local {
                        name: name.clone(),
                        local: self.local(name, &path),
                        ty: expr.ty().inner().clone(),
                    };
                    scope.push(local.clone());
                    Some(local)
                }
                Some(_) => {
                    self.model(&path, "`assign` must be a string");
                    continue;
                }
            };
            let condition = Condition { expr, assign };
            if let Some(narrowed) = condition.narrowed() {
                scope.push(Local {
                    ty: narrowed.ty.inner().clone(),
                    ..narrowed.clone()
                });
            }
            conditions.push(condition);
        }
        conditions
    }

    fn endpoint(
        &mut self,
        value: Option<&Value>,
        scope: &[Local],
        path: &str,
    ) -> Option<EndpointValue> {
        let Some(Value::Object(endpoint)) = value else {
            self.model(path, "must be an object");
            return None;
        };
        let url = endpoint.get("url").unwrap_or(&Value::Null);
        let url = self.string_expr(url, scope, &format!("{path}.url"));
        let mut headers = Vec::new();
        match endpoint.get("headers") {
            None => {}
            Some(Value::Object(map)) => {
                for (name, values) in map {
                    let hpath = format!("{path}.headers.{name}");
                    let Some(values) = values.as_array() else {
                        self.model(&hpath, "must be an array");
                        continue;
                    };
                    let values = values
                        .iter()
                        .enumerate()
                        .filter_map(|(i, v)| self.string_expr(v, scope, &format!("{hpath}[{i}]")))
                        .collect();
                    headers.push((name.clone(), values));
                }
            }
            Some(_) => self.model(&format!("{path}.headers"), "must be an object"),
        }
        let properties = match endpoint.get("properties") {
            None => Vec::new(),
            Some(Value::Object(map)) => self.object(map, scope, &format!("{path}.properties")),
            Some(_) => {
                self.model(&format!("{path}.properties"), "must be an object");
                Vec::new()
            }
        };
        Some(EndpointValue {
            url: url?,
            headers,
            properties,
        })
    }

    fn object(
        &mut self,
        map: &Map<String, Value>,
        scope: &[Local],
        path: &str,
    ) -> Vec<(String, Property)> {
        map.iter()
            .filter_map(|(k, v)| {
                let p = self.property(v, scope, &format!("{path}.{k}"))?;
                Some((k.clone(), p))
            })
            .collect()
    }

    fn property(&mut self, value: &Value, scope: &[Local], path: &str) -> Option<Property> {
        Some(match value {
            Value::String(s) => Property::Str(self.template(s, scope, path)?),
            Value::Bool(b) => Property::Bool(*b),
            Value::Number(n) => Property::Number(n.clone()),
            Value::Array(items) => Property::Array(
                items
                    .iter()
                    .enumerate()
                    .filter_map(|(i, v)| self.property(v, scope, &format!("{path}[{i}]")))
                    .collect(),
            ),
            Value::Object(map) => Property::Object(self.object(map, scope, path)),
            Value::Null => {
                self.model(path, "a property cannot be null");
                return None;
            }
        })
    }

    /// An expression that must be a (set) string.
    fn string_expr(&mut self, value: &Value, scope: &[Local], path: &str) -> Option<Expr> {
        let expr = self.expr(value, scope, path)?;
        if expr.ty() != Ty::Str {
            self.model(path, format!("expected type string, found {}", expr.ty()));
            return None;
        }
        Some(expr)
    }

    fn partitions(&mut self, text: Option<&str>) -> Option<Vec<Partition>> {
        let Some(text) = text else {
            self.errors.push(Error::Settings(format!(
                "{}: the endpoint rule set calls `aws.partition`, which needs the partition \
                 table, but no partitions.json was given (`Settings::partitions`; `cargo xtask \
                 regenerate` provisions the pinned copy or takes `--partitions PATH`)",
                self.service
            )));
            return None;
        };
        #[derive(serde::Deserialize)]
        struct File {
            partitions: Vec<Partition>,
        }
        match serde_json::from_str::<File>(text) {
            Ok(file) => Some(file.partitions),
            Err(e) => {
                self.errors.push(Error::Settings(format!(
                    "the partition table (partitions.json) is not valid: {e}"
                )));
                None
            }
        }
    }
}

/// A JSON string, boolean or array of strings as a [`Literal`].
pub(super) fn literal(value: &Value) -> Option<Literal> {
    match value {
        Value::String(s) => Some(Literal::Str(s.clone())),
        Value::Bool(b) => Some(Literal::Bool(*b)),
        Value::Array(items) => items
            .iter()
            .map(|v| v.as_str().map(String::from))
            .collect::<Option<Vec<_>>>()
            .map(Literal::StrArray),
        _ => None,
    }
}

fn string_field(value: &Value, key: &str) -> Option<String> {
    value.get(key).and_then(Value::as_str).map(String::from)
}

/// Whether a rule (or one below it) calls `aws.partition`.
fn calls_partition(rule: &Rule) -> bool {
    fn expr(e: &Expr) -> bool {
        match e {
            Expr::Call { func, args } => *func == Func::AwsPartition || args.iter().any(expr),
            _ => false,
        }
    }
    rule.conditions.iter().any(|c| expr(&c.expr))
        || matches!(&rule.body, RuleBody::Tree(rules) if rules.iter().any(calls_partition))
}

#[cfg(test)]
mod tests;
