//! Lowering tests on small in-memory models.

use super::*;

fn lower_text(text: &str, sel: OperationSelection) -> Result<Ir, Errors> {
    let options = Options {
        endpoints: false,
        ..Options::new(&sel)
    };
    Ok(lower(crate::parse::parse(text).map_err(Errors::from)?, &options)?.ir)
}

fn model(shapes: &str) -> String {
    format!(
        r#"{{"smithy":"2.0","shapes":{{
        "ex#Svc":{{"type":"service","version":"1","operations":[{{"target":"ex#Op"}}],
            "traits":{{"aws.protocols#restJson1":{{}},"aws.api#service":{{"sdkId":"Example"}}}}}},
        "ex#Op":{{"type":"operation","input":{{"target":"ex#In"}},"output":{{"target":"smithy.api#Unit"}},
            "traits":{{"smithy.api#http":{{"method":"POST","uri":"/op"}}}}}}
        {shapes}}}}}"#
    )
}

#[test]
fn resolves_prelude_and_synthesises_unit_output() {
    let ir = lower_text(
        &model(r#","ex#In":{"type":"structure","members":{"a":{"target":"smithy.api#String"}}}"#),
        OperationSelection::All,
    )
    .unwrap();
    assert_eq!(ir.operations[0].output, "smithy.synthetic#OpOutput");
    assert!(ir.shapes.contains_key("smithy.api#String"));
    assert_eq!(ir.service.sdk_id, "Example");
}

#[test]
fn reports_all_problems_with_locations() {
    let errs = lower_text(
        &model(
            r#","ex#In":{"type":"structure","members":{
                "a":{"target":"ex#Missing"},
                "b":{"target":"ex#Op"},
                "c":{"target":"smithy.api#String","traits":{"smithy.api#jsonName":3}}}},
               "ex#Weird":{"type":"spaceship"}"#,
        ),
        OperationSelection::All,
    )
    .unwrap_err();
    let text: Vec<String> = errs.0.iter().map(|e| e.to_string()).collect();
    assert!(
        text.contains(&"ex#In$a: target ex#Missing is not defined".to_string()),
        "{text:?}"
    );
    assert!(
        text.contains(
            &"ex#In$b: target ex#Op is not a data shape (its type is operation)".to_string()
        ),
        "{text:?}"
    );
    assert!(
        text.iter()
            .any(|t| t.starts_with("ex#In$c: trait smithy.api#jsonName must be a string")),
        "{text:?}"
    );
    assert!(
        text.contains(&"ex#Weird: unknown shape type \"spaceship\"".to_string()),
        "{text:?}"
    );
}

#[test]
fn applies_and_mixins() {
    let ir = lower_text(
        &model(
            r#","ex#Base":{"type":"structure","mixins":[],"members":{"id":{"target":"smithy.api#String"}},"traits":{"smithy.api#mixin":{}}},
               "ex#In":{"type":"structure","mixins":[{"target":"ex#Base"}],"members":{"x":{"target":"smithy.api#Integer"}}},
               "ex#In$x":{"type":"apply","traits":{"smithy.api#required":{}}}"#,
        ),
        OperationSelection::All,
    )
    .unwrap();
    let Kind::Structure(ms) = &ir.shapes["ex#In"].kind else {
        panic!()
    };
    let names: Vec<_> = ms.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names, ["id", "x"]);
    assert!(ms[1].traits.required);
    assert!(!ir.shapes.contains_key("ex#Base"));
}

#[test]
fn boxes_recursion() {
    let ir = lower_text(
        &model(
            r#","ex#In":{"type":"structure","members":{"node":{"target":"ex#Node"}}},
               "ex#Node":{"type":"structure","members":{"next":{"target":"ex#Node"},"kids":{"target":"ex#Nodes"}}},
               "ex#Nodes":{"type":"list","member":{"target":"ex#Node"}}"#,
        ),
        OperationSelection::All,
    )
    .unwrap();
    let Kind::Structure(ms) = &ir.shapes["ex#Node"].kind else {
        panic!()
    };
    assert!(ms[0].boxed, "self reference is boxed");
    assert!(!ms[1].boxed, "lists break cycles on their own");
    let Kind::Structure(ms) = &ir.shapes["ex#In"].kind else {
        panic!()
    };
    assert!(!ms[0].boxed);
}

