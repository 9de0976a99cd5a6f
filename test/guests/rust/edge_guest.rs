//! `edge_guest`: an applet that walks every edge case of the module-run-v0
//! contract (ABI.md part 2) against the module `callee`, one step per frame.
//!
//! It accepts every answer the contract allows (eager or deferred error timing,
//! any completion latency, any nonzero handle values, u64::MAX included, with
//! function and request handles free to share values) and panics, naming the
//! step and the call, on any other. `done()` is 1 once every step has run.

#[path = "ark.rs"]
mod ark;

use ark::{
    code_name, INTERNAL_ERROR, INVALID_ARGUMENTS, NAMED_MODULE, NOT_FOUND, OWN_MODULE, SUCCESS,
    UNAVAILABLE,
};

/// Where the search for a mid-range handle this guest never got starts.
const UNKNOWN_HANDLE_FROM: u64 = 0xdead_beef;
const WILD_PTR: u32 = 0xFFFF_FFF0;

#[derive(Clone, Debug)]
enum Expect {
    /// Launch succeeds; the result is exactly these bytes.
    Output(Vec<u8>),
    /// Either the launch call returns this code (eager), or the launch succeeds,
    /// `is_ready` turns true with size 0 and `retrieve` returns it (deferred).
    Error(u32),
    /// Launch succeeds; the result is a nonzero 8-byte LE handle.
    Handle,
}

/// Extra checks run once a request is ready, before the correct retrieve.
#[derive(Clone, Copy, PartialEq)]
enum Probe {
    None,
    /// retrieve with a wrong buffer length is InvalidArguments and keeps the result.
    WrongLength,
    /// retrieve/is_ready with out-of-range pointers is InvalidArguments and keeps it.
    BadPointers,
}

struct Pending {
    what: String,
    request: u64,
    expect: Expect,
    probe: Probe,
}

#[derive(Default)]
struct Handles {
    echo: u64,
    reverse: u64,
    len: u64,
    fail: u64,
    trap: u64,
    panic: u64,
    nested: u64,
    nested_async: u64,
    initialized: u64,
    own_missing: u64,
    missing_module: u64,
    missing_fn: u64,
}

struct Guest {
    step: usize,
    frame: u64,
    pending: Vec<Pending>,
    h: Handles,
    /// Every handle the host gave this guest, functions and requests alike: a
    /// "never issued" handle is picked outside it, since a host may issue any
    /// nonzero u64 and number the two kinds independently.
    received: Vec<u64>,
    done: bool,
}

static mut GUEST: Option<Guest> = None;

fn guest() -> &'static mut Guest {
    unsafe {
        let g = &mut *core::ptr::addr_of_mut!(GUEST);
        g.get_or_insert_with(|| Guest {
            step: 0,
            frame: 0,
            pending: Vec::new(),
            h: Handles::default(),
            received: Vec::new(),
            done: false,
        })
    }
}

type Step = fn(&mut Guest);

const STEPS: &[(&str, Step)] = &[
    ("create_function", step_create),
    ("is_ready/retrieve right after launch", step_immediate),
    ("retrieve with a wrong buffer length", step_wrong_length),
    ("NotFound", step_not_found),
    ("callee failures", step_failures),
    ("results", step_results),
    ("nested", step_nested),
    ("blocking_launch", step_blocking),
    ("remove_function", step_remove),
    ("unknown handles", step_unknown_handles),
    ("out-of-range pointers", step_bad_pointers),
    ("invalid fn_type and names", step_bad_arguments),
    ("many concurrent launches", step_many),
];

#[no_mangle]
pub extern "C" fn ark_applet_update() {
    ark::init();
    let g = guest();
    g.frame += 1;
    poll(g);
    if !g.pending.is_empty() || g.done {
        return;
    }
    if g.step < STEPS.len() {
        let (_, run) = STEPS[g.step];
        run(g);
        g.step += 1;
    } else {
        g.done = true;
    }
}

