#!/usr/bin/env bash
# Builds every test guest into test/guests/*.wasm, byte for byte reproducibly.
#
#   test/guests/build.sh           rebuild the committed .wasm files
#   test/guests/build.sh --check   rebuild into a temp dir; exit 1, naming each
#                                  file, if any differs from the committed one
#
# Needs Debian's rustc with the wasm32-unknown-unknown target (the rustup rustc
# first on PATH may lack it; override with ARKSIM_RUSTC), and wabt (wat2wasm,
# wasm-strip, wasm-objdump).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
rustc="${ARKSIM_RUSTC:-/usr/bin/rustc}"

rust_guests=(callee edge_guest order_guest panic_guest)
wat_guests=(wild bad_import bad_sig loop loop_callee indices indices_ext runaway own_applet depth simd)
# Deliberately invalid against the ABI, or fuel-test fixtures that are no Ark
# guests: skipped by the import check.
abi_exempt=(bad_import bad_sig indices indices_ext depth)

# wat2wasm flags beyond its defaults (which include multi-value, bulk memory,
# reference types, sign extension and saturating truncation).
wat_flags() {
  case "$1" in
    indices_ext | depth) echo "--enable-tail-call --enable-exceptions" ;;
    *) echo "" ;;
  esac
}

# The only imports a guest may declare, with their exact Wasm signatures.
allowed_imports="$(cat <<'LIST'
ark-module-run-v0.module_run__create_function (i32, i32, i32, i32, i32, i32) -> i32
ark-module-run-v0.module_run__remove_function (i64) -> i32
ark-module-run-v0.module_run__blocking_launch (i64, i32, i32, i32) -> i32
ark-module-run-v0.module_run__launch (i64, i32, i32, i32) -> i32
ark-module-run-v0.module_run__is_ready (i64, i32) -> i32
ark-module-run-v0.module_run__retrieve (i64, i32, i32) -> i32
ark-core-v0.core__return_slice (i32, i32, i32) -> i32
ark-core-v2.core__register_panic (i32, i32, i32, i32, i32, i32) -> i32
LIST
)"

# Prints "module.field (params) -> results" for each import of a .wasm file.
list_imports() {
  wasm-objdump -x "$1" | awk '
    /^Type\[/   { section = "type"; next }
    /^Import\[/ { section = "import"; next }
    /^[A-Z][A-Za-z]*\[/ { section = ""; next }
    section == "type" && match($0, /type\[[0-9]+\]/) {
      idx = substr($0, RSTART + 5, RLENGTH - 6)
      sig = $0; sub(/^ *- type\[[0-9]+\] /, "", sig); types[idx] = sig; next
    }
    section == "import" {
      kind = $2; sub(/\[.*/, "", kind)
      n = split($0, parts, " <- "); name = parts[n]
      if (kind == "func" && match($0, /sig=[0-9]+/)) {
        print name " " types[substr($0, RSTART + 4, RLENGTH - 4)]
      } else {
        print name " <" kind ">"
      }
    }'
}

check_imports() {
  local wasm="$1" bad=0 line
  while IFS= read -r line; do
    [[ -z "$line" ]] && continue
    if ! grep -qxF -- "$line" <<<"$allowed_imports"; then
      echo "error: $(basename "$wasm") imports something outside the ABI: $line" >&2
      bad=1
    fi
  done < <(list_imports "$wasm")
  return "$bad"
}

# build_into DIR: writes every guest's .wasm into DIR.
build_into() {
  local out="$1" work g
  work="$(mktemp -d)"
  for g in "${rust_guests[@]}"; do
    # Relative source paths plus the remap keep the checkout's location out of
    # panic locations; one codegen unit keeps the output order fixed.
    (cd "$here" && "$rustc" rust/"$g".rs \
      --target wasm32-unknown-unknown --crate-type cdylib --crate-name "$g" --edition 2021 \
      -C opt-level=s -C panic=abort -C codegen-units=1 -C strip=debuginfo \
      -C debuginfo=0 --remap-path-prefix "$here=." \
      -o "$work/$g.wasm")
    wasm-strip "$work/$g.wasm" -o "$out/$g.wasm"
  done
  for g in "${wat_guests[@]}"; do
    # shellcheck disable=SC2046 # the flags are meant to split
    wat2wasm $(wat_flags "$g") "$here/wat/$g.wat" -o "$work/$g.wasm"
    wasm-strip "$work/$g.wasm" -o "$out/$g.wasm"
  done
  rm -rf "$work"
  local failed=0
  for g in "${rust_guests[@]}" "${wat_guests[@]}"; do
    [[ " ${abi_exempt[*]} " == *" $g "* ]] && continue
    check_imports "$out/$g.wasm" || failed=1
  done
  return "$failed"
}

case "${1:-}" in
  "")
    build_into "$here"
    echo "built $(( ${#rust_guests[@]} + ${#wat_guests[@]} )) guests into $here"
    ;;
  --check)
    tmp="$(mktemp -d)"
    trap 'rm -rf "$tmp"' EXIT
    build_into "$tmp"
    status=0
    for g in "${rust_guests[@]}" "${wat_guests[@]}"; do
      if [[ ! -f "$here/$g.wasm" ]]; then
        echo "missing: test/guests/$g.wasm (run test/guests/build.sh)" >&2
        status=1
      elif ! cmp -s "$tmp/$g.wasm" "$here/$g.wasm"; then
        echo "differs: test/guests/$g.wasm (rebuilt $(stat -c %s "$tmp/$g.wasm") bytes, committed $(stat -c %s "$here/$g.wasm") bytes)" >&2
        status=1
      fi
    done
    if [[ "$status" -eq 0 ]]; then echo "all guests match their sources"; fi
    exit "$status"
    ;;
  *)
    echo "usage: $0 [--check]" >&2
    exit 2
    ;;
esac
