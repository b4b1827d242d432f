//! The flags shared by every command that draws a map: size, paper, DPI, extent and title.

use super::Failure;
use crate::layout::projection::Extent;
use crate::layout::style::MapStyle;
use crate::theme::{PRESETS, Theme};
use crate::theme::{file::read_style, paper::resolve_page};
use std::sync::Arc;

/// The `--style` flag, shared by every command that draws or styles something.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct StyleArg {
    /// A style file (TOML; `chronomap style` prints every key) or a built-in style:
    /// default, print-mono, dark.
    #[arg(long, value_name = "FILE|NAME")]
    pub style: Option<String>,
}

impl StyleArg {
    /// The resolved style: the file, the built-in style of that name, or the default.
    /// A bad file is a data error (exit 1) naming the file, line and key.
    pub fn theme(&self) -> Result<Theme, Failure> {
        let Some(value) = self.style.as_deref() else {
            return Ok(Theme::default());
        };
        let path = std::path::Path::new(value);
        match std::fs::File::open(path) {
            Ok(file) => {
                if !file.metadata().is_ok_and(|m| m.is_file()) {
                    return Err(Failure::data(format!("{value}: is not a regular file")));
                }
                read_style(file, value).map_err(|d| super::data::report(&[*d]))
            }
            Err(e) => match Theme::preset(value) {
                Some(t) => Ok(t),
                None if e.kind() == std::io::ErrorKind::NotFound => Err(Failure::usage(format!(
                    "--style {value:?}: no such file, and not a built-in style ({})",
                    PRESETS.join(", ")
                ))),
                None => Err(Failure::data(format!("{value}: could not be opened: {e}"))),
            },
        }
    }
}

/// Page and map flags.
#[derive(Debug, Clone, clap::Args)]
pub struct MapArgs {
    /// Page width in pixels, with --height (default 1600×1000).
    #[arg(long, value_name = "PX", conflicts_with = "paper", requires = "height")]
    pub width: Option<u32>,
    /// Page height in pixels, with --width.
    #[arg(long, value_name = "PX", conflicts_with = "paper", requires = "width")]
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
    /// The map's language: en, ru or ky; two for bilingual labels (ru,en). Names come from
    /// name_CODE properties, falling back to English.
    #[arg(long, value_name = "CODE[,CODE]")]
    pub lang: Option<String>,
    /// Draw the shaded relief even where the style turns it off
    #[arg(long, conflicts_with = "no_relief")]
    pub relief: bool,
    /// Leave out the shaded relief, whatever the style says.
    #[arg(long)]
    pub no_relief: bool,
    /// The house style (`--style`).
    #[command(flatten)]
    pub style: StyleArg,
}

impl MapArgs {
    /// Checks the flags and turns them into a style.
    pub fn style(&self) -> Result<MapStyle, Failure> {
        let usage = |m: String| Failure::usage(m);
        let mut theme = self.style.theme()?;
        if let Some(text) = &self.lang {
            let langs = crate::lang::Languages::parse(text).map_err(|e| usage(e.to_string()))?;
            theme = theme.with_languages(langs);
        }
        if self.relief {
            theme.layers.relief = true;
        }
        if self.no_relief {
            theme.layers.relief = false;
        }
        let page = resolve_page(
            &theme.page,
            self.width,
            self.height,
            self.paper.as_deref(),
            self.dpi,
        )
        .map_err(|m| match &self.paper {
            Some(name) if crate::layout::page::Paper::parse(name).is_none() => {
                usage(format!("--paper {m}"))
            }
            Some(_) => usage(format!("--paper/--dpi: {m}")),
            None => usage(format!("--width/--height/--dpi: {m}")),
        })?;
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
            theme: Arc::new(theme),
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
