;; indices.wat: not an Ark guest but a fixture for the fuel instrumentation
;; tests. It refers to functions by index in every way a module can (calls,
;; call_indirect through active/passive element segments, ref.func in code, in
;; element expressions and in a global initialiser, exports and a start
;; function), so renumbering mistakes change what `run` returns.
;; Uses multi-value blocks, bulk memory, sign extension and saturating truncation.
(module
  (import "env" "log" (func $log (param i32)))
  (import "env" "base" (global $base i32))
  (import "env" "twice" (func $twice (param i32) (result i32)))
  (type $unary (func (param i32) (result i32)))
  (memory (export "memory") 1)
  (table $t 8 funcref)
  (table $u 4 funcref)
  (global $started (export "started") (mut i32) (i32.const 0))
  (global $fref funcref (ref.func $add100))

  (elem (table $t) (i32.const 0) func $add1 $add10)
  (elem $passive func $add100 $neg)
  (elem (table $u) (i32.const 0) funcref (ref.func $neg) (ref.null func))
  (elem declare func $sq)

  (func $add1 (type $unary) (i32.add (local.get 0) (i32.const 1)))
  (func $add10 (type $unary) (i32.add (local.get 0) (i32.const 10)))
  (func $add100 (type $unary) (i32.add (local.get 0) (i32.const 100)))
  (func $neg (type $unary) (i32.sub (i32.const 0) (local.get 0)))
  (func $sq (type $unary) (i32.mul (local.get 0) (local.get 0)))

  (func $init
    (global.set $started (i32.add (global.get $base) (i32.const 1)))
    (call $log (i32.const -1)))
  (start $init)

  ;; multi-value: a loop carrying two values, summing 1..n
  (func $sum_to (export "sum_to") (param $n i32) (result i32)
    (local $i i32)
    (i32.const 0) (i32.const 0)
    (loop $l (param i32 i32) (result i32 i32)
      (local.set $i)
      (i32.add (local.get $i))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (local.get $i)
      (br_if $l (i32.le_s (local.get $i) (local.get $n)))
      (drop) (local.get $i))
    (drop))

  (func (export "run") (result i32)
    (local $acc i32)
    (table.init $t $passive (i32.const 2) (i32.const 0) (i32.const 2))
    (table.set $t (i32.const 4) (ref.func $sq))
    (table.set $t (i32.const 5) (global.get $fref))
    (local.set $acc (call_indirect $t (type $unary) (i32.const 1) (i32.const 0)))     ;; add1(1)      = 2
    (local.set $acc (call_indirect $t (type $unary) (local.get $acc) (i32.const 1)))  ;; add10        = 12
    (local.set $acc (call_indirect $t (type $unary) (local.get $acc) (i32.const 2)))  ;; add100       = 112
    (local.set $acc (call_indirect $t (type $unary) (local.get $acc) (i32.const 3)))  ;; neg          = -112
    (local.set $acc (call_indirect $u (type $unary) (local.get $acc) (i32.const 0)))  ;; neg          = 112
    (local.set $acc (call_indirect $t (type $unary) (i32.const 3) (i32.const 4)))     ;; sq(3)        = 9
    (local.set $acc (i32.add (local.get $acc)
      (call_indirect $t (type $unary) (i32.const 0) (i32.const 5))))                 ;; + add100(0)  = 109
    (local.set $acc (call $twice (local.get $acc)))                                  ;; host twice   = 218
    (local.set $acc (i32.add (local.get $acc) (call $sum_to (i32.const 4))))        ;; + 10         = 228
    ;; bulk memory, sign extension, saturating truncation
    (memory.fill (i32.const 16) (i32.const 0xff) (i32.const 4))
    (memory.copy (i32.const 32) (i32.const 16) (i32.const 4))
    (local.set $acc (i32.add (local.get $acc) (i32.extend8_s (i32.load8_u (i32.const 35))))) ;; -1 = 227
    (local.set $acc (i32.add (local.get $acc) (i32.trunc_sat_f32_s (f32.const 1e20))))       ;; + 2^31-1 wraps
    (call $log (local.get $acc))
    (local.get $acc))

  (func (export "add1") (param i32) (result i32) (call $add1 (local.get 0))))
