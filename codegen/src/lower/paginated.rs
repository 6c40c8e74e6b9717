//! `@paginated`: the service's trait gives defaults that each operation's own trait overrides
//! member by member (Smithy spec, "paginated trait"); only operations that carry the trait
//! themselves are paginated.
//!
//! In: the selected operations with the trait as written, and the service's trait. Out: a
//! resolved [`Paginator`] per paginated operation (member paths as steps through structure
//! members), and a located error for each token, page size or items reference that does not
//! name a member of the right type.

use std::collections::BTreeMap;

use super::Draft;
use crate::error::Error;
use crate::ir::{Kind, Member, Paginated, Paginator, PathStep, Shape, ShapeId};

/// The resolved paginator of each paginated operation.
pub(crate) type Paginators = BTreeMap<ShapeId, Paginator>;

/// Merges the service's defaults into every paginated operation, checks each merged trait and
/// resolves its member paths.
pub(crate) fn resolve(
    draft: &Draft,
    service: Option<&Paginated>,
    errors: &mut Vec<Error>,
) -> Paginators {
    let mut out = Paginators::new();
    for op in &draft.operations {
        let Some(p) = &op.traits.paginated else {
            continue;
        };
        let p = match service {
            Some(defaults) => merge(p, defaults),
            None => p.clone(),
        };
        let before = errors.len();
        check(draft, &op.id, &op.input, &op.output, &p, errors);
        if errors.len() > before {
            continue;
        }
        let steps = |start: &str, path: &str| -> Vec<PathStep> {
            walk(draft, start, path)
                .unwrap_or_default()
                .into_iter()
                .map(|(container, m)| PathStep {
                    container: container.id.clone(),
                    member: m.name.clone(),
                })
                .collect()
        };
        let (Some(input_token), Some(output_token)) = (&p.input_token, &p.output_token) else {
            continue;
        };
        out.insert(
            op.id.clone(),
            Paginator {
                input_token: input_token.clone(),
                output_token: steps(&op.output, output_token),
                items: p.items.as_deref().map(|items| steps(&op.output, items)),
                page_size: p.page_size.clone(),
            },
        );
    }
    out
}

/// The operation's values, falling back to the service's for those it leaves out.
pub fn merge(op: &Paginated, service: &Paginated) -> Paginated {
    let pick = |o: &Option<String>, s: &Option<String>| o.clone().or_else(|| s.clone());
    Paginated {
        input_token: pick(&op.input_token, &service.input_token),
        output_token: pick(&op.output_token, &service.output_token),
        items: pick(&op.items, &service.items),
        page_size: pick(&op.page_size, &service.page_size),
    }
}

/// The structures and members along a dotted `path` (`page.nextToken`) from structure
/// `start`: one `(container, member)` per segment. Every segment but the last must target a
/// structure.
fn walk<'a>(
    ir: &'a Draft,
    start: &str,
    path: &str,
) -> Result<Vec<(&'a Shape, &'a Member)>, String> {
    let mut steps: Vec<(&Shape, &Member)> = Vec::new();
    let mut container = ir.shape(start);
    for segment in path.split('.') {
        if let Some((_, previous)) = steps.last() {
            container = ir.shape(&previous.target);
        }
        let Kind::Structure(members) = &container.kind else {
            return Err(format!(
                "`{segment}` in `{path}` is read from {} ({}), which is not a structure",
                container.id,
                container.kind.type_name()
            ));
        };
        match members.iter().find(|m| m.name == segment) {
            Some(m) => steps.push((container, m)),
            None => {
                return Err(format!(
                    "`{path}` names `{segment}`, which is not a member of {}",
                    container.id
                ))
            }
        }
    }
    Ok(steps)
}

