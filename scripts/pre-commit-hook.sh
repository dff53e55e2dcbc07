#!/usr/bin/env bash
# pre-commit entry: builds srs-check from this repository on first use (cached in
# its target/ folder) and lints the files pre-commit passes. A workspace root
# cannot be `cargo install`ed, so the hook uses `language: script` and this.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
exec cargo run --quiet --release --manifest-path "$here/Cargo.toml" -p srs-check -- lint "$@"
