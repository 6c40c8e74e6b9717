//! The document parser: the tag structure of an XML 1.0 document, built into an [`Element`]
//! tree.
//!
//! In: the body's bytes. Out: the root element, or a [`DeserializeError`] whose path names
//! the open elements below the root (`$.Contents.Owner`) and whose message gives the byte
//! offset, line and column (1-based, column in bytes) and what was wrong:
//! ``invalid XML at byte 52 (line 3, column 9): end tag `</Key>` does not match ...``.
//!
//! The parser is a loop over markup with an explicit stack of open elements (no recursion),
//! so nesting costs heap, not stack, and is bounded by [`MAX_DEPTH`]. Every construct is
//! found by a forward scan that never revisits input, so time is linear in the input; memory
//! is the tree itself (the decoded names, attribute values and text, and about 140 bytes per
//! element), never more than a constant times the input.
//!
//! Accepted: a UTF-8 byte order mark; an XML declaration at the very start (`version` `1.x`,
//! `encoding` absent or `UTF-8` in any case, `standalone` `yes` or `no`, in that order);
//! comments and processing instructions anywhere (skipped); white space around the root;
//! CDATA sections (their content is text); the references of [`super::lex`]. Rejected, each
//! at the offending byte: input that is not UTF-8; a DOCTYPE (no DTD is processed at all);
//! any other `<!` markup; the reserved target `xml` for a processing instruction (a
//! declaration that is not at the start); `--` inside a comment; names that are not XML
//! names or not qualified names; a missing space between attributes; an attribute without a
//! quoted value; a duplicate attribute; an end tag that does not match its start tag; text,
//! CDATA or a second element outside the root; anything left unterminated.

use super::lex::{self, found_at, Problem};
use super::{Attribute, Element, NamespaceDeclaration, MAX_DEPTH};
use crate::json::{DeserializeError, JsonPath};

const BOM: &str = "\u{feff}";

/// Parses `input` as one XML document and returns its root element.
pub(super) fn parse(input: &[u8]) -> Result<Element, DeserializeError> {
    let text = match std::str::from_utf8(input) {
        Ok(text) => text,
        Err(e) => {
            let message = if input.starts_with(&[0xff, 0xfe]) || input.starts_with(&[0xfe, 0xff]) {
                "the document is UTF-16; only UTF-8 is supported"
            } else {
                "invalid UTF-8"
            };
            return Err(located(input, "$".to_owned(), e.valid_up_to(), message));
        }
    };
    let mut parser = Parser {
        text,
        pos: 0,
        open: Vec::new(),
        root: None,
        spans: Vec::new(),
    };
    let result = parser.document();
    result.map_err(|problem| located(input, parser.path(), problem.offset, &problem.message))
}

/// The error for `message` at byte `offset`, with its line and column.
fn located(input: &[u8], path: String, offset: usize, message: &str) -> DeserializeError {
    let before = &input[..offset.min(input.len())];
    let line = 1 + before.iter().filter(|b| **b == b'\n').count();
    let line_start = before
        .iter()
        .rposition(|b| *b == b'\n')
        .map_or(0, |i| i + 1);
    let column = offset - line_start + 1;
    DeserializeError::at(
        path,
        format!("invalid XML at byte {offset} (line {line}, column {column}): {message}"),
    )
}

/// An element whose end tag has not been read yet.
struct Open {
    element: Element,
    /// Offset of its `<`.
    start: usize,
}

struct Parser<'t> {
    text: &'t str,
    pos: usize,
    /// The open elements, outermost first.
    open: Vec<Open>,
    /// The root element once it is complete.
    root: Option<Element>,
    /// The (offset, length) of each attribute name in the current start tag, for the
    /// duplicate check; kept to reuse its allocation.
    spans: Vec<(usize, usize)>,
}

