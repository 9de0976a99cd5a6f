;; own_applet.wat: an applet that also exports the entrypoints (memory, ark_alloc,
;; ark_free) and a launchable `upper`, so it is a launchable module under its own name.
;; Its first update creates OwnModule "upper", blocking-launches it on "abc" and
;; retrieves the output to 0x300; the codes of create_function, blocking_launch and
;; retrieve are stored as i32 LE at 0x400, 0x404 and 0x408. `done()` is 1 after that.
(module
  (import "ark-module-run-v0" "module_run__create_function" (func $create (param i32 i32 i32 i32 i32 i32) (result i32)))
  (import "ark-module-run-v0" "module_run__blocking_launch" (func $blocking (param i64 i32 i32 i32) (result i32)))
  (import "ark-module-run-v0" "module_run__retrieve" (func $retrieve (param i64 i32 i32) (result i32)))
  (import "ark-core-v0" "core__return_slice" (func $ret (param i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (global $next (mut i32) (i32.const 4096))
  (global $done (mut i32) (i32.const 0))
  (data (i32.const 0x100) "upper")
  (data (i32.const 0x110) "abc")
  (func (export "ark_alloc") (param $size i32) (param $align i32) (result i32)
    (local $ptr i32)
    (local.set $ptr (global.get $next))
    (global.set $next (i32.add (global.get $next) (local.get $size)))
    (local.get $ptr))
  (func (export "ark_free") (param i32 i32 i32))
  (func (export "upper") (param $p i32) (param $l i32) (result i32)
    ;; ASCII lower case to upper case, in place
    (local $i i32)
    (block $end
      (loop $each
        (br_if $end (i32.ge_u (local.get $i) (local.get $l)))
        (i32.store8 (i32.add (local.get $p) (local.get $i))
          (i32.sub (i32.load8_u (i32.add (local.get $p) (local.get $i))) (i32.const 32)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $each)))
    (drop (call $ret (local.get $p) (local.get $l) (local.get $l)))
    (i32.const 0))
  (func (export "ark_applet_update")
    (if (global.get $done) (then (return)))
    (i32.store (i32.const 0x400) (call $create (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0x100) (i32.const 5) (i32.const 0x200)))
    (i32.store (i32.const 0x404) (call $blocking (i64.load (i32.const 0x200)) (i32.const 0x110) (i32.const 3) (i32.const 0x208)))
    (i32.store (i32.const 0x408) (call $retrieve (i64.load (i32.const 0x208)) (i32.const 0x300) (i32.const 3)))
    (global.set $done (i32.const 1)))
  (func (export "done") (result i32) (global.get $done)))
