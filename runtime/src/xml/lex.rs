//! The pieces of XML below the tag structure: names, references, and the decoding of text runs
//! and attribute values.
//!
//! In: the document (already checked to be UTF-8) and a byte position. Out: the decoded piece
//! and the position after it, or a [`Problem`] (a byte offset and what was wrong there) that
//! the parser turns into a located error.
//!
//! Decoding follows XML 1.0: literal `\r\n` and lone `\r` become `\n` (end-of-line handling,
//! 2.11) in text and CDATA; in attribute values literal `\t`, `\n` and `\r` (after that) become
//! a space (attribute-value normalization, 3.3.3, for attributes without a DTD). Characters
//! written as references are kept as written. Only the five predefined entities and character
//! references are decoded; every other `&name;` is an error, so no DTD entity can ever expand.
//! Raw characters are not checked against XML's `Char` production (a service that sends a
//! control character is still read).

/// What went wrong, and at which byte of the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Problem {
    pub(super) offset: usize,
    pub(super) message: String,
}

impl Problem {
    pub(super) fn new(offset: usize, message: impl Into<String>) -> Self {
        Self {
            offset,
            message: message.into(),
        }
    }
}

/// XML's white space (`S`): space, tab, line feed, carriage return.
pub(super) fn is_space(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\n' | b'\r')
}

/// `NameStartChar` of XML 1.0 (fifth edition), colon included.
fn is_name_start(c: char) -> bool {
    matches!(c,
        'A'..='Z' | 'a'..='z' | '_' | ':'
        | '\u{C0}'..='\u{D6}' | '\u{D8}'..='\u{F6}' | '\u{F8}'..='\u{2FF}'
        | '\u{370}'..='\u{37D}' | '\u{37F}'..='\u{1FFF}' | '\u{200C}'..='\u{200D}'
        | '\u{2070}'..='\u{218F}' | '\u{2C00}'..='\u{2FEF}' | '\u{3001}'..='\u{D7FF}'
        | '\u{F900}'..='\u{FDCF}' | '\u{FDF0}'..='\u{FFFD}' | '\u{10000}'..='\u{EFFFF}')
}

/// `NameChar` of XML 1.0 (fifth edition).
fn is_name_char(c: char) -> bool {
    is_name_start(c)
        || matches!(c, '-' | '.' | '0'..='9' | '\u{B7}' | '\u{300}'..='\u{36F}' | '\u{203F}'..='\u{2040}')
}

/// A character for messages: printable ones as themselves, others escaped.
pub(super) fn show_char(c: char) -> String {
    if c.is_control() || c.is_whitespace() {
        format!("{:?}", c)
    } else {
        format!("`{c}`")
    }
}

/// What stands at `pos`, for messages: `` `x` ``, or `the end of the input`.
pub(super) fn found_at(text: &str, pos: usize) -> String {
    match text[pos..].chars().next() {
        Some(c) => show_char(c),
        None => "the end of the input".to_owned(),
    }
}

/// A name at `pos`; `what` says what it names (`element`, `attribute`) for messages. Returns
/// the name and the byte length of its prefix (`Some(1)` for `a:b`), with the namespace rule
/// that a qualified name has at most one colon, not at either end. Reads only the name: the
/// caller checks what follows.
pub(super) fn qualified_name<'t>(
    text: &'t str,
    pos: &mut usize,
    what: &str,
) -> Result<(&'t str, Option<usize>), Problem> {
    let start = *pos;
    let name = name(text, pos, what)?;
    let mut colons = name.match_indices(':').map(|(i, _)| i);
    let colon = colons.next();
    let valid = match colon {
        None => true,
        Some(i) => i > 0 && i + 1 < name.len() && colons.next().is_none(),
    };
    if !valid {
        return Err(Problem::new(
            start,
            format!(
                "{what} name `{}` is not a valid qualified name (at most one `:`, not at either end)",
                shorten(name)
            ),
        ));
    }
    Ok((name, colon))
}

/// A `Name` at `pos` (a processing instruction's target, or the part of a qualified name).
pub(super) fn name<'t>(text: &'t str, pos: &mut usize, what: &str) -> Result<&'t str, Problem> {
    let start = *pos;
    let mut chars = text[start..].char_indices();
    match chars.next() {
        Some((_, c)) if is_name_start(c) => {}
        _ => {
            return Err(Problem::new(
                start,
                format!("expected {what} name, found {}", found_at(text, start)),
            ))
        }
    }
    let end = chars
        .find(|(_, c)| !is_name_char(*c))
        .map_or(text.len(), |(i, _)| start + i);
    *pos = end;
    Ok(&text[start..end])
}

