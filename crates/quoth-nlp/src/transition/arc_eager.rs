//! Arc-eager state with spaCy's non-monotonic extensions (`_state.pxd` `StateC`,
//! `arc_eager.pyx` `Shift/Reduce/LeftArc/RightArc/Break`): stack, buffer with a re-buffer of
//! unshifted tokens, arcs per head in insertion order, sentence breaks.

use super::classes::{ArcMove, ParserClass};

/// Number of context-token features of the parser model.
pub const PARSER_FEATURES: usize = 8;

/// One arc in a head's list (the head is the list's owner).
#[derive(Debug, Clone, Copy)]
struct ArcC {
    child: i32,
    label: u32,
}

/// The parser state of one document. Token indices are `i32` as in spaCy (`-1` = none).
#[derive(Debug, Clone, Default)]
pub struct ArcEagerState {
    n: i32,
    /// The document's preset `sent_start` values (fresh docs: token 0 = 1, others 0).
    doc_sent_start: Vec<i8>,
    stack: Vec<i32>,
    /// Tokens pushed back to the buffer by an unshift; the last one is B0.
    rebuffer: Vec<i32>,
    /// Next fresh buffer token.
    b_i: i32,
    heads: Vec<i32>,
    left_arcs: Vec<Vec<ArcC>>,
    right_arcs: Vec<Vec<ArcC>>,
    unshiftable: Vec<bool>,
    /// Tokens marked as sentence starts by BREAK.
    sent_starts: Vec<bool>,
    /// The label id treated as `subtok` (LEFT/RIGHT with it need adjacent tokens), if any.
    subtok: Option<u32>,
}

impl ArcEagerState {
    /// A fresh state for a document of `n` tokens without preset annotation.
    pub fn new(n: usize) -> Self {
        let mut s = ArcEagerState::default();
        s.reset(n);
        s
    }

    /// Reinitialise for a fresh document of `n` tokens, keeping allocations.
    pub fn reset(&mut self, n: usize) {
        let n = n.min(i32::MAX as usize);
        self.n = n as i32;
        self.doc_sent_start.clear();
        self.doc_sent_start.resize(n, 0);
        if let Some(first) = self.doc_sent_start.first_mut() {
            *first = 1; // Doc.push_back marks the first token
        }
        self.stack.clear();
        self.rebuffer.clear();
        self.b_i = 0;
        self.heads.clear();
        self.heads.resize(n, -1);
        for arcs in [&mut self.left_arcs, &mut self.right_arcs] {
            arcs.truncate(n);
            arcs.iter_mut().for_each(Vec::clear);
            arcs.resize_with(n, Vec::new);
        }
        self.unshiftable.clear();
        self.unshiftable.resize(n, false);
        self.sent_starts.clear();
        self.sent_starts.resize(n, false);
    }

    /// Declare the label id of `subtok` (spaCy checks it by string id).
    pub fn set_subtok_label(&mut self, label: Option<u32>) {
        self.subtok = label;
    }

    /// Number of tokens.
    pub fn len(&self) -> usize {
        self.n as usize
    }

    /// Whether the document is empty.
    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    /// i-th element from the top of the stack.
    pub fn s(&self, i: i32) -> i32 {
        if i < 0 || i as usize >= self.stack.len() {
            return -1;
        }
        self.stack[self.stack.len() - 1 - i as usize]
    }

    /// i-th element of the buffer (re-buffered tokens first).
    pub fn b(&self, i: i32) -> i32 {
        if i < 0 {
            return -1;
        }
        let r = self.rebuffer.len();
        if (i as usize) < r {
            return self.rebuffer[r - 1 - i as usize];
        }
        let b = self.b_i + (i - r as i32);
        if b >= self.n {
            -1
        } else {
            b
        }
    }

    /// Tokens left in the buffer.
    pub fn buffer_length(&self) -> i32 {
        (self.n - self.b_i) + self.rebuffer.len() as i32
    }

    /// Stack and buffer both empty.
    pub fn is_final(&self) -> bool {
        self.stack.is_empty() && self.buffer_length() == 0
    }

    fn in_range(&self, w: i32) -> bool {
        w >= 0 && w < self.n
    }

    fn is_sent_start(&self, w: i32) -> bool {
        self.in_range(w) && (self.doc_sent_start[w as usize] == 1 || self.sent_starts[w as usize])
    }

    fn cannot_sent_start(&self, w: i32) -> bool {
        self.in_range(w) && self.doc_sent_start[w as usize] == -1
    }

    fn is_unshiftable(&self, w: i32) -> bool {
        self.in_range(w) && self.unshiftable[w as usize]
    }

    /// The head of `child`, −1 if none yet.
    pub fn head(&self, child: i32) -> i32 {
        if self.in_range(child) {
            self.heads[child as usize]
        } else {
            -1
        }
    }

