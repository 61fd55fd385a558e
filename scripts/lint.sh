#!/usr/bin/env bash
# Checks what the compiler does not: every tracked C++ file is formatted as .clang-format says,
# and the project's own code follows .clang-tidy's naming rule (snake_case, constants
# included). Usage: scripts/lint.sh [BUILD_DIR]  (default build/native-release, configured: its
# compile_commands.json tells clang-tidy how each file is compiled).
#
# ctest runs it (label lint) on the fast part: clang-format on every file, clang-tidy on the
# library's and programs' files that do not reach Boost (parsing Asio/Beast or GoogleTest
# costs clang-tidy 3-20 s a file). `scripts/lint.sh --all [BUILD_DIR]` checks every file of
# the build, tests included (~3 min on 2 cores).
set -euo pipefail
cd "$(dirname "$0")/.."
all=0
if [[ ${1:-} == --all ]]; then
  all=1
  shift
fi
build=${1:-build/native-release}

mapfile -t cpp_files < <(git ls-files '*.cpp' '*.hpp')
clang-format --dry-run -Werror "${cpp_files[@]}"

# The translation units of this project in the build (not GoogleTest's own); without --all,
# not the tests and not those that reach Boost through the project's own includes.
mapfile -t sources < <(python3 - "$build/compile_commands.json" "$PWD" "$all" <<'PY'
import json, os, re, shlex, sys
commands, root, everything = sys.argv[1], sys.argv[2], sys.argv[3] == "1"
include = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]', re.M)
def reaches_boost(path, dirs, seen):
    if path in seen:
        return False
    seen.add(path)
    try:
        text = open(path, encoding="utf-8").read()
    except OSError:
        return False
    for kind, name in include.findall(text):
        if name.startswith("boost/"):
            return True
        for d in [os.path.dirname(path)] + dirs:
            candidate = os.path.realpath(os.path.join(d, name))
            if candidate.startswith(root + os.sep) and os.path.isfile(candidate):
                if reaches_boost(candidate, dirs, seen):
                    return True
                break
    return False
for entry in json.load(open(commands)):
    path = os.path.realpath(os.path.join(entry["directory"], entry["file"]))
    if not path.startswith(root + os.sep) or "/build/" in path:
        continue
    if everything:
        print(os.path.relpath(path, root))
        continue
    if os.path.relpath(path, root).startswith("tests/"):
        continue
    args = entry.get("arguments") or shlex.split(entry["command"])
    dirs = [os.path.join(entry["directory"], a[2:]) for a in args if a.startswith("-I") and len(a) > 2]
    dirs += [os.path.join(entry["directory"], args[i + 1]) for i, a in enumerate(args[:-1]) if a in ("-I", "-isystem")]
    if not reaches_boost(path, dirs, set()):
        print(os.path.relpath(path, root))
PY
)
echo "lint: clang-format checked ${#cpp_files[@]} files; clang-tidy (naming) on ${#sources[@]}"
printf '%s\n' "${sources[@]}" | xargs -P "$(nproc)" -n 4 \
  clang-tidy -p "$build" --quiet --checks='-*,readability-identifier-naming' \
  --warnings-as-errors='*' --extra-arg=-Wno-unknown-warning-option