/// `text` cut to 64 characters for messages, with `...` when cut.
pub(super) fn shorten(text: &str) -> String {
    match text.char_indices().nth(64) {
        Some((cut, _)) => format!("{}...", &text[..cut]),
        None => text.to_owned(),
    }
}

/// Decodes the reference at `pos` (which holds `&`) onto `out` and moves past its `;`.
pub(super) fn reference(text: &str, pos: &mut usize, out: &mut String) -> Result<(), Problem> {
    let start = *pos;
    let bytes = text.as_bytes();
    let after = start + 1;
    if bytes.get(after) == Some(&b'#') {
        let (radix, digits_start) = if bytes.get(after + 1) == Some(&b'x') {
            (16, after + 2)
        } else {
            (10, after + 1)
        };
        let mut value: u32 = 0;
        let mut end = digits_start;
        while let Some(digit) = bytes.get(end).and_then(|b| char::from(*b).to_digit(radix)) {
            // Saturates above the largest code point, so long runs of digits cannot overflow.
            value = value
                .saturating_mul(radix)
                .saturating_add(digit)
                .min(0x11_0000);
            end += 1;
        }
        if end == digits_start {
            let kind = if radix == 16 {
                "hexadecimal"
            } else {
                "decimal"
            };
            return Err(Problem::new(
                start,
                format!(
                    "character reference needs {kind} digits, found {}",
                    found_at(text, end)
                ),
            ));
        }
        if bytes.get(end) != Some(&b';') {
            return Err(Problem::new(
                start,
                format!(
                    "character reference `{}` is not terminated by `;` (found {})",
                    shorten(&text[start..end]),
                    found_at(text, end)
                ),
            ));
        }
        let written = &text[start..=end];
        match char::from_u32(value) {
            Some('\0') => Err(Problem::new(
                start,
                format!(
                    "character reference `{}` names U+0000, which XML does not allow",
                    shorten(written)
                ),
            )),
            Some(c) => {
                out.push(c);
                *pos = end + 1;
                Ok(())
            }
            None => Err(Problem::new(
                start,
                format!(
                    "character reference `{}` is not a Unicode scalar value",
                    shorten(written)
                ),
            )),
        }
    } else {
        let mut end = after;
        let name = name(text, &mut end, "an entity").map_err(|_| {
            Problem::new(
                start,
                format!(
                    "`&` must start a reference (`&amp;`, `&lt;`, `&#38;`, ...), found {} after it",
                    found_at(text, after)
                ),
            )
        })?;
        if bytes.get(end) != Some(&b';') {
            return Err(Problem::new(
                start,
                format!(
                    "entity reference `&{}` is not terminated by `;` (found {})",
                    shorten(name),
                    found_at(text, end)
                ),
            ));
        }
        let c = match name {
            "lt" => '<',
            "gt" => '>',
            "amp" => '&',
            "quot" => '"',
            "apos" => '\'',
            _ => {
                return Err(Problem::new(
                    start,
                    format!(
                        "unknown entity `&{};` (only `&lt;`, `&gt;`, `&amp;`, `&quot;`, `&apos;` and character references are decoded; no DTD is read)",
                        shorten(name)
                    ),
                ))
            }
        };
        out.push(c);
        *pos = end + 1;
        Ok(())
    }
}

/// Appends `raw` (literal character data) to `out` with XML's end-of-line handling:
/// `\r\n` and a lone `\r` become `\n`.
pub(super) fn push_normalized_eol(out: &mut String, raw: &str) {
    let mut rest = raw;
    while let Some(i) = rest.find('\r') {
        out.push_str(&rest[..i]);
        out.push('\n');
        rest = &rest[i + 1..];
        if let Some(after) = rest.strip_prefix('\n') {
            rest = after;
        }
    }
    out.push_str(rest);
}

/// Decodes character data from `pos` up to the next `<` (or the end) onto `out`: references
/// decoded, line ends normalized, and `]]>` (which only ends a CDATA section) rejected.
pub(super) fn text_run(text: &str, pos: &mut usize, out: &mut String) -> Result<(), Problem> {
    let bytes = text.as_bytes();
    let mut i = *pos;
    let mut run = i;
    while let Some(&byte) = bytes.get(i) {
        match byte {
            b'<' => break,
            b'&' => {
                push_normalized_eol(out, &text[run..i]);
                reference(text, &mut i, out)?;
                run = i;
            }
            b']' if bytes[i..].starts_with(b"]]>") => {
                return Err(Problem::new(
                    i,
                    "`]]>` is not allowed in text (it only ends a CDATA section; write `]]&gt;`)",
                ))
            }
            _ => i += 1,
        }
    }
    push_normalized_eol(out, &text[run..i]);
    *pos = i;
    Ok(())
}

