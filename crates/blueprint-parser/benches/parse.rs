//! Parsing speed of `apiary.apib`, once and concatenated 10 times, and of a
//! generated MSON-heavy blueprint, once and 10 times its size.

use std::fmt::Write;
use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

fn apiary() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../apiary.apib"))
        .expect("apiary.apib at the workspace root")
}

/// A blueprint described with MSON only: `types` named types (inheritance,
/// mixins, nested objects, arrays of other types, enums, samples) and an
/// action per type whose request and response bodies are generated from
/// attributes.
fn mson_spec(types: usize) -> String {
    let mut s = String::from("FORMAT: 1A\n\n# Group Things\n\n");
    for i in 0..types {
        let _ = write!(
            s,
            "## Thing {i} [/things/{i}/{{id}}]\n\n+ Parameters\n    + id: 1 (number)\n\n\
             ### Update thing {i} [PUT]\n\n+ Request (application/json)\n    + Attributes (Type{i})\n        + note: `changed` (string, optional) - Why\n\n\
             + Response 200 (application/json)\n    + Attributes\n        + data (Type{i})\n        + Include Meta\n\n"
        );
    }
    s.push_str("# Data Structures\n\n## Meta (object)\n+ request_id: `a1b2` (string, required)\n+ elapsed: 12 (number)\n\n");
    for i in 0..types {
        // Families of five types, each inheriting the previous one.
        let base = if i % 5 == 0 {
            "object".to_owned()
        } else {
            format!("Type{}", i - 1)
        };
        let _ = write!(
            s,
            "## Type{i} ({base})\nA thing of kind {i}.\n\n## Properties\n\
             + id_{i}: {i} (number, required) - Identifier\n\
             + name_{i}: `thing {i}` (string) - Display name\n\
             + state_{i}: active (enum[string])\n    + Members\n        + active\n        + retired\n\
             + tags_{i}: a, b, c (array[string])\n\
             + owner_{i} (object)\n    + login: ada\n    + Include Meta\n\
             + history_{i} (array[Meta])\n\
             + One Of\n    + email_{i}: a@example.com\n    + phone_{i}: 555 (number)\n\n\
             ## Sample\n+ id_{i}: 7\n\n",
        );
    }
    s
}

fn bench(c: &mut Criterion) {
    let one = apiary();
    let ten = [one.as_str(); 10].join("\n");
    let mson = mson_spec(30);
    let mson_ten = mson_spec(300);
    let mut group = c.benchmark_group("parse");
    group.throughput(Throughput::Bytes(one.len() as u64));
    group.bench_function("apiary.apib", |b| {
        b.iter(|| blueprint_parser::parse_str(black_box(&one)))
    });
    group.throughput(Throughput::Bytes(ten.len() as u64));
    group.bench_function("apiary.apib x10", |b| {
        b.iter(|| blueprint_parser::parse_str(black_box(&ten)))
    });
    group.throughput(Throughput::Bytes(mson.len() as u64));
    group.bench_function("mson", |b| {
        b.iter(|| blueprint_parser::parse_str(black_box(&mson)))
    });
    group.throughput(Throughput::Bytes(mson_ten.len() as u64));
    group.bench_function("mson x10", |b| {
        b.iter(|| blueprint_parser::parse_str(black_box(&mson_ten)))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
