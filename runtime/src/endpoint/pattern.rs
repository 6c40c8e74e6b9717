//! A tiny regular-expression matcher for the `regionRegex` patterns of the partition table.
//!
//! In: a pattern such as `^(us|eu|ap)\-\w+\-\d+$` and an input string. Out: whether the
//! pattern matches somewhere in the input (`^` and `$` anchor as usual).
//!
//! Supported: literal characters, `.`, `\d`, `\w`, `\s`, escaped punctuation (`\-`, `\.`),
//! groups with alternation (`(a|b)`, also `(?:a|b)`), and the quantifiers `*`, `+` and `?`.
//! Anything else (classes `[...]`, counted repetition `{n}`, back-references, lazy
//! quantifiers) makes the pattern unsupported: [`Pattern::new`] returns `None`, and the
//! partition table treats it as matching no region. Nothing here panics on input.
//!
//! The pattern compiles to a small program that runs as a Pike VM (a set of threads advanced
//! one character at a time), so matching is linear in the input and uses no recursion.

/// Groups nested deeper than this make the pattern unsupported (bounds the parser's recursion).
const MAX_DEPTH: usize = 32;

/// A compiled pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Pattern {
    program: Vec<Inst>,
}

/// One character test.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Char(char),
    Any,
    Digit,
    Word,
    Space,
}

impl Class {
    fn matches(self, c: char) -> bool {
        match self {
            Class::Char(x) => c == x,
            Class::Any => c != '\n',
            Class::Digit => c.is_ascii_digit(),
            Class::Word => c.is_ascii_alphanumeric() || c == '_',
            Class::Space => c.is_ascii_whitespace(),
        }
    }
}

/// A parsed pattern element.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Node {
    Class(Class),
    Start,
    End,
    /// Alternatives, each a sequence.
    Group(Vec<Vec<Node>>),
    Repeat(Box<Node>, Quantifier),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Quantifier {
    /// `*`
    ZeroOrMore,
    /// `+`
    OneOrMore,
    /// `?`
    ZeroOrOne,
}

/// A VM instruction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Inst {
    Class(Class),
    AssertStart,
    AssertEnd,
    /// Continue at both targets.
    Split(usize, usize),
    Jump(usize),
    Match,
}

impl Pattern {
    /// Compiles `pattern`; `None` when it uses syntax this matcher does not support.
    pub(crate) fn new(pattern: &str) -> Option<Pattern> {
        let mut parser = Parser {
            chars: pattern.chars().collect(),
            pos: 0,
        };
        let alternatives = parser.alternation(0)?;
        if parser.pos != parser.chars.len() {
            // An unbalanced `)`.
            return None;
        }
        let mut program = Vec::new();
        compile(&Node::Group(alternatives), &mut program);
        program.push(Inst::Match);
        Some(Pattern { program })
    }

    /// Whether the pattern matches somewhere in `input`.
    pub(crate) fn is_match(&self, input: &str) -> bool {
        let chars: Vec<char> = input.chars().collect();
        let end = chars.len();
        // `seen[pc] == pos`: the thread at `pc` is already in the list for position `pos`.
        let mut seen = vec![usize::MAX; self.program.len()];
        let mut current = Vec::new();
        let mut next = Vec::new();
        // The work list of `add`, reused across positions.
        let mut stack = Vec::new();
        for pos in 0..=end {
            // Unanchored search: a new thread starts at every position.
            if self.add(&mut current, 0, pos, end, &mut seen, &mut stack) {
                return true;
            }
            let Some(&c) = chars.get(pos) else {
                break;
            };
            next.clear();
            for &pc in &current {
                if let Inst::Class(class) = self.program[pc] {
                    if class.matches(c)
                        && self.add(&mut next, pc + 1, pos + 1, end, &mut seen, &mut stack)
                    {
                        return true;
                    }
                }
            }
            std::mem::swap(&mut current, &mut next);
        }
        false
    }

