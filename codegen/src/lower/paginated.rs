//! `@paginated`: the service's trait gives defaults that each operation's own trait overrides
//! member by member (Smithy spec, "paginated trait"); only operations that carry the trait
//! themselves are paginated.
//!
//! In: the selected operations with the trait as written, and the service's trait. Out: the
//! operations with the merged trait, and a located error for each token, page size or items
//! reference that does not name a member of the right type, so that the paginator emitter can
//! rely on [`walk`].

use crate::error::Error;
use crate::ir::{Ir, Kind, Member, Paginated, Shape};

/// Merges the service's defaults into every paginated operation, then checks each merged trait.
pub fn resolve(ir: &mut Ir, service: Option<&Paginated>, errors: &mut Vec<Error>) {
    for op in &mut ir.operations {
        if let (Some(p), Some(defaults)) = (op.traits.paginated.as_mut(), service) {
            *p = merge(p, defaults);
        }
    }
    for op in &ir.operations {
        if let Some(p) = &op.traits.paginated {
            check(ir, &op.id, &op.input, &op.output, p, errors);
        }
    }
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
pub fn walk<'a>(
    ir: &'a Ir,
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

fn check(ir: &Ir, op: &str, input: &str, output: &str, p: &Paginated, errors: &mut Vec<Error>) {
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
        ("inputToken", &p.input_token, input, false, "a string"),
        ("outputToken", &p.output_token, output, true, "a string"),
        ("pageSize", &p.page_size, input, false, "an integer"),
        ("items", &p.items, output, true, "a list or map"),
    ];
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
            "inputToken" | "outputToken" => matches!(target.kind, Kind::String),
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

    fn lower_model(text: &str) -> Result<Ir, Vec<String>> {
        let parsed = crate::parse::parse(text).map_err(|e| vec![e.to_string()])?;
        super::super::lower(parsed, &OperationSelection::All)
            .map_err(|e| e.0.iter().map(ToString::to_string).collect())
    }

    fn paginated(service: &str, op: &str) -> Option<Paginated> {
        lower_model(&model(service, op)).unwrap().operations[0]
            .traits
            .paginated
            .clone()
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
            Paginated {
                input_token: Some("next".into()),
                output_token: Some("page.token".into()),
                items: Some("items".into()),
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
                "ex#List: @paginated: `inputToken` `limit` targets smithy.api#Integer (integer), but must target a string",
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
