//! Weight matrices packed once at load for a GEMM kernel sized for the layers' shapes.
//!
//! `matrixmultiply` packs both operands on every call. The layers call it with a per-document
//! number of rows against fixed weights, so re-packing the weights was a fifth of the
//! NER-only profile. [`PackedMatrix`] stores the weights in the kernel's panel layout once;
//! its kernel needs AVX-512F + FMA (checked at run time; otherwise the call falls back to
//! `matrixmultiply` on the row-major copy). On the tok2vec block shape (k = n = 288) it runs
//! 1.2–1.4x faster than `matrixmultiply` (`cargo run --release --example kernel_rate`).
//!
//! Every element of C is one chain of fused multiply-adds over k in order, starting from
//! zero, then `acc + beta·C` (`acc` when beta is 0): the same value whatever m is and
//! wherever the row sits in A, so a document gets identical activations alone or in a batch.

use super::gemm::gemm_ab_strided;

/// Columns per panel (two AVX-512 registers); 32 divides the layers' widths (64, 288, 384,
/// 1024).
const NR: usize = 32;
/// Rows per register block: 12 rows × 2 registers = 24 independent accumulators (the FMA
/// latency on two ports needs 8), 2 loads of B and 12 broadcasts of A per 24 FMAs.
const MR: usize = 12;
/// Rows per chunk: the chunk's rows of A stay in cache while every panel passes over them.
const MC: usize = 96;
/// Panels a single row walks at once: 8 accumulator chains cover the FMA latency.
const GROUP: usize = 4;

/// `crow = acc + beta·crow` for one row's tile of up to NR columns (`crow.len()` of them),
/// from the two accumulator registers. A macro rather than a function so the accumulators
/// stay in registers (a call took their address: the array went to the stack and was
/// zeroed with `memset` on every block).
#[cfg(target_arch = "x86_64")]
macro_rules! store_tile {
    ($acc0:expr, $acc1:expr, $crow:expr, $beta:expr) => {{
        use std::arch::x86_64::{
            _mm512_add_ps, _mm512_loadu_ps, _mm512_mul_ps, _mm512_set1_ps, _mm512_storeu_ps,
        };
        let (acc0, acc1, crow, beta): (_, _, &mut [f32], f32) = ($acc0, $acc1, $crow, $beta);
        if crow.len() == NR {
            let cp = crow.as_mut_ptr();
            // SAFETY: `crow` has exactly NR = 32 elements, so the 16-lane loads and stores at
            // offsets 0 and 16 stay inside it. Without FMA contraction `x + c·beta` rounds as
            // in the scalar tail below.
            unsafe {
                if beta == 0.0 {
                    _mm512_storeu_ps(cp, acc0);
                    _mm512_storeu_ps(cp.add(16), acc1);
                } else {
                    let bv = _mm512_set1_ps(beta);
                    let c0 = _mm512_mul_ps(_mm512_loadu_ps(cp), bv);
                    let c1 = _mm512_mul_ps(_mm512_loadu_ps(cp.add(16)), bv);
                    _mm512_storeu_ps(cp, _mm512_add_ps(acc0, c0));
                    _mm512_storeu_ps(cp.add(16), _mm512_add_ps(acc1, c1));
                }
            }
        } else {
            let mut tile = [0.0f32; NR];
            // SAFETY: `tile` has NR = 32 elements; the two 16-lane stores at offsets 0 and 16
            // write inside it.
            unsafe {
                _mm512_storeu_ps(tile.as_mut_ptr(), acc0);
                _mm512_storeu_ps(tile.as_mut_ptr().add(16), acc1);
            }
            if beta == 0.0 {
                let len = crow.len();
                crow.copy_from_slice(&tile[..len]);
            } else {
                for (cv, &x) in crow.iter_mut().zip(&tile) {
                    *cv = x + *cv * beta;
                }
            }
        }
    }};
}

/// A k × n row-major matrix, plus its panel layout when the fast kernel is available.
#[derive(Debug, Clone)]
pub struct PackedMatrix {
    k: usize,
    n: usize,
    rowmajor: Vec<f32>,
    /// Panels of NR columns (the last zero-padded): panel p holds `B[kk][p·NR + j]` at
    /// `p·k·NR + kk·NR + j`. Empty when the CPU lacks the kernel's features.
    panels: Vec<f32>,
}

/// Whether this CPU can run the packed kernel.
fn fast_kernel_available() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        std::arch::is_x86_feature_detected!("avx512f") && std::arch::is_x86_feature_detected!("fma")
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        false
    }
}

