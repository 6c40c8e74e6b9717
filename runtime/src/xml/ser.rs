//! A streaming XML writer for generated serializers.
//!
//! In: elements, attributes and text pushed one at a time through [`XmlWriter`] and
//! [`ElementWriter`]. Out: XML appended to a `String` the caller owns (as
//! [`crate::json::ObjectWriter`] does), without an XML declaration (the XML protocols send
//! none). Each element is closed by [`ElementWriter::finish`], or when its writer is dropped,
//! and a child writer borrows its parent, so the elements always nest correctly: as long as
//! names are XML names (they come from the model) and one root element is written, the text
//! is one well-formed document.
//!
//! Escaping follows smithy-rs' `aws-smithy-xml` on the wire: in text and attribute values `&`
//! `<` `>` `"` `'` become `&amp;` `&lt;` `&gt;` `&quot;` `&apos;`, and the line ends `\r`,
//! `\n`, U+0085 and U+2028 become `&#xD;` `&#xA;` `&#x85;` `&#x2028;`, so that no reader's
//! end-of-line handling can change them. Attribute values also escape `\t` as `&#x9;` (which
//! `aws-smithy-xml` leaves raw), since attribute-value normalization would turn a literal tab
//! into a space. Other characters are written as they are.
//!
//! ```
//! use smithy_rt::xml::XmlWriter;
//!
//! let mut out = String::new();
//! let mut writer = XmlWriter::new(&mut out);
//! let mut root = writer.start_element("Tagging");
//! root.namespace(None, "http://s3.amazonaws.com/doc/2006-03-01/");
//! let mut set = root.start_child("TagSet");
//! let mut tag = set.start_child("Tag");
//! tag.attribute("id", "a\"1");
//! tag.text("x < y");
//! tag.finish();
//! set.start_child("Empty").finish();
//! set.finish();
//! root.finish();
//! assert_eq!(
//!     out,
//!     r#"<Tagging xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><TagSet><Tag id="a&quot;1">x &lt; y</Tag><Empty/></TagSet></Tagging>"#
//! );
//! ```

/// Appends `text` to `out`, escaped for text content, or for a (double-quoted) attribute
/// value when `in_attribute`.
fn write_escaped(out: &mut String, text: &str, in_attribute: bool) {
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let (escape, len) = match bytes[i] {
            b'&' => ("&amp;", 1),
            b'<' => ("&lt;", 1),
            b'>' => ("&gt;", 1),
            b'"' => ("&quot;", 1),
            b'\'' => ("&apos;", 1),
            b'\r' => ("&#xD;", 1),
            b'\n' => ("&#xA;", 1),
            b'\t' if in_attribute => ("&#x9;", 1),
            // U+0085 (NEL) and U+2028 (LINE SEPARATOR), XML 1.1's extra line ends.
            0xc2 if bytes.get(i + 1) == Some(&0x85) => ("&#x85;", 2),
            0xe2 if bytes[i + 1..].starts_with(&[0x80, 0xa8]) => ("&#x2028;", 3),
            _ => {
                i += 1;
                continue;
            }
        };
        // Each escaped byte is ASCII or the lead byte of a character, so both ends of the
        // slice are character boundaries.
        out.push_str(&text[start..i]);
        out.push_str(escape);
        i += len;
        start = i;
    }
    out.push_str(&text[start..]);
}

/// The document: writes its root element into a `String` the caller owns.
#[derive(Debug)]
pub struct XmlWriter<'a> {
    out: &'a mut String,
}

impl<'a> XmlWriter<'a> {
    /// A writer that appends to `out`.
    pub fn new(out: &'a mut String) -> Self {
        Self { out }
    }

    /// Writes `<name` and returns the writer for the element's attributes and content. `name`
    /// is written as given (a name from the model, prefix included if any).
    pub fn start_element<'b>(&'b mut self, name: &'b str) -> ElementWriter<'b> {
        ElementWriter::start(self.out, name)
    }
}

/// Writes one element: first its attributes and namespace declarations, then its content
/// (text and child elements, in any order), then its end. Created by
/// [`XmlWriter::start_element`] or [`ElementWriter::start_child`]; the start tag is open
/// (`<name ...`) until the first content.
#[derive(Debug)]
#[must_use = "an element is closed by `finish` (or when dropped)"]
pub struct ElementWriter<'a> {
    out: &'a mut String,
    name: &'a str,
    /// Whether the start tag still awaits its `>` (no content yet).
    start_tag_open: bool,
}

impl<'a> ElementWriter<'a> {
    fn start(out: &'a mut String, name: &'a str) -> Self {
        out.push('<');
        out.push_str(name);
        Self {
            out,
            name,
            start_tag_open: true,
        }
    }

    fn assert_start_tag(&self, what: &str) {
        assert!(
            self.start_tag_open,
            "{what} on <{}> after its content: write attributes first (a bug in the calling code)",
            self.name
        );
    }

    /// Ends the start tag, if it is still open, before content.
    fn content(&mut self) {
        if self.start_tag_open {
            self.out.push('>');
            self.start_tag_open = false;
        }
    }

    /// Writes ` name="value"`, the value escaped.
    ///
    /// # Panics
    ///
    /// When called after text or a child element: the start tag is already written, so this
    /// is a bug in the calling code, never a consequence of input.
    pub fn attribute(&mut self, name: &str, value: &str) -> &mut Self {
        self.assert_start_tag("attribute");
        self.out.push(' ');
        self.out.push_str(name);
        self.out.push_str("=\"");
        write_escaped(self.out, value, true);
        self.out.push('"');
        self
    }

