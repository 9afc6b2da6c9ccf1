//! GEMM kernel rate (GFLOP/s) on the layers' shapes, for tuning `layers::packed`.
//!
//! `cargo run --release --no-default-features --example kernel_rate`
//!
//! Shapes (k × n): 288 × 288 is a tok2vec encoder block (en_core_web_sm), 64 × 1024 and
//! 64 × 384 the parser's and NER's precomputed lower layers, 64 × 112 a parser upper layer
//! (one row per transition step).
use std::time::Instant;

use quoth::nlp::layers::packed::PackedMatrix;

fn rate(m: usize, k: usize, n: usize) -> f64 {
    let b: Vec<f32> = (0..k * n).map(|i| ((i as f32) * 0.37).sin()).collect();
    let p = PackedMatrix::new(b, k, n);
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
    2.0 * (m * k * n) as f64 * reps as f64 / best / 1e9
}

fn main() {
    for (k, n, ms) in [
        (288usize, 288usize, &[8usize, 43, 256, 1024][..]),
        (64, 1024, &[43, 1024][..]),
        (64, 384, &[43, 1024][..]),
        (64, 112, &[1][..]),
    ] {
        for &m in ms {
            println!("m={m:5} k={k:4} n={n:5}: {:6.1} GFLOP/s", rate(m, k, n));
        }
    }
}
