//! Python `re` syntax → an AST → fancy-regex syntax with Python semantics.
//!
//! spaCy stores its tokenizer rules as Python `re` patterns. Most of the syntax is shared with
//! Rust regex engines, but not the meaning of every piece, so patterns are parsed and re-emitted:
//! - `\w`, `\d`, `\s` (and negations) become explicit classes from Python's Unicode tables
//!   ([`super::py_classes`]); `(?a)` switches them to ASCII as in Python.
//! - `$` (no MULTILINE) means "end, or before a final `\n`" in Python. It is emitted as `\z`
//!   ([`Dollar::End`]) for haystacks that do not end in `\n`, or exactly as `(?:\z|(?=\n\z))`
//!   ([`Dollar::Exact`]). `^` becomes `\A`, `\Z` becomes `\z`.
//! - `\b`/`\B` become look-arounds over Python's `\w`.
//! - Literal characters are emitted as `\x{..}` escapes unless alphanumeric, so Python-only
//!   escapes (`\'`, `\!`), literal `{`, and class punctuation (`[`, `&&`, `--`) cannot be
//!   misread. Possessive quantifiers become atomic groups.
//!
//! Unsupported (reported as [`NlpError::Regex`]): conditionals `(?(1)..)`, `\N{NAME}`, inline
//! global flags other than at the start, and `(?L)`.

use super::py_classes::{PY_DIGIT, PY_SPACE, PY_WORD};
use crate::NlpError;

/// A Python shorthand class.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Perl {
    Word,
    Digit,
    Space,
}

/// One item of a bracket class.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ClassItem {
    Range(char, char),
    Perl(Perl, bool),
}

/// Group kinds, including look-arounds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum GroupKind {
    Capture(Option<String>),
    NonCapture,
    Atomic,
    /// Scoped flags such as `(?i:...)`, kept as written (Rust-compatible subset).
    Flags(String),
    LookAhead,
    NegLookAhead,
    LookBehind,
    NegLookBehind,
}

/// Parsed Python regex.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Node {
    Empty,
    Char(char),
    Any,
    Class {
        negated: bool,
        items: Vec<ClassItem>,
    },
    Perl(Perl, bool),
    /// `^`
    Start,
    /// `$`
    End,
    /// `\A`
    StartText,
    /// `\Z`
    EndText,
    WordBoundary(bool),
    Group(GroupKind, Box<Node>),
    Concat(Vec<Node>),
    Alt(Vec<Node>),
    Repeat {
        child: Box<Node>,
        min: u32,
        max: Option<u32>,
        greedy: bool,
        possessive: bool,
    },
    Backref(String),
}

/// Global flags given at the start of a pattern.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Flags {
    pub ascii: bool,
    pub ignore_case: bool,
    pub multiline: bool,
    pub dotall: bool,
    pub verbose: bool,
}

/// How to emit Python's `$`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dollar {
    /// `\z`: exact for haystacks that do not end with `\n`.
    End,
    /// `(?:\z|(?=\n\z))`: exact everywhere, but needs the backtracking VM.
    Exact,
}

/// A parsed pattern: its global flags and top-level alternatives.
#[derive(Debug, Clone)]
pub(crate) struct PyPattern {
    pub flags: Flags,
    pub alternatives: Vec<Node>,
}

/// Parse a Python `re` pattern. `name` is used in errors.
pub(crate) fn parse(name: &str, pattern: &str) -> Result<PyPattern, NlpError> {
    let mut p = Parser {
        name,
        s: pattern.chars().collect(),
        i: 0,
        flags: Flags::default(),
        groups: 0,
        depth: 0,
    };
    p.global_flags()?;
    let node = p.alternation()?;
    if p.i < p.s.len() {
        return Err(p.err("unbalanced ')'"));
    }
    let alternatives = match node {
        Node::Alt(v) => v,
        other => vec![other],
    };
    Ok(PyPattern {
        flags: p.flags,
        alternatives,
    })
}

/// Nesting limit, so hostile patterns cannot overflow the stack.
const MAX_DEPTH: usize = 200;

struct Parser<'a> {
    name: &'a str,
    s: Vec<char>,
    i: usize,
    flags: Flags,
    groups: usize,
    depth: usize,
}

