#!/usr/bin/env bash
# Installs the Debian packages the native build and tests need, if any is missing.
# Idempotent: when everything is present it only runs dpkg-query and returns.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config
  libboost1.81-dev libssl-dev openssl nlohmann-json3-dev libgtest-dev libcli11-dev
  python3-websockets clang-format clang-tidy
  # Real proxies for the client's proxy tests: HTTP CONNECT, SOCKS5, TLS in front (stunnel).
  tinyproxy microsocks stunnel4
  # The demo server's --redis mode: the client library it uses and a real server for its tests.
  libhiredis-dev redis-server
)
# Extra groups of packages, asked for by name: `bootstrap.sh wasm` adds what the browser build needs.
for group in "$@"; do
  case "$group" in
    # Node.js and npm come with the machine (NodeSource's nodejs package, which also holds npm;
    # Debian's npm package would conflict with it).
    wasm) packages+=(emscripten chromium) ;;
    # The Python peers of the benchmark suite (scripts/bench.sh) besides python3-websockets.
    bench) packages+=(python3-aiohttp) ;;
    # The fuzz targets (scripts/fuzz.sh): clang with its libFuzzer and sanitizer runtimes (not
    # pulled in without recommends), and llvm-symbolizer for readable crash reports.
    fuzz) packages+=(clang libclang-rt-14-dev llvm-14) ;;
    *) echo "bootstrap.sh: unknown group '$group' (known: wasm, bench, fuzz)" >&2; exit 2 ;;
  esac
done

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed$'; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=()
[ "$(id -u)" -ne 0 ] && sudo=(sudo)
echo "bootstrap: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
