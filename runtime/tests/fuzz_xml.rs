//! Fuzzing the XML parser, the element readers and the writer.
//!
//! Inputs: random bytes (biased towards XML's markup characters), documents written by the
//! writer from random trees, and a corpus of hand-written documents (AWS-style responses and
//! errors, declarations, CDATA, comments, PIs, references, a DOCTYPE with an entity bomb, an
//! external entity, deep nesting), each with up to four mutations. Every input goes through
//! `parse_document`, and every element of a parsed tree through every `de::` reader. None may
//! panic, each case must finish in bounded time, errors must carry a byte offset within the
//! input, and a parsed tree written back by the writer must parse to itself.
//!
//! Seeded, so a failure reproduces: `FUZZ_SEED` (default fixed) and `FUZZ_CASES` (default
//! 20 000 in debug builds, 200 000 in release). The full run:
//! `FUZZ_CASES=1000000 cargo test --release -p smithy-rt --test fuzz_xml -- --nocapture`.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::{Duration, Instant};

use smithy_rt::primitives::TimestampFormat;
use smithy_rt::xml::{self, de, Element, ElementWriter, JsonPath, XmlWriter};

/// SplitMix64: a small deterministic generator for reproducible cases.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn byte(&mut self) -> u8 {
        if self.below(3) == 0 {
            self.next() as u8
        } else {
            INTERESTING[self.below(INTERESTING.len())]
        }
    }
}

const INTERESTING: &[u8] =
    b"<>&;#x\"'/!?-[]= \r\n\t:aZ09.DOCTYPECDATAxml\xef\xbb\xbf\xc3\xa9\xe6\xb0\xb4";

/// Hand-written seeds.
const CORPUS: &[&str] = &[
    r#"<?xml version="1.0" encoding="UTF-8"?>
<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
  <Name>bucket</Name><Prefix/><KeyCount>2</KeyCount><MaxKeys>1000</MaxKeys>
  <IsTruncated>false</IsTruncated>
  <Contents><Key>a&amp;b.txt</Key><LastModified>2009-10-12T17:50:30.000Z</LastModified>
    <ETag>&quot;fba9dede5f27731c9771645a39863328&quot;</ETag><Size>434234</Size>
    <StorageClass>STANDARD</StorageClass></Contents>
  <Contents><Key>&#x1F600;</Key><Size>-1</Size></Contents>
</ListBucketResult>"#,
    r#"<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">
  <Error><Type>Sender</Type><Code>InvalidParameterValue</Code>
    <Message>Value (x &lt; y) for parameter is invalid.</Message></Error>
  <RequestId>42d59b56-7407-4c4a-be0f-4c88daeea257</RequestId>
</ErrorResponse>"#,
    r#"<Response><Errors><Error><Code>InvalidInstanceID.Malformed</Code><Message>Invalid id: "i-1"</Message></Error></Errors><RequestID>ea966190</RequestID></Response>"#,
    "\u{feff}<?xml version='1.1' standalone='no'?><!-- c --><?pi x?><a b='1' c=\"2\"><![CDATA[<x>]]>t&#10;&#x9;</a>",
    r#"<s3:Tagging xmlns:s3="urn:s3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:nil="true"><s3:TagSet/></s3:Tagging>"#,
    "<a><b><c><d><e><f><g>deep</g></f></e></d></c></b></a>",
    "<v> 12 </v>",
    "<v>-Infinity</v>",
    "<v>aGVsbG8=</v>",
    "<v>2019-12-16T23:48:18.52Z</v>",
    "<v>Tue, 29 Apr 2014 18:30:38 GMT</v>",
    "<v>1515531081.123</v>",
    "<v>true</v>",
    r#"<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]><lolz>&lol2;</lolz>"#,
    r#"<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><foo>&xxe;</foo>"#,
    "<?xml version='1.0' encoding='ISO-8859-1'?><a/>",
    "<a x='1' x='2'/>",
    "<a>]]></a>",
    "<a><!-- -- --></a>",
    "<a></b>",
    "<a>&#0;&#xD800;&#1114112;&nbsp;</a>",
];

/// Any characters, the ones that need escaping often.
fn any_text(rng: &mut Rng) -> String {
    const PIECES: &[&str] = &[
        "a", " ", "<", ">", "&", "\"", "'", "\r", "\n", "\t", "]]>", "é", "😀", "\u{85}",
        "\u{2028}", "\u{1}", "\0", "12", "-", "true", "NaN", "aGVsbG8=", "1e3",
    ];
    (0..rng.below(5))
        .map(|_| PIECES[rng.below(PIECES.len())])
        .collect()
}

