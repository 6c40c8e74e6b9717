use serde_json::{json, Value};

use super::*;
use crate::ir::endpoints::{ClientContextParam, Expectation, PathPart, TemplatePart};

const SERVICE: &str = "example.e#Svc";

const PARTITIONS: &str = r#"{"version": "1.1", "partitions": [{
    "id": "aws",
    "regionRegex": "^(us|eu)\\-\\w+\\-\\d+$",
    "regions": {"aws-global": {"description": "global"}, "us-odd-1": {"supportsFIPS": false}},
    "outputs": {"name": "aws", "dnsSuffix": "amazonaws.com", "dualStackDnsSuffix": "api.aws",
                "supportsFIPS": true, "supportsDualStack": true,
                "implicitGlobalRegion": "us-east-1"}
}]}"#;

fn params() -> Value {
    json!({
        "Region": {"builtIn": "AWS::Region", "required": false, "type": "String"},
        "UseFIPS": {"builtIn": "AWS::UseFIPS", "required": true, "default": false, "type": "Boolean"},
        "Endpoint": {"builtIn": "SDK::Endpoint", "required": false, "type": "String"}
    })
}

fn call(f: &str, argv: Value) -> Value {
    json!({"fn": f, "argv": argv})
}

fn assigned(f: &str, argv: Value, name: &str) -> Value {
    json!({"fn": f, "argv": argv, "assign": name})
}

fn endpoint(conditions: Value, url: Value) -> Value {
    json!({"conditions": conditions, "endpoint": {"url": url}, "type": "endpoint"})
}

fn error(conditions: Value, message: &str) -> Value {
    json!({"conditions": conditions, "error": message, "type": "error"})
}

fn service(params: Value, rules: Value, tests: Option<Value>) -> Svc {
    let mut traits = json!({
        "aws.protocols#restJson1": {},
        "smithy.rules#endpointRuleSet": {"version": "1.0", "parameters": params, "rules": rules}
    });
    if let Some(tests) = tests {
        traits["smithy.rules#endpointTests"] = tests;
    }
    let model = json!({
        "smithy": "2.0",
        "shapes": {SERVICE: {"type": "service", "version": "1", "traits": traits}}
    });
    let parsed = crate::parse::parse(&model.to_string()).expect("model parses");
    let mut errors = Vec::new();
    let raw = crate::lower::model::collect(parsed.shapes, &mut errors);
    let (_, service) =
        crate::lower::model::find_service(&raw, None, &mut errors).expect("one service");
    assert_eq!(errors, []);
    Svc {
        service,
        raw: raw[SERVICE].clone(),
    }
}

/// A service and its traits as written.
struct Svc {
    service: Service,
    raw: crate::lower::Raw,
}

fn lower(s: &Svc, partitions: Option<&str>) -> Result<Option<RuleSet>, Vec<Error>> {
    super::lower(&s.service, &s.raw, &[], partitions)
}

fn lowered(rules: Value, partitions: Option<&str>) -> RuleSet {
    let s = service(params(), rules, None);
    lower(&s, partitions)
        .unwrap_or_else(|e| panic!("{e:?}"))
        .expect("a rule set")
}

fn errors(params: Value, rules: Value, partitions: Option<&str>) -> Vec<String> {
    let s = service(params, rules, None);
    match lower(&s, partitions) {
        Ok(_) => panic!("lowering succeeded"),
        Err(errors) => errors.iter().map(ToString::to_string).collect(),
    }
}

/// The rule set of the Image Builder model, in brief.
fn partition_rules() -> Value {
    json!([
        {
            "conditions": [call("isSet", json!([{"ref": "Region"}]))],
            "type": "tree",
            "rules": [{
                "conditions": [assigned("aws.partition", json!([{"ref": "Region"}]), "PartitionResult")],
                "type": "tree",
                "rules": [
                    endpoint(
                        json!([call("booleanEquals", json!([true, call("getAttr", json!([{"ref": "PartitionResult"}, "supportsFIPS"]))]))]),
                        json!("https://svc-fips.{Region}.{PartitionResult#dnsSuffix}")
                    ),
                    endpoint(json!([]), json!("https://svc.{Region}.{PartitionResult#dnsSuffix}"))
                ]
            }]
        },
        error(json!([]), "Invalid Configuration: Missing Region")
    ])
}

