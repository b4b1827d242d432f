//! The terminal side of a run: whether to colour, how much to say, and the time each stage took.
//!
//! Whether a stream is a terminal, and the colour variables of the environment, are read once
//! in [`Console::detect`] (called by `main.rs`) and passed in, so that tests can call
//! [`super::run`] with byte buffers and get the same answer on any machine.

use std::io::{self, IsTerminal, Write};
use std::time::{Duration, Instant};

/// `--color`: when to use colour: `auto` (on a terminal, as the environment allows),
/// `always` or `never`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ColorChoice {
    /// Colour a terminal, unless NO_COLOR is set; CLICOLOR_FORCE=1 colours even a pipe.
    #[default]
    Auto,
    /// Always colour, even into a pipe or a file.
    Always,
    /// Never colour.
    Never,
}

/// What the process was started with: which streams are terminals, and the colour variables.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Console {
    /// Standard output is a terminal.
    pub stdout_is_terminal: bool,
    /// Standard error is a terminal.
    pub stderr_is_terminal: bool,
    /// `NO_COLOR` is set to a non-empty value (<https://no-color.org>).
    pub no_color: bool,
    /// `CLICOLOR_FORCE` is set to something other than `0` (or empty).
    pub clicolor_force: bool,
    /// `TERM=dumb`: the terminal shows escape codes as text.
    pub dumb_terminal: bool,
}

impl Console {
    /// Reads the real process's streams and environment.
    pub fn detect() -> Console {
        let set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty());
        Console {
            stdout_is_terminal: io::stdout().is_terminal(),
            stderr_is_terminal: io::stderr().is_terminal(),
            no_color: set("NO_COLOR"),
            clicolor_force: std::env::var_os("CLICOLOR_FORCE")
                .is_some_and(|v| !v.is_empty() && v != "0"),
            dumb_terminal: std::env::var_os("TERM").is_some_and(|v| v == "dumb"),
        }
    }

    /// Whether to colour a stream that is (or is not) a terminal.
    ///
    /// ```
    /// use chronomap::cli::ui::{ColorChoice, Console};
    /// let tty = Console { stdout_is_terminal: true, ..Console::default() };
    /// assert!(tty.colour(ColorChoice::Auto, true));
    /// assert!(!tty.colour(ColorChoice::Auto, false));
    /// assert!(!Console { no_color: true, ..tty }.colour(ColorChoice::Auto, true));
    /// assert!(Console { clicolor_force: true, ..tty }.colour(ColorChoice::Auto, false));
    /// assert!(Console { no_color: true, ..tty }.colour(ColorChoice::Always, false));
    /// ```
    pub fn colour(&self, choice: ColorChoice, is_terminal: bool) -> bool {
        match choice {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto if self.no_color => false,
            ColorChoice::Auto if self.clicolor_force => true,
            ColorChoice::Auto => is_terminal && !self.dumb_terminal,
        }
    }
}

/// How a run talks to the user; set from the global flags once they are parsed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Ui {
    /// How many times `--quiet` was given.
    pub quiet: u8,
    /// How many times `--verbose` was given.
    pub verbose: u8,
    /// Colour on standard output.
    pub colour_out: bool,
    /// Colour on standard error.
    pub colour_err: bool,
    /// Standard error is a terminal (progress bars are drawn only there).
    pub stderr_is_terminal: bool,
}

impl Ui {
    /// The closing summary ("wrote …") and progress bars: not with `--quiet`.
    pub fn summary(&self) -> bool {
        self.quiet == 0
    }

    /// Progress bars: on a terminal, and not with `--quiet`.
    pub fn progress(&self) -> bool {
        self.summary() && self.stderr_is_terminal
    }

    /// Warnings: always, unless `--quiet` is given twice.
    pub fn warnings(&self) -> bool {
        self.quiet < 2
    }

    /// The details of `--verbose`.
    pub fn verbose(&self) -> bool {
        self.verbose > 0 && self.quiet == 0
    }

    /// Prints a warning line (`warning: …`) unless `-qq`.
    pub fn warn(&self, err: &mut dyn Write, message: &str) {
        if self.warnings() {
            let _ = writeln!(err, "warning: {message}");
        }
    }

    /// Prints an `info: …` line with `--verbose`.
    pub fn info(&self, err: &mut dyn Write, message: &str) {
        if self.verbose() {
            let _ = writeln!(err, "info: {message}");
        }
    }

    /// Starts timing the stages of a run (only reported with `--verbose`).
    pub fn stages(&self) -> Stages {
        let now = Instant::now();
        Stages {
            on: self.verbose(),
            start: now,
            last: now,
            done: Vec::new(),
        }
    }
}

/// The time each stage of a run took, for `--verbose`.
#[derive(Debug)]
pub struct Stages {
    on: bool,
    start: Instant,
    last: Instant,
    done: Vec<(&'static str, Duration)>,
}

impl Stages {
    /// Ends the stage `name`: the time since the previous one ended (or since the start).
    pub fn lap(&mut self, name: &'static str) {
        let now = Instant::now();
        self.done.push((name, now - self.last));
        self.last = now;
    }

