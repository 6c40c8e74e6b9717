//! The typed endpoint rule set: what [`crate::lower::endpoints`] makes of the service's
//! `smithy.rules#endpointRuleSet` and `smithy.rules#endpointTests` traits (and the partition
//! table), and what [`crate::emit::endpoints`] turns into a resolver.
//!
//! Every expression here is type-checked and every reference resolved, so emission cannot
//! fail: a function the generator does not know, a parameter it cannot supply or an
//! optional value used where the rules language requires a set one was rejected in lowering.

use std::collections::BTreeMap;

use serde::Deserialize;

/// A lowered endpoint rule set.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleSet {
    /// In rule-set order.
    pub params: Vec<Param>,
    /// The parameters the service lets users set on the client configuration
    /// (`smithy.rules#clientContextParams`), in trait order; each is a [`Param`] with
    /// [`ParamSource::ClientContext`].
    pub client_context: Vec<ClientContextParam>,
    pub rules: Vec<Rule>,
    /// `smithy.rules#endpointTests` test cases, in model order.
    pub tests: Vec<TestCase>,
    /// The partition table, present exactly when a rule calls `aws.partition`.
    pub partitions: Option<Vec<Partition>>,
}

/// The client configuration value an endpoint parameter is bound to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum BuiltIn {
    /// `AWS::Region` → `EndpointParams::region`.
    Region,
    /// `AWS::UseFIPS` → `EndpointParams::use_fips`.
    UseFips,
    /// `AWS::UseDualStack` → `EndpointParams::use_dual_stack`.
    UseDualStack,
    /// `SDK::Endpoint` → `EndpointParams::endpoint_url`.
    Endpoint,
    /// `AWS::Auth::AccountId` → `EndpointParams::account_id` (from the credentials).
    AccountId,
    /// `AWS::Auth::AccountIdEndpointMode` → `EndpointParams::account_id_endpoint_mode`.
    AccountIdEndpointMode,
}

impl BuiltIn {
    pub const ALL: [BuiltIn; 6] = [
        BuiltIn::Region,
        BuiltIn::UseFips,
        BuiltIn::UseDualStack,
        BuiltIn::Endpoint,
        BuiltIn::AccountId,
        BuiltIn::AccountIdEndpointMode,
    ];

    /// The name in the rule set, e.g. `AWS::Region`.
    pub fn name(self) -> &'static str {
        match self {
            BuiltIn::Region => "AWS::Region",
            BuiltIn::UseFips => "AWS::UseFIPS",
            BuiltIn::UseDualStack => "AWS::UseDualStack",
            BuiltIn::Endpoint => "SDK::Endpoint",
            BuiltIn::AccountId => "AWS::Auth::AccountId",
            BuiltIn::AccountIdEndpointMode => "AWS::Auth::AccountIdEndpointMode",
        }
    }

    /// The field of `smithy_rt::endpoint::EndpointParams` that carries it.
    pub fn field(self) -> &'static str {
        match self {
            BuiltIn::Region => "region",
            BuiltIn::UseFips => "use_fips",
            BuiltIn::UseDualStack => "use_dual_stack",
            BuiltIn::Endpoint => "endpoint_url",
            BuiltIn::AccountId => "account_id",
            BuiltIn::AccountIdEndpointMode => "account_id_endpoint_mode",
        }
    }

    /// The parameter type the built-in has (`EndpointParams` carries booleans as `bool`, so
    /// they are always set).
    pub fn ty(self) -> Ty {
        match self {
            BuiltIn::Region
            | BuiltIn::Endpoint
            | BuiltIn::AccountId
            | BuiltIn::AccountIdEndpointMode => Ty::Str,
            BuiltIn::UseFips | BuiltIn::UseDualStack => Ty::Bool,
        }
    }
}

/// Where an endpoint parameter's value comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamSource {
    /// The client configuration (and the call's credentials).
    BuiltIn(BuiltIn),
    /// The client configuration's client context parameter of the same name
    /// (`smithy.rules#clientContextParams`); an operation may still bind it, and its value
    /// then wins.
    ClientContext,
    /// The operation being called (`contextParam`, `staticContextParams`,
    /// `operationContextParams`), or nothing.
    Operation,
}

/// One endpoint parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// The rule-set name, e.g. `UseFIPS`.
    pub name: String,
    /// The Rust local it is bound to and the field of the generated `endpoint::Params` that
    /// holds it, e.g. `use_fips`.
    pub local: String,
    pub source: ParamSource,
    /// The declared type: `Str`, `Bool` or `StrArray`.
    pub declared: Ty,
    /// The type inside the rules: `Optional(declared)` unless a default or `required` makes
    /// it set.
    pub ty: Ty,
    pub default: Option<Literal>,
    pub required: bool,
    pub docs: Option<String>,
}

