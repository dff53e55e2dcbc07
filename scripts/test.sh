#!/usr/bin/env bash
# Every test srs-check has, as CI runs them. Needs the Rust toolchain pinned
# in rust-toolchain.toml (with rustfmt and clippy); the wasm and browser
# steps install what else they need (scripts/wasm-test.sh, web-test.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== cargo fmt --check"
cargo fmt --all -- --check

echo "== cargo clippy"
cargo clippy --workspace --all-targets --locked -- -D warnings

echo "== cargo test"
# insta fails on a missing or changed snapshot instead of writing one.
CI=true cargo test --workspace --locked

echo "== wasm32 (the same JSON as natively)"
bash scripts/wasm-test.sh

echo "== the browser playground in Chromium"
bash scripts/web-test.sh
