//! The generator library: Smithy JSON AST in, a map of generated files out.
//!
//! The pipeline is visible in the module tree:
//! `parse` (serde mirror of the JSON AST) → `lower` (validated IR, the only place that fails on
//! model content) → `name` (Rust identifiers) → `emit` (token streams per concern) → `render`
//! (prettyplease text, each file headed by what produced it); `manifest` writes the crate's
//! `Cargo.toml`. No file system or network access happens here; the xtask does the I/O.

pub mod docs;
pub mod emit;
pub mod error;
pub mod ir;
pub mod lower;
pub mod manifest;
pub mod name;
pub mod parse;
pub mod protocol;
pub mod render;

pub use error::{Error, Errors};
pub use manifest::RuntimeDependency;

use std::collections::BTreeMap;

/// Generated files: relative path (with `/` separators) → file contents. Sorted, so iteration
/// order and therefore output is deterministic.
pub type Files = BTreeMap<String, String>;

/// Which operations to generate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OperationSelection {
    /// Every operation bound to the service (directly or through resources).
    All,
    /// Operations by shape name (`UpdateInfrastructureConfiguration`) or absolute shape id.
    Named(Vec<String>),
}

/// Settings for one generator run.
#[derive(Debug, Clone)]
pub struct Settings {
    pub operations: OperationSelection,
    /// Where the generated `Cargo.toml` takes the hand-written runtime crate `smithy-rt` from.
    pub runtime: RuntimeDependency,
    /// Overrides the package name (default: the service's sdkId in lower case).
    pub crate_name: Option<String>,
    /// The command recorded in the `@generated` header of every file, with the options that
    /// change the output and no paths (the header must not depend on where it is run).
    pub command: String,
    /// The input files named in the `@generated` header after "from": the model, and the
    /// partition table when one is used (see [`render::header`]).
    pub inputs: Vec<Input>,
    /// The text of `partitions.json`, the partition table that the endpoint rules'
    /// `aws.partition` reads; required when the service's rule set calls it.
    pub partitions: Option<String>,
    /// The service to generate, by shape id, when the model defines several (`None` accepts a
    /// model with exactly one service).
    pub service: Option<String>,
    /// The protocol to generate (a trait id such as `aws.protocols#awsJson1_0`, or its name),
    /// instead of the first one of [`ir::Protocol::PREFERENCE`] the service lists.
    pub protocol: Option<String>,
    /// Drop operations that use a feature the generator does not support (reported in
    /// [`Output::skipped`]) instead of failing the run.
    pub skip_unsupported: bool,
    /// Also emit `src/protocol_tests.rs`: the model's `smithy.test` protocol compliance cases
    /// for the generated operations, as `#[test]`s (see [`emit::protocol_tests`]).
    pub protocol_tests: bool,
}

/// An input file of a run as the `@generated` header names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// The file name, without its directory (`kms-2014-11-01.json`).
    pub file_name: String,
    /// The SHA-256 of the file's bytes, in hex (the header shows the first
    /// [`render::SHA256_SHOWN`] digits).
    pub sha256: String,
}

/// The result of one run: the crate's package name (also its directory name under
/// `generated/`) and its files, relative to the crate root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    pub crate_name: String,
    pub files: Files,
    /// With [`Settings::skip_unsupported`]: the operations left out, each with the reason.
    pub skipped: Vec<lower::Skipped>,
    /// The protocol test cases generated (with [`Settings::protocol_tests`]): id, kind and the
    /// name of the `#[test]`.
    pub protocol_tests: Vec<(String, ir::protocol_tests::CaseKind, String)>,
}

/// Runs the whole pipeline on the text of a Smithy JSON AST model.
pub fn generate(model_json: &str, settings: &Settings) -> Result<Output, Errors> {
    let _span = tracing::debug_span!("generate").entered();
    settings.runtime.check()?;
    render::check_inputs(&settings.inputs)?;
    let model = parse::parse(model_json)?;
    let options = lower::Options {
        operations: &settings.operations,
        service: settings.service.as_deref(),
        protocol: settings.protocol.as_deref(),
        partitions: settings.partitions.as_deref(),
        endpoints: true,
        protocol_tests: settings.protocol_tests,
        skip_unsupported: settings.skip_unsupported,
    };
    let lower::Lowered { ir, skipped } = lower::lower(model, &options)?;
    let names = name::name(&ir).map_err(Errors)?;
    let crate_name = match &settings.crate_name {
        Some(n) => n.clone(),
        None => package_name(&ir.service.sdk_id),
    };
    if !valid_package_name(&crate_name) {
        return Err(
            Error::Settings(format!("`{crate_name}` is not a valid Cargo package name")).into(),
        );
    }
    let ctx = emit::Ctx::new(&ir, &names)
        .with_protocol_tests(settings.protocol_tests)
        .with_crate_name(&crate_name);
    let emitted = {
        let _span = tracing::debug_span!("emit").entered();
        emit::emit(&ctx)
    };
    let _span = tracing::debug_span!("render", files = emitted.len()).entered();
    let mut files = Files::new();
    let mut errors = Vec::new();
    for (path, tokens) in emitted {
        match render::render(&path, tokens, &settings.command, &settings.inputs) {
            Ok(text) => {
                files.insert(path, text);
            }
            Err(e) => errors.push(e),
        }
    }
    if !errors.is_empty() {
        return Err(Errors(errors));
    }
    files.insert(
        "Cargo.toml".to_string(),
        manifest::manifest(&ir, &crate_name, settings),
    );
    files.insert(
        "README.md".to_string(),
        format!(
            "<!-- {} -->\n\n{}",
            render::header_text(&settings.command, &settings.inputs),
            emit::first_call::readme(&ctx)
        ),
    );
    let protocol_tests = ir
        .protocol_tests
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.clone(), c.kind, names.protocol_test(i).to_string()))
        .collect();
    Ok(Output {
        crate_name,
        files,
        skipped,
        protocol_tests,
    })
}

/// The front half of the pipeline: parse, lower and name the selected operations (no endpoint
/// rules, no protocol tests).
pub fn load(
    model_json: &str,
    operations: &OperationSelection,
) -> Result<(ir::Ir, name::Names), Errors> {
    let model = parse::parse(model_json)?;
    let options = lower::Options {
        endpoints: false,
        ..lower::Options::new(operations)
    };
    let ir = lower::lower(model, &options)?.ir;
    let names = name::name(&ir).map_err(Errors)?;
    Ok((ir, names))
}

/// The package name for an sdkId, as aws-sdk-rust names its crates (without the `aws-sdk-`
/// prefix): lower case, spaces and `-` removed (`CloudWatch Logs` becomes `cloudwatchlogs`,
/// `API Gateway` `apigateway`, `Route 53` `route53`).
pub fn package_name(sdk_id: &str) -> String {
    sdk_id
        .to_lowercase()
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect()
}

fn valid_package_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        && name.starts_with(|c: char| c.is_ascii_alphabetic())
}

#[cfg(test)]
mod package_name_tests {
    #[test]
    fn package_names_follow_aws_sdk_rust() {
        for (sdk_id, name) in [
            ("CloudWatch Logs", "cloudwatchlogs"),
            ("API Gateway", "apigateway"),
            ("Route 53", "route53"),
            ("Bedrock Runtime", "bedrockruntime"),
            ("imagebuilder", "imagebuilder"),
            ("SSO-OIDC", "ssooidc"),
        ] {
            assert_eq!(super::package_name(sdk_id), name);
        }
    }
}
