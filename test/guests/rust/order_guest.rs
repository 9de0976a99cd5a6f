//! `order_guest`: a deliberately buggy applet that assumes requests complete in
//! launch order. It launches `echo` [0], [1], [2], [3] on its first frame and
//! panics with "completions out of launch order" if request i is seen ready
//! while request i-1 is not. Exploration tests must find a schedule that fails.

#[path = "ark.rs"]
mod ark;

struct Guest {
    requests: Vec<u64>,
    ready: Vec<bool>,
}

static mut GUEST: Option<Guest> = None;

#[no_mangle]
pub extern "C" fn ark_applet_update() {
    ark::init();
    let slot = unsafe { &mut *core::ptr::addr_of_mut!(GUEST) };
    let g = slot.get_or_insert_with(|| {
        let echo = match ark::create_function(ark::NAMED_MODULE, b"callee", b"echo") {
            Ok(h) => h,
            Err(c) => panic!("create_function(callee, echo) returned {}", ark::code_name(c)),
        };
        let requests = (0..4u8)
            .map(|i| match ark::launch(echo, &[i]) {
                Ok(r) => r,
                Err(c) => panic!("launch(echo, [{}]) returned {}", i, ark::code_name(c)),
            })
            .collect::<Vec<_>>();
        Guest { ready: vec![false; requests.len()], requests }
    });
    for i in 0..g.requests.len() {
        if g.ready[i] {
            continue;
        }
        match ark::is_ready(g.requests[i]) {
            Ok((false, _)) => {}
            Ok((true, size)) => {
                if i > 0 && !g.ready[i - 1] {
                    panic!("completions out of launch order");
                }
                match ark::retrieve(g.requests[i], size) {
                    Ok(out) if out == [i as u8] => {}
                    other => panic!("retrieve of request {} returned {:?}, expected [{}]", i, other, i),
                }
                g.ready[i] = true;
            }
            Err(c) => panic!("is_ready of request {} returned {}", i, ark::code_name(c)),
        }
    }
}

/// 1 once all four results were retrieved.
#[no_mangle]
pub extern "C" fn done() -> i32 {
    let slot = unsafe { &*core::ptr::addr_of!(GUEST) };
    slot.as_ref().map_or(0, |g| g.ready.iter().all(|r| *r) as i32)
}
