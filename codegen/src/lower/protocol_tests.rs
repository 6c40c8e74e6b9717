//! Protocol compliance tests: the model's `smithy.test#httpRequestTests` and
//! `smithy.test#httpResponseTests` (on operations and on error structures) → typed
//! [`Case`]s for the selected operations.
//!
//! In: the resolved IR and the traits as written. Out: the client cases (`appliesTo` other
//! than `server`), in emission order: per operation its request cases, its response cases,
//! then the cases of its errors not seen with an earlier operation. Each case's `params` are
//! checked against the shapes they describe and typed ([`Value`]); timestamps given as
//! date-time text are parsed, base64 bodies of binary media types decoded. A case that does not
//! fit is a located error (`<shape>: protocol test <id>: params.a.b: ...`), never a test that
//! panics.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value as Json};

use super::members::base64_decode;
use super::Raw;
use crate::error::Error;
use crate::ir::protocol_tests::{
    CannedResponse, Case, CaseKind, Check, ExpectedRequest, Float, Value,
};
use crate::ir::{Ir, Kind, ShapeId};

/// The trait holding request test cases.
pub const REQUEST_TESTS: &str = "smithy.test#httpRequestTests";
/// The trait holding response test cases (operations and error structures).
pub const RESPONSE_TESTS: &str = "smithy.test#httpResponseTests";

fn trait_for(kind: CaseKind) -> &'static str {
    match kind {
        CaseKind::Request => REQUEST_TESTS,
        CaseKind::Response | CaseKind::Error => RESPONSE_TESTS,
    }
}

/// The cases of a test trait value that apply to clients (not `appliesTo: "server"`).
fn client_cases(trait_value: Option<&Json>) -> Vec<&Map<String, Json>> {
    trait_value
        .and_then(Json::as_array)
        .into_iter()
        .flatten()
        .filter_map(Json::as_object)
        .filter(|c| c.get("appliesTo").and_then(Json::as_str) != Some("server"))
        .collect()
}

/// The ids of the client cases of `kind` on a shape (for reporting cases not generated).
pub(crate) fn case_ids(raw: &Raw, kind: CaseKind) -> Vec<(String, CaseKind)> {
    client_cases(raw.raw_trait(trait_for(kind)))
        .into_iter()
        .map(|c| {
            let id = c.get("id").and_then(Json::as_str).unwrap_or("unnamed");
            (id.to_string(), kind)
        })
        .collect()
}

pub(crate) fn lower(ir: &Ir, raw: &BTreeMap<ShapeId, Raw>, errors: &mut Vec<Error>) -> Vec<Case> {
    let mut out = Vec::new();
    let mut errors_done = BTreeSet::new();
    let mut located = |kind: CaseKind, at: &str, op: &str, error: Option<&ShapeId>| {
        let Some(r) = raw.get(at) else {
            return;
        };
        for c in client_cases(r.raw_trait(trait_for(kind))) {
            match case(ir, kind, op, error, c) {
                Ok(case) => out.push(case),
                Err(problem) => {
                    let id = c.get("id").and_then(Json::as_str).unwrap_or("unnamed");
                    errors.push(Error::Model {
                        location: at.to_string(),
                        message: format!("protocol test `{id}`: {problem}"),
                    });
                }
            }
        }
    };
    for op in &ir.operations {
        located(CaseKind::Request, &op.id, &op.id, None);
        located(CaseKind::Response, &op.id, &op.id, None);
        for error in &op.errors {
            if errors_done.insert(error.clone()) {
                located(CaseKind::Error, error, &op.id, Some(error));
            }
        }
    }
    out
}

