//! A first call for the crate's docs and `README.md`: the operation a new user would try
//! first (one without required input members, preferring `List*`, `Describe*` and `Get*`
//! names), written as a short program against the generated API.
//!
//! In: the IR and names. Out: the example's Rust text (documentation, compiled as a `no_run`
//! doctest of the crate), and the crate's `README.md`.

use super::Ctx;
use crate::ir::{Kind, Operation};

/// The operation to show: fewest required input members, then `List`, `Describe`, `Get`
/// before others, then by name. `None` for a crate without operations.
fn pick<'a>(ctx: &Ctx<'a>) -> Option<&'a Operation> {
    let required = |op: &Operation| {
        ctx.members_of(&op.input)
            .iter()
            .filter(|m| m.traits.required && !m.traits.idempotency_token)
            .count()
    };
    let rank = |op: &Operation| {
        ["List", "Describe", "Get"]
            .iter()
            .position(|p| op.name.starts_with(p))
            .unwrap_or(3)
    };
    ctx.ir
        .operations
        .iter()
        .min_by_key(|op| (required(op), rank(op), op.name.clone()))
}

/// Setter calls for the required members a simple placeholder can fill (strings, numbers,
/// booleans); other required members are left for the reader.
fn required_setters(ctx: &Ctx, op: &Operation) -> String {
    let input = ctx.shape(&op.input);
    let mut out = String::new();
    for m in ctx.members_of(&op.input) {
        if !m.traits.required || m.traits.idempotency_token {
            continue;
        }
        let value = match ctx.shape(&m.target).kind {
            Kind::String => "\"example\"",
            Kind::Boolean => "true",
            Kind::Byte | Kind::Short | Kind::Integer | Kind::Long => "1",
            _ => continue,
        };
        let setter = &ctx.member_names(input, m).field;
        out.push_str(&format!("\n    .{setter}({value})"));
    }
    out
}

/// The body of the example: build the client from the environment, call the operation,
/// print the output. `crate_ident` is the crate as a Rust path root.
fn body(ctx: &Ctx, krate: &str, op: &Operation) -> String {
    let method = &ctx.names.operation(&op.id).module;
    let setters = required_setters(ctx, op);
    format!(
        "let config = {krate}::config::load_from_env()?.build();\n\
         let client = {krate}::Client::from_conf(config);\n\
         let output = client\n    .{method}(){setters}\n    .send()\n    .await?;\n\
         println!(\"{{output:?}}\");"
    )
}

/// The crate docs' example, as doc text (a `no_run` doctest: it compiles, it does not call
/// the service).
pub fn crate_docs(ctx: &Ctx) -> Option<String> {
    let op = pick(ctx)?;
    let krate = crate::name::crate_ident(&ctx.crate_name);
    let body = body(ctx, &krate, op);
    Some(format!(
        "A first call ({op}: region and credentials from the environment, as the AWS SDKs \
         read them):\n\n\
         ```no_run\n\
         # async fn example() -> Result<(), Box<dyn std::error::Error>> {{\n\
         {body}\n\
         # Ok(())\n\
         # }}\n\
         ```",
        op = op.name
    ))
}

/// `README.md`: what the crate is, how to depend on it, a first call.
pub fn readme(ctx: &Ctx) -> String {
    let service = &ctx.ir.service;
    let title = service.title.as_deref().unwrap_or(&service.name);
    let krate = &ctx.crate_name;
    let mut text = format!(
        "# {krate}\n\n\
         A Rust client for {title} (`{}`), generated from its Smithy model by smithy-native. \
         It speaks `{}` and depends on the `smithy-rt` runtime only.\n",
        service.id,
        ctx.ir
            .protocol
            .protocol
            .trait_id()
            .rsplit('#')
            .next()
            .unwrap_or_default()
    );
    if let Some(op) = pick(ctx) {
        let ident = crate::name::crate_ident(krate);
        let body = body(ctx, &ident, op)
            .lines()
            .map(|l| format!("    {l}"))
            .collect::<Vec<_>>()
            .join("\n");
        text.push_str(&format!(
            "\n## A first call\n\n\
             With `{krate}` and `tokio` (features `macros`, `rt-multi-thread`) as dependencies:\n\n\
             ```rust,no_run\n\
             #[tokio::main]\n\
             async fn main() -> Result<(), Box<dyn std::error::Error>> {{\n\
             {body}\n\
             \x20   Ok(())\n\
             }}\n\
             ```\n\n\
             Region and credentials come from the environment and the shared config files, as \
             in the AWS SDKs (`AWS_REGION`, `AWS_ACCESS_KEY_ID`, `AWS_PROFILE`, ...).\n"
        ));
    }
    text.push_str(&format!(
        "\n## Operations\n\n{}\n",
        ctx.ir
            .operations
            .iter()
            .map(|o| format!(
                "- `{}` (`Client::{}`)",
                o.name,
                ctx.names.operation(&o.id).module
            ))
            .collect::<Vec<_>>()
            .join("\n")
    ));
    text
}