impl PackedMatrix {
    /// Wrap a k × n row-major matrix (`b.len() == k·n`).
    pub fn new(b: Vec<f32>, k: usize, n: usize) -> Self {
        debug_assert_eq!(b.len(), k * n);
        let panels = if fast_kernel_available() && k > 0 && n > 0 {
            let n_panels = n.div_ceil(NR);
            let mut p = vec![0.0f32; n_panels * k * NR];
            for (pi, panel) in p.chunks_exact_mut(k * NR).enumerate() {
                let col0 = pi * NR;
                let width = NR.min(n - col0);
                for (kk, dst) in panel.chunks_exact_mut(NR).enumerate() {
                    dst[..width].copy_from_slice(&b[kk * n + col0..kk * n + col0 + width]);
                }
            }
            p
        } else {
            Vec::new()
        };
        PackedMatrix {
            k,
            n,
            rowmajor: b,
            panels,
        }
    }

    /// The matrix, row-major k × n.
    pub fn rowmajor(&self) -> &[f32] {
        &self.rowmajor
    }

    /// `C = A·B + beta·C` with A (m × k) and C (m × n) row-major and contiguous. Without
    /// AVX-512 it falls back to [`gemm_ab`] on the row-major matrix (same values up to
    /// summation order).
    ///
    /// # Panics
    /// If a slice is shorter than its matrix (an internal invariant, as for [`gemm_ab`]).
    pub fn gemm(&self, m: usize, a: &[f32], beta: f32, c: &mut [f32]) {
        self.gemm_strided(m, a, self.k, beta, c);
    }

    /// [`PackedMatrix::gemm`] with row `i` of A at `a[i·lda..i·lda + k]`. `lda` may be
    /// smaller than k, so consecutive rows of A can overlap: the window encoder uses this to read `concat(z[r-1], z[r], z[r+1])`
    /// straight out of `z` (row stride = width) instead of copying it into a wider matrix.
    ///
    /// # Panics
    /// If `a` is shorter than `(m-1)·lda + k` or `c` than `m·n` (internal invariants).
    pub fn gemm_strided(&self, m: usize, a: &[f32], lda: usize, beta: f32, c: &mut [f32]) {
        self.gemm_mapped(m, a, RowMap::Strided(lda), beta, c);
    }

    /// [`PackedMatrix::gemm_strided`] for a chosen set of A's rows: row `i` of C is row
    /// `rows[i]` of A (at `a[rows[i]·lda..]`) times B. The window encoder uses it to skip
    /// padding rows that cannot reach a token; each row's values are the same as in any
    /// other call.
    ///
    /// # Panics
    /// If `a` is shorter than `max(rows)·lda + k` or `c` than `rows.len()·n` (internal
    /// invariants).
    pub fn gemm_rows(&self, rows: &[u32], a: &[f32], lda: usize, beta: f32, c: &mut [f32]) {
        self.gemm_mapped(rows.len(), a, RowMap::Listed(lda, rows), beta, c);
    }

    fn gemm_mapped(&self, m: usize, a: &[f32], map: RowMap<'_>, beta: f32, c: &mut [f32]) {
        let (k, n) = (self.k, self.n);
        if m == 0 {
            return;
        }
        assert!(a.len() >= map.last_offset(m) + k, "gemm: A too short");
        assert!(c.len() >= m * n, "gemm: C too short");
        #[cfg(target_arch = "x86_64")]
        if !self.panels.is_empty() {
            // SAFETY: `panels` is only non-empty when `fast_kernel_available()` found AVX-512F
            // and FMA on this CPU (checked in `new`), so calling a function compiled with
            // those target features is sound. The function itself is safe Rust apart from
            // reads it bounds-checks first.
            unsafe { gemm_panels_avx512(m, k, n, a, map, &self.panels, beta, c) };
            return;
        }
        match map {
            RowMap::Strided(lda) => gemm_ab_strided(m, k, n, a, lda, &self.rowmajor, beta, c),
            RowMap::Listed(lda, rows) => {
                // Runs of consecutive rows, each one strided product.
                let mut i = 0;
                while i < m {
                    let mut j = i + 1;
                    while j < m && rows[j] == rows[j - 1] + 1 {
                        j += 1;
                    }
                    let start = rows[i] as usize * lda;
                    gemm_ab_strided(
                        j - i,
                        k,
                        n,
                        &a[start..],
                        lda,
                        &self.rowmajor,
                        beta,
                        &mut c[i * n..j * n],
                    );
                    i = j;
                }
            }
        }
    }
}

