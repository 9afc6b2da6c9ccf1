//! Navigating a parsed [`Doc`] the way spaCy's `Token` API does: `head`, `children`,
//! `left_edge`/`right_edge` (the subtree's extent), `sent`. Built once per document in linear
//! time (subtree edges walk head chains, bounded by sentence length), so downstream rules never
//! rebuild these indexes themselves.

use crate::doc::Doc;

/// Per-document navigation indexes. Token indices are `usize` in the API and `u32` inside
/// (half the memory on long documents).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Navigation {
    /// Sentence index of each token.
    sentence: Vec<u32>,
    /// Leftmost and rightmost token of each token's subtree (inclusive).
    left_edge: Vec<u32>,
    right_edge: Vec<u32>,
    /// Children of token `i` are `children[child_start[i]..child_start[i + 1]]`, in text order.
    child_start: Vec<u32>,
    children: Vec<u32>,
    /// Syntactic head of each token; an out-of-range head counts as a root (itself).
    head: Vec<u32>,
}

impl Navigation {
    /// Build the indexes for `doc`.
    pub fn new(doc: &Doc) -> Self {
        Self::with_heads(doc, Self::doc_heads(doc))
    }

    /// The parse's head of each token, an out-of-range head replaced by the token itself (a
    /// root): the starting point for callers that repair the parse before
    /// [`Navigation::with_heads`].
    pub fn doc_heads(doc: &Doc) -> Vec<u32> {
        let n = doc.tokens.len();
        doc.tokens
            .iter()
            .enumerate()
            .map(|(i, t)| if t.head < n { t.head as u32 } else { i as u32 })
            .collect()
    }

    /// Build the indexes for `doc` over heads a caller repaired (one per token; an
    /// out-of-range head counts as a root). Repairs may only cut trees apart (make tokens
    /// roots, or move them under another token of their own sentence), so sentences stay
    /// `doc`'s.
    pub fn with_heads(doc: &Doc, mut head: Vec<u32>) -> Self {
        let n = doc.tokens.len();
        head.resize(n, u32::MAX);
        for (i, h) in head.iter_mut().enumerate() {
            if *h as usize >= n {
                *h = i as u32;
            }
        }
        let mut sentence = vec![0u32; n];
        for (si, s) in doc.sentences.iter().enumerate() {
            for x in sentence
                .iter_mut()
                .take(s.end_token.min(n))
                .skip(s.start_token)
            {
                *x = si as u32;
            }
        }
        // Children in CSR form.
        let mut counts = vec![0u32; n + 1];
        for (i, &h) in head.iter().enumerate() {
            if h as usize != i {
                counts[h as usize + 1] += 1;
            }
        }
        for i in 0..n {
            counts[i + 1] += counts[i];
        }
        let child_start = counts.clone();
        let mut fill = counts;
        let mut children = vec![0u32; child_start[n] as usize];
        for (i, &h) in head.iter().enumerate() {
            if h as usize != i {
                children[fill[h as usize] as usize] = i as u32;
                fill[h as usize] += 1;
            }
        }
        let mut left_edge: Vec<u32> = (0..n as u32).collect();
        let mut right_edge = left_edge.clone();
        for (i, &si) in sentence.iter().enumerate() {
            let mut h = i;
            // A well-formed tree reaches its root within the sentence's length; the bound also
            // ends a walk through a malformed cycle.
            let limit = doc
                .sentences
                .get(si as usize)
                .map_or(n, |s| s.end_token.saturating_sub(s.start_token) + 1);
            for _ in 0..limit {
                let nh = head[h] as usize;
                if nh == h {
                    break;
                }
                h = nh;
                left_edge[h] = left_edge[h].min(i as u32);
                right_edge[h] = right_edge[h].max(i as u32);
            }
        }
        Navigation {
            sentence,
            left_edge,
            right_edge,
            child_start,
            children,
            head,
        }
    }

    /// Number of tokens.
    pub fn len(&self) -> usize {
        self.head.len()
    }

    /// Whether the document has no tokens.
    pub fn is_empty(&self) -> bool {
        self.head.is_empty()
    }

    /// Syntactic head of token `i` (`token.head.i`); a root is its own head.
    pub fn head(&self, i: usize) -> usize {
        self.head[i] as usize
    }

    /// Children of token `i` in text order (`token.children`).
    pub fn children(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        let (a, b) = (
            self.child_start[i] as usize,
            self.child_start[i + 1] as usize,
        );
        self.children[a..b].iter().map(|&k| k as usize)
    }

    /// Leftmost token of `i`'s subtree (`token.left_edge.i`).
    pub fn left_edge(&self, i: usize) -> usize {
        self.left_edge[i] as usize
    }

    /// Rightmost token of `i`'s subtree (`token.right_edge.i`), inclusive.
    pub fn right_edge(&self, i: usize) -> usize {
        self.right_edge[i] as usize
    }

    /// Index into [`Doc::sentences`] of the sentence token `i` is in.
    pub fn sentence(&self, i: usize) -> usize {
        self.sentence[i] as usize
    }
}

impl Doc {
    /// Index into [`Doc::sentences`] of the sentence containing token `i` (binary search; build
    /// a [`Navigation`] for many lookups).
    pub fn sentence_of(&self, i: usize) -> usize {
        self.sentences
            .partition_point(|s| s.start_token <= i)
            .saturating_sub(1)
    }
}
