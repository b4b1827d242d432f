//! The `chronomap` command: hands the arguments and the terminal to the command layer.

/// mimalloc keeps freed pages for reuse: with the system allocator every large buffer of a
/// PNG run (pixmaps, rows, the encoder's output) is mapped fresh and faulted in page by page.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let code = chronomap::cli::run(
        std::env::args_os(),
        &mut std::io::stdout().lock(),
        &mut std::io::stderr().lock(),
    );
    std::process::exit(code);
}
