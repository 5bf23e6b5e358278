#!/usr/bin/env bash
# Installs the Debian 12 packages hotline-sim needs, if any are missing. Sourced by the
# run and test commands so each works on a fresh machine.
set -euo pipefail

HOTLINE_PACKAGES=(
  build-essential cmake ninja-build ccache pkg-config python3
  libboost1.81-dev libyaml-cpp-dev libspdlog-dev libfmt-dev nlohmann-json3-dev
  libcli11-dev doctest-dev libssl-dev libbenchmark-dev valgrind
  python3-yaml python3-jsonschema libsqlite3-dev libzstd-dev zstd
  nodejs npm chromium fonts-noto-cjk
  slurm-wlm munge
)

hotline_missing_packages() {
  local missing=() provided
  # What installed packages provide (e.g. npm inside a nodejs package built with it).
  provided=$(dpkg-query -W -f='${Status}|${Provides}\n' 2>/dev/null |
    sed -n 's/^install ok installed|//p' | tr ',' '\n' | sed 's/ *(.*//; s/^ *//')
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" && continue
    grep -qxF "$p" <<<"$provided" && continue
    missing+=("$p")
  done
  echo "${missing[@]:-}"
}

hotline_install() {
  local missing
  missing=$(hotline_missing_packages "$@")
  [ -z "$missing" ] && return 0
  echo "installing missing packages: $missing" >&2
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  # shellcheck disable=SC2086
  $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
}

# Configures and builds one build tree: hotline_build DIR [cmake args...]
# HOTLINE_TARGET, if set, limits the build to that target.
hotline_build() {
  local dir=$1
  shift
  local root
  root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
  cmake -S "$root" -B "$root/$dir" -G Ninja -DCMAKE_BUILD_TYPE=Release "$@" >/dev/null
  if [ -n "${HOTLINE_TARGET:-}" ]; then
    cmake --build "$root/$dir" -j"$(nproc)" --target "$HOTLINE_TARGET"
  else
    cmake --build "$root/$dir" -j"$(nproc)"
  fi
}
