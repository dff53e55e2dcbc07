#!/usr/bin/env bash
# The wasm32 half of the determinism test: core/tests/determinism.rs built
# for wasm32-unknown-unknown and run in Node by wasm-bindgen-test-runner. It
# lints and simulates the bundled seed deployment and compares the JSON with
# the golden files in core/tests/golden/, which the native half of the same
# test compares too (so native == golden == wasm).
#
# Installs what it needs, once: the rustup target, wasm-bindgen-cli at the
# exact wasm-bindgen version in Cargo.lock (scripts/install-wasm-bindgen.sh; about 7 minutes the
# first time), and Node through apt when `node` is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

target=wasm32-unknown-unknown

if ! rustup target list --installed | grep -qx "$target"; then
    echo "== rustup target add $target"
    rustup target add "$target"
fi

# The runner must match the wasm-bindgen the test links, to the patch version.
runner="$(bash scripts/install-wasm-bindgen.sh)/wasm-bindgen-test-runner"

if ! command -v node >/dev/null; then
    if command -v apt-get >/dev/null; then
        echo "== apt-get install nodejs"
        sudo=""
        if [ "$(id -u)" != 0 ]; then sudo=sudo; fi
        $sudo apt-get update -q
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q nodejs
    else
        echo "wasm-test: needs Node.js (\`node\`) and found no apt-get to install it" >&2
        exit 2
    fi
fi

echo "== cargo test --target $target (Node $(node --version))"
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER="$runner" \
    cargo test -p srs-check-core --target "$target" --test determinism --locked
