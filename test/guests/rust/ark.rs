//! The Ark module-run-v0 ABI exactly as ark-api-ffi 0.17 lowers it, plus thin
//! wrappers that hand back the raw `ErrorCode` so guests can check every answer.
//!
//! Shared by every Rust test guest through `#[path = "ark.rs"] mod ark;`.
#![allow(dead_code)]

use std::alloc::{alloc, dealloc, Layout};
use std::sync::Once;

pub const SUCCESS: u32 = 0;
pub const API_NOT_AVAILABLE: u32 = 2;
pub const INTERNAL_ERROR: u32 = 4;
pub const INVALID_ARGUMENTS: u32 = 5;
pub const NOT_FOUND: u32 = 6;
pub const UNAVAILABLE: u32 = 7;

pub const OWN_MODULE: u32 = 0;
pub const NAMED_MODULE: u32 = 1;

pub mod ffi {
    #[link(wasm_import_module = "ark-module-run-v0")]
    extern "C" {
        pub fn module_run__create_function(
            fn_type: u32,
            fn_module_ptr: u32,
            fn_module_len: u32,
            fn_name_ptr: u32,
            fn_name_len: u32,
            out_fn_handle_ptr: u32,
        ) -> u32;
        pub fn module_run__remove_function(fn_handle: u64) -> u32;
        pub fn module_run__blocking_launch(
            fn_handle: u64,
            input_ptr: u32,
            input_len: u32,
            out_request_ptr: u32,
        ) -> u32;
        pub fn module_run__launch(
            fn_handle: u64,
            input_ptr: u32,
            input_len: u32,
            out_request_ptr: u32,
        ) -> u32;
        pub fn module_run__is_ready(request: u64, out_is_ready_ptr: u32) -> u32;
        pub fn module_run__retrieve(request: u64, out_buffer_ptr: u32, out_buffer_len: u32) -> u32;
    }

    #[link(wasm_import_module = "ark-core-v0")]
    extern "C" {
        pub fn core__return_slice(ptr: u32, len: u32, size: u32) -> u32;
    }

    #[link(wasm_import_module = "ark-core-v2")]
    extern "C" {
        pub fn core__register_panic(
            msg_ptr: u32,
            msg_len: u32,
            file_ptr: u32,
            file_len: u32,
            line: u32,
            column: u32,
        ) -> u32;
    }
}

static HOOK: Once = Once::new();

/// Installs the panic hook; every export calls this first because the host may
/// not call `ark_initialize` (applets) before the first entry.
pub fn init() {
    HOOK.call_once(|| {
        std::panic::set_hook(Box::new(|info| {
            let payload = info.payload();
            let msg: &str = if let Some(s) = payload.downcast_ref::<&str>() {
                s
            } else if let Some(s) = payload.downcast_ref::<String>() {
                s.as_str()
            } else {
                "Box<dyn Any>"
            };
            let (file, line, column) = match info.location() {
                Some(l) => (l.file(), l.line(), l.column()),
                None => ("<unknown>", 0, 0),
            };
            unsafe {
                ffi::core__register_panic(
                    ptr_of(msg.as_bytes()),
                    msg.len() as u32,
                    ptr_of(file.as_bytes()),
                    file.len() as u32,
                    line,
                    column,
                );
            }
            // Like ark-api: report, then trap (panic=abort would too, but make it explicit).
            core::arch::wasm32::unreachable()
        }));
    });
}

pub fn ptr_of(bytes: &[u8]) -> u32 {
    bytes.as_ptr() as u32
}

/// Byte size of the linear memory right now.
pub fn memory_end() -> u32 {
    (core::arch::wasm32::memory_size(0) as u32).wrapping_mul(65536)
}

// ---- entrypoints a launched module exports (ark-api-ffi `entrypoints`) ----

#[no_mangle]
pub extern "C" fn ark_alloc(size: u32, align: u32) -> u32 {
    init();
    if size == 0 {
        return align.max(1);
    }
    match Layout::from_size_align(size as usize, align.max(1) as usize) {
        Ok(layout) => unsafe { alloc(layout) as u32 },
        Err(_) => 0,
    }
}