#[test]
fn unknown_operation_lists_known_ones() {
    let errs = lower_text(
        &model(r#","ex#In":{"type":"structure","members":{}}"#),
        OperationSelection::Named(vec!["Nope".into()]),
    )
    .unwrap_err();
    assert_eq!(
        errs.0[0].to_string(),
        "unknown operation `Nope`; the service has: Op"
    );
}

#[test]
fn http_bindings_are_validated_with_locations() {
    let errs = lower_text(
        &model(
            r#","ex#In":{"type":"structure","members":{
            "q":{"target":"ex#In","traits":{"smithy.api#httpQuery":"q"}},
            "l":{"target":"smithy.api#String","traits":{"smithy.api#httpLabel":{}}}}}"#,
        ),
        OperationSelection::All,
    )
    .unwrap_err();
    let text: Vec<String> = errs.0.iter().map(|e| e.to_string()).collect();
    assert!(
        text.contains(&"ex#In$q: @httpQuery cannot bind a structure (ex#In)".to_string()),
        "{text:?}"
    );
    assert!(
        text.contains(&"ex#In$l: @httpLabel member is not a label of the URI `/op`".to_string()),
        "{text:?}"
    );
}

/// Two services, each with one operation; `ex#Big` uses a feature the emitters reject.
const TWO_SERVICES: &str = r#"{"smithy":"2.0","shapes":{
    "ex#A":{"type":"service","version":"1","operations":[{"target":"ex#Small"},{"target":"ex#Big"}],
        "traits":{"aws.protocols#restJson1":{}}},
    "ex#B":{"type":"service","version":"1","operations":[{"target":"ex#Small"}],
        "traits":{"aws.protocols#restJson1":{}}},
    "ex#Small":{"type":"operation","traits":{"smithy.api#http":{"method":"GET","uri":"/s"}}},
    "ex#Big":{"type":"operation","input":{"target":"ex#BigIn"},
        "traits":{"smithy.api#http":{"method":"POST","uri":"/b"}}},
    "ex#BigIn":{"type":"structure","members":{"n":{"target":"smithy.api#BigInteger"}}}
}}"#;

fn lower_service_text(service: Option<&str>, skip_unsupported: bool) -> Result<Lowered, Errors> {
    let model = crate::parse::parse(TWO_SERVICES).map_err(Errors::from)?;
    let options = Options {
        service,
        skip_unsupported,
        ..Options::new(&OperationSelection::All)
    };
    lower(model, &options)
}

#[test]
fn a_model_with_several_services_needs_a_choice() {
    let errs = lower_service_text(None, false).unwrap_err();
    assert_eq!(
        errs.0[0].to_string(),
        "the model defines 2 services (ex#A, ex#B); choose one with the `service` setting"
    );
    let errs = lower_service_text(Some("ex#C"), false).unwrap_err();
    assert_eq!(
        errs.0[0].to_string(),
        "service `ex#C` is not defined; the model defines: ex#A, ex#B"
    );
    let ir = lower_service_text(Some("ex#B"), false).unwrap().ir;
    assert_eq!(ir.service.id, "ex#B");
    assert_eq!(ir.operations.len(), 1);
}

#[test]
fn unsupported_operations_can_be_dropped_with_their_reasons() {
    let errs = lower_service_text(Some("ex#A"), false).unwrap_err();
    assert_eq!(
        errs.0[0].to_string(),
        "smithy.api#BigInteger: unsupported: bigInteger shapes"
    );
    let Lowered { ir, skipped } = lower_service_text(Some("ex#A"), true).unwrap();
    let kept: Vec<&str> = ir.operations.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(kept, ["Small"]);
    assert_eq!(
        skipped,
        [Skipped {
            operation: "Big".to_string(),
            reason: "smithy.api#BigInteger: unsupported: bigInteger shapes".to_string(),
            cases: Vec::new(),
        }]
    );
    assert!(
        !ir.shapes.contains_key("ex#BigIn"),
        "the closure is recomputed"
    );
}

