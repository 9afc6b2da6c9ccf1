//! Left/right edges and sentence starts from heads: spaCy's `set_children_from_heads`
//! (`spacy/tokens/doc.pyx`), including its multi-pass edge propagation for non-projective
//! trees.

/// Maximum passes of the edge propagation (spaCy: `loop_count > 10` stops after 12 passes).
const MAX_PASSES: usize = 12;

/// Subtree edges of every token, as `set_children_from_heads` leaves them.
#[derive(Debug, Clone, Default)]
pub struct Edges {
    /// Leftmost token of each token's subtree (as propagated, see module docs).
    pub l_edge: Vec<usize>,
    /// Rightmost token of each token's subtree.
    pub r_edge: Vec<usize>,
    /// Scratch: sentence starts implied by the current edges.
    starts: Vec<bool>,
}

impl Edges {
    /// Compute the edges for `heads` (absolute; a root points to itself; an out-of-range head
    /// is treated as a root). Reuses this value's buffers.
    pub fn compute(&mut self, heads: &[usize]) {
        let n = heads.len();
        let head = |i: usize| if heads[i] < n { heads[i] } else { i };
        self.l_edge.clear();
        self.l_edge.extend(0..n);
        self.r_edge.clear();
        self.r_edge.extend(0..n);
        for _ in 0..MAX_PASSES {
            // edges are not reset between passes
            for i in 0..n {
                let h = head(i);
                self.l_edge[h] = self.l_edge[h].min(self.l_edge[i]);
                self.r_edge[h] = self.r_edge[h].max(self.r_edge[i]);
            }
            for i in (0..n).rev() {
                let h = head(i);
                self.r_edge[h] = self.r_edge[h].max(self.r_edge[i]);
                self.l_edge[h] = self.l_edge[h].min(self.l_edge[i]);
            }
            if self.heads_within_sentences(&head, n) {
                break;
            }
        }
    }

    /// The consistency check of `_set_lr_kids_and_edges`: with sentences starting at the left
    /// edges of roots, every token (but the very last) has its head in its sentence.
    fn heads_within_sentences(&mut self, head: &impl Fn(usize) -> usize, n: usize) -> bool {
        self.starts.clear();
        self.starts.resize(n, false);
        for r in 0..n {
            if head(r) == r {
                self.starts[self.l_edge[r]] = true;
            }
        }
        let mut start = 0;
        for i in 0..n {
            if (i > 0 && self.starts[i]) || i + 1 == n {
                for j in start..i {
                    let h = head(j);
                    if h < start || h > i {
                        return false;
                    }
                }
                start = i;
            }
        }
        true
    }
}

/// Sentence starts from heads: the left edge of every root starts a sentence
/// (`sent_start = 1`), every other token does not. `edges` must be computed for `heads`.
pub fn sent_starts(heads: &[usize], edges: &Edges, out: &mut Vec<bool>) {
    let n = heads.len();
    out.clear();
    out.resize(n, false);
    for (i, &h) in heads.iter().enumerate() {
        if h == i || h >= n {
            if let Some(&l) = edges.l_edge.get(i) {
                if l < n {
                    out[l] = true;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn starts(heads: &[usize]) -> Vec<bool> {
        let mut e = Edges::default();
        e.compute(heads);
        let mut out = Vec::new();
        sent_starts(heads, &e, &mut out);
        out
    }

    #[test]
    fn two_projective_sentences() {
        // "A b . C d ." with roots 1 and 4
        let heads = [1, 1, 1, 4, 4, 4];
        assert_eq!(starts(&heads), [true, false, false, true, false, false]);
        let mut e = Edges::default();
        e.compute(&heads);
        assert_eq!(e.l_edge, [0, 0, 2, 3, 3, 5]);
        assert_eq!(e.r_edge, [0, 2, 2, 3, 5, 5]);
    }

    #[test]
    fn empty_and_single() {
        assert!(starts(&[]).is_empty());
        assert_eq!(starts(&[0]), [true]);
    }
}
