//! Truncated, corrupted and spliced versions of `apiary.apib` never panic
//! and finish quickly.

use std::sync::OnceLock;
use std::time::{Duration, Instant};

use proptest::prelude::*;

fn apiary() -> &'static [u8] {
    static SOURCE: OnceLock<Vec<u8>> = OnceLock::new();
    SOURCE.get_or_init(|| {
        std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../../apiary.apib"))
            .expect("apiary.apib at the workspace root")
    })
}

/// Parses and checks that the result is sane and was produced in bounded time.
fn check(bytes: &[u8]) {
    let start = Instant::now();
    let bp = blueprint_parser::parse(bytes);
    assert!(
        start.elapsed() < Duration::from_secs(2),
        "parse took {:?}",
        start.elapsed()
    );
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
