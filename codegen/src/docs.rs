//! Smithy documentation (HTML fragments) → rustdoc-safe Markdown.
//!
//! **In:** the value of a `smithy.api#documentation` trait. AWS models write these as loose HTML:
//! `<p>`, `<a href>`, `<code>`, `<i>`/`<em>`, `<b>`/`<strong>`, `<ul>`/`<ol>`/`<li>`, `<dl>`/`<dt>`/
//! `<dd>`, `<note>`, `<important>`, `<pre>`, `<br/>`, `<fullname>`, character entities, source
//! indentation (tabs, newlines) inside paragraphs, unclosed tags, and literal placeholders such as
//! `<major>.<minor>.<patch>` that merely look like tags.
//!
//! **Out:** CommonMark for `#[doc = "..."]` attributes, written so that `cargo doc` on the
//! generated crate raises no warnings: paragraphs separated by blank lines, `-`/`1.` lists,
//! ```` ```text ```` fences for `<pre>`, `[text](url)` links, and every Markdown or rustdoc hazard
//! in plain text escaped (brackets that would be intra-doc links, bare URLs, tag-like `<...>`,
//! stray backticks, emphasis characters, line starts that would open headings, lists, tables or
//! quotes). Unknown tags are dropped and their text kept; an unknown tag that is never closed is
//! literal text (`<major>` stays visible, written `&lt;major&gt;`).
//!
//! The conversion never panics and is deterministic. A small hand-written tokenizer feeds a
//! forgiving tree builder (implicit `</li>`, `</p>`, `</dt>`/`</dd>`; stray end tags ignored;
//! nesting capped), and the tree is rendered to Markdown blocks.

use std::collections::BTreeMap;

/// Element nesting deeper than this is flattened (tags dropped, text kept), bounding recursion.
const MAX_DEPTH: usize = 64;
/// Longest tag (bytes) or bare URL (chars) recognised, so hostile input stays near-linear.
const MAX_TAG: usize = 4096;
const BLOCK_TAGS: &str = "p div section fullname blockquote table thead tbody tfoot tr ul ol li \
                          dl dt dd note important warning pre h1 h2 h3 h4 h5 h6 hr";
const INLINE_TAGS: &str = "a code tt kbd samp var i em cite b strong br span u sup sub small big \
                           td th caption img wbr abbr del ins";
const VOID_TAGS: &str = "br hr img wbr";
const ENTITY_NAMES: &str = "amp lt gt quot apos nbsp ndash mdash hellip lsquo rsquo ldquo rdquo \
                            laquo raquo bull middot copy reg trade deg times";
const ENTITY_CHARS: &str = "&<>\"' –—…‘’“”«»•·©®™°×";

// Inline context flags.
const LINK: u8 = 1;
const BOLD: u8 = 2;
const ITALIC: u8 = 4;

fn in_set(set: &str, name: &str) -> bool {
    set.split_whitespace().any(|t| t == name)
}

fn is_block(name: &str) -> bool {
    in_set(BLOCK_TAGS, name)
}

/// Converts one HTML documentation fragment to Markdown (see the module docs).
pub fn html_to_markdown(html: &str) -> String {
    let mut blocks = Vec::new();
    collect_blocks(&parse(html), &mut blocks);
    join_blocks(&blocks, false).trim().to_string()
}

/// The converted documentation, or an italic sentence saying the model has none for `what`
/// (plain text, escaped like any other text) when `doc` is absent or converts to nothing.
pub fn doc_or_missing(doc: Option<&str>, what: &str) -> String {
    match doc.map(html_to_markdown) {
        Some(md) if !md.is_empty() => md,
        _ => {
            let mut line = Inline::default();
            line.text(what.trim(), 0);
            format!("_No documentation in the model for {}._", line.buf)
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Tokenizer and tree builder

struct Elem {
    name: String,
    href: Option<String>,
    kids: Vec<Node>,
}

impl Elem {
    fn new(name: String, href: Option<String>) -> Self {
        Elem {
            name,
            href,
            kids: Vec::new(),
        }
    }
}

enum Node {
    Text(String),
    Elem(Elem),
}

enum Tag {
    Open(String, Option<String>, bool),
    Close(String),
    Skip,
}

fn parse(html: &str) -> Vec<Node> {
    let lower = html.to_ascii_lowercase(); // same byte offsets as `html`
    let mut last_close: BTreeMap<String, Option<usize>> = BTreeMap::new();
    let mut tree = Tree(vec![Elem::new(String::new(), None)]);
    let (mut i, mut text_start) = (0, 0);
    while let Some(p) = html[i..].find('<') {
        let at = i + p;
        i = at + 1;
        let Some((tag, end)) = parse_tag(html, &lower, at) else {
            continue;
        };
        if let Tag::Open(name, _, false) = &tag {
            // An unknown tag never closed later is literal text: `<major>.<minor>`.
            let close = last_close
                .entry(name.clone())
                .or_insert_with(|| last_end_tag(&lower, name));
            if !in_set(BLOCK_TAGS, name) && !in_set(INLINE_TAGS, name) && *close < Some(end) {
                continue;
            }
        }
        if text_start < at {
            tree.push(Node::Text(decode_entities(&html[text_start..at])));
        }
        (i, text_start) = (end, end);
        match tag {
            Tag::Open(name, href, void) => tree.open(name, href, void),
            Tag::Close(name) => tree.close(&name),
            Tag::Skip => {}
        }
    }
    if text_start < html.len() {
        tree.push(Node::Text(decode_entities(&html[text_start..])));
    }
    tree.close_to(1);
    tree.0.pop().map(|root| root.kids).unwrap_or_default()
}

/// Parses the markup at the `<` at byte `at`; `None` when that `<` is literal text.
fn parse_tag(html: &str, lower: &str, at: usize) -> Option<(Tag, usize)> {
    let b = &html.as_bytes()[at..];
    if let Some(body) = lower[at..].strip_prefix("<!--") {
        return Some((
            Tag::Skip,
            body.find("-->").map_or(html.len(), |p| at + p + 7),
        ));
    }
    if matches!(b.get(1), Some(b'!' | b'?')) {
        let gt = b.iter().take(MAX_TAG).position(|&c| c == b'>')?;
        return Some((Tag::Skip, at + gt + 1));
    }
    let closing = b.get(1) == Some(&b'/');
    let start = if closing { 2 } else { 1 };
    if !b.get(start).is_some_and(u8::is_ascii_alphabetic) {
        return None;
    }
    let name_end = start + b[start..].iter().take_while(|&&c| is_name_byte(c)).count();
    let gt = tag_end(b, name_end)?;
    let name = lower[at + start..at + name_end].to_string();
    if closing {
        return Some((Tag::Close(name), at + gt + 1));
    }
    let attrs = &html[at + name_end..at + gt];
    let void = attrs.trim_end().ends_with('/') || in_set(VOID_TAGS, &name);
    let href = if name == "a" { href(attrs) } else { None };
    Some((Tag::Open(name, href, void), at + gt + 1))
}

fn is_name_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b':')
}

/// Start of the last `</name` end tag in `lower`, if any.
fn last_end_tag(lower: &str, name: &str) -> Option<usize> {
    let pat = format!("</{name}");
    let after = |p: usize| lower.as_bytes().get(p + pat.len()).copied();
    lower
        .match_indices(&pat)
        .map(|(p, _)| p)
        .filter(|&p| !after(p).is_some_and(is_name_byte))
        .last()
}

/// Index of the `>` closing a tag, skipping quoted attribute values.
fn tag_end(b: &[u8], from: usize) -> Option<usize> {
    let (mut quote, mut last) = (None, 0u8);
    for (i, &c) in b.iter().enumerate().take(MAX_TAG).skip(from) {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == b'>' => return Some(i),
            None if matches!(c, b'"' | b'\'') && last == b'=' => quote = Some(c),
            None => {}
        }
        if !c.is_ascii_whitespace() {
            last = c;
        }
    }
    None
}

