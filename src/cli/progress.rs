//! A progress bar for long commands, drawn by the calling thread through the `err` writer.
//!
//! Worker threads never touch stderr themselves: they send ticks over a channel, and the
//! thread that owns `err` (the one `cli::run` was given, usually a locked stderr) draws the
//! bar. Writing to `std::io::stderr()` from a worker while the main thread holds its lock is
//! what made `series` hang in a terminal.

use std::io::Write;
use std::sync::mpsc::{Receiver, Sender, channel};

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
    watched(work, |ticks| {
        let mut done = 0;
        draw(err, label, unit, done, total);
        // Ends when the worker has finished and dropped every sender.
        while ticks.recv().is_ok() {
            done += 1;
            draw(err, label, unit, done, total);
        }
        let _ = writeln!(err);
        let _ = err.flush();
    })
}

/// Runs `work` on a scoped thread with a [`Ticker`] whose ticks `watch` receives on this
/// thread (the receiver disconnects when `work` is over); returns what `work` returns, and
/// passes on a panic of `work`.
fn watched<T: Send>(work: impl FnOnce(&Ticker) -> T + Send, watch: impl FnOnce(Receiver<()>)) -> T {
    let (sender, receiver) = channel();
    std::thread::scope(|scope| {
        let worker = scope.spawn(move || {
            work(&Ticker {
                sender: Some(sender),
            })
        });
        watch(receiver);
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

/// Runs `work` on a scoped thread; once it has run for `after`, this thread shows which of
/// `stages` it is in and for how long, through `err`, redrawn every second and at each
/// [`Ticker::tick`] (one tick ends one stage):
/// `render [##########----------] 2/4 laying out the map, 12 s`. A run that ends sooner
/// shows nothing, so quick commands stay quiet; a long one never sits silent. Only when
/// `shown` (stderr is a terminal).
///
/// ```
/// # use chronomap::cli::progress::with_stages;
/// # use std::time::Duration;
/// let mut err = Vec::new();
/// let n = with_stages(&mut err, true, Duration::ZERO, "render", &["reading", "drawing"], |t| {
///     std::thread::sleep(Duration::from_millis(50));
///     t.tick();
///     t.tick();
///     7
/// });
/// assert_eq!(n, 7);
/// let text = String::from_utf8(err).unwrap();
/// assert!(text.contains("render [") && text.contains("reading") && text.ends_with("done\n"), "{text:?}");
/// ```
pub fn with_stages<T: Send>(
    err: &mut dyn Write,
    shown: bool,
    after: std::time::Duration,
    label: &str,
    stages: &[&str],
    work: impl FnOnce(&Ticker) -> T + Send,
) -> T {
    use std::sync::mpsc::RecvTimeoutError;
    use std::time::{Duration, Instant};
    if !shown {
        return work(&Ticker { sender: None });
    }
    let start = Instant::now();
    watched(work, |receiver| {
        let mut done = 0;
        let mut drawn = false;
        let mut last_width: usize = 0;
        loop {
            let wait = if drawn {
                Duration::from_secs(1)
            } else {
                after
                    .saturating_sub(start.elapsed())
                    .max(Duration::from_millis(1))
            };
            let finished = match receiver.recv_timeout(wait) {
                Ok(()) => {
                    done += 1;
                    false
                }
                Err(RecvTimeoutError::Timeout) => false,
                Err(RecvTimeoutError::Disconnected) => true,
            };
            if start.elapsed() >= after && (drawn || !finished) {
                let total = stages.len().max(1);
                let stage = match stages.get(done) {
                    Some(s) if !finished => *s,
                    _ => "done",
                };
                let filled = BAR_WIDTH * done.min(total) / total;
                let line = format!(
                    "\r{label} [{}{}] {}/{total} {stage}, {} s",
                    "#".repeat(filled),
                    "-".repeat(BAR_WIDTH - filled),
                    done.min(total),
                    start.elapsed().as_secs()
                );
                // Spaces wipe what a longer earlier line left.
                let width = line.chars().count();
                let pad = " ".repeat(last_width.saturating_sub(width));
                last_width = width;
                let _ = write!(err, "{line}{pad}");
                let _ = err.flush();
                drawn = true;
            }
            if finished {
                break;
            }
        }
        if drawn {
            // The last line says "done" with the time taken.
            let line = format!("\r{label}: done");
            let pad = " ".repeat(last_width.saturating_sub(line.chars().count()));
            let _ = writeln!(err, "{line}{pad}\r{line}");
            let _ = err.flush();
        }
    })
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

    #[test]
    fn staged_progress_stays_quiet_for_quick_work_and_names_the_stage_of_slow_work() {
        let stages = ["reading the data", "drawing"];
        let mut err = Vec::new();
        with_stages(
            &mut err,
            true,
            std::time::Duration::from_secs(30),
            "render",
            &stages,
            |t| {
                t.tick();
            },
        );
        assert!(err.is_empty(), "{:?}", String::from_utf8_lossy(&err));
        let mut err = Vec::new();
        with_stages(
            &mut err,
            true,
            std::time::Duration::from_millis(20),
            "render",
            &stages,
            |t| {
                t.tick();
                std::thread::sleep(std::time::Duration::from_millis(1300));
                t.tick();
            },
        );
        let text = String::from_utf8(err).unwrap();
        assert!(text.contains("] 1/2 drawing, "), "{text:?}");
        assert!(text.ends_with("render: done\n"), "{text:?}");
    }
}
