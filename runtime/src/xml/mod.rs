//! XML body helpers for the XML protocols (awsQuery, ec2Query, restXml): the counterpart of
//! [`crate::json`] and [`crate::cbor`], with their error and path types.
//!
//! In: response bodies as bytes, and elements that generated serializers want to write. Out:
//! - [`parse_document`]: the body's root [`Element`], a tree of owned names, attributes and
//!   text, read by the strict parser in `parse` (an explicit stack, not recursion; nesting
//!   bounded by [`MAX_DEPTH`]; time and memory linear in the input). Its errors name the
//!   open elements as a path (`$.Contents.Owner`, the root being `$`) and the byte offset,
//!   line and column: `invalid XML at byte 52 (line 3, column 9): ...`;
//! - [`de`]: readers of one element's text as a Smithy value (`i32`, `f64`, timestamps,
//!   base64 blobs, ...), whose errors name the path, the element and the text found;
//! - [`XmlWriter`] and [`ElementWriter`]: a streaming writer that appends XML to a `String`
//!   without building a tree first, escaping text and attribute values as the AWS SDKs do.
//!
//! What the reader accepts and what it refuses, for safety as much as strictness:
//! - no DTD is processed at all: a DOCTYPE is an error, so no entity can be declared, and an
//!   entity bomb or an external entity can never expand. Only `&lt;` `&gt;` `&amp;` `&quot;`
//!   `&apos;` and character references (`&#65;`, `&#x41;`, any Unicode scalar value but
//!   U+0000) are decoded; any other `&name;` is an error;
//! - the body must be UTF-8 (a byte order mark is skipped); an XML declaration that names
//!   another encoding is an error;
//! - comments and processing instructions are skipped; CDATA sections are text;
//! - XML 1.0's end-of-line handling applies (`\r\n` and `\r` read as `\n`) and, in attribute
//!   values, its normalization (`\t`, `\n`, `\r` read as a space); characters written as
//!   references are kept as written, which is why the writer escapes them;
//! - names must be XML names with at most one `:` (a namespace prefix); prefixes are kept
//!   but not resolved against the `xmlns` declarations (the protocols match local names);
//! - mismatched end tags, text or elements after the root, duplicate attributes, `<` in an
//!   attribute value, and anything unterminated are errors at their byte offset.

pub mod de;
mod lex;
mod parse;
pub mod ser;

#[cfg(test)]
mod differential;

use std::borrow::Cow;

pub use crate::json::{DeserializeError, JsonPath, MAX_DEPTH};
pub use ser::{ElementWriter, XmlWriter};

/// Parses an XML document and returns its root element.
///
/// `body` must be UTF-8 and hold exactly one root element, with only white space, comments
/// and processing instructions around it (after an optional XML declaration). Anything else is
/// an error that says where and what was wrong; see the [module docs](self) for the rules.
///
/// ```
/// let root = smithy_rt::xml::parse_document(
///     br#"<?xml version="1.0" encoding="UTF-8"?>
/// <ListResult xmlns="https://example.com/doc/2006-03-01/">
///   <Name>a &amp; b</Name>
///   <Item id="1"/><Item id="2"/>
/// </ListResult>"#,
/// )
/// .unwrap();
/// assert_eq!(root.name(), "ListResult");
/// assert_eq!(root.child("Name").unwrap().text(), "a & b");
/// let ids: Vec<_> = root.children_named("Item").filter_map(|e| e.attribute("id")).collect();
/// assert_eq!(ids, ["1", "2"]);
/// ```
pub fn parse_document(body: &[u8]) -> Result<Element, DeserializeError> {
    parse::parse(body)
}

/// One element of a parsed document: its name, attributes, namespace declarations, child
/// elements (in document order) and text.
///
/// Lookups by name compare local names: the namespace prefix (`s3:Key` has the prefix `s3`)
/// is stripped. They are linear scans, so a deserializer that reads many members of one
/// element should walk [`children`](Self::children) once and dispatch on
/// [`name`](Self::name).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Element {
    /// The name as written, prefix included.
    qname: String,
    /// The byte index of the `:` in `qname`, when there is a prefix.
    colon: Option<usize>,
    attributes: Vec<Attribute>,
    namespaces: Vec<NamespaceDeclaration>,
    children: Vec<Element>,
    /// The element's own text and CDATA content, decoded, in document order.
    text: String,
}

