#!/usr/bin/env bash
# Sets up a fresh machine, builds the demo server and serves the web demo on
# http://127.0.0.1:8080 (override with DEMO_PORT). Extra arguments go to the server.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/bootstrap.sh
cmake --preset native-release >/dev/null
cmake --build --preset native-release --target wsclient-demo-server
exec build/native-release/demo_server/wsclient-demo-server \
  --host 127.0.0.1 --port "${DEMO_PORT:-8080}" --web-root web_demo "$@"