    /// Adds the thread at `pc` and everything reachable from it without consuming input to
    /// `list`; returns whether `Match` is reachable.
    fn add(
        &self,
        list: &mut Vec<usize>,
        pc: usize,
        pos: usize,
        end: usize,
        seen: &mut [usize],
        stack: &mut Vec<usize>,
    ) -> bool {
        stack.clear();
        stack.push(pc);
        while let Some(pc) = stack.pop() {
            if seen[pc] == pos {
                continue;
            }
            seen[pc] = pos;
            match self.program[pc] {
                Inst::Class(_) => list.push(pc),
                Inst::AssertStart => {
                    if pos == 0 {
                        stack.push(pc + 1);
                    }
                }
                Inst::AssertEnd => {
                    if pos == end {
                        stack.push(pc + 1);
                    }
                }
                Inst::Split(a, b) => {
                    stack.push(b);
                    stack.push(a);
                }
                Inst::Jump(target) => stack.push(target),
                Inst::Match => return true,
            }
        }
        false
    }
}

struct Parser {
    chars: Vec<char>,
    pos: usize,
}

impl Parser {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    /// `seq ('|' seq)*`, up to an unconsumed `)` or the end.
    fn alternation(&mut self, depth: usize) -> Option<Vec<Vec<Node>>> {
        if depth > MAX_DEPTH {
            return None;
        }
        let mut alternatives = vec![self.sequence(depth)?];
        while self.peek() == Some('|') {
            self.pos += 1;
            alternatives.push(self.sequence(depth)?);
        }
        Some(alternatives)
    }

    /// Quantified atoms up to `|`, `)` or the end.
    fn sequence(&mut self, depth: usize) -> Option<Vec<Node>> {
        let mut nodes = Vec::new();
        while let Some(c) = self.peek() {
            if c == '|' || c == ')' {
                break;
            }
            let atom = self.atom(depth)?;
            let quantifier = match self.peek() {
                Some('*') => Some(Quantifier::ZeroOrMore),
                Some('+') => Some(Quantifier::OneOrMore),
                Some('?') => Some(Quantifier::ZeroOrOne),
                _ => None,
            };
            match quantifier {
                Some(q) => {
                    self.pos += 1;
                    if matches!(atom, Node::Start | Node::End)
                        || matches!(self.peek(), Some('*' | '+' | '?' | '{'))
                    {
                        // Quantified anchors, lazy or possessive quantifiers, `a+{2}`.
                        return None;
                    }
                    nodes.push(Node::Repeat(Box::new(atom), q));
                }
                None => nodes.push(atom),
            }
        }
        Some(nodes)
    }

    fn atom(&mut self, depth: usize) -> Option<Node> {
        let c = self.peek()?;
        self.pos += 1;
        let node = match c {
            '^' => Node::Start,
            '$' => Node::End,
            '.' => Node::Class(Class::Any),
            '(' => {
                if self.peek() == Some('?') {
                    // Only the non-capturing group `(?:`.
                    if self.chars.get(self.pos + 1) != Some(&':') {
                        return None;
                    }
                    self.pos += 2;
                }
                let alternatives = self.alternation(depth + 1)?;
                if self.peek() != Some(')') {
                    return None;
                }
                self.pos += 1;
                Node::Group(alternatives)
            }
            '\\' => {
                let e = self.peek()?;
                self.pos += 1;
                match e {
                    'd' => Node::Class(Class::Digit),
                    'w' => Node::Class(Class::Word),
                    's' => Node::Class(Class::Space),
                    e if e.is_ascii_punctuation() => Node::Class(Class::Char(e)),
                    _ => return None,
                }
            }
            '*' | '+' | '?' | '[' | ']' | '{' | '}' | ')' | '|' => return None,
            c => Node::Class(Class::Char(c)),
        };
        Some(node)
    }
}