impl Parser<'_> {
    fn err(&self, what: &str) -> NlpError {
        NlpError::Regex {
            name: self.name.to_string(),
            what: format!("{what} at position {}", self.i),
        }
    }

    fn peek(&self) -> Option<char> {
        self.s.get(self.i).copied()
    }

    fn peek_at(&self, k: usize) -> Option<char> {
        self.s.get(self.i + k).copied()
    }

    fn starts_with(&self, lit: &str) -> bool {
        lit.chars()
            .enumerate()
            .all(|(k, c)| self.s.get(self.i + k) == Some(&c))
    }

    fn global_flags(&mut self) -> Result<(), NlpError> {
        while self.starts_with("(?") {
            let mut k = self.i + 2;
            let mut f = self.flags;
            let mut any = false;
            while let Some(&c) = self.s.get(k) {
                match c {
                    'a' => f.ascii = true,
                    'i' => f.ignore_case = true,
                    'm' => f.multiline = true,
                    's' => f.dotall = true,
                    'x' => f.verbose = true,
                    'u' => {}
                    'L' => return Err(self.err("(?L) is not supported")),
                    _ => break,
                }
                any = true;
                k += 1;
            }
            if any && self.s.get(k) == Some(&')') {
                self.flags = f;
                self.i = k + 1;
            } else {
                break;
            }
        }
        Ok(())
    }

    fn skip_verbose(&mut self) {
        if !self.flags.verbose {
            return;
        }
        while let Some(c) = self.peek() {
            if c.is_whitespace() {
                self.i += 1;
            } else if c == '#' {
                while let Some(c) = self.peek() {
                    self.i += 1;
                    if c == '\n' {
                        break;
                    }
                }
            } else {
                break;
            }
        }
    }

    fn alternation(&mut self) -> Result<Node, NlpError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.err("pattern nests too deeply"));
        }
        let mut alts = vec![self.concat()?];
        while self.peek() == Some('|') {
            self.i += 1;
            alts.push(self.concat()?);
        }
        self.depth -= 1;
        Ok(if alts.len() == 1 {
            alts.pop().unwrap_or(Node::Empty)
        } else {
            Node::Alt(alts)
        })
    }

    fn concat(&mut self) -> Result<Node, NlpError> {
        let mut items = Vec::new();
        loop {
            self.skip_verbose();
            match self.peek() {
                None | Some('|') | Some(')') => break,
                _ => {}
            }
            let atom = self.atom()?;
            let atom = self.quantifiers(atom)?;
            items.push(atom);
        }
        Ok(match items.len() {
            0 => Node::Empty,
            1 => items.pop().unwrap_or(Node::Empty),
            _ => Node::Concat(items),
        })
    }

    /// Parse `{m}`, `{m,}`, `{,n}`, `{m,n}` at the cursor; None (cursor unchanged) if the text
    /// is not a valid quantifier, in which case Python reads `{` literally.
    fn brace_quantifier(&mut self) -> Option<(u32, Option<u32>)> {
        let start = self.i;
        let mut k = self.i + 1;
        let num = |k: &mut usize, s: &[char]| -> Option<Option<u32>> {
            let b = *k;
            while s.get(*k).is_some_and(|c| c.is_ascii_digit()) {
                *k += 1;
            }
            if *k == b {
                return Some(None);
            }
            let t: String = s[b..*k].iter().collect();
            t.parse::<u32>().ok().map(Some)
        };
        let lo = num(&mut k, &self.s)?;
        let (min, max) = if self.s.get(k) == Some(&',') {
            k += 1;
            let hi = num(&mut k, &self.s)?;
            (lo.unwrap_or(0), hi)
        } else {
            let lo = lo?;
            (lo, Some(lo))
        };
        if self.s.get(k) != Some(&'}') {
            self.i = start;
            return None;
        }
        if max.is_some_and(|m| m < min) {
            self.i = start;
            return None;
        }
        self.i = k + 1;
        Some((min, max))
    }

    fn quantifiers(&mut self, mut atom: Node) -> Result<Node, NlpError> {
        loop {
            self.skip_verbose();
            let (min, max) = match self.peek() {
                Some('*') => {
                    self.i += 1;
                    (0, None)
                }
                Some('+') => {
                    self.i += 1;
                    (1, None)
                }
                Some('?') => {
                    self.i += 1;
                    (0, Some(1))
                }
                Some('{') => match self.brace_quantifier() {
                    Some(q) => q,
                    None => return Ok(atom),
                },
                _ => return Ok(atom),
            };
            if matches!(atom, Node::Repeat { .. }) {
                return Err(self.err("multiple repeat"));
            }
            if matches!(
                atom,
                Node::Start
                    | Node::End
                    | Node::StartText
                    | Node::EndText
                    | Node::WordBoundary(_)
                    | Node::Empty
            ) {
                return Err(self.err("nothing to repeat"));
            }
            let mut greedy = true;
            let mut possessive = false;
            match self.peek() {
                Some('?') => {
                    greedy = false;
                    self.i += 1;
                }
                Some('+') => {
                    possessive = true;
                    self.i += 1;
                }
                _ => {}
            }
            atom = Node::Repeat {
                child: Box::new(atom),
                min,
                max,
                greedy,
                possessive,
            };
        }
    }

    fn atom(&mut self) -> Result<Node, NlpError> {
        let Some(c) = self.peek() else {
            return Ok(Node::Empty);
        };
        self.i += 1;
        match c {
            '.' => Ok(Node::Any),
            '^' => Ok(Node::Start),
            '$' => Ok(Node::End),
            '[' => self.class(),
            '(' => self.group(),
            '\\' => self.escape(),
            '*' | '+' | '?' => Err(self.err("nothing to repeat")),
            '{' => {
                self.i -= 1;
                if self.brace_quantifier().is_some() {
                    return Err(self.err("nothing to repeat"));
                }
                self.i += 1;
                Ok(Node::Char('{'))
            }
            c => Ok(Node::Char(c)),
        }
    }

    fn group(&mut self) -> Result<Node, NlpError> {
        let kind = if self.peek() == Some('?') {
            self.i += 1;
            match self.peek() {
                Some(':') => {
                    self.i += 1;
                    GroupKind::NonCapture
                }
                Some('>') => {
                    self.i += 1;
                    GroupKind::Atomic
                }
                Some('=') => {
                    self.i += 1;
                    GroupKind::LookAhead
                }
                Some('!') => {
                    self.i += 1;
                    GroupKind::NegLookAhead
                }
                Some('#') => {
                    while let Some(c) = self.peek() {
                        self.i += 1;
                        if c == ')' {
                            return Ok(Node::Empty);
                        }
                    }
                    return Err(self.err("unterminated comment"));
                }
                Some('<') if matches!(self.peek_at(1), Some('=') | Some('!')) => {
                    let neg = self.peek_at(1) == Some('!');
                    self.i += 2;
                    if neg {
                        GroupKind::NegLookBehind
                    } else {
                        GroupKind::LookBehind
                    }
                }
                Some('P') if self.peek_at(1) == Some('<') => {
                    self.i += 2;
                    let name = self.name_until('>')?;
                    self.groups += 1;
                    GroupKind::Capture(Some(name))
                }
                Some('P') if self.peek_at(1) == Some('=') => {
                    self.i += 2;
                    let name = self.name_until(')')?;
                    return Ok(Node::Backref(name));
                }
                Some('(') => return Err(self.err("conditional groups are not supported")),
                _ => {
                    let mut f = String::new();
                    while let Some(c) = self.peek() {
                        if c == ':' {
                            break;
                        }
                        if !matches!(c, 'a' | 'i' | 'm' | 's' | 'x' | 'u' | 'L' | '-') {
                            return Err(self.err("unknown group extension"));
                        }
                        f.push(c);
                        self.i += 1;
                    }
                    if self.peek() != Some(':') {
                        return Err(self.err("global flags not at the start of the pattern"));
                    }
                    self.i += 1;
                    let rust: String = f
                        .chars()
                        .filter(|c| matches!(c, 'i' | 'm' | 's' | 'x' | '-'))
                        .collect();
                    let rust = rust.trim_end_matches('-').to_string();
                    if rust.is_empty() {
                        GroupKind::NonCapture
                    } else {
                        GroupKind::Flags(rust)
                    }
                }
            }
        } else {
            self.groups += 1;
            GroupKind::Capture(None)
        };
        let child = self.alternation()?;
        if self.peek() != Some(')') {
            return Err(self.err("missing ')'"));
        }
        self.i += 1;
        Ok(Node::Group(kind, Box::new(child)))
    }

    fn name_until(&mut self, end: char) -> Result<String, NlpError> {
        let mut name = String::new();
        while let Some(c) = self.peek() {
            self.i += 1;
            if c == end {
                if name.is_empty() || !name.chars().all(|c| c.is_alphanumeric() || c == '_') {
                    return Err(self.err("bad group name"));
                }
                return Ok(name);
            }
            name.push(c);
        }
        Err(self.err("unterminated group name"))
    }

    fn hex(&mut self, n: usize) -> Result<char, NlpError> {
        let mut v: u32 = 0;
        for _ in 0..n {
            let d = self
                .peek()
                .and_then(|c| c.to_digit(16))
                .ok_or_else(|| self.err("bad hex escape"))?;
            v = v * 16 + d;
            self.i += 1;
        }
        char::from_u32(v).ok_or_else(|| self.err("escape is not a Unicode scalar value"))
    }

    fn octal(&mut self, first: u32) -> Result<char, NlpError> {
        let mut v = first;
        for _ in 0..2 {
            match self.peek().and_then(|c| c.to_digit(8)) {
                Some(d) => {
                    v = v * 8 + d;
                    self.i += 1;
                }
                None => break,
            }
        }
        char::from_u32(v).ok_or_else(|| self.err("bad octal escape"))
    }

    /// Escapes common to both contexts; returns None for class-only/outside-only letters.
    fn simple_escape(&mut self, c: char) -> Result<Option<char>, NlpError> {
        Ok(Some(match c {
            'a' => '\x07',
            'f' => '\x0c',
            'n' => '\n',
            'r' => '\r',
            't' => '\t',
            'v' => '\x0b',
            'x' => self.hex(2)?,
            'u' => self.hex(4)?,
            'U' => self.hex(8)?,
            'N' => return Err(self.err("\\N{...} escapes are not supported")),
            c if c.is_ascii_alphanumeric() => return Ok(None),
            c => c,
        }))
    }

    fn escape(&mut self) -> Result<Node, NlpError> {
        let Some(c) = self.peek() else {
            return Err(self.err("trailing backslash"));
        };
        self.i += 1;
        match c {
            'd' => return Ok(Node::Perl(Perl::Digit, false)),
            'D' => return Ok(Node::Perl(Perl::Digit, true)),
            'w' => return Ok(Node::Perl(Perl::Word, false)),
            'W' => return Ok(Node::Perl(Perl::Word, true)),
            's' => return Ok(Node::Perl(Perl::Space, false)),
            'S' => return Ok(Node::Perl(Perl::Space, true)),
            'b' => return Ok(Node::WordBoundary(true)),
            'B' => return Ok(Node::WordBoundary(false)),
            'A' => return Ok(Node::StartText),
            'Z' => return Ok(Node::EndText),
            '0' => return Ok(Node::Char(self.octal(0)?)),
            '1'..='9' => {
                // three octal digits are an octal escape, otherwise a group reference
                let (d1, d2) = (self.peek(), self.peek_at(1));
                if c <= '7'
                    && d1.is_some_and(|d| ('0'..='7').contains(&d))
                    && d2.is_some_and(|d| ('0'..='7').contains(&d))
                {
                    return Ok(Node::Char(self.octal(c.to_digit(8).unwrap_or(0))?));
                }
                let mut num = c.to_string();
                if let Some(d) = d1.filter(|d| d.is_ascii_digit()) {
                    num.push(d);
                    self.i += 1;
                }
                return Ok(Node::Backref(num));
            }
            _ => {}
        }
        match self.simple_escape(c)? {
            Some(ch) => Ok(Node::Char(ch)),
            None => Err(self.err("bad escape")),
        }
    }

    /// One class member: a char or a shorthand. `Ok(None)` never happens except at `]`.
    fn class_atom(&mut self) -> Result<Result<char, ClassItem>, NlpError> {
        let Some(c) = self.peek() else {
            return Err(self.err("unterminated character set"));
        };
        self.i += 1;
        if c != '\\' {
            return Ok(Ok(c));
        }
        let Some(e) = self.peek() else {
            return Err(self.err("unterminated character set"));
        };
        self.i += 1;
        let item = match e {
            'd' => ClassItem::Perl(Perl::Digit, false),
            'D' => ClassItem::Perl(Perl::Digit, true),
            'w' => ClassItem::Perl(Perl::Word, false),
            'W' => ClassItem::Perl(Perl::Word, true),
            's' => ClassItem::Perl(Perl::Space, false),
            'S' => ClassItem::Perl(Perl::Space, true),
            'b' => return Ok(Ok('\x08')),
            '0'..='7' => return Ok(Ok(self.octal(e.to_digit(8).unwrap_or(0))?)),
            _ => {
                return match self.simple_escape(e)? {
                    Some(ch) => Ok(Ok(ch)),
                    None => Err(self.err("bad escape in character set")),
                }
            }
        };
        Ok(Err(item))
    }

    fn class(&mut self) -> Result<Node, NlpError> {
        let mut negated = false;
        if self.peek() == Some('^') {
            negated = true;
            self.i += 1;
        }
        let mut items = Vec::new();
        let mut first = true;
        loop {
            match self.peek() {
                None => return Err(self.err("unterminated character set")),
                Some(']') if !first => {
                    self.i += 1;
                    break;
                }
                _ => {}
            }
            first = false;
            let lo = self.class_atom()?;
            match lo {
                Err(item) => items.push(item),
                Ok(lo) => {
                    if self.peek() == Some('-') && self.peek_at(1).is_some_and(|c| c != ']') {
                        self.i += 1;
                        match self.class_atom()? {
                            Ok(hi) => {
                                if hi < lo {
                                    return Err(self.err("bad character range"));
                                }
                                items.push(ClassItem::Range(lo, hi));
                            }
                            Err(_) => return Err(self.err("bad character range")),
                        }
                    } else {
                        items.push(ClassItem::Range(lo, lo));
                    }
                }
            }
        }
        Ok(Node::Class { negated, items })
    }
}

