//! Truncated, corrupted and spliced versions of `apiary.apib` never panic
//! and finish quickly.

use std::sync::OnceLock;

use proptest::prelude::*;

/// An MSON-heavy blueprint: every MSON fixture of `tests/fixtures/`, one after the other.
fn mson() -> &'static [u8] {
    static SOURCE: OnceLock<Vec<u8>> = OnceLock::new();
    SOURCE.get_or_init(|| {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
        let mut paths: Vec<_> = std::fs::read_dir(dir)
            .expect("tests/fixtures")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with("mson_"))
            })
            .collect();
        paths.sort();
        let mut out = Vec::new();
        for p in paths {
            out.extend(std::fs::read(p).expect("fixture"));
            out.push(b'\n');
        }
        out
    })
}

/// MSON and lenient-form lines to splice into documents.
const MSON_PIECES: &[&str] = &[
    "\n# Data Structures\n",
    "\n## A (B)\n",
    "\n## B (A)\n",
    "\n+ Attributes (A)\n",
    "\n    + Attributes\n",
    "\n        + Include A\n",
    "\n+ Include B\n",
    "\n+ One Of\n",
    "\n    + Sample\n",
    "\n+ Default: x\n",
    "\n+ Properties\n",
    "\n+ Items\n",
    "\n+ x: `1` (number, required) - d\n",
    "\n+ (array[A])\n",
    "\n+ *v*: 1\n",
    "\n## Sample\n",
    "\n#\n",
    "\n###X [GET /x]\n",
    "\n+ Response (application/json)\n",
    "\n```json\n",
    "{?a[b]}",
    "(",
    ")",
    "[",
    "]",
    "*",
    "`",
    ",",
    ":",
    " - ",
    "\t",
];

fn apiary() -> &'static [u8] {
    static SOURCE: OnceLock<Vec<u8>> = OnceLock::new();
    SOURCE.get_or_init(|| {
        std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../../apiary.apib"))
            .expect("apiary.apib at the workspace root")
    })
}

/// Parses and checks that the result is sane. (How long parsing takes is
/// the parser benchmark's to measure, not a test's: a wall-clock limit fails
/// on a busy machine. A parse that never ends still fails the test run.)
fn check(bytes: &[u8]) {
    let bp = blueprint_parser::parse(bytes);
    assert!(bp
        .diagnostics
        .windows(2)
        .all(|w| (w[0].line, w[0].column) <= (w[1].line, w[1].column)));
    let _ = serde_json::to_string(&bp).expect("IR serialises");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn truncations(len in 0usize..=108_041) {
        let src = apiary();
        check(&src[..len.min(src.len())]);
    }

    #[test]
    fn byte_corruptions(edits in prop::collection::vec((0usize..108_041, any::<u8>()), 1..64)) {
        let mut src = apiary().to_vec();
        let n = src.len();
        for (at, byte) in edits {
            src[at % n] = byte;
        }
        check(&src);
    }

    #[test]
    fn random_insertions(inserts in prop::collection::vec((0usize..108_041, prop::collection::vec(any::<u8>(), 0..16)), 1..16)) {
        let mut src = apiary().to_vec();
        for (at, bytes) in inserts {
            let at = at % (src.len() + 1);
            src.splice(at..at, bytes);
        }
        check(&src);
    }

    #[test]
    fn structural_insertions(inserts in prop::collection::vec((0usize..4_000, prop::sample::select(vec![
        "\n# Group X\n", "\n## R [/r/{id}]\n", "\n### A [GET]\n", "\n+ Parameters\n", "\n```\n", "\n<div>\n",
        "\n+ Response 200\n", "\n    + Body\n", "[Nowhere][]", "\t", "{", "}", "`", "(", "\r", "\u{feff}", "...",
    ])), 1..24)) {
        let text = String::from_utf8_lossy(apiary()).into_owned();
        let mut lines: Vec<String> = text.split('\n').map(str::to_owned).collect();
        for (at, piece) in inserts {
            let i = at % lines.len();
            lines[i].push_str(piece);
        }
        check(lines.join("\n").as_bytes());
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn mson_truncations(len in 0usize..=12_000) {
        let src = mson();
        check(&src[..len.min(src.len())]);
    }

    #[test]
    fn mson_byte_corruptions(edits in prop::collection::vec((0usize..12_000, any::<u8>()), 1..64)) {
        let mut src = mson().to_vec();
        let n = src.len();
        for (at, byte) in edits {
            src[at % n] = byte;
        }
        check(&src);
    }

    #[test]
    fn mson_structural_insertions(
        inserts in prop::collection::vec((0usize..4_000, prop::sample::select(MSON_PIECES.to_vec())), 1..24),
        into_apiary in any::<bool>(),
    ) {
        let base = if into_apiary { apiary() } else { mson() };
        let text = String::from_utf8_lossy(base).into_owned();
        let mut lines: Vec<String> = text.split('\n').map(str::to_owned).collect();
        for (at, piece) in inserts {
            let i = at % lines.len();
            lines[i].push_str(piece);
        }
        check(lines.join("\n").as_bytes());
    }
}

#[test]
fn pathological_mson() {
    // Long inheritance and mixin chains, deep nesting, wide lists: bounded
    // recursion (no stack overflow on a 2 MB test thread), bounded time.
    let chain: String = (0..3_000)
        .map(|i| format!("## T{i} (T{})\n+ f{i}: {i} (number)\n", i + 1))
        .collect();
    let mixins: String = (0..3_000)
        .map(|i| format!("## M{i}\n+ Include M{}\n+ g{i}: x\n", i + 1))
        .collect();
    let deep: String = (0..3_000)
        .map(|i| format!("{}+ p{i}\n", "  ".repeat(i)))
        .collect();
    let wide = format!("+ list: {}\n", vec!["`a`"; 20_000].join(", "));
    // Each type uses the next one twice: its body would double at every level.
    let doubling: String = (0..40)
        .map(|i| format!("## D{i}\n+ a (D{n})\n+ b (D{n})\n+ One Of\n    + Include D{n}\n    + Include D{n}\n", n = i + 1))
        .collect();
    let cycle: String = (0..500)
        .map(|i| format!("## C{i} (C{})\n", (i + 1) % 500))
        .collect();
    for body in [chain, mixins, deep, wide, doubling, cycle] {
        let doc = format!(
            "FORMAT: 1A\n\n# R [/r]\n## A [GET]\n+ Response 200 (application/json)\n    + Attributes (T0)\n+ Response 201 (application/json)\n    + Attributes (D0)\n\n# Data Structures\n\n## Deep\n{body}"
        );
        check(doc.as_bytes());
    }
    check(format!("# Data Structures\n## X ({})\n", "(".repeat(20_000)).as_bytes());
    check(format!("+ Attributes\n    + a: {}\n", "`".repeat(30_001)).as_bytes());
}

#[test]
fn pathological_lines() {
    let long = "a".repeat(50_000);
    for line in [
        format!("# {long}"),
        format!("## {long} [/{long}]"),
        format!("+ Parameters\n    + x ({})", "`".repeat(30_000)),
        format!(
            "## R [/r]\n+ Parameters\n    + {long} ({}",
            "(, ".repeat(15_000)
        ),
        "[".repeat(30_000),
        "{".repeat(30_000),
        format!(
            "## R [/r]\n### A [GET]\n+ Response 200\n\n        {}",
            "[".repeat(30_000)
        ),
        "\n".repeat(30_000),
    ] {
        check(line.as_bytes());
    }
}
