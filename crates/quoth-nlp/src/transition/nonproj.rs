//! Deprojectivization (`spacy/pipeline/_parser_internals/nonproj.pyx` `deprojectivize`,
//! `_find_new_head`): arcs with a lifted label `new||head_label` are re-attached to the first
//! token labelled `head_label` found breadth-first below their current head.

use super::sentences::Edges;

/// Label ids split at the `||` delimiter: for a decorated label, `(new label, head label)`.
pub trait LabelSplit {
    /// `Some((new_label, head_label))` if `label` is decorated.
    fn split(&self, label: u32) -> Option<(u32, u32)>;
}

/// Re-attach every decorated arc, in token order. `edges` are the edges computed for the heads
/// *before* this call; spaCy does not refresh them while it re-attaches, and `Token.children`
/// scans only between them, so a moved child can be invisible to later searches. Whitespace
/// tokens are never chosen as (or searched through as) a new head. Returns whether anything
/// changed (then sentence starts must be recomputed).
pub fn deprojectivize(
    heads: &mut [usize],
    deps: &mut [u32],
    is_space: &[bool],
    edges: &Edges,
    labels: &impl LabelSplit,
) -> bool {
    let n = heads.len().min(deps.len());
    let mut changed = false;
    let mut queue: Vec<usize> = Vec::new();
    let mut next: Vec<usize> = Vec::new();
    for i in 0..n {
        let Some((new_label, head_label)) = labels.split(deps[i]) else {
            continue;
        };
        let new_head = find_new_head(
            i, head_label, heads, deps, is_space, edges, &mut queue, &mut next,
        );
        heads[i] = new_head;
        deps[i] = new_label;
        changed = true;
    }
    changed
}

/// `_find_new_head`: breadth-first from the current head of `i`, children in `Token.children`
/// order; the first child labelled `head_label` wins; otherwise the head stays.
#[allow(clippy::too_many_arguments)]
fn find_new_head(
    i: usize,
    head_label: u32,
    heads: &[usize],
    deps: &[u32],
    is_space: &[bool],
    edges: &Edges,
    queue: &mut Vec<usize>,
    next: &mut Vec<usize>,
) -> usize {
    let n = heads.len();
    let current = heads[i];
    queue.clear();
    queue.push(current);
    // A tree is exhausted after n levels; the bound only guards against cyclic input, on
    // which spaCy would loop forever.
    for _ in 0..=n {
        if queue.is_empty() {
            break;
        }
        next.clear();
        for &q in queue.iter() {
            let mut found = None;
            for_each_child(q, heads, edges, |c| {
                if found.is_some() || c == i || is_space.get(c).copied().unwrap_or(false) {
                    return;
                }
                if deps[c] == head_label {
                    found = Some(c);
                } else {
                    next.push(c);
                }
            });
            if let Some(c) = found {
                return c;
            }
        }
        std::mem::swap(queue, next);
    }
    current
}

/// `Token.children` of `q` with stale edges: lefts scanning `l_edge[q]..q` upwards, then rights
/// found scanning `r_edge[q]` down to `q+1`, reported in ascending order; membership tested
/// against the current heads.
fn for_each_child(q: usize, heads: &[usize], edges: &Edges, mut f: impl FnMut(usize)) {
    let n = heads.len();
    if q >= n {
        return;
    }
    let l = edges.l_edge.get(q).copied().unwrap_or(q).min(q);
    let r = edges.r_edge.get(q).copied().unwrap_or(q).clamp(q, n - 1);
    for (j, &h) in heads.iter().enumerate().take(q).skip(l) {
        if h == q {
            f(j);
        }
    }
    for (j, &h) in heads.iter().enumerate().take(r + 1).skip(q + 1) {
        if h == q {
            f(j);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Labels: 1 = a, 2 = b, 3 = "a||b".
    struct Split;
    impl LabelSplit for Split {
        fn split(&self, label: u32) -> Option<(u32, u32)> {
            (label == 3).then_some((1, 2))
        }
    }

    #[test]
    fn lifted_arc_moves_to_the_first_matching_descendant() {
        // 0 <- 1(root) -> 2(b) ; 3 is "a||b" attached to 1, must move under 2
        let mut heads = vec![1, 1, 1, 1];
        let mut deps = vec![1, 0, 2, 3];
        let mut e = Edges::default();
        e.compute(&heads);
        let changed = deprojectivize(&mut heads, &mut deps, &[false; 4], &e, &Split);
        assert!(changed);
        assert_eq!(heads, [1, 1, 1, 2]);
        assert_eq!(deps, [1, 0, 2, 1]);
    }

    #[test]
    fn whitespace_is_never_a_new_head() {
        let mut heads = vec![1, 1, 1, 1];
        let mut deps = vec![1, 0, 2, 3];
        let mut e = Edges::default();
        e.compute(&heads);
        let space = [false, false, true, false];
        deprojectivize(&mut heads, &mut deps, &space, &e, &Split);
        assert_eq!(heads, [1, 1, 1, 1]);
        assert_eq!(deps[3], 1);
    }
}