/// The entity-decoded value of the `href` attribute in a tag's attribute text.
fn href(attrs: &str) -> Option<String> {
    let lower = attrs.to_ascii_lowercase();
    for (p, _) in lower.match_indices("href") {
        if p > 0 && !lower.as_bytes()[p - 1].is_ascii_whitespace() {
            continue;
        }
        let Some(rest) = attrs[p + 4..].trim_start().strip_prefix('=') else {
            continue;
        };
        let rest = rest.trim_start();
        let value = match rest.chars().next() {
            Some(q @ ('"' | '\'')) => rest[1..].split(q).next(),
            _ => rest.split(char::is_whitespace).next(),
        };
        return value.map(decode_entities);
    }
    None
}

fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(p) = rest.find('&') {
        out.push_str(&rest[..p]);
        rest = &rest[p..];
        let (c, len) = decode_entity(rest).unwrap_or(('&', 1));
        out.push(c);
        rest = &rest[len..];
    }
    out + rest
}

/// Decodes the entity at the start of `s` (which starts with `&`): the character and length.
fn decode_entity(s: &str) -> Option<(char, usize)> {
    let semi = s.bytes().take(34).position(|b| b == b';')?;
    let name = &s[1..semi];
    let Some(num) = name.strip_prefix('#') else {
        let k = ENTITY_NAMES.split_whitespace().position(|n| n == name)?;
        return ENTITY_CHARS.chars().nth(k).map(|c| (c, semi + 1));
    };
    let (digits, radix) = num
        .strip_prefix(['x', 'X'])
        .map_or((num, 10), |hex| (hex, 16));
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    let code = u32::from_str_radix(digits, radix).ok().filter(|&c| c != 0);
    let c = code.and_then(char::from_u32).unwrap_or('\u{FFFD}');
    Some((c, semi + 1))
}

/// The stack of open elements; the root (index 0) is never popped until the end.
struct Tree(Vec<Elem>);

impl Tree {
    fn push(&mut self, node: Node) {
        if let Some(top) = self.0.last_mut() {
            top.kids.push(node);
        }
    }

    /// Pops elements until `len` (at least the root) remain, attaching each to its parent.
    fn close_to(&mut self, len: usize) {
        while self.0.len() > len.max(1) {
            if let Some(e) = self.0.pop() {
                self.push(Node::Elem(e));
            }
        }
    }

    fn close(&mut self, name: &str) {
        if let Some(k) = self.0.iter().rposition(|e| e.name == name) {
            self.close_to(k);
        }
    }