/// A one-operation RPC service listing `protocols` (trait ids), whose input has a member of
/// type `member`.
fn rpc_model(protocols: &[&str], member: &str) -> String {
    let traits: Vec<String> = protocols.iter().map(|p| format!(r#""{p}":{{}}"#)).collect();
    format!(
        r#"{{"smithy":"2.0","shapes":{{
        "ex#Svc":{{"type":"service","version":"1","operations":[{{"target":"ex#Op"}}],
            "traits":{{{}}}}},
        "ex#Op":{{"type":"operation","input":{{"target":"ex#In"}}}},
        "ex#In":{{"type":"structure","members":{{"a":{{"target":"{member}"}}}}}}
        }}}}"#,
        traits.join(",")
    )
}

fn lower_protocol(text: &str, protocol: Option<&str>) -> Result<Ir, Errors> {
    let sel = OperationSelection::All;
    let options = Options {
        endpoints: false,
        protocol,
        ..Options::new(&sel)
    };
    Ok(lower(crate::parse::parse(text).map_err(Errors::from)?, &options)?.ir)
}

#[test]
fn the_protocol_comes_from_the_traits_in_preference_order() {
    let both = rpc_model(
        &["aws.protocols#awsJson1_0", "smithy.protocols#rpcv2Cbor"],
        "smithy.api#String",
    );
    let ir = lower_protocol(&both, None).unwrap();
    assert_eq!(ir.protocol.protocol, crate::ir::Protocol::RpcV2Cbor);
    let ir = lower_protocol(&both, Some("awsJson1_0")).unwrap();
    assert_eq!(ir.protocol.protocol, crate::ir::Protocol::AwsJson1_0);
    let errs = lower_protocol(&both, Some("restJson1")).unwrap_err();
    assert!(
        errs.0[0].to_string().contains(
            "does not support it (it lists aws.protocols#awsJson1_0, smithy.protocols#rpcv2Cbor)"
        ),
        "{errs}"
    );
    let xml = rpc_model(&["aws.protocols#restXml"], "smithy.api#String");
    let errs = lower_protocol(&xml, None).unwrap_err();
    assert!(
        errs.0[0]
            .to_string()
            .contains("it lists aws.protocols#restXml"),
        "{errs}"
    );
}

#[test]
fn rpcv2_cbor_has_no_documents() {
    let cbor = rpc_model(&["smithy.protocols#rpcv2Cbor"], "smithy.api#Document");
    let errs = lower_protocol(&cbor, None).unwrap_err();
    assert_eq!(
        errs.0[0].to_string(),
        "smithy.api#Document: unsupported: document shapes in rpcv2Cbor (the protocol has none)"
    );
    let json = rpc_model(&["aws.protocols#awsJson1_1"], "smithy.api#Document");
    assert!(lower_protocol(&json, None).is_ok());
}

#[test]
fn a_malformed_protocol_trait_is_a_located_error() {
    let model = rpc_model(&["aws.protocols#awsJson1_0"], "smithy.api#String").replace(
        r#""aws.protocols#awsJson1_0":{}"#,
        r#""aws.protocols#awsJson1_0":"yes""#,
    );
    let errs = lower_protocol(&model, None).unwrap_err();
    assert_eq!(
        errs.0[0].to_string(),
        "ex#Svc trait aws.protocols#awsJson1_0: must be an object, found \"yes\""
    );
    let model = rpc_model(&["smithy.protocols#rpcv2Cbor"], "smithy.api#String").replace(
        r#""smithy.protocols#rpcv2Cbor":{}"#,
        r#""smithy.protocols#rpcv2Cbor":{"http":["h2",2]}"#,
    );
    let errs = lower_protocol(&model, None).unwrap_err();
    assert!(
        errs.0[0]
            .to_string()
            .contains("`http` must be a list of strings"),
        "{errs}"
    );
    let model = rpc_model(
        &[
            "aws.protocols#awsJson1_0",
            "aws.protocols#awsQueryCompatible",
        ],
        "smithy.api#String",
    )
    .replace(
        r#""aws.protocols#awsQueryCompatible":{}"#,
        r#""aws.protocols#awsQueryCompatible":[]"#,
    );
    let errs = lower_protocol(&model, None).unwrap_err();
    assert!(
        errs.0[0]
            .to_string()
            .contains("awsQueryCompatible: must be an object"),
        "{errs}"
    );
}
