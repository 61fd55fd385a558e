#!/usr/bin/env bash
# Sets up a fresh machine, builds the demo server and the web demo (the client compiled to
# WebAssembly), and serves it on http://127.0.0.1:8080 (override with DEMO_PORT). Extra
# arguments go to the server.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/bootstrap.sh wasm
cmake --preset native-release >/dev/null
cmake --build --preset native-release --target wsclient-demo-server
cmake --preset wasm-release >/dev/null
cmake --build --preset wasm-release --target web_demo
exec build/native-release/demo_server/wsclient-demo-server \
  --host 127.0.0.1 --port "${DEMO_PORT:-8080}" --web-root build/wasm-release/web "$@"
