//! The map projection: Lambert conformal conic fitted to the extent, scaled into the map frame.

use super::geometry::Rect;
use crate::scene::Pt;
use proj4rs::proj::Proj;

/// A geographic extent in degrees: west, south, east, north.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Extent {
    /// Western longitude.
    pub west: f64,
    /// Southern latitude.
    pub south: f64,
    /// Eastern longitude.
    pub east: f64,
    /// Northern latitude.
    pub north: f64,
}

impl Extent {
    /// The extent that shows every point with a margin of `margin` degrees (at least 1° tall
    /// and wide), or `None` when there are no points.
    ///
    /// ```
    /// use chronomap::layout::projection::Extent;
    /// let e = Extent::around(&[(74.8, 42.8), (65.9, 38.8)], 1.5).unwrap();
    /// assert_eq!((e.west, e.south, e.east, e.north), (64.4, 37.3, 76.3, 44.3));
    /// ```
    pub fn around(points: &[(f64, f64)], margin: f64) -> Option<Extent> {
        let first = points.first()?;
        let mut e = Extent {
            west: first.0,
            south: first.1,
            east: first.0,
            north: first.1,
        };
        for &(lon, lat) in points {
            e.west = e.west.min(lon);
            e.east = e.east.max(lon);
            e.south = e.south.min(lat);
            e.north = e.north.max(lat);
        }
        let round = |v: f64| (v * 10.0).round() / 10.0;
        Some(Extent {
            west: round((e.west - margin).max(-180.0)),
            south: round((e.south - margin).max(-85.0)),
            east: round((e.east + margin).min(180.0)),
            north: round((e.north + margin).min(85.0)),
        })
    }

    /// Checks that the extent is usable: finite, ordered, within the globe and not too large
    /// for a conic projection.
    pub fn validate(&self) -> Result<(), String> {
        let all = [self.west, self.south, self.east, self.north];
        if all.iter().any(|v| !v.is_finite()) {
            return Err("the bounding box has a value that is not a number".into());
        }
        if self.west >= self.east || self.south >= self.north {
            return Err("the bounding box must be W,S,E,N with W < E and S < N".into());
        }
        if self.west < -180.0 || self.east > 180.0 || self.south < -85.0 || self.north > 85.0 {
            return Err("the bounding box must lie within -180..180 °E and -85..85 °N".into());
        }
        if self.east - self.west > 120.0 || self.north - self.south > 60.0 {
            return Err(
                "the bounding box is too large for a regional map (at most 120° wide and 60° tall)"
                    .into(),
            );
        }
        Ok(())
    }
}

/// Lambert conformal conic with standard parallels at one sixth and five sixths of the
/// extent's latitude range, centred on the extent, scaled and shifted so that the extent
/// fits the frame. The frame may show more than the extent in one direction.
pub struct MapProjection {
    lcc: Proj,
    forward: Lcc,
    geographic: Proj,
    scale: f64,
    center_projected: (f64, f64),
    projected_size: (f64, f64),
    frame: Rect,
}

impl std::fmt::Debug for MapProjection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MapProjection")
            .field("scale", &self.scale)
            .field("frame", &self.frame)
            .finish()
    }
}

