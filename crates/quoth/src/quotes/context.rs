//! Per-document indexes the quote rules share: paragraphs, sentences, quote membership,
//! dependency children and subtree edges. Built once per document in linear time (subtree
//! edges walk head chains, bounded by sentence length).

use quoth_nlp::Doc;

use super::marks::MarkSpan;

/// Marker for "not inside any quoted span".
pub(crate) const NONE: u32 = u32::MAX;

/// Shared per-document indexes.
pub(crate) struct Ctx<'a> {
    pub doc: &'a Doc,
    /// Paragraph index of each token (paragraphs are separated by newlines).
    pub para: Vec<u32>,
    /// Sentence index of each token.
    pub sent: Vec<u32>,
    /// Index of the mark span containing each token, or [`NONE`].
    pub quote: Vec<u32>,
    /// Leftmost and rightmost token of each token's subtree (inclusive).
    pub left: Vec<u32>,
    pub right: Vec<u32>,
    /// Children of token `i` are `kids[kid_start[i]..kid_start[i + 1]]`, in text order.
    kid_start: Vec<u32>,
    kids: Vec<u32>,
}

impl<'a> Ctx<'a> {
    /// Build the indexes for `doc` and its quoted spans.
    pub fn new(doc: &'a Doc, marks: &[MarkSpan]) -> Self {
        let n = doc.tokens.len();
        let bytes = doc.text.as_bytes();
        let mut para = Vec::with_capacity(n);
        let mut p = 0u32;
        let mut last_end = 0usize;
        for t in &doc.tokens {
            let from = last_end.min(t.start);
            if bytes.get(from..t.start).is_some_and(|g| g.contains(&b'\n')) {
                p += 1;
            }
            // Whitespace tokens (`\n`) themselves belong to the paragraph they end.
            para.push(p);
            if bytes
                .get(t.start..t.end)
                .is_some_and(|g| g.contains(&b'\n'))
            {
                p += 1;
            }
            last_end = t.end;
        }
        let mut sent = vec![0u32; n];
        for (si, s) in doc.sentences.iter().enumerate() {
            for x in sent.iter_mut().take(s.end_token.min(n)).skip(s.start_token) {
                *x = si as u32;
            }
        }
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
        // Children in CSR form.
        let mut counts = vec![0u32; n + 1];
        for (i, t) in doc.tokens.iter().enumerate() {
            if t.head != i && t.head < n {
                counts[t.head + 1] += 1;
            }
        }
        for i in 0..n {
            counts[i + 1] += counts[i];
        }
        let kid_start = counts.clone();
        let mut fill = counts;
        let mut kids = vec![0u32; kid_start[n] as usize];
        for (i, t) in doc.tokens.iter().enumerate() {
            if t.head != i && t.head < n {
                kids[fill[t.head] as usize] = i as u32;
                fill[t.head] += 1;
            }
        }
        let mut left: Vec<u32> = (0..n as u32).collect();
        let mut right = left.clone();
        for (i, &si) in sent.iter().enumerate() {
            let mut h = i;
            let limit = doc
                .sentences
                .get(si as usize)
                .map_or(n, |s| s.end_token - s.start_token + 1);
            for _ in 0..limit {
                let nh = doc.tokens[h].head;
                if nh == h || nh >= n {
                    break;
                }
                h = nh;
                left[h] = left[h].min(i as u32);
                right[h] = right[h].max(i as u32);
            }
        }
        Ctx {
            doc,
            para,
            sent,
            quote,
            left,
            right,
            kid_start,
            kids,
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
        let h = self.doc.tokens[i].head;
        if h < self.doc.tokens.len() {
            h
        } else {
            i
        }
    }

    /// Children of `i` in text order.
    pub fn kids(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        let (a, b) = (self.kid_start[i] as usize, self.kid_start[i + 1] as usize);
        self.kids[a..b].iter().map(|&k| k as usize)
    }

    /// First child of `i` with one of the dependency labels.
    pub fn kid(&self, i: usize, deps: &[&str]) -> Option<usize> {
        self.kids(i).find(|&k| deps.contains(&self.dep(k)))
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
