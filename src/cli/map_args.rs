//! The flags shared by every command that draws a map: size, paper, DPI, extent and title.

use super::Failure;
use crate::layout::page::{PageSize, Paper};
use crate::layout::projection::Extent;
use crate::layout::style::MapStyle;

/// Page and map flags.
#[derive(Debug, Clone, clap::Args)]
pub struct MapArgs {
    /// Page width in pixels (with --height; default 1600).
    #[arg(long, value_name = "PX", conflicts_with = "paper")]
    pub width: Option<u32>,
    /// Page height in pixels (with --width; default 1000).
    #[arg(long, value_name = "PX", conflicts_with = "paper")]
    pub height: Option<u32>,
    /// A paper size instead of pixels: a4, a4-landscape or letter (landscape).
    #[arg(long, value_name = "SIZE")]
    pub paper: Option<String>,
    /// Dots per inch: sets the pixel size of --paper and is recorded in PNG and PDF files
    /// (default 96, or 300 with --paper).
    #[arg(long, value_name = "N")]
    pub dpi: Option<u32>,
    /// The map extent as west,south,east,north in degrees (default: every site with a margin).
    #[arg(long, value_name = "W,S,E,N", allow_hyphen_values = true)]
    pub bbox: Option<String>,
    /// The map title.
    #[arg(long, value_name = "TEXT")]
    pub title: Option<String>,
}

impl MapArgs {
    /// Checks the flags and turns them into a style.
    pub fn style(&self) -> Result<MapStyle, Failure> {
        let usage = |m: String| Failure::usage(format!("error: {m}"));
        let page = match &self.paper {
            Some(name) => {
                let paper = Paper::parse(name).ok_or_else(|| {
                    usage(format!(
                        "--paper {name:?} is not a paper size I know; use a4, a4-landscape or letter"
                    ))
                })?;
                PageSize::paper(paper, self.dpi.unwrap_or(300))
                    .map_err(|m| usage(format!("--paper/--dpi: {m}")))?
            }
            None => {
                let w = self.width.unwrap_or(1600);
                let h = self.height.unwrap_or(1000);
                PageSize::pixels_at(w, h, self.dpi.unwrap_or(96))
                    .map_err(|m| usage(format!("--width/--height/--dpi: {m}")))?
            }
        };
        let extent = self
            .bbox
            .as_deref()
            .map(parse_bbox)
            .transpose()
            .map_err(usage)?;
        Ok(MapStyle {
            page,
            extent,
            title: self.title.clone(),
            subtitle: None,
            credit: None,
            compact: false,
        })
    }
}

/// Parses `W,S,E,N`.
///
/// ```
/// # use chronomap::cli::map_args::parse_bbox;
/// let e = parse_bbox("64,36.5,81,45").unwrap();
/// assert_eq!((e.west, e.north), (64.0, 45.0));
/// assert!(parse_bbox("64,36.5,81").is_err());
/// assert!(parse_bbox("81,36.5,64,45").is_err());
/// ```
pub fn parse_bbox(text: &str) -> Result<Extent, String> {
    let parts: Vec<&str> = text.split(',').map(str::trim).collect();
    if parts.len() != 4 {
        return Err(format!(
            "--bbox {text:?} needs four numbers: west,south,east,north (for example 64,36.5,81,45)"
        ));
    }
    let mut v = [0.0f64; 4];
    for (slot, part) in v.iter_mut().zip(&parts) {
        *slot = part
            .parse::<f64>()
            .map_err(|_| format!("--bbox {text:?}: {part:?} is not a number"))?;
    }
    let e = Extent {
        west: v[0],
        south: v[1],
        east: v[2],
        north: v[3],
    };
    e.validate().map_err(|m| format!("--bbox {text:?}: {m}"))?;
    Ok(e)
}
