#!/usr/bin/env bash
# What the browser tests (tests/e2e) need, installed when missing: Debian's Chromium (never a
# browser build downloaded by `playwright install`), the CJK fonts that draw the Chinese pages and
# chromium-l10n so that the browser's own widgets (date pickers, file choosers) speak Chinese.
# Used by `make test` and `.ci/run` alike. As root with apt-get it installs them; otherwise it
# stops with the exact command to run, and `make test` stops with it (the browser tests are never
# skipped in silence). Already installed: it prints one line and does nothing else.
set -euo pipefail

PACKAGES=(chromium fonts-noto-cjk chromium-l10n)
CHROMIUM=${E2E_CHROMIUM:-/usr/bin/chromium}

installed() {  # installed <debian package>
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"
}

missing=()
if command -v dpkg-query >/dev/null 2>&1; then
  for package in "${PACKAGES[@]}"; do
    installed "$package" || missing+=("$package")
  done
fi
if [ ! -x "$CHROMIUM" ] && [[ ! " ${missing[*]} " == *" chromium "* ]]; then
  missing=(chromium "${missing[@]}")
fi

if [ "${#missing[@]}" = 0 ]; then
  echo "browser: $CHROMIUM and the Chinese fonts are installed"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  cat >&2 <<EOF
browser: missing ${missing[*]}, and this is not a Debian-like system (no apt-get).
  Install Chromium and Noto CJK fonts with your system's package manager, then run again with
  E2E_CHROMIUM=/path/to/chromium make test
  (or run everything but the browser tests: .venv/bin/python -m pytest --ignore=tests/e2e)
EOF
  exit 1
fi

if [ "$(id -u)" != 0 ]; then
  cat >&2 <<EOF
browser: missing ${missing[*]} (the browser tests need them; installing needs root). Run:

  sudo apt-get update && sudo apt-get install -y ${PACKAGES[*]}

then make test again (or run everything but the browser tests:
.venv/bin/python -m pytest --ignore=tests/e2e)
EOF
  exit 1
fi

echo "browser: installing ${missing[*]} with apt-get (takes a few minutes the first time)"
export DEBIAN_FRONTEND=noninteractive
# Another apt run holding the lock (unattended upgrades) is waited for, not a failure.
apt-get -o DPkg::Lock::Timeout=600 update -qq
apt-get -o DPkg::Lock::Timeout=600 install -y -qq "${PACKAGES[@]}"
if [ ! -x "$CHROMIUM" ]; then
  echo "browser: apt-get finished but $CHROMIUM is still missing" >&2
  exit 1
fi
echo "browser: installed $("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM")"
