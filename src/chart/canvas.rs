//! A thin pixel-space drawing surface over plotters' SVG backend.

use super::ChartError;
use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::{
    DrawingArea, IntoDrawingArea, PathElement, Polygon, Rectangle, SVGBackend,
};
use plotters::style::{Color, RGBColor, ShapeStyle, TextStyle};

/// Drawing in whole pixels from the top-left corner. Coordinates are rounded here, once.
pub struct Canvas<'a> {
    area: DrawingArea<SVGBackend<'a>, Shift>,
}

fn px(v: f64) -> i32 {
    // Chart coordinates are bounded by the validated chart size, so this never saturates.
    v.round() as i32
}

fn point((x, y): (f64, f64)) -> (i32, i32) {
    (px(x), px(y))
}

fn drawing<E: std::fmt::Display>(e: E) -> ChartError {
    ChartError::Drawing(e.to_string())
}

impl<'a> Canvas<'a> {
    /// A `width`×`height` SVG written into `buf`, filled with `background`.
    pub fn new(
        buf: &'a mut String,
        width: u32,
        height: u32,
        background: RGBColor,
    ) -> Result<Canvas<'a>, ChartError> {
        let area = SVGBackend::with_string(buf, (width, height)).into_drawing_area();
        area.fill(&background).map_err(drawing)?;
        Ok(Canvas { area })
    }

    /// A filled rectangle between two corners; at least one pixel wide and high.
    pub fn rect(
        &self,
        (x0, y0): (f64, f64),
        (x1, y1): (f64, f64),
        colour: RGBColor,
    ) -> Result<(), ChartError> {
        let a = (px(x0.min(x1)), px(y0.min(y1)));
        let b = (px(x0.max(x1)).max(a.0 + 1), px(y0.max(y1)).max(a.1 + 1));
        self.area
            .draw(&Rectangle::new([a, b], colour.filled()))
            .map_err(drawing)
    }

    /// An open polyline.
    pub fn line(
        &self,
        points: &[(f64, f64)],
        colour: RGBColor,
        width: u32,
    ) -> Result<(), ChartError> {
        let pts: Vec<(i32, i32)> = points.iter().copied().map(point).collect();
        let style = ShapeStyle::from(colour).stroke_width(width);
        self.area
            .draw(&PathElement::new(pts, style))
            .map_err(drawing)
    }

    /// A dashed straight line.
    pub fn dashed(
        &self,
        from: (f64, f64),
        to: (f64, f64),
        colour: RGBColor,
        width: u32,
        dash: u32,
        gap: u32,
    ) -> Result<(), ChartError> {
        let style = ShapeStyle::from(colour).stroke_width(width);
        self.area
            .draw(&DashedPathElement::new(
                vec![point(from), point(to)],
                dash,
                gap,
                style,
            ))
            .map_err(drawing)
    }

    /// A filled polygon.
    pub fn polygon(&self, points: &[(f64, f64)], colour: RGBColor) -> Result<(), ChartError> {
        let pts: Vec<(i32, i32)> = points.iter().copied().map(point).collect();
        self.area
            .draw(&Polygon::new(pts, colour.filled()))
            .map_err(drawing)
    }

    /// A line of text at `at`, placed by the style's anchor.
    pub fn text(
        &self,
        text: &str,
        at: (f64, f64),
        style: &TextStyle<'_>,
    ) -> Result<(), ChartError> {
        if text.is_empty() {
            return Ok(());
        }
        self.area.draw_text(text, style, point(at)).map_err(drawing)
    }

    /// Closes the SVG document.
    pub fn finish(self) -> Result<(), ChartError> {
        self.area.present().map_err(drawing)
    }
}