impl MapProjection {
    /// Fits the projection for `extent` into `frame`.
    ///
    /// ```
    /// use chronomap::layout::{geometry::Rect, projection::{Extent, MapProjection}};
    /// let extent = Extent { west: 64.0, south: 36.5, east: 81.0, north: 45.0 };
    /// let frame = Rect::new(0.0, 0.0, 1000.0, 600.0);
    /// let p = MapProjection::fit(extent, frame).unwrap();
    /// let (x, y) = p.to_page(72.5, 40.75).unwrap();
    /// assert!((x - 500.0).abs() < 1.0 && y > 250.0 && y < 350.0);
    /// ```
    pub fn fit(extent: Extent, frame: Rect) -> Result<MapProjection, String> {
        extent.validate()?;
        let range = extent.north - extent.south;
        let lat1 = extent.south + range / 6.0;
        let mut lat2 = extent.north - range / 6.0;
        // Parallels the same distance either side of the equator make the cone a cylinder,
        // which the conic formulas cannot take: move the northern one half a degree.
        if (lat1 + lat2).abs() < 0.5 {
            lat2 = -lat1 + 0.5;
        }
        let lat0 = (extent.south + extent.north) / 2.0;
        let lon0 = (extent.west + extent.east) / 2.0;
        let def = format!(
            "+proj=lcc +lat_1={lat1} +lat_2={lat2} +lat_0={lat0} +lon_0={lon0} +x_0=0 +y_0=0 +ellps=WGS84 +units=m +no_defs"
        );
        let lcc = Proj::from_proj_string(&def).map_err(|e| format!("projection: {e}"))?;
        let geographic = Proj::from_proj_string("+proj=longlat +ellps=WGS84 +no_defs")
            .map_err(|e| format!("projection: {e}"))?;
        let mut p = MapProjection {
            lcc,
            forward: Lcc::new(lat1, lat2, lat0, lon0),
            geographic,
            scale: 1.0,
            center_projected: (0.0, 0.0),
            projected_size: (0.0, 0.0),
            frame,
        };
        // The extent's outline, densely sampled, gives its projected bounding box.
        let (mut min_x, mut min_y, mut max_x, mut max_y) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
        let steps = 24;
        for i in 0..=steps {
            let t = f64::from(i) / f64::from(steps);
            let lon = extent.west + t * (extent.east - extent.west);
            let lat = extent.south + t * (extent.north - extent.south);
            for (x, y) in [
                (lon, extent.south),
                (lon, extent.north),
                (extent.west, lat),
                (extent.east, lat),
            ] {
                let (px, py) = p.project(x, y).ok_or("the extent cannot be projected")?;
                min_x = min_x.min(px);
                max_x = max_x.max(px);
                min_y = min_y.min(py);
                max_y = max_y.max(py);
            }
        }
        let w = max_x - min_x;
        let h = max_y - min_y;
        if !(w > 0.0 && h > 0.0) {
            return Err("the extent has no area once projected".into());
        }
        p.scale = (frame.width() / w).min(frame.height() / h);
        p.center_projected = ((min_x + max_x) / 2.0, (min_y + max_y) / 2.0);
        p.projected_size = (w, h);
        Ok(p)
    }

    /// The height the extent takes when fitted to `width` (for choosing a frame's height).
    ///
    /// ```
    /// use chronomap::layout::projection::{Extent, MapProjection};
    /// let e = Extent { west: 64.0, south: 36.5, east: 81.0, north: 45.0 };
    /// let h = MapProjection::fitted_height(e, 1000.0).unwrap();
    /// assert!(h > 600.0 && h < 800.0);
    /// ```
    pub fn fitted_height(extent: Extent, width: f64) -> Option<f64> {
        let p = MapProjection::fit(extent, Rect::new(0.0, 0.0, width, width * 100.0)).ok()?;
        Some(p.projected_size.1 * p.scale)
    }

    /// Projected metres (x east, y north) of a longitude and latitude in degrees.
    pub fn project(&self, lon: f64, lat: f64) -> Option<(f64, f64)> {
        if !lon.is_finite() || !lat.is_finite() || lat.abs() >= 89.9 {
            return None;
        }
        let (x, y) = self.forward.project(lon.to_radians(), lat.to_radians());
        (x.is_finite() && y.is_finite()).then_some((x, y))
    }

    /// The page position of a longitude and latitude in degrees.
    pub fn to_page(&self, lon: f64, lat: f64) -> Option<Pt> {
        let (x, y) = self.project(lon, lat)?;
        let (cx, cy) = self.frame.center();
        Some((
            cx + (x - self.center_projected.0) * self.scale,
            cy - (y - self.center_projected.1) * self.scale,
        ))
    }

    /// The longitude and latitude (degrees) under a page position.
    pub fn to_lonlat(&self, p: Pt) -> Option<(f64, f64)> {
        let (cx, cy) = self.frame.center();
        let mut point = (
            (p.0 - cx) / self.scale + self.center_projected.0,
            (cy - p.1) / self.scale + self.center_projected.1,
            0.0,
        );
        proj4rs::transform::transform(&self.lcc, &self.geographic, &mut point).ok()?;
        Some((point.0.to_degrees(), point.1.to_degrees()))
    }

