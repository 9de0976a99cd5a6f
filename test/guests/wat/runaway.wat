;; runaway.wat: a launchable module for the host's limits on runaway calls.
;; - `recurse` blocking-launches its own `recurse` (OwnModule) without end: nested
;;   blocking launches, each waiting on the stack of the one before;
;; - `deep` recurses in Wasm without end, calling module_run__is_ready (on handle 0,
;;   InvalidArguments) at every level, so host code runs at every depth;
;; - `ark_initialize` blocking-launches callee::echo, a module that may be listed
;;   after this one; `init_code` returns that launch's ErrorCode as 4 bytes.
;; ark_alloc is a bump allocator; ark_free is a no-op.
(module
  (import "ark-module-run-v0" "module_run__create_function" (func $create (param i32 i32 i32 i32 i32 i32) (result i32)))
  (import "ark-module-run-v0" "module_run__blocking_launch" (func $blocking (param i64 i32 i32 i32) (result i32)))
  (import "ark-module-run-v0" "module_run__is_ready" (func $is_ready (param i64 i32) (result i32)))
  (import "ark-core-v0" "core__return_slice" (func $ret (param i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (global $next (mut i32) (i32.const 4096))
  (global $init_code (mut i32) (i32.const -1))
  (data (i32.const 0x100) "recurse")
  (data (i32.const 0x110) "callee")
  (data (i32.const 0x120) "echo")
  (func (export "ark_alloc") (param $size i32) (param $align i32) (result i32)
    (local $ptr i32)
    (local.set $ptr (global.get $next))
    (global.set $next (i32.add (global.get $next) (local.get $size)))
    (block $fits
      (br_if $fits (i32.le_u (global.get $next) (i32.mul (memory.size) (i32.const 65536))))
      (if (i32.eq
            (memory.grow (i32.add (i32.shr_u (i32.sub (global.get $next) (i32.mul (memory.size) (i32.const 65536))) (i32.const 16)) (i32.const 1)))
            (i32.const -1))
        (then (unreachable))))
    (local.get $ptr))
  (func (export "ark_free") (param i32 i32 i32))
  (func (export "ark_initialize")
    ;; create_function(NamedModule, "callee", "echo") -> handle at 0x200, then blocking_launch it
    (if (call $create (i32.const 1) (i32.const 0x110) (i32.const 6) (i32.const 0x120) (i32.const 4) (i32.const 0x200))
      (then (return)))
    (global.set $init_code (call $blocking (i64.load (i32.const 0x200)) (i32.const 0x120) (i32.const 4) (i32.const 0x208))))
  (func (export "init_code") (param i32 i32) (result i32)
    (i32.store (i32.const 0x210) (global.get $init_code))
    (drop (call $ret (i32.const 0x210) (i32.const 4) (i32.const 4)))
    (i32.const 0))
  (func (export "recurse") (param i32 i32) (result i32)
    ;; create_function(OwnModule, "", "recurse"), then blocking_launch it, returning its code
    (if (call $create (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0x100) (i32.const 7) (i32.const 0x220))
      (then (return (i32.const 4))))
    (call $blocking (i64.load (i32.const 0x220)) (i32.const 0) (i32.const 0) (i32.const 0x228)))
  (func $deep (export "deep") (param $p i32) (param $l i32) (result i32)
    (drop (call $is_ready (i64.const 0) (i32.const 0x230)))
    (call $deep (local.get $p) (i32.add (local.get $l) (i32.const 1)))))