#[no_mangle]
pub extern "C" fn ark_free(ptr: u32, size: u32, align: u32) {
    if size == 0 || ptr == 0 {
        return;
    }
    if let Ok(layout) = Layout::from_size_align(size as usize, align.max(1) as usize) {
        unsafe { dealloc(ptr as *mut u8, layout) }
    }
}

// ---- output of a launched function ----

static mut OUTPUT: Vec<u8> = Vec::new();

/// Keeps `bytes` alive until the next call (the host may read them when the
/// function returns) and reports them through `core__return_slice`.
pub fn return_bytes(bytes: Vec<u8>) {
    unsafe {
        OUTPUT = bytes;
        let out = &*core::ptr::addr_of!(OUTPUT);
        ffi::core__return_slice(ptr_of(out), out.len() as u32, out.len() as u32);
    }
}

/// Input slice of a launched function.
pub unsafe fn input<'a>(ptr: u32, len: u32) -> &'a [u8] {
    if len == 0 {
        &[]
    } else {
        core::slice::from_raw_parts(ptr as *const u8, len as usize)
    }
}

// ---- raw-code wrappers over module-run-v0 ----

pub fn create_function(fn_type: u32, module: &[u8], name: &[u8]) -> Result<u64, u32> {
    let mut out = [0u8; 8];
    let code = unsafe {
        ffi::module_run__create_function(
            fn_type,
            ptr_of(module),
            module.len() as u32,
            ptr_of(name),
            name.len() as u32,
            out.as_mut_ptr() as u32,
        )
    };
    if code == SUCCESS {
        Ok(u64::from_le_bytes(out))
    } else {
        Err(code)
    }
}

pub fn remove_function(handle: u64) -> u32 {
    unsafe { ffi::module_run__remove_function(handle) }
}

pub fn launch(handle: u64, input: &[u8]) -> Result<u64, u32> {
    let mut out = [0u8; 8];
    let code = unsafe {
        ffi::module_run__launch(handle, ptr_of(input), input.len() as u32, out.as_mut_ptr() as u32)
    };
    if code == SUCCESS {
        Ok(u64::from_le_bytes(out))
    } else {
        Err(code)
    }
}

pub fn blocking_launch(handle: u64, input: &[u8]) -> Result<u64, u32> {
    let mut out = [0u8; 8];
    let code = unsafe {
        ffi::module_run__blocking_launch(handle, ptr_of(input), input.len() as u32, out.as_mut_ptr() as u32)
    };
    if code == SUCCESS {
        Ok(u64::from_le_bytes(out))
    } else {
        Err(code)
    }
}

/// `IsReady` as the host wrote it: the 8 raw bytes are checked for the layout
/// (byte 0 is 0 or 1, padding bytes 1-3 are 0) before decoding.
pub fn is_ready(request: u64) -> Result<(bool, u32), u32> {
    let mut out = [0xAAu8; 8];
    let code = unsafe { ffi::module_run__is_ready(request, out.as_mut_ptr() as u32) };
    if code != SUCCESS {
        return Err(code);
    }
    if out[0] > 1 || out[1] != 0 || out[2] != 0 || out[3] != 0 {
        panic!("is_ready wrote a malformed IsReady: {:?}", out);
    }
    Ok((out[0] == 1, u32::from_le_bytes([out[4], out[5], out[6], out[7]])))
}

pub fn retrieve(request: u64, len: u32) -> Result<Vec<u8>, u32> {
    let mut buf = vec![0u8; len as usize];
    let code = unsafe { ffi::module_run__retrieve(request, buf.as_mut_ptr() as u32, len) };
    if code == SUCCESS {
        Ok(buf)
    } else {
        Err(code)
    }
}

pub fn code_name(code: u32) -> &'static str {
    match code {
        0 => "Success",
        2 => "ApiNotAvailable",
        4 => "InternalError",
        5 => "InvalidArguments",
        6 => "NotFound",
        7 => "Unavailable",
        8 => "HttpRequestFailed",
        _ => "<unknown code>",
    }
}
