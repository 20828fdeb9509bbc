//! The whole generator in one process on `apiary.apib`: parse, infer, emit
//! and format every file of the client crate (what `cargo xtask regen` does
//! before writing). Run with `cargo bench -p codegen --bench pipeline`.

use std::hint::black_box;
use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion};

fn pipeline(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let spec = std::fs::read(root.join("apiary.apib")).expect("apiary.apib is readable");
    let overrides = std::fs::read_to_string(root.join("crates/codegen/overrides.toml"))
        .expect("overrides are readable");
    c.bench_function("generate/apiary.apib", |b| {
        b.iter(|| {
            codegen::pipeline::generate(
                "apiary.apib",
                black_box(&spec),
                Some(black_box(&overrides)),
            )
            .expect("apiary.apib generates")
        })
    });
}

criterion_group!(benches, pipeline);
criterion_main!(benches);
