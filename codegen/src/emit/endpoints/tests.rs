use serde_json::json;

use crate::{generate, OperationSelection, Settings};

fn settings(partitions: Option<&str>) -> Settings {
    Settings {
        operations: OperationSelection::All,
        runtime: crate::RuntimeDependency::Path("../runtime".into()),
        crate_name: Some("svc".into()),
        command: "test".into(),
        inputs: Vec::new(),
        partitions: partitions.map(String::from),
        service: None,
        protocol: None,
        skip_unsupported: false,
        protocol_tests: false,
    }
}

/// A one-operation service, with `rules` as its endpoint rule set when given.
fn model(rules: Option<serde_json::Value>) -> String {
    let mut traits = json!({"aws.protocols#restJson1": {}});
    if let Some(rules) = rules {
        traits["smithy.rules#endpointRuleSet"] = json!({
            "version": "1.0",
            "parameters": {
                "Region": {"builtIn": "AWS::Region", "required": true, "type": "String"},
                "UseFIPS": {"builtIn": "AWS::UseFIPS", "required": true, "default": false, "type": "Boolean"}
            },
            "rules": rules
        });
        traits["smithy.rules#endpointTests"] = json!({"testCases": [
            {"documentation": "Plain", "params": {"Region": "us-east-1"},
             "expect": {"endpoint": {"url": "https://svc.us-east-1.amazonaws.com"}}}
        ]});
    }
    json!({"smithy": "2.0", "shapes": {
        "example.e#Svc": {"type": "service", "version": "1",
                          "operations": [{"target": "example.e#Ping"}], "traits": traits},
        "example.e#Ping": {"type": "operation",
                           "traits": {"smithy.api#http": {"method": "GET", "uri": "/ping"}}}
    }})
    .to_string()
}

fn partition_rules() -> serde_json::Value {
    json!([
        {"conditions": [{"fn": "aws.partition", "argv": [{"ref": "Region"}], "assign": "P"}],
         "rules": [
            {"conditions": [{"fn": "booleanEquals", "argv": [{"ref": "UseFIPS"}, false]}],
             "endpoint": {"url": "https://svc.{Region}.{P#dnsSuffix}",
                          "headers": {"x-a": ["{P#name}"]},
                          "properties": {"authSchemes": [{"name": "sigv4", "weight": 2}]}},
             "type": "endpoint"},
            {"conditions": [], "error": "FIPS is not supported in {Region}", "type": "error"}
         ],
         "type": "tree"}
    ])
}

const PARTITIONS: &str = r#"{"partitions": [{"id": "aws", "regionRegex": "^us\\-\\w+\\-\\d+$",
    "regions": {"us-east-1": {}, "us-odd-1": {"dnsSuffix": "odd.example"}},
    "outputs": {"name": "aws", "dnsSuffix": "amazonaws.com", "dualStackDnsSuffix": "api.aws",
                "supportsFIPS": true, "supportsDualStack": true,
                "implicitGlobalRegion": "us-east-1"}}]}"#;

#[test]
fn a_rule_set_becomes_the_endpoint_module() {
    let out = generate(&model(Some(partition_rules())), &settings(Some(PARTITIONS))).unwrap();
    let file = &out.files["src/endpoint.rs"];
    for expected in [
        "pub fn resolve(",
        "pub(crate) fn resolve_endpoint(",
        // `Region` is required: checked, then bound as a `&str`.
        "let ::std::option::Option::Some(region) = params.region.as_deref() else {",
        "a value for the required endpoint parameter `Region` is missing",
        "pub struct Params {",
        "region: built_ins.region.map(::std::string::String::from),",
        "if let ::std::option::Option::Some(p) = ::smithy_rt::endpoint::aws::partition(",
        "if !use_fips {",
        r#"["https://svc.", region, ".", p.dns_suffix].concat()"#,
        r#"["FIPS is not supported in ", region].concat()"#,
        "::smithy_rt::endpoint::Value::from(2u64)",
        // The tree's last rule always matches: no "no rule matched" fallback after it, but
        // one after the top-level rule, whose condition may fail.
        "no endpoint rule matched these parameters",
        "fn partitions() -> &'static ::smithy_rt::endpoint::aws::Partitions",
        r#""us-odd-1".into(),"#,
        r#""odd.example".into()"#,
        "fn test_1_plain()",
    ] {
        assert!(file.contains(expected), "missing {expected:?} in\n{file}");
    }
    assert_eq!(
        file.matches("no endpoint rule matched").count(),
        1,
        "{file}"
    );
    assert!(out.files["src/lib.rs"].contains("pub mod endpoint;"));
    let op = &out.files["src/operation/ping.rs"];
    assert!(
        op.contains("crate::endpoint::resolve_endpoint(&endpoint_params(&input, built_ins))"),
        "{op}"
    );
    assert!(op.contains("pub(crate) fn endpoint_params("), "{op}");
    let again = generate(&model(Some(partition_rules())), &settings(Some(PARTITIONS))).unwrap();
    assert_eq!(out, again, "generation is deterministic");
}