// ---------------------------------------------------------------------------------------------
// analysis
// ---------------------------------------------------------------------------------------------

impl Node {
    /// Whether emitting this needs fancy-regex's backtracking VM (look-around, backrefs,
    /// atomic groups). `$` counts only when emitted exactly.
    pub(crate) fn is_fancy(&self, dollar: Dollar, flags: Flags) -> bool {
        match self {
            Node::End => dollar == Dollar::Exact && !flags.multiline,
            Node::WordBoundary(_) | Node::Backref(_) => true,
            Node::Group(kind, child) => {
                !matches!(
                    kind,
                    GroupKind::Capture(_) | GroupKind::NonCapture | GroupKind::Flags(_)
                ) || child.is_fancy(dollar, flags)
            }
            Node::Concat(v) | Node::Alt(v) => v.iter().any(|n| n.is_fancy(dollar, flags)),
            Node::Repeat {
                child, possessive, ..
            } => *possessive || child.is_fancy(dollar, flags),
            _ => false,
        }
    }

    /// A look-around-free over-approximation: every string this matches at a position, the
    /// result matches there too. Look-arounds and `\b` become empty, atomic groups and
    /// possessive repeats plain ones. None if it contains a backreference.
    pub(crate) fn relaxed(&self) -> Option<Node> {
        Some(match self {
            Node::WordBoundary(_) => Node::Empty,
            Node::Backref(_) => return None,
            Node::Group(kind, c) => match kind {
                GroupKind::LookAhead
                | GroupKind::NegLookAhead
                | GroupKind::LookBehind
                | GroupKind::NegLookBehind => Node::Empty,
                GroupKind::Atomic => Node::Group(GroupKind::NonCapture, Box::new(c.relaxed()?)),
                GroupKind::Capture(_) => Node::Group(GroupKind::NonCapture, Box::new(c.relaxed()?)),
                k => Node::Group(k.clone(), Box::new(c.relaxed()?)),
            },
            Node::Concat(v) => Node::Concat(v.iter().map(Node::relaxed).collect::<Option<_>>()?),
            Node::Alt(v) => Node::Alt(v.iter().map(Node::relaxed).collect::<Option<_>>()?),
            Node::Repeat {
                child,
                min,
                max,
                greedy,
                ..
            } => Node::Repeat {
                child: Box::new(child.relaxed()?),
                min: *min,
                max: *max,
                greedy: *greedy,
                possessive: false,
            },
            other => other.clone(),
        })
    }

