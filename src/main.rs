//! The `quoth` binary: HTTP service and command-line extraction.

fn main() {
    println!("quoth {}", env!("CARGO_PKG_VERSION"));
}