#[test]
fn a_service_without_a_rule_set_has_no_endpoint_rules() {
    let mut s = service(params(), json!([]), None);
    s.raw
        .traits
        .retain(|(k, _)| k != "smithy.rules#endpointRuleSet");
    assert_eq!(lower(&s, None), Ok(None));
}

#[test]
fn parameters_take_their_types_from_defaults_and_required() {
    let rules = lowered(json!([error(json!([]), "x")]), None);
    let summary: Vec<(&str, &str, ParamSource, Ty)> = rules
        .params
        .iter()
        .map(|p| (p.name.as_str(), p.local.as_str(), p.source, p.ty.clone()))
        .collect();
    assert_eq!(
        summary,
        [
            (
                "Region",
                "region",
                ParamSource::BuiltIn(BuiltIn::Region),
                Ty::Optional(Box::new(Ty::Str))
            ),
            (
                "UseFIPS",
                "use_fips",
                ParamSource::BuiltIn(BuiltIn::UseFips),
                Ty::Bool
            ),
            (
                "Endpoint",
                "endpoint",
                ParamSource::BuiltIn(BuiltIn::Endpoint),
                Ty::Optional(Box::new(Ty::Str))
            ),
        ]
    );
    assert_eq!(rules.params[1].default, Some(Literal::Bool(false)));
    assert_eq!(rules.partitions, None, "no rule calls aws.partition");
}

#[test]
fn is_set_narrows_and_assign_binds_for_the_rest_of_the_rule() {
    let rules = lowered(partition_rules(), Some(PARTITIONS));
    let RuleBody::Tree(inner) = &rules.rules[0].body else {
        panic!("a tree")
    };
    let assign = &inner[0].conditions[0];
    let Expr::Call { func, args } = &assign.expr else {
        panic!("a call")
    };
    assert_eq!(*func, Func::AwsPartition);
    // `Region` is a set string after `isSet(Region)`.
    assert_eq!(args[0].ty(), Ty::Str);
    let local = assign.assign.as_ref().unwrap();
    assert_eq!(
        (local.local.as_str(), &local.ty),
        ("partition_result", &Ty::Partition)
    );
    let RuleBody::Tree(leaves) = &inner[0].body else {
        panic!("a tree")
    };
    let RuleBody::Endpoint(e) = &leaves[1].body else {
        panic!("an endpoint")
    };
    let Expr::Template(parts) = &e.url else {
        panic!("a template")
    };
    assert_eq!(parts.len(), 4);
    assert_eq!(parts[0], TemplatePart::Text("https://svc.".into()));
    assert!(
        matches!(&parts[3], TemplatePart::Value(Expr::GetAttr { path, .. })
        if path == &[PathPart::Field { name: "dnsSuffix".into(), field: "dns_suffix" }])
    );
    assert!(leaves[1].always_matches());
    assert!(!leaves[0].always_matches());
}