fn str_field(c: &Map<String, Json>, key: &str) -> Result<Option<String>, String> {
    match c.get(key) {
        None | Some(Json::Null) => Ok(None),
        Some(Json::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(format!("`{key}` must be a string")),
    }
}

fn str_list(c: &Map<String, Json>, key: &str) -> Result<Vec<String>, String> {
    match c.get(key) {
        None | Some(Json::Null) => Ok(Vec::new()),
        Some(Json::Array(items)) => items
            .iter()
            .map(|i| {
                i.as_str()
                    .map(str::to_string)
                    .ok_or_else(|| format!("`{key}` must be a list of strings"))
            })
            .collect(),
        Some(_) => Err(format!("`{key}` must be a list of strings")),
    }
}

fn headers(c: &Map<String, Json>) -> Result<Vec<(String, String)>, String> {
    match c.get("headers") {
        None | Some(Json::Null) => Ok(Vec::new()),
        Some(Json::Object(h)) => h
            .iter()
            .map(|(k, v)| match v.as_str() {
                Some(v) => Ok((k.clone(), v.to_string())),
                None => Err(format!("header `{k}` must be a string")),
            })
            .collect(),
        Some(_) => Err("`headers` must be an object".into()),
    }
}

/// Whether a body of this media type is written as base64 in the test cases (CBOR; other
/// bodies, `application/octet-stream` included, are written as text).
fn is_binary(media_type: Option<&str>) -> bool {
    media_type == Some("application/cbor")
}

fn case(
    ir: &Ir,
    kind: CaseKind,
    op_id: &str,
    error: Option<&ShapeId>,
    c: &Map<String, Json>,
) -> Result<Case, String> {
    let id = str_field(c, "id")?.ok_or("the case has no `id`")?;
    let op = ir.operation(op_id);
    let shape = match (kind, error) {
        (CaseKind::Request, _) => &op.input,
        (CaseKind::Response, _) => &op.output,
        (CaseKind::Error, Some(e)) => e,
        (CaseKind::Error, None) => return Err("an error case needs its error".into()),
    };
    let params = match c.get("params") {
        None | Some(Json::Null) => Json::Object(Map::new()),
        Some(p) => p.clone(),
    };
    let params = value(ir, shape, &params, "params")?;
    let body = str_field(c, "body")?;
    let media_type = str_field(c, "bodyMediaType")?;
    let check = match kind {
        CaseKind::Request => Check::Request(Box::new(ExpectedRequest {
            method: str_field(c, "method")?.ok_or("a request case needs `method`")?,
            uri: str_field(c, "uri")?.ok_or("a request case needs `uri`")?,
            host: str_field(c, "host")?,
            resolved_host: str_field(c, "resolvedHost")?,
            query_params: str_list(c, "queryParams")?,
            forbid_query_params: str_list(c, "forbidQueryParams")?,
            require_query_params: str_list(c, "requireQueryParams")?,
            headers: headers(c)?,
            forbid_headers: str_list(c, "forbidHeaders")?,
            require_headers: str_list(c, "requireHeaders")?,
            body,
            body_media_type: media_type,
        })),
        CaseKind::Response | CaseKind::Error => {
            let code = match c.get("code") {
                None => 200,
                Some(v) => match v.as_u64() {
                    Some(code @ 100..=599) => code as u16,
                    _ => return Err("`code` must be an HTTP status code".into()),
                },
            };
            let body = body.unwrap_or_default();
            let body = if is_binary(media_type.as_deref()) {
                base64_decode(&body).ok_or("the body is not base64")?
            } else {
                body.into_bytes()
            };
            Check::Response(CannedResponse {
                code,
                headers: headers(c)?,
                body,
            })
        }
    };
    Ok(Case {
        id,
        kind,
        operation: op_id.to_string(),
        error: error.cloned(),
        docs: str_field(c, "documentation")?,
        params,
        check,
    })
}

/// `v` typed as a value of shape `target`; `path` locates it in the case.
pub(crate) fn value(ir: &Ir, target: &str, v: &Json, path: &str) -> Result<Value, String> {
    let shape = ir.shape(target);
    let mismatch = || {
        Err(format!(
            "{path}: {v} does not fit {} ({})",
            shape.id,
            shape.kind.type_name()
        ))
    };
    Ok(match (&shape.kind, v) {
        (Kind::String, Json::String(s)) => Value::String(s.clone()),
        (Kind::Enum(_), Json::String(s)) => Value::Enum(s.clone()),
        (Kind::Boolean, Json::Bool(b)) => Value::Bool(*b),
        (
            Kind::Byte | Kind::Short | Kind::Integer | Kind::IntEnum(_) | Kind::Long,
            Json::Number(n),
        ) => {
            let Some(i) = n.as_i64() else {
                return mismatch();
            };
            let fits = match shape.kind {
                Kind::Byte => i8::try_from(i).is_ok(),
                Kind::Short => i16::try_from(i).is_ok(),
                Kind::Integer | Kind::IntEnum(_) => i32::try_from(i).is_ok(),
                _ => true,
            };
            if !fits {
                return mismatch();
            }
            Value::Int(i)
        }
        (Kind::Float | Kind::Double, Json::Number(n)) => {
            let x = n.as_f64().unwrap_or_default();
            if matches!(shape.kind, Kind::Float) && !(x as f32).is_finite() {
                return mismatch();
            }
            Value::Float(Float::Finite(x))
        }
        (Kind::Float | Kind::Double, Json::String(s)) => Value::Float(match s.as_str() {
            "NaN" => Float::NaN,
            "Infinity" => Float::Infinity,
            "-Infinity" => Float::NegInfinity,
            _ => return mismatch(),
        }),
        (Kind::Timestamp, Json::Number(n)) => match epoch_parts(&n.to_string()) {
            Some((secs, nanos)) => Value::Timestamp { secs, nanos },
            None => return mismatch(),
        },
        (Kind::Timestamp, Json::String(s)) => match parse_date_time(s) {
            Some((secs, nanos)) => Value::Timestamp { secs, nanos },
            None => return Err(format!("{path}: `{s}` is not an RFC 3339 date-time")),
        },
        (Kind::Blob, Json::String(s)) => Value::Blob {
            bytes: s.as_bytes().to_vec(),
            streaming: shape.traits.streaming,
        },
        (Kind::Document, v) => Value::Document(v.clone()),
        (Kind::List(item), Json::Array(items)) => Value::List(
            items
                .iter()
                .enumerate()
                .map(|(i, e)| {
                    element(
                        ir,
                        &item.target,
                        e,
                        shape.traits.sparse,
                        &format!("{path}[{i}]"),
                    )
                })
                .collect::<Result<_, _>>()?,
        ),
        (Kind::Map { value: item, .. }, Json::Object(entries)) => Value::Map(
            entries
                .iter()
                .map(|(k, e)| {
                    let e = element(
                        ir,
                        &item.target,
                        e,
                        shape.traits.sparse,
                        &format!("{path}.{k}"),
                    )?;
                    Ok((k.clone(), e))
                })
                .collect::<Result<_, String>>()?,
        ),
        (Kind::Structure(members), Json::Object(object)) => {
            let mut set = Vec::new();
            for (key, v) in object {
                if v.is_null() {
                    continue;
                }
                let Some(m) = members.iter().find(|m| &m.name == key) else {
                    return Err(format!("{path}: {} has no member `{key}`", shape.id));
                };
                set.push((
                    m.name.clone(),
                    value(ir, &m.target, v, &format!("{path}.{key}"))?,
                ));
            }
            Value::Structure {
                shape: shape.id.clone(),
                members: set,
            }
        }
        (Kind::Union(members), Json::Object(object)) => {
            let Some((key, inner)) = object.iter().next().filter(|_| object.len() == 1) else {
                return Err(format!(
                    "{path}: a value of union {} must set exactly one member",
                    shape.id
                ));
            };
            let Some(m) = members.iter().find(|m| &m.name == key) else {
                return Err(format!("{path}: {} has no member `{key}`", shape.id));
            };
            let value = if m.target == super::prelude::UNIT {
                None
            } else {
                Some(Box::new(value(
                    ir,
                    &m.target,
                    inner,
                    &format!("{path}.{key}"),
                )?))
            };
            Value::Union {
                shape: shape.id.clone(),
                member: m.name.clone(),
                value,
            }
        }
        _ => return mismatch(),
    })
}

/// A list element or map value: `None` for `null` in sparse collections.
fn element(
    ir: &Ir,
    target: &str,
    v: &Json,
    sparse: bool,
    path: &str,
) -> Result<Option<Value>, String> {
    match (sparse, v) {
        (true, Json::Null) => Ok(None),
        (_, v) => value(ir, target, v, path).map(Some),
    }
}

/// Epoch seconds written in decimal (`946845296.123`, `-1.5`) as whole seconds and a forward
/// nanosecond fraction, exactly (going through `f64` would turn `.123` into `.123000026`).
pub(crate) fn epoch_parts(text: &str) -> Option<(i64, u32)> {
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if fraction.len() > 9 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let whole: i64 = whole.parse().ok()?;
    let nanos: u32 = format!("{fraction:0<9}").parse().ok()?;
    Some(match (negative, nanos) {
        (false, n) => (whole, n),
        (true, 0) => (-whole, 0),
        (true, n) => (-whole - 1, 1_000_000_000 - n),
    })
}

/// An RFC 3339 date-time (`1985-04-12T23:20:50.52Z`, offsets allowed) as epoch seconds and
/// nanoseconds.
pub(crate) fn parse_date_time(s: &str) -> Option<(i64, u32)> {
    let b = s.as_bytes();
    let num = |from: usize, len: usize| -> Option<i64> {
        let part = s.get(from..from + len)?;
        part.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| part.parse().ok())?
    };
    if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't') {
        return None;
    }
    if b[13] != b':' || b[16] != b':' {
        return None;
    }
    let (year, month, day) = (num(0, 4)?, num(5, 2)?, num(8, 2)?);
    let (hour, minute, second) = (num(11, 2)?, num(14, 2)?, num(17, 2)?);
    if !(1..=12).contains(&month)
        || !(1..=31).contains(&day)
        || hour > 23
        || minute > 59
        || second > 60
    {
        return None;
    }
    let mut rest = &s[19..];
    let mut nanos = 0u32;
    if let Some(frac) = rest.strip_prefix('.') {
        let digits = frac.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 || digits > 9 {
            return None;
        }
        nanos = format!("{:0<9}", &frac[..digits]).parse().ok()?;
        rest = &frac[digits..];
    }
    let offset = match rest {
        "Z" | "z" => 0,
        _ => {
            let sign = match rest.as_bytes().first()? {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            let hm = &rest[1..];
            if hm.len() != 5 || hm.as_bytes()[2] != b':' {
                return None;
            }
            let h: i64 = hm[..2].parse().ok()?;
            let m: i64 = hm[3..].parse().ok()?;
            sign * (h * 3600 + m * 60)
        }
    };
    // Days from the civil date (Howard Hinnant's algorithm).
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    let secs = days * 86_400 + hour * 3600 + minute * 60 + second.min(59) - offset;
    Some((secs, nanos))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_numbers_split_exactly() {
        assert_eq!(epoch_parts("946845296.123"), Some((946845296, 123_000_000)));
        assert_eq!(epoch_parts("1576540098"), Some((1576540098, 0)));
        assert_eq!(epoch_parts("-1.5"), Some((-2, 500_000_000)));
        assert_eq!(epoch_parts("-3"), Some((-3, 0)));
        assert_eq!(epoch_parts("1e10"), None);
    }

    #[test]
    fn date_times() {
        assert_eq!(parse_date_time("1970-01-01T00:00:00Z"), Some((0, 0)));
        assert_eq!(
            parse_date_time("2000-01-02T20:34:56.123Z"),
            Some((946845296, 123_000_000))
        );
        assert_eq!(
            parse_date_time("2000-01-02T21:34:56+01:00"),
            Some((946845296, 0))
        );
        assert_eq!(parse_date_time("2000-01-02 20:34:56Z"), None);
        assert_eq!(parse_date_time("2000-13-02T20:34:56Z"), None);
        assert_eq!(parse_date_time("not a date"), None);
    }

    #[test]
    fn server_cases_are_left_out() {
        let v = serde_json::json!([
            {"id": "A"},
            {"id": "B", "appliesTo": "server"},
            {"id": "C", "appliesTo": "client"}
        ]);
        let ids: Vec<_> = client_cases(Some(&v))
            .iter()
            .map(|c| c["id"].as_str().unwrap())
            .collect();
        assert_eq!(ids, ["A", "C"]);
    }
}
