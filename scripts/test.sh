#!/usr/bin/env bash
# Sets up a fresh machine, builds everything and runs every test. `.ci/run` calls exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/bootstrap.sh wasm
# The benchmark peers (Node ws, Python aiohttp): the smoke run of the suite below needs them.
bash scripts/bench.sh --install-only
start=$(date +%s)

# Natively, release build, warnings as errors: unit, integration (demo server, Python
# websockets peers and servers), CLI and packaging tests.
cmake --preset native-release
cmake --build --preset native-release
ctest --preset native-release

# The client's core again under AddressSanitizer + UndefinedBehaviorSanitizer: the unit tests
# destroy clients inside every handler and race stale events against new attempts.
cmake --preset native-asan >/dev/null
cmake --build --preset native-asan --target core_unit_tests
build/native-asan/tests/core_unit_tests --gtest_brief=1

# WebAssembly: the core's unit tests compiled with Emscripten, run under node; then the JS
# module, the web demo, and the browser tests against the native demo server in Chromium.
cmake --preset wasm-release
cmake --build --preset wasm-release
ctest --preset wasm-release
(cd tests/e2e && npm ci --no-audit --no-fund && npm run typecheck && npx playwright test)

echo "test.sh: all tests passed in $(( $(date +%s) - start )) s"
