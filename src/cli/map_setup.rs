//! The steps every map command (`render`, `series`, `web`) shares around its drawing: the
//! style with the dataset's metadata, the basemap, the frame laid out once, and what `-v`
//! and the warnings say about them.

use super::map_args::MapArgs;
use super::{Cli, Failure, data};
use crate::input::Basemap;
use crate::layout::map::MapFrame;
use crate::layout::projection::Extent;
use crate::layout::style::MapStyle;
use crate::model::Dataset;
use std::borrow::Cow;
use std::io::Write;

/// The style of the page and map flags, with the dataset's `dataset.toml` (its title and
/// credits).
pub fn map_style(cli: &Cli, map: &MapArgs) -> Result<MapStyle, Failure> {
    Ok(map
        .style()?
        .with_metadata(&data::metadata(cli.data.as_deref())?))
}

/// The basemap of the run; with `-v`, says which one it is.
pub fn basemap(cli: &Cli, err: &mut dyn Write) -> Result<Cow<'static, Basemap>, Failure> {
    let basemap = data::basemap(cli.data.as_deref())?;
    report_basemap(cli, err);
    Ok(basemap)
}

/// Lays out everything that stays the same from map to map; with `-v`, says which extent
/// the map was fitted to.
pub fn frame(
    cli: &Cli,
    dataset: &Dataset,
    basemap: &Basemap,
    style: &MapStyle,
    err: &mut dyn Write,
) -> Result<MapFrame, Failure> {
    let frame =
        MapFrame::new(dataset, basemap, style).map_err(|m| Failure::usage(m.to_string()))?;
    report_extent(cli, &frame.extent, style.extent.is_some(), err);
    Ok(frame)
}

/// With `-v`, says which basemap a map is drawn on.
pub fn report_basemap(cli: &Cli, err: &mut dyn Write) {
    let which = match data::basemap_dir(cli.data.as_deref()) {
        Some(dir) => format!("{}/*.geojson", dir.display()),
        None => "the bundled one (geodata/basemap/ as compiled in)".to_string(),
    };
    cli.ui.info(err, &format!("basemap: {which}"));
}

/// With `-v`, says which extent a map was fitted to, and whether `--bbox` chose it.
fn report_extent(cli: &Cli, extent: &Extent, from_bbox: bool, err: &mut dyn Write) {
    let how = if from_bbox {
        ", from --bbox"
    } else {
        ", every site with a margin"
    };
    cli.ui.info(
        err,
        &format!(
            "extent: {:.2},{:.2},{:.2},{:.2} (west,south,east,north in degrees){how}",
            extent.west, extent.south, extent.east, extent.north
        ),
    );
}

/// Warns when the maps of the years `from..=to` lie outside the years of the data: they then
/// show the state after the last event (or before the first), which a reader may not expect.
pub fn warn_outside_data(cli: &Cli, data: &Dataset, from: i32, to: i32, err: &mut dyn Write) {
    let Some((first, last)) = data.date_range() else {
        return;
    };
    let (first, last) = (first.year(), last.year());
    let years = |a: i32, b: i32| {
        if a == b {
            format!("the map of {a} shows")
        } else {
            format!("the maps of {a}–{b} show")
        }
    };
    if to > last {
        let shown = years(from.max(last + 1), to);
        cli.ui.warn(
            err,
            &format!(
                "the data ends in {last}: {shown} the state after its last event, with no events of the year"
            ),
        );
    }
    if from < first {
        let shown = years(from, to.min(first - 1));
        cli.ui.warn(
            err,
            &format!("the data begins in {first}: {shown} every site's status as unknown"),
        );
    }
}