    /// Whether this contains Python's `$` (whose meaning depends on a final `\n`).
    pub(crate) fn has_dollar(&self) -> bool {
        match self {
            Node::End => true,
            Node::Group(_, c) => c.has_dollar(),
            Node::Repeat { child, .. } => child.has_dollar(),
            Node::Concat(v) | Node::Alt(v) => v.iter().any(Node::has_dollar),
            _ => false,
        }
    }

    /// Largest number of characters a match can consume; None if unbounded or unknown.
    pub(crate) fn max_chars(&self) -> Option<usize> {
        match self {
            Node::Empty
            | Node::Start
            | Node::End
            | Node::StartText
            | Node::EndText
            | Node::WordBoundary(_) => Some(0),
            Node::Char(_) | Node::Any | Node::Class { .. } | Node::Perl(..) => Some(1),
            Node::Group(kind, c) => match kind {
                GroupKind::LookAhead
                | GroupKind::NegLookAhead
                | GroupKind::LookBehind
                | GroupKind::NegLookBehind => Some(0),
                _ => c.max_chars(),
            },
            Node::Concat(v) => v
                .iter()
                .try_fold(0usize, |acc, n| acc.checked_add(n.max_chars()?)),
            Node::Alt(v) => v
                .iter()
                .try_fold(0usize, |acc, n| Some(acc.max(n.max_chars()?))),
            Node::Repeat { child, max, .. } => {
                let m = (*max)? as usize;
                child.max_chars()?.checked_mul(m)
            }
            Node::Backref(_) => None,
        }
    }

