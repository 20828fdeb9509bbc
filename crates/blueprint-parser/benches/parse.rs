//! Parsing speed of `apiary.apib`, once and concatenated 10 times.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

fn apiary() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../apiary.apib"))
        .expect("apiary.apib at the workspace root")
}

fn bench(c: &mut Criterion) {
    let one = apiary();
    let ten = [one.as_str(); 10].join("\n");
    let mut group = c.benchmark_group("parse");
    group.throughput(Throughput::Bytes(one.len() as u64));
    group.bench_function("apiary.apib", |b| {
        b.iter(|| blueprint_parser::parse_str(black_box(&one)))
    });
    group.throughput(Throughput::Bytes(ten.len() as u64));
    group.bench_function("apiary.apib x10", |b| {
        b.iter(|| blueprint_parser::parse_str(black_box(&ten)))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
