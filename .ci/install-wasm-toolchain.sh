#!/usr/bin/env bash
# Installs what test/guests/build.sh needs to rebuild the committed Wasm guests:
# Debian's rustc with the wasm32 std, lld and wabt. Idempotent.
set -euo pipefail
if [ -x /usr/bin/rustc ] && [ -d /usr/lib/rustlib/wasm32-unknown-unknown ] && command -v wat2wasm >/dev/null && command -v wasm-strip >/dev/null; then
  echo "install-wasm-toolchain: present ($(/usr/bin/rustc --version))"
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
SUDO=()
[ "$(id -u)" -eq 0 ] || SUDO=(sudo -n)
"${SUDO[@]}" apt-get update -qq
"${SUDO[@]}" apt-get install -y -qq --no-install-recommends rustc libstd-rust-dev-wasm32 lld wabt >/dev/null
echo "install-wasm-toolchain: installed ($(/usr/bin/rustc --version))"