/// A rule-set parameter that users set on the client configuration
/// (`smithy.rules#clientContextParams`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientContextParam {
    /// The rule-set parameter name, e.g. `ForcePathStyle`; also the key the value is stored
    /// under in the configuration (`smithy_rt::config::ClientContextParams`).
    pub name: String,
    /// `Str` or `Bool`: the trait's type, equal to the parameter's declared type.
    pub ty: Ty,
    /// The trait's `documentation`.
    pub docs: Option<String>,
}

/// A string, boolean or string list value in a parameter default, a static context
/// parameter or a test case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Literal {
    Str(String),
    Bool(bool),
    StrArray(Vec<String>),
}

impl Literal {
    /// The rules-language type of the value.
    pub fn ty(&self) -> Ty {
        match self {
            Literal::Str(_) => Ty::Str,
            Literal::Bool(_) => Ty::Bool,
            Literal::StrArray(_) => Ty::StrArray,
        }
    }
}

/// A value type of the rules language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ty {
    Str,
    Bool,
    Int,
    /// A list of strings (`resourceId` of an ARN).
    StrArray,
    /// The record `aws.partition` returns.
    Partition,
    /// The record `parseURL` returns.
    Url,
    /// The record `aws.parseArn` returns.
    Arn,
    /// A value that may be unset.
    Optional(Box<Ty>),
}

impl Ty {
    pub fn is_optional(&self) -> bool {
        matches!(self, Ty::Optional(_))
    }

    /// The type without `Optional`.
    pub fn inner(&self) -> &Ty {
        match self {
            Ty::Optional(t) => t,
            t => t,
        }
    }

    /// An attribute of a record: its Rust field name in the runtime type and its type.
    pub fn attribute(&self, name: &str) -> Option<(&'static str, Ty)> {
        let found = match (self, name) {
            (Ty::Partition, "name") => ("name", Ty::Str),
            (Ty::Partition, "dnsSuffix") => ("dns_suffix", Ty::Str),
            (Ty::Partition, "dualStackDnsSuffix") => ("dual_stack_dns_suffix", Ty::Str),
            (Ty::Partition, "supportsFIPS") => ("supports_fips", Ty::Bool),
            (Ty::Partition, "supportsDualStack") => ("supports_dual_stack", Ty::Bool),
            (Ty::Partition, "implicitGlobalRegion") => ("implicit_global_region", Ty::Str),
            (Ty::Url, "scheme") => ("scheme", Ty::Str),
            (Ty::Url, "authority") => ("authority", Ty::Str),
            (Ty::Url, "path") => ("path", Ty::Str),
            (Ty::Url, "normalizedPath") => ("normalized_path", Ty::Str),
            (Ty::Url, "isIp") => ("is_ip", Ty::Bool),
            (Ty::Arn, "partition") => ("partition", Ty::Str),
            (Ty::Arn, "service") => ("service", Ty::Str),
            (Ty::Arn, "region") => ("region", Ty::Str),
            (Ty::Arn, "accountId") => ("account_id", Ty::Str),
            (Ty::Arn, "resourceId") => ("resource_id", Ty::StrArray),
            _ => return None,
        };
        Some(found)
    }
}

impl std::fmt::Display for Ty {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Ty::Str => f.write_str("string"),
            Ty::Bool => f.write_str("boolean"),
            Ty::Int => f.write_str("integer"),
            Ty::StrArray => f.write_str("array<string>"),
            Ty::Partition => f.write_str("partition"),
            Ty::Url => f.write_str("url"),
            Ty::Arn => f.write_str("arn"),
            Ty::Optional(t) => write!(f, "option<{t}>"),
        }
    }
}

/// A rule with the conditions that guard it.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    pub conditions: Vec<Condition>,
    pub body: RuleBody,
    pub docs: Option<String>,
}