#[test]
fn a_rule_that_always_matches_ends_the_function() {
    let rules = json!([
        {"conditions": [{"fn": "isSet", "argv": [{"ref": "UseFIPS"}]},
                        {"fn": "uriEncode", "argv": [{"ref": "Region"}], "assign": "E"}],
         "endpoint": {"url": "https://{E}"}, "type": "endpoint"},
        {"conditions": [], "error": "never reached", "type": "error"}
    ]);
    let out = generate(&model(Some(rules)), &settings(None)).unwrap();
    let file = &out.files["src/endpoint.rs"];
    for expected in [
        "let e = ::smithy_rt::endpoint::uri_encode(region);",
        "        ::std::result::Result::Ok(::smithy_rt::endpoint::Endpoint {",
    ] {
        assert!(file.contains(expected), "missing {expected:?} in\n{file}");
    }
    assert!(
        file.contains("(region) = params.region.as_deref() else")
            && !file.contains("params.endpoint"),
        "an unused parameter is not bound:\n{file}"
    );
    assert!(!file.contains("never reached"), "{file}");
    assert!(!file.contains("return ::std::result::Result::Ok"), "{file}");
}

#[test]
fn without_a_rule_set_there_is_no_endpoint_module() {
    let out = generate(&model(None), &settings(None)).unwrap();
    assert!(!out.files.contains_key("src/endpoint.rs"));
    assert!(!out.files["src/lib.rs"].contains("mod endpoint"));
    assert!(!out.files["src/operation/ping.rs"].contains("endpoint_params"));
}

#[test]
fn a_rule_set_calling_aws_partition_needs_the_table() {
    let err = generate(&model(Some(partition_rules())), &settings(None)).unwrap_err();
    assert_eq!(err.0.len(), 1);
    assert!(matches!(&err.0[0], crate::Error::Settings(m) if m.contains("partitions.json")));
}

/// A service with the client context parameters `client` (of a rule set with a boolean
/// `ForcePathStyle`, default `false`, and strings `Prefix` and `Region`, the last one not a
/// built-in) whose operation `Ping` binds `Prefix` from its input, and one endpoint test that
/// calls `Ping` with the `clientParams` `client_params`.
fn client_context_model(client: serde_json::Value, client_params: serde_json::Value) -> String {
    json!({"smithy": "2.0", "shapes": {
        "example.e#Svc": {"type": "service", "version": "1",
            "operations": [{"target": "example.e#Ping"}],
            "traits": {
                "aws.protocols#restJson1": {},
                "smithy.rules#clientContextParams": client,
                "smithy.rules#endpointRuleSet": {"version": "1.0", "parameters": {
                    "ForcePathStyle": {"required": true, "default": false, "type": "Boolean"},
                    "Prefix": {"type": "String"},
                    "Region": {"type": "String"},
                    "RegionParam": {"type": "String"}
                }, "rules": [{"conditions": [], "endpoint": {"url": "https://x"}, "type": "endpoint"}]},
                "smithy.rules#endpointTests": {"testCases": [{
                    "documentation": "Client params",
                    "params": {},
                    "operationInputs": [{"operationName": "Ping", "clientParams": client_params}],
                    "expect": {"endpoint": {"url": "https://x"}}
                }]}
            }},
        "example.e#Ping": {"type": "operation", "input": {"target": "example.e#PingInput"},
                           "traits": {"smithy.api#http": {"method": "GET", "uri": "/ping"}}},
        "example.e#PingInput": {"type": "structure", "members": {
            "Prefix": {"target": "smithy.api#String", "traits": {
                "smithy.api#httpQuery": "prefix", "smithy.rules#contextParam": {"name": "Prefix"}}}
        }}
    }})
    .to_string()
}