/// The local part of `qname`, after the `:` at `colon`.
fn local(qname: &str, colon: Option<usize>) -> &str {
    colon.map_or(qname, |i| &qname[i + 1..])
}

impl Element {
    /// An element named `qname` (whose `:` is at `colon`) with nothing in it yet.
    fn named(qname: &str, colon: Option<usize>) -> Self {
        Self {
            qname: qname.to_owned(),
            colon,
            ..Self::default()
        }
    }

    /// The local name: `Key` for both `<Key>` and `<s3:Key>`.
    pub fn name(&self) -> &str {
        local(&self.qname, self.colon)
    }

    /// The namespace prefix: `Some("s3")` for `<s3:Key>`, `None` for `<Key>`.
    pub fn prefix(&self) -> Option<&str> {
        self.colon.map(|i| &self.qname[..i])
    }

    /// The name as written, prefix included: `s3:Key`.
    pub fn qualified_name(&self) -> &str {
        &self.qname
    }

    /// The value of the first attribute whose local name is `local_name` (prefix stripped),
    /// decoded. Namespace declarations are not attributes here: see
    /// [`namespace_declarations`](Self::namespace_declarations).
    pub fn attribute(&self, local_name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|a| a.name() == local_name)
            .map(Attribute::value)
    }

    /// The attributes in document order, without the namespace declarations.
    pub fn attributes(&self) -> std::slice::Iter<'_, Attribute> {
        self.attributes.iter()
    }

    /// The `xmlns="..."` and `xmlns:prefix="..."` declarations of this element, in document
    /// order.
    pub fn namespace_declarations(&self) -> std::slice::Iter<'_, NamespaceDeclaration> {
        self.namespaces.iter()
    }

    /// The child elements in document order.
    pub fn children(&self) -> std::slice::Iter<'_, Element> {
        self.children.iter()
    }

    /// The first child element whose local name is `local_name`.
    pub fn child(&self, local_name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name() == local_name)
    }

    /// The child elements whose local name is `local_name`, in document order (the members
    /// of a flattened list or map).
    pub fn children_named<'a>(
        &'a self,
        local_name: &'a str,
    ) -> impl Iterator<Item = &'a Element> + 'a {
        self.children.iter().filter(move |c| c.name() == local_name)
    }

    /// The element's own text: its character data and CDATA sections concatenated in
    /// document order, references decoded, line ends normalized; the text of child
    /// elements is not included. Empty for `<a/>` and `<a></a>`. White space is kept as it
    /// is (the [`de`] readers trim it where a value cannot contain it).
    pub fn text(&self) -> Cow<'_, str> {
        Cow::Borrowed(&self.text)
    }

    /// Whether the element has child elements.
    pub fn has_children(&self) -> bool {
        !self.children.is_empty()
    }

    /// Whether the element has neither child elements nor text (attributes do not count):
    /// `<a/>`, `<a></a>`, `<a x="1"><!-- note --></a>`.
    pub fn is_empty(&self) -> bool {
        self.children.is_empty() && self.text.is_empty()
    }
}

/// An attribute of an [`Element`] (never a namespace declaration).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attribute {
    qname: String,
    colon: Option<usize>,
    value: String,
}

impl Attribute {
    /// The local name: `lang` for `xml:lang`.
    pub fn name(&self) -> &str {
        local(&self.qname, self.colon)
    }

    /// The namespace prefix, if any: `Some("xml")` for `xml:lang`.
    pub fn prefix(&self) -> Option<&str> {
        self.colon.map(|i| &self.qname[..i])
    }

    /// The name as written, prefix included.
    pub fn qualified_name(&self) -> &str {
        &self.qname
    }

    /// The value, references decoded and white space normalized.
    pub fn value(&self) -> &str {
        &self.value
    }
}

