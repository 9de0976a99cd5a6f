;; indices_ext.wat: fuel-test fixture for tail calls and (legacy) exception
;; handling, which rustc does not emit but the instrumenter still rewrites.
;; Built with --enable-tail-call --enable-exceptions.
(module
  (import "env" "log" (func $log (param i32)))
  (tag $oops (param i32))
  (func $count_down (param $n i32) (param $acc i32) (result i32)
    (if (result i32) (i32.eqz (local.get $n))
      (then (local.get $acc))
      (else (return_call $count_down
        (i32.sub (local.get $n) (i32.const 1))
        (i32.add (local.get $acc) (local.get $n))))))
  (func $thrower (param i32)
    (call $log (local.get 0))
    (throw $oops (local.get 0)))
  (func (export "run") (param $n i32) (result i32)
    (local $caught i32)
    (try
      (do (call $thrower (local.get $n)))
      (catch $oops (local.set $caught)))
    (try
      (do
        (try (do (call $thrower (i32.const 7))) (delegate 0)))
      (catch_all (local.set $caught (i32.add (local.get $caught) (i32.const 100)))))
    (i32.add (local.get $caught) (call $count_down (local.get $n) (i32.const 0)))))