    fn open(&mut self, name: String, href: Option<String>, void: bool) {
        // Implicitly close an open element of `closes`, unless a `stop` element comes first.
        let (closes, stop): (&[&str], fn(&str) -> bool) = match name.as_str() {
            "li" => (&["li"], |n| n == "ul" || n == "ol"),
            "dt" | "dd" => (&["dt", "dd"], |n| n == "dl"),
            "p" => (&["p"], is_block),
            _ => (&[], |_| true),
        };
        for k in (1..self.0.len()).rev() {
            if closes.contains(&self.0[k].name.as_str()) {
                self.close_to(k);
                break;
            } else if stop(&self.0[k].name) {
                break;
            }
        }
        let elem = Elem::new(name, href);
        if void {
            self.push(Node::Elem(elem));
        } else if self.0.len() <= MAX_DEPTH {
            self.0.push(elem);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Blocks

enum Block {
    Para(String),
    Code(String),
    List(bool, Vec<Vec<Block>>), // ordered?, items
}

fn collect_blocks<'a>(nodes: impl IntoIterator<Item = &'a Node>, out: &mut Vec<Block>) {
    let mut line = Inline::default();
    for node in nodes {
        match node {
            Node::Elem(e) if is_block(&e.name) => {
                line.flush_into(out);
                block_elem(e, out);
            }
            _ => inline_node(node, 0, &mut line),
        }
    }
    line.flush_into(out);
}

fn blocks_of<'a>(nodes: impl IntoIterator<Item = &'a Node>) -> Vec<Block> {
    let mut out = Vec::new();
    collect_blocks(nodes, &mut out);
    out
}

fn block_elem(e: &Elem, out: &mut Vec<Block>) {
    let label = match e.name.as_str() {
        "ul" | "ol" => return push_list(out, e.name == "ol", list_items(e)),
        "li" => return push_list(out, false, vec![blocks_of(&e.kids)]),
        "dl" => return push_list(out, false, definition_items(e)),
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => return out.extend(bold_para(&e.kids)),
        "pre" => return out.extend(Some(pre_text(e)).filter(|c| !c.is_empty()).map(Block::Code)),
        "note" => "**Note:**",
        "important" => "**Important:**",
        "warning" => "**Warning:**",
        _ => return collect_blocks(&e.kids, out),
    };
    let mut inner = blocks_of(&e.kids);
    match inner.first_mut() {
        None => return,
        Some(Block::Para(p)) => *p = format!("{label} {p}"),
        Some(_) => inner.insert(0, Block::Para(label.to_string())),
    }
    out.extend(inner);
}

fn bold_para(kids: &[Node]) -> Option<Block> {
    let mut line = Inline::default();
    inline_kids(kids, BOLD, &mut line);
    let para = escape_line_starts(&format!("**{}**", line.buf));
    (!line.buf.is_empty()).then_some(Block::Para(para))
}

fn push_list(out: &mut Vec<Block>, ordered: bool, mut items: Vec<Vec<Block>>) {
    items.retain(|item| !item.is_empty());
    if !items.is_empty() {
        out.push(Block::List(ordered, items));
    }
}

/// Appends blocks to the last item, or starts one.
fn extend_last(items: &mut Vec<Vec<Block>>, blocks: Vec<Block>) {
    match items.last_mut() {
        _ if blocks.is_empty() => {}
        Some(last) => last.extend(blocks),
        None => items.push(blocks),
    }
}

/// `<li>` children become items; anything else between them joins the previous item.
fn list_items(e: &Elem) -> Vec<Vec<Block>> {
    let mut items = Vec::new();
    let mut stray: Vec<&Node> = Vec::new();
    for kid in &e.kids {
        match kid {
            Node::Elem(li) if li.name == "li" => {
                extend_last(&mut items, blocks_of(stray.drain(..)));
                items.push(blocks_of(&li.kids));
            }
            other => stray.push(other),
        }
    }
    extend_last(&mut items, blocks_of(stray));
    items
}

/// `<dt>` starts an item `**term**`; a following `<dd>` continues it after a colon.
fn definition_items(e: &Elem) -> Vec<Vec<Block>> {
    let mut items: Vec<Vec<Block>> = Vec::new();
    let mut bare_term = false;
    for kid in &e.kids {
        let mut blocks = match kid {
            Node::Elem(dt) if dt.name == "dt" => {
                items.extend(bold_para(&dt.kids).map(|term| vec![term]));
                bare_term = items.last().is_some_and(|i| i.len() == 1);
                continue;
            }
            Node::Elem(dd) if dd.name == "dd" => blocks_of(&dd.kids),
            other => blocks_of([other]),
        };
        if blocks.is_empty() {
            continue;
        }
        let term = items
            .last_mut()
            .and_then(|item| item.last_mut())
            .filter(|_| bare_term);
        if let (Some(Block::Para(term)), Block::Para(text)) = (term, &blocks[0]) {
            *term = format!("{term}: {text}");
            blocks.remove(0);
        }
        bare_term = false;
        extend_last(&mut items, blocks);
    }
    items
}

/// Text of a `<pre>`: whitespace kept, common indentation and surrounding blank lines removed.
fn pre_text(e: &Elem) -> String {
    let mut raw = String::new();
    raw_text(&e.kids, "\n", &mut raw);
    let raw = raw.replace("\r\n", "\n").replace('\r', "\n");
    let lines: Vec<&str> = raw.lines().map(str::trim_end).collect();
    let indent = |l: &&str| l.len() - l.trim_start_matches([' ', '\t']).len();
    let common = lines
        .iter()
        .filter(|l| !l.is_empty())
        .map(indent)
        .min()
        .unwrap_or(0);
    let body: Vec<&str> = lines
        .iter()
        .map(|l| l.get(common..).unwrap_or(""))
        .collect();
    body.join("\n").trim_matches('\n').to_string()
}

fn raw_text(nodes: &[Node], br: &str, out: &mut String) {
    for node in nodes {
        match node {
            Node::Text(t) => out.push_str(t),
            Node::Elem(e) if e.name == "br" => out.push_str(br),
            Node::Elem(e) => raw_text(&e.kids, br, out),
        }
    }
}

/// Serializes blocks; inside list items a paragraph followed by a nested list stays tight.
fn join_blocks(blocks: &[Block], in_item: bool) -> String {
    let mut out = String::new();
    for (i, block) in blocks.iter().enumerate() {
        if i > 0 {
            let tight =
                in_item && matches!((&blocks[i - 1], block), (Block::Para(_), Block::List(..)));
            out.push_str(if tight { "\n" } else { "\n\n" });
        }
        match block {
            Block::Para(p) => out.push_str(p),
            Block::Code(code) => {
                let fence = "`".repeat(longest_run(code, '`').max(2) + 1);
                out.push_str(&format!("{fence}text\n{code}\n{fence}"));
            }
            Block::List(ordered, items) => {
                for (n, item) in items.iter().enumerate() {
                    let marker = if *ordered {
                        format!("{}. ", n + 1)
                    } else {
                        "- ".into()
                    };
                    let body = join_blocks(item, true);
                    let indented = body.split('\n').map(|line| match line {
                        "" => String::new(),
                        _ => format!("{:w$}{line}", "", w = marker.len()),
                    });
                    let body = indented.collect::<Vec<_>>().join("\n");
                    let sep = if n > 0 { "\n" } else { "" };
                    let body = body.get(marker.len()..).unwrap_or(&body);
                    out.push_str(&format!("{sep}{marker}{body}"));
                }
            }
        }
    }
    out
}

fn longest_run(s: &str, ch: char) -> usize {
    s.split(|c| c != ch)
        .map(|run| run.chars().count())
        .max()
        .unwrap_or(0)
}

/// Escapes what would open a block construct (heading, list, table, setext underline,
/// definition) at the start of a paragraph line.
fn escape_line_starts(para: &str) -> String {
    let mut out = String::with_capacity(para.len() + 4);
    for (i, line) in para.split('\n').enumerate() {
        out.push_str(if i > 0 { "\n" } else { "" });
        let digits = line.bytes().take_while(u8::is_ascii_digit).count();
        let at = match line.as_bytes().get(digits) {
            Some(b'.' | b')') if digits > 0 => digits,
            Some(b'#' | b'-' | b'+' | b'=' | b':' | b'|') if digits == 0 => 0,
            _ => line.len(),
        };
        out.push_str(&line[..at]);
        out.push_str(if at < line.len() { "\\" } else { "" });
        out.push_str(&line[at..]);
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Inline content

/// One paragraph's inline Markdown under construction. Whitespace is kept as pending flags so
/// that runs collapse to one space (or a hard break) and nothing dangles at either end.
#[derive(Default)]
struct Inline {
    buf: String,
    space: bool,
    brk: bool,
    /// Whitespace came before any content (lets a wrapper move it outside its markers).
    lead: bool,
}

impl Inline {
    fn sep(&mut self) {
        if self.buf.is_empty() {
            self.lead |= self.space || self.brk;
        } else if self.brk {
            self.buf.push_str("\\\n");
        } else if self.space {
            self.buf.push(' ');
        }
        (self.space, self.brk) = (false, false);
    }

    fn markup(&mut self, s: &str) {
        self.sep();
        self.buf.push_str(s);
    }

    /// Appends `sub` wrapped in `open`/`close`, with its outer whitespace moved outside.
    fn wrap(&mut self, sub: Inline, open: &str, close: &str) {
        self.space |= sub.lead;
        if !sub.buf.is_empty() {
            self.markup(&format!("{open}{}{close}", sub.buf));
        }
        self.space |= sub.space;
        self.brk |= sub.brk;
    }

    fn code(&mut self, raw: &str) {
        let code = raw.split_whitespace().collect::<Vec<_>>().join(" ");
        // A backtick right before the span would merge with its fence.
        self.space |= raw.starts_with(char::is_whitespace) || self.buf.ends_with('`');
        if !code.is_empty() {
            let fence = "`".repeat(longest_run(&code, '`') + 1);
            let pad = " ".repeat(usize::from(code.starts_with('`') || code.ends_with('`')));
            self.markup(&format!("{fence}{pad}{code}{pad}{fence}"));
        }
        self.space |= raw.ends_with(char::is_whitespace);
    }

    /// Appends plain text: whitespace collapsed, bare URLs made autolinks (outside links), and
    /// Markdown-significant characters escaped.
    fn text(&mut self, s: &str, ctx: u8) {
        let cs: Vec<char> = s.chars().collect();
        let mut i = 0;
        while i < cs.len() {
            let c = cs[i];
            i += 1;
            if c.is_whitespace() || c.is_control() {
                self.space |= c.is_whitespace();
                continue;
            }
            self.sep();
            let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
            let (prev, next) = (self.buf.chars().next_back(), cs.get(i).copied());
            let bare_url = matches!(c, 'h' | 'H') && ctx & LINK == 0;
            if let Some(end) = bare_url.then(|| url_end(&cs, i - 1)).flatten() {
                self.buf.push('<');
                self.buf.extend(&cs[i - 1..end]);
                self.buf.push('>');
                i = end;
                continue;
            }
            match c {
                '\\' | '`' | '*' | '[' | ']' | '~' => self.buf.extend(['\\', c]),
                '_' if !word(prev) || !word(next) => self.buf.push_str("\\_"),
                '<' => self.buf.push_str("&lt;"),
                '>' => self.buf.push_str("&gt;"),
                '&' if looks_like_entity(&cs[i..]) => self.buf.push_str("&amp;"),
                _ => self.buf.push(c),
            }
        }
    }

    fn flush_into(&mut self, out: &mut Vec<Block>) {
        let buf = std::mem::take(self).buf;
        if !buf.is_empty() {
            out.push(Block::Para(escape_line_starts(&buf)));
        }
    }
}

/// `&` followed by `name;` or `#123;` would be read as a character reference.
fn looks_like_entity(after: &[char]) -> bool {
    let name_char = |c: &&char| c.is_ascii_alphanumeric() || **c == '#';
    let n = after.iter().take(33).take_while(name_char).count();
    n > 0 && after.get(n) == Some(&';')
}

/// End (exclusive) of a bare `http(s)://` URL starting at `start`, trailing punctuation and
/// unbalanced closing parentheses excluded.
fn url_end(cs: &[char], start: usize) -> Option<usize> {
    let head: String = cs[start..]
        .iter()
        .take(8)
        .collect::<String>()
        .to_ascii_lowercase();
    let scheme = ["https://", "http://"]
        .into_iter()
        .find(|s| head.starts_with(s))?;
    let body = start + scheme.len();
    let stop = |c: char| c.is_whitespace() || c.is_control() || "<>\"`[]{}|\\^".contains(c);
    let mut end = body;
    while end < cs.len().min(start + MAX_TAG) && !stop(cs[end]) {
        end += 1;
    }
    let count = |ch: char| cs[start..end].iter().filter(|&&c| c == ch).count();
    let (opens, mut closes) = (count('('), count(')'));
    while end > body {
        match cs[end - 1] {
            '.' | ',' | ';' | ':' | '!' | '?' | '\'' | '*' | '_' | '~' => end -= 1,
            ')' if closes > opens => (end, closes) = (end - 1, closes - 1),
            _ => break,
        }
    }
    (end > body).then_some(end)
}

fn inline_kids(kids: &[Node], ctx: u8, line: &mut Inline) {
    for kid in kids {
        inline_node(kid, ctx, line);
    }
}

fn inline_node(node: &Node, ctx: u8, line: &mut Inline) {
    let e = match node {
        Node::Text(t) => return line.text(t, ctx),
        Node::Elem(e) => e,
    };
    let (flag, mark) = match e.name.as_str() {
        "br" => return line.brk = true,
        "code" | "tt" | "kbd" | "samp" | "pre" => {
            let mut raw = String::new();
            raw_text(&e.kids, " ", &mut raw);
            return line.code(&raw);
        }
        "a" if ctx & LINK == 0 => return link(e, ctx, line),
        "i" | "em" | "cite" | "var" if ctx & ITALIC == 0 => (ITALIC, "*"),
        "b" | "strong" if ctx & BOLD == 0 => (BOLD, "**"),
        name if is_block(name) || name == "td" || name == "th" => {
            line.space = true;
            inline_kids(&e.kids, ctx, line);
            return line.space = true;
        }
        _ => return inline_kids(&e.kids, ctx, line),
    };
    let mut sub = Inline::default();
    inline_kids(&e.kids, ctx | flag, &mut sub);
    line.wrap(sub, mark, mark);
}

/// `[text](url)` for absolute URLs, `<url>` when the text is the URL, else just the text.
fn link(e: &Elem, ctx: u8, line: &mut Inline) {
    let href = e.href.as_deref().map(str::trim).filter(|h| {
        let lower = h.to_ascii_lowercase();
        let schemes = ["http://", "https://", "ftp://", "mailto:"];
        schemes
            .iter()
            .any(|s| lower.starts_with(s) && lower.len() > s.len())
    });
    let Some(href) = href else {
        return inline_kids(&e.kids, ctx, line);
    };
    let mut sub = Inline::default();
    inline_kids(&e.kids, ctx | LINK, &mut sub);
    let mut text = String::new();
    raw_text(&e.kids, " ", &mut text);
    let no_autolink = |c: char| c.is_whitespace() || c.is_control() || c == '<' || c == '>';
    if !href.contains(no_autolink) && (sub.buf.is_empty() || text.trim() == href) {
        sub.buf = href.to_string();
        return line.wrap(sub, "<", ">");
    }
    if sub.buf.is_empty() {
        sub.text(href, LINK);
    }
    let mut dest = String::new();
    for c in href.chars() {
        let escape = no_autolink(c) || "()\\".contains(c);
        let encoded = c.to_string().bytes().map(|b| format!("%{b:02X}")).collect();
        dest.push_str(&if escape { encoded } else { c.to_string() });
    }
    line.wrap(sub, "[", &format!("]({dest})"));
}

#[cfg(test)]
mod tests {
    use super::{doc_or_missing, html_to_markdown as md};

    /// Checks the invariants every converted fragment must satisfy; returns the first violation.
    fn check(out: &str) -> Result<(), String> {
        if out.contains("<p>") || out.contains("</p>") {
            return Err("raw <p> left".into());
        }
        let mut fence: Option<usize> = None;
        let mut para = String::new();
        for line in out.lines().chain([""]) {
            let mut t = line.trim_start();
            while let Some(rest) = t.strip_prefix("- ").or_else(|| {
                let digits = t.chars().take_while(char::is_ascii_digit).count();
                t[digits..].strip_prefix(". ").filter(|_| digits > 0)
            }) {
                t = rest; // list markers before a fence
            }
            let run = t.chars().take_while(|&c| c == '`').count();
            match fence {
                Some(n) if run >= n && t.trim_end().len() == run => fence = None,
                Some(_) => {}
                None if run >= 3 && !t[run..].contains('`') => fence = Some(run),
                None if t.is_empty() => check_inline(&std::mem::take(&mut para), false)?,
                None => para.push_str(&format!("{t}\n")),
            }
        }
        fence.map_or(Ok(()), |_| Err("unclosed fence".into()))
    }

    /// Inline invariants of one paragraph: code spans closed, every unescaped `[` starts a
    /// `[text](url)` link, `<` only opens autolinks, no `>` and no bare URL.
    fn check_inline(p: &str, in_link: bool) -> Result<(), String> {
        let cs: Vec<char> = p.chars().collect();
        let run = |i: usize| cs[i..].iter().take_while(|&&c| c == '`').count();
        let at = |i: usize, s: &str| cs[i..].iter().take(s.len()).copied().eq(s.chars());
        let err = |what: &str, i: usize| Err(format!("{what} at {i} in {p:?}"));
        // End of the code span opening at `i` (a backtick run), if it is closed.
        let span_end = |i: usize| {
            let (n, mut j) = (run(i), i + run(i));
            while j < cs.len() && (cs[j] != '`' || run(j) != n) {
                j += if cs[j] == '`' { run(j) } else { 1 };
            }
            (j < cs.len()).then_some(j + n)
        };
        let mut i = 0;
        while i < cs.len() {
            match cs[i] {
                '\\' => i += 2,
                '`' => match span_end(i) {
                    Some(end) => i = end,
                    None => return err("unclosed code span", i),
                },
                '[' => {
                    let mut j = i + 1;
                    while j < cs.len() && cs[j] != ']' {
                        j = match cs[j] {
                            '\\' => j + 2,
                            '`' => span_end(j).unwrap_or(j + 1),
                            _ => j + 1,
                        };
                    }
                    let j = j.min(cs.len());
                    check_inline(&cs[i + 1..j].iter().collect::<String>(), true)?;
                    if !at(j, "](") {
                        return err("unescaped [", i);
                    }
                    match cs[j..].iter().position(|&c| c == ')') {
                        Some(k) => i = j + k + 1,
                        None => return err("unclosed link", i),
                    }
                }
                '<' if at(i, "<http://") || at(i, "<https://") || at(i, "<mailto:") => {
                    match cs[i..].iter().position(|&c| c == '>' || c.is_whitespace()) {
                        Some(k) if cs[i + k] == '>' => i += k + 1,
                        _ => return err("bad autolink", i),
                    }
                }
                '<' | '>' | ']' => return err("raw markup character", i),
                'h' if !in_link && (at(i, "http://") || at(i, "https://")) => {
                    let host = cs.get(i + 7 + usize::from(cs[i + 4] == 's'));
                    if host.is_some_and(|c| c.is_alphanumeric()) {
                        return err("bare URL", i);
                    }
                    i += 1;
                }
                _ => i += 1,
            }
        }
        Ok(())
    }

    fn ok(html: &str) -> String {
        let out = md(html);
        if let Err(e) = check(&out) {
            panic!("{e}\ninput: {html:?}\noutput: {out:?}");
        }
        out
    }

    #[test]
    fn paragraphs_and_whitespace() {
        assert_eq!(
            ok("<p>One\n\t\ttwo   three</p>\n  <p> Four </p>"),
            "One two three\n\nFour"
        );
        assert_eq!(ok("plain text"), "plain text");
        assert_eq!(ok(""), "");
        assert_eq!(ok("  <p>\n</p>  "), "");
        assert_eq!(ok("<p>a<p>b</p>"), "a\n\nb");
        assert_eq!(
            ok("<fullname>EC2 Image Builder</fullname><p>x</p>"),
            "EC2 Image Builder\n\nx"
        );
        assert_eq!(ok("<div><p>in</p>tail</div>"), "in\n\ntail");
    }

    #[test]
    fn code_spans() {
        assert_eq!(ok("<p>Use <code>x_y</code>.</p>"), "Use `x_y`.");
        assert_eq!(ok("<code>a`b</code>"), "``a`b``");
        assert_eq!(ok("<code>a</code><code>b</code>`"), "`a` `b`\\`");
        assert_eq!(ok("<code>`x`</code>"), "`` `x` ``");
        assert_eq!(ok("a<code> b </code>c"), "a `b` c");
        assert_eq!(ok("<code>[x] <b>y</b>\n z</code>"), "`[x] y z`");
        assert_eq!(ok("<code></code>"), "");
        assert_eq!(ok("<code>&lt;T&gt;</code>"), "`<T>`");
    }

    #[test]
    fn emphasis() {
        assert_eq!(
            ok("<i>a</i> <em>b</em> <b>c</b> <strong>d</strong>"),
            "*a* *b* **c** **d**"
        );
        assert_eq!(ok("<b>Assignment: </b>text"), "**Assignment:** text");
        assert_eq!(ok("<b> </b>x<i></i>"), "x");
        assert_eq!(ok("<b>x<b>y</b></b> <i><i>z</i></i>"), "**xy** *z*");
        assert_eq!(ok("<b><i>both</i></b>"), "***both***");
    }

    #[test]
    fn links() {
        let a = r#"See <a href="https://x.io/a_b">the docs</a>."#;
        assert_eq!(ok(a), "See [the docs](https://x.io/a_b).");
        assert_eq!(
            ok(r#"<a href='https://x.io'>https://x.io</a>"#),
            "<https://x.io>"
        );
        assert_eq!(ok(r#"<a href="https://x.io"></a>"#), "<https://x.io>");
        assert_eq!(ok("<a>no href</a> <a name=x>anchor</a>"), "no href anchor");
        assert_eq!(ok(r##"<a href="#s">rel</a> <a href="Foo">f</a>"##), "rel f");
        let spaced = r#"<a href="https://x.io/a b(c)">t</a>"#;
        assert_eq!(ok(spaced), "[t](https://x.io/a%20b%28c%29)");
        assert_eq!(
            ok(r#"<a HREF = "https://x.io?a=1&amp;b=2">q</a>"#),
            "[q](https://x.io?a=1&b=2)"
        );
        let nested = r#"<a href="https://a.io"><code>c</code> [x] <b>b</b></a>"#;
        assert_eq!(ok(nested), r"[`c` \[x\] **b**](https://a.io)");
        let inner = r#"<a href="https://a.io">see https://b.io</a>"#;
        assert_eq!(ok(inner), "[see https://b.io](https://a.io)");
        assert_eq!(
            ok(r#"<a href="mailto:a@b.io">mail</a>"#),
            "[mail](mailto:a@b.io)"
        );
    }

    #[test]
    fn lists() {
        assert_eq!(ok("<ul><li>a</li><li><p>b</p></li></ul>"), "- a\n- b");
        assert_eq!(ok("<ol><li>a</li><li>b</li></ol>"), "1. a\n2. b");
        let nested = "<ul><li>a<ul><li>b<ol><li>c</li></ol></li></ul></li><li>d</li></ul>";
        assert_eq!(ok(nested), "- a\n  - b\n    1. c\n- d");
        assert_eq!(ok("<ul><li>one<li>two</ul>"), "- one\n- two");
        assert_eq!(ok("<ul><li><p>p1</p><p>p2</p></li></ul>"), "- p1\n\n  p2");
        assert_eq!(ok("<p>x</p><ul><li>a</li></ul><p>y</p>"), "x\n\n- a\n\ny");
        assert_eq!(ok("<ul> <li></li> </ul>"), "");
        assert_eq!(ok("<ul>stray<li>a</li></ul>"), "- stray\n- a");
        let ten = format!("<ol>{}</ol>", "<li>x<br>y</li>".repeat(10));
        assert!(ok(&ten).ends_with("10. x\\\n    y"), "{}", md(&ten));
    }

    #[test]
    fn notes_and_definitions() {
        assert_eq!(
            ok("<note><p>Careful.</p><p>More.</p></note>"),
            "**Note:** Careful.\n\nMore."
        );
        assert_eq!(ok("<important>Do it</important>"), "**Important:** Do it");
        assert_eq!(ok("<note><ul><li>a</li></ul></note>"), "**Note:**\n\n- a");
        assert_eq!(ok("<note> </note>"), "");
        let dl = "<dl><dt>Term</dt><dd>Meaning</dd><dt>T2</dt><dd><p>d</p><p>e</p></dd></dl>";
        assert_eq!(ok(dl), "- **Term**: Meaning\n- **T2**: d\n\n  e");
    }

    #[test]
    fn preformatted() {
        let pre = "<pre>\n    fn main() {\n        x();\n    }\n</pre>";
        assert_eq!(ok(pre), "```text\nfn main() {\n    x();\n}\n```");
        assert_eq!(ok("<pre>```\nx\n```</pre>"), "````text\n```\nx\n```\n````");
        assert_eq!(ok("<pre>a &lt;b&gt; [c]</pre>"), "```text\na <b> [c]\n```");
        assert_eq!(
            ok("<ul><li><pre>a\n  b</pre></li></ul>"),
            "- ```text\n  a\n    b\n  ```"
        );
        assert_eq!(ok("<pre> </pre>"), "");
    }

    #[test]
    fn line_breaks() {
        assert_eq!(ok("a<br/>b<br>c"), "a\\\nb\\\nc");
        assert_eq!(ok("<br><p><br>x<br></p><br/>"), "x");
        assert_eq!(ok("a<br/><br/>b"), "a\\\nb");
        assert_eq!(
            ok("a<br/># b<br/>1. c<br/>- d"),
            "a\\\n\\# b\\\n1\\. c\\\n\\- d"
        );
    }

    #[test]
    fn entities() {
        let e = "&amp; &lt; &gt; &quot; &#39; &apos;&nbsp;&#65;&#x42;&#X43; &copy; &mdash;";
        assert_eq!(ok(e), "& &lt; &gt; \" ' ' ABC © —");
        assert_eq!(
            ok("&bogus; &amp &# &#x; &#xZZ;"),
            "&amp;bogus; &amp &# &amp;#x; &amp;#xZZ;"
        );
        assert_eq!(
            ok("&#0; &#xD800; &#99999999999;"),
            "\u{FFFD} \u{FFFD} \u{FFFD}"
        );
        assert_eq!(ok("&amp;lt; &amp;#91;"), "&amp;lt; &amp;#91;");
        assert_eq!(ok("AT&amp;T"), "AT&T");
    }

    #[test]
    fn unknown_and_malformed_tags() {
        assert_eq!(ok("<foo>kept</foo> <bar/>x"), "kept x");
        assert_eq!(
            ok("nodes: <major>.<minor>.<patch>"),
            "nodes: &lt;major&gt;.&lt;minor&gt;.&lt;patch&gt;"
        );
        assert_eq!(
            ok("Key=<key>,Value=<value>"),
            "Key=&lt;key&gt;,Value=&lt;value&gt;"
        );
        assert_eq!(ok("a < b > c"), "a &lt; b &gt; c");
        assert_eq!(ok("<p>end <"), "end &lt;");
        assert_eq!(
            ok("<p><b>unclosed <i>both</p>next"),
            "**unclosed *both***\n\nnext"
        );
        assert_eq!(
            ok("<b>unclosed <i>both</p> next"),
            "**unclosed *both next***"
        );
        assert_eq!(ok("</p></b>stray ends</li>"), "stray ends");
        assert_eq!(ok("<!-- hidden -->shown<!DOCTYPE html><?xml x?>"), "shown");
        assert_eq!(ok("<!-- never closed"), "");
        assert_eq!(ok("<P CLASS=\"x\">Upper</P>"), "Upper");
        assert_eq!(ok("<span class=\"a>b\">q</span>"), "q");
        assert_eq!(ok("<table><tr><td>a</td><td>b</td></tr></table>"), "a b");
        assert_eq!(ok("<h2>Title</h2>"), "**Title**");
    }

    #[test]
    fn markdown_hazards_in_text() {
        assert_eq!(ok("See [Foo] or [x](y)."), r"See \[Foo\] or \[x\](y).");
        assert_eq!(ok("Go to https://a.io/x."), "Go to <https://a.io/x>.");
        assert_eq!(ok("(see http://a.io/p_(1))"), "(see <http://a.io/p_(1)>)");
        assert_eq!(
            ok("x:https://a.io, http:// alone"),
            "x:<https://a.io>, http:// alone"
        );
        assert_eq!(ok("Vec<u8> and <b>"), "Vec&lt;u8&gt; and");
        assert_eq!(
            ok("a*b* _c_ snake_case __d"),
            r"a\*b\* \_c\_ snake_case \_\_d"
        );
        assert_eq!(
            ok("`tick` ~strike~ back\\slash"),
            r"\`tick\` \~strike\~ back\\slash"
        );
        assert_eq!(ok("# not a heading"), r"\# not a heading");
        assert_eq!(ok("<p>2021.01.01 is a date</p>"), r"2021\.01.01 is a date");
        assert_eq!(ok("1) x"), r"1\) x");
        assert_eq!(ok("- x"), r"\- x");
        assert_eq!(ok("+ x"), r"\+ x");
        assert_eq!(ok("| a | b |"), r"\| a | b |");
        assert_eq!(ok("<p>\n        indented four</p>"), "indented four");
        assert_eq!(
            ok("<ul><li>1. x</li><li># y</li></ul>"),
            "- 1\\. x\n- \\# y"
        );
        assert_eq!(ok("ctrl\u{7}char"), "ctrlchar");
        assert_eq!(ok("ünïcödé ‘quotes’"), "ünïcödé ‘quotes’");
    }

    #[test]
    fn never_panics_on_hostile_input() {
        let deep_b = format!("{}x{}", "<b>".repeat(500), "</b>".repeat(500));
        assert_eq!(ok(&deep_b), "**x**");
        let deep_ul = format!("{}x{}", "<ul><li>".repeat(200), "</li></ul>".repeat(200));
        assert!(ok(&deep_ul).ends_with('x'));
        let many = "<a<a<a<a&#&#x<!<?<<//>>".repeat(300);
        check(&md(&many)).unwrap();
        for s in [
            "<",
            "</",
            "<a",
            "<a href=\"",
            "&",
            "&#",
            "<!--",
            "<!",
            "<p",
            "é<",
            "<é>",
        ] {
            check(&md(s)).unwrap();
        }
        // Deterministic pseudo-random soup of fragments.
        let parts = [
            "<p>",
            "</p>",
            "<b>",
            "</b>",
            "<i>",
            "</i>",
            "<code>",
            "</code>",
            "<ul>",
            "</ul>",
            "<ol>",
            "<li>",
            "</li>",
            "<note>",
            "</note>",
            "<pre>",
            "</pre>",
            "<br/>",
            "<dl>",
            "<dt>",
            "<dd>",
            "<a href=\"https://e.io/x_y\">",
            "<a>",
            "</a>",
            "&amp;",
            "&lt;",
            "&",
            "<",
            ">",
            "[",
            "]",
            "`",
            "``",
            "*",
            "_",
            "#",
            "1.",
            "- ",
            " ",
            "\n",
            "\t",
            "é",
            "http://e.io/p",
            "text",
            "\\",
            "|",
            "<unk>",
            "</unk>",
            "<major>",
            "\"",
            "'",
            "<!--",
            "-->",
            "(",
            ")",
            "&#x5B;",
        ];
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        for _ in 0..3000 {
            let len = next(40);
            let html: String = (0..len).map(|_| parts[next(parts.len())]).collect();
            let out = ok(&html);
            assert_eq!(out, md(&html), "deterministic");
        }
    }

    #[test]
    fn doc_or_missing_falls_back() {
        assert_eq!(doc_or_missing(Some("<p>Hi</p>"), "X"), "Hi");
        let missing = "_No documentation in the model for `Foo`\\[x\\]._";
        assert_eq!(
            doc_or_missing(None, "`Foo`[x]"),
            missing.replace('`', "\\`")
        );
        assert_eq!(
            doc_or_missing(Some("<p> </p>"), "Bar"),
            "_No documentation in the model for Bar._"
        );
    }

    /// Verbatim fragments of the Image Builder model (imagebuilder-2019-12-02.json).
    #[test]
    fn image_builder_fragments() {
        let regex = "<p>The Amazon Resource Name (ARN) of the component that you want to get. Regex requires\n\t\t\tthe suffix <code>/\\d+$</code>.</p>";
        assert_eq!(ok(regex), "The Amazon Resource Name (ARN) of the component that you want to get. Regex requires the suffix `/\\d+$`.");
        let repo = "<p>The name of the container repository where the output container image is stored. \n\t\t\tThis name is prefixed by the repository location. For example, \n\t\t\t<code><repository location url>/repository_name</code>.</p>";
        assert!(ok(repo).ends_with("For example, `<repository location url>/repository_name`."));
        let semver = "<p>The semantic version of the workflow resource. The format includes three nodes: <major>.<minor>.<patch>.</p>";
        assert!(ok(semver).ends_with("three nodes: &lt;major&gt;.&lt;minor&gt;.&lt;patch&gt;."));
        let bare = "<p>Applies a policy to a container image. We recommend that you call the RAM API\n\t\t\tCreateResourceShare\n\t\t\t(https://docs.aws.amazon.com//ram/latest/APIReference/API_CreateResourceShare.html) to share\n\t\t\tresources. If you call the Image Builder API <code>PutContainerImagePolicy</code>, you must also\n\t\t\tcall the RAM API PromoteResourceShareCreatedFromPolicy\n\t\t\t(https://docs.aws.amazon.com//ram/latest/APIReference/API_PromoteResourceShareCreatedFromPolicy.html)\n\t\t\tin order for the resource to be visible to all principals with whom the resource is\n\t\t\tshared.</p>";
        assert!(ok(bare).contains("CreateResourceShare (<https://docs.aws.amazon.com//ram/latest/APIReference/API_CreateResourceShare.html>) to share"));
        let link = "<p>Amazon Inspector generates a risk score for each finding. This score helps you to prioritize\n\t\t\tfindings, to focus on the most critical findings and the most vulnerable resources. The\n\t\t\tscore uses the Common Vulnerability Scoring System (CVSS) format. This format is a\n\t\t\tmodification of the base CVSS score that the National Vulnerability Database (NVD)\n\t\t\tprovides. For more information about severity levels, see <a href=\"https://docs.aws.amazon.com/inspector/latest/user/findings-understanding-severity.html\">Severity levels for Amazon Inspector findings</a> in the <i>Amazon Inspector User\n\t\t\t\tGuide</i>.</p>";
        assert!(ok(link).ends_with("see [Severity levels for Amazon Inspector findings](https://docs.aws.amazon.com/inspector/latest/user/findings-understanding-severity.html) in the *Amazon Inspector User Guide*."));
        let filters = "<p>Use the following filters to streamline results:</p>\n         <ul>\n            <li>\n               <p>\n                  <code>name</code>\n               </p>\n            </li>\n            <li>\n               <p>\n                  <code>version</code>\n               </p>\n            </li>\n         </ul>";
        assert_eq!(
            ok(filters),
            "Use the following filters to streamline results:\n\n- `name`\n- `version`"
        );
        let note = "<p>Use this property to provide commands or a command script to run when you launch your\n\t\t\tbuild instance.</p>\n         <p>The userDataOverride property replaces any commands that Image Builder might have added to\n\t\t\tensure that Systems Manager is installed on your Linux build instance. If you override the user\n\t\t\tdata, make sure that you add commands to install Systems Manager, if it is not pre-installed on\n\t\t\tyour base image.</p>\n         <note>\n            <p>The user data is always base 64 encoded. For example, the following commands are\n\t\t\t\tencoded as\n\t\t\t\t<code>IyEvYmluL2Jhc2gKbWtkaXIgLXAgL3Zhci9iYi8KdG91Y2ggL3Zhci$</code>:</p>\n            <p>\n               <i>#!/bin/bash</i>\n            </p>\n            <p>mkdir -p /var/bb/</p>\n            <p>touch /var</p>\n         </note>";
        assert!(ok(note).contains("\n\n**Note:** The user data is always base 64 encoded. For example, the following commands are encoded as `IyEvYmluL2Jhc2gKbWtkaXIgLXAgL3Zhci9iYi8KdG91Y2ggL3Zhci$`:\n\n*#!/bin/bash*\n\nmkdir -p /var/bb/\n\ntouch /var"));
        let arn = "<p>The Amazon Resource Name (ARN) of the image.</p>\n         <note>\n            <p>Semantic versioning is included in each object's Amazon Resource Name (ARN), \n\tat the level that applies to that object as follows:</p>\n            <ol>\n               <li>\n                  <p>Versionless ARNs and Name ARNs do not include specific values in any of the nodes. The nodes are \n\t\t\t\teither left off entirely, or they are specified as wildcards, for example: x.x.x.</p>\n               </li>\n               <li>\n                  <p>Version ARNs have only the first three nodes: <major>.<minor>.<patch></p>\n               </li>\n               <li>\n                  <p>Build version ARNs have all four nodes, and point to a specific build for a specific version of an object.</p>\n               </li>\n            </ol>\n         </note>";
        let out = ok(arn);
        assert!(out.starts_with("The Amazon Resource Name (ARN) of the image.\n\n**Note:** Semantic versioning is included in each object's Amazon Resource Name (ARN), at the level that applies to that object as follows:\n\n1. Versionless ARNs"), "{out}");
        assert!(out.contains("\n2. Version ARNs have only the first three nodes: &lt;major&gt;.&lt;minor&gt;.&lt;patch&gt;\n3. Build version"));
    }

    /// Every documentation string of the Image Builder model converts without violating the
    /// invariants (skipped when the model is not checked out next to the workspace).
    #[test]
    fn image_builder_model_property() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../shared/models/imagebuilder-2019-12-02.json"
        );
        let Ok(text) = std::fs::read_to_string(path) else {
            eprintln!("skipping: {path} not found");
            return;
        };
        let model: serde_json::Value = serde_json::from_str(&text).expect("model is JSON");
        let mut docs = Vec::new();
        let mut stack = vec![&model];
        while let Some(v) = stack.pop() {
            match v {
                serde_json::Value::Object(map) => {
                    for (k, v) in map {
                        match (k.as_str(), v.as_str()) {
                            ("smithy.api#documentation", Some(doc)) => docs.push(doc),
                            _ => stack.push(v),
                        }
                    }
                }
                serde_json::Value::Array(items) => stack.extend(items),
                _ => {}
            }
        }
        assert!(
            docs.len() > 100,
            "found only {} documentation strings",
            docs.len()
        );
        for doc in docs {
            let out = ok(doc);
            assert!(
                !out.is_empty() || doc.trim().is_empty(),
                "{doc:?} converted to nothing"
            );
            assert!(!out.contains('\t') && !out.contains("  \n"), "{out:?}");
        }
    }
}
