//! Stopping cleanly on SIGINT (Ctrl-C), SIGTERM and SIGHUP: the temporary files of the run
//! are removed, finished output files stay, and the process ends as the signal would have
//! ended it.
//!
//! The three signals are blocked in every thread (the mask is set before any thread starts,
//! and threads inherit it); one thread waits for them with `sigwait`, so the clean-up runs as
//! ordinary code, not inside a signal handler. After a SIGKILL nothing can run: the next run
//! that writes into the folder removes what the dead run left (see
//! [`super::atomic_write`]).

/// Blocks SIGINT, SIGTERM and SIGHUP and starts the thread that handles them. Call it first
/// thing in `main`, before any other thread exists.
#[cfg(unix)]
pub fn install() {
    // SAFETY: plain calls on a zeroed `sigset_t` owned by this frame; the set is copied into
    // the thread. Failures leave the default behaviour (the process dies on the signal).
    unsafe {
        let mut set: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut set);
        for sig in [libc::SIGINT, libc::SIGTERM, libc::SIGHUP] {
            libc::sigaddset(&mut set, sig);
        }
        if libc::pthread_sigmask(libc::SIG_BLOCK, &set, std::ptr::null_mut()) != 0 {
            return;
        }
        let waiter = std::thread::Builder::new()
            .name("signals".into())
            .spawn(move || wait_and_stop(set));
        if waiter.is_err() {
            // Without the thread nobody would hear the signals: let them act as before.
            libc::pthread_sigmask(libc::SIG_UNBLOCK, &set, std::ptr::null_mut());
        }
    }
}

#[cfg(not(unix))]
pub fn install() {}

#[cfg(unix)]
fn wait_and_stop(set: libc::sigset_t) {
    let mut sig: libc::c_int = 0;
    // SAFETY: `set` is a valid signal set and `sig` a valid place for the answer.
    if unsafe { libc::sigwait(&set, &mut sig) } != 0 {
        return;
    }
    super::atomic_write::remove_temporaries();
    // End the way the signal would have: default action, unblocked, raised again (so a shell
    // sees "terminated by SIGTERM", and Ctrl-C in a script stops the script).
    // SAFETY: resetting a standard signal to its default action and raising it.
    unsafe {
        libc::signal(sig, libc::SIG_DFL);
        let mut one: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut one);
        libc::sigaddset(&mut one, sig);
        libc::pthread_sigmask(libc::SIG_UNBLOCK, &one, std::ptr::null_mut());
        libc::raise(sig);
    }
    // Not reached when the signal ends the process; if it somehow did not, exit as shells do.
    std::process::exit(128 + sig);
}
