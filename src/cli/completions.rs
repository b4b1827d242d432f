//! `chronomap completions SHELL`: a completion script for bash, zsh, fish or PowerShell.
//!
//! The script is generated from the same command definitions that parse the flags, with the
//! values a user would otherwise have to look up: the site ids of the dataset (the bundled
//! one, or that of `--data` given to this command), the output formats, the paper sizes and
//! the built-in style names (`--style` also takes a file name, typed in full).

use super::{Cli, Failure};
use crate::lang::LANG_CODES;
use crate::theme::PRESETS;
use clap::builder::{PossibleValue, PossibleValuesParser};
use clap::{Command, ValueHint};
use clap_complete::Shell;
use std::io::Write;

/// Flags of `completions`.
#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// The shell to write the script for.
    #[arg(value_name = "SHELL")]
    pub shell: Shell,
}

/// The output formats of maps (`render --format`, `series --format`).
pub const FORMATS: [&str; 3] = ["svg", "png", "pdf"];
/// The paper sizes of `--paper`.
pub const PAPERS: [&str; 3] = ["a4", "a4-landscape", "letter"];

/// Prints the completion script.
pub fn run(
    cli: &Cli,
    args: &CompletionsArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<(), Failure> {
    let loaded = super::load_data(cli, err)?;
    let sites: Vec<String> = loaded.dataset.sites.iter().map(|s| s.id.clone()).collect();
    let mut cmd = completion_command(&sites);
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "chronomap", &mut script);
    if args.shell == Shell::Fish && !sites.is_empty() {
        // clap_complete's fish script completes flag values but not positional ones. Site
        // ids are slugs (a-z, 0-9, -), so they need no quoting.
        let line = format!(
            "complete -c chronomap -n \"__fish_chronomap_using_subcommand history\" -f -a \"{}\" -d 'site id'\n",
            sites.join(" ")
        );
        script.extend_from_slice(line.as_bytes());
    }
    if args.shell == Shell::PowerShell {
        // Nor does the PowerShell one: offer the ids where it offers `history`'s flags.
        let marker = "'chronomap;history' {\n";
        let text = String::from_utf8_lossy(&script).into_owned();
        let ids: String = sites
            .iter()
            .map(|id| {
                format!(
                    "            [CompletionResult]::new('{id}', '{id}', [CompletionResultType]::ParameterValue, 'site id')\n"
                )
            })
            .collect();
        script = text
            .replacen(marker, &format!("{marker}{ids}"), 1)
            .into_bytes();
    }
    out.write_all(&script)
        .map_err(|e| Failure::data(format!("could not write to stdout: {e}")))
}

/// The command line with the values to complete attached. Only the completion script sees
/// them: parsing stays as it is, so `history` still takes a site's name, and a bad
/// `--format` still gets chronomap's own message.
pub fn completion_command(site_ids: &[String]) -> Command {
    fn values(list: impl IntoIterator<Item = &'static str>) -> PossibleValuesParser {
        PossibleValuesParser::new(list.into_iter().map(PossibleValue::new))
    }
    // clap keeps possible values as `&'static str`; this command lives until the script
    // is printed and the process ends.
    let ids: Vec<&'static str> = site_ids
        .iter()
        .map(|s| &*Box::leak(s.clone().into_boxed_str()))
        .collect();
    let map_flags = |c: Command| {
        c.mut_arg("format", |a| a.value_parser(values(FORMATS)))
            .mut_arg("paper", |a| a.value_parser(values(PAPERS)))
            .mut_arg("style", |a| a.value_parser(values(PRESETS)))
            .mut_arg("lang", |a| a.value_parser(values(LANG_CODES)))
    };
    super::command()
        .mut_arg("data", |a| a.value_hint(ValueHint::DirPath))
        .mut_subcommand("check", |c| {
            c.mut_arg("lang", |a| a.value_parser(values(LANG_CODES)))
        })
        .mut_subcommand("history", |c| {
            c.mut_arg("site", |a| a.value_parser(values(ids.iter().copied())))
        })
        .mut_subcommand("render", |c| {
            map_flags(c).mut_arg("output", |a| a.value_hint(ValueHint::FilePath))
        })
        .mut_subcommand("series", |c| {
            map_flags(c).mut_arg("out_dir", |a| a.value_hint(ValueHint::DirPath))
        })
        .mut_subcommand("export", |c| {
            c.mut_arg("out_dir", |a| a.value_hint(ValueHint::DirPath))
                .mut_arg("style", |a| a.value_parser(values(PRESETS)))
        })
        .mut_subcommand("timeline", |c| {
            c.mut_arg("output", |a| a.value_hint(ValueHint::FilePath))
                .mut_arg("style", |a| a.value_parser(values(PRESETS)))
        })
        .mut_subcommand("style", |c| {
            c.mut_arg("name", |a| a.value_parser(values(PRESETS)))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_completion_values_match_what_the_commands_accept() {
        for f in FORMATS {
            assert!(crate::render::format::Format::parse(f).is_some(), "{f}");
        }
        for p in PAPERS {
            assert!(crate::layout::page::Paper::parse(p).is_some(), "{p}");
        }
        for name in PRESETS {
            assert!(crate::theme::Theme::preset(name).is_some(), "{name}");
        }
        // Every flag the decorations name exists (clap panics on an unknown one).
        completion_command(&["kant".to_string()]).debug_assert();
    }
}
