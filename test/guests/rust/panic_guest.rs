//! `panic_guest`: an applet that panics on its 3rd frame, so a host must report
//! the message "guest gave up at frame 3" with this file's location.

#[path = "ark.rs"]
mod ark;

use std::sync::atomic::{AtomicU32, Ordering};

static FRAME: AtomicU32 = AtomicU32::new(0);

#[no_mangle]
pub extern "C" fn ark_applet_update() {
    ark::init();
    let frame = FRAME.fetch_add(1, Ordering::SeqCst) + 1;
    if frame == 3 {
        panic!("guest gave up at frame {}", frame);
    }
}
