//! `callee`: a module whose functions other guests launch (NamedModule "callee").
//! Every export is a ModuleRunFn `(input_ptr, input_len) -> ErrorCode`.

#[path = "ark.rs"]
mod ark;

use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};

static INITIALIZED: AtomicBool = AtomicBool::new(false);
/// Never written: `spin` waits on it, so the loop cannot be proven infinite and removed.
static mut SPIN_EXIT: u32 = 0;
static SPINS: AtomicU32 = AtomicU32::new(0);

#[no_mangle]
pub extern "C" fn ark_initialize() {
    ark::init();
    INITIALIZED.store(true, Ordering::SeqCst);
}

#[export_name = "echo"]
pub extern "C" fn echo(ptr: u32, len: u32) -> u32 {
    ark::init();
    let input = unsafe { ark::input(ptr, len) };
    ark::return_bytes(input.to_vec());
    ark::SUCCESS
}

#[export_name = "reverse"]
pub extern "C" fn reverse(ptr: u32, len: u32) -> u32 {
    ark::init();
    let mut out = unsafe { ark::input(ptr, len) }.to_vec();
    out.reverse();
    ark::return_bytes(out);
    ark::SUCCESS
}

#[export_name = "len"]
pub extern "C" fn input_len(_ptr: u32, len: u32) -> u32 {
    ark::init();
    ark::return_bytes(len.to_le_bytes().to_vec());
    ark::SUCCESS
}

/// Returns InternalError without any output.
#[export_name = "fail"]
pub extern "C" fn fail(_ptr: u32, _len: u32) -> u32 {
    ark::init();
    ark::INTERNAL_ERROR
}

#[export_name = "trap"]
pub extern "C" fn trap(_ptr: u32, _len: u32) -> u32 {
    ark::init();
    core::arch::wasm32::unreachable()
}

#[export_name = "panic"]
pub extern "C" fn do_panic(_ptr: u32, _len: u32) -> u32 {
    ark::init();
    panic!("callee panicked on purpose");
}

/// Launches its own `echo` with its input (blocking) and returns `nested:` + output.
#[export_name = "nested"]
pub extern "C" fn nested(ptr: u32, len: u32) -> u32 {
    ark::init();
    let input = unsafe { ark::input(ptr, len) }.to_vec();
    let handle = match ark::create_function(ark::OWN_MODULE, b"", b"echo") {
        Ok(h) => h,
        Err(c) => panic!("nested: create_function(OwnModule, \"\", \"echo\") returned {}", ark::code_name(c)),
    };
    let request = match ark::blocking_launch(handle, &input) {
        Ok(r) => r,
        Err(c) => panic!("nested: blocking_launch(echo) returned {}", ark::code_name(c)),
    };
    let size = match ark::is_ready(request) {
        Ok((true, size)) => size,
        Ok((false, _)) => panic!("nested: is_ready is false right after blocking_launch"),
        Err(c) => panic!("nested: is_ready returned {}", ark::code_name(c)),
    };
    let echoed = match ark::retrieve(request, size) {
        Ok(b) => b,
        Err(c) => panic!("nested: retrieve({} bytes) returned {}", size, ark::code_name(c)),
    };
    let removed = ark::remove_function(handle);
    if removed != ark::SUCCESS {
        panic!("nested: remove_function returned {}", ark::code_name(removed));
    }
    let mut out = b"nested:".to_vec();
    out.extend_from_slice(&echoed);
    ark::return_bytes(out);
    ark::SUCCESS
}

/// Launches its own `echo` without waiting and returns the request handle
/// (8 bytes LE); the function handle is left alive.
#[export_name = "nested_async"]
pub extern "C" fn nested_async(ptr: u32, len: u32) -> u32 {
    ark::init();
    let input = unsafe { ark::input(ptr, len) }.to_vec();
    let handle = match ark::create_function(ark::OWN_MODULE, b"", b"echo") {
        Ok(h) => h,
        Err(c) => panic!("nested_async: create_function returned {}", ark::code_name(c)),
    };
    match ark::launch(handle, &input) {
        Ok(request) => {
            ark::return_bytes(request.to_le_bytes().to_vec());
            ark::SUCCESS
        }
        Err(c) => c,
    }
}

/// Returns [1] if `ark_initialize` ran before this call, else [0].
#[export_name = "initialized"]
pub extern "C" fn initialized(_ptr: u32, _len: u32) -> u32 {
    ark::init();
    ark::return_bytes(vec![INITIALIZED.load(Ordering::SeqCst) as u8]);
    ark::SUCCESS
}

/// Never returns: for fuel budgets.
#[export_name = "spin"]
pub extern "C" fn spin(_ptr: u32, _len: u32) -> u32 {
    ark::init();
    while unsafe { core::ptr::read_volatile(core::ptr::addr_of!(SPIN_EXIT)) } == 0 {
        SPINS.fetch_add(1, Ordering::Relaxed);
    }
    ark::SUCCESS
}
