;; depth.wat: fixture for the call-depth limit of sim/wasm/fuel.ts, not an Ark guest.
;; Each export recurses `n` levels, leaving its frames by another way, so a test can
;; check that the depth counter is back to 0 after every one, and that recursion
;; deeper than the limit traps. Built with --enable-tail-call --enable-exceptions.
(module
  (type $unary (func (param i32) (result i32)))
  (table 1 funcref)
  (elem (i32.const 0) $tail_indirect)
  (tag $bottom (param i32))
  ;; falls off its end (n + 1 frames deep at the bottom)
  (func $down (export "down") (param $n i32) (result i32)
    (if (result i32) (i32.eqz (local.get $n))
      (then (i32.const 0))
      (else (i32.add (call $down (i32.sub (local.get $n) (i32.const 1))) (i32.const 1)))))
  ;; leaves by `return`
  (func $down_return (export "down_return") (param $n i32) (result i32)
    (if (i32.eqz (local.get $n)) (then (return (i32.const 0))))
    (return (i32.add (call $down_return (i32.sub (local.get $n) (i32.const 1))) (i32.const 1))))
  ;; leaves by a branch to the function's label
  (func $down_br (export "down_br") (param $n i32) (result i32)
    (i32.const 0)
    (br_if 0 (i32.eqz (local.get $n)))
    (drop)
    (i32.add (call $down_br (i32.sub (local.get $n) (i32.const 1))) (i32.const 1)))
  ;; tail calls: the depth never grows
  (func $tail (export "tail") (param $n i32) (result i32)
    (if (i32.eqz (local.get $n)) (then (return (i32.const 0))))
    (return_call $tail (i32.sub (local.get $n) (i32.const 1))))
  (func $tail_indirect (export "tail_indirect") (param $n i32) (result i32)
    (if (i32.eqz (local.get $n)) (then (return (i32.const 0))))
    (return_call_indirect (type $unary) (i32.sub (local.get $n) (i32.const 1)) (i32.const 0)))
  ;; two results: the wrapping block carries both
  (func $pair (export "pair") (param $n i32) (result i32 i32)
    (if (result i32 i32) (i32.eqz (local.get $n))
      (then (i32.const 0) (i32.const 0))
      (else (call $pair (i32.sub (local.get $n) (i32.const 1))) (i32.add (i32.const 1)))))
  ;; throws from the bottom of the recursion; `caught` catches it n frames up
  (func $throw_at_bottom (param $n i32)
    (if (i32.eqz (local.get $n)) (then (throw $bottom (i32.const 42))))
    (call $throw_at_bottom (i32.sub (local.get $n) (i32.const 1))))
  (func (export "caught") (param $n i32) (result i32)
    (local $got i32)
    (try (do (call $throw_at_bottom (local.get $n))) (catch $bottom (local.set $got)))
    (try (do (call $throw_at_bottom (local.get $n))) (catch_all (local.set $got (i32.add (local.get $got) (i32.const 1)))))
    ;; the frames the exception unwound are not counted: this recursion may go as deep as from the start
    (i32.add (local.get $got) (call $down (local.get $n)))))