    /// The `idx`-th most recently attached child in `arcs[head]` (`StateC.nth_child`).
    fn nth_child(arcs: &[Vec<ArcC>], head: i32, idx: usize) -> i32 {
        if idx < 1 || head < 0 {
            return -1;
        }
        let Some(list) = arcs.get(head as usize) else {
            return -1;
        };
        list.iter()
            .rev()
            .filter(|a| a.child != -1)
            .nth(idx - 1)
            .map_or(-1, |a| a.child)
    }

    /// Most recent left child of `head` (`L(head, 1)`).
    pub fn left_child(&self, head: i32) -> i32 {
        Self::nth_child(&self.left_arcs, head, 1)
    }

    /// Most recent right child of `head` (`R(head, 1)`).
    pub fn right_child(&self, head: i32) -> i32 {
        Self::nth_child(&self.right_arcs, head, 1)
    }

    /// The 8 context tokens (`set_context_tokens`, n == 8):
    /// `B0, B1, S0, S1, S2, L(B0), L(S0), R(S0)`.
    pub fn features(&self, out: &mut [i32; PARSER_FEATURES]) {
        let b0 = self.b(0);
        let s0 = self.s(0);
        *out = [
            b0,
            self.b(1),
            s0,
            self.s(1),
            self.s(2),
            self.left_child(b0),
            self.left_child(s0),
            self.right_child(s0),
        ];
    }

    /// Validity of each move for any label but `subtok` (`ArcEager.set_valid`), indexed by
    /// `ArcMove as usize`.
    pub fn move_validity(&self) -> [bool; 5] {
        let depth = self.stack.len();
        let blen = self.buffer_length();
        let b0 = self.b(0);
        let b1 = self.b(1);
        let shift = if depth == 0 {
            true
        } else {
            !(blen < 2 || self.is_sent_start(b0) || self.is_unshiftable(b0))
        };
        let reduce = if depth == 0 {
            false
        } else if blen == 0 {
            true
        } else {
            // spaCy: cannot_sent_start(l_edge(B0)) with l_edge(w) = w
            !(depth == 1 && self.cannot_sent_start(b0))
        };
        let arc = depth > 0 && blen > 0 && !self.is_sent_start(b0);
        let brk =
            blen >= 2 && b1 == b0 + 1 && !self.is_sent_start(b1) && !self.cannot_sent_start(b1);
        [shift, reduce, arc, arc, brk]
    }

    /// Validity of every class into `out` (same length as `classes`).
    pub fn set_valid(&self, classes: &[ParserClass], out: &mut [bool]) {
        let v = self.move_validity();
        let subtok_ok = self.s(0) == self.b(0) - 1;
        for (o, c) in out.iter_mut().zip(classes) {
            *o = v[c.mv as usize];
            if Some(c.label) == self.subtok && matches!(c.mv, ArcMove::Left | ArcMove::Right) {
                *o = *o && subtok_ok;
            }
        }
    }

    fn push(&mut self) {
        let b0 = match self.rebuffer.pop() {
            Some(t) => t,
            None => {
                let t = self.b_i;
                self.b_i += 1;
                t
            }
        };
        self.stack.push(b0);
    }

    fn del_arc(&mut self, h: i32, c: i32) {
        let arcs = if h > c {
            &mut self.left_arcs
        } else {
            &mut self.right_arcs
        };
        let Some(list) = arcs.get_mut(h as usize) else {
            return;
        };
        if list.last().is_some_and(|a| a.child == c) {
            list.pop();
        }
        // Otherwise spaCy's `map_del_arc` clears a *copy* of the arc: a no-op, kept as such.
    }

    fn add_arc(&mut self, h: i32, c: i32, label: u32) {
        if !self.in_range(h) || !self.in_range(c) {
            return;
        }
        let old = self.heads[c as usize];
        if old >= 0 {
            self.del_arc(old, c);
        }
        let arcs = if h > c {
            &mut self.left_arcs
        } else {
            &mut self.right_arcs
        };
        arcs[h as usize].push(ArcC { child: c, label });
        self.heads[c as usize] = h;
    }

    /// Apply a class (the caller checked validity).
    pub fn apply(&mut self, c: ParserClass) {
        match c.mv {
            ArcMove::Shift => self.push(),
            ArcMove::Reduce => {
                let s0 = self.s(0);
                if s0 < 0 {
                    return;
                }
                if self.head(s0) >= 0 || self.stack.len() == 1 {
                    self.stack.pop();
                } else {
                    self.unshiftable[s0 as usize] = true;
                    self.rebuffer.push(s0);
                    self.stack.pop();
                }
            }
            ArcMove::Left => {
                let (b0, s0) = (self.b(0), self.s(0));
                self.add_arc(b0, s0, c.label);
                if self.in_range(b0) {
                    self.unshiftable[b0 as usize] = false;
                }
                self.stack.pop();
            }
            ArcMove::Right => {
                let (b0, s0) = (self.b(0), self.s(0));
                self.add_arc(s0, b0, c.label);
                self.push();
            }
            ArcMove::Break => {
                let b1 = self.b(1);
                if self.in_range(b1) {
                    self.sent_starts[b1 as usize] = true;
                }
            }
        }
    }

