//! `smithy.rules#endpointTests` test cases: parameters by built-in, and the expected endpoint
//! (URL, and headers and properties when given) or error message.

use std::collections::BTreeMap;

use serde_json::Value;

use super::{string_field, Lowerer};
use crate::ir::endpoints::{Expectation, Literal, Param, TestCase, Ty};

impl Lowerer<'_> {
    pub(super) fn tests(&mut self, value: &Value, params: &[Param]) -> Vec<TestCase> {
        let Some(cases) = value.get("testCases").and_then(Value::as_array) else {
            self.model("tests", "`testCases` must be an array");
            return Vec::new();
        };
        cases
            .iter()
            .enumerate()
            .filter_map(|(i, case)| self.test(case, params, &format!("testCases[{i}]")))
            .collect()
    }

    fn test(&mut self, case: &Value, params: &[Param], path: &str) -> Option<TestCase> {
        let mut values = BTreeMap::new();
        if let Some(given) = case.get("params").and_then(Value::as_object) {
            for (name, value) in given {
                let Some(param) = params.iter().find(|p| &p.name == name) else {
                    self.model(path, format!("sets `{name}`, which is not a parameter"));
                    return None;
                };
                let literal = match (value, param.ty.inner()) {
                    (Value::String(s), Ty::Str) => Literal::Str(s.clone()),
                    (Value::Bool(b), Ty::Bool) => Literal::Bool(*b),
                    _ => {
                        let message =
                            format!("`{name}` = {value} does not have type {}", param.ty.inner());
                        self.model(path, message);
                        return None;
                    }
                };
                values.insert(param.built_in, literal);
            }
        }
        let expect = case.get("expect");
        let expect = match (
            expect.and_then(|e| e.get("endpoint")),
            expect.and_then(|e| e.get("error")),
        ) {
            (Some(endpoint), None) => {
                let Some(url) = endpoint.get("url").and_then(Value::as_str) else {
                    self.model(path, "`expect.endpoint.url` must be a string");
                    return None;
                };
                let headers = match endpoint.get("headers") {
                    None => None,
                    Some(h) => match serde_json::from_value(h.clone()) {
                        Ok(h) => Some(h),
                        Err(_) => {
                            let message =
                                "`expect.endpoint.headers` must map names to string arrays";
                            self.model(path, message);
                            return None;
                        }
                    },
                };
                let properties = match endpoint.get("properties") {
                    None => None,
                    Some(Value::Object(p)) => Some(p.clone()),
                    Some(_) => {
                        self.model(path, "`expect.endpoint.properties` must be an object");
                        return None;
                    }
                };
                Expectation::Endpoint {
                    url: url.to_string(),
                    headers,
                    properties,
                }
            }
            (None, Some(Value::String(message))) => Expectation::Error(message.clone()),
            _ => {
                self.model(
                    path,
                    "`expect` must have either `endpoint` or a string `error`",
                );
                return None;
            }
        };
        Some(TestCase {
            docs: string_field(case, "documentation"),
            params: values,
            expect,
        })
    }
}