fn random_element(rng: &mut Rng, depth: usize, w: &mut ElementWriter<'_>) {
    const NAMES: &[&str] = &["a", "Key", "member", "entry", "s3:Key", "é", "x-y.z"];
    for _ in 0..rng.below(3) {
        match rng.below(4) {
            0 => {
                w.namespace(None, "urn:x");
            }
            1 => {
                w.namespace(Some("s3"), "urn:s3");
            }
            _ => {
                let name = ["id", "xsi:type", "n", "é"][rng.below(4)];
                w.attribute(name, &any_text(rng));
            }
        }
    }
    let items = if depth > 4 { 0 } else { rng.below(5) };
    for _ in 0..items {
        if rng.below(2) == 0 {
            w.text(&any_text(rng));
        } else {
            let mut child = w.start_child(NAMES[rng.below(NAMES.len())]);
            random_element(rng, depth + 1, &mut child);
            child.finish();
        }
    }
}

fn mutate(rng: &mut Rng, bytes: &mut Vec<u8>) {
    for _ in 0..rng.below(5) {
        let len = bytes.len();
        let at = if len == 0 { 0 } else { rng.below(len) };
        match rng.below(7) {
            0 if len > 0 => bytes[at] = rng.byte(),
            1 if len > 0 => {
                bytes.remove(at);
            }
            2 => {
                let b = rng.byte();
                bytes.insert(at, b);
            }
            3 if len > 0 => {
                let end = (at + 1 + rng.below(16)).min(len);
                let copy = bytes[at..end].to_vec();
                bytes.splice(at..at, copy);
            }
            4 if len > 0 => bytes[at] ^= 1 << rng.below(8),
            5 => bytes.truncate(at),
            _ => {
                let b = rng.byte();
                bytes.push(b);
            }
        }
    }
}

fn input(rng: &mut Rng) -> Vec<u8> {
    let mut bytes = match rng.below(8) {
        0 | 1 => (0..rng.below(64)).map(|_| rng.byte()).collect(),
        2..=4 => {
            let mut out = String::new();
            let mut writer = XmlWriter::new(&mut out);
            let mut root = writer.start_element("Root");
            random_element(rng, 0, &mut root);
            root.finish();
            out.into_bytes()
        }
        5 | 6 => CORPUS[rng.below(CORPUS.len())].as_bytes().to_vec(),
        _ => {
            // Nesting around the limit, then a random tail.
            let unit: &[u8] = [&b"<a>"[..], b"<p:b x='1'>", b"<c><!-- -->"][rng.below(3)];
            let mut out = unit.repeat(120 + rng.below(20));
            out.extend((0..rng.below(8)).map(|_| rng.byte()));
            out
        }
    };
    mutate(rng, &mut bytes);
    bytes
}

/// Every reader on `element` and its descendants; they may fail, but only with an error at
/// the path they were given.
fn read_all(element: &Element, path: &JsonPath<'_>) {
    let at = path.to_string();
    let check = |e: xml::DeserializeError| {
        assert_eq!(e.path(), at);
        assert!(!e.message().is_empty());
        assert!(e.message().len() < 400, "{e}");
    };
    macro_rules! each {
        ($($r:expr),* $(,)?) => {
            $( if let Err(e) = $r { check(e) } )*
        };
    }
    each!(
        de::string(element, path).map(|_| ()),
        de::boolean(element, path).map(|_| ()),
        de::i8(element, path).map(|_| ()),
        de::i16(element, path).map(|_| ()),
        de::i32(element, path).map(|_| ()),
        de::i64(element, path).map(|_| ()),
        de::f32(element, path).map(|_| ()),
        de::f64(element, path).map(|_| ()),
        de::timestamp(element, path, TimestampFormat::EpochSeconds).map(|_| ()),
        de::timestamp(element, path, TimestampFormat::DateTime).map(|_| ()),
        de::timestamp(element, path, TimestampFormat::HttpDate).map(|_| ()),
        de::blob(element, path).map(|_| ()),
    );
    for (i, child) in element.children().enumerate() {
        let key = path.key(child.name());
        read_all(child, &key.index(i));
    }
}

/// Writes `element` back: namespaces, attributes, its text, then its children.
fn write_back(element: &Element, w: &mut ElementWriter<'_>) {
    for namespace in element.namespace_declarations() {
        w.namespace(namespace.prefix(), namespace.uri());
    }
    for attribute in element.attributes() {
        w.attribute(attribute.qualified_name(), attribute.value());
    }
    w.text(&element.text());
    for child in element.children() {
        let mut child_writer = w.start_child(child.qualified_name());
        write_back(child, &mut child_writer);
        child_writer.finish();
    }
}

