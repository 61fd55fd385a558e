#!/usr/bin/env bash
# Sets up a fresh machine, builds everything and runs every test. `.ci/run` calls exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/bootstrap.sh
start=$(date +%s)
cmake --preset native-release
cmake --build --preset native-release
ctest --preset native-release
echo "test.sh: native build and tests took $(( $(date +%s) - start )) s"
