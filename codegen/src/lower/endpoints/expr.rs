//! Expressions of the rule set: literals, references, function calls, `getAttr` paths and
//! string templates, typed against the scope they appear in.

use serde_json::{Map, Value};

use super::Lowerer;
use crate::ir::endpoints::{Expr, Func, Local, PathPart, TemplatePart, Ty};

impl Lowerer<'_> {
    pub(super) fn expr(&mut self, value: &Value, scope: &[Local], path: &str) -> Option<Expr> {
        match value {
            Value::String(s) => self.template(s, scope, path),
            Value::Bool(b) => Some(Expr::Bool(*b)),
            Value::Number(n) => match n.as_u64().and_then(|n| usize::try_from(n).ok()) {
                Some(n) => Some(Expr::Int(n)),
                None => {
                    self.model(path, format!("{n} is not a non-negative integer"));
                    None
                }
            },
            Value::Object(o) if o.contains_key("ref") => {
                let Some(name) = o.get("ref").and_then(Value::as_str) else {
                    self.model(path, "`ref` must be a string");
                    return None;
                };
                self.lookup(name, scope, path).map(Expr::Ref)
            }
            Value::Object(o) if o.contains_key("fn") => self.call(o, scope, path),
            _ => {
                self.model(path, format!("{value} is not an expression"));
                None
            }
        }
    }

    pub(super) fn lookup(&mut self, name: &str, scope: &[Local], path: &str) -> Option<Local> {
        let found = scope.iter().rev().find(|l| l.name == name).cloned();
        if found.is_none() && !self.failed.contains(name) {
            self.model(
                path,
                format!("`{name}` is not a parameter or an assigned value here"),
            );
        }
        found
    }

    pub(super) fn call(
        &mut self,
        call: &Map<String, Value>,
        scope: &[Local],
        path: &str,
    ) -> Option<Expr> {
        let Some(name) = call.get("fn").and_then(Value::as_str) else {
            self.model(path, "`fn` must be a string");
            return None;
        };
        let Some(argv) = call.get("argv").and_then(Value::as_array) else {
            self.model(path, "`argv` must be an array");
            return None;
        };
        if name == "getAttr" {
            return self.get_attr(argv, scope, path);
        }
        let Some(func) = Func::from_name(name) else {
            self.unsupported(format!("endpoint rules function `{name}` (at {path})"));
            return None;
        };
        let args: Vec<Option<Expr>> = argv
            .iter()
            .enumerate()
            .map(|(i, a)| self.expr(a, scope, &format!("{path}.argv[{i}]")))
            .collect();
        let args: Vec<Expr> = args.into_iter().collect::<Option<_>>()?;
        let arity = func.params().map_or(1, <[Ty]>::len);
        if args.len() != arity {
            let message = format!("`{name}` takes {arity} argument(s), found {}", args.len());
            self.model(path, message);
            return None;
        }
        let mut ok = true;
        for (i, (arg, expected)) in args.iter().zip(func.params().unwrap_or(&[])).enumerate() {
            let actual = arg.ty();
            if &actual != expected {
                let hint = match &actual {
                    Ty::Optional(inner) if **inner == *expected => {
                        " (prove it set first with `isSet` or `assign` in an earlier condition)"
                    }
                    _ => "",
                };
                let message = format!(
                    "argument {} of `{name}` has type {actual}, expected {expected}{hint}",
                    i + 1
                );
                self.model(path, message);
                ok = false;
            }
        }
        ok.then_some(Expr::Call { func, args })
    }

    fn get_attr(&mut self, argv: &[Value], scope: &[Local], path: &str) -> Option<Expr> {
        let (target, attr) = match argv {
            [target, Value::String(attr)] => (target, attr),
            _ => {
                self.model(path, "`getAttr` takes a reference and a path string");
                return None;
            }
        };
        let Some(name) = target.get("ref").and_then(Value::as_str) else {
            self.unsupported(format!(
                "`getAttr` of an expression other than a reference (at {path})"
            ));
            return None;
        };
        let target = self.lookup(name, scope, path)?;
        self.attr_path(target, attr, path)
    }

    /// `target` followed by an attribute path such as `resourceId[2]` or `dnsSuffix`.
    fn attr_path(&mut self, target: Local, attr: &str, path: &str) -> Option<Expr> {
        let mut ty = target.ty.clone();
        let mut parts = Vec::new();
        for segment in attr.split('.') {
            if ty.is_optional() {
                let message = format!(
                    "`{}#{attr}`: cannot read an attribute of a value that may be unset",
                    target.name
                );
                self.model(path, message);
                return None;
            }
            let (field, index) = match segment.split_once('[') {
                Some((field, rest)) => {
                    let index = rest.strip_suffix(']').and_then(|i| i.parse::<usize>().ok());
                    if index.is_none() {
                        self.model(path, format!("bad index in attribute path `{attr}`"));
                        return None;
                    }
                    (field, index)
                }
                None => (segment, None),
            };
            if !field.is_empty() || index.is_none() {
                let Some((rust_field, field_ty)) = ty.attribute(field) else {
                    let message = format!("type {ty} has no attribute `{field}`");
                    self.model(path, message);
                    return None;
                };
                parts.push(PathPart::Field {
                    name: field.to_string(),
                    field: rust_field,
                });
                ty = field_ty;
            }
            if let Some(i) = index {
                if ty != Ty::StrArray {
                    self.model(path, format!("type {ty} cannot be indexed"));
                    return None;
                }
                parts.push(PathPart::Index(i));
                ty = Ty::Optional(Box::new(Ty::Str));
            }
        }
        Some(Expr::GetAttr {
            target,
            path: parts,
            ty,
        })
    }

    /// A string literal: text with `{Name}` / `{Name#path}` references; `{{` and `}}` are
    /// literal braces.
    pub(super) fn template(&mut self, text: &str, scope: &[Local], path: &str) -> Option<Expr> {
        let mut parts = Vec::new();
        let mut literal = String::new();
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '{' if chars.peek() == Some(&'{') => {
                    chars.next();
                    literal.push('{');
                }
                '}' if chars.peek() == Some(&'}') => {
                    chars.next();
                    literal.push('}');
                }
                '{' => {
                    let mut reference = String::new();
                    let closed = loop {
                        match chars.next() {
                            Some('}') => break true,
                            Some(c) => reference.push(c),
                            None => break false,
                        }
                    };
                    if !closed {
                        self.model(path, format!("unclosed `{{` in template `{text}`"));
                        return None;
                    }
                    let value = self.template_value(&reference, scope, path)?;
                    if !literal.is_empty() {
                        parts.push(TemplatePart::Text(std::mem::take(&mut literal)));
                    }
                    parts.push(TemplatePart::Value(value));
                }
                '}' => {
                    self.model(path, format!("unmatched `}}` in template `{text}`"));
                    return None;
                }
                c => literal.push(c),
            }
        }
        if parts.is_empty() {
            return Some(Expr::Str(literal));
        }
        if !literal.is_empty() {
            parts.push(TemplatePart::Text(literal));
        }
        Some(Expr::Template(parts))
    }

    fn template_value(&mut self, reference: &str, scope: &[Local], path: &str) -> Option<Expr> {
        let (name, attr) = match reference.split_once('#') {
            Some((name, attr)) => (name, Some(attr)),
            None => (reference, None),
        };
        let target = self.lookup(name, scope, path)?;
        let value = match attr {
            Some(attr) => self.attr_path(target, attr, path)?,
            None => Expr::Ref(target),
        };
        if value.ty() != Ty::Str {
            let message = format!(
                "template reference `{{{reference}}}` must have type string, found {}",
                value.ty()
            );
            self.model(path, message);
            return None;
        }
        Some(value)
    }
}
