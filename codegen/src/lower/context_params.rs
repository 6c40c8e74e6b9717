//! The endpoint rule parameters an operation binds: `smithy.rules#staticContextParams` and
//! `smithy.rules#operationContextParams` on the operation, `smithy.rules#contextParam` on its
//! input members.
//!
//! An `operationContextParams` path is the JMESPath subset Smithy allows: member
//! sub-expressions (`A.B`), wildcard projections over lists (`A[*].B`), flattening (`[]`),
//! multi-select lists (`A[*].[B.C, D.E][]`) and `keys(A)` of a map. It is parsed here and
//! resolved against the input's shapes; it must end at strings (or enums), or at one boolean.
//! Whether each bound parameter exists in the rule set with the value's type is checked where
//! the rule set is lowered (`endpoints`).

use serde_json::Value;

use super::{Draft, Raw};
use crate::error::Error;
use crate::ir::operation::{
    EndpointParamBinding, EndpointParamValue, OperationPath, PathLeaf, PathStep,
};
use crate::ir::{Kind, Shape};

/// The parameters the operation `op_id` with input `input` binds, in trait order (static,
/// then paths, then members).
pub(super) fn resolve(
    draft: &Draft,
    input: &Shape,
    raw: Option<&Raw>,
    op_id: &str,
    errors: &mut Vec<Error>,
) -> Vec<EndpointParamBinding> {
    let mut params = Vec::new();
    let invalid = |message: String| Error::Model {
        location: op_id.to_string(),
        message,
    };
    if let Some(statics) = raw.and_then(|r| r.raw_trait("smithy.rules#staticContextParams")) {
        let Value::Object(statics) = statics else {
            errors.push(invalid("staticContextParams must be an object".into()));
            return params;
        };
        for (name, def) in statics {
            let value = match def.get("value").and_then(super::endpoints::literal) {
                Some(value) => value,
                None => {
                    errors.push(invalid(format!(
                        "staticContextParams `{name}` must have a string, boolean or string \
                         list `value`"
                    )));
                    continue;
                }
            };
            params.push(EndpointParamBinding {
                param: name.clone(),
                value: EndpointParamValue::Static(value),
            });
        }
    }
    if let Some(paths) = raw.and_then(|r| r.raw_trait("smithy.rules#operationContextParams")) {
        let Value::Object(paths) = paths else {
            errors.push(invalid("operationContextParams must be an object".into()));
            return params;
        };
        for (name, def) in paths {
            let Some(text) = def.get("path").and_then(Value::as_str) else {
                errors.push(invalid(format!(
                    "operationContextParams `{name}` must have a string `path`"
                )));
                continue;
            };
            let resolved = parse(text).and_then(|segments| {
                let mut list = false;
                let mut leaf = None;
                let path = walk(draft, input, &segments, &mut list, &mut leaf)?;
                Ok((path, list, leaf.unwrap_or(PathLeaf::Str)))
            });
            match resolved {
                Ok((_, true, PathLeaf::Bool)) => errors.push(invalid(format!(
                    "operationContextParams `{name}`: `{text}` yields a list of booleans, which \
                     no endpoint parameter type holds"
                ))),
                Ok((path, list, leaf)) => params.push(EndpointParamBinding {
                    param: name.clone(),
                    value: EndpointParamValue::Path { path, list, leaf },
                }),
                Err(message) => errors.push(invalid(format!(
                    "operationContextParams `{name}`: path `{text}`: {message}"
                ))),
            }
        }
    }
    let members: &[crate::ir::Member] = match &input.kind {
        Kind::Structure(ms) => ms,
        _ => &[],
    };
    for m in members {
        if let Some(name) = &m.traits.context_param {
            let leaf = match &draft.shape(&m.target).kind {
                Kind::String | Kind::Enum(_) => PathLeaf::Str,
                Kind::Boolean => PathLeaf::Bool,
                other => {
                    errors.push(invalid(format!(
                        "member `{}` is the endpoint context parameter `{name}`, but targets \
                         a {}; only strings, enums and booleans can be",
                        m.name,
                        other.type_name()
                    )));
                    continue;
                }
            };
            params.push(EndpointParamBinding {
                param: name.clone(),
                value: EndpointParamValue::Member {
                    member: m.name.clone(),
                    leaf,
                },
            });
        }
    }
    params
}