/// An attribute value at `pos`, which holds its opening quote; moves past the closing quote.
/// References are decoded, `\r\n` and each literal `\t`, `\n`, `\r` become one space, and `<`
/// is an error.
pub(super) fn attribute_value(text: &str, pos: &mut usize) -> Result<String, Problem> {
    let bytes = text.as_bytes();
    let open = *pos;
    let quote = bytes[open];
    let mut out = String::new();
    let mut i = open + 1;
    let mut run = i;
    loop {
        let Some(&byte) = bytes.get(i) else {
            return Err(Problem::new(
                open,
                format!(
                    "unexpected end of input in an attribute value (opened by {} here)",
                    char::from(quote)
                ),
            ));
        };
        match byte {
            b'<' => {
                return Err(Problem::new(
                    i,
                    "`<` is not allowed in an attribute value (write `&lt;`)",
                ))
            }
            b'&' => {
                out.push_str(&text[run..i]);
                reference(text, &mut i, &mut out)?;
                run = i;
            }
            b'\t' | b'\n' | b'\r' => {
                out.push_str(&text[run..i]);
                out.push(' ');
                i += if bytes[i..].starts_with(b"\r\n") {
                    2
                } else {
                    1
                };
                run = i;
            }
            _ if byte == quote => {
                out.push_str(&text[run..i]);
                *pos = i + 1;
                return Ok(out);
            }
            _ => i += 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(text: &str) -> Result<String, Problem> {
        let mut pos = 0;
        let mut out = String::new();
        text_run(text, &mut pos, &mut out)?;
        Ok(out)
    }

    fn value(text: &str) -> Result<String, Problem> {
        let mut pos = 0;
        attribute_value(text, &mut pos)
    }

    #[test]
    fn predefined_entities_and_character_references() {
        assert_eq!(decode("&lt;&gt;&amp;&quot;&apos;").as_deref(), Ok("<>&\"'"));
        assert_eq!(
            decode("&#65;&#x42;&#x0043;&#0000068;").as_deref(),
            Ok("ABCD")
        );
        assert_eq!(decode("&#x1F600;&#128512;").as_deref(), Ok("😀😀"));
        assert_eq!(decode("&#xD;&#xA;&#9;").as_deref(), Ok("\r\n\t"));
        assert_eq!(decode("&#x10FFFF;").as_deref(), Ok("\u{10FFFF}"));
        // Control characters other than NUL are allowed as references (as XML 1.1 does).
        assert_eq!(decode("&#1;&#x1f;").as_deref(), Ok("\u{1}\u{1f}"));
        // Digits beyond any code point do not overflow.
        let long = format!("&#{};", "9".repeat(10_000));
        assert!(decode(&long)
            .unwrap_err()
            .message
            .contains("is not a Unicode scalar value"));
    }

    #[test]
    fn bad_references_are_errors_at_the_ampersand() {
        let cases = [
            ("a&#0;", 1, "names U+0000"),
            ("a&#x0;", 1, "names U+0000"),
            ("&#xD800;", 0, "is not a Unicode scalar value"),
            ("&#xDFFF;", 0, "is not a Unicode scalar value"),
            ("&#x110000;", 0, "is not a Unicode scalar value"),
            ("&#;", 0, "needs decimal digits, found `;`"),
            ("&#x;", 0, "needs hexadecimal digits"),
            ("&#X41;", 0, "needs decimal digits, found `X`"),
            ("&#+65;", 0, "needs decimal digits, found `+`"),
            (
                "&#65",
                0,
                "not terminated by `;` (found the end of the input)",
            ),
            ("&#x4g;", 0, "not terminated by `;` (found `g`)"),
            ("&lt", 0, "entity reference `&lt` is not terminated by `;`"),
            ("x & y", 2, "`&` must start a reference"),
            ("&;", 0, "`&` must start a reference"),
            ("&nbsp;", 0, "unknown entity `&nbsp;`"),
            ("&LT;", 0, "unknown entity `&LT;`"),
            ("&xxe;", 0, "no DTD is read"),
        ];
        for (text, offset, message) in cases {
            let problem = decode(text).expect_err(text);
            assert_eq!(problem.offset, offset, "{text}: {problem:?}");
            assert!(problem.message.contains(message), "{text}: {problem:?}");
        }
    }

    #[test]
    fn line_ends_are_normalized_in_text() {
        assert_eq!(
            decode("a\r\nb\rc\n\r\r\nd").as_deref(),
            Ok("a\nb\nc\n\n\nd")
        );
        // A reference keeps the character it names.
        assert_eq!(decode("a&#13;&#10;b\r").as_deref(), Ok("a\r\nb\n"));
        assert_eq!(decode("\r&amp;\n").as_deref(), Ok("\n&\n"));
        let mut out = String::new();
        push_normalized_eol(&mut out, "\r\r\n\n");
        assert_eq!(out, "\n\n\n");
    }

    #[test]
    fn text_stops_at_markup_and_rejects_cdata_end() {
        let mut pos = 0;
        let mut out = String::new();
        text_run("ab<c", &mut pos, &mut out).unwrap();
        assert_eq!((pos, out.as_str()), (2, "ab"));
        assert_eq!(decode("]] > ]>").as_deref(), Ok("]] > ]>"));
        let problem = decode("a]]>").unwrap_err();
        assert_eq!(problem.offset, 1);
        assert!(problem.message.contains("`]]>` is not allowed in text"));
    }

    #[test]
    fn attribute_values_are_normalized() {
        assert_eq!(value("\"a\tb\nc\rd\r\ne\"").as_deref(), Ok("a b c d e"));
        assert_eq!(value("'&#9;&#10;&#13;'").as_deref(), Ok("\t\n\r"));
        assert_eq!(value("'say \"hi\"'").as_deref(), Ok("say \"hi\""));
        assert_eq!(value("\"it's\"").as_deref(), Ok("it's"));
        assert_eq!(value("\"&lt;&amp;&gt;\"").as_deref(), Ok("<&>"));
        assert_eq!(value("\"\"").as_deref(), Ok(""));
        let mut pos = 0;
        assert_eq!(attribute_value("'x'>", &mut pos).as_deref(), Ok("x"));
        assert_eq!(pos, 3);
        let problem = value("\"a<b\"").unwrap_err();
        assert_eq!(problem.offset, 2);
        assert!(problem
            .message
            .contains("`<` is not allowed in an attribute value"));
        let problem = value("'abc").unwrap_err();
        assert_eq!(problem.offset, 0);
        assert!(problem
            .message
            .contains("unexpected end of input in an attribute value"));
        assert!(value("'&bogus;'")
            .unwrap_err()
            .message
            .contains("unknown entity"));
    }

    #[test]
    fn names_follow_xml_and_namespaces() {
        let name_at = |text: &str| {
            let mut pos = 0;
            qualified_name(text, &mut pos, "an element").map(|(n, c)| (n.to_owned(), c, pos))
        };
        assert_eq!(name_at("a>"), Ok(("a".to_owned(), None, 1)));
        assert_eq!(name_at("s3:Key x"), Ok(("s3:Key".to_owned(), Some(2), 6)));
        assert_eq!(name_at("_a-b.c9/"), Ok(("_a-b.c9".to_owned(), None, 7)));
        assert_eq!(name_at("名前>"), Ok(("名前".to_owned(), None, 6)));
        assert_eq!(name_at("é·\u{300}"), Ok(("é·\u{300}".to_owned(), None, 6)));
        for bad in ["1a", "-a", ".a", "·a", " a", "", ">"] {
            let problem = name_at(bad).expect_err(bad);
            assert_eq!(problem.offset, 0);
            assert!(
                problem.message.starts_with("expected an element name"),
                "{problem:?}"
            );
        }
        for bad in [":a", "a:", "a:b:c", "::"] {
            let problem = name_at(bad).expect_err(bad);
            assert!(
                problem.message.contains("not a valid qualified name"),
                "{problem:?}"
            );
        }
    }

    #[test]
    fn messages_are_bounded() {
        let long = format!("&{};", "a".repeat(1000));
        let message = decode(&long).unwrap_err().message;
        assert!(message.len() < 300, "{message}");
        assert_eq!(shorten("abc"), "abc");
        assert_eq!(shorten(&"é".repeat(70)), format!("{}...", "é".repeat(64)));
        assert_eq!(found_at("a\n", 1), "'\\n'");
        assert_eq!(found_at("a", 1), "the end of the input");
    }
}
