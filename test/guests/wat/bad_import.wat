;; bad_import.wat: imports a module-run-v0 function that does not exist; a
;; loader must reject it with an error naming "ark-module-run-v0" and
;; "module_run__teleport" (never a bare link error).
(module
  (import "ark-module-run-v0" "module_run__teleport"
    (func $teleport (param i64 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "ark_applet_update")
    (drop (call $teleport (i64.const 1) (i32.const 0) (i32.const 0)))))
