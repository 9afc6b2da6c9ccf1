//! thinc `LayerNorm`: per row `(x - mean) / sqrt(var + 1e-8) * G + b` (population variance).

use crate::model::{ThincModel, ThincNode};
use crate::NlpError;

use super::node::param;

/// A layer norm over rows of width `G.len()`.
#[derive(Debug, Clone)]
pub struct LayerNorm {
    g: Vec<f32>,
    b: Vec<f32>,
}

impl LayerNorm {
    /// Build from gain and bias vectors of equal length.
    pub(crate) fn new(g: Vec<f32>, b: Vec<f32>) -> Self {
        debug_assert_eq!(g.len(), b.len());
        LayerNorm { g, b }
    }

    /// Build from a `layernorm` node (`G` `[width]`, `b` `[width]`).
    pub fn from_node(model: &ThincModel, node: &ThincNode, width: usize) -> Result<Self, NlpError> {
        let g = param(model, node, "G", &[Some(width)])?;
        let b = param(model, node, "b", &[Some(width)])?;
        Ok(Self::new(g.data.clone(), b.data.clone()))
    }

    /// Normalise each row of `x` (n rows of width `G.len()`) in place, as thinc does with
    /// numpy float32 arithmetic: `mu = X.mean(1)`, `var = X.var(1) + 1e-8`,
    /// `Y = (X - mu) * var ** -0.5 * G + b`; numpy sums a row with [`pairwise_sum`].
    #[inline(always)]
    pub fn forward_inplace(&self, x: &mut [f32]) {
        let w = self.g.len();
        if w == 0 {
            return;
        }
        let n = w as f32;
        for row in x.chunks_exact_mut(w) {
            let mu = pairwise_sum(row, |v| v) / n;
            let var = pairwise_sum(row, |v| {
                let d = v - mu;
                d * d
            }) / n
                + 1e-8;
            let scale = var.powf(-0.5);
            for ((v, &g), &b) in row.iter_mut().zip(&self.g).zip(&self.b) {
                *v = (*v - mu) * scale * g + b;
            }
        }
    }
}

/// Σ f(a[i]) in float32 by numpy's pairwise summation (`pairwise_sum` in
/// `numpy/_core/src/umath/loops_utils.h.src`), which `ndarray.sum`/`mean`/`var` use along a
/// contiguous axis: below 8 values a plain loop; up to 128, eight interleaved partial sums
/// combined as ((r0+r1)+(r2+r3))+((r4+r5)+(r6+r7)) and then the remainder; above, the two
/// halves (the first a multiple of 8 long) summed recursively. Matching it makes the layer
/// norm's mean and variance bit-identical to thinc's, and the eight partial sums vectorise.
#[inline(always)]
pub(crate) fn pairwise_sum(a: &[f32], f: impl Fn(f32) -> f32 + Copy) -> f32 {
    let n = a.len();
    if n < 8 {
        let mut res = 0.0f32;
        for &v in a {
            res += f(v);
        }
        res
    } else if n <= 128 {
        let mut r: [f32; 8] = std::array::from_fn(|j| f(a[j]));
        let whole = n - n % 8;
        for chunk in a[8..whole].chunks_exact(8) {
            for (acc, &v) in r.iter_mut().zip(chunk) {
                *acc += f(v);
            }
        }
        let mut res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
        for &v in &a[whole..] {
            res += f(v);
        }
        res
    } else {
        let half = n / 2;
        let n2 = half - half % 8;
        pairwise_sum_rec(&a[..n2], f) + pairwise_sum_rec(&a[n2..], f)
    }
}

/// [`pairwise_sum`] for the recursive case (a separate function: an `inline(always)`
/// function cannot call itself).
fn pairwise_sum_rec(a: &[f32], f: impl Fn(f32) -> f32 + Copy) -> f32 {
    pairwise_sum(a, f)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_rows() {
        let ln = LayerNorm::new(vec![1.0, 2.0, 1.0, 1.0], vec![0.0, 0.0, 0.0, 1.0]);
        let mut x = [1.0, 2.0, 3.0, 4.0, 5.0, 5.0, 5.0, 5.0];
        ln.forward_inplace(&mut x);
        // mean 2.5, var 1.25 -> std 1.1180340
        let s = 1.25f32.sqrt();
        let want = [-1.5 / s, 2.0 * -0.5 / s, 0.5 / s, 1.5 / s + 1.0];
        for (a, b) in x[..4].iter().zip(want) {
            assert!((a - b).abs() < 1e-5);
        }
        // constant row -> zeros (+ bias), no NaN thanks to the epsilon
        assert_eq!(&x[4..], &[0.0, 0.0, 0.0, 1.0]);
    }

    /// numpy's float32 pairwise sum, written out for 20 values: eight partial sums over the
    /// first 16, combined in pairs, then the last four one by one.
    #[test]
    fn pairwise_sum_follows_numpy_order() {
        let a: Vec<f32> = (0..20)
            .map(|i| 1.0 + (i as f32) * 1e-7 * ((i * 7919) % 13) as f32)
            .collect();
        let r: Vec<f32> = (0..8).map(|j| a[j] + a[j + 8]).collect();
        let mut want = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
        for &v in &a[16..] {
            want += v;
        }
        assert_eq!(pairwise_sum(&a, |v| v).to_bits(), want.to_bits());
        // Short rows: a plain loop from zero; long rows: halves of which the first is a
        // multiple of 8 long.
        assert_eq!(
            pairwise_sum(&a[..5], |v| v),
            (((a[0] + a[1]) + a[2]) + a[3]) + a[4]
        );
        let long: Vec<f32> = (0..300).map(|i| (i as f32 * 0.37).sin()).collect();
        let split = pairwise_sum(&long[..144], |v| v) + pairwise_sum(&long[144..], |v| v);
        assert_eq!(pairwise_sum(&long, |v| v).to_bits(), split.to_bits());
        assert_eq!(pairwise_sum(&[1.0, 2.0], |v| v * v), 5.0);
    }
}
