;; A launchable Ark module using SIMD (0xFD), for the fuel instrumentation: every kind
;; of SIMD immediate (memarg, memarg + lane, 16-byte constant and shuffle, lane index)
;; and the immediate-free kinds, inside a loop (a fuel checkpoint), in a global's
;; initialiser, and in v128 parameters and locals (two stack slots each). rustc's
;; `-C target-feature=+simd128` emits these same instructions.
;;
;;   mix(ptr, len) -> 0   output: each 16-byte block of the input transformed
;;   probe(x) -> i32      a deterministic mix of every immediate kind, for comparing
;;                        metered and unmetered runs
;;   down(n) -> i32       recursion with a v128 parameter and local, n frames deep
(module
  (import "ark-core-v0" "core__return_slice" (func $return_slice (param i32 i32 i32) (result i32)))
  (memory (export "memory") 2)
  (global $bias (mut v128) (v128.const i32x4 7 7 7 7))

  (func (export "ark_alloc") (param $len i32) (param $align i32) (result i32)
    i32.const 4096)
  (func (export "ark_free") (param i32 i32 i32))

  ;; out[i..i+16] = shuffle(in[i..i+16] * 3 + bias), for each whole block; a short tail is copied.
  (func (export "mix") (param $ptr i32) (param $len i32) (result i32)
    (local $i i32) (local $v v128)
    (block $done
      (loop $blocks
        (br_if $done (i32.gt_u (i32.add (local.get $i) (i32.const 16)) (local.get $len)))
        (local.set $v (v128.load align=1 (i32.add (local.get $ptr) (local.get $i))))
        (local.set $v (i8x16.add (i8x16.add (i8x16.add (local.get $v) (local.get $v)) (local.get $v)) (global.get $bias)))
        (v128.store offset=32768 align=1
          (local.get $i)
          (i8x16.shuffle 15 14 13 12 11 10 9 8 7 6 5 4 3 2 1 0 (local.get $v) (local.get $v)))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $blocks)))
    (memory.copy
      (i32.add (i32.const 32768) (local.get $i))
      (i32.add (local.get $ptr) (local.get $i))
      (i32.sub (local.get $len) (local.get $i)))
    (drop (call $return_slice (i32.const 32768) (local.get $len) (local.get $len)))
    i32.const 0)

  (func (export "probe") (param $x i32) (result i32)
    (local $v v128)
    (i32.store (i32.const 64) (local.get $x))
    (i32.store (i32.const 68) (i32.mul (local.get $x) (i32.const 31)))
    (local.set $v (v128.load32_splat (i32.const 64)))
    (local.set $v (i32x4.add (local.get $v) (v128.load8x8_s offset=4 (i32.const 64))))
    (local.set $v (v128.xor (local.get $v) (v128.load32_zero (i32.const 68))))
    (local.set $v (i64x2.add (local.get $v) (v128.load64_zero (i32.const 64))))
    (local.set $v (v128.load8_lane 3 (i32.const 65) (local.get $v)))
    (v128.store32_lane 2 (i32.const 80) (local.get $v))
    (local.set $v (i8x16.replace_lane 9 (local.get $v) (i32.load (i32.const 80))))
    (local.set $v (i8x16.swizzle (local.get $v) (v128.const i8x16 3 1 4 1 5 9 2 6 5 3 5 8 9 7 9 3)))
    (local.set $v (i32x4.mul (local.get $v) (i32x4.splat (i32.const 2654435761))))
    (i32.add
      (i32.add (i32x4.extract_lane 0 (local.get $v)) (i32x4.extract_lane 3 (local.get $v)))
      (i32.add
        (i32.trunc_f64_s (f64x2.extract_lane 1 (f64x2.convert_low_i32x4_s (local.get $v))))
        (v128.any_true (local.get $v)))))

  (func $down (export "down") (param $n i32) (result i32)
    (call $step (local.get $n) (v128.const i64x2 1 2)))
  (func $step (param $n i32) (param $acc v128) (result i32)
    (local $next v128)
    (if (result i32) (i32.eqz (local.get $n))
      (then (i32x4.extract_lane 0 (local.get $acc)))
      (else
        (local.set $next (i64x2.add (local.get $acc) (local.get $acc)))
        (call $step (i32.sub (local.get $n) (i32.const 1)) (local.get $next))))))
