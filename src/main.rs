//! The `chronomap` command: hands the arguments and the terminal to the command layer.

/// mimalloc keeps freed pages for reuse: with the system allocator every large buffer of a
/// PNG run (pixmaps, rows, the encoder's output) is mapped fresh and faulted in page by page.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
