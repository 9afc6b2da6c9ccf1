//! Per-document indexes the quote rules share: paragraphs and quote membership, over the
//! engine's [`Navigation`] (children, subtree edges, sentences). Built once per document in
//! linear time.

use quoth_nlp::{Doc, Navigation};

use super::marks::MarkSpan;

/// Marker for "not inside any quoted span".
pub(crate) const NONE: u32 = u32::MAX;

/// Shared per-document indexes.
pub(crate) struct Ctx<'a> {
    pub doc: &'a Doc,
    /// Paragraph index of each token (paragraphs are separated by newlines).
    pub para: Vec<u32>,
    /// Index of the mark span containing each token, or [`NONE`].
    pub quote: Vec<u32>,
    /// Heads, children, subtree edges and sentences (spaCy's Token API), with trees cut at
    /// blank lines.
    pub nav: Navigation,
    /// Index of the block (text between blank lines) of each token.
    block: Vec<u32>,
}

impl<'a> Ctx<'a> {
    /// Build the indexes for `doc` and its quoted spans.
    pub fn new(doc: &'a Doc, marks: &[MarkSpan]) -> Self {
        let n = doc.tokens.len();
        let para = line_groups(doc, |g| g.contains(&b'\n'));
        let mut quote = vec![NONE; n];
        let mut mi = 0usize;
        for (ti, t) in doc.tokens.iter().enumerate() {
            while mi < marks.len() && marks[mi].end <= t.start {
                mi += 1;
            }
            if let Some(m) = marks.get(mi) {
                if t.start >= m.start && t.end <= m.end {
                    quote[ti] = mi as u32;
                }
            }
        }
        let block = line_groups(doc, has_blank_line);
        let nav = Navigation::with_heads(doc, paragraph_heads(doc, &block));
        Ctx {
            doc,
            para,
            quote,
            nav,
            block,
        }
    }

    /// Number of tokens.
    pub fn len(&self) -> usize {
        self.doc.tokens.len()
    }

    /// Token text (empty if the token's offsets do not fit the text).
    pub fn text(&self, i: usize) -> &'a str {
        let t = &self.doc.tokens[i];
        self.doc.text.get(t.start..t.end).unwrap_or("")
    }

    pub fn tag(&self, i: usize) -> &str {
        &self.doc.tokens[i].tag
    }

    pub fn dep(&self, i: usize) -> &str {
        &self.doc.tokens[i].dep
    }

    /// Syntactic head; an out-of-range head counts as a root.
    pub fn head(&self, i: usize) -> usize {
        self.nav.head(i)
    }

    /// Children of `i` in text order.
    pub fn kids(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        self.nav.children(i)
    }

    /// Sentence index of token `i`.
    pub fn sent(&self, i: usize) -> u32 {
        self.nav.sentence(i) as u32
    }

    /// Leftmost token of `i`'s subtree.
    pub fn left(&self, i: usize) -> u32 {
        self.nav.left_edge(i) as u32
    }

    /// Rightmost token of `i`'s subtree (inclusive).
    pub fn right(&self, i: usize) -> u32 {
        self.nav.right_edge(i) as u32
    }

    /// First child of `i` with one of the dependency labels.
    pub fn kid(&self, i: usize, deps: &[&str]) -> Option<usize> {
        self.kids(i).find(|&k| deps.contains(&self.dep(k)))
    }

    /// First token of the paragraph holding token `a`.
    pub fn para_start(&self, a: usize) -> usize {
        let para = self.para[a];
        (0..a)
            .rev()
            .take_while(|&k| self.para[k] == para)
            .last()
            .unwrap_or(a)
    }

    /// Whether the parser hung token `i` on a token past a blank line (the tree was cut
    /// there: see `paragraph_heads`).
    pub fn rehung(&self, i: usize) -> bool {
        let h = self.doc.tokens[i].head;
        h < self.len() && self.block[h] != self.block[i]
    }

    pub fn in_quote(&self, i: usize) -> bool {
        self.quote[i] != NONE
    }

    /// Verb or auxiliary by fine tag (`VB*`, `MD`).
    pub fn is_verb(&self, i: usize) -> bool {
        let t = self.tag(i);
        t.starts_with("VB") || t == "MD"
    }

    /// Punctuation, quote mark or whitespace token.
    pub fn is_punct(&self, i: usize) -> bool {
        let t = &self.doc.tokens[i];
        &*t.pos == "PUNCT" || &*t.pos == "SPACE" || self.text(i).trim().is_empty()
    }

    /// Whether the token is a quotation-mark token.
    pub fn is_mark(&self, i: usize) -> bool {
        matches!(self.tag(i), "``" | "''")
            || matches!(
                self.text(i),
                "\"" | "“" | "”" | "„" | "«" | "»" | "'" | "‘" | "’"
            )
    }

    /// Tokens `[a, b)` fully inside the byte range.
    pub fn tokens_in(&self, start: usize, end: usize) -> (usize, usize) {
        let toks = &self.doc.tokens;
        let a = toks.partition_point(|t| t.start < start);
        let b = toks.partition_point(|t| t.end <= end);
        (a, b.max(a))
    }

    /// Byte span of tokens `[a, b]` (inclusive).
    pub fn bytes(&self, a: usize, b: usize) -> (usize, usize) {
        (self.doc.tokens[a].start, self.doc.tokens[b].end)
    }
}

