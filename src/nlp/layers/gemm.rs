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
    assert!(a.len() >= m * k, "gemm: A too short");
    assert!(b.len() >= n * k, "gemm: B too short");
    assert!(c.len() >= m * n, "gemm: C too short");
    if m == 0 || n == 0 {
        return;
    }
    if k == 0 {
        for v in &mut c[..m * n] {
            *v *= beta;
        }
        return;
    }
    // SAFETY: A is read at a[i*k + l] for i < m, l < k: max index m*k-1 < a.len().
    // B is read at b[j*k + l] (row stride 1, column stride k, viewed as k×n) for l < k, j < n:
    // max index n*k-1 < b.len(). C is written at c[i*n + j] for i < m, j < n: max index m*n-1
    // < c.len(); strides (n, 1) never alias. `c` is a unique borrow, `a`/`b` shared borrows, so
    // no aliasing between inputs and output. All strides fit in isize since the lengths are
    // lengths of allocated slices.
    unsafe {
        matrixmultiply::sgemm(
            m,
            k,
            n,
            1.0,
            a.as_ptr(),
            k as isize,
            1,
            b.as_ptr(),
            1,
            k as isize,
            beta,
            c.as_mut_ptr(),
            n as isize,
            1,
        );
    }
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
    fn empty_dims_are_noops() {
        let mut c: Vec<f32> = vec![];
        gemm_abt(0, 3, 2, &[], &[0.0; 6], 0.0, &mut c);
        let mut c = vec![2.0f32; 4];
        gemm_abt(2, 0, 2, &[], &[], 0.5, &mut c);
        assert_eq!(c, vec![1.0; 4]);
    }
}