/// A namespace declaration of an [`Element`]: `xmlns="uri"` or `xmlns:prefix="uri"`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamespaceDeclaration {
    prefix: Option<String>,
    uri: String,
}

impl NamespaceDeclaration {
    /// The declared prefix; `None` for the default namespace (`xmlns="..."`).
    pub fn prefix(&self) -> Option<&str> {
        self.prefix.as_deref()
    }

    /// The namespace name (a URI; empty when `xmlns=""` undeclares the default namespace).
    pub fn uri(&self) -> &str {
        &self.uri
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Element {
        parse_document(text.as_bytes()).unwrap_or_else(|e| panic!("{text:?}: {e}"))
    }

    #[test]
    fn element_accessors() {
        let root = parse(
            r#"<s3:Result xmlns="urn:default" xmlns:s3="urn:s3" a="1" s3:b="2" xml:lang="en">
                 lead <s3:Key>k1</s3:Key> middle <Key x="y">k2</Key><Other/> tail
               </s3:Result>"#,
        );
        assert_eq!(root.name(), "Result");
        assert_eq!(root.prefix(), Some("s3"));
        assert_eq!(root.qualified_name(), "s3:Result");
        assert_eq!(root.attribute("a"), Some("1"));
        assert_eq!(root.attribute("b"), Some("2"));
        assert_eq!(root.attribute("lang"), Some("en"));
        assert_eq!(root.attribute("xmlns"), None);
        assert_eq!(root.attribute("s3"), None);
        let attributes: Vec<_> = root
            .attributes()
            .map(|a| (a.prefix(), a.name(), a.qualified_name(), a.value()))
            .collect();
        assert_eq!(
            attributes,
            [
                (None, "a", "a", "1"),
                (Some("s3"), "b", "s3:b", "2"),
                (Some("xml"), "lang", "xml:lang", "en")
            ]
        );
        let namespaces: Vec<_> = root
            .namespace_declarations()
            .map(|n| (n.prefix(), n.uri()))
            .collect();
        assert_eq!(namespaces, [(None, "urn:default"), (Some("s3"), "urn:s3")]);

        let names: Vec<_> = root.children().map(Element::qualified_name).collect();
        assert_eq!(names, ["s3:Key", "Key", "Other"]);
        assert_eq!(root.child("Key").map(|e| e.text()), Some("k1".into()));
        let keys: Vec<_> = root.children_named("Key").map(|e| e.text()).collect();
        assert_eq!(keys, ["k1", "k2"]);
        assert_eq!(root.child("Key").and_then(|e| e.prefix()), Some("s3"));
        assert!(root.child("Missing").is_none());
        assert_eq!(root.children_named("Missing").count(), 0);
        // Own text only, in document order, white space kept.
        let text = root.text();
        assert!(text.trim_start().starts_with("lead "), "{text:?}");
        assert!(text.contains("  middle  tail"), "{text:?}");
        assert!(root.has_children() && !root.is_empty());

        let other = root.child("Other").unwrap();
        assert!(other.is_empty() && !other.has_children());
        assert_eq!(other.text(), "");
        assert_eq!(other.attributes().count(), 0);
    }

    #[test]
    fn text_joins_character_data_and_cdata() {
        let root = parse("<a>x<![CDATA[<&amp;>]]>y<b>inner</b>&lt;z<!-- c --><?pi?></a>");
        assert_eq!(root.text(), "x<&amp;>y<z");
        assert_eq!(root.child("b").unwrap().text(), "inner");
        let empty_cdata = parse("<a><![CDATA[]]></a>");
        assert!(empty_cdata.is_empty());
        let spaces = parse("<a> </a>");
        assert!(!spaces.is_empty() && !spaces.has_children());
    }

    #[test]
    fn elements_stay_small() {
        // The parser's docs promise about 140 bytes per element besides names and text.
        assert!(std::mem::size_of::<Element>() <= 136);
    }

    #[test]
    fn is_empty_ignores_attributes_and_comments() {
        for text in [
            "<a/>",
            "<a></a>",
            "<a x='1'><!-- note --></a>",
            "<a><?pi x?></a>",
        ] {
            assert!(parse(text).is_empty(), "{text}");
        }
    }
}