/// One step of a parsed path.
#[derive(Debug, Clone, PartialEq)]
enum Segment {
    Field(String),
    /// `[*]`.
    Wildcard,
    /// `[]`.
    Flatten,
    /// `[a, b]`.
    MultiSelect(Vec<Vec<Segment>>),
    /// `keys(path)`: only as the whole expression.
    Keys(Vec<Segment>),
}

fn parse(text: &str) -> Result<Vec<Segment>, String> {
    let mut p = Parser {
        text: text.as_bytes(),
        at: 0,
    };
    let segments = if text.trim_start().starts_with("keys(") {
        p.skip_ws();
        p.at += "keys(".len();
        let inner = p.expression()?;
        p.skip_ws();
        p.expect(b')')?;
        vec![Segment::Keys(inner)]
    } else {
        p.expression()?
    };
    p.skip_ws();
    if p.at < p.text.len() {
        return Err(format!("unexpected `{}` at offset {}", p.rest(), p.at));
    }
    Ok(segments)
}

struct Parser<'a> {
    text: &'a [u8],
    at: usize,
}

impl Parser<'_> {
    fn skip_ws(&mut self) {
        while self.text.get(self.at).is_some_and(u8::is_ascii_whitespace) {
            self.at += 1;
        }
    }

    fn rest(&self) -> String {
        String::from_utf8_lossy(&self.text[self.at..]).into_owned()
    }

    fn expect(&mut self, c: u8) -> Result<(), String> {
        if self.text.get(self.at) == Some(&c) {
            self.at += 1;
            Ok(())
        } else {
            Err(format!("expected `{}` at offset {}", c as char, self.at))
        }
    }

    /// `step ('.' step | '[*]' | '[]')*`, a step being a name or a multi-select list.
    fn expression(&mut self) -> Result<Vec<Segment>, String> {
        let mut out = Vec::new();
        self.skip_ws();
        self.step(&mut out)?;
        loop {
            match self.text.get(self.at) {
                Some(b'.') => {
                    self.at += 1;
                    self.step(&mut out)?;
                }
                Some(b'[') if self.text.get(self.at + 1) == Some(&b'*') => {
                    self.at += 2;
                    self.expect(b']')?;
                    out.push(Segment::Wildcard);
                }
                Some(b'[') if self.text.get(self.at + 1) == Some(&b']') => {
                    self.at += 2;
                    out.push(Segment::Flatten);
                }
                _ => return Ok(out),
            }
        }
    }

    fn step(&mut self, out: &mut Vec<Segment>) -> Result<(), String> {
        if self.text.get(self.at) == Some(&b'[') {
            self.at += 1;
            let mut items = Vec::new();
            loop {
                items.push(self.expression()?);
                self.skip_ws();
                match self.text.get(self.at) {
                    Some(b',') => self.at += 1,
                    Some(b']') => {
                        self.at += 1;
                        break;
                    }
                    _ => return Err(format!("expected `,` or `]` at offset {}", self.at)),
                }
            }
            out.push(Segment::MultiSelect(items));
            return Ok(());
        }
        let start = self.at;
        while self
            .text
            .get(self.at)
            .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_')
        {
            self.at += 1;
        }
        if start == self.at {
            return Err(format!("expected a member name at offset {start}"));
        }
        let name = String::from_utf8_lossy(&self.text[start..self.at]).into_owned();
        out.push(Segment::Field(name));
        Ok(())
    }
}

