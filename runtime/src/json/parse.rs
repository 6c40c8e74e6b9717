//! A JSON parser (RFC 8259) producing [`Value`].
//!
//! In: bytes that should hold one JSON value, with optional surrounding whitespace. Out: the
//! value, or a [`SyntaxError`] with the line and column (1-based, in bytes) where the text went
//! wrong. Strict: no comments, no trailing commas, no NaN, strings must be valid UTF-8 with
//! valid escapes (a lone surrogate is an error), and control characters must be escaped.
//! Integers that fit 64 bits stay exact; other numbers become the nearest `f64`, and a number
//! beyond `f64`'s range is an error. Nesting is limited to [`MAX_DEPTH`] arrays and objects, so
//! hostile input cannot exhaust the stack.

use std::fmt;

use super::value::{Map, Number, Value};

/// How deeply arrays and objects may nest.
pub const MAX_DEPTH: usize = 128;

/// Text that is not valid JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    message: &'static str,
    line: usize,
    column: usize,
}

impl SyntaxError {
    /// What was wrong, e.g. `expected a value`.
    pub fn message(&self) -> &str {
        self.message
    }

    /// The 1-based line of the offending byte.
    pub fn line(&self) -> usize {
        self.line
    }

    /// The 1-based column (in bytes) of the offending byte.
    pub fn column(&self) -> usize {
        self.column
    }
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} at line {} column {}",
            self.message, self.line, self.column
        )
    }
}

impl std::error::Error for SyntaxError {}

/// Parses `text` as one JSON value.
pub fn parse(text: &[u8]) -> Result<Value, SyntaxError> {
    let mut parser = Parser { text, pos: 0 };
    parser.skip_whitespace();
    let value = parser.value(0)?;
    parser.skip_whitespace();
    if parser.pos < text.len() {
        return Err(parser.error("trailing characters after the value"));
    }
    Ok(value)
}

struct Parser<'t> {
    text: &'t [u8],
    pos: usize,
}

