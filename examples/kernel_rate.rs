//! GEMM kernel rate (GFLOP/s) on the tok2vec block shape, for tuning `layers::packed`.
//!
//! `cargo run --release --no-default-features --example kernel_rate`
use std::time::Instant;

use quoth::nlp::layers::packed::PackedMatrix;

fn main() {
    let (k, n) = (288usize, 288usize);
    let b: Vec<f32> = (0..k * n).map(|i| ((i as f32) * 0.37).sin()).collect();
    let p = PackedMatrix::new(b, k, n);
    for m in [8usize, 43, 64, 256, 1024] {
        let a: Vec<f32> = (0..m * k).map(|i| ((i as f32) * 0.11).cos()).collect();
        let mut c = vec![0.0f32; m * n];
        let reps = (200_000_000 / (m * k * n)).max(1);
        let mut best = f64::MAX;
        for _ in 0..5 {
            let t = Instant::now();
            for _ in 0..reps {
                p.gemm(m, std::hint::black_box(&a), 0.0, &mut c);
            }
            best = best.min(t.elapsed().as_secs_f64());
        }
        let flops = 2.0 * (m * k * n) as f64 * reps as f64;
        println!("m={m:5} k={k} n={n}: {:.1} GFLOP/s", flops / best / 1e9);
    }
}
