//! `chronomap style`: prints a complete style as commented TOML, the start of a house style.

use super::{Cli, Failure};
use crate::theme::{PRESETS, Theme};
use std::io::Write;

/// Flags of `style`.
#[derive(Debug, clap::Args)]
pub struct StyleArgs {
    /// The built-in style to print: the standard look, print-mono or dark.
    #[arg(value_name = "NAME", default_value = "default")]
    pub name: String,
}

/// Prints the style.
pub fn run(_cli: &Cli, args: &StyleArgs, out: &mut dyn Write) -> Result<(), Failure> {
    let theme = Theme::preset(&args.name).ok_or_else(|| {
        Failure::usage(format!(
            "{:?} is not a built-in style; use one of {}",
            args.name,
            PRESETS.join(", ")
        ))
    })?;
    out.write_all(theme.to_toml().as_bytes())
        .map_err(|e| Failure::data(format!("could not write to stdout: {e}")))
}