impl Parser<'_> {
    /// An error at the current position.
    fn error(&self, message: &'static str) -> SyntaxError {
        self.error_at(self.pos, message)
    }

    fn error_at(&self, pos: usize, message: &'static str) -> SyntaxError {
        let before = &self.text[..pos.min(self.text.len())];
        let line = 1 + before.iter().filter(|b| **b == b'\n').count();
        let line_start = before
            .iter()
            .rposition(|b| *b == b'\n')
            .map_or(0, |i| i + 1);
        SyntaxError {
            message,
            line,
            column: pos - line_start + 1,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.text.get(self.pos).copied()
    }

    fn skip_whitespace(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    /// One value; whitespace before it is already skipped.
    fn value(&mut self, depth: usize) -> Result<Value, SyntaxError> {
        match self.peek() {
            None => Err(self.error("unexpected end of input, expected a value")),
            Some(b'{') => self.object(depth + 1),
            Some(b'[') => self.array(depth + 1),
            Some(b'"') => self.string().map(Value::String),
            Some(b't') => self.literal(b"true", Value::Bool(true)),
            Some(b'f') => self.literal(b"false", Value::Bool(false)),
            Some(b'n') => self.literal(b"null", Value::Null),
            Some(b'-' | b'0'..=b'9') => self.number().map(Value::Number),
            Some(_) => Err(self.error("expected a value")),
        }
    }

    fn literal(&mut self, word: &[u8], value: Value) -> Result<Value, SyntaxError> {
        if self.text[self.pos..].starts_with(word) {
            self.pos += word.len();
            Ok(value)
        } else {
            Err(self.error("expected a value"))
        }
    }

    fn object(&mut self, depth: usize) -> Result<Value, SyntaxError> {
        if depth > MAX_DEPTH {
            return Err(self.error("arrays and objects nest too deeply"));
        }
        self.pos += 1; // `{`
        let mut map = Map::new();
        self.skip_whitespace();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(Value::Object(map));
        }
        loop {
            if self.peek() != Some(b'"') {
                return Err(self.error("expected a member name in quotes"));
            }
            let key = self.string()?;
            self.skip_whitespace();
            if self.peek() != Some(b':') {
                return Err(self.error("expected `:` after the member name"));
            }
            self.pos += 1;
            self.skip_whitespace();
            let value = self.value(depth)?;
            map.insert(key, value);
            self.skip_whitespace();
            match self.peek() {
                Some(b',') => {
                    self.pos += 1;
                    self.skip_whitespace();
                }
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(Value::Object(map));
                }
                None => return Err(self.error("unexpected end of input in an object")),
                Some(_) => return Err(self.error("expected `,` or `}` in an object")),
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<Value, SyntaxError> {
        if depth > MAX_DEPTH {
            return Err(self.error("arrays and objects nest too deeply"));
        }
        self.pos += 1; // `[`
        let mut items = Vec::new();
        self.skip_whitespace();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(Value::Array(items));
        }
        loop {
            items.push(self.value(depth)?);
            self.skip_whitespace();
            match self.peek() {
                Some(b',') => {
                    self.pos += 1;
                    self.skip_whitespace();
                }
                Some(b']') => {
                    self.pos += 1;
                    return Ok(Value::Array(items));
                }
                None => return Err(self.error("unexpected end of input in an array")),
                Some(_) => return Err(self.error("expected `,` or `]` in an array")),
            }
        }
    }

    /// A string; `pos` is at the opening quote.
    fn string(&mut self) -> Result<String, SyntaxError> {
        self.pos += 1;
        let mut out = String::new();
        loop {
            // The run of bytes that need no unescaping, validated as UTF-8 in one go.
            let start = self.pos;
            while let Some(b) = self.peek() {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.pos += 1;
            }
            let run = &self.text[start..self.pos];
            match std::str::from_utf8(run) {
                Ok(s) => out.push_str(s),
                Err(e) => {
                    return Err(self.error_at(start + e.valid_up_to(), "invalid UTF-8 in a string"))
                }
            }
            match self.peek() {
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.pos += 1;
                    self.escape(&mut out)?;
                }
                Some(_) => return Err(self.error("control character in a string")),
                None => return Err(self.error("unexpected end of input in a string")),
            }
        }
    }

    /// The escape after a backslash.
    fn escape(&mut self, out: &mut String) -> Result<(), SyntaxError> {
        let c = match self.peek() {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                let start = self.pos - 1;
                self.pos += 1;
                let first = self.hex4()?;
                let code = match first {
                    0xd800..=0xdbff => {
                        if !self.text[self.pos..].starts_with(b"\\u") {
                            return Err(self.error_at(start, "lone surrogate in a string escape"));
                        }
                        self.pos += 2;
                        let second = self.hex4()?;
                        if !(0xdc00..=0xdfff).contains(&second) {
                            return Err(self.error_at(start, "lone surrogate in a string escape"));
                        }
                        0x10000 + ((first - 0xd800) << 10) + (second - 0xdc00)
                    }
                    0xdc00..=0xdfff => {
                        return Err(self.error_at(start, "lone surrogate in a string escape"))
                    }
                    _ => first,
                };
                out.push(
                    char::from_u32(code).ok_or_else(|| self.error_at(start, "invalid escape"))?,
                );
                return Ok(());
            }
            None => return Err(self.error("unexpected end of input in a string")),
            Some(_) => return Err(self.error("invalid escape in a string")),
        };
        self.pos += 1;
        out.push(c);
        Ok(())
    }

    fn hex4(&mut self) -> Result<u32, SyntaxError> {
        let mut code = 0;
        for _ in 0..4 {
            let digit = self
                .peek()
                .and_then(|b| char::from(b).to_digit(16))
                .ok_or_else(|| self.error("expected four hex digits after `\\u`"))?;
            code = code * 16 + digit;
            self.pos += 1;
        }
        Ok(code)
    }

    /// A number; `pos` is at `-` or a digit.
    fn number(&mut self) -> Result<Number, SyntaxError> {
        let start = self.pos;
        let negative = self.peek() == Some(b'-');
        if negative {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => self.digits(),
            _ => return Err(self.error("expected a digit")),
        }
        let mut integral = true;
        if self.peek() == Some(b'.') {
            integral = false;
            self.pos += 1;
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(self.error("expected a digit after the decimal point"));
            }
            self.digits();
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            integral = false;
            self.pos += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(self.error("expected a digit in the exponent"));
            }
            self.digits();
        }
        // Only ASCII digits, signs, `.` and `e` were consumed.
        let text = std::str::from_utf8(&self.text[start..self.pos]).unwrap_or_default();
        if integral {
            let exact = if negative {
                text.parse::<i64>()
                    .ok()
                    .filter(|v| *v != 0)
                    .map(Number::NegInt)
            } else {
                text.parse::<u64>().ok().map(Number::PosInt)
            };
            if let Some(number) = exact {
                return Ok(number);
            }
        }
        match text.parse::<f64>() {
            Ok(v) if v.is_finite() => Ok(Number::Float(v)),
            _ => Err(self.error_at(start, "number out of range")),
        }
    }

    fn digits(&mut self) {
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.pos += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(text: &str) -> Value {
        parse(text.as_bytes()).unwrap_or_else(|e| panic!("{text:?}: {e}"))
    }

    fn err(text: &[u8]) -> String {
        match parse(text) {
            Ok(v) => panic!("{text:?} parsed as {v}"),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn scalars() {
        assert_eq!(ok(" null "), Value::Null);
        assert_eq!(ok("true"), Value::Bool(true));
        assert_eq!(ok("false"), Value::Bool(false));
        assert_eq!(ok("0"), Value::Number(Number::PosInt(0)));
        assert_eq!(ok("-0"), Value::Number(Number::Float(-0.0)));
        assert_eq!(
            ok("18446744073709551615"),
            Value::Number(Number::PosInt(u64::MAX))
        );
        assert_eq!(
            ok("-9223372036854775808"),
            Value::Number(Number::NegInt(i64::MIN))
        );
        assert_eq!(
            ok("18446744073709551616"),
            Value::Number(Number::Float(18446744073709551616.0))
        );
        assert_eq!(ok("1.5e3"), Value::Number(Number::Float(1500.0)));
        assert_eq!(ok("1E-2"), Value::Number(Number::Float(0.01)));
        assert_eq!(ok("0.1"), Value::Number(Number::Float(0.1)));
        assert_eq!(ok("\"a\\\"b\""), Value::from("a\"b"));
    }

    #[test]
    fn strings_and_escapes() {
        assert_eq!(
            ok(r#""\" \\ \/ \b \f \n \r \t \u00e9 \ud83d\ude00 é""#),
            Value::from("\" \\ / \u{8} \u{c} \n \r \t é 😀 é")
        );
        assert_eq!(ok(r#""\u0000""#), Value::from("\0"));
        assert!(err(br#""\ud83d""#).starts_with("lone surrogate"));
        assert!(err(br#""\ud83d\u0041""#).starts_with("lone surrogate"));
        assert!(err(br#""\ude00""#).starts_with("lone surrogate"));
        assert!(err(br#""\u12""#).starts_with("expected four hex digits"));
        assert!(err(br#""\x""#).starts_with("invalid escape"));
        assert!(err(b"\"a\nb\"").starts_with("control character"));
        assert!(err(b"\"\xff\"").starts_with("invalid UTF-8"));
        assert!(err(b"\"\xe2\x82\"").starts_with("invalid UTF-8"));
        assert!(err(b"\"abc").starts_with("unexpected end of input in a string"));
    }

    #[test]
    fn containers() {
        let value = ok(r#" { "a" : [ 1 , { } , [ ] ] , "b" : "x", "a": 2 } "#);
        assert_eq!(
            value["a"].as_u64(),
            Some(2),
            "a repeated key keeps the last value"
        );
        assert_eq!(value["b"].as_str(), Some("x"));
        assert_eq!(ok("[]"), Value::Array(Vec::new()));
        assert_eq!(ok("{}"), Value::Object(Map::new()));
        assert_eq!(ok(r#"[1,[2,[3]]]"#).to_string(), "[1,[2,[3]]]");
    }

    #[test]
    fn errors_name_line_and_column() {
        assert_eq!(err(b"{\n  \"a\": }"), "expected a value at line 2 column 8");
        assert_eq!(
            err(b""),
            "unexpected end of input, expected a value at line 1 column 1"
        );
        assert_eq!(
            err(b"{} x"),
            "trailing characters after the value at line 1 column 4"
        );
        assert_eq!(err(b"[1,]"), "expected a value at line 1 column 4");
        assert_eq!(
            err(b"{\"a\":1,}"),
            "expected a member name in quotes at line 1 column 8"
        );
        assert_eq!(
            err(b"{\"a\" 1}"),
            "expected `:` after the member name at line 1 column 6"
        );
        assert_eq!(
            err(b"[1 2]"),
            "expected `,` or `]` in an array at line 1 column 4"
        );
        assert_eq!(
            err(b"{\"a\":1 \"b\":2}"),
            "expected `,` or `}` in an object at line 1 column 8"
        );
        assert_eq!(
            err(b"[1"),
            "unexpected end of input in an array at line 1 column 3"
        );
        assert_eq!(
            err(b"{\"a\":1"),
            "unexpected end of input in an object at line 1 column 7"
        );
        assert_eq!(err(b"tru"), "expected a value at line 1 column 1");
        assert_eq!(err(b"NaN"), "expected a value at line 1 column 1");
        assert_eq!(
            err(b"01"),
            "trailing characters after the value at line 1 column 2"
        );
        assert_eq!(err(b"-"), "expected a digit at line 1 column 2");
        assert_eq!(
            err(b"1."),
            "expected a digit after the decimal point at line 1 column 3"
        );
        assert_eq!(
            err(b"1e+"),
            "expected a digit in the exponent at line 1 column 4"
        );
        assert_eq!(err(b"+1"), "expected a value at line 1 column 1");
        assert_eq!(err(b"1e400"), "number out of range at line 1 column 1");
        assert_eq!(
            err(b"[\n\n  -1e999]"),
            "number out of range at line 3 column 3"
        );
    }

    #[test]
    fn nesting_is_bounded() {
        let ok_depth = "[".repeat(MAX_DEPTH) + &"]".repeat(MAX_DEPTH);
        assert!(parse(ok_depth.as_bytes()).is_ok());
        let too_deep = "[".repeat(MAX_DEPTH + 1) + &"]".repeat(MAX_DEPTH + 1);
        assert_eq!(
            err(too_deep.as_bytes()),
            format!(
                "arrays and objects nest too deeply at line 1 column {}",
                MAX_DEPTH + 1
            )
        );
        let hostile = "{\"a\":".repeat(100_000);
        assert!(err(hostile.as_bytes()).starts_with("arrays and objects nest too deeply"));
    }
}
