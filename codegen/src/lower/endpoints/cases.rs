//! `smithy.rules#endpointTests` test cases: parameters by name, and the expected endpoint
//! (URL, and headers and properties when given) or error message; and the cases'
//! `operationInputs` (input, `builtInParams`, `clientParams`) for the generated operations.

use serde_json::Value;

use super::{string_field, Lowerer};
use crate::ir::endpoints::{BuiltIn, Expectation, OperationInput, Param, TestCase};
use crate::ir::Ir;

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
        let mut values = Vec::new();
        if let Some(given) = case.get("params").and_then(Value::as_object) {
            for (name, value) in given {
                let Some(param) = params.iter().find(|p| &p.name == name) else {
                    self.model(path, format!("sets `{name}`, which is not a parameter"));
                    return None;
                };
                match super::literal(value) {
                    Some(literal) if literal.ty() == param.declared => {
                        values.push((name.clone(), literal))
                    }
                    _ => {
                        let message =
                            format!("`{name}` = {value} does not have type {}", param.declared);
                        self.model(path, message);
                        return None;
                    }
                }
            }
        }
        let order = |name: &str| params.iter().position(|p| p.name == name);
        values.sort_by_key(|(name, _)| order(name));
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
            operation_inputs: Vec::new(),
            expect,
        })
    }
}

/// The `operationInputs` of every test case of `tests` (the `smithy.rules#endpointTests`
/// trait), in case order, typed against the generated operations' inputs; an entry for an
/// operation that is not generated is left out. Needs the finished [`Ir`] (the input shapes),
/// so it runs after the rule set is lowered.
pub(crate) fn operation_inputs(
    ir: &Ir,
    tests: &Value,
    errors: &mut Vec<crate::error::Error>,
) -> Vec<Vec<OperationInput>> {
    let cases = tests
        .get("testCases")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default();
    let mut model = |path: &str, message: String| {
        errors.push(crate::error::Error::Model {
            location: format!("{} endpoint tests testCases{path}", ir.service.id),
            message,
        })
    };
    let client_context = ir
        .endpoints
        .as_ref()
        .map(|r| r.client_context.as_slice())
        .unwrap_or_default();
    let mut out = Vec::new();
    for (i, case) in cases.iter().enumerate() {
        let mut inputs = Vec::new();
        let entries = case
            .get("operationInputs")
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or_default();
        for (j, entry) in entries.iter().enumerate() {
            let path = format!("[{i}].operationInputs[{j}]");
            let Some(name) = entry.get("operationName").and_then(Value::as_str) else {
                model(&path, "`operationName` must be a string".into());
                continue;
            };
            let Some(op) = ir.operations.iter().find(|o| o.name == name) else {
                continue;
            };
            let empty = Value::Object(Default::default());
            let params = entry.get("operationParams").unwrap_or(&empty);
            let input = match crate::lower::protocol_tests::value(ir, &op.input, params, "$") {
                Ok(v) => v,
                Err(problem) => {
                    model(&path, format!("`operationParams`: {problem}"));
                    continue;
                }
            };
            let mut built_ins = Vec::new();
            if let Some(given) = entry.get("builtInParams").and_then(Value::as_object) {
                for (key, value) in given {
                    let Some(b) = BuiltIn::ALL.into_iter().find(|b| b.name() == key) else {
                        model(
                            &path,
                            format!("`builtInParams` sets the unknown built-in `{key}`"),
                        );
                        continue;
                    };
                    match super::literal(value) {
                        Some(l) if l.ty() == b.ty() => built_ins.push((b, l)),
                        _ => model(
                            &path,
                            format!(
                                "`builtInParams`: `{key}` = {value} does not have type {}",
                                b.ty()
                            ),
                        ),
                    }
                }
            }
            let mut client_params = Vec::new();
            match entry.get("clientParams") {
                None => {}
                Some(Value::Object(given)) => {
                    for (key, value) in given {
                        let Some(param) = client_context.iter().find(|p| &p.name == key) else {
                            model(
                                &path,
                                format!(
                                    "`clientParams` sets `{key}`, which is not a client context \
                                     parameter of the service"
                                ),
                            );
                            continue;
                        };
                        match super::literal(value) {
                            Some(l) if l.ty() == param.ty => client_params.push((key.clone(), l)),
                            _ => model(
                                &path,
                                format!(
                                    "`clientParams`: `{key}` = {value} does not have type {}",
                                    param.ty
                                ),
                            ),
                        }
                    }
                }
                Some(_) => model(&path, "`clientParams` must be an object".into()),
            }
            let order = |name: &str| client_context.iter().position(|p| p.name == name);
            client_params.sort_by_key(|(name, _)| order(name));
            inputs.push(OperationInput {
                operation: op.id.clone(),
                input,
                built_ins,
                client_params,
            });
        }
        out.push(inputs);
    }
    out
}
