#!/usr/bin/env bash
# Compares the semver classes of `cargo xtask diff` with cargo-semver-checks on
# the generator's diff fixture pairs (crates/codegen/tests/fixtures/diff): each
# pair's OLD and NEW specs are generated as two crates (NEW keeping OLD's
# names.lock, as `regen` does), then both tools judge the change.
#
# Not run by CI: cargo-semver-checks is a large tool to install
# (`cargo install cargo-semver-checks --locked`) and builds every crate's
# rustdoc JSON. Usage: scripts/semver-checks.sh [OUT_DIR [PAIR...]] (default
# /tmp/semver-checks, every pair); prints one block per pair, and writes
# OUT_DIR/NAME/{diff.json,semver-checks.txt}.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-/tmp/semver-checks}
shift || true
fixtures=crates/codegen/tests/fixtures/diff
mkdir -p "$out"
# Every crate's dependencies (the runtime, reqwest, tokio, serde …) built once.
export CARGO_TARGET_DIR="$out/target"
cargo build --quiet --package xtask
xtask=target/debug/xtask
[ -x "$xtask" ] || xtask="$CARGO_TARGET_DIR/debug/xtask"

config_for() { # PAIR SIDE -> the configuration arguments of that side
    if [ -f "$fixtures/$1.$2.toml" ]; then echo "--config $fixtures/$1.$2.toml";
    elif [ -f "$fixtures/$1.toml" ]; then echo "--config $fixtures/$1.toml"; fi
}

pairs=("$@")
if [ ${#pairs[@]} -eq 0 ]; then
    for spec in "$fixtures"/*.old.apib; do pairs+=("$(basename "$spec" .old.apib)"); done
fi
for name in "${pairs[@]}"; do
    old_spec="$fixtures/$name.old.apib"
    new_spec="$fixtures/$name.new.apib"
    dir="$out/$name"
    rm -rf "$dir/old" "$dir/new"
    mkdir -p "$dir"
    old_config=$(config_for "$name" old)
    new_config=$(config_for "$name" new)
    # shellcheck disable=SC2086
    "$xtask" generate --spec "$old_spec" --out "$dir/old" $old_config >/dev/null 2>&1
    # NEW starts as a copy of OLD's generation, so it reads OLD's names.lock.
    # shellcheck disable=SC2086
    "$xtask" generate --spec "$old_spec" --out "$dir/new" $old_config >/dev/null 2>&1
    # shellcheck disable=SC2086
    "$xtask" generate --spec "$new_spec" --out "$dir/new" $new_config >/dev/null 2>&1
    # The old side's own configuration (an empty one when it has none).
    : > "$dir/no-config.toml"
    old_config_arg="--old-config ${old_config#--config }"
    [ -n "$old_config" ] || old_config_arg="--old-config $dir/no-config.toml"
    # shellcheck disable=SC2086
    "$xtask" diff "$old_spec" "$new_spec" $new_config $old_config_arg --format json > "$dir/diff.json"
    set +e
    cargo semver-checks check-release --manifest-path "$dir/new/Cargo.toml" \
        --baseline-root "$dir/old" --release-type patch > "$dir/semver-checks.txt" 2>&1
    status=$?
    set -e
    echo "== $name (cargo-semver-checks exit $status)"
    python3 - "$dir/diff.json" <<'PY'
import json, sys
diff = json.load(open(sys.argv[1]))
for c in diff["changes"]:
    print(f"  xtask diff: {c['class']:<13} {c['kind']:<28} {c['item']}")
PY
    grep -E '^--- failure ([a-z_]+):' "$dir/semver-checks.txt" | sed 's/^/  semver-checks: /' || true
    grep -E 'Summary ' "$dir/semver-checks.txt" | sed 's/^ */  semver-checks: /' || true
done
