//! thinc `Maxout`: `Y[r, o] = max_p (X·W[o, p]ᵀ + b[o, p])`, W stored (nO, nP, nI).

use crate::model::{ThincModel, ThincNode};
use crate::NlpError;

use super::gemm::transpose;
use super::node::param;
use super::packed::PackedMatrix;

/// A maxout layer; W is viewed as (nP·nO) × nI so one GEMM computes every piece.
///
/// The pieces are kept piece-major (column `p·nO + o` of the pre-activations is piece p of
/// output o, where the file has `o·nP + p`), so the max over pieces is an element-wise max of
/// nP contiguous rows of nO values, which vectorises. Only the order of columns changes.
#[derive(Debug, Clone)]
pub struct Maxout {
    /// W, piece-major and transposed: nI × (nP·nO), packed for the GEMM.
    wt: PackedMatrix,
    /// The bias, piece-major (nP·nO).
    b: Vec<f32>,
    n_out: usize,
    n_pieces: usize,
    n_in: usize,
}

impl Maxout {
    /// Build from raw weights: `w` (nO·nP·nI), `b` (nO·nP).
    pub(crate) fn new(
        w: Vec<f32>,
        b: Vec<f32>,
        n_out: usize,
        n_pieces: usize,
        n_in: usize,
    ) -> Self {
        debug_assert_eq!(w.len(), n_out * n_pieces * n_in);
        debug_assert_eq!(b.len(), n_out * n_pieces);
        let w = piece_major(&w, n_out, n_pieces, n_in);
        let b = piece_major(&b, n_out, n_pieces, 1);
        Maxout {
            wt: PackedMatrix::new(
                transpose(&w, n_out * n_pieces, n_in),
                n_in,
                n_out * n_pieces,
            ),
            b,
            n_out,
            n_pieces,
            n_in,
        }
    }

    /// Build from a `maxout` node (`W` `[nO, nP, nI]`, `b` `[nO, nP]`); `n_in`/`n_out`, when given,
    /// must match.
    pub fn from_node(
        model: &ThincModel,
        node: &ThincNode,
        n_out: Option<usize>,
        n_in: Option<usize>,
    ) -> Result<Self, NlpError> {
        let w = param(model, node, "W", &[n_out, None, n_in])?;
        let (o, p, i) = (w.shape[0], w.shape[1], w.shape[2]);
        let b = param(model, node, "b", &[Some(o), Some(p)])?;
        if o == 0 || p == 0 || i == 0 {
            return Err(super::node::node_error(model, node, "empty maxout"));
        }
        Ok(Self::new(w.data.clone(), b.data.clone(), o, p, i))
    }

    /// nO.
    pub fn n_out(&self) -> usize {
        self.n_out
    }

    /// nI.
    pub fn n_in(&self) -> usize {
        self.n_in
    }

    /// nP.
    pub fn n_pieces(&self) -> usize {
        self.n_pieces
    }

    /// `out` (n × nO) = maxout of `x` (n × nI); `pieces` is scratch, resized as needed.
    pub fn forward(&self, x: &[f32], n: usize, pieces: &mut Vec<f32>, out: &mut [f32]) {
        let op = self.n_out * self.n_pieces;
        pieces.resize(n * op, 0.0);
        self.wt.gemm(n, x, 0.0, pieces);
        self.bias_max(pieces, n, out);
    }

    /// [`Maxout::forward`] for chosen input rows: output row `i` reads the input row starting
    /// at `x[rows[i]·stride]`; rows may overlap (see [`PackedMatrix::gemm_rows`]).
    pub fn forward_rows(
        &self,
        x: &[f32],
        stride: usize,
        rows: &[u32],
        pieces: &mut Vec<f32>,
        out: &mut [f32],
    ) {
        let op = self.n_out * self.n_pieces;
        pieces.resize(rows.len() * op, 0.0);
        self.wt.gemm_rows(rows, x, stride, 0.0, pieces);
        self.bias_max(pieces, rows.len(), out);
    }

    /// `out` (n × nO) = max over the nP pieces (piece-major rows of `pieces`) plus the bias.
    /// thinc adds the bias after the GEMM; fused into the max pass (same rounding).
    #[inline(always)]
    pub(crate) fn bias_max(&self, pieces: &[f32], n: usize, out: &mut [f32]) {
        max_over_pieces(pieces, n, self.n_out, self.n_pieces, Some(&self.b), out);
    }

