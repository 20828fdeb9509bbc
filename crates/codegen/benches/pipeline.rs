//! The whole generator in one process on `apiary.apib`: parse, infer, emit
//! and format every file of the client crate (what `cargo xtask regen` does
//! before writing), and each stage alone. Run with
//! `cargo bench -p codegen --bench pipeline`.

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use codegen::emit::{emit, SpecInfo};
use codegen::infer::{infer, Overrides};
use criterion::{criterion_group, criterion_main, Criterion};

/// The same allocator as `cargo xtask regen`, so the figures are the tool's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn pipeline(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let spec = std::fs::read(root.join("apiary.apib")).expect("apiary.apib is readable");
    let overrides_text = std::fs::read_to_string(root.join("crates/codegen/overrides.toml"))
        .expect("overrides are readable");
    c.bench_function("generate/apiary.apib", |b| {
        b.iter(|| {
            codegen::pipeline::generate(
                "apiary.apib",
                black_box(&spec),
                Some(black_box(&overrides_text)),
            )
            .expect("apiary.apib generates")
        })
    });

    let blueprint = blueprint_parser::parse(&spec);
    let overrides = Overrides::from_toml(&overrides_text).expect("overrides parse");
    c.bench_function("stage/infer", |b| {
        b.iter(|| infer(black_box(&blueprint), Some(&overrides)))
    });

    let model = infer(&blueprint, Some(&overrides));
    let info = SpecInfo {
        file_name: "apiary.apib".into(),
        sha256: "0".repeat(64),
        host: None,
    };
    c.bench_function("stage/emit+format", |b| {
        b.iter(|| emit(black_box(&model), &info).expect("emits"))
    });
}

criterion_group! {
    name = benches;
    // Longer than criterion's default 5 s: the machines this runs on share
    // their cores, and a longer window evens out bursts of other work.
    config = Criterion::default()
        .warm_up_time(Duration::from_secs(2))
        .measurement_time(Duration::from_secs(10));
    targets = pipeline
}
criterion_main!(benches);
