#!/usr/bin/env bash
# A generated crate builds anywhere: installs apib-rs from this checkout into
# a scratch directory, generates a crate from a blueprint in another
# directory, copies the crate to a third directory with no checkout in reach
# (nothing in it names the checkout or where it was generated), resolves its
# dependencies afresh (its own lock file, the newest versions, as a user's
# would be), fetches them once, then builds, tests and documents it offline,
# every warning an error. Usage: scripts/build-anywhere.sh [SCRATCH_DIR]
# (default: a new temporary directory, removed on success).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-$(mktemp -d "${TMPDIR:-/tmp}/apib-rs-anywhere.XXXXXX")}
mkdir -p "$work"
work=$(cd "$work" && pwd)
case "$work/" in
    "$repo"/*) echo "error: the scratch directory must be outside the checkout" >&2; exit 2 ;;
esac
started=$SECONDS
step() { echo "== build-anywhere ($((SECONDS - started)) s): $*"; }

step "cargo install --path crates/blueprint-cli (debug: the workspace's build is reused)"
# `--path` builds in the workspace's target directory; --debug keeps CI from
# an optimised build of its own (the release profile links with LTO).
cargo install --quiet --locked --debug --force --path "$repo/crates/blueprint-cli" --root "$work/tool"
apib_rs="$work/tool/bin/apib-rs"
"$apib_rs" --version

step "apib-rs generate, from a directory of its own, on a blueprint in another"
rm -rf "$work/specs" "$work/elsewhere" "$work/third"
mkdir -p "$work/specs" "$work/elsewhere" "$work/third"
# One of this repository's own fixtures: pages of three kinds, bodies, errors.
cp "$repo/crates/codegen/tests/fixtures/paging.apib" "$work/specs/shop.apib"
(cd "$work/elsewhere" && "$apib_rs" generate --spec ../specs/shop.apib --out shop-client)

step "copied to a third directory"
cp -R "$work/elsewhere/shop-client" "$work/third/shop-client"
cd "$work/third/shop-client"
if grep -rIl -e "$repo" -e "$work/elsewhere" -e "$work/specs" . ; then
    echo "error: the generated crate names a directory of the machine it was generated on (files above)" >&2
    exit 1
fi
if grep -nE '^[^#]*path *= *"(/|[A-Za-z]:|\.\.)' Cargo.toml blueprint-runtime/Cargo.toml; then
    echo "error: the generated crate depends on something outside itself" >&2
    exit 1
fi

export CARGO_TARGET_DIR="$work/target"
export CARGO_TERM_COLOR=never
step "cargo generate-lockfile and cargo fetch (the one time the registry is reached)"
cargo generate-lockfile
cargo fetch
export CARGO_NET_OFFLINE=true
# The same flags for every step, so that no step rebuilds what another built.
export RUSTFLAGS=-Dwarnings RUSTDOCFLAGS=-Dwarnings
log="$work/cargo.log"
: > "$log"
step "cargo build, test and doc, offline, warnings denied"
cargo build --offline --all-targets 2>&1 | tee -a "$log"
cargo test --offline 2>&1 | tee -a "$log"
cargo doc --offline --workspace --no-deps 2>&1 | tee -a "$log"
# Cargo's own warnings (a manifest key it ignores, …) are not denied by flags.
if grep -n '^warning' "$log"; then
    echo "error: the build of the generated crate printed warnings" >&2
    exit 1
fi
step "the generated crate builds, passes its tests and documents anywhere, without a warning"
if [ $# -eq 0 ]; then
    rm -rf "$work"
fi