#[test]
fn client_context_params_become_config_setters_and_endpoint_params() {
    let client = json!({
        "ForcePathStyle": {"type": "boolean", "documentation": "<p>Path <b>style</b>.</p>"},
        "Prefix": {"type": "string"}
    });
    let client_params = json!({"Prefix": "p", "ForcePathStyle": true});
    let out = generate(
        &client_context_model(client, client_params),
        &settings(None),
    )
    .unwrap();
    let config = &out.files["src/config.rs"];
    for expected in [
        "pub trait BuilderExt {",
        "    /// Path **style**.",
        "default `false`).",
        "    fn force_path_style(self, value: bool) -> Self;",
        "fn set_force_path_style(&mut self, value: ::std::option::Option<bool>) -> &mut Self;",
        "fn prefix(self, value: impl ::std::convert::Into<::std::string::String>) -> Self;",
        "    /// Not documented in the model.",
        "impl BuilderExt for ::smithy_rt::config::Builder {",
        r#"::smithy_rt::config::Builder::client_context_param(self, "ForcePathStyle", value)"#,
        "pub trait ConfigExt {",
        "fn prefix(&self) -> ::std::option::Option<&str>;",
        "impl ConfigExt for ::smithy_rt::config::Config {",
        r#".get_bool("ForcePathStyle")"#,
        "/// use svc::config::{BuilderExt as _, Config, ConfigExt as _};",
        "/// let config = Config::builder().force_path_style(true).build();",
    ] {
        assert!(
            config.contains(expected),
            "missing {expected:?} in\n{config}"
        );
    }
    let lib = &out.files["src/lib.rs"];
    assert!(lib.contains("`use svc::config::BuilderExt as _;`"), "{lib}");

    let endpoint = &out.files["src/endpoint.rs"];
    for expected in [
        r#"force_path_style: built_ins.client_context_bool("ForcePathStyle"),"#,
        r#".client_context_str("Prefix")"#,
        // The test sets `clientParams` through the setters, in trait order.
        "use crate::config::BuilderExt as _;",
        "::smithy_rt::config::Config::builder()",
        ".force_path_style(true)\n                    .prefix(\"p\")",
        "..::smithy_rt::endpoint::EndpointParams::from_config(",
    ] {
        assert!(
            endpoint.contains(expected),
            "missing {expected:?} in\n{endpoint}"
        );
    }
    // `Region` and `RegionParam` are not client context parameters here: bound by operations.
    assert!(!endpoint.contains("region: built_ins"), "{endpoint}");
    // An unset `Prefix` member leaves the client's value.
    let op = &out.files["src/operation/ping.rs"];
    assert!(
        op.contains("if let ::std::option::Option::Some(value) = input.prefix.clone() {"),
        "{op}"
    );

    // Without client context parameters: no traits, and the built-in-only docs.
    let out = generate(&model(Some(partition_rules())), &settings(Some(PARTITIONS))).unwrap();
    assert!(!out.files["src/config.rs"].contains("BuilderExt"));
}

#[test]
fn client_context_names_avoid_the_config_methods_and_must_not_collide() {
    let client = json!({"Region": {"type": "string"}, "RegionParam": {"type": "string"}});
    let err = generate(&client_context_model(client, json!({})), &settings(None)).unwrap_err();
    let found: Vec<String> = err.0.iter().map(ToString::to_string).collect();
    assert_eq!(
        found,
        [
            "example.e#Svc clientContextParams.RegionParam: Rust name `region_param` of its \
             config methods collides with the one generated for client context parameter \
             `Region`",
            "example.e#Svc clientContextParams.RegionParam: Rust name `set_region_param` of its \
             config methods collides with the one generated for client context parameter \
             `Region`",
        ]
    );
    let client = json!({"Region": {"type": "string"}});
    let out = generate(&client_context_model(client, json!({})), &settings(None)).unwrap();
    let config = &out.files["src/config.rs"];
    assert!(config.contains("fn region_param("), "{config}");
    assert!(config.contains("fn set_region_param("), "{config}");
}

#[test]
fn endpoint_test_client_params_are_checked() {
    let client = json!({"ForcePathStyle": {"type": "boolean"}});
    let client_params = json!({"ForcePathStyle": "yes", "Prefix": "p"});
    let err = generate(
        &client_context_model(client, client_params),
        &settings(None),
    )
    .unwrap_err();
    let found: Vec<String> = err.0.iter().map(ToString::to_string).collect();
    assert_eq!(
        found,
        [
            "example.e#Svc endpoint tests testCases[0].operationInputs[0]: `clientParams`: \
             `ForcePathStyle` = \"yes\" does not have type boolean",
            "example.e#Svc endpoint tests testCases[0].operationInputs[0]: `clientParams` sets \
             `Prefix`, which is not a client context parameter of the service",
        ]
    );
    let err = generate(
        &client_context_model(json!({}), json!(["ForcePathStyle"])),
        &settings(None),
    )
    .unwrap_err();
    assert_eq!(
        err.0[0].to_string(),
        "example.e#Svc endpoint tests testCases[0].operationInputs[0]: `clientParams` must be \
         an object"
    );
}
