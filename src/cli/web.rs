//! `chronomap web`: the interactive web map as one self-contained `index.html`.

use super::atomic_write::write_atomic;
use super::map_args::MapArgs;
use super::map_setup;
use super::{Cli, Failure};
use crate::web::web_page;
use std::io::Write;
use std::path::PathBuf;

/// Flags of `web`.
#[derive(Debug, clap::Args)]
pub struct WebArgs {
    /// The folder for index.html.
    #[arg(long, value_name = "DIR", default_value = "output/web")]
    pub out_dir: PathBuf,
    /// The first year on the slider (default: the first year in the data).
    #[arg(long, value_name = "YYYY")]
    pub from: Option<i32>,
    /// The last year on the slider (default: the last year in the data).
    #[arg(long, value_name = "YYYY")]
    pub to: Option<i32>,
    /// Make the relief picture again instead of taking the one an earlier run kept (see
    /// `render --no-cache`)
    #[arg(long)]
    pub no_cache: bool,
    /// Page and map flags (the map is laid out as `render` lays out a page of this size).
    #[command(flatten)]
    pub map: MapArgs,
}

/// The largest page this writes: the budget for the bundled data is 3 MB, and a
/// dataset that needs more than ten times that is not one page any more.
const MAX_BYTES: usize = 32 * 1024 * 1024;

/// Writes the page.
pub fn run(
    cli: &Cli,
    args: &WebArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<(), Failure> {
    let style = map_setup::map_style(cli, &args.map)?;
    let mut stages = cli.ui.stages();
    let loaded = super::load_data(cli, err)?;
    let dataset = &loaded.dataset;
    let (from, to) = super::series::year_range(dataset, args.from, args.to)?;
    let basemap = map_setup::basemap(cli, err)?;
    stages.lap("load");
    if args.from.is_some() || args.to.is_some() {
        map_setup::warn_outside_data(cli, dataset, from, to, err);
    }
    let frame = map_setup::frame(cli, dataset, &basemap, &style, err)?;
    // Every year's map embeds the same relief picture: from the drawing cache when an
    // earlier run made it.
    super::cache::DrawingCache::from_env(args.no_cache).prepare_pictures(frame.basemap_items());
    let years: Vec<i32> = (from..=to).collect();
    let html =
        web_page(dataset, &frame, &style, &years).map_err(|m| Failure::usage(m.to_string()))?;
    stages.lap("layout");
    let path = args.out_dir.join("index.html");
    if html.len() > MAX_BYTES {
        return Err(Failure::data(format!(
            "{}: the page would be {} bytes, more than the {MAX_BYTES} one page may hold; choose fewer years with --from and --to",
            path.display(),
            html.len()
        )));
    }
    write_atomic(&path, html.as_bytes())?;
    stages.lap("write");
    if cli.ui.summary() {
        let _ = writeln!(
            out,
            "wrote {} ({} bytes, {}–{}); open it in a browser, or publish the one file",
            path.display(),
            html.len(),
            from,
            to
        );
    }
    stages.report(err);
    Ok(())
}