    /// The bias, piece-major (nP·nO).
    pub(crate) fn bias(&self) -> &[f32] {
        &self.b
    }

    /// Input rows `start..start + len` of the (transposed, piece-major) weights as a
    /// contiguous len × (nP·nO) matrix: the block of W that multiplies those inputs.
    pub(crate) fn input_rows(&self, start: usize, len: usize) -> &[f32] {
        let op = self.n_out * self.n_pieces;
        &self.wt.rowmajor()[start * op..(start + len) * op]
    }

    /// Input columns `start..start + len` of W as a contiguous (nP·nO) × len matrix (rows
    /// piece-major, like the pre-activations).
    pub(crate) fn column_block(&self, start: usize, len: usize) -> Vec<f32> {
        let op = self.n_out * self.n_pieces;
        let mut block = Vec::with_capacity(op * len);
        for o in 0..op {
            block.extend((start..start + len).map(|l| self.wt.rowmajor()[l * op + o]));
        }
        block
    }

    /// `out` (n × nO) = max over the nP pieces of the piece-major pre-activations in
    /// `pieces` (n × nP·nO, bias included).
    #[inline(always)]
    pub(crate) fn max_pieces(&self, pieces: &[f32], n: usize, out: &mut [f32]) {
        max_over_pieces(pieces, n, self.n_out, self.n_pieces, None, out);
    }
}

/// Reorder rows of an (nO, nP, `inner`) array to (nP, nO, `inner`).
pub(crate) fn piece_major(x: &[f32], n_out: usize, n_pieces: usize, inner: usize) -> Vec<f32> {
    let mut y = Vec::with_capacity(x.len());
    for p in 0..n_pieces {
        for o in 0..n_out {
            let r = o * n_pieces + p;
            y.extend_from_slice(&x[r * inner..(r + 1) * inner]);
        }
    }
    y
}

/// Row by row, `out[o] = max_p (pieces[p·nO + o] + bias[p·nO + o])` (no bias when `None`),
/// comparing the pieces in order as thinc's `maxout` does. `pieces` holds n rows of nP·nO.
#[inline(always)]
pub(crate) fn max_over_pieces(
    pieces: &[f32],
    n: usize,
    n_out: usize,
    n_pieces: usize,
    bias: Option<&[f32]>,
    out: &mut [f32],
) {
    let op = n_out * n_pieces;
    for (orow, prow) in out[..n * n_out]
        .chunks_exact_mut(n_out)
        .zip(pieces[..n * op].chunks_exact(op))
    {
        for (p, src) in prow.chunks_exact(n_out).enumerate() {
            match bias {
                Some(b) => {
                    let b = &b[p * n_out..(p + 1) * n_out];
                    if p == 0 {
                        for ((d, &v), &bv) in orow.iter_mut().zip(src).zip(b) {
                            *d = v + bv;
                        }
                    } else {
                        for ((d, &v), &bv) in orow.iter_mut().zip(src).zip(b) {
                            let v = v + bv;
                            *d = if v > *d { v } else { *d };
                        }
                    }
                }
                None => {
                    if p == 0 {
                        orow.copy_from_slice(src);
                    } else {
                        for (d, &v) in orow.iter_mut().zip(src) {
                            *d = if v > *d { v } else { *d };
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn takes_max_over_pieces_with_o_major_layout() {
        // nO=2, nP=2, nI=2; W[o,p] rows: (o0p0)=[1,0], (o0p1)=[0,1], (o1p0)=[-1,0], (o1p1)=[1,1]
        let w = vec![1.0, 0.0, 0.0, 1.0, -1.0, 0.0, 1.0, 1.0];
        let b = vec![0.0, 0.5, 0.0, -10.0];
        let m = Maxout::new(w, b, 2, 2, 2);
        let x = [3.0, 1.0, -2.0, 4.0];
        let mut pieces = Vec::new();
        let mut out = [0.0f32; 4];
        m.forward(&x, 2, &mut pieces, &mut out);
        // row0: o0 = max(3, 1.5) = 3; o1 = max(-3, 4-10) = -3
        // row1: o0 = max(-2, 4.5) = 4.5; o1 = max(2, 2-10) = 2
        assert_eq!(out, [3.0, -3.0, 4.5, 2.0]);
    }
}
