//! spaCy `StaticVectors` (md models): the ORTH id picks a row of the pipeline's word vectors,
//! projected to the tok2vec width by `W` [width, dim]; unknown words give a zero block.

use std::sync::Arc;

use crate::model::{StaticVectors, ThincModel, ThincNode};
use crate::NlpError;

use super::gemm::gemm_abt;
use super::node::{node_error, param};

/// The static-vectors embedding block.
#[derive(Debug, Clone)]
pub struct StaticVectorsLayer {
    vectors: Arc<StaticVectors>,
    /// width × dim.
    w: Vec<f32>,
    width: usize,
}

impl StaticVectorsLayer {
    /// Build from a `static_vectors` node (`W` `[width, dim]`) and the pipeline's vectors table.
    pub fn from_node(
        model: &ThincModel,
        node: &ThincNode,
        vectors: Arc<StaticVectors>,
    ) -> Result<Self, NlpError> {
        if let Some(key_attr) = node.attrs.get("key_attr").and_then(|v| v.as_str()) {
            if key_attr != "ORTH" {
                return Err(NlpError::unsupported(
                    &model.path,
                    format!("node {} `static_vectors`: key_attr {key_attr}", node.index),
                ));
            }
        }
        let w = param(model, node, "W", &[None, Some(vectors.dim)])?;
        if vectors.data.len() != vectors.rows * vectors.dim {
            return Err(node_error(
                model,
                node,
                "vectors table size does not match its shape",
            ));
        }
        if vectors.key2row.values().any(|&r| r >= vectors.rows) {
            return Err(node_error(
                model,
                node,
                "key2row points past the vectors table",
            ));
        }
        Ok(StaticVectorsLayer {
            vectors,
            width: w.shape[0],
            w: w.data.clone(),
        })
    }

    /// Output width.
    pub fn width(&self) -> usize {
        self.width
    }

    /// For `orths` (n ids): write the projected vectors (n × width) into `out`. `gathered` is
    /// scratch for the n × dim input rows (zero rows for unknown ids).
    pub fn forward(&self, orths: &[u64], gathered: &mut Vec<f32>, out: &mut [f32]) {
        let dim = self.vectors.dim;
        let n = orths.len();
        gathered.clear();
        gathered.resize(n * dim, 0.0);
        for (dst, orth) in gathered.chunks_exact_mut(dim.max(1)).zip(orths) {
            if let Some(&row) = self.vectors.key2row.get(orth) {
                dst.copy_from_slice(&self.vectors.data[row * dim..(row + 1) * dim]);
            }
        }
        gemm_abt(n, dim, self.width, gathered, &self.w, 0.0, out);
    }
}
