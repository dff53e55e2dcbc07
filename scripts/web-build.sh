#!/usr/bin/env bash
# Builds the browser playground's release bundle into web/dist/.
# On a fresh machine it installs what it needs first, once: the wasm32
# target, wasm-bindgen-cli at the version Cargo.lock pins (into .tools/),
# and wasm-opt from npm's binaryen (into web/node_modules/).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
dist=web/dist
# The web-release profile (Cargo.toml) optimises for size with fat LTO.
wasm=${CARGO_TARGET_DIR:-target}/wasm32-unknown-unknown/web-release/srs-check-web.wasm

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    echo "== rustup target add wasm32-unknown-unknown"
    rustup target add wasm32-unknown-unknown
fi

# The CLI must be the exact version of the wasm-bindgen crate the app links,
# or the glue it writes does not match the module.
bindgen="$(bash scripts/install-wasm-bindgen.sh)/wasm-bindgen"

wasm_opt=web/node_modules/binaryen/bin/wasm-opt
if [[ ! -x $wasm_opt || ! -f web/node_modules/terser/bin/terser ]]; then
    if ! command -v npm >/dev/null; then
        # Debian packages npm apart from nodejs.
        echo "== apt-get install nodejs npm"
        sudo=""
        if [ "$(id -u)" != 0 ]; then sudo=sudo; fi
        $sudo apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq nodejs npm
    fi
    echo "== npm ci (binaryen's wasm-opt, terser, playwright-core)"
    (cd web && npm ci --no-audit --no-fund)
fi

echo "== cargo build --profile web-release --target wasm32-unknown-unknown -p srs-check-web"
cargo build --profile web-release --locked --target wasm32-unknown-unknown -p srs-check-web

# wasm-opt takes about a minute: skipped when the module is the one dist/ was made from.
stamp="$dist/.built-from"
sum=$(sha256sum "$wasm" | cut -d' ' -f1)
if [[ -f $stamp && $(cat "$stamp") == "$sum" && -f $dist/srs_check_web_bg.wasm ]]; then
    echo "== web/dist is up to date with the module"
else
    echo "== wasm-bindgen --target web"
    rm -rf "$dist"
    mkdir -p "$dist"
    "$bindgen" --target web --no-typescript --out-name srs_check_web --out-dir "$dist" "$wasm"
    # The glue script, minified: 2.4 KB of the bundle's gzipped budget.
    node web/node_modules/terser/bin/terser "$dist/srs_check_web.js" --module --compress --mangle \
        -o "$dist/srs_check_web.js"

    echo "== wasm-opt -Oz, twice"
    # rustc emits these features; wasm-opt must be told it may keep them.
    features=(--enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext
        --enable-mutable-globals --enable-reference-types --enable-multivalue)
    "$wasm_opt" -Oz "${features[@]}" "$dist/srs_check_web_bg.wasm" -o "$dist/srs_check_web_bg.wasm"
    # A second pass finds about 1 KB (gzipped) more in 20 s; the producers
    # and target-features sections are for tools, not browsers.
    "$wasm_opt" -Oz "${features[@]}" --strip-producers --strip-target-features \
        "$dist/srs_check_web_bg.wasm" -o "$dist/srs_check_web_bg.wasm"
    echo "$sum" > "$stamp"
fi

cp web/index.html web/style.css web/start.js web/lint-worker.js web/favicon.svg "$dist/"

# The service worker caches every file of this build under a name made from
# their hashes, so a new build replaces the offline copy.
files=$(cd "$dist" && ls index.html style.css start.js lint-worker.js favicon.svg srs_check_web.js srs_check_web_bg.wasm)
build=$(cd "$dist" && cat $files | sha256sum | cut -c1-16)
list=$(printf '"./", %s' "$(printf '"./%s", ' $files | sed 's/, $//')")
sed -e "s|__BUILD__|$build|" -e "s|__FILES__|[$list]|" web/sw.js > "$dist/sw.js"

raw=$(cat "$dist"/*.wasm "$dist"/*.js | wc -c)
gz=$(for f in "$dist"/*.wasm "$dist"/*.js; do gzip -9 -c "$f"; done | wc -c)
echo "== web/dist: wasm + js $((raw / 1024)) KiB, gzipped $((gz / 1024)) KiB"
