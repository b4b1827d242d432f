//! GeoPackage binary geometry: the `GP` header with an envelope, then a WKB point.

/// The SRS id of WGS 84 longitude/latitude (EPSG:4326).
pub const WGS84_SRS_ID: i32 = 4326;

/// Encodes a point as a GeoPackage geometry blob (GeoPackage 1.x, §2.1.3): magic `GP`,
/// version 0, flags `0x03` (little-endian, envelope `[minx, maxx, miny, maxy]`), the
/// SRS id, the envelope, then the point as little-endian WKB (type 1).
///
/// ```
/// use chronomap::export::gpkg_point;
/// let blob = gpkg_point(74.5, 42.25);
/// assert_eq!(&blob[..4], b"GP\x00\x03");
/// assert_eq!(i32::from_le_bytes(blob[4..8].try_into().unwrap()), 4326);
/// assert_eq!(blob.len(), 8 + 32 + 21);
/// ```
pub fn gpkg_point(lon: f64, lat: f64) -> Vec<u8> {
    gpkg_point_bytes(lon, lat).to_vec()
}

/// [`gpkg_point`] as a fixed-size array, built on the stack.
pub(crate) fn gpkg_point_bytes(lon: f64, lat: f64) -> [u8; 61] {
    let mut b = [0u8; 61];
    b[0..2].copy_from_slice(b"GP");
    b[2] = 0; // version 1.0 of the binary format
    b[3] = 0b0000_0011; // bit 0: little-endian; bits 1-3 = 1: envelope minx,maxx,miny,maxy
    b[4..8].copy_from_slice(&WGS84_SRS_ID.to_le_bytes());
    for (k, v) in [lon, lon, lat, lat].into_iter().enumerate() {
        b[8 + 8 * k..16 + 8 * k].copy_from_slice(&v.to_le_bytes());
    }
    b[40] = 1; // WKB little-endian
    b[41..45].copy_from_slice(&1u32.to_le_bytes()); // wkbPoint
    b[45..53].copy_from_slice(&lon.to_le_bytes());
    b[53..61].copy_from_slice(&lat.to_le_bytes());
    b
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn envelope_and_point_are_little_endian_doubles() {
        let b = gpkg_point(-1.5, 2.0);
        let f = |i: usize| f64::from_le_bytes(b[i..i + 8].try_into().unwrap());
        assert_eq!((f(8), f(16), f(24), f(32)), (-1.5, -1.5, 2.0, 2.0));
        assert_eq!(b[40], 1);
        assert_eq!(u32::from_le_bytes(b[41..45].try_into().unwrap()), 1);
        assert_eq!((f(45), f(53)), (-1.5, 2.0));
    }
}
