#!/usr/bin/env bash
# Builds the browser playground and serves it on http://127.0.0.1:${PORT:-8000}/.
set -euo pipefail
cd "$(dirname "$0")/.."
port=${PORT:-8000}
bash scripts/web-build.sh
echo "== open http://127.0.0.1:$port/ (Ctrl-C stops the server)"
exec python3 -m http.server "$port" --bind 127.0.0.1 --directory web/dist
