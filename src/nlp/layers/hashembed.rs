//! thinc `HashEmbed`: each id picks four rows of a table (MurmurHash3 x64_128 of the id's 8
//! little-endian bytes, one u32 word per row, modulo the row count); the rows are summed.

use crate::nlp::model::{ThincModel, ThincNode};
use crate::nlp::NlpError;

use super::node::{attr_u64, node_error, param};

/// MurmurHash3 fmix64 finaliser.
#[inline]
fn fmix64(mut k: u64) -> u64 {
    k ^= k >> 33;
    k = k.wrapping_mul(0xff51_afd7_ed55_8ccd);
    k ^= k >> 33;
    k = k.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    k ^= k >> 33;
    k
}

/// MurmurHash3_x64_128 of the 8 little-endian bytes of `key`, as four u32 words
/// `(lo(h1), hi(h1), lo(h2), hi(h2))` — thinc's `ops.hash` (misnamed `x86_128` there).
#[inline]
pub fn murmur3_x64_128_u64(key: u64, seed: u32) -> [u32; 4] {
    const C1: u64 = 0x87c3_7b91_1142_53d5;
    const C2: u64 = 0x4cf5_ad43_2745_937f;
    let mut h1 = u64::from(seed);
    let mut h2 = u64::from(seed);
    // 8-byte key: no full 16-byte block; the tail is k1 only.
    let mut k1 = key.wrapping_mul(C1);
    k1 = k1.rotate_left(31);
    k1 = k1.wrapping_mul(C2);
    h1 ^= k1;
    h1 ^= 8;
    h2 ^= 8;
    h1 = h1.wrapping_add(h2);
    h2 = h2.wrapping_add(h1);
    h1 = fmix64(h1);
    h2 = fmix64(h2);
    h1 = h1.wrapping_add(h2);
    h2 = h2.wrapping_add(h1);
    [h1 as u32, (h1 >> 32) as u32, h2 as u32, (h2 >> 32) as u32]
}

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
    pub fn new(table: Vec<f32>, n_rows: usize, width: usize, seed: u32, column: usize) -> Self {
        debug_assert_eq!(table.len(), n_rows * width);
        HashEmbed {
            table,
            n_rows,
            width,
            seed,
            column,
        }
    }

    /// Build from a `hashembed` node (param `E` [nV, width], attrs `seed`, `column`).
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
    #[inline]
    pub fn rows(&self, id: u64) -> [usize; 4] {
        let h = murmur3_x64_128_u64(id, self.seed);
        let n = self.n_rows as u64;
        h.map(|w| (u64::from(w) % n) as usize)
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
    fn murmur_matches_thinc_test_vectors() {
        // From thinc `ops.hash` (spec §6.1).
        assert_eq!(
            murmur3_x64_128_u64(1, 12),
            [2938686206, 2291508213, 2246688320, 3554967022]
        );
        assert_eq!(
            murmur3_x64_128_u64(1, 13),
            [1266879892, 1356517611, 318478807, 3343674364]
        );
        assert_eq!(
            murmur3_x64_128_u64(8566208034543834098, 8),
            [2653853934, 3922826080, 3980780901, 3736755472]
        );
        assert_eq!(
            murmur3_x64_128_u64(101, 11),
            [1763378230, 3759297338, 627086936, 2342724702]
        );
        assert_eq!(
            murmur3_x64_128_u64(16072095006890171862, 11),
            [2175308214, 2713780447, 2256594463, 3188286109]
        );
        assert_eq!(murmur3_x64_128_u64(0, 8), [0, 0, 0, 0]);
    }

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
    }
}