    /// Writes the namespace declaration ` xmlns="uri"` (`prefix` `None`) or
    /// ` xmlns:prefix="uri"`, the URI escaped.
    ///
    /// # Panics
    ///
    /// As [`attribute`](Self::attribute), when called after content.
    pub fn namespace(&mut self, prefix: Option<&str>, uri: &str) -> &mut Self {
        self.assert_start_tag("namespace");
        self.out.push_str(" xmlns");
        if let Some(prefix) = prefix {
            self.out.push(':');
            self.out.push_str(prefix);
        }
        self.out.push_str("=\"");
        write_escaped(self.out, uri, true);
        self.out.push('"');
        self
    }

    /// Writes `text`, escaped, as content. Empty text writes nothing (the element stays
    /// empty).
    pub fn text(&mut self, text: &str) -> &mut Self {
        if !text.is_empty() {
            self.content();
            write_escaped(self.out, text, false);
        }
        self
    }

    /// Writes `<name` as content and returns the child's writer; the child must be finished
    /// (or dropped) before this element is written to again.
    pub fn start_child<'b>(&'b mut self, name: &'b str) -> ElementWriter<'b> {
        self.content();
        ElementWriter::start(self.out, name)
    }

    /// Closes the element: `/>` when it has no content, else `</name>`.
    pub fn finish(self) {
        // `Drop` writes the end.
    }
}

impl Drop for ElementWriter<'_> {
    fn drop(&mut self) {
        if self.start_tag_open {
            self.out.push_str("/>");
        } else {
            self.out.push_str("</");
            self.out.push_str(self.name);
            self.out.push('>');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::xml::parse_document;

    fn escaped(text: &str, in_attribute: bool) -> String {
        let mut out = String::new();
        write_escaped(&mut out, text, in_attribute);
        out
    }

    fn write(f: impl FnOnce(&mut ElementWriter<'_>)) -> String {
        let mut out = String::new();
        let mut writer = XmlWriter::new(&mut out);
        let mut root = writer.start_element("r");
        f(&mut root);
        root.finish();
        out
    }

    #[test]
    fn escapes_like_aws_smithy_xml() {
        // The cases of aws-smithy-xml's own escape tests.
        assert_eq!(
            escaped("<helo>&\"'", false),
            "&lt;helo&gt;&amp;&quot;&apos;"
        );
        assert_eq!(escaped("\n \n", false), "&#xA; &#xA;");
        assert_eq!(escaped("a\r\n b\n c\r", false), "a&#xD;&#xA; b&#xA; c&#xD;");
        assert_eq!(escaped("a\r\u{85} b\u{85}", false), "a&#xD;&#x85; b&#x85;");
        assert_eq!(
            escaped("a\r\u{2028} b\u{85} c\u{2028}", false),
            "a&#xD;&#x2028; b&#x85; c&#x2028;"
        );
        // Tabs only in attribute values; everything else as is.
        assert_eq!(escaped("a\tb", false), "a\tb");
        assert_eq!(escaped("a\tb", true), "a&#x9;b");
        assert_eq!(
            escaped("é水😀\u{84}\u{2029}\u{1}", true),
            "é水😀\u{84}\u{2029}\u{1}"
        );
        assert_eq!(escaped("", true), "");
        assert_eq!(escaped("plain", false), "plain");
    }

    #[test]
    fn elements_attributes_and_namespaces() {
        assert_eq!(write(|_| {}), "<r/>");
        assert_eq!(
            write(|r| {
                r.text("");
            }),
            "<r/>"
        );
        assert_eq!(
            write(|r| {
                r.namespace(None, "urn:a")
                    .namespace(Some("p"), "urn:\"b\"")
                    .attribute("p:x", "1 & 2\t");
                r.text("t");
            }),
            r#"<r xmlns="urn:a" xmlns:p="urn:&quot;b&quot;" p:x="1 &amp; 2&#x9;">t</r>"#
        );
        assert_eq!(
            write(|r| {
                r.text("a");
                let mut c = r.start_child("c");
                c.text("1");
                c.finish();
                r.text("b");
                let mut d = r.start_child("d");
                d.attribute("k", "v");
                d.start_child("e").finish();
                d.finish();
            }),
            r#"<r>a<c>1</c>b<d k="v"><e/></d></r>"#
        );
    }

    #[test]
    fn dropped_writers_close_their_elements() {
        let out = write(|r| {
            let mut child = r.start_child("c");
            let _grandchild = child.start_child("g");
        });
        assert_eq!(out, "<r><c><g/></c></r>");
        assert!(parse_document(out.as_bytes()).is_ok());
    }

    #[test]
    #[should_panic(expected = "attribute on <r> after its content")]
    fn attributes_after_content_are_a_bug() {
        write(|r| {
            r.text("x");
            r.attribute("late", "1");
        });
    }

    #[test]
    fn written_text_reads_back() {
        let tricky = "a\r\nb\rc\n\t d &amp; <![CDATA[ ]]> \"'\u{85}\u{2028}\u{1}é水😀 ";
        let out = write(|r| {
            r.attribute("v", tricky);
            r.text(tricky);
            r.start_child("c").attribute("w", tricky).text(tricky);
        });
        let root = parse_document(out.as_bytes()).unwrap_or_else(|e| panic!("{out}: {e}"));
        assert_eq!(root.attribute("v"), Some(tricky));
        assert_eq!(root.text(), tricky);
        let child = root.child("c").unwrap();
        assert_eq!(child.attribute("w"), Some(tricky));
        assert_eq!(child.text(), tricky);
    }
}