/// Resolves `segments` on a value of `shape`; sets `list` when the result is a list and `leaf`
/// to what it ends at.
fn walk(
    draft: &Draft,
    shape: &Shape,
    segments: &[Segment],
    list: &mut bool,
    leaf: &mut Option<PathLeaf>,
) -> Result<OperationPath, String> {
    let Some((first, rest)) = segments.split_first() else {
        let found = match &shape.kind {
            Kind::String | Kind::Enum(_) => PathLeaf::Str,
            Kind::Boolean => PathLeaf::Bool,
            other => {
                return Err(format!(
                    "ends at {} ({}), but must end at a string, enum or boolean",
                    shape.id,
                    other.type_name()
                ))
            }
        };
        if leaf.is_some_and(|l| l != found) {
            return Err("mixes strings and booleans".into());
        }
        *leaf = Some(found);
        return Ok(OperationPath::Here);
    };
    match first {
        Segment::Field(name) => {
            let (step, target) = member_step(draft, shape, name)?;
            let then = walk(draft, target, rest, list, leaf)?;
            Ok(OperationPath::Field {
                step,
                then: Box::new(then),
            })
        }
        Segment::Wildcard | Segment::Flatten => {
            let Kind::List(element) = &shape.kind else {
                // A flatten after a multi-select list is where the list is already flat.
                return Err(format!(
                    "`[*]` / `[]` applies to {} ({}), which is not a list",
                    shape.id,
                    shape.kind.type_name()
                ));
            };
            *list = true;
            let then = walk(draft, draft.shape(&element.target), rest, list, leaf)?;
            Ok(OperationPath::Each {
                list: shape.id.clone(),
                then: Box::new(then),
            })
        }
        Segment::MultiSelect(items) => {
            if !rest.iter().all(|s| *s == Segment::Flatten) {
                return Err("only `[]` may follow a multi-select list".into());
            }
            *list = true;
            let items = items
                .iter()
                .map(|item| walk(draft, shape, item, list, leaf))
                .collect::<Result<_, _>>()?;
            Ok(OperationPath::MultiSelect(items))
        }
        Segment::Keys(inner) => {
            let path = keys(draft, shape, inner)?;
            *list = true;
            *leaf = Some(PathLeaf::Str);
            Ok(path)
        }
    }
}

/// The member `name` of the structure `shape`, and the shape it targets.
fn member_step<'d>(
    draft: &'d Draft,
    shape: &Shape,
    name: &str,
) -> Result<(PathStep, &'d Shape), String> {
    let Kind::Structure(members) = &shape.kind else {
        return Err(format!(
            "`{name}` is looked up in {} ({}), which is not a structure",
            shape.id,
            shape.kind.type_name()
        ));
    };
    let Some(m) = members.iter().find(|m| m.name == name) else {
        return Err(format!("`{name}` is not a member of {}", shape.id));
    };
    let step = PathStep {
        container: shape.id.clone(),
        member: m.name.clone(),
    };
    Ok((step, draft.shape(&m.target)))
}

/// `keys(path)`: `path` must be member steps down to a map.
fn keys(draft: &Draft, shape: &Shape, segments: &[Segment]) -> Result<OperationPath, String> {
    match segments.split_first() {
        None => match &shape.kind {
            Kind::Map { .. } => Ok(OperationPath::Keys),
            other => Err(format!(
                "`keys` applies to {} ({}), which is not a map",
                shape.id,
                other.type_name()
            )),
        },
        Some((Segment::Field(name), rest)) => {
            let Kind::Structure(members) = &shape.kind else {
                return Err(format!(
                    "`{name}` is looked up in {}, which is not a structure",
                    shape.id
                ));
            };
            let Some(m) = members.iter().find(|m| &m.name == name) else {
                return Err(format!("`{name}` is not a member of {}", shape.id));
            };
            Ok(OperationPath::Field {
                step: PathStep {
                    container: shape.id.clone(),
                    member: m.name.clone(),
                },
                then: Box::new(keys(draft, draft.shape(&m.target), rest)?),
            })
        }
        Some(_) => Err("`keys` takes a path of member names".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_smithy_subset() {
        let f = |s: &str| Segment::Field(s.into());
        assert_eq!(parse("A.B"), Ok(vec![f("A"), f("B")]));
        assert_eq!(
            parse("keys(RequestItems)"),
            Ok(vec![Segment::Keys(vec![f("RequestItems")])])
        );
        assert_eq!(
            parse("T[*].[C.N, P.N][]"),
            Ok(vec![
                f("T"),
                Segment::Wildcard,
                Segment::MultiSelect(vec![vec![f("C"), f("N")], vec![f("P"), f("N")]]),
                Segment::Flatten,
            ])
        );
        assert!(parse("A..B").unwrap_err().contains("offset 2"));
        assert!(parse("A[0]").is_err());
        assert!(parse("keys(A").unwrap_err().contains("expected `)`"));
        assert!(parse("A | B").unwrap_err().contains("unexpected `| B`"));
    }
}
