//! Dense layer `Y = X·Wᵀ + b` (thinc `Linear`, and `Softmax` with `normalize=false` as used by
//! the tagger at inference), plus argmax.

use crate::model::{ThincModel, ThincNode};
use crate::NlpError;

use super::gemm::{fill_rows, transpose};
use super::node::param;
use super::packed::PackedMatrix;

/// A dense layer with W stored (nO, nI).
#[derive(Debug, Clone)]
pub struct Linear {
    /// W transposed (nI × nO), packed for the GEMM form.
    wt: PackedMatrix,
    b: Vec<f32>,
    n_out: usize,
    n_in: usize,
}

impl Linear {
    /// Build from raw weights `w` (nO·nI) and bias `b` (nO).
    pub(crate) fn new(w: Vec<f32>, b: Vec<f32>, n_out: usize, n_in: usize) -> Self {
        debug_assert_eq!(w.len(), n_out * n_in);
        debug_assert_eq!(b.len(), n_out);
        Linear {
            wt: PackedMatrix::new(transpose(&w, n_out, n_in), n_in, n_out),
            b,
            n_out,
            n_in,
        }
    }

    /// Build from a `linear`/`softmax` node (`W` `[nO, nI]`, `b` `[nO]`); sizes, when given, must match.
    pub fn from_node(
        model: &ThincModel,
        node: &ThincNode,
        n_out: Option<usize>,
        n_in: Option<usize>,
    ) -> Result<Self, NlpError> {
        let w = param(model, node, "W", &[n_out, n_in])?;
        let (o, i) = (w.shape[0], w.shape[1]);
        let b = param(model, node, "b", &[Some(o)])?;
        if o == 0 || i == 0 {
            return Err(super::node::node_error(model, node, "empty linear layer"));
        }
        Ok(Self::new(w.data.clone(), b.data.clone(), o, i))
    }

    /// The tagger/senter output layer: the file's single `softmax` node (applied without
    /// normalisation, as spaCy does at inference; argmax is unaffected), reading `n_in`-wide
    /// token vectors.
    pub fn softmax_output(model: &ThincModel, n_in: usize) -> Result<Self, NlpError> {
        let mut nodes = model.nodes.iter().filter(|n| n.name == "softmax");
        match (nodes.next(), nodes.next()) {
            (Some(node), None) => Self::from_node(model, node, None, Some(n_in)),
            _ => Err(NlpError::format(
                &model.path,
                "expected exactly one `softmax` node",
            )),
        }
    }

    /// nO.
    pub fn n_out(&self) -> usize {
        self.n_out
    }

    /// nI.
    pub fn n_in(&self) -> usize {
        self.n_in
    }

    /// `out` (n × nO) = `x` (n × nI) · Wᵀ + b.
    pub fn forward(&self, x: &[f32], n: usize, out: &mut [f32]) {
        fill_rows(out, n, &self.b);
        self.wt.gemm(n, x, 1.0, out);
    }

    /// Single-row product `out = x·Wᵀ + b` (per-step use); writes `min(out.len(), nO)`
    /// values. With room for every output it is [`Linear::forward`] on one row (the packed
    /// kernel keeps the outputs in registers); a shorter `out` takes a plain loop.
    #[inline]
    pub fn forward_row(&self, x: &[f32], out: &mut [f32]) {
        let no = self.n_out;
        if out.len() >= no {
            self.forward(x, 1, &mut out[..no]);
            return;
        }
        let out = &mut out[..];
        out.fill(0.0);
        for (&a, wrow) in x.iter().zip(self.wt.rowmajor().chunks_exact(no)) {
            for (o, &w) in out.iter_mut().zip(wrow) {
                *o += a * w;
            }
        }
        for (o, &b) in out.iter_mut().zip(&self.b) {
            *o += b;
        }
    }

    /// Per row of `logits` (rows of length nO): index of the first maximum.
    pub fn argmax_rows(&self, logits: &[f32]) -> Vec<usize> {
        logits.chunks_exact(self.n_out).map(argmax).collect()
    }
}

/// Index of the first maximum (numpy `argmax`); 0 for an empty slice.
pub fn argmax(row: &[f32]) -> usize {
    let mut best = 0;
    for (i, &v) in row.iter().enumerate() {
        if v > row[best] {
            best = i;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dense_and_row_forms_agree() {
        let l = Linear::new(vec![1.0, 2.0, 3.0, -1.0, 0.5, 0.0], vec![0.1, -0.2], 2, 3);
        let x = [1.0, 1.0, 1.0, 2.0, 0.0, -1.0];
        let mut out = [0.0f32; 4];
        l.forward(&x, 2, &mut out);
        assert!((out[0] - 6.1).abs() < 1e-6 && (out[1] - -0.7).abs() < 1e-6);
        assert!((out[2] - -0.9).abs() < 1e-6 && (out[3] - -2.2).abs() < 1e-6);
        let mut row = [0.0f32; 2];
        l.forward_row(&x[3..], &mut row);
        assert!((row[0] - out[2]).abs() < 1e-6 && (row[1] - out[3]).abs() < 1e-6);
        assert_eq!(l.argmax_rows(&out), vec![0, 0]);
    }

    #[test]
    fn argmax_prefers_first_on_ties() {
        assert_eq!(argmax(&[1.0, 3.0, 3.0, 2.0]), 1);
        assert_eq!(argmax(&[]), 0);
    }
}
