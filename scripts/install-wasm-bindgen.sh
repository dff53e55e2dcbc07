#!/usr/bin/env bash
# Installs wasm-bindgen-cli at the exact version of the wasm-bindgen crate in
# Cargo.lock (the glue it writes and the test runner must match the module
# to the patch version) into .tools/wasm-bindgen-<version>/, once, and
# prints that folder's bin directory. Shared by wasm-test.sh and
# web-build.sh, so a clean machine builds it one time.
set -euo pipefail
cd "$(dirname "$0")/.."

version=$(cargo pkgid --locked wasm-bindgen)
version=${version##*@}
tools="$PWD/.tools/wasm-bindgen-$version"
if [ ! -x "$tools/bin/wasm-bindgen" ] || [ ! -x "$tools/bin/wasm-bindgen-test-runner" ]; then
    echo "== cargo install wasm-bindgen-cli $version into .tools/ (several minutes, once)" >&2
    # Not --locked: wasm-bindgen-cli's lockfile pins a crate version the
    # registry index no longer has.
    cargo install wasm-bindgen-cli --version "=$version" --root "$tools" >&2
fi
echo "$tools/bin"
