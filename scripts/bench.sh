#!/usr/bin/env bash
# The benchmark suite (docs/benchmarks.md): installs the peers, builds the native-release
# preset's bench programs, runs every scenario against every peer in interleaved rounds and
# writes results.json + report.md (+ plots) under bench/results/<date>/ and bench/results/latest/.
# Not part of scripts/test.sh: the test command only runs a smoke run (ctest -L bench).
#
#   scripts/bench.sh [--quick] [--rounds N] [--only SCENARIO[,..]] [--out DIR]
#   scripts/bench.sh --install-only     # the peers only (Debian packages, npm ci in bench/node)
set -euo pipefail
cd "$(dirname "$0")/.."

usage() {
  sed -n '7,8p' "$0" | sed 's/^# *//' >&2
  exit 2
}

# The peers: Debian's Python packages (bootstrap.sh), Node ws + bufferutil pinned by
# bench/node/package-lock.json. npm ci runs only when the lock file changed since the last one.
install_peers() {
  bash scripts/bootstrap.sh bench
  local stamp=bench/node/node_modules/.package-lock.json
  if [ ! -f "$stamp" ] || [ bench/node/package-lock.json -nt "$stamp" ]; then
    (cd bench/node && npm ci --no-audit --no-fund >/dev/null)
  fi
}

out=""
install_only=false
run_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) run_args+=(--quick) ;;
    --rounds | --only)
      [ $# -ge 2 ] || usage
      run_args+=("$1" "$2")
      shift
      ;;
    --out)
      [ $# -ge 2 ] || usage
      out=$2
      shift
      ;;
    --install-only) install_only=true ;;
    -h | --help) usage ;;
    *) echo "bench.sh: unknown argument '$1'" >&2; usage ;;
  esac
  shift
done
invoked_as="scripts/bench.sh ${run_args[*]}${out:+ --out $out}"

install_peers
$install_only && exit 0

cmake --preset native-release >/dev/null
cmake --build --preset native-release --target bench_tools

dated=""
if [ -z "$out" ]; then
  dated=bench/results/$(date -u +%Y-%m-%dT%H%MZ)
  out=$dated
fi
/usr/bin/python3 bench/harness/run.py --bin-dir build/native-release/bench --out "$out" \
  --invoked-as "$invoked_as" "${run_args[@]}"
if [ -n "$dated" ]; then
  rm -rf bench/results/latest
  cp -r "$dated" bench/results/latest
fi
echo "bench.sh: report in $out/report.md"
