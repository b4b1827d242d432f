//! A progress bar for long commands, drawn by the calling thread through the `err` writer.
//!
//! Worker threads never touch stderr themselves: they send ticks over a channel, and the
//! thread that owns `err` (the one `cli::run` was given, usually a locked stderr) draws the
//! bar. Writing to `std::io::stderr()` from a worker while the main thread holds its lock is
//! what made `series` hang in a terminal.

use std::io::Write;
use std::sync::mpsc::{Sender, channel};

/// What the workers hold: each [`Ticker::tick`] advances the bar by one step.
#[derive(Clone)]
pub struct Ticker {
    sender: Option<Sender<()>>,
}

impl Ticker {
    /// One more step done. Never blocks.
    pub fn tick(&self) {
        if let Some(s) = &self.sender {
            let _ = s.send(());
        }
    }
}

/// Runs `work` on a scoped thread while this thread draws a bar of `total` steps to `err`
/// (only when `shown`), and returns what `work` returns.
///
/// The bar reads `LABEL [#####-----] done/total UNIT` and is rewritten in place with `\r`;
/// a newline ends it once `work` is over, so later messages start on a clean line.
///
/// ```
/// # use chronomap::cli::progress::with_progress;
/// let mut err = Vec::new();
/// let sum = with_progress(&mut err, true, 3, "series", "years", |t| {
///     (1..=3).map(|i| { t.tick(); i }).sum::<i32>()
/// });
/// assert_eq!(sum, 6);
/// let text = String::from_utf8(err).unwrap();
/// assert!(text.ends_with("series [##############################] 3/3 years\n"));
/// ```
pub fn with_progress<T: Send>(
    err: &mut dyn Write,
    shown: bool,
    total: usize,
    label: &str,
    unit: &str,
    work: impl FnOnce(&Ticker) -> T + Send,
) -> T {
    if !shown {
        return work(&Ticker { sender: None });
    }
    let (sender, receiver) = channel();
    std::thread::scope(|scope| {
        let worker = scope.spawn(move || {
            let ticker = Ticker {
                sender: Some(sender),
            };
            work(&ticker)
        });
        let mut done = 0;
        draw(err, label, unit, done, total);
        // Ends when the worker has finished and dropped every sender.
        while receiver.recv().is_ok() {
            done += 1;
            draw(err, label, unit, done, total);
        }
        let _ = writeln!(err);
        let _ = err.flush();
        match worker.join() {
            Ok(value) => value,
            Err(panic) => std::panic::resume_unwind(panic),
        }
    })
}

/// Width of the bar in characters.
const BAR_WIDTH: usize = 30;

fn draw(err: &mut dyn Write, label: &str, unit: &str, done: usize, total: usize) {
    let done = done.min(total);
    let filled = BAR_WIDTH * done / total.max(1);
    let _ = write!(
        err,
        "\r{label} [{}{}] {done}/{total} {unit}",
        "#".repeat(filled),
        "-".repeat(BAR_WIDTH - filled)
    );
    let _ = err.flush();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_bar_writes_nothing_and_still_runs_the_work() {
        let mut err = Vec::new();
        let n = with_progress(&mut err, false, 5, "x", "steps", |t| {
            t.tick();
            7
        });
        assert_eq!(n, 7);
        assert!(err.is_empty());
    }

    #[test]
    fn ticks_from_many_threads_all_reach_the_bar() {
        use rayon::prelude::*;
        let mut err = Vec::new();
        with_progress(&mut err, true, 40, "series", "years", |t| {
            (0..40).into_par_iter().for_each(|_| t.tick());
        });
        let text = String::from_utf8(err).unwrap();
        // The initial 0/40 and one redraw per tick.
        assert_eq!(text.matches('\r').count(), 41, "{text:?}");
        assert!(text.contains("40/40 years\n"), "{text:?}");
    }
}