    /// End the parse where it stands (spaCy's `force_final`, used when nothing is valid).
    pub fn force_final(&mut self) {
        self.stack.clear();
        self.rebuffer.clear();
        self.b_i = self.n;
    }

    /// `ArcEager.set_annotations` step 1: every live arc sets its child's head and label
    /// (left-arc lists first, then right-arc lists); tokens without an arc are roots.
    /// spaCy walks its per-head hash maps in hash order; that order is only observable if a
    /// child had two live arcs, which needs a non-last `del_arc` — arc-eager never does that
    /// (a re-attached S0's arc is always the last of its old head's list). Heads ascending here.
    pub fn write_arcs(&self, heads: &mut Vec<usize>, labels: &mut Vec<u32>, root_label: u32) {
        let n = self.len();
        heads.clear();
        heads.extend(0..n);
        labels.clear();
        labels.resize(n, root_label);
        for arcs in [&self.left_arcs, &self.right_arcs] {
            for (h, list) in arcs.iter().enumerate() {
                for a in list {
                    if a.child >= 0 && (a.child as usize) < n {
                        heads[a.child as usize] = h;
                        labels[a.child as usize] = a.label;
                    }
                }
            }
        }
        for i in 0..n {
            if heads[i] == i {
                labels[i] = root_label;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: ParserClass = ParserClass {
        mv: ArcMove::Shift,
        label: 0,
    };
    const D: ParserClass = ParserClass {
        mv: ArcMove::Reduce,
        label: 0,
    };
    const L: ParserClass = ParserClass {
        mv: ArcMove::Left,
        label: 1,
    };
    const R: ParserClass = ParserClass {
        mv: ArcMove::Right,
        label: 2,
    };
    const B: ParserClass = ParserClass {
        mv: ArcMove::Break,
        label: 3,
    };

    #[test]
    fn features_follow_stack_buffer_and_latest_children() {
        let mut st = ArcEagerState::new(4);
        let mut f = [0; 8];
        st.features(&mut f);
        assert_eq!(f, [0, 1, -1, -1, -1, -1, -1, -1]);
        st.apply(S); // stack [0]
        st.apply(L); // 1 <- 0
        st.features(&mut f);
        assert_eq!(f, [1, 2, -1, -1, -1, 0, -1, -1]);
        st.apply(S); // stack [1]
        st.apply(R); // 1 -> 2, stack [1, 2]
        st.apply(D); // 2 has a head: pop
        st.features(&mut f);
        assert_eq!(f, [3, -1, 1, -1, -1, -1, 0, 2]);
    }

    #[test]
    fn reduce_of_headless_token_unshifts_it() {
        let mut st = ArcEagerState::new(4);
        st.apply(S);
        st.apply(S); // stack [0, 1]
        assert!(st.move_validity()[ArcMove::Reduce as usize]);
        st.apply(D); // 1 has no head and depth 2: back to the buffer
        assert_eq!(st.b(0), 1);
        assert_eq!(st.s(0), 0);
        // 1 cannot be shifted again until a left-arc changes the stack
        assert!(!st.move_validity()[ArcMove::Shift as usize]);
        st.apply(L); // 1 <- 0
        assert!(st.move_validity()[ArcMove::Shift as usize]);
    }

    #[test]
    fn break_blocks_arcs_across_the_boundary() {
        let mut st = ArcEagerState::new(3);
        st.apply(S); // stack [0], B0 = 1, B1 = 2
        assert!(st.move_validity()[ArcMove::Break as usize]);
        st.apply(B);
        st.apply(R); // 0 -> 1
        let v = st.move_validity();
        assert!(!v[ArcMove::Left as usize] && !v[ArcMove::Right as usize]);
        assert!(!v[ArcMove::Shift as usize]);
        assert!(v[ArcMove::Reduce as usize]);
    }

    #[test]
    fn reattaching_replaces_the_old_arc() {
        let mut st = ArcEagerState::new(3);
        st.apply(S);
        st.apply(R); // 0 -> 1, stack [0, 1]
        st.apply(L); // 2 <- 1 (1 re-attached), stack [0]
        assert_eq!(st.head(1), 2);
        assert_eq!(st.right_child(0), -1);
        let (mut h, mut l) = (Vec::new(), Vec::new());
        st.write_arcs(&mut h, &mut l, 9);
        assert_eq!(h, [0, 2, 2]);
        assert_eq!(l, [9, 1, 9]);
    }
}