#[no_mangle]
pub extern "C" fn done() -> i32 {
    guest().done as i32
}

// ---- the generic launch / poll / check machinery ----

fn step_name(g: &Guest) -> &'static str {
    STEPS.get(g.step).map(|s| s.0).unwrap_or("?")
}

fn describe(expect: &Expect) -> String {
    match expect {
        Expect::Output(b) => format!("output {:?}", b),
        Expect::Error(c) => format!("{} (at launch or at retrieve)", code_name(*c)),
        Expect::Handle => "an 8-byte request handle".to_string(),
    }
}

fn create(g: &mut Guest, fn_type: u32, module: &str, name: &str) -> u64 {
    match ark::create_function(fn_type, module.as_bytes(), name.as_bytes()) {
        Ok(0) => panic!("[{}] create_function({}, {:?}, {:?}) returned handle 0", step_name(g), fn_type, module, name),
        Ok(h) => {
            g.received.push(h);
            h
        }
        Err(c) => panic!(
            "[{}] create_function({}, {:?}, {:?}) returned {}, expected Success (existence is a launch-time question)",
            step_name(g), fn_type, module, name, code_name(c)
        ),
    }
}

/// Launches and either resolves at once (eager error, blocking launch) or queues
/// the request to be polled every frame.
fn start(g: &mut Guest, what: &str, handle: u64, input: &[u8], expect: Expect, blocking: bool, probe: Probe) {
    let what = format!("[{}] {}", step_name(g), what);
    let call = if blocking { "blocking_launch" } else { "launch" };
    let result = if blocking { ark::blocking_launch(handle, input) } else { ark::launch(handle, input) };
    let request = match result {
        Err(code) => {
            match expect {
                Expect::Error(e) if e == code => return,
                _ => panic!("{}: {} returned {}, expected {}", what, call, code_name(code), describe(&expect)),
            }
        }
        Ok(0) => panic!("{}: {} returned request handle 0", what, call),
        Ok(r) => r,
    };
    g.received.push(request);
    let pending = Pending { what, request, expect, probe };
    if blocking {
        match ark::is_ready(request) {
            Ok((true, size)) => resolve(&pending, size),
            Ok((false, _)) => panic!("{}: is_ready is false right after blocking_launch", pending.what),
            Err(c) => panic!("{}: is_ready after blocking_launch returned {}", pending.what, code_name(c)),
        }
    } else {
        g.pending.push(pending);
    }
}

fn poll(g: &mut Guest) {
    let mut still = Vec::new();
    for p in g.pending.drain(..) {
        match ark::is_ready(p.request) {
            Ok((false, _)) => still.push(p),
            Ok((true, size)) => resolve(&p, size),
            Err(c) => panic!("{}: is_ready returned {} while the request was pending", p.what, code_name(c)),
        }
    }
    g.pending = still;
}

#[track_caller]
fn expect_code(what: &str, call: &str, got: u32, want: u32) {
    if got != want {
        panic!("{}: {} returned {}, expected {}", what, call, code_name(got), code_name(want));
    }
}

#[track_caller]
fn expect_err<T: core::fmt::Debug>(what: &str, call: &str, got: Result<T, u32>, want: u32) {
    match got {
        Err(c) if c == want => {}
        Err(c) => panic!("{}: {} returned {}, expected {}", what, call, code_name(c), code_name(want)),
        Ok(v) => panic!("{}: {} succeeded with {:?}, expected {}", what, call, v, code_name(want)),
    }
}

