#!/usr/bin/env bash
# Installs the browser the timeline test drives (test/browser/): Debian's chromium at
# /usr/bin/chromium. Idempotent: does nothing when it is already there. Runs as root
# with no tty (CI); elsewhere it uses sudo when it can.
set -euo pipefail

BROWSER=/usr/bin/chromium

if [ -x "$BROWSER" ]; then
  echo "install-browser: $BROWSER is present ($("$BROWSER" --version 2>/dev/null || echo 'version unknown'))"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-browser: $BROWSER is missing and apt-get is not available; install chromium by hand" >&2
  exit 1
fi

SUDO=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO=(sudo -n)
  else
    echo "install-browser: $BROWSER is missing and this is not root (and there is no sudo)" >&2
    exit 1
  fi
fi

export DEBIAN_FRONTEND=noninteractive
echo "install-browser: installing chromium with apt-get"
${SUDO[@]+"${SUDO[@]}"} apt-get update -q
${SUDO[@]+"${SUDO[@]}"} apt-get install -y -q chromium

if [ ! -x "$BROWSER" ]; then
  echo "install-browser: apt-get finished but $BROWSER is still missing" >&2
  exit 1
fi
echo "install-browser: installed $("$BROWSER" --version 2>/dev/null || echo "$BROWSER")"