    /// Prints `info: time: load 3.1 ms, layout 5.0 ms, …; total 9.2 ms` with `--verbose`.
    pub fn report(&self, err: &mut dyn Write) {
        if !self.on {
            return;
        }
        let parts: Vec<String> = self
            .done
            .iter()
            .map(|(name, d)| format!("{name} {}", millis(*d)))
            .collect();
        let _ = writeln!(
            err,
            "info: time: {}; total {}",
            parts.join(", "),
            millis(self.last - self.start)
        );
    }
}

fn millis(d: Duration) -> String {
    let ms = d.as_secs_f64() * 1000.0;
    if ms < 10.0 {
        format!("{ms:.1} ms")
    } else {
        format!("{ms:.0} ms")
    }
}

/// The escape codes of the line prefixes chronomap colours on stderr (as clap colours its
/// own `error:`): bold red errors, bold yellow warnings, bold cyan details.
const PREFIXES: [(&str, &str); 3] = [
    ("error:", "\x1b[1m\x1b[31m"),
    ("warning:", "\x1b[1m\x1b[33m"),
    ("info:", "\x1b[1m\x1b[36m"),
];
const RESET: &str = "\x1b[0m";

/// A writer that colours the `error:`, `warning:` and `info:` at the start of each line.
/// Only the first bytes of a line that could still become one of these prefixes are held
/// back (so a prefix written in pieces is still recognised); everything else, such as a
/// progress bar redrawn with `\r`, goes straight through.
pub struct Painter<'w> {
    inner: &'w mut dyn Write,
    on: bool,
    /// Bytes at the start of a line that may yet turn out to be a prefix.
    held: Vec<u8>,
    /// Whether the next byte starts a line.
    at_line_start: bool,
}

impl<'w> Painter<'w> {
    /// Paints into `inner` when `on`; passes everything through unchanged otherwise.
    pub fn new(inner: &'w mut dyn Write, on: bool) -> Painter<'w> {
        Painter {
            inner,
            on,
            held: Vec::new(),
            at_line_start: true,
        }
    }

    /// Writes out any bytes held back.
    pub fn finish(&mut self) -> io::Result<()> {
        if !self.held.is_empty() {
            let held = std::mem::take(&mut self.held);
            self.inner.write_all(&held)?;
            self.at_line_start = false;
        }
        self.inner.flush()
    }
}

impl Write for Painter<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if !self.on {
            return self.inner.write(buf);
        }
        let mut rest = buf;
        while !rest.is_empty() {
            if self.at_line_start {
                // The start of a line goes byte by byte into `held` until it is a prefix
                // (painted) or cannot become one (written as it is).
                self.held.push(rest[0]);
                rest = &rest[1..];
                if let Some((p, style)) = PREFIXES.iter().find(|(p, _)| self.held == p.as_bytes()) {
                    self.inner.write_all(style.as_bytes())?;
                    self.inner.write_all(p.as_bytes())?;
                    self.inner.write_all(RESET.as_bytes())?;
                    self.held.clear();
                    self.at_line_start = false;
                } else if !PREFIXES
                    .iter()
                    .any(|(p, _)| p.as_bytes().starts_with(&self.held))
                {
                    let held = std::mem::take(&mut self.held);
                    self.inner.write_all(&held)?;
                    self.at_line_start = held.last() == Some(&b'\n');
                }
                continue;
            }
            match rest.iter().position(|&b| b == b'\n') {
                Some(i) => {
                    self.inner.write_all(&rest[..=i])?;
                    rest = &rest[i + 1..];
                    self.at_line_start = true;
                }
                None => {
                    self.inner.write_all(rest)?;
                    rest = &[];
                }
            }
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

impl Drop for Painter<'_> {
    fn drop(&mut self) {
        let _ = self.finish();
    }
}

/// The value of the last `--color` among `args` (before a `--`), read before clap parses
/// them, so that a usage error is coloured as asked.
pub fn color_flag<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> Option<ColorChoice> {
    use clap::ValueEnum;
    let mut found = None;
    let mut iter = args.iter().skip(1).map(|a| a.as_ref().to_string_lossy());
    while let Some(arg) = iter.next() {
        let value = if arg == "--" {
            break;
        } else if arg == "--color" {
            iter.next().map(|v| v.into_owned())
        } else if let Some(v) = arg.strip_prefix("--color=") {
            Some(v.to_string())
        } else {
            continue;
        };
        if let Some(choice) = value.and_then(|v| ColorChoice::from_str(&v, true).ok()) {
            found = Some(choice);
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_painter_colours_prefixes_split_across_writes_and_nothing_else() {
        let mut buf = Vec::new();
        {
            let mut p = Painter::new(&mut buf, true);
            write!(p, "err").unwrap();
            write!(p, "or: bad\nplain error: text\nwarn").unwrap();
            write!(p, "ing: x").unwrap();
            p.finish().unwrap();
        }
        let text = String::from_utf8(buf).unwrap();
        assert_eq!(
            text,
            "\x1b[1m\x1b[31merror:\x1b[0m bad\nplain error: text\n\x1b[1m\x1b[33mwarning:\x1b[0m x"
        );
        // A progress bar redrawn with \r is not held back until its line ends.
        let mut bar = Vec::new();
        {
            let mut p = Painter::new(&mut bar, true);
            write!(p, "\rseries [#---] 1/4").unwrap();
            assert_eq!(p.held, b"");
        }
        assert_eq!(bar, b"\rseries [#---] 1/4");
        let mut plain = Vec::new();
        Painter::new(&mut plain, false)
            .write_all(b"error: bad\n")
            .unwrap();
        assert_eq!(plain, b"error: bad\n");
    }

    #[test]
    fn the_color_flag_is_found_before_parsing() {
        assert_eq!(color_flag(&["chronomap", "check"]), None);
        assert_eq!(
            color_flag(&["chronomap", "--color", "always", "check"]),
            Some(ColorChoice::Always)
        );
        assert_eq!(
            color_flag(&["chronomap", "check", "--color=never", "--bogus"]),
            Some(ColorChoice::Never)
        );
        assert_eq!(
            color_flag(&["chronomap", "history", "--", "--color=never"]),
            None
        );
    }
}
