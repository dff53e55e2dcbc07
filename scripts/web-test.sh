#!/usr/bin/env bash
# The browser playground's tests: builds the release bundle, then drives
# Debian's Chromium against it on 127.0.0.1 (web/tests/e2e.mjs): the seed
# example's typo on the line the CLI reports, its fix, the deployment picture
# (the typo's red reference, a pod's role, the fix mending it), a new tab, the
# bundle size budget, keystroke-to-diagnostics time, the simulation tab against
# `srs-check simulate` (numbers, capacity search, the 10,000-stream /
# 100,000-player time), settings, shared links, downloads, offline use, and
# the screenshots in docs/; the lint in its Web Worker (a 2,000-document paste
# linted while the page keeps painting, the fallback to linting on the page
# without a worker, a panic in the worker reported while the page goes on).
# Installs Chromium (apt), wasm-bindgen-cli and the npm tools when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)

if [[ ! -x /usr/bin/chromium ]]; then
    echo "== apt-get install chromium"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver
fi

bash scripts/web-build.sh
if [[ ! -d web/node_modules/playwright-core ]]; then
    (cd web && npm ci --no-audit --no-fund)
fi
# The tests ask the CLI where the typo is and what a simulation gives.
cargo build --locked -q -p srs-check

echo "== node --test web/tests/e2e.mjs"
node --test --test-reporter=spec web/tests/e2e.mjs
echo "== web tests took $(($(date +%s) - started)) s"
