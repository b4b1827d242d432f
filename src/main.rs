//! The `chronomap` command: hands the arguments and the terminal to the command layer.

fn main() {
    let code = chronomap::cli::run(
        std::env::args_os(),
        &mut std::io::stdout().lock(),
        &mut std::io::stderr().lock(),
    );
    std::process::exit(code);
}
