;; loop_callee.wat: a launchable module whose `spin` never returns, for fuel
;; budgets on launched functions. ark_alloc is a bump allocator; ark_free is a no-op.
(module
  (memory (export "memory") 1)
  (global $next (mut i32) (i32.const 1024))
  (func (export "ark_alloc") (param $size i32) (param $align i32) (result i32)
    (local $ptr i32)
    ;; round up to the alignment (a power of two; 0 counts as 1)
    (if (i32.eqz (local.get $align)) (then (local.set $align (i32.const 1))))
    (local.set $ptr
      (i32.and
        (i32.add (global.get $next) (i32.sub (local.get $align) (i32.const 1)))
        (i32.sub (i32.const 0) (local.get $align))))
    (global.set $next (i32.add (local.get $ptr) (local.get $size)))
    ;; grow when the bump pointer passes the end of memory
    (block $fits
      (br_if $fits (i32.le_u (global.get $next) (i32.mul (memory.size) (i32.const 65536))))
      (if (i32.eq
            (memory.grow (i32.add (i32.shr_u (i32.sub (global.get $next) (i32.mul (memory.size) (i32.const 65536))) (i32.const 16)) (i32.const 1)))
            (i32.const -1))
        (then (unreachable))))
    (local.get $ptr))
  (func (export "ark_free") (param i32 i32 i32))
  (func (export "spin") (param $ptr i32) (param $len i32) (result i32)
    (loop $forever (br $forever))
    (i32.const 0)))
