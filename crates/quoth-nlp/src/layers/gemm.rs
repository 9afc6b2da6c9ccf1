//! Safe wrappers around `matrixmultiply::sgemm` for the two layouts the layers need.

/// `C = A·Bᵀ + beta·C` with A (m×k), B (n×k) and C (m×n), all row-major and contiguous.
///
/// This is the thinc `gemm(X, W, trans2=True)` of a dense layer whose weights are stored
/// (out, in). With `beta = 1` and C pre-filled with the bias, C becomes `A·Bᵀ + bias`.
///
/// # Panics
/// If a slice is shorter than its matrix (an internal invariant: layer shapes are checked when
/// the model is loaded).
pub fn gemm_abt(m: usize, k: usize, n: usize, a: &[f32], b: &[f32], beta: f32, c: &mut [f32]) {
    // B (n×k, row-major) read as its transpose: row stride 1, column stride k.
    gemm(m, k, n, a, k, b, (1, k as isize), beta, c);
}

/// `C = A·B + beta·C` with A (m×k), B (k×n) and C (m×n), all row-major and contiguous.
///
/// Layers keep their weights transposed to (in, out) for this form: the GEMM packs B by rows,
/// which is contiguous here (much cheaper than gathering the columns of an (out, in) matrix).
///
/// # Panics
/// If a slice is shorter than its matrix (an internal invariant, as for [`gemm_abt`]).
pub fn gemm_ab(m: usize, k: usize, n: usize, a: &[f32], b: &[f32], beta: f32, c: &mut [f32]) {
    gemm_ab_strided(m, k, n, a, k, b, beta, c);
}

/// [`gemm_ab`] with row `i` of A at `a[i·lda..i·lda + k]`; rows may overlap (`lda < k`).
///
/// # Panics
/// If a slice is shorter than its matrix (an internal invariant, as for [`gemm_abt`]).
#[allow(clippy::too_many_arguments)]
pub fn gemm_ab_strided(
    m: usize,
    k: usize,
    n: usize,
    a: &[f32],
    lda: usize,
    b: &[f32],
    beta: f32,
    c: &mut [f32],
) {
    gemm(m, k, n, a, lda, b, (n as isize, 1), beta, c);
}

/// The one `sgemm` call behind [`gemm_abt`] and [`gemm_ab`]: A (m×k, row `i` at `a[i·lda..]`)
/// and C (m×n) row-major, B read as a k×n matrix with `b_strides` = (row stride, column
/// stride); B holds k·n values in either layout.
#[allow(clippy::too_many_arguments)]
fn gemm(
    m: usize,
    k: usize,
    n: usize,
    a: &[f32],
    lda: usize,
    b: &[f32],
    b_strides: (isize, isize),
    beta: f32,
    c: &mut [f32],
) {
    if m == 0 || n == 0 {
        return;
    }
    assert!(a.len() >= (m - 1) * lda + k, "gemm: A too short");
    assert!(b.len() >= k * n, "gemm: B too short");
    assert!(c.len() >= m * n, "gemm: C too short");
    if k == 0 {
        for v in &mut c[..m * n] {
            *v *= beta;
        }
        return;
    }
    // SAFETY: A is read at a[i*lda + l] (i < m, l < k): max (m-1)*lda + k-1 < a.len(). B is read at
    // l*rs + j*cs for l < k, j < n with (rs, cs) = (n, 1) or (1, k): max k*n-1 < b.len() either
    // way. C is written at c[i*n + j]: max m*n-1 < c.len(), strides (n, 1) never alias. `c` is
    // a unique borrow, so it aliases neither input; strides fit in isize because they are
    // bounded by slice lengths.
    unsafe {
        matrixmultiply::sgemm(
            m,
            k,
            n,
            1.0,
            a.as_ptr(),
            lda as isize,
            1,
            b.as_ptr(),
            b_strides.0,
            b_strides.1,
            beta,
            c.as_mut_ptr(),
            n as isize,
            1,
        );
    }
}

/// Transpose a rows × cols row-major matrix.
pub fn transpose(x: &[f32], rows: usize, cols: usize) -> Vec<f32> {
    let mut t = vec![0.0; rows * cols];
    for (r, row) in x.chunks_exact(cols.max(1)).take(rows).enumerate() {
        for (c, &v) in row.iter().enumerate() {
            t[c * rows + r] = v;
        }
    }
    t
}

/// Fill each of the `m` rows of `c` (row length `bias.len()`) with `bias`.
pub fn fill_rows(c: &mut [f32], m: usize, bias: &[f32]) {
    let n = bias.len();
    for row in c[..m * n].chunks_exact_mut(n.max(1)) {
        row.copy_from_slice(bias);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn abt_matches_naive_product() {
        let (m, k, n) = (3, 5, 4);
        let a: Vec<f32> = (0..m * k).map(|i| (i as f32 * 0.37).sin()).collect();
        let b: Vec<f32> = (0..n * k).map(|i| (i as f32 * 0.71).cos()).collect();
        let mut c = vec![1.0f32; m * n];
        gemm_abt(m, k, n, &a, &b, 1.0, &mut c);
        for i in 0..m {
            for j in 0..n {
                let want: f32 = 1.0 + (0..k).map(|l| a[i * k + l] * b[j * k + l]).sum::<f32>();
                assert!((c[i * n + j] - want).abs() < 1e-5, "{i},{j}");
            }
        }
    }

    #[test]
    fn ab_with_transposed_b_equals_abt() {
        let (m, k, n) = (4, 7, 5);
        let a: Vec<f32> = (0..m * k).map(|i| (i as f32 * 0.13).sin()).collect();
        let b: Vec<f32> = (0..n * k).map(|i| (i as f32 * 0.29).cos()).collect();
        let mut c1 = vec![0.5f32; m * n];
        let mut c2 = c1.clone();
        gemm_abt(m, k, n, &a, &b, 1.0, &mut c1);
        gemm_ab(m, k, n, &a, &transpose(&b, n, k), 1.0, &mut c2);
        for (x, y) in c1.iter().zip(&c2) {
            assert!((x - y).abs() < 1e-5);
        }
        assert_eq!(
            transpose(&[1.0, 2.0, 3.0, 4.0, 5.0, 6.0], 2, 3),
            [1.0, 4.0, 2.0, 5.0, 3.0, 6.0]
        );
    }

    #[test]
    fn empty_dims_are_noops() {
        let mut c: Vec<f32> = vec![];
        gemm_abt(0, 3, 2, &[], &[0.0; 6], 0.0, &mut c);
        let mut c = vec![2.0f32; 4];
        gemm_abt(2, 0, 2, &[], &[], 0.5, &mut c);
        assert_eq!(c, vec![1.0; 4]);
    }
}