    /// Whether every match starts at the start of the haystack (`^` or `\A` first).
    pub(crate) fn start_anchored(&self, flags: Flags) -> bool {
        match self {
            Node::Start => !flags.multiline,
            Node::StartText => true,
            Node::Concat(v) => v.first().is_some_and(|n| n.start_anchored(flags)),
            Node::Group(GroupKind::Capture(_) | GroupKind::NonCapture | GroupKind::Atomic, c) => {
                c.start_anchored(flags)
            }
            Node::Alt(v) => !v.is_empty() && v.iter().all(|n| n.start_anchored(flags)),
            _ => false,
        }
    }

    /// Whether every match ends at the end of the haystack (`$` or `\Z` last), for haystacks
    /// not ending in `\n`.
    pub(crate) fn end_anchored(&self, flags: Flags) -> bool {
        match self {
            Node::End => !flags.multiline,
            Node::EndText => true,
            Node::Concat(v) => v.last().is_some_and(|n| n.end_anchored(flags)),
            Node::Group(GroupKind::Capture(_) | GroupKind::NonCapture | GroupKind::Atomic, c) => {
                c.end_anchored(flags)
            }
            Node::Alt(v) => !v.is_empty() && v.iter().all(|n| n.end_anchored(flags)),
            _ => false,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// emission
// ---------------------------------------------------------------------------------------------

fn perl_ranges(p: Perl, ascii: bool) -> &'static [(u32, u32)] {
    const A_WORD: &[(u32, u32)] = &[(0x30, 0x39), (0x41, 0x5A), (0x5F, 0x5F), (0x61, 0x7A)];
    const A_DIGIT: &[(u32, u32)] = &[(0x30, 0x39)];
    const A_SPACE: &[(u32, u32)] = &[(0x09, 0x0D), (0x20, 0x20)];
    match (p, ascii) {
        (Perl::Word, false) => PY_WORD,
        (Perl::Digit, false) => PY_DIGIT,
        (Perl::Space, false) => PY_SPACE,
        (Perl::Word, true) => A_WORD,
        (Perl::Digit, true) => A_DIGIT,
        (Perl::Space, true) => A_SPACE,
    }
}

/// Complement of sorted, disjoint ranges over the Unicode scalar values.
fn complement(rs: &[(u32, u32)]) -> Vec<(u32, u32)> {
    let mut out = Vec::new();
    let mut next = 0u32;
    for &(a, b) in rs {
        if a > next {
            out.push((next, a - 1));
        }
        next = b + 1;
    }
    if next <= 0x10FFFF {
        out.push((next, 0x10FFFF));
    }
    // drop surrogates, which are not chars
    let mut clean = Vec::with_capacity(out.len() + 1);
    for (a, b) in out {
        if b < 0xD800 || a > 0xDFFF {
            clean.push((a, b));
        } else {
            if a < 0xD800 {
                clean.push((a, 0xD7FF));
            }
            if b > 0xDFFF {
                clean.push((0xE000, b));
            }
        }
    }
    clean
}

fn push_cp(out: &mut String, cp: u32) {
    match char::from_u32(cp) {
        Some(c) if c.is_alphanumeric() => out.push(c),
        _ => out.push_str(&format!("\\x{{{cp:X}}}")),
    }
}

fn push_ranges(out: &mut String, rs: &[(u32, u32)]) {
    for &(a, b) in rs {
        push_cp(out, a);
        if b != a {
            out.push('-');
            push_cp(out, b);
        }
    }
}

/// Emit a node as fancy-regex syntax.
pub(crate) fn emit(node: &Node, flags: Flags, dollar: Dollar, out: &mut String) {
    match node {
        Node::Empty => {}
        Node::Char(c) => push_cp(out, *c as u32),
        Node::Any => out.push('.'),
        Node::Perl(p, neg) => {
            let rs = perl_ranges(*p, flags.ascii);
            out.push('[');
            if *neg {
                out.push('^');
            }
            push_ranges(out, rs);
            out.push(']');
        }
        Node::Class { negated, items } => {
            out.push('[');
            if *negated {
                out.push('^');
            }
            for item in items {
                match item {
                    ClassItem::Range(a, b) => push_ranges(out, &[(*a as u32, *b as u32)]),
                    ClassItem::Perl(p, false) => push_ranges(out, perl_ranges(*p, flags.ascii)),
                    ClassItem::Perl(p, true) => {
                        push_ranges(out, &complement(perl_ranges(*p, flags.ascii)))
                    }
                }
            }
            out.push(']');
        }
        Node::Start => out.push_str(if flags.multiline { "(?m:^)" } else { "\\A" }),
        Node::End => {
            if flags.multiline {
                out.push_str("(?m:$)");
            } else {
                match dollar {
                    Dollar::End => out.push_str("\\z"),
                    Dollar::Exact => out.push_str("(?:\\z|(?=\\n\\z))"),
                }
            }
        }
        Node::StartText => out.push_str("\\A"),
        Node::EndText => out.push_str("\\z"),
        Node::WordBoundary(is) => {
            let mut w = String::from("[");
            push_ranges(&mut w, perl_ranges(Perl::Word, flags.ascii));
            w.push(']');
            if *is {
                out.push_str(&format!("(?:(?<={w})(?!{w})|(?<!{w})(?={w}))"));
            } else {
                out.push_str(&format!("(?:(?<={w})(?={w})|(?<!{w})(?!{w}))"));
            }
        }
        Node::Group(kind, child) => {
            match kind {
                GroupKind::Capture(None) => out.push('('),
                GroupKind::Capture(Some(n)) => out.push_str(&format!("(?P<{n}>")),
                GroupKind::NonCapture => out.push_str("(?:"),
                GroupKind::Atomic => out.push_str("(?>"),
                GroupKind::Flags(f) => out.push_str(&format!("(?{f}:")),
                GroupKind::LookAhead => out.push_str("(?="),
                GroupKind::NegLookAhead => out.push_str("(?!"),
                GroupKind::LookBehind => out.push_str("(?<="),
                GroupKind::NegLookBehind => out.push_str("(?<!"),
            }
            emit(child, flags, dollar, out);
            out.push(')');
        }
        Node::Concat(v) => {
            for n in v {
                // an alternation inside a concatenation only comes from a group, but be safe
                if matches!(n, Node::Alt(_)) {
                    out.push_str("(?:");
                    emit(n, flags, dollar, out);
                    out.push(')');
                } else {
                    emit(n, flags, dollar, out);
                }
            }
        }
        Node::Alt(v) => {
            for (i, n) in v.iter().enumerate() {
                if i > 0 {
                    out.push('|');
                }
                emit(n, flags, dollar, out);
            }
        }
        Node::Repeat {
            child,
            min,
            max,
            greedy,
            possessive,
        } => {
            if *possessive {
                out.push_str("(?>");
            }
            out.push_str("(?:");
            emit(child, flags, dollar, out);
            out.push(')');
            match (min, max) {
                (0, None) => out.push('*'),
                (1, None) => out.push('+'),
                (0, Some(1)) => out.push('?'),
                (m, None) => out.push_str(&format!("{{{m},}}")),
                (m, Some(n)) if m == n => out.push_str(&format!("{{{m}}}")),
                (m, Some(n)) => out.push_str(&format!("{{{m},{n}}}")),
            }
            if !*greedy {
                out.push('?');
            }
            if *possessive {
                out.push(')');
            }
        }
        Node::Backref(name) => {
            if name.chars().all(|c| c.is_ascii_digit()) {
                out.push('\\');
                out.push_str(name);
            } else {
                out.push_str(&format!("\\k<{name}>"));
            }
        }
    }
}

/// Rust inline flags for the global Python flags (Unicode is always on).
pub(crate) fn flag_prefix(flags: Flags) -> &'static str {
    match (flags.ignore_case, flags.dotall) {
        (true, true) => "(?is)",
        (true, false) => "(?i)",
        (false, true) => "(?s)",
        (false, false) => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(p: &str) -> String {
        let pat = parse("t", p).unwrap();
        let mut s = String::from(flag_prefix(pat.flags));
        for (i, a) in pat.alternatives.iter().enumerate() {
            if i > 0 {
                s.push('|');
            }
            emit(a, pat.flags, Dollar::End, &mut s);
        }
        s
    }

    #[test]
    fn translates_python_syntax() {
        assert_eq!(one(r"^\'s"), r"\A\x{27}s");
        assert_eq!(one(r"a{"), r"a\x{7B}");
        assert_eq!(one(r"a{,2}$"), r"(?:a){0,2}\z");
        assert_eq!(one(r"[\-x]"), r"[\x{2D}x]");
        assert_eq!(one(r"[]a]"), r"[\x{5D}a]");
        assert_eq!(one(r"\u00e9\U0001F600"), "é\\x{1F600}");
        assert_eq!(one(r"(?<=[0-9])\+$"), r"(?<=[0-9])\x{2B}\z");
        assert_eq!(one(r"(?P<n>a)(?P=n)"), r"(?P<n>a)\k<n>");
        assert_eq!(one(r"(?u)a"), "a");
    }

    #[test]
    fn rejects_broken_patterns() {
        for p in [
            "(",
            ")",
            "[a",
            "a**",
            "\\",
            "(?(1)a|b)",
            "\\q",
            "[z-a]",
            "(?i)x(?s)y",
        ] {
            assert!(parse("t", p).is_err(), "{p}");
        }
    }

    #[test]
    fn analyses() {
        let p = parse("t", r"^a|b+$|(?<=x)cd$").unwrap();
        let f = p.flags;
        assert!(p.alternatives[0].start_anchored(f));
        assert!(!p.alternatives[1].start_anchored(f));
        assert!(p.alternatives[1].end_anchored(f));
        assert_eq!(p.alternatives[1].max_chars(), None);
        assert_eq!(p.alternatives[2].max_chars(), Some(2));
        assert!(p.alternatives[2].is_fancy(Dollar::End, f));
        assert!(!p.alternatives[1].is_fancy(Dollar::End, f));
        assert!(p.alternatives[1].is_fancy(Dollar::Exact, f));
    }
}