/// Where row `i` of A starts: at `i·lda`, or at `rows[i]·lda`.
#[derive(Debug, Clone, Copy)]
enum RowMap<'a> {
    Strided(usize),
    Listed(usize, &'a [u32]),
}

impl RowMap<'_> {
    #[inline(always)]
    fn offset(self, i: usize) -> usize {
        match self {
            RowMap::Strided(lda) => i * lda,
            RowMap::Listed(lda, rows) => rows[i] as usize * lda,
        }
    }

    /// The largest start offset among the first `m ≥ 1` rows.
    fn last_offset(self, m: usize) -> usize {
        match self {
            RowMap::Strided(lda) => (m - 1) * lda,
            RowMap::Listed(lda, rows) => rows[..m].iter().max().map_or(0, |&r| r as usize * lda),
        }
    }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,fma")]
#[allow(clippy::too_many_arguments)]
fn gemm_panels_avx512(
    m: usize,
    k: usize,
    n: usize,
    a: &[f32],
    map: RowMap<'_>,
    panels: &[f32],
    beta: f32,
    c: &mut [f32],
) {
    debug_assert!(a.len() >= map.last_offset(m) + k);
    let mut r0 = 0;
    while r0 < m {
        let r1 = (r0 + MC).min(m);
        // Rows in blocks of 12 and 4; the last 0-3 rows go one at a time across all panels.
        let blocked = r0 + (r1 - r0) / 4 * 4;
        for (pi, panel) in panels.chunks_exact(k * NR).enumerate() {
            let col0 = pi * NR;
            let width = NR.min(n - col0);
            let mut r = r0;
            while r + MR <= blocked {
                let offs = std::array::from_fn(|rr| map.offset(r + rr));
                block_avx512::<MR>(r, offs, k, n, a, panel, col0, width, beta, c);
                r += MR;
            }
            while r + 4 <= blocked {
                let offs = std::array::from_fn(|rr| map.offset(r + rr));
                block_avx512::<4>(r, offs, k, n, a, panel, col0, width, beta, c);
                r += 4;
            }
        }
        for r in blocked..r1 {
            single_row_avx512(
                k,
                n,
                &a[map.offset(r)..],
                panels,
                beta,
                &mut c[r * n..(r + 1) * n],
            );
        }
        r0 = r1;
    }
}

/// One row of C (`c`, n values) from one row of A (`a[..k]`). A row block per panel would be
/// a single dependent pair of FMA chains, so this walks up to GROUP panels together.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,fma")]
fn single_row_avx512(k: usize, n: usize, a: &[f32], panels: &[f32], beta: f32, c: &mut [f32]) {
    for (gi, group) in panels.chunks(GROUP * k * NR).enumerate() {
        let col0 = gi * GROUP * NR;
        match group.len() / (k * NR) {
            4 => row_panels_avx512::<4>(k, n, a, group, col0, beta, c),
            3 => row_panels_avx512::<3>(k, n, a, group, col0, beta, c),
            2 => row_panels_avx512::<2>(k, n, a, group, col0, beta, c),
            _ => row_panels_avx512::<1>(k, n, a, group, col0, beta, c),
        }
    }
}

