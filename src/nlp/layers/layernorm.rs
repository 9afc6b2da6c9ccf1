//! thinc `LayerNorm`: per row `(x - mean) / sqrt(var + 1e-8) * G + b` (population variance).

use crate::nlp::model::{ThincModel, ThincNode};
use crate::nlp::NlpError;

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

    /// Normalise each row of `x` (n rows of width `G.len()`) in place.
    pub fn forward_inplace(&self, x: &mut [f32]) {
        let w = self.g.len();
        if w == 0 {
            return;
        }
        let inv_w = 1.0 / w as f64;
        for row in x.chunks_exact_mut(w) {
            let mean = row.iter().map(|&v| f64::from(v)).sum::<f64>() * inv_w;
            let var = row
                .iter()
                .map(|&v| {
                    let d = f64::from(v) - mean;
                    d * d
                })
                .sum::<f64>()
                * inv_w;
            let mu = mean as f32;
            let scale = ((var as f32) + 1e-8).powf(-0.5);
            for ((v, &g), &b) in row.iter_mut().zip(&self.g).zip(&self.b) {
                *v = (*v - mu) * scale * g + b;
            }
        }
    }
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
}
