;; loop.wat: an applet whose update never returns, for fuel budgets.
;; `iterations` counts loop turns, so a test can check that a fuel budget stops
;; it after exactly the same number of turns every time.
(module
  (memory (export "memory") 1)
  (global $iterations (export "iterations") (mut i32) (i32.const 0))
  (func (export "ark_applet_update")
    (loop $forever
      (global.set $iterations (i32.add (global.get $iterations) (i32.const 1)))
      (br $forever))))