fn run_case(bytes: &[u8]) -> bool {
    match xml::parse_document(bytes) {
        Ok(root) => {
            read_all(&root, &JsonPath::root());
            let mut out = String::new();
            let mut writer = XmlWriter::new(&mut out);
            let mut w = writer.start_element(root.qualified_name());
            write_back(&root, &mut w);
            w.finish();
            let again = xml::parse_document(out.as_bytes())
                .unwrap_or_else(|e| panic!("written tree does not parse: {e}\n{out}"));
            assert_eq!(again, root, "write-back changed the tree: {out}");
            true
        }
        Err(e) => {
            // A parse error carries an offset within the input.
            let message = e.message();
            let offset: usize = message
                .strip_prefix("invalid XML at byte ")
                .and_then(|rest| rest.split(' ').next())
                .and_then(|n| n.parse().ok())
                .unwrap_or_else(|| panic!("no offset in {e}"));
            assert!(offset <= bytes.len(), "{e}");
            assert!(message.len() < 600, "{e}");
            false
        }
    }
}

#[test]
fn fuzz_parser_readers_and_writer() {
    let default_cases = if cfg!(debug_assertions) {
        20_000
    } else {
        200_000
    };
    let cases: usize = std::env::var("FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default_cases);
    let seed: u64 = std::env::var("FUZZ_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0x0000_f022_0a11);
    // A case is microseconds; a whole second means something is quadratic or worse.
    let limit = Duration::from_secs(1);

    let started = Instant::now();
    let mut accepted = 0usize;
    let mut slowest = Duration::ZERO;
    let mut rng = Rng(seed);
    for case in 0..cases {
        let bytes = input(&mut rng);
        let t = Instant::now();
        let result = catch_unwind(AssertUnwindSafe(|| run_case(&bytes)));
        let elapsed = t.elapsed();
        match result {
            Ok(ok) => accepted += usize::from(ok),
            Err(_) => panic!(
                "seed {seed} case {case} panicked on {:?}",
                String::from_utf8_lossy(&bytes)
            ),
        }
        assert!(
            elapsed < limit,
            "seed {seed} case {case} took {elapsed:?} on {:?}",
            String::from_utf8_lossy(&bytes)
        );
        slowest = slowest.max(elapsed);
    }
    eprintln!(
        "fuzz_xml: {cases} cases (seed {seed}) in {:?}: {accepted} parsed, slowest case {slowest:?}",
        started.elapsed()
    );
    assert!(
        accepted > cases / 20 && accepted < cases,
        "{accepted} of {cases} parsed"
    );
}

#[test]
fn large_hostile_inputs_are_bounded() {
    let started = Instant::now();
    // Deep nesting of every kind of open element.
    for unit in [
        "<a>",
        "<p:a x='1' y=\"2\">",
        "<a><!-- c --><?pi?>",
        "<a>text&amp;",
    ] {
        let deep = unit.repeat(200_000);
        let e = xml::parse_document(deep.as_bytes()).expect_err("too deep");
        assert!(e.message().contains("nest more than 128 deep"), "{e}");
    }
    // An entity bomb never expands: the DOCTYPE is refused at its first byte.
    let mut bomb = String::from("<!DOCTYPE b [<!ENTITY e0 'x'>");
    for i in 1..30 {
        bomb.push_str(&format!(
            "<!ENTITY e{i} '{}'>",
            format!("&e{};", i - 1).repeat(10)
        ));
    }
    bomb.push_str("]><b>&e29;</b>");
    let e = xml::parse_document(bomb.as_bytes()).expect_err("DOCTYPE");
    assert!(e.message().contains("at byte 0 "), "{e}");
    // Unterminated constructs scanned to the end once.
    for open in [
        "<a><!--",
        "<a><![CDATA[",
        "<a><?pi ",
        "<a x='",
        "<?xml version='",
    ] {
        let mut text = String::from(open);
        text.push_str(&"-]?x ".repeat(2_000_000));
        assert!(xml::parse_document(text.as_bytes()).is_err(), "{open}");
    }
    // Many references, many siblings, many attributes (the duplicate is the last one).
    let refs = format!("<a>{}</a>", "&amp;&#x41;&lt;".repeat(1_000_000));
    assert_eq!(
        xml::parse_document(refs.as_bytes()).map(|a| a.text().len()),
        Ok(3_000_000)
    );
    let wide = format!("<r>{}</r>", "<a/>".repeat(1_000_000));
    assert_eq!(
        xml::parse_document(wide.as_bytes()).map(|r| r.children().count()),
        Ok(1_000_000)
    );
    let mut attributes = String::from("<r");
    for i in 0..200_000 {
        attributes.push_str(&format!(" a{i}='{i}'"));
    }
    attributes.push_str(" a0='again'/>");
    let e = xml::parse_document(attributes.as_bytes()).expect_err("duplicate");
    assert!(e.message().contains("duplicate attribute `a0`"), "{e}");
    // A long name and a long character reference.
    let long_name = format!("<{0}></{0}>", "n".repeat(1_000_000));
    assert!(xml::parse_document(long_name.as_bytes()).is_ok());
    let long_ref = format!("<a>&#{};</a>", "0".repeat(1_000_000));
    assert!(xml::parse_document(long_ref.as_bytes()).is_err());
    assert!(started.elapsed() < Duration::from_secs(60));
}