/// The request is ready with `size`: run the probes, retrieve, check, and check
/// that the request is consumed.
fn resolve(p: &Pending, size: u32) {
    let what = p.what.as_str();
    let expected_size = match &p.expect {
        Expect::Output(b) => b.len() as u32,
        Expect::Error(_) => 0,
        Expect::Handle => 8,
    };
    if size != expected_size {
        panic!("{}: is_ready is true with size {}, expected size {} for {}", what, size, expected_size, describe(&p.expect));
    }
    match p.probe {
        Probe::None => {}
        Probe::WrongLength => {
            expect_err(what, "retrieve(size + 1)", ark::retrieve(p.request, size + 1), INVALID_ARGUMENTS);
            if size > 0 {
                expect_err(what, "retrieve(size - 1)", ark::retrieve(p.request, size - 1), INVALID_ARGUMENTS);
            }
            match ark::is_ready(p.request) {
                Ok((true, s)) if s == size => {}
                other => panic!("{}: is_ready after a wrong-length retrieve returned {:?}, expected ready with size {}", what, other, size),
            }
        }
        Probe::BadPointers => {
            let end = ark::memory_end();
            let code = unsafe { ark::ffi::module_run__retrieve(p.request, end - 1, size) };
            expect_code(what, "retrieve(out_buffer past memory end)", code, INVALID_ARGUMENTS);
            let code = unsafe { ark::ffi::module_run__retrieve(p.request, WILD_PTR, size) };
            expect_code(what, "retrieve(out_buffer at 0xFFFF_FFF0)", code, INVALID_ARGUMENTS);
            let code = unsafe { ark::ffi::module_run__is_ready(p.request, end - 4) };
            expect_code(what, "is_ready(out at memory end - 4)", code, INVALID_ARGUMENTS);
        }
    }
    match (&p.expect, ark::retrieve(p.request, size)) {
        (Expect::Output(want), Ok(got)) if &got == want => {}
        (Expect::Output(want), Ok(got)) => panic!("{}: retrieve returned {:?}, expected {:?}", what, got, want),
        (Expect::Error(want), Err(c)) if c == *want => {}
        (Expect::Handle, Ok(got)) => {
            let mut b = [0u8; 8];
            b.copy_from_slice(&got);
            if u64::from_le_bytes(b) == 0 {
                panic!("{}: the returned request handle is 0", what);
            }
        }
        (e, Ok(got)) => panic!("{}: retrieve succeeded with {:?}, expected {}", what, got, describe(e)),
        (e, Err(c)) => panic!("{}: retrieve returned {}, expected {}", what, code_name(c), describe(e)),
    }
    // Consumed: by a successful retrieve and by one that returned a deferred error.
    expect_err(what, "a second retrieve", ark::retrieve(p.request, size), INVALID_ARGUMENTS);
    expect_err(what, "is_ready after retrieve", ark::is_ready(p.request), INVALID_ARGUMENTS);
}

// ---- the steps ----

fn step_create(g: &mut Guest) {
    g.h.echo = create(g, NAMED_MODULE, "callee", "echo");
    g.h.reverse = create(g, NAMED_MODULE, "callee", "reverse");
    g.h.len = create(g, NAMED_MODULE, "callee", "len");
    g.h.fail = create(g, NAMED_MODULE, "callee", "fail");
    g.h.trap = create(g, NAMED_MODULE, "callee", "trap");
    g.h.panic = create(g, NAMED_MODULE, "callee", "panic");
    g.h.nested = create(g, NAMED_MODULE, "callee", "nested");
    g.h.nested_async = create(g, NAMED_MODULE, "callee", "nested_async");
    g.h.initialized = create(g, NAMED_MODULE, "callee", "initialized");
    // This guest exports no `echo`: OwnModule must not resolve to `callee`.
    g.h.own_missing = create(g, OWN_MODULE, "", "echo");
    g.h.missing_module = create(g, NAMED_MODULE, "no_such_module", "echo");
    g.h.missing_fn = create(g, NAMED_MODULE, "callee", "no_such_fn");
    let all = [
        g.h.echo, g.h.reverse, g.h.len, g.h.fail, g.h.trap, g.h.panic, g.h.nested,
        g.h.nested_async, g.h.initialized, g.h.own_missing, g.h.missing_module, g.h.missing_fn,
    ];
    for (i, a) in all.iter().enumerate() {
        if all[..i].contains(a) {
            panic!("[create_function] handle {:#x} was handed out twice", a);
        }
    }
}

