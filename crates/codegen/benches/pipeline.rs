//! The whole generator in one process on `apiary.apib`: parse, infer, emit
//! and format every file of the client crate (what `cargo xtask regen` does
//! before writing), and each stage alone. Run with
//! `cargo bench -p blueprint-codegen --bench pipeline`.

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use blueprint_codegen::config::Config;
use blueprint_codegen::emit::{emit, EmitOptions, RuntimeDependency};
use blueprint_codegen::infer::infer;
use criterion::{criterion_group, criterion_main, Criterion};

/// The same allocator as `cargo xtask regen`, so the figures are the tool's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn pipeline(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let spec = std::fs::read(root.join("apiary.apib")).expect("apiary.apib is readable");
    let config_text = std::fs::read_to_string(root.join("crates/codegen/cloud66.toml"))
        .expect("the configuration is readable");
    let options = EmitOptions {
        runtime: RuntimeDependency::Path("../blueprint-runtime".into()),
        workspace_member: true,
    };
    c.bench_function("generate/apiary.apib", |b| {
        b.iter(|| {
            let config = Config::from_toml(black_box(&config_text)).expect("config parses");
            let lock = blueprint_codegen::names::NameLock::default();
            blueprint_codegen::pipeline::generate(
                "apiary.apib",
                black_box(&spec),
                &config,
                &lock,
                &options,
            )
            .expect("apiary.apib generates")
        })
    });

    let blueprint = blueprint_parser::parse(&spec);
    let config = Config::from_toml(&config_text).expect("config parses");
    c.bench_function("stage/infer", |b| {
        b.iter(|| infer(black_box(&blueprint), &config))
    });

    let model = infer(&blueprint, &config);
    c.bench_function("stage/emit+format", |b| {
        b.iter(|| emit(black_box(&model), &options).expect("emits"))
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
