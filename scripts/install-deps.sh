#!/usr/bin/env bash
# Installs what lianxin needs to build, run and test on Debian bookworm. Idempotent: packages that
# are already installed are skipped, and apt is not touched at all when nothing is missing.
set -euo pipefail

PACKAGES=(
  g++ cmake make pkg-config git
  libboost1.81-all-dev libsqlite3-dev libpq-dev libsodium-dev libspdlog-dev libfmt-dev
  prometheus-cpp-dev libqrencode-dev libxlsxwriter-dev libicu-dev
  libgtest-dev libbenchmark-dev
  sqlite3 postgresql-15 postgresql-client-15
  nodejs npm iproute2 python3 unzip
)
# Only for `make test` / benchmarks: a real browser (issue #4; Debian's chromium, never a downloaded one)
# with a CJK font for legible screenshots, and load tools.
if [[ "${1:-}" == "--test" ]]; then
  PACKAGES+=(wrk nginx-light chromium fonts-wqy-microhei)
fi

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    # nodejs/npm may come from elsewhere on a developer machine; accept a working binary.
    if [[ "$p" == nodejs ]] && command -v node >/dev/null; then continue; fi
    if [[ "$p" == npm ]] && command -v npm >/dev/null; then continue; fi
    missing+=("$p")
  fi
done

if ((${#missing[@]} == 0)); then
  exit 0
fi
if [[ $(id -u) -ne 0 ]]; then
  echo "missing packages: ${missing[*]}" >&2
  echo "run as root: apt-get install ${missing[*]}" >&2
  exit 1
fi
echo "installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