/// Group index of each token, a new group starting after every stretch of text `breaks` holds
/// (a gap between tokens or a whitespace token, which belongs to the group it ends):
/// paragraphs at line breaks, blocks at blank lines.
fn line_groups(doc: &Doc, breaks: impl Fn(&[u8]) -> bool) -> Vec<u32> {
    let bytes = doc.text.as_bytes();
    let mut out = Vec::with_capacity(doc.tokens.len());
    let (mut g, mut last_end) = (0u32, 0usize);
    for t in &doc.tokens {
        if bytes
            .get(last_end.min(t.start)..t.start)
            .is_some_and(&breaks)
        {
            g += 1;
        }
        out.push(g);
        if bytes.get(t.start..t.end).is_some_and(&breaks) {
            g += 1;
        }
        last_end = t.end;
    }
    out
}

/// Whether the bytes hold a blank line (two line breaks with only spaces between): the
/// unambiguous paragraph break. A single line break may be a wrapped line or a verse, across
/// which the parse stands.
fn has_blank_line(g: &[u8]) -> bool {
    let mut newlines = 0;
    for &c in g {
        match c {
            b'\n' => newlines += 1,
            b' ' | b'\t' | b'\r' => {}
            _ => newlines = 0,
        }
        if newlines >= 2 {
            return true;
        }
    }
    false
}

/// The parse's heads with every tree cut at blank lines. The parser sometimes runs a
/// paragraph into the sentence before it (`… are." ¶ Bemoaning the "phony system," Trump
/// accused …` hangs `accused` on the previous paragraph's verb); no attribution crosses a
/// paragraph break in news copy, so each block's tokens whose head lies in another block are
/// re-hung on one root of their own: the block's own root in their sentence if it has one,
/// else the first of them with a subject, else the first verb, else the first one.
fn paragraph_heads(doc: &Doc, block: &[u32]) -> Vec<u32> {
    let n = doc.tokens.len();
    let mut head = Navigation::doc_heads(doc);
    let mut crossers = Vec::new();
    let mut start = 0;
    while start < n {
        let end = (start..n).find(|&k| block[k] != block[start]).unwrap_or(n);
        crossers.clear();
        crossers.extend((start..end).filter(|&i| block[head[i] as usize] != block[i]));
        if let Some(&first) = crossers.first() {
            let si = doc.sentences.partition_point(|s| s.end_token <= first);
            let sentence = doc
                .sentences
                .get(si)
                .filter(|s| s.start_token <= first)
                .map_or(start..end, |s| {
                    s.start_token.max(start)..s.end_token.min(end)
                });
            let own_root = sentence.clone().find(|&i| {
                head[i] as usize == i
                    && !doc.tokens[i].tag.starts_with('_')
                    && !crossers.contains(&i)
            });
            let has_subject = |i: usize| {
                sentence
                    .clone()
                    .any(|k| head[k] as usize == i && doc.tokens[k].dep.starts_with("nsubj"))
            };
            let root = own_root
                .or_else(|| crossers.iter().copied().find(|&i| has_subject(i)))
                .or_else(|| {
                    crossers
                        .iter()
                        .copied()
                        .find(|&i| doc.tokens[i].tag.starts_with("VB"))
                })
                .unwrap_or(first);
            for &c in &crossers {
                head[c] = root as u32;
            }
        }
        start = end;
    }
    head
}