fn check(ir: &Draft, op: &str, input: &str, output: &str, p: &Paginated, errors: &mut Vec<Error>) {
    let mut bad = |message: String| {
        errors.push(Error::Model {
            location: op.to_string(),
            message: format!("@paginated: {message}"),
        })
    };
    if p.input_token.is_none() || p.output_token.is_none() {
        bad("needs both `inputToken` and `outputToken` (after the service's defaults)".into());
    }
    let fields = [
        (
            "inputToken",
            &p.input_token,
            input,
            false,
            "a string or map",
        ),
        (
            "outputToken",
            &p.output_token,
            output,
            true,
            "a string or map",
        ),
        ("pageSize", &p.page_size, input, false, "an integer"),
        ("items", &p.items, output, true, "a list or map"),
    ];
    let mut token_targets = Vec::new();
    for (what, value, start, nested, expected) in fields {
        let Some(path) = value else { continue };
        if !nested && path.contains('.') {
            bad(format!(
                "`{what}` `{path}` must name a top-level input member"
            ));
            continue;
        }
        let last = match walk(ir, start, path) {
            Ok(steps) => steps.last().map(|(_, m)| ir.shape(&m.target)),
            Err(e) => {
                bad(format!("`{what}`: {e}"));
                continue;
            }
        };
        let Some(target) = last else { continue };
        let fits = match what {
            "inputToken" | "outputToken" => {
                token_targets.push(target.id.clone());
                matches!(target.kind, Kind::String | Kind::Map { .. })
            }
            "pageSize" => matches!(
                target.kind,
                Kind::Byte | Kind::Short | Kind::Integer | Kind::Long
            ),
            _ => matches!(target.kind, Kind::List(_) | Kind::Map { .. }),
        };
        if !fits {
            bad(format!(
                "`{what}` `{path}` targets {} ({}), but must target {expected}",
                target.id,
                target.kind.type_name()
            ));
        }
    }
    // The output token is sent back as the input token: one Rust type for both.
    if let [input, output] = token_targets.as_slice() {
        let same = input == output
            || matches!(
                (&ir.shape(input).kind, &ir.shape(output).kind),
                (Kind::String, Kind::String)
            );
        if !same {
            bad(format!(
                "`inputToken` targets {input} but `outputToken` targets {output}; a token must be sent back as it was received"
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::OperationSelection;

    /// A service with `service` as its `@paginated` value and one operation `ex#List` with `op`.
    fn model(service: &str, op: &str) -> String {
        format!(
            r#"{{"smithy":"2.0","shapes":{{
            "ex#Svc":{{"type":"service","version":"1","operations":[{{"target":"ex#List"}}],
                "traits":{{"aws.protocols#restJson1":{{}}{service}}}}},
            "ex#List":{{"type":"operation","input":{{"target":"ex#In"}},"output":{{"target":"ex#Out"}},
                "traits":{{"smithy.api#http":{{"method":"GET","uri":"/l"}}{op}}}}},
            "ex#In":{{"type":"structure","members":{{
                "next":{{"target":"smithy.api#String","traits":{{"smithy.api#httpQuery":"next"}}}},
                "limit":{{"target":"smithy.api#Integer","traits":{{"smithy.api#httpQuery":"limit"}}}}}}}},
            "ex#Out":{{"type":"structure","members":{{
                "page":{{"target":"ex#Page"}},
                "items":{{"target":"ex#Items"}}}}}},
            "ex#Page":{{"type":"structure","members":{{"token":{{"target":"smithy.api#String"}}}}}},
            "ex#Items":{{"type":"list","member":{{"target":"smithy.api#String"}}}}
            }}}}"#
        )
    }

    fn lower_model(text: &str) -> Result<crate::ir::Ir, Vec<String>> {
        let parsed = crate::parse::parse(text).map_err(|e| vec![e.to_string()])?;
        super::super::lower(
            parsed,
            &super::super::Options::new(&OperationSelection::All),
        )
        .map(|l| l.ir)
        .map_err(|e| e.0.iter().map(ToString::to_string).collect())
    }

    fn paginated(service: &str, op: &str) -> Option<Paginator> {
        lower_model(&model(service, op)).unwrap().operations[0]
            .paginator
            .clone()
    }

    fn step(container: &str, member: &str) -> PathStep {
        PathStep {
            container: container.into(),
            member: member.into(),
        }
    }

    #[test]
    fn operation_values_override_the_services_defaults() {
        let p = paginated(
            r#","smithy.api#paginated":{"inputToken":"next","outputToken":"nope","pageSize":"limit"}"#,
            r#","smithy.api#paginated":{"outputToken":"page.token","items":"items"}"#,
        )
        .unwrap();
        assert_eq!(
            p,
            Paginator {
                input_token: "next".into(),
                output_token: vec![step("ex#Out", "page"), step("ex#Page", "token")],
                items: Some(vec![step("ex#Out", "items")]),
                page_size: Some("limit".into()),
            }
        );
    }

    #[test]
    fn the_service_trait_alone_paginates_nothing() {
        let service = r#","smithy.api#paginated":{"inputToken":"next","outputToken":"page.token"}"#;
        assert_eq!(paginated(service, ""), None);
    }

    #[test]
    fn bad_references_are_located_errors() {
        let errors = lower_model(&model(
            "",
            r#","smithy.api#paginated":{"inputToken":"limit","outputToken":"page.nothing","pageSize":"next","items":"page"}"#,
        ))
        .unwrap_err();
        assert_eq!(
            errors,
            [
                "ex#List: @paginated: `inputToken` `limit` targets smithy.api#Integer (integer), but must target a string or map",
                "ex#List: @paginated: `outputToken`: `page.nothing` names `nothing`, which is not a member of ex#Page",
                "ex#List: @paginated: `pageSize` `next` targets smithy.api#String (string), but must target an integer",
                "ex#List: @paginated: `items` `page` targets ex#Page (structure), but must target a list or map",
            ]
        );
        let errors = lower_model(&model(
            "",
            r#","smithy.api#paginated":{"inputToken":"next","outputToken":"page.token.x"}"#,
        ))
        .unwrap_err();
        assert_eq!(
            errors,
            ["ex#List: @paginated: `outputToken`: `x` in `page.token.x` is read from smithy.api#String (string), which is not a structure"]
        );
        let errors =
            lower_model(&model("", r#","smithy.api#paginated":{"items":"items"}"#)).unwrap_err();
        assert_eq!(
            errors,
            ["ex#List: @paginated: needs both `inputToken` and `outputToken` (after the service's defaults)"]
        );
    }
}
