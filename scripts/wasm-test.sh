#!/usr/bin/env bash
# The wasm32 half of the determinism test: core/tests/determinism.rs built
# for wasm32-unknown-unknown and run by wasm-bindgen-test-runner in Node and
# again in headless Chromium (Debian's, through its chromedriver). It
# lints and simulates the bundled seed deployment and compares the JSON with
# the golden files in core/tests/golden/, which the native half of the same
# test compares too (so native == golden == wasm).
#
# Installs what it needs, once: the rustup target, wasm-bindgen-cli at the
# exact wasm-bindgen version in Cargo.lock (scripts/install-wasm-bindgen.sh; about 7 minutes the
# first time), and Node, Chromium and chromedriver through apt when missing.
set -euo pipefail
cd "$(dirname "$0")/.."

target=wasm32-unknown-unknown

if ! rustup target list --installed | grep -qx "$target"; then
    echo "== rustup target add $target"
    rustup target add "$target"
fi

# The runner must match the wasm-bindgen the test links, to the patch version.
runner="$(bash scripts/install-wasm-bindgen.sh)/wasm-bindgen-test-runner"

missing=()
command -v node >/dev/null || missing+=(nodejs)
[[ -x /usr/bin/chromium ]] || missing+=(chromium)
[[ -x /usr/bin/chromedriver ]] || missing+=(chromium-driver)
if ((${#missing[@]})); then
    if command -v apt-get >/dev/null; then
        echo "== apt-get install ${missing[*]}"
        sudo=""
        if [ "$(id -u)" != 0 ]; then sudo=sudo; fi
        $sudo apt-get update -q
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q "${missing[@]}"
    else
        echo "wasm-test: needs ${missing[*]} and found no apt-get to install them" >&2
        exit 2
    fi
fi

echo "== cargo test --target $target, in Node $(node --version)"
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER="$runner" \
    cargo test -p srs-check-core --target "$target" --test determinism --locked

# The same build, run in the browser: the runner starts chromedriver, which
# starts /usr/bin/chromium headless.
echo "== cargo test --target $target, in $(/usr/bin/chromium --version 2>/dev/null | head -1)"
WASM_BINDGEN_USE_BROWSER=1 CHROMEDRIVER=/usr/bin/chromedriver \
    CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER="$runner" \
    cargo test -p srs-check-core --target "$target" --test determinism --locked