    /// Page units per projected metre (the scale at the standard parallels).
    pub fn page_units_per_metre(&self) -> f64 {
        self.scale
    }

    /// The map frame.
    pub fn frame(&self) -> Rect {
        self.frame
    }
}

/// The forward Lambert conformal conic on the WGS84 ellipsoid (two standard parallels), as
/// proj's `lcc` computes it (Snyder, Map Projections: A Working Manual, pp. 107–109), written
/// out because the map projects every basemap vertex and a direct formula is several times
/// quicker than a general transform. `MapProjection` keeps proj4rs for the inverse.
#[derive(Debug, Clone, Copy)]
struct Lcc {
    e: f64,
    n: f64,
    af: f64,
    rho0: f64,
    lon0: f64,
}

const WGS84_A: f64 = 6_378_137.0;
const WGS84_F: f64 = 1.0 / 298.257_223_563;

impl Lcc {
    fn new(lat1: f64, lat2: f64, lat0: f64, lon0: f64) -> Lcc {
        let e = (2.0 * WGS84_F - WGS84_F * WGS84_F).sqrt();
        let m = |phi: f64| phi.cos() / (1.0 - e * e * phi.sin().powi(2)).sqrt();
        let (p1, p2, p0) = (lat1.to_radians(), lat2.to_radians(), lat0.to_radians());
        let t = |phi: f64| Lcc::t(e, phi);
        let n = if (p1 - p2).abs() > 1e-10 {
            (m(p1).ln() - m(p2).ln()) / (t(p1).ln() - t(p2).ln())
        } else {
            p1.sin()
        };
        let af = WGS84_A * m(p1) / (n * t(p1).powf(n));
        Lcc {
            e,
            n,
            af,
            rho0: af * t(p0).powf(n),
            lon0: lon0.to_radians(),
        }
    }

    fn t(e: f64, phi: f64) -> f64 {
        let es = e * phi.sin();
        (std::f64::consts::FRAC_PI_4 - phi / 2.0).tan() / ((1.0 - es) / (1.0 + es)).powf(e / 2.0)
    }

    /// Projected metres of a longitude and latitude in radians.
    fn project(&self, lon: f64, lat: f64) -> (f64, f64) {
        let rho = self.af * Lcc::t(self.e, lat).powf(self.n);
        let mut dl = lon - self.lon0;
        // Longitudes differences wrap into -π..π, as proj's adjlon does.
        if dl.abs() > std::f64::consts::PI {
            dl -= (2.0 * std::f64::consts::PI) * (dl / (2.0 * std::f64::consts::PI)).round();
        }
        let theta = self.n * dl;
        (rho * theta.sin(), self.rho0 - rho * theta.cos())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_direct_lcc_agrees_with_proj4rs_to_a_millimetre() {
        for (lat1, lat2, lat0, lon0) in [
            (38.0, 43.5, 40.75, 72.0),
            (55.5, 59.5, 57.5, 22.0),
            (-40.0, -20.0, -30.0, 140.0),
            (10.0, 50.0, 30.0, -100.0),
        ] {
            let def = format!(
                "+proj=lcc +lat_1={lat1} +lat_2={lat2} +lat_0={lat0} +lon_0={lon0} +x_0=0 +y_0=0 +ellps=WGS84 +units=m +no_defs"
            );
            let lcc = Proj::from_proj_string(&def).unwrap();
            let geo = Proj::from_proj_string("+proj=longlat +ellps=WGS84 +no_defs").unwrap();
            let fast = Lcc::new(lat1, lat2, lat0, lon0);
            for dlon in [-60.0, -17.3, 0.0, 5.5, 44.0] {
                for dlat in [-25.0, -3.2, 0.0, 7.7, 20.0] {
                    let (lon, lat) = (lon0 + dlon, lat0 + dlat);
                    let mut p = (f64::to_radians(lon), f64::to_radians(lat), 0.0);
                    proj4rs::transform::transform(&geo, &lcc, &mut p).unwrap();
                    let q = fast.project(lon.to_radians(), lat.to_radians());
                    assert!(
                        (p.0 - q.0).abs() < 1e-3 && (p.1 - q.1).abs() < 1e-3,
                        "{lon},{lat} on {def}: proj4rs {p:?}, direct {q:?}"
                    );
                }
            }
        }
    }
}
