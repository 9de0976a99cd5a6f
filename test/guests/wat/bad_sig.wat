;; bad_sig.wat: imports module_run__is_ready with a wrong signature
;; (i32 i32) -> i32 instead of (i64 i32) -> i32; a loader must reject it naming
;; the import and the expected signature.
(module
  (import "ark-module-run-v0" "module_run__is_ready"
    (func $is_ready (param i32 i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "ark_applet_update")
    (drop (call $is_ready (i32.const 1) (i32.const 0)))))