impl<'t> Parser<'t> {
    fn bytes(&self) -> &'t [u8] {
        self.text.as_bytes()
    }

    fn peek(&self) -> Option<u8> {
        self.bytes().get(self.pos).copied()
    }

    fn rest(&self) -> &'t str {
        &self.text[self.pos..]
    }

    /// Skips white space; true when there was some.
    fn skip_space(&mut self) -> bool {
        let start = self.pos;
        while self.peek().is_some_and(lex::is_space) {
            self.pos += 1;
        }
        self.pos > start
    }

    /// The path of the innermost open element: the root is `$`, its children `$.Child`.
    fn path(&self) -> String {
        fn render(parent: &JsonPath<'_>, rest: &[Open]) -> String {
            match rest.split_first() {
                None => parent.to_string(),
                Some((open, rest)) => render(&parent.key(open.element.name()), rest),
            }
        }
        render(&JsonPath::root(), self.open.get(1..).unwrap_or_default())
    }

    fn document(&mut self) -> Result<Element, Problem> {
        if self.text.starts_with(BOM) {
            self.pos = BOM.len();
        }
        // `<?xml` then white space or `?>`; `<?xml-stylesheet` is an ordinary PI.
        let after = self.bytes().get(self.pos + 5);
        if self.rest().starts_with("<?xml")
            && after.is_some_and(|b| *b == b'?' || lex::is_space(*b))
        {
            self.declaration()?;
        }
        while let Some(byte) = self.peek() {
            if byte == b'<' {
                self.markup()?;
            } else {
                self.character_data()?;
            }
        }
        if let Some(open) = self.open.last() {
            return Err(Problem::new(
                self.pos,
                format!(
                    "unexpected end of input: `<{}>` (at byte {}) is not closed",
                    lex::shorten(&open.element.qname),
                    open.start
                ),
            ));
        }
        self.root
            .take()
            .ok_or_else(|| Problem::new(self.pos, "no root element"))
    }

    /// `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`; `pos` is at `<?xml`.
    fn declaration(&mut self) -> Result<(), Problem> {
        const ORDER: &str =
            "expected `version`, then optionally `encoding`, then optionally `standalone`";
        let start = self.pos;
        self.pos += "<?xml".len();
        // How many of `version`, `encoding`, `standalone` the order has passed.
        let mut seen = 0;
        loop {
            let spaced = self.skip_space();
            if self.rest().starts_with("?>") {
                self.pos += 2;
                break;
            }
            if self.peek().is_none() {
                return Err(Problem::new(
                    start,
                    "unexpected end of input in the XML declaration (no `?>`)",
                ));
            }
            if !spaced {
                return Err(Problem::new(
                    self.pos,
                    format!(
                        "expected white space or `?>` in the XML declaration, found {}",
                        found_at(self.text, self.pos)
                    ),
                ));
            }
            let name_start = self.pos;
            let name = lex::name(self.text, &mut self.pos, "a declaration attribute")?;
            let (value_start, value) = self.declaration_value(name)?;
            match (name, seen) {
                ("version", 0) => {
                    let valid = value.strip_prefix("1.").is_some_and(|minor| {
                        !minor.is_empty() && minor.bytes().all(|b| b.is_ascii_digit())
                    });
                    if !valid {
                        return Err(Problem::new(
                            value_start,
                            format!(
                                "unsupported XML version `{}` (expected 1.x)",
                                lex::shorten(value)
                            ),
                        ));
                    }
                    seen = 1;
                }
                ("encoding", 1) => {
                    if !value.eq_ignore_ascii_case("utf-8") {
                        return Err(Problem::new(
                            value_start,
                            format!(
                                "encoding `{}` is not supported: only UTF-8 is",
                                lex::shorten(value)
                            ),
                        ));
                    }
                    seen = 2;
                }
                ("standalone", 1 | 2) => {
                    if value != "yes" && value != "no" {
                        return Err(Problem::new(
                            value_start,
                            format!(
                                "standalone must be `yes` or `no`, found `{}`",
                                lex::shorten(value)
                            ),
                        ));
                    }
                    seen = 3;
                }
                _ => {
                    return Err(Problem::new(
                        name_start,
                        format!(
                            "unexpected `{}` in the XML declaration ({ORDER}, each once)",
                            lex::shorten(name)
                        ),
                    ))
                }
            }
        }
        if seen == 0 {
            return Err(Problem::new(
                start,
                format!("the XML declaration has no version ({ORDER})"),
            ));
        }
        Ok(())
    }

    /// `= "value"` after a declaration's pseudo-attribute `name`: the value's offset and
    /// text (no references: every value has a fixed alphabet).
    fn declaration_value(&mut self, name: &str) -> Result<(usize, &'t str), Problem> {
        self.skip_space();
        if self.peek() != Some(b'=') {
            return Err(Problem::new(
                self.pos,
                format!(
                    "expected `=` after `{}` in the XML declaration, found {}",
                    lex::shorten(name),
                    found_at(self.text, self.pos)
                ),
            ));
        }
        self.pos += 1;
        self.skip_space();
        let quote = match self.peek() {
            Some(quote @ (b'"' | b'\'')) => quote,
            _ => {
                return Err(Problem::new(
                    self.pos,
                    format!(
                        "expected a quoted value for `{}` in the XML declaration, found {}",
                        lex::shorten(name),
                        found_at(self.text, self.pos)
                    ),
                ))
            }
        };
        let value_start = self.pos + 1;
        let Some(len) = self.bytes()[value_start..].iter().position(|b| *b == quote) else {
            return Err(Problem::new(
                self.pos,
                "unexpected end of input in the XML declaration (an unterminated value)",
            ));
        };
        self.pos = value_start + len + 1;
        Ok((value_start, &self.text[value_start..value_start + len]))
    }

    /// Markup at `pos`, which holds `<`.
    fn markup(&mut self) -> Result<(), Problem> {
        let rest = self.rest();
        if rest.starts_with("<?") {
            self.processing_instruction()
        } else if rest.starts_with("<!--") {
            self.comment()
        } else if rest.starts_with("<![CDATA[") {
            self.cdata()
        } else if rest
            .get(..9)
            .is_some_and(|m| m.eq_ignore_ascii_case("<!DOCTYPE"))
        {
            Err(Problem::new(
                self.pos,
                "a DOCTYPE is not allowed: no DTD is processed, so no entity can be declared or expanded",
            ))
        } else if rest.starts_with("<!") {
            Err(Problem::new(
                self.pos,
                "unexpected `<!`: only a comment `<!--` or a CDATA section `<![CDATA[` may start so",
            ))
        } else if rest.starts_with("</") {
            self.end_tag()
        } else {
            self.start_tag()
        }
    }

    /// `<?target ...?>`, skipped.
    fn processing_instruction(&mut self) -> Result<(), Problem> {
        let start = self.pos;
        self.pos += 2;
        let target = lex::name(self.text, &mut self.pos, "a processing instruction target")?;
        let ends = self.rest().starts_with("?>");
        if !ends && self.peek().is_some() && !self.peek().is_some_and(lex::is_space) {
            return Err(Problem::new(
                self.pos,
                format!(
                    "expected white space or `?>` after the processing instruction target `{}`, found {}",
                    lex::shorten(target),
                    found_at(self.text, self.pos)
                ),
            ));
        }
        if target.eq_ignore_ascii_case("xml") {
            return Err(Problem::new(
                start,
                format!(
                    "`<?{target}` is reserved: an XML declaration is only allowed at the very start of the document"
                ),
            ));
        }
        if ends {
            self.pos += 2;
            return Ok(());
        }
        match self.rest().find("?>") {
            Some(len) => {
                self.pos += len + 2;
                Ok(())
            }
            None => Err(Problem::new(
                start,
                "unexpected end of input in a processing instruction (no `?>`)",
            )),
        }
    }

    /// `<!-- ... -->`, skipped; `--` may not appear inside.
    fn comment(&mut self) -> Result<(), Problem> {
        let start = self.pos;
        let body = start + "<!--".len();
        match self.text[body..].find("--") {
            None => Err(Problem::new(
                start,
                "unexpected end of input in a comment (no `-->`)",
            )),
            Some(len) if self.bytes().get(body + len + 2) == Some(&b'>') => {
                self.pos = body + len + 3;
                Ok(())
            }
            Some(len) => Err(Problem::new(
                body + len,
                "`--` is not allowed inside a comment",
            )),
        }
    }

    /// `<![CDATA[ ... ]]>`: its content, line ends normalized, is text of the open element.
    fn cdata(&mut self) -> Result<(), Problem> {
        let start = self.pos;
        let Some(open) = self.open.last_mut() else {
            return Err(Problem::new(
                start,
                "a CDATA section outside the root element",
            ));
        };
        let body = start + "<![CDATA[".len();
        let Some(len) = self.text[body..].find("]]>") else {
            return Err(Problem::new(
                start,
                "unexpected end of input in a CDATA section (no `]]>`)",
            ));
        };
        lex::push_normalized_eol(&mut open.element.text, &self.text[body..body + len]);
        self.pos = body + len + 3;
        Ok(())
    }

    /// Text up to the next `<`: the open element's, or white space outside the root.
    fn character_data(&mut self) -> Result<(), Problem> {
        if let Some(open) = self.open.last_mut() {
            return lex::text_run(self.text, &mut self.pos, &mut open.element.text);
        }
        self.skip_space();
        match self.peek() {
            None | Some(b'<') => Ok(()),
            Some(_) => {
                let place = if self.root.is_some() {
                    "after"
                } else {
                    "before"
                };
                Err(Problem::new(
                    self.pos,
                    format!(
                        "text {place} the root element (found {}); only white space, comments and processing instructions may stand outside it",
                        found_at(self.text, self.pos)
                    ),
                ))
            }
        }
    }

    /// `<name attr="value" ...>` or `<name .../>`; `pos` is at `<`.
    fn start_tag(&mut self) -> Result<(), Problem> {
        let start = self.pos;
        self.pos += 1;
        let (qname, colon) = lex::qualified_name(self.text, &mut self.pos, "an element")?;
        if self.open.is_empty() && self.root.is_some() {
            return Err(Problem::new(
                start,
                format!(
                    "a second root element `<{}>` (a document has exactly one)",
                    lex::shorten(qname)
                ),
            ));
        }
        if self.open.len() >= MAX_DEPTH {
            return Err(Problem::new(
                start,
                format!("elements nest more than {MAX_DEPTH} deep"),
            ));
        }
        let mut element = Element::named(qname, colon);
        self.spans.clear();
        loop {
            let spaced = self.skip_space();
            match self.peek() {
                Some(b'>') => {
                    self.pos += 1;
                    self.check_duplicates(qname)?;
                    self.open.push(Open { element, start });
                    return Ok(());
                }
                Some(b'/') if self.rest().starts_with("/>") => {
                    self.pos += 2;
                    self.check_duplicates(qname)?;
                    self.close(element);
                    return Ok(());
                }
                None => {
                    return Err(Problem::new(
                        start,
                        format!(
                            "unexpected end of input in the start tag `<{}`",
                            lex::shorten(qname)
                        ),
                    ))
                }
                Some(_) if !spaced || self.peek() == Some(b'/') => {
                    return Err(Problem::new(
                        self.pos,
                        format!(
                            "expected white space, `>` or `/>` in the start tag `<{}`, found {}",
                            lex::shorten(qname),
                            found_at(self.text, self.pos)
                        ),
                    ))
                }
                Some(_) => self.attribute(&mut element)?,
            }
        }
    }

    /// `name="value"` in a start tag: an attribute, or a namespace declaration (`xmlns`,
    /// `xmlns:prefix`).
    fn attribute(&mut self, element: &mut Element) -> Result<(), Problem> {
        let name_start = self.pos;
        let (qname, colon) = lex::qualified_name(self.text, &mut self.pos, "an attribute")?;
        self.skip_space();
        if self.peek() != Some(b'=') {
            return Err(Problem::new(
                self.pos,
                format!(
                    "expected `=` after the attribute name `{}`, found {}",
                    lex::shorten(qname),
                    found_at(self.text, self.pos)
                ),
            ));
        }
        self.pos += 1;
        self.skip_space();
        if !matches!(self.peek(), Some(b'"' | b'\'')) {
            return Err(Problem::new(
                self.pos,
                format!(
                    "expected a quoted value for the attribute `{}`, found {}",
                    lex::shorten(qname),
                    found_at(self.text, self.pos)
                ),
            ));
        }
        let value = lex::attribute_value(self.text, &mut self.pos)?;
        self.spans.push((name_start, qname.len()));
        match colon {
            None if qname == "xmlns" => element.namespaces.push(NamespaceDeclaration {
                prefix: None,
                uri: value,
            }),
            Some(i) if &qname[..i] == "xmlns" => element.namespaces.push(NamespaceDeclaration {
                prefix: Some(qname[i + 1..].to_owned()),
                uri: value,
            }),
            _ => element.attributes.push(Attribute {
                qname: qname.to_owned(),
                colon,
                value,
            }),
        }
        Ok(())
    }

    /// Fails when two attributes of the start tag just read have the same qualified name,
    /// at the first repetition. Quadratic only for a handful of attributes; sorts otherwise.
    fn check_duplicates(&mut self, element: &str) -> Result<(), Problem> {
        let text = self.text;
        let name = |&(start, len): &(usize, usize)| &text[start..start + len];
        let spans = &mut self.spans;
        let repeated = if spans.len() <= 8 {
            (1..spans.len())
                .find(|&j| (0..j).any(|i| name(&spans[i]) == name(&spans[j])))
                .map(|j| spans[j])
        } else {
            spans.sort_unstable_by(|a, b| name(a).cmp(name(b)).then(a.0.cmp(&b.0)));
            spans
                .windows(2)
                .filter(|pair| name(&pair[0]) == name(&pair[1]))
                .map(|pair| pair[1])
                .min_by_key(|span| span.0)
        };
        match repeated {
            None => Ok(()),
            Some(span) => Err(Problem::new(
                span.0,
                format!(
                    "duplicate attribute `{}` in `<{}>`",
                    lex::shorten(name(&span)),
                    lex::shorten(element)
                ),
            )),
        }
    }

    /// `</name>`; `pos` is at `<`.
    fn end_tag(&mut self) -> Result<(), Problem> {
        let start = self.pos;
        self.pos += 2;
        let (qname, _) = lex::qualified_name(self.text, &mut self.pos, "an element")?;
        self.skip_space();
        if self.peek() != Some(b'>') {
            return Err(Problem::new(
                self.pos,
                format!(
                    "expected `>` to end the end tag `</{}`, found {}",
                    lex::shorten(qname),
                    found_at(self.text, self.pos)
                ),
            ));
        }
        self.pos += 1;
        match self.open.pop() {
            Some(open) if open.element.qname == qname => {
                self.close(open.element);
                Ok(())
            }
            Some(open) => {
                let message = format!(
                    "end tag `</{}>` does not match the start tag `<{}>` at byte {}",
                    lex::shorten(qname),
                    lex::shorten(&open.element.qname),
                    open.start
                );
                // Kept open, so that the error's path names it.
                self.open.push(open);
                Err(Problem::new(start, message))
            }
            None => {
                let place = if self.root.is_some() {
                    "after the root element"
                } else {
                    "without a start tag"
                };
                Err(Problem::new(
                    start,
                    format!("end tag `</{}>` {place}", lex::shorten(qname)),
                ))
            }
        }
    }

    /// A complete element: a child of the open element, or the root.
    fn close(&mut self, element: Element) {
        match self.open.last_mut() {
            Some(parent) => parent.element.children.push(element),
            None => self.root = Some(element),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, Instant};

    use super::*;

    fn ok(text: &str) -> Element {
        parse(text.as_bytes()).unwrap_or_else(|e| panic!("{text:?}: {e}"))
    }

    fn err(text: &str) -> String {
        err_bytes(text.as_bytes())
    }

    fn err_bytes(bytes: &[u8]) -> String {
        match parse(bytes) {
            Ok(root) => panic!("{:?} parsed as {root:?}", String::from_utf8_lossy(bytes)),
            Err(e) => e.to_string(),
        }
    }

    /// Asserts that `text` fails at byte `offset` with a message containing `message`.
    fn fails(text: &str, offset: usize, message: &str) {
        let e = err(text);
        assert!(
            e.contains(&format!("invalid XML at byte {offset} ")) && e.contains(message),
            "{text:?}: {e}"
        );
    }

    #[test]
    fn documents_with_prolog_and_epilog() {
        let root = ok("<a/>");
        assert_eq!(root.name(), "a");
        let root = ok("\u{feff}<?xml version=\"1.0\"?><a>x</a>");
        assert_eq!(root.text(), "x");
        let root = ok(concat!(
            "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n",
            "<!-- before -->\n<?pi data?>\n",
            "<a><b/></a>\n",
            "<!-- after --> <?after?>\n\n"
        ));
        assert_eq!(root.children().count(), 1);
        for decl in [
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>",
            "<?xml version=\"1.1\" encoding=\"Utf-8\"?>",
            "<?xml version = '1.0'  standalone = \"no\"?>",
            "<?xml\tversion=\"1.0\"\r\n?>",
            "<?xml version=\"1.10\"?>",
        ] {
            ok(&format!("{decl}<a/>"));
        }
        // A PI whose target only starts with `xml` is an ordinary PI.
        ok("<?xml-stylesheet href='a.xsl'?><a/>");
    }

    #[test]
    fn declarations_are_checked() {
        fails(
            "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a/>",
            30,
            "encoding `ISO-8859-1` is not supported: only UTF-8 is",
        );
        fails(
            "<?xml version='1.0' encoding='utf8'?><a/>",
            30,
            "`utf8` is not supported",
        );
        fails(
            "<?xml version='1.0' encoding='UTF-16'?><a/>",
            30,
            "not supported",
        );
        fails(
            "<?xml version='2.0'?><a/>",
            15,
            "unsupported XML version `2.0`",
        );
        fails("<?xml version='1.'?><a/>", 15, "unsupported XML version");
        fails("<?xml?><a/>", 0, "the XML declaration has no version");
        fails("<?xml encoding='UTF-8'?><a/>", 6, "unexpected `encoding`");
        fails(
            "<?xml version='1.0' standalone='yes' encoding='UTF-8'?><a/>",
            37,
            "unexpected `encoding`",
        );
        fails(
            "<?xml version='1.0' version='1.0'?><a/>",
            20,
            "unexpected `version`",
        );
        fails(
            "<?xml version='1.0' foo='bar'?><a/>",
            20,
            "unexpected `foo`",
        );
        fails(
            "<?xml version='1.0'encoding='UTF-8'?><a/>",
            19,
            "expected white space or `?>`",
        );
        fails(
            "<?xml version='1.0' standalone='maybe'?><a/>",
            32,
            "standalone must be",
        );
        fails(
            "<?xml version=1.0?><a/>",
            14,
            "expected a quoted value for `version`",
        );
        fails(
            "<?xml version '1.0'?><a/>",
            14,
            "expected `=` after `version`",
        );
        fails(
            "<?xml version='1.0'",
            0,
            "unexpected end of input in the XML declaration",
        );
        fails("<?xml version='1.0", 14, "an unterminated value");
        // Only at the very start.
        fails(" <?xml version='1.0'?><a/>", 1, "`<?xml` is reserved");
        fails(
            "<!-- c --><?xml version='1.0'?><a/>",
            10,
            "only allowed at the very start",
        );
        fails("<a><?xml version='1.0'?></a>", 3, "`<?xml` is reserved");
        fails("<?XML version='1.0'?><a/>", 0, "`<?XML` is reserved");
    }

    #[test]
    fn a_doctype_is_always_an_error() {
        let billion_laughs = r#"<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<lolz>&lol3;</lolz>"#;
        let e = err(billion_laughs);
        assert!(
            e.contains("at byte 22 (line 2, column 1): a DOCTYPE is not allowed"),
            "{e}"
        );
        let external =
            r#"<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><foo>&xxe;</foo>"#;
        fails(external, 0, "no DTD is processed");
        fails("<!doctype html><a/>", 0, "a DOCTYPE is not allowed");
        fails("<a><!DOCTYPE a></a>", 3, "a DOCTYPE is not allowed");
        // Without a DTD an entity reference is simply unknown.
        fails("<foo>&xxe;</foo>", 5, "unknown entity `&xxe;`");
        fails("<foo a='&lol;'/>", 8, "unknown entity `&lol;`");
        fails("<a><!ENTITY x 'y'></a>", 3, "unexpected `<!`");
        fails("<!ELEMENT a ANY><a/>", 0, "unexpected `<!`");
    }

    #[test]
    fn comments_and_processing_instructions_are_skipped() {
        let root = ok("<a>x<!-- <b>not</b> - -><? -->y<?pi <b/> ?>z<?pi?><!----></a>");
        assert_eq!(root.text(), "xyz");
        assert!(!root.has_children());
        fails(
            "<a><!-- a -- b --></a>",
            10,
            "`--` is not allowed inside a comment",
        );
        fails(
            "<a><!-- a ---></a>",
            10,
            "`--` is not allowed inside a comment",
        );
        fails("<a><!--></a>", 3, "unexpected end of input in a comment");
        fails("<a><!---></a>", 3, "unexpected end of input in a comment");
        fails("<a><!-- x", 3, "unexpected end of input in a comment");
        fails(
            "<a><?pi x",
            3,
            "unexpected end of input in a processing instruction",
        );
        fails(
            "<a><?pi",
            3,
            "unexpected end of input in a processing instruction",
        );
        fails(
            "<a><?pi/x?></a>",
            7,
            "expected white space or `?>` after the processing instruction target `pi`",
        );
        fails(
            "<a><? x?></a>",
            5,
            "expected a processing instruction target name",
        );
        ok("<a><?pi-x?></a>");
    }

    #[test]
    fn cdata_is_text() {
        let root = ok("<a>1<![CDATA[<b>&amp;]]]]><![CDATA[>\r\n]]>2</a>");
        assert_eq!(root.text(), "1<b>&amp;]]>\n2");
        fails(
            "<![CDATA[x]]><a/>",
            0,
            "a CDATA section outside the root element",
        );
        fails(
            "<a/><![CDATA[x]]>",
            4,
            "a CDATA section outside the root element",
        );
        fails(
            "<a><![CDATA[x]]</a>",
            3,
            "unexpected end of input in a CDATA section",
        );
        fails("<a>x]]>y</a>", 4, "`]]>` is not allowed in text");
        fails("<a><![CDATA x]]></a>", 3, "unexpected `<!`");
    }

    #[test]
    fn line_ends_and_references() {
        let root = ok("<a\r\nx='1\r\n2\t3'\r>l1\r\nl2\rl3&#13;&#xA;&lt;&gt;&amp;&quot;&apos;</a>");
        assert_eq!(root.attribute("x"), Some("1 2 3"));
        assert_eq!(root.text(), "l1\nl2\nl3\r\n<>&\"'");
        fails("<a>&nbsp;</a>", 3, "unknown entity `&nbsp;`");
        fails(
            "<a>AT&T</a>",
            5,
            "entity reference `&T` is not terminated by `;`",
        );
        fails("<a>&#xD800;</a>", 3, "is not a Unicode scalar value");
        fails("<a>&#0;</a>", 3, "names U+0000");
        fails("&amp;<a/>", 0, "text before the root element");
    }

    #[test]
    fn structure_errors_are_located() {
        let e = err("<Root>\n  <A>\n    <B></A>\n</Root>");
        assert_eq!(
            e,
            "$.A.B: invalid XML at byte 20 (line 3, column 8): end tag `</A>` does not match the start tag `<B>` at byte 17"
        );
        let e = err("<a>\n<b>");
        assert_eq!(
            e,
            "$.b: invalid XML at byte 7 (line 2, column 4): unexpected end of input: `<b>` (at byte 4) is not closed"
        );
        fails("<a></a><b/>", 7, "a second root element `<b>`");
        fails("<a></a>x", 7, "text after the root element (found `x`)");
        fails("x<a></a>", 0, "text before the root element");
        fails("<a></a></a>", 7, "end tag `</a>` after the root element");
        fails("</a>", 0, "end tag `</a>` without a start tag");
        fails("", 0, "no root element");
        fails("  \n ", 4, "no root element");
        fails("<!-- only a comment -->", 23, "no root element");
        fails(
            "<p:a></a>",
            5,
            "end tag `</a>` does not match the start tag `<p:a>`",
        );
        ok("<a></a >");
        ok("<a></a\n>");
        fails(
            "<a></a x>",
            7,
            "expected `>` to end the end tag `</a`, found `x`",
        );
        fails("<a></ a>", 5, "expected an element name, found ' '");
        fails(
            "<a><",
            4,
            "expected an element name, found the end of the input",
        );
        fails("<a>< b/></a>", 4, "expected an element name");
        fails("<1a/>", 1, "expected an element name, found `1`");
        fails(
            "<a:b:c/>",
            1,
            "element name `a:b:c` is not a valid qualified name",
        );
        fails(
            "<a b:='1'/>",
            3,
            "attribute name `b:` is not a valid qualified name",
        );
    }

    #[test]
    fn start_tags_are_checked() {
        let root = ok("<a  x = \"1\"\ty='2'\n/>");
        assert_eq!(
            (root.attribute("x"), root.attribute("y")),
            (Some("1"), Some("2"))
        );
        fails(
            "<a x='1'y='2'/>",
            8,
            "expected white space, `>` or `/>` in the start tag `<a`, found `y`",
        );
        fails("<a/ >", 2, "found `/`");
        fails(
            "<a x/>",
            4,
            "expected `=` after the attribute name `x`, found `/`",
        );
        fails(
            "<a x=1/>",
            5,
            "expected a quoted value for the attribute `x`, found `1`",
        );
        fails("<a x='<'/>", 6, "`<` is not allowed in an attribute value");
        fails(
            "<a x='1",
            5,
            "unexpected end of input in an attribute value",
        );
        fails(
            "<a x='1'",
            0,
            "unexpected end of input in the start tag `<a`",
        );
        fails("<a", 0, "unexpected end of input in the start tag `<a`");
        fails("<a%/>", 2, "found `%`");
        // `>` is fine in attribute values and text.
        assert_eq!(ok("<a x='>'>></a>").text(), ">");
    }

    #[test]
    fn duplicate_attributes_are_errors() {
        fails("<a x='1' x='2'/>", 9, "duplicate attribute `x` in `<a>`");
        fails("<a p:x='1' p:x='2'></a>", 11, "duplicate attribute `p:x`");
        fails(
            "<a xmlns='u' xmlns='v'/>",
            13,
            "duplicate attribute `xmlns`",
        );
        fails(
            "<a xmlns:p='u' b='' xmlns:p='v'/>",
            20,
            "duplicate attribute `xmlns:p`",
        );
        // Different qualified names are different attributes, even with one local name.
        let root = ok("<a x='1' p:x='2' xmlns:x='3'/>");
        assert_eq!(root.attribute("x"), Some("1"));
        assert_eq!(root.attributes().count(), 2);
        // Many attributes take the sorting path; the first repetition in the text is reported.
        let mut many = String::from("<a");
        for i in 0..1000 {
            many.push_str(&format!(" a{i}='{i}'"));
        }
        let at_first = many.len();
        many.push_str(" a999='x' a5='y'/>");
        fails(&many, at_first + 1, "duplicate attribute `a999`");
        let ok_many = format!("{}/>", &many[..at_first]);
        assert_eq!(ok(&ok_many).attributes().count(), 1000);
    }

    #[test]
    fn invalid_utf8_is_located() {
        let e = err_bytes(b"<a>ok \xff</a>");
        assert_eq!(
            e,
            "$: invalid XML at byte 6 (line 1, column 7): invalid UTF-8"
        );
        let e = err_bytes(b"<a>\xe2\x82</a>");
        assert!(e.contains("at byte 3"), "{e}");
        let e = err_bytes(b"\xff\xfe<\x00a\x00/\x00>\x00");
        assert!(
            e.contains("the document is UTF-16; only UTF-8 is supported"),
            "{e}"
        );
        // Surrogates encoded as UTF-8 are not UTF-8.
        assert!(err_bytes(b"<a>\xed\xa0\x80</a>").contains("invalid UTF-8"));
        // A BOM is skipped only at the start.
        assert!(err("<a/>\u{feff}").contains("text after the root element"));
    }

    #[test]
    fn nesting_is_bounded_without_recursion() {
        let nested = |depth: usize| format!("{}{}", "<a>".repeat(depth), "</a>".repeat(depth));
        assert!(parse(nested(MAX_DEPTH).as_bytes()).is_ok());
        let e = err(&nested(MAX_DEPTH + 1));
        assert!(
            e.contains(&format!("at byte {}", 3 * MAX_DEPTH))
                && e.contains("elements nest more than 128 deep"),
            "{e}"
        );
        // A million open tags: an error at the bound, not a stack overflow.
        let started = Instant::now();
        let e = err(&"<a>".repeat(1_000_000));
        assert!(e.contains("nest more than 128 deep"), "{e}");
        assert!(started.elapsed() < Duration::from_secs(5));
    }

    #[test]
    fn huge_values_parse_in_linear_time() {
        const SIZE: usize = 50 << 20;
        let doc = format!(
            "<a v='{}'>{}&amp;{}</a>",
            "x".repeat(SIZE),
            "y".repeat(SIZE / 2),
            "z".repeat(SIZE / 2)
        );
        let started = Instant::now();
        let root = ok(&doc);
        assert_eq!(root.attribute("v").map(str::len), Some(SIZE));
        assert_eq!(root.text().len(), SIZE + 1);
        // Debug builds scan about 100 MB/s; quadratic behaviour would take hours.
        let elapsed = started.elapsed();
        assert!(elapsed < Duration::from_secs(20), "{elapsed:?}");
        // Many siblings and many attributes are linear too.
        let wide = format!("<r>{}</r>", "<a/>".repeat(200_000));
        assert_eq!(ok(&wide).children().count(), 200_000);
        let mut attributes = String::from("<r");
        for i in 0..100_000 {
            attributes.push_str(&format!(" a{i}=''"));
        }
        attributes.push_str("/>");
        assert_eq!(ok(&attributes).attributes().count(), 100_000);
    }
}
