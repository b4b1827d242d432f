//! The `chronomap` command: hands the arguments and the terminal to the command layer.

use std::alloc::{GlobalAlloc, Layout};

/// mimalloc keeps freed pages for reuse: with the system allocator every large buffer of a
/// PNG run (pixmaps, rows, the encoder's output) is mapped fresh and faulted in page by page.
/// Blocks of [`LARGE`] and more are mapped in small pages (see [`SmallPagesForLarge`]).
#[global_allocator]
static ALLOCATOR: SmallPagesForLarge = SmallPagesForLarge;

/// From this size on, a block is mapped in ordinary 4 KiB pages.
const LARGE: usize = 64 << 20;

/// mimalloc, but blocks of [`LARGE`] and more are mapped in 4 KiB pages instead of 2 MB huge
/// ones. When the kernel has no free huge page it may stop to compact memory and make one;
/// for the few very large blocks of a big dataset (the 201 MB events file of 200,000 sites,
/// its table of cells, the events) that stall made `check` take 2.0–3.5 s with up to 1.9 s
/// of system time, against 1.7 s and 0.25 s with small pages for them (seven alternating
/// runs, 2026-11-30). Smaller blocks keep huge pages, which make a small run faster (a map:
/// 370 page faults instead of 4,550).
struct SmallPagesForLarge;

/// Asks the kernel (on Linux) to back the whole pages of the `size` bytes at `block` with
/// small pages. Only advice: the content is never changed, and a failure changes nothing.
fn small_pages(block: *mut u8, size: usize) {
    #[cfg(target_os = "linux")]
    {
        const PAGE: usize = 4096;
        let first = (block as usize).next_multiple_of(PAGE);
        let end = (block as usize).saturating_add(size) / PAGE * PAGE;
        if !block.is_null() && end > first {
            // SAFETY: the range lies inside the block just allocated; the advice does not
            // read or write it.
            unsafe {
                libc::madvise(
                    first as *mut libc::c_void,
                    end - first,
                    libc::MADV_NOHUGEPAGE,
                )
            };
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = (block, size);
}

// SAFETY: every call is mimalloc's own; the advice given afterwards does not touch the memory.
unsafe impl GlobalAlloc for SmallPagesForLarge {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract is passed on unchanged.
        let block = unsafe { mimalloc::MiMalloc.alloc(layout) };
        if layout.size() >= LARGE {
            small_pages(block, layout.size());
        }
        block
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as for `alloc`.
        let block = unsafe { mimalloc::MiMalloc.alloc_zeroed(layout) };
        if layout.size() >= LARGE {
            small_pages(block, layout.size());
        }
        block
    }

    unsafe fn dealloc(&self, block: *mut u8, layout: Layout) {
        // SAFETY: as for `alloc`.
        unsafe { mimalloc::MiMalloc.dealloc(block, layout) }
    }

    unsafe fn realloc(&self, block: *mut u8, layout: Layout, size: usize) -> *mut u8 {
        // SAFETY: as for `alloc`.
        let grown = unsafe { mimalloc::MiMalloc.realloc(block, layout, size) };
        if size >= LARGE {
            small_pages(grown, size);
        }
        grown
    }
}

/// `mi_option_purge_delay` in mimalloc's `mi_option_e` (the bindings name no constant for it).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

fn main() {
    // First, before any thread starts: Ctrl-C, SIGTERM and SIGHUP remove the run's temporary
    // files before the process ends.
    chronomap::cli::signals::install();
    // mimalloc gives freed memory back to the kernel ("purges" it) once it has been free for
    // a second, and a later allocation faults it in again, zeroed: on a large dataset that
    // costs up to as much system time as the whole load, whenever a run lasts over a second.
    // A command's memory is freed when it ends, so keep it until then (the peak is the same).
    // MIMALLOC_PURGE_DELAY in the environment still decides, for anyone who wants to measure.
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
        // SAFETY: sets one of mimalloc's options, with a value its documentation allows
        // (-1: never purge); the option is read with atomics.
        unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) };
    }
    // Which streams are terminals, and the colour variables, are read here once.
    let console = chronomap::cli::ui::Console::detect();
    // Standard error is not locked for the whole run: a panic on another thread (a drawing
    // band, the basemap reader) prints its message there, and would wait forever for a lock
    // this thread holds while it waits for that thread: a hang instead of an error.
    let code = chronomap::cli::run_in(
        std::env::args_os(),
        &mut std::io::stdout().lock(),
        &mut std::io::stderr(),
        console,
    );
    std::process::exit(code);
}