fn step_immediate(g: &mut Guest) {
    let what = "[is_ready/retrieve right after launch] echo [1, 2, 3]".to_string();
    let input = [1u8, 2, 3];
    let request = match ark::launch(g.h.echo, &input) {
        Ok(0) => panic!("{}: launch returned request handle 0", what),
        Ok(r) => r,
        Err(c) => panic!("{}: launch returned {}", what, code_name(c)),
    };
    g.received.push(request);
    let ready = match ark::is_ready(request) {
        Ok((false, _)) => false,
        Ok((true, 3)) => true,
        Ok((true, s)) => panic!("{}: is_ready right after launch is true with size {}, expected 3", what, s),
        Err(c) => panic!("{}: is_ready right after launch returned {}", what, code_name(c)),
    };
    match ark::retrieve(request, 3) {
        Err(UNAVAILABLE) if !ready => {
            g.pending.push(Pending { what, request, expect: Expect::Output(input.to_vec()), probe: Probe::None })
        }
        Ok(got) if got == input => {
            expect_err(&what, "a second retrieve", ark::retrieve(request, 3), INVALID_ARGUMENTS);
        }
        other => panic!(
            "{}: retrieve right after launch (is_ready said {}) returned {:?}, expected Unavailable or the output",
            what, ready, other
        ),
    }
}

fn step_wrong_length(g: &mut Guest) {
    let h = g.h.echo;
    start(g, "echo [9, 8, 7, 6]", h, &[9, 8, 7, 6], Expect::Output(vec![9, 8, 7, 6]), false, Probe::WrongLength);
}

fn step_not_found(g: &mut Guest) {
    let (own, module, func) = (g.h.own_missing, g.h.missing_module, g.h.missing_fn);
    start(g, "OwnModule \"echo\" (not exported here)", own, b"x", Expect::Error(NOT_FOUND), false, Probe::None);
    start(g, "OwnModule \"echo\" (blocking)", own, b"x", Expect::Error(NOT_FOUND), true, Probe::None);
    start(g, "NamedModule \"no_such_module\"", module, b"x", Expect::Error(NOT_FOUND), false, Probe::None);
    start(g, "callee lacks \"no_such_fn\"", func, b"x", Expect::Error(NOT_FOUND), false, Probe::None);
    start(g, "callee lacks \"no_such_fn\" (blocking)", func, b"x", Expect::Error(NOT_FOUND), true, Probe::None);
}

fn step_failures(g: &mut Guest) {
    let h = (g.h.fail, g.h.trap, g.h.panic);
    start(g, "callee fail (returns 4)", h.0, b"x", Expect::Error(INTERNAL_ERROR), false, Probe::None);
    start(g, "callee trap", h.1, b"x", Expect::Error(INTERNAL_ERROR), false, Probe::None);
    start(g, "callee panic", h.2, b"x", Expect::Error(INTERNAL_ERROR), false, Probe::None);
    start(g, "callee fail (blocking)", h.0, b"x", Expect::Error(INTERNAL_ERROR), true, Probe::None);
    start(g, "callee panic (blocking)", h.2, b"x", Expect::Error(INTERNAL_ERROR), true, Probe::None);
}

fn step_results(g: &mut Guest) {
    let h = (g.h.reverse, g.h.len, g.h.initialized, g.h.echo);
    start(g, "reverse \"abc\"", h.0, b"abc", Expect::Output(b"cba".to_vec()), false, Probe::None);
    start(g, "len of 5 bytes", h.1, &[0; 5], Expect::Output(5u32.to_le_bytes().to_vec()), false, Probe::None);
    start(g, "initialized", h.2, b"", Expect::Output(vec![1]), false, Probe::None);
    start(g, "echo of empty input", h.3, b"", Expect::Output(Vec::new()), false, Probe::WrongLength);
    let big: Vec<u8> = (0..100_000u32).map(|i| (i.wrapping_mul(31) >> 3) as u8).collect();
    start(g, "echo of 100000 bytes", h.3, &big, Expect::Output(big.clone()), false, Probe::None);
}