/// Rows `row0..row0 + R` × columns `col0..col0 + width` of C (the rows of A starting at
/// `offs`), accumulated over all of k in 2·R AVX-512 registers (one 32-column panel).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,fma")]
#[inline]
#[allow(clippy::too_many_arguments)]
fn block_avx512<const R: usize>(
    row0: usize,
    offs: [usize; R],
    k: usize,
    n: usize,
    a: &[f32],
    panel: &[f32],
    col0: usize,
    width: usize,
    beta: f32,
    c: &mut [f32],
) {
    use std::arch::x86_64::{
        _mm512_fmadd_ps, _mm512_loadu_ps, _mm512_set1_ps, _mm512_setzero_ps, _mm512_storeu_ps,
    };
    assert!(R >= 1 && k >= 1, "block: empty");
    assert!(offs.iter().all(|&o| o + k <= a.len()), "block: A too short");
    assert!(panel.len() >= k * NR, "block: panel too short");
    let ap = a.as_ptr();
    let bp = panel.as_ptr();
    let mut acc = [[_mm512_setzero_ps(); 2]; R];
    for i in 0..k {
        // SAFETY: i < k and panel.len() ≥ k·NR (asserted above), so the two 16-lane loads
        // at i·NR and i·NR + 16 read inside `panel`; for rr < R, offs[rr] + i < offs[rr] + k
        // ≤ a.len() (asserted above), so the scalar read of A is inside `a`.
        unsafe {
            let b0 = _mm512_loadu_ps(bp.add(i * NR));
            let b1 = _mm512_loadu_ps(bp.add(i * NR + 16));
            for (acc_r, &off) in acc.iter_mut().zip(&offs) {
                let av = _mm512_set1_ps(*ap.add(off + i));
                acc_r[0] = _mm512_fmadd_ps(av, b0, acc_r[0]);
                acc_r[1] = _mm512_fmadd_ps(av, b1, acc_r[1]);
            }
        }
    }
    if width == NR && beta == 0.0 {
        // The common case in a short loop the compiler unrolls, so the accumulators never
        // leave their registers (a longer body kept them in a stack array, zeroed by a
        // `memset` call per block).
        assert!(
            c.len() >= (row0 + R - 1) * n + col0 + NR,
            "block: C too short"
        );
        let cp = c.as_mut_ptr();
        for (rr, acc_r) in acc.iter().enumerate() {
            // SAFETY: (row0 + rr)·n + col0 + NR ≤ (row0 + R - 1)·n + col0 + NR ≤ c.len()
            // (asserted above), so both 16-lane stores write inside `c`.
            unsafe {
                let p = cp.add((row0 + rr) * n + col0);
                _mm512_storeu_ps(p, acc_r[0]);
                _mm512_storeu_ps(p.add(16), acc_r[1]);
            }
        }
        return;
    }
    for (rr, acc_r) in acc.iter().enumerate() {
        let start = (row0 + rr) * n + col0;
        store_tile!(acc_r[0], acc_r[1], &mut c[start..start + width], beta);
    }
}