/// Appends the instructions of `node` to `program`.
fn compile(node: &Node, program: &mut Vec<Inst>) {
    match node {
        Node::Class(class) => program.push(Inst::Class(*class)),
        Node::Start => program.push(Inst::AssertStart),
        Node::End => program.push(Inst::AssertEnd),
        Node::Group(alternatives) => {
            // Split(first, rest) ; first ; Jump(end) ; Split(second, rest) ; ... ; last
            let mut jumps = Vec::new();
            for (i, alternative) in alternatives.iter().enumerate() {
                let last = i + 1 == alternatives.len();
                let split = program.len();
                if !last {
                    program.push(Inst::Split(split + 1, 0));
                }
                for n in alternative {
                    compile(n, program);
                }
                if !last {
                    jumps.push(program.len());
                    program.push(Inst::Jump(0));
                    let rest = program.len();
                    program[split] = Inst::Split(split + 1, rest);
                }
            }
            let end = program.len();
            for j in jumps {
                program[j] = Inst::Jump(end);
            }
        }
        Node::Repeat(inner, Quantifier::OneOrMore) => {
            let start = program.len();
            compile(inner, program);
            program.push(Inst::Split(start, program.len() + 1));
        }
        Node::Repeat(inner, Quantifier::ZeroOrMore) => {
            let split = program.len();
            program.push(Inst::Split(split + 1, 0));
            compile(inner, program);
            program.push(Inst::Jump(split));
            program[split] = Inst::Split(split + 1, program.len());
        }
        Node::Repeat(inner, Quantifier::ZeroOrOne) => {
            let split = program.len();
            program.push(Inst::Split(split + 1, 0));
            compile(inner, program);
            program[split] = Inst::Split(split + 1, program.len());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether `pattern` matches somewhere in `input`; `false` for an unsupported pattern.
    fn is_match(pattern: &str, input: &str) -> bool {
        Pattern::new(pattern).is_some_and(|p| p.is_match(input))
    }

    const AWS: &str = r"^(us|eu|ap|sa|ca|me|af|il|mx)\-\w+\-\d+$";

    #[test]
    fn partition_region_patterns() {
        for region in ["us-east-1", "eu-west-3", "mx-central-1", "ap-southeast-10"] {
            assert!(is_match(AWS, region), "{region}");
        }
        for region in [
            "cn-north-1",
            "us-east-",
            "us-east-x",
            "us--1",
            "xus-east-1",
            "us-east-1x",
            "US-EAST-1",
            "",
            "us-gov-west-1-",
        ] {
            assert!(!is_match(AWS, region), "{region}");
        }
        // `\w` is `[A-Za-z0-9_]`: `gov-west` is not one word, so the aws pattern rejects it.
        assert!(!is_match(AWS, "us-gov-west-1"));
        assert!(is_match(r"^us\-gov\-\w+\-\d+$", "us-gov-west-1"));
        assert!(is_match(r"^cn\-\w+\-\d+$", "cn-northwest-1"));
        assert!(is_match(r"^eusc\-(de)\-\w+\-\d+$", "eusc-de-east-1"));
        assert!(!is_match(r"^eusc\-(de)\-\w+\-\d+$", "eusc-fr-east-1"));
    }

    #[test]
    fn unanchored_search_and_anchors() {
        assert!(is_match("b", "abc"));
        assert!(!is_match("^b", "abc"));
        assert!(!is_match("b$", "abc"));
        assert!(is_match("c$", "abc"));
        assert!(is_match("", ""));
        assert!(is_match("^$", ""));
        assert!(!is_match("^$", "a"));
    }

    #[test]
    fn quantifiers_and_groups() {
        assert!(is_match("^a*$", ""));
        assert!(is_match("^a*$", "aaa"));
        assert!(!is_match("^a+$", ""));
        assert!(is_match("^colou?r$", "color"));
        assert!(is_match("^colou?r$", "colour"));
        assert!(is_match("^(ab|c)+$", "abcab"));
        assert!(!is_match("^(ab|c)+$", "abca"));
        assert!(is_match("^(?:x|)y$", "y"));
        assert!(is_match("^(a*)*$", "aaaa"));
        assert!(is_match("^a.c$", "abc"));
        assert!(is_match(r"^\s\d$", " 7"));
        assert!(is_match(r"^a\.b$", "a.b"));
        assert!(!is_match(r"^a\.b$", "axb"));
    }

    #[test]
    fn unsupported_patterns_never_match_and_never_panic() {
        for pattern in [
            "[a-z]", "a{2}", "(a", "a)", "*a", "a**", "a+?", r"\p{L}", r"\1", "(?=a)", "^*", "\\",
        ] {
            assert_eq!(Pattern::new(pattern), None, "{pattern}");
            assert!(!is_match(pattern, "a"), "{pattern}");
        }
        let deep = format!("{}a{}", "(".repeat(100), ")".repeat(100));
        assert!(!is_match(&deep, "a"));
    }

    #[test]
    fn long_inputs_are_linear() {
        let input = "a".repeat(100_000);
        assert!(is_match("^(a|aa)*$", &input));
        assert!(!is_match("^(a|aa)*b$", &input));
    }
}