fn step_nested(g: &mut Guest) {
    let (nested, nested_async) = (g.h.nested, g.h.nested_async);
    start(g, "nested \"abc\"", nested, b"abc", Expect::Output(b"nested:abc".to_vec()), false, Probe::None);
    start(g, "nested \"xyz\" (blocking)", nested, b"xyz", Expect::Output(b"nested:xyz".to_vec()), true, Probe::None);
    start(g, "nested_async", nested_async, b"zz", Expect::Handle, false, Probe::None);
}

fn step_blocking(g: &mut Guest) {
    let h = g.h.echo;
    start(g, "echo \"blocking\"", h, b"blocking", Expect::Output(b"blocking".to_vec()), true, Probe::WrongLength);
}

fn step_remove(g: &mut Guest) {
    let what = "[remove_function]";
    let h = create(g, NAMED_MODULE, "callee", "echo");
    let request = match ark::launch(h, b"before-remove") {
        Ok(r) if r != 0 => r,
        other => panic!("{} launch before removal returned {:?}", what, other),
    };
    g.received.push(request);
    expect_code(what, "remove_function", ark::remove_function(h), SUCCESS);
    expect_err(what, "launch with a removed handle", ark::launch(h, b"x"), INVALID_ARGUMENTS);
    expect_err(what, "blocking_launch with a removed handle", ark::blocking_launch(h, b"x"), INVALID_ARGUMENTS);
    expect_code(what, "remove_function twice", ark::remove_function(h), INVALID_ARGUMENTS);
    g.pending.push(Pending {
        what: format!("{} request launched before removal", what),
        request,
        expect: Expect::Output(b"before-remove".to_vec()),
        probe: Probe::None,
    });
}

/// The first value from `from` on (counting down or up) that this guest never got.
fn not_received(g: &Guest, from: u64, down: bool) -> u64 {
    let mut h = from;
    while g.received.contains(&h) {
        h = if down { h.wrapping_sub(1) } else { h.wrapping_add(1) };
    }
    h
}

/// Handles this guest never got (0 is never valid: ABI.md makes handles nonzero).
/// Another module's handles are unknown to it too (handles belong to the module
/// that got them), so only its own are avoided.
fn step_unknown_handles(g: &mut Guest) {
    let unknown = [not_received(g, UNKNOWN_HANDLE_FROM, false), 0u64, not_received(g, u64::MAX, true)];
    for handle in unknown {
        let what = format!("[unknown handles] handle {:#x}", handle);
        expect_code(&what, "remove_function", ark::remove_function(handle), INVALID_ARGUMENTS);
        expect_err(&what, "launch", ark::launch(handle, b"x"), INVALID_ARGUMENTS);
        expect_err(&what, "blocking_launch", ark::blocking_launch(handle, b"x"), INVALID_ARGUMENTS);
        expect_err(&what, "is_ready", ark::is_ready(handle), INVALID_ARGUMENTS);
        expect_err(&what, "retrieve(0 bytes)", ark::retrieve(handle, 0), INVALID_ARGUMENTS);
        expect_err(&what, "retrieve(8 bytes)", ark::retrieve(handle, 8), INVALID_ARGUMENTS);
    }
}