impl Rule {
    /// Whether the rule matches whatever the parameters are (no condition can fail), so the
    /// rules after it are never reached.
    pub fn always_matches(&self) -> bool {
        self.conditions.iter().all(Condition::always_holds)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum RuleBody {
    Endpoint(EndpointValue),
    /// The error message (a string expression).
    Error(Expr),
    /// Sub-rules; when none matches, resolution fails.
    Tree(Vec<Rule>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct EndpointValue {
    /// A string expression.
    pub url: Expr,
    /// Header name → string expressions.
    pub headers: Vec<(String, Vec<Expr>)>,
    pub properties: Vec<(String, Property)>,
}

/// A value in an endpoint's `properties`.
#[derive(Debug, Clone, PartialEq)]
pub enum Property {
    /// A string expression (a template).
    Str(Expr),
    Bool(bool),
    Number(serde_json::Number),
    Array(Vec<Property>),
    Object(Vec<(String, Property)>),
}

impl Property {
    pub fn refs(&self, out: &mut Vec<String>) {
        match self {
            Property::Str(e) => e.refs(out),
            Property::Bool(_) | Property::Number(_) => {}
            Property::Array(items) => items.iter().for_each(|p| p.refs(out)),
            Property::Object(fields) => fields.iter().for_each(|(_, p)| p.refs(out)),
        }
    }
}

/// A function call that must hold for the rule to apply, optionally binding its value.
#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    /// Always a [`Expr::Call`] or [`Expr::GetAttr`].
    pub expr: Expr,
    /// The local the value is bound to (`assign`), unwrapped when the value is optional.
    pub assign: Option<Local>,
}

impl Condition {
    /// Whether the condition holds whatever the parameters are: `isSet` of a value that is
    /// always set, or a value that is never unset and not a boolean.
    pub fn always_holds(&self) -> bool {
        match &self.expr {
            Expr::Call {
                func: Func::IsSet,
                args,
            } => !args[0].ty().is_optional(),
            e => {
                let ty = e.ty();
                !ty.is_optional() && ty != Ty::Bool
            }
        }
    }

    /// The reference that an `isSet` condition proves set (and so narrows), if any.
    pub fn narrowed(&self) -> Option<&Local> {
        match &self.expr {
            Expr::Call {
                func: Func::IsSet,
                args,
            } => match &args[0] {
                Expr::Ref(local) if local.ty.is_optional() => Some(local),
                _ => None,
            },
            _ => None,
        }
    }
}

/// A reference to a parameter or an assigned value, with its type at that point.
#[derive(Debug, Clone, PartialEq)]
pub struct Local {
    /// The rule-set name (`PartitionResult`).
    pub name: String,
    /// The Rust local (`partition_result`).
    pub local: String,
    pub ty: Ty,
}

/// A typed expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// A string without `{...}` references.
    Str(String),
    Bool(bool),
    Int(usize),
    /// A string with references, e.g. `https://service.{Region}.{PartitionResult#dnsSuffix}`.
    Template(Vec<TemplatePart>),
    Ref(Local),
    /// `getAttr(target, "a.b[2]")`, also the `Name#path` form in templates.
    GetAttr {
        target: Local,
        path: Vec<PathPart>,
        ty: Ty,
    },
    Call {
        func: Func,
        args: Vec<Expr>,
    },
}

impl Expr {
    pub fn ty(&self) -> Ty {
        match self {
            Expr::Str(_) | Expr::Template(_) => Ty::Str,
            Expr::Bool(_) => Ty::Bool,
            Expr::Int(_) => Ty::Int,
            Expr::Ref(local) => local.ty.clone(),
            Expr::GetAttr { ty, .. } => ty.clone(),
            Expr::Call { func, .. } => func.result(),
        }
    }

    /// Every reference in the expression (for the "is this local used" question).
    pub fn refs(&self, out: &mut Vec<String>) {
        match self {
            Expr::Str(_) | Expr::Bool(_) | Expr::Int(_) => {}
            Expr::Template(parts) => {
                for p in parts {
                    if let TemplatePart::Value(e) = p {
                        e.refs(out);
                    }
                }
            }
            Expr::Ref(local) | Expr::GetAttr { target: local, .. } => out.push(local.name.clone()),
            Expr::Call { args, .. } => args.iter().for_each(|a| a.refs(out)),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum TemplatePart {
    Text(String),
    /// A string-typed [`Expr::Ref`] or [`Expr::GetAttr`].
    Value(Expr),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathPart {
    /// A record attribute: the rule-set name and the runtime field name.
    Field { name: String, field: &'static str },
    /// `[n]` of an array.
    Index(usize),
}

/// The functions of the rules language the generator supports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Func {
    IsSet,
    Not,
    BooleanEquals,
    StringEquals,
    Substring,
    UriEncode,
    ParseUrl,
    IsValidHostLabel,
    AwsPartition,
    AwsParseArn,
    AwsIsVirtualHostableS3Bucket,
}

impl Func {
    /// The function for a rule-set name (`getAttr` is [`Expr::GetAttr`], not a `Func`).
    pub fn from_name(name: &str) -> Option<Func> {
        let f = match name {
            "isSet" => Func::IsSet,
            "not" => Func::Not,
            "booleanEquals" => Func::BooleanEquals,
            "stringEquals" => Func::StringEquals,
            "substring" => Func::Substring,
            "uriEncode" => Func::UriEncode,
            "parseURL" => Func::ParseUrl,
            "isValidHostLabel" => Func::IsValidHostLabel,
            "aws.partition" => Func::AwsPartition,
            "aws.parseArn" => Func::AwsParseArn,
            "aws.isVirtualHostableS3Bucket" => Func::AwsIsVirtualHostableS3Bucket,
            _ => return None,
        };
        Some(f)
    }

    /// The argument types (`None` for `isSet`, which takes a value of any type).
    pub fn params(self) -> Option<&'static [Ty]> {
        Some(match self {
            Func::IsSet => return None,
            Func::Not => &[Ty::Bool],
            Func::BooleanEquals => &[Ty::Bool, Ty::Bool],
            Func::StringEquals => &[Ty::Str, Ty::Str],
            Func::Substring => &[Ty::Str, Ty::Int, Ty::Int, Ty::Bool],
            Func::UriEncode | Func::ParseUrl | Func::AwsPartition | Func::AwsParseArn => &[Ty::Str],
            Func::IsValidHostLabel | Func::AwsIsVirtualHostableS3Bucket => &[Ty::Str, Ty::Bool],
        })
    }

    pub fn result(self) -> Ty {
        match self {
            Func::IsSet
            | Func::Not
            | Func::BooleanEquals
            | Func::StringEquals
            | Func::IsValidHostLabel
            | Func::AwsIsVirtualHostableS3Bucket => Ty::Bool,
            Func::UriEncode => Ty::Str,
            Func::Substring => Ty::Optional(Box::new(Ty::Str)),
            Func::ParseUrl => Ty::Optional(Box::new(Ty::Url)),
            Func::AwsPartition => Ty::Optional(Box::new(Ty::Partition)),
            Func::AwsParseArn => Ty::Optional(Box::new(Ty::Arn)),
        }
    }
}

/// One `smithy.rules#endpointTests` test case.
#[derive(Debug, Clone, PartialEq)]
pub struct TestCase {
    pub docs: Option<String>,
    /// The parameters the test sets (parameter name, value), in rule-set order.
    pub params: Vec<(String, Literal)>,
    /// Calls of generated operations whose bound parameters must resolve to the same
    /// expectation (cases for operations that are not generated are left out).
    pub operation_inputs: Vec<OperationInput>,
    pub expect: Expectation,
}

/// One `operationInputs` entry of an endpoint test case.
#[derive(Debug, Clone, PartialEq)]
pub struct OperationInput {
    pub operation: crate::ir::ShapeId,
    /// The input, typed against the operation's input structure.
    pub input: crate::ir::protocol_tests::Value,
    /// `builtInParams`: the configuration the call is made with.
    pub built_ins: Vec<(BuiltIn, Literal)>,
    /// `clientParams`: the client context parameters set on that configuration (parameter
    /// name, a `Str` or `Bool` value of its type), in trait order.
    pub client_params: Vec<(String, Literal)>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Expectation {
    Endpoint {
        url: String,
        /// `None` when the test does not say (then they are not checked).
        headers: Option<BTreeMap<String, Vec<String>>>,
        properties: Option<serde_json::Map<String, serde_json::Value>>,
    },
    Error(String),
}

/// One partition of `partitions.json` (descriptions and unknown keys are dropped).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Partition {
    pub id: String,
    pub region_regex: String,
    /// Explicitly listed regions and the outputs they override, sorted.
    #[serde(default)]
    pub regions: BTreeMap<String, PartitionOverrides>,
    pub outputs: PartitionOutputs,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PartitionOutputs {
    pub name: String,
    pub dns_suffix: String,
    pub dual_stack_dns_suffix: String,
    #[serde(rename = "supportsFIPS")]
    pub supports_fips: bool,
    pub supports_dual_stack: bool,
    pub implicit_global_region: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PartitionOverrides {
    pub name: Option<String>,
    pub dns_suffix: Option<String>,
    pub dual_stack_dns_suffix: Option<String>,
    #[serde(rename = "supportsFIPS")]
    pub supports_fips: Option<bool>,
    pub supports_dual_stack: Option<bool>,
    pub implicit_global_region: Option<String>,
}
