//! thinc `HashEmbed`: each id picks four rows of a table (MurmurHash3 x64_128 of the id's 8
//! little-endian bytes, one u32 word per row, modulo the row count); the rows are summed.

use crate::model::{ThincModel, ThincNode};
use crate::strings::murmur3_x64_128_u64;
use crate::NlpError;

use super::gemm::gemm_abt;
use super::node::{attr_u64, node_error, param};

/// One hash-embedding table.
#[derive(Debug, Clone)]
pub struct HashEmbed {
    /// nV × width, row-major.
    table: Vec<f32>,
    n_rows: usize,
    width: usize,
    seed: u32,
    /// Index into the feature columns (`extract_features` order).
    column: usize,
}

impl HashEmbed {
    /// Build from a table (nV × width) and its seed/column.
    pub(crate) fn new(
        table: Vec<f32>,
        n_rows: usize,
        width: usize,
        seed: u32,
        column: usize,
    ) -> Self {
        debug_assert_eq!(table.len(), n_rows * width);
        HashEmbed {
            table,
            n_rows,
            width,
            seed,
            column,
        }
    }

    /// Build from a `hashembed` node (param `E` `[nV, width]`, attrs `seed`, `column`).
    pub fn from_node(model: &ThincModel, node: &ThincNode) -> Result<Self, NlpError> {
        let e = param(model, node, "E", &[None, None])?;
        let (n_rows, width) = (e.shape[0], e.shape[1]);
        if n_rows == 0 || width == 0 {
            return Err(node_error(model, node, "empty embedding table"));
        }
        let seed = u32::try_from(attr_u64(model, node, "seed")?)
            .map_err(|_| node_error(model, node, "seed does not fit in u32"))?;
        let column = usize::try_from(attr_u64(model, node, "column")?)
            .map_err(|_| node_error(model, node, "column out of range"))?;
        Ok(Self::new(e.data.clone(), n_rows, width, seed, column))
    }

    /// Output width.
    pub fn width(&self) -> usize {
        self.width
    }

    /// Number of rows (nV).
    pub fn n_rows(&self) -> usize {
        self.n_rows
    }

    /// Feature column this table reads.
    pub fn column(&self) -> usize {
        self.column
    }

    /// The four row indices `id` selects.
    #[inline(always)]
    pub fn rows(&self, id: u64) -> [usize; 4] {
        let h = murmur3_x64_128_u64(id, self.seed);
        let n = self.n_rows as u64;
        h.map(|w| (u64::from(w) % n) as usize)
    }

    /// The table multiplied by a weight block: row r becomes `E[r]·w_blockᵀ` (`w_block` is
    /// n_out × width). Summing the projected rows equals projecting the summed rows, which lets
    /// the embedding mixer skip its GEMM (only the floating-point summation order changes).
    pub(crate) fn project(&self, w_block: &[f32], n_out: usize) -> HashEmbed {
        let mut table = vec![0.0; self.n_rows * n_out];
        gemm_abt(
            self.n_rows,
            self.width,
            n_out,
            &self.table,
            w_block,
            0.0,
            &mut table,
        );
        HashEmbed::new(table, self.n_rows, n_out, self.seed, self.column)
    }

    /// Add the embedding of `id` (the sum of its four rows) to `out` (length `width`).
    #[inline(always)]
    pub fn add_into(&self, id: u64, out: &mut [f32]) {
        let w = self.width;
        let [r0, r1, r2, r3] = self.rows(id);
        let e0 = &self.table[r0 * w..(r0 + 1) * w];
        let e1 = &self.table[r1 * w..(r1 + 1) * w];
        let e2 = &self.table[r2 * w..(r2 + 1) * w];
        let e3 = &self.table[r3 * w..(r3 + 1) * w];
        for (j, o) in out[..w].iter_mut().enumerate() {
            *o += e0[j] + e1[j] + e2[j] + e3[j];
        }
    }

    /// Write the embedding of `id` (the sum of its four rows, in row order) into `out`
    /// (length `width`).
    #[inline]
    pub fn embed_into(&self, id: u64, out: &mut [f32]) {
        let w = self.width;
        let [r0, r1, r2, r3] = self.rows(id);
        let e0 = &self.table[r0 * w..(r0 + 1) * w];
        let e1 = &self.table[r1 * w..(r1 + 1) * w];
        let e2 = &self.table[r2 * w..(r2 + 1) * w];
        let e3 = &self.table[r3 * w..(r3 + 1) * w];
        for (j, o) in out[..w].iter_mut().enumerate() {
            *o = e0[j] + e1[j] + e2[j] + e3[j];
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_match_spec_table() {
        // NER NORM table (5000 rows, seed 8) for "Apple"; SPACY table (50, seed 12) for 0/1.
        let t = HashEmbed::new(vec![0.0; 5000], 5000, 1, 8, 0);
        assert_eq!(t.rows(8566208034543834098), [3934, 1080, 901, 472]);
        let s = HashEmbed::new(vec![0.0; 50], 50, 1, 12, 4);
        assert_eq!(s.rows(0), [38, 25, 37, 40]);
        assert_eq!(s.rows(1), [6, 13, 20, 22]);
    }

    #[test]
    fn embed_sums_the_four_rows() {
        // 7 rows of width 2: row r = [r, 10r].
        let table: Vec<f32> = (0..7).flat_map(|r| [r as f32, 10.0 * r as f32]).collect();
        let t = HashEmbed::new(table, 7, 2, 8, 0);
        let rows = t.rows(12345);
        let s: f32 = rows.iter().map(|&r| r as f32).sum();
        let mut out = [0.0f32; 2];
        t.embed_into(12345, &mut out);
        assert_eq!(out, [s, 10.0 * s]);
        t.add_into(12345, &mut out);
        assert_eq!(out, [2.0 * s, 20.0 * s]);
    }

    #[test]
    fn projected_table_sums_like_projecting_the_sum() {
        let table: Vec<f32> = (0..7 * 3).map(|i| (i as f32 * 0.3).sin()).collect();
        let t = HashEmbed::new(table, 7, 3, 9, 0);
        let w = [1.0, -2.0, 0.5, 0.0, 1.0, 3.0]; // 2 × 3
        let p = t.project(&w, 2);
        let mut e = [0.0f32; 3];
        t.embed_into(777, &mut e);
        let mut got = [0.0f32; 2];
        p.embed_into(777, &mut got);
        for o in 0..2 {
            let want: f32 = (0..3).map(|i| e[i] * w[o * 3 + i]).sum();
            assert!((got[o] - want).abs() < 1e-5);
        }
    }
}