fn step_bad_pointers(g: &mut Guest) {
    let what = "[out-of-range pointers]";
    let module = b"callee";
    let name = b"echo";
    let (mp, ml) = (ark::ptr_of(module), module.len() as u32);
    let (np, nl) = (ark::ptr_of(name), name.len() as u32);
    let mut out = [0u8; 8];
    let op = out.as_mut_ptr() as u32;
    let end = ark::memory_end();
    let cf = |t: u32, mp: u32, ml: u32, np: u32, nl: u32, op: u32| unsafe {
        ark::ffi::module_run__create_function(t, mp, ml, np, nl, op)
    };
    expect_code(what, "create_function(name at 0xFFFF_FFF0, len 64)", cf(NAMED_MODULE, mp, ml, WILD_PTR, 64, op), INVALID_ARGUMENTS);
    expect_code(what, "create_function(module at 0xFFFF_FFF0, len 64)", cf(NAMED_MODULE, WILD_PTR, 64, np, nl, op), INVALID_ARGUMENTS);
    expect_code(what, "create_function(name ends past memory)", cf(NAMED_MODULE, mp, ml, end - 2, 4, op), INVALID_ARGUMENTS);
    expect_code(what, "create_function(out at memory end - 4)", cf(NAMED_MODULE, mp, ml, np, nl, end - 4), INVALID_ARGUMENTS);
    expect_code(what, "create_function(out at memory end)", cf(NAMED_MODULE, mp, ml, np, nl, end), INVALID_ARGUMENTS);
    expect_code(what, "create_function(out at 0xFFFF_FFFF)", cf(NAMED_MODULE, mp, ml, np, nl, u32::MAX), INVALID_ARGUMENTS);

    let h = g.h.echo;
    let input = b"ptr";
    let ip = ark::ptr_of(input);
    let launchers: [(&str, unsafe extern "C" fn(u64, u32, u32, u32) -> u32); 2] = [
        ("launch", ark::ffi::module_run__launch),
        ("blocking_launch", ark::ffi::module_run__blocking_launch),
    ];
    for (name, f) in launchers {
        let code = unsafe { f(h, WILD_PTR, 64, op) };
        expect_code(what, &format!("{}(input at 0xFFFF_FFF0, len 64)", name), code, INVALID_ARGUMENTS);
        let code = unsafe { f(h, end - 2, 4, op) };
        expect_code(what, &format!("{}(input ends past memory)", name), code, INVALID_ARGUMENTS);
        let code = unsafe { f(h, ip, 0x7FFF_FFFF, op) };
        expect_code(what, &format!("{}(input len 0x7FFF_FFFF)", name), code, INVALID_ARGUMENTS);
        let code = unsafe { f(h, ip, 3, end - 4) };
        expect_code(what, &format!("{}(out at memory end - 4)", name), code, INVALID_ARGUMENTS);
    }
    // A valid request: is_ready/retrieve with bad out pointers must not consume it.
    start(g, "echo \"ptr\" probed with bad out pointers", h, input, Expect::Output(input.to_vec()), false, Probe::BadPointers);
}

fn step_bad_arguments(_g: &mut Guest) {
    let what = "[invalid fn_type and names]";
    for fn_type in [2u32, 7, u32::MAX] {
        expect_err(what, &format!("create_function(fn_type {})", fn_type), ark::create_function(fn_type, b"callee", b"echo"), INVALID_ARGUMENTS);
    }
    let bad_utf8: &[u8] = &[b'e', 0xFF, 0xFE, b'o'];
    expect_err(what, "create_function(invalid UTF-8 name)", ark::create_function(NAMED_MODULE, b"callee", bad_utf8), INVALID_ARGUMENTS);
    expect_err(what, "create_function(invalid UTF-8 module)", ark::create_function(NAMED_MODULE, bad_utf8, b"echo"), INVALID_ARGUMENTS);
    let overlong: &[u8] = &[0xC0, 0x80];
    expect_err(what, "create_function(overlong UTF-8 name)", ark::create_function(OWN_MODULE, b"", overlong), INVALID_ARGUMENTS);
}

fn step_many(g: &mut Guest) {
    let h = g.h.echo;
    let before = g.pending.len();
    for i in 0..8u8 {
        let input = [i, i.wrapping_mul(7), 0xA5];
        start(g, &format!("echo #{}", i), h, &input, Expect::Output(input.to_vec()), false, Probe::None);
    }
    let requests: Vec<u64> = g.pending[before..].iter().map(|p| p.request).collect();
    for (i, r) in requests.iter().enumerate() {
        if requests[..i].contains(r) {
            panic!("[many concurrent launches] request handle {:#x} was handed out twice", r);
        }
    }
}