#[test]
fn the_partition_table_is_read_when_a_rule_calls_aws_partition() {
    let rules = lowered(partition_rules(), Some(PARTITIONS));
    let table = rules.partitions.expect("a partition table");
    assert_eq!(table.len(), 1);
    assert_eq!(table[0].outputs.dual_stack_dns_suffix, "api.aws");
    assert_eq!(table[0].regions.len(), 2);
    assert_eq!(table[0].regions["us-odd-1"].supports_fips, Some(false));
    assert_eq!(table[0].regions["aws-global"], Default::default());

    let missing = errors(params(), partition_rules(), None);
    assert_eq!(missing.len(), 1, "{missing:?}");
    assert!(missing[0].contains("calls `aws.partition`"), "{missing:?}");
    assert!(missing[0].contains("partitions.json"), "{missing:?}");
    let bad = errors(params(), partition_rules(), Some(r#"{"partitions": [{}]}"#));
    assert!(
        bad[0].starts_with("the partition table (partitions.json) is not valid"),
        "{bad:?}"
    );
}

#[test]
fn unknown_functions_and_parameters_are_unsupported_and_all_problems_are_reported() {
    let params = json!({
        "Region": {"builtIn": "AWS::Region", "type": "String"},
        "Bucket": {"type": "String"},
        "Accelerate": {"builtIn": "AWS::S3::Accelerate", "type": "Boolean"},
        "List": {"builtIn": "AWS::Region", "type": "StringArray"}
    });
    let rules = json!([
        endpoint(
            json!([
                call("isSet", json!([{"ref": "Region"}])),
                call("coalesce", json!([{"ref": "Region"}, "x"]))
            ]),
            json!("https://x")
        ),
        error(json!([]), "x")
    ]);
    let found = errors(params, rules, None);
    assert_eq!(
        found,
        [
            "example.e#Svc: unsupported: endpoint parameter `Accelerate` with built-in \
             `AWS::S3::Accelerate`",
            "example.e#Svc endpoint rule set parameters.List: built-in `AWS::Region` has type \
             string",
            "example.e#Svc: unsupported: endpoint rules function `coalesce` (at rules[0].conditions[1])",
        ]
    );
}

#[test]
fn optional_values_must_be_proved_set() {
    let rules = json!([
        endpoint(
            json!([call("parseURL", json!([{"ref": "Endpoint"}]))]),
            json!("https://x")
        ),
        endpoint(json!([]), json!("https://{Region}"))
    ]);
    let found = errors(params(), rules, None);
    assert_eq!(
        found,
        [
            "example.e#Svc endpoint rule set rules[0].conditions[0]: argument 1 of `parseURL` has \
             type option<string>, expected string (prove it set first with `isSet` or `assign` \
             in an earlier condition)",
            "example.e#Svc endpoint rule set rules[1].endpoint.url: template reference \
             `{Region}` must have type string, found option<string>",
        ]
    );
}

#[test]
fn malformed_rules_name_their_place() {
    let rules = json!([
        {
            "conditions": [
                call("isSet", json!([{"ref": "Region"}])),
                assigned("aws.parseArn", json!([{"ref": "Region"}]), "Arn"),
                assigned("uriEncode", json!([{"ref": "Region"}]), "REGION"),
                assigned("uriEncode", json!([{"ref": "Region"}]), "Arn"),
                call("stringEquals", json!([call("getAttr", json!([{"ref": "Arn"}, "resourceId[x]"])), "a"])),
                call("stringEquals", json!([call("getAttr", json!([{"ref": "Arn"}, "owner"])), "a"])),
                call("booleanEquals", json!([{"ref": "UseFIPS"}])),
                call("isSet", json!([{"ref": "Nope"}]))
            ],
            "endpoint": {"url": "https://{Region}.{{literal}}.{Arn#region"},
            "type": "endpoint"
        },
        {"conditions": [], "type": "nonsense"}
    ]);
    let found = errors(params(), rules, None);
    let at = |i: usize| format!("example.e#Svc endpoint rule set rules[0].conditions[{i}]: ");
    let arg =
        |i: usize| format!("example.e#Svc endpoint rule set rules[0].conditions[{i}].argv[0]: ");
    assert_eq!(
        found,
        [
            format!(
                "{}`Region` and `REGION` both become the Rust name `region`",
                at(2)
            ),
            format!("{}`assign` redefines `Arn`", at(3)),
            format!("{}bad index in attribute path `resourceId[x]`", arg(4)),
            format!("{}type arn has no attribute `owner`", arg(5)),
            format!("{}`booleanEquals` takes 2 argument(s), found 1", at(6)),
            format!(
                "{}`Nope` is not a parameter or an assigned value here",
                arg(7)
            ),
            "example.e#Svc endpoint rule set rules[0].endpoint.url: unclosed `{` in template \
             `https://{Region}.{{literal}}.{Arn#region`"
                .to_string(),
            "example.e#Svc endpoint rule set rules[1]: `type` must be \"endpoint\", \"error\" or \
             \"tree\""
                .to_string(),
        ]
    );
}

#[test]
fn templates_unescape_braces_and_index_arrays() {
    let rules = lowered(
        json!([
            {
                "conditions": [
                    call("isSet", json!([{"ref": "Region"}])),
                    assigned("aws.parseArn", json!([{"ref": "Region"}]), "Arn"),
                    assigned("getAttr", json!([{"ref": "Arn"}, "resourceId[2]"]), "Third")
                ],
                "endpoint": {"url": "https://{{{Third}}}.{Arn#accountId}"},
                "type": "endpoint"
            },
            error(json!([]), "x")
        ]),
        None,
    );
    let rule = &rules.rules[0];
    assert_eq!(
        rule.conditions[2].expr.ty(),
        Ty::Optional(Box::new(Ty::Str))
    );
    assert_eq!(rule.conditions[2].assign.as_ref().unwrap().ty, Ty::Str);
    let RuleBody::Endpoint(e) = &rule.body else {
        panic!("an endpoint")
    };
    let Expr::Template(parts) = &e.url else {
        panic!("a template")
    };
    let texts: Vec<&str> = parts
        .iter()
        .filter_map(|p| match p {
            TemplatePart::Text(t) => Some(t.as_str()),
            TemplatePart::Value(_) => None,
        })
        .collect();
    assert_eq!(texts, ["https://{", "}."]);
}

#[test]
fn test_cases_map_parameters_to_built_ins() {
    let tests = json!({"testCases": [
        {"documentation": "ok", "params": {"Region": "us-east-1", "UseFIPS": true},
         "expect": {"endpoint": {"url": "https://x", "headers": {"a": ["b"]}, "properties": {"p": 1}}}},
        {"expect": {"error": "boom"}}
    ]});
    let s = service(params(), json!([error(json!([]), "boom")]), Some(tests));
    let rules = lower(&s, None).unwrap().unwrap();
    assert_eq!(rules.tests.len(), 2);
    assert_eq!(
        rules.tests[0].params,
        [
            ("Region".to_string(), Literal::Str("us-east-1".into())),
            ("UseFIPS".to_string(), Literal::Bool(true)),
        ]
    );
    let Expectation::Endpoint {
        url,
        headers,
        properties,
    } = &rules.tests[0].expect
    else {
        panic!("an endpoint")
    };
    assert_eq!(url, "https://x");
    assert_eq!(headers.as_ref().unwrap()["a"], vec!["b".to_string()]);
    assert_eq!(properties.as_ref().unwrap()["p"], json!(1));
    assert_eq!(rules.tests[1].expect, Expectation::Error("boom".into()));

    let bad = json!({"testCases": [
        {"params": {"Bucket": "b"}, "expect": {"error": "x"}},
        {"params": {"UseFIPS": "yes"}, "expect": {"error": "x"}},
        {"params": {}, "expect": {}}
    ]});
    let s = service(params(), json!([error(json!([]), "x")]), Some(bad));
    let found: Vec<String> = lower(&s, None)
        .unwrap_err()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        found,
        [
            "example.e#Svc endpoint rule set testCases[0]: sets `Bucket`, which is not a parameter",
            "example.e#Svc endpoint rule set testCases[1]: `UseFIPS` = \"yes\" does not have type boolean",
            "example.e#Svc endpoint rule set testCases[2]: `expect` must have either `endpoint` or a string `error`",
        ]
    );
}

/// The rule set of [`params`] with a boolean `ForcePathStyle` (default `false`) and a string
/// `Prefix`, and the service's `smithy.rules#clientContextParams` trait `client`.
fn with_client_context(client: Value) -> Svc {
    let mut params = params();
    params["ForcePathStyle"] = json!({"type": "Boolean", "required": true, "default": false});
    params["Prefix"] = json!({"type": "String", "documentation": "rule-set docs"});
    let rules = json!([endpoint(json!([]), json!("https://x"))]);
    let mut s = service(params, rules, None);
    s.raw
        .traits
        .push(("smithy.rules#clientContextParams".into(), client));
    s
}

fn client_context_errors(client: Value) -> Vec<String> {
    match lower(&with_client_context(client), None) {
        Ok(_) => panic!("lowering succeeded"),
        Err(errors) => errors.iter().map(ToString::to_string).collect(),
    }
}

#[test]
fn client_context_params_are_set_on_the_client() {
    let s = with_client_context(json!({
        "Prefix": {"type": "string", "documentation": "A host prefix."},
        "ForcePathStyle": {"type": "boolean"}
    }));
    let rules = lower(&s, None)
        .unwrap_or_else(|e| panic!("{e:?}"))
        .expect("a rule set");
    assert_eq!(
        rules.client_context,
        [
            ClientContextParam {
                name: "Prefix".into(),
                ty: Ty::Str,
                docs: Some("A host prefix.".into()),
            },
            ClientContextParam {
                name: "ForcePathStyle".into(),
                ty: Ty::Bool,
                docs: None,
            },
        ],
        "in trait order, with the trait's documentation"
    );
    let sources: Vec<(&str, ParamSource)> = rules
        .params
        .iter()
        .map(|p| (p.name.as_str(), p.source))
        .collect();
    assert_eq!(
        sources,
        [
            ("Region", ParamSource::BuiltIn(BuiltIn::Region)),
            ("UseFIPS", ParamSource::BuiltIn(BuiltIn::UseFips)),
            ("Endpoint", ParamSource::BuiltIn(BuiltIn::Endpoint)),
            ("ForcePathStyle", ParamSource::ClientContext),
            ("Prefix", ParamSource::ClientContext),
        ]
    );
    // The parameter keeps its rule-set type and default.
    assert_eq!(rules.params[3].ty, Ty::Bool);
    assert_eq!(rules.params[3].default, Some(Literal::Bool(false)));

    let without = lower(&with_client_context(json!({})), None)
        .unwrap()
        .unwrap();
    assert_eq!(without.client_context, []);
    assert_eq!(without.params[3].source, ParamSource::Operation);
}

#[test]
fn a_client_context_param_must_have_the_rule_set_parameters_type() {
    assert_eq!(
        client_context_errors(json!({
            "ForcePathStyle": {"type": "string"},
            "Prefix": {"type": "boolean"}
        })),
        [
            "example.e#Svc clientContextParams.ForcePathStyle: has type string, but the \
             endpoint rule set's parameter `ForcePathStyle` has type boolean",
            "example.e#Svc clientContextParams.Prefix: has type boolean, but the endpoint rule \
             set's parameter `Prefix` has type string",
        ]
    );
}

#[test]
fn a_client_context_param_must_name_a_parameter_the_configuration_does_not_supply() {
    assert_eq!(
        client_context_errors(json!({
            "Accelerate": {"type": "boolean"},
            "Region": {"type": "string"},
            "Prefix": {"type": "string"}
        })),
        [
            "example.e#Svc clientContextParams.Accelerate: the endpoint rule set has no \
             parameter `Accelerate`",
            "example.e#Svc: unsupported: client context parameter `Region`, which the endpoint \
             rule set binds to the built-in `AWS::Region`",
        ]
    );
}

#[test]
fn malformed_client_context_params_are_located_errors() {
    assert_eq!(
        client_context_errors(json!(["ForcePathStyle"])),
        [
            "example.e#Svc clientContextParams: must be an object from rule-set parameter \
             names to `{\"type\": ..., \"documentation\": ...}`"
        ]
    );
    assert_eq!(
        client_context_errors(json!({
            "ForcePathStyle": "boolean",
            "Prefix": {"documentation": "no type"},
            "Region": {"type": "integer"},
            "Endpoint": {"type": ["string"]},
            "UseFIPS": {"type": "boolean", "documentation": 3}
        })),
        [
            "example.e#Svc clientContextParams.ForcePathStyle: must be an object with a \
             `type`, found \"boolean\"",
            "example.e#Svc clientContextParams.Prefix: has no `type`",
            "example.e#Svc clientContextParams.Region: `type` must be \"string\" or \
             \"boolean\", found \"integer\"",
            "example.e#Svc clientContextParams.Endpoint: `type` must be \"string\" or \
             \"boolean\", found [\"string\"]",
            "example.e#Svc clientContextParams.UseFIPS: `documentation` must be a string, \
             found 3",
        ]
    );
}

#[test]
fn a_client_context_param_whose_rule_set_parameter_failed_is_not_reported_twice() {
    let mut params = params();
    params["Accelerate"] = json!({"builtIn": "AWS::S3::Accelerate", "type": "Boolean"});
    let mut s = service(
        params,
        json!([endpoint(json!([]), json!("https://x"))]),
        None,
    );
    s.raw.traits.push((
        "smithy.rules#clientContextParams".into(),
        json!({"Accelerate": {"type": "boolean"}}),
    ));
    let found: Vec<String> = lower(&s, None)
        .unwrap_err()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        found,
        [
            "example.e#Svc: unsupported: endpoint parameter `Accelerate` with built-in \
          `AWS::S3::Accelerate`"
        ]
    );
}
