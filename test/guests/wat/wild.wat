;; wild.wat: an applet whose first update calls every module-run-v0 import with
;; wild arguments and stores each returned code as i32 LE at 4*slot (slot 0 up).
;; A test reads them through `memory` and `results_len()` (the number of slots).
;;
;; Slots (expected code with a well-behaved host and no injected faults):
;;   0  create_function fn_type 2                                  -> 5
;;   1  create_function fn_type 0xFFFFFFFF                         -> 5
;;   2  create_function module ptr 0xFFFFFFFF len 1                -> 5
;;   3  create_function name ptr 0xFFFFFFFF len 4                  -> 5
;;   4  create_function name len 0x7FFFFFFF                        -> 5
;;   5  create_function out ptr memory end - 4 (8-byte out)        -> 5
;;   6  create_function out ptr 0xFFFFFFFF                         -> 5
;;   7  create_function invalid UTF-8 name                         -> 5
;;   8  create_function invalid UTF-8 module                       -> 5
;;   9  create_function name ptr 0xFFFFFFF0 len 64 (wraps)         -> 5
;;  10  remove_function handle 0                                   -> 5
;;  11  remove_function handle 0xFFFFFFFF_FFFFFFFF                 -> 5
;;  12  create_function NamedModule "callee" "echo", out 0x500     -> 0 (handle at 0x500)
;;  13  launch input ptr 0xFFFFFFFF len 4                          -> 5
;;  14  launch input len 0x7FFFFFFF                                -> 5
;;  15  launch out ptr memory end - 4                              -> 5
;;  16  launch out ptr 0xFFFFFFFF                                  -> 5
;;  17-20  blocking_launch, same four                              -> 5
;;  21  launch unknown handle (see below)                          -> 5
;;  22  blocking_launch unknown handle                             -> 5
;;  23  launch valid echo "wild", out 0x508                        -> 0 (request at 0x508)
;;  24  is_ready(request) out ptr memory end - 4                   -> 5
;;  25  is_ready(request) out ptr 0xFFFFFFFF                       -> 5
;;  26  is_ready unknown handle                                    -> 5
;;  27  is_ready handle 0                                          -> 5
;;  28  retrieve(request) buffer ptr 0xFFFFFFFF len 4              -> 5 (or 7 if checked after readiness)
;;  29  retrieve(request) buffer len 0x7FFFFFFF                    -> 5 (or 7)
;;  30  retrieve(request) buffer ptr memory end - 4, len 8         -> 5 (or 7)
;;  31  retrieve unknown handle                                    -> 5
;;  32  remove_function(handle from slot 12)                       -> 0
;;
;; The unknown handle is 0xdeadbeef, or the next value up that is not a handle
;; this applet got (the function of slot 12, the request of slot 23): a host may
;; issue any nonzero u64, so "never issued" cannot be a constant. Slot 11's
;; u64 max comes before any handle is issued here, so it is unknown whatever it is.
;;
;; Sentinels: 0x100..0x200 and the last 16 bytes of memory are 0xAA. Calls that
;; fail point their out pointers at 0x180 or at memory end - 4; every one of
;; them fails, so a correct host leaves both sentinel regions all 0xAA.
(module
  (import "ark-module-run-v0" "module_run__create_function"
    (func $create (param i32 i32 i32 i32 i32 i32) (result i32)))
  (import "ark-module-run-v0" "module_run__remove_function"
    (func $remove (param i64) (result i32)))
  (import "ark-module-run-v0" "module_run__blocking_launch"
    (func $blocking (param i64 i32 i32 i32) (result i32)))
  (import "ark-module-run-v0" "module_run__launch"
    (func $launch (param i64 i32 i32 i32) (result i32)))
  (import "ark-module-run-v0" "module_run__is_ready"
    (func $is_ready (param i64 i32) (result i32)))
  (import "ark-module-run-v0" "module_run__retrieve"
    (func $retrieve (param i64 i32 i32) (result i32)))

  (memory (export "memory") 1)
  (global $slot (mut i32) (i32.const 0))
  (global $ran (mut i32) (i32.const 0))

  ;; 0x100..0x200: sentinel, 0x180 is the out pointer of failing calls.
  (data (i32.const 0x100)
    "\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa"
    "\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa"
    "\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa"
    "\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa"
    "\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa"
    "\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa"
    "\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa"
    "\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa")
  ;; Last 16 bytes of the one-page memory.
  (data (i32.const 0xFFF0) "\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa")
  (data (i32.const 0x300) "callee")        ;; 6 bytes
  (data (i32.const 0x310) "echo")          ;; 4 bytes
  (data (i32.const 0x320) "e\ff\feo")      ;; invalid UTF-8, 4 bytes
  (data (i32.const 0x330) "wild")          ;; input, 4 bytes

  (func $record (param $code i32)
    (i32.store (i32.mul (global.get $slot) (i32.const 4)) (local.get $code))
    (global.set $slot (i32.add (global.get $slot) (i32.const 1))))

  (func $end4 (result i32)
    (i32.sub (i32.mul (memory.size) (i32.const 65536)) (i32.const 4)))

  (func (export "results_len") (result i32) (global.get $slot))

  ;; 0xdeadbeef, or the first value above it that is neither $a nor $b.
  (func $unknown (param $a i64) (param $b i64) (result i64)
    (local $h i64)
    (local.set $h (i64.const 0xdeadbeef))
    (block $found
      (loop $next
        (br_if $found (i32.and (i64.ne (local.get $h) (local.get $a)) (i64.ne (local.get $h) (local.get $b))))
        (local.set $h (i64.add (local.get $h) (i64.const 1)))
        (br $next)))
    (local.get $h))

  (func (export "ark_applet_update")
    (local $fn i64) (local $req i64)
    (if (global.get $ran) (then (return)))
    (global.set $ran (i32.const 1))

    ;; create_function
    (call $record (call $create (i32.const 2) (i32.const 0x300) (i32.const 6) (i32.const 0x310) (i32.const 4) (i32.const 0x180)))
    (call $record (call $create (i32.const -1) (i32.const 0x300) (i32.const 6) (i32.const 0x310) (i32.const 4) (i32.const 0x180)))
    (call $record (call $create (i32.const 1) (i32.const -1) (i32.const 1) (i32.const 0x310) (i32.const 4) (i32.const 0x180)))
    (call $record (call $create (i32.const 1) (i32.const 0x300) (i32.const 6) (i32.const -1) (i32.const 4) (i32.const 0x180)))
    (call $record (call $create (i32.const 1) (i32.const 0x300) (i32.const 6) (i32.const 0x310) (i32.const 0x7FFFFFFF) (i32.const 0x180)))
    (call $record (call $create (i32.const 1) (i32.const 0x300) (i32.const 6) (i32.const 0x310) (i32.const 4) (call $end4)))
    (call $record (call $create (i32.const 1) (i32.const 0x300) (i32.const 6) (i32.const 0x310) (i32.const 4) (i32.const -1)))
    (call $record (call $create (i32.const 1) (i32.const 0x300) (i32.const 6) (i32.const 0x320) (i32.const 4) (i32.const 0x180)))
    (call $record (call $create (i32.const 1) (i32.const 0x320) (i32.const 4) (i32.const 0x310) (i32.const 4) (i32.const 0x180)))
    (call $record (call $create (i32.const 1) (i32.const 0x300) (i32.const 6) (i32.const 0xFFFFFFF0) (i32.const 64) (i32.const 0x180)))

    ;; remove_function
    (call $record (call $remove (i64.const 0)))
    (call $record (call $remove (i64.const -1)))

    ;; a valid function handle for the launch cases
    (call $record (call $create (i32.const 1) (i32.const 0x300) (i32.const 6) (i32.const 0x310) (i32.const 4) (i32.const 0x500)))
    (local.set $fn (i64.load (i32.const 0x500)))

    ;; launch
    (call $record (call $launch (local.get $fn) (i32.const -1) (i32.const 4) (i32.const 0x180)))
    (call $record (call $launch (local.get $fn) (i32.const 0x330) (i32.const 0x7FFFFFFF) (i32.const 0x180)))
    (call $record (call $launch (local.get $fn) (i32.const 0x330) (i32.const 4) (call $end4)))
    (call $record (call $launch (local.get $fn) (i32.const 0x330) (i32.const 4) (i32.const -1)))
    ;; blocking_launch
    (call $record (call $blocking (local.get $fn) (i32.const -1) (i32.const 4) (i32.const 0x180)))
    (call $record (call $blocking (local.get $fn) (i32.const 0x330) (i32.const 0x7FFFFFFF) (i32.const 0x180)))
    (call $record (call $blocking (local.get $fn) (i32.const 0x330) (i32.const 4) (call $end4)))
    (call $record (call $blocking (local.get $fn) (i32.const 0x330) (i32.const 4) (i32.const -1)))
    ;; unknown handles
    (call $record (call $launch (call $unknown (local.get $fn) (local.get $fn)) (i32.const 0x330) (i32.const 4) (i32.const 0x180)))
    (call $record (call $blocking (call $unknown (local.get $fn) (local.get $fn)) (i32.const 0x330) (i32.const 4) (i32.const 0x180)))

    ;; a valid request for the is_ready / retrieve cases
    (call $record (call $launch (local.get $fn) (i32.const 0x330) (i32.const 4) (i32.const 0x508)))
    (local.set $req (i64.load (i32.const 0x508)))

    ;; is_ready
    (call $record (call $is_ready (local.get $req) (call $end4)))
    (call $record (call $is_ready (local.get $req) (i32.const -1)))
    (call $record (call $is_ready (call $unknown (local.get $fn) (local.get $req)) (i32.const 0x180)))
    (call $record (call $is_ready (i64.const 0) (i32.const 0x180)))
    ;; retrieve
    (call $record (call $retrieve (local.get $req) (i32.const -1) (i32.const 4)))
    (call $record (call $retrieve (local.get $req) (i32.const 0x330) (i32.const 0x7FFFFFFF)))
    (call $record (call $retrieve (local.get $req) (call $end4) (i32.const 8)))
    (call $record (call $retrieve (call $unknown (local.get $fn) (local.get $req)) (i32.const 0x180) (i32.const 0)))

    (call $record (call $remove (local.get $fn)))))
