#!/usr/bin/env bash
# Builds the libFuzzer targets (the fuzz preset: clang, ASan + UBSan) and runs each on its
# committed seed corpus plus what earlier runs found (docs/fuzzing.md).
#
#   scripts/fuzz.sh [--seconds N] [TARGET...]   # default: 5 s each, every target
#   scripts/fuzz.sh --seconds 600               # the long run: executions per target, crashes
#
# Targets: url, client_stream, counter_json, http_request. A crash, a hang (-timeout), an
# out-of-memory (-rss_limit_mb) or a broken oracle rule fails the run; libFuzzer saves the
# input under build/fuzz/artifacts/. Exit status 0 only when every target ran clean.
set -euo pipefail
cd "$(dirname "$0")/.."

all_targets=(url client_stream counter_json http_request)
seconds=5
targets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds)
      [ $# -ge 2 ] && [[ "$2" =~ ^[1-9][0-9]*$ ]] || { echo "fuzz.sh: --seconds needs a positive number" >&2; exit 2; }
      seconds=$2
      shift
      ;;
    -h | --help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "fuzz.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    *)
      [[ " ${all_targets[*]} " == *" $1 "* ]] || { echo "fuzz.sh: unknown target $1 (known: ${all_targets[*]})" >&2; exit 2; }
      targets+=("$1")
      ;;
  esac
  shift
done
[ ${#targets[@]} -gt 0 ] || targets=("${all_targets[@]}")

bash scripts/bootstrap.sh fuzz
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz --target "${targets[@]/%/_fuzzer}"

build=build/fuzz
mkdir -p "$build/artifacts" "$build/logs"
passed=0
failed=0
for t in "${targets[@]}"; do
  found="$build/corpus/$t"  # what runs add; the committed seeds stay as they are
  mkdir -p "$found"
  log="$build/logs/$t.log"
  start=$(date +%s)
  # -timeout: one input taking longer is a hang. -rss_limit_mb / -malloc_limit_mb: memory a
  # peer can make us use is bounded well below this. -max_len: room for several frames or
  # pipelined requests.
  if "$build/fuzz/${t}_fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -malloc_limit_mb=1024 -max_len=16384 -print_final_stats=1 \
    -artifact_prefix="$build/artifacts/$t-" "$found" "fuzz/corpus/$t" >"$log" 2>&1; then
    status=ok
    passed=$((passed + 1))
  else
    status=FAILED
    failed=$((failed + 1))
  fi
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  echo "fuzz: $t $status: ${runs:-?} executions in $(( $(date +%s) - start )) s (log: $log)"
  if [ "$status" = FAILED ]; then
    grep -E 'ERROR|fuzz oracle|SUMMARY|Test unit written|runtime error' "$log" | head -20 >&2 || true
  fi
done
echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