/// One row of C against G consecutive panels (columns `col0..col0 + G·NR`, clipped to n):
/// 2·G independent accumulator chains, each element still one FMA chain over k in order, so
/// the values are those of [`block_avx512`] with R = 1.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,fma")]
#[inline]
fn row_panels_avx512<const G: usize>(
    k: usize,
    n: usize,
    a: &[f32],
    panels: &[f32],
    col0: usize,
    beta: f32,
    c: &mut [f32],
) {
    use std::arch::x86_64::{_mm512_fmadd_ps, _mm512_loadu_ps, _mm512_set1_ps, _mm512_setzero_ps};
    assert!(G >= 1 && k >= 1, "row block: empty");
    assert!(a.len() >= k, "row block: A too short");
    assert!(panels.len() >= G * k * NR, "row block: panels too short");
    let ap = a.as_ptr();
    let bp = panels.as_ptr();
    let mut acc = [[_mm512_setzero_ps(); 2]; G];
    for i in 0..k {
        // SAFETY: i < k ≤ a.len(), and for g < G the loads at g·k·NR + i·NR (+16) end before
        // G·k·NR ≤ panels.len() (asserted above).
        unsafe {
            let av = _mm512_set1_ps(*ap.add(i));
            for (g, acc_g) in acc.iter_mut().enumerate() {
                let b = bp.add(g * k * NR + i * NR);
                acc_g[0] = _mm512_fmadd_ps(av, _mm512_loadu_ps(b), acc_g[0]);
                acc_g[1] = _mm512_fmadd_ps(av, _mm512_loadu_ps(b.add(16)), acc_g[1]);
            }
        }
    }
    for (g, acc_g) in acc.iter().enumerate() {
        let start = col0 + g * NR;
        let width = NR.min(n - start);
        store_tile!(acc_g[0], acc_g[1], &mut c[start..start + width], beta);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layers::gemm::gemm_ab;

    #[test]
    fn packed_matches_matrixmultiply() {
        // n not a multiple of NR; m not of MR; m above MC; k above matrixmultiply's block.
        for &(m, k, n) in &[
            (7, 300, 45),
            (1, 5, 3),
            (9, 288, 288),
            (4, 64, 1024),
            (13, 100, 70),
            (130, 96, 64),
        ] {
            let a: Vec<f32> = (0..m * k).map(|i| (i as f32 * 0.37).sin()).collect();
            let b: Vec<f32> = (0..k * n).map(|i| (i as f32 * 0.71).cos()).collect();
            let p = PackedMatrix::new(b.clone(), k, n);
            for beta in [0.0f32, 1.0] {
                let init: Vec<f32> = (0..m * n).map(|i| (i as f32 * 0.13).cos()).collect();
                let mut want = init.clone();
                gemm_ab(m, k, n, &a, &b, beta, &mut want);
                let mut got = init.clone();
                p.gemm(m, &a, beta, &mut got);
                for (x, y) in got.iter().zip(&want) {
                    assert!((x - y).abs() <= 1e-4 * (1.0 + y.abs()), "m={m} k={k} n={n}");
                }
            }
        }
    }

    /// A row's result does not depend on how many rows are multiplied with it or where it
    /// sits, so a document's activations are the same alone and in a batch.
    #[test]
    fn rows_are_independent_of_the_batch() {
        let (k, n) = (288, 288);
        let b: Vec<f32> = (0..k * n).map(|i| (i as f32 * 0.71).cos()).collect();
        let p = PackedMatrix::new(b, k, n);
        let m = 150;
        let a: Vec<f32> = (0..m * k).map(|i| (i as f32 * 0.37).sin()).collect();
        let mut all = vec![0.0f32; m * n];
        p.gemm(m, &a, 0.0, &mut all);
        for r in [0, 5, 11, 12, 95, 96, 97, 149] {
            let mut one = vec![0.0f32; n];
            p.gemm(1, &a[r * k..(r + 1) * k], 0.0, &mut one);
            assert_eq!(one, all[r * n..(r + 1) * n], "row {r}");
        }
        // The single-row path walks several panels at once; widths that leave 1-3 panels in
        // the last group, and a partial last panel, give the batch's values too (beta = 1).
        for n in [32, 70, 100, 130] {
            let b: Vec<f32> = (0..64 * n).map(|i| (i as f32 * 0.29).cos()).collect();
            let p = PackedMatrix::new(b, 64, n);
            let a: Vec<f32> = (0..13 * 64).map(|i| (i as f32 * 0.53).sin()).collect();
            let init: Vec<f32> = (0..13 * n).map(|i| (i as f32 * 0.17).sin()).collect();
            let mut all = init.clone();
            p.gemm(13, &a, 1.0, &mut all);
            for r in [0, 7, 12] {
                let mut one = init[r * n..(r + 1) * n].to_vec();
                p.gemm(1, &a[r * 64..(r + 1) * 64], 1.0, &mut one);
                assert_eq!(one, all[r * n..(r + 1) * n], "n={n} row {r}");
            }
        }
        // Overlapping rows read through a stride give the same as the copied rows.
        let mut strided = vec![0.0f32; 3 * n];
        p.gemm_strided(3, &a, 96, 0.0, &mut strided);
        let copied: Vec<f32> = (0..3)
            .flat_map(|r| a[r * 96..r * 96 + k].to_vec())
            .collect();
        let mut want = vec![0.0f32; 3 * n];
        p.gemm(3, &copied, 0.0, &mut want);
        assert_eq!(strided, want);
    }

    /// Chosen rows give the values those rows get in a strided product over all of them.
    #[test]
    fn listed_rows_match_the_strided_product() {
        let (k, n, lda) = (288, 100, 96);
        let b: Vec<f32> = (0..k * n).map(|i| (i as f32 * 0.71).cos()).collect();
        let p = PackedMatrix::new(b, k, n);
        let m = 60;
        let a: Vec<f32> = (0..(m - 1) * lda + k)
            .map(|i| (i as f32 * 0.37).sin())
            .collect();
        let mut all = vec![0.0f32; m * n];
        p.gemm_strided(m, &a, lda, 0.0, &mut all);
        let rows: Vec<u32> = (0..m as u32)
            .filter(|r| r % 7 != 3 && r % 11 != 5)
            .collect();
        let mut got = vec![0.0f32; rows.len() * n];
        p.gemm_rows(&rows, &a, lda, 0.0, &mut got);
        for (i, &r) in rows.iter().enumerate() {
            let r = r as usize;
            assert_eq!(got[i * n..(i + 1) * n], all[r * n..(r + 1) * n], "row {r}");
        }
    }

    #[test]
    fn zero_rows_is_a_noop() {
        let p = PackedMatrix::new(vec![1.0; 6], 2, 3);
        let mut c: Vec<f32> = vec![];
        p.gemm(0, &[], 0.0, &mut c);
        assert!(c.is_empty());
    }
}
