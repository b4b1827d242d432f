//! Reading a whole input with a size limit, so a huge file fails cleanly instead of exhausting memory.

use std::io::Read;

/// The largest input file chronomap reads: 512 MiB.
pub const MAX_INPUT_BYTES: u64 = 512 * 1024 * 1024;
/// The largest `dataset.toml` read: it holds three short lines.
pub const MAX_METADATA_BYTES: u64 = 64 * 1024;

/// Reads everything from `reader`, or fails with a message if it holds more than `limit` bytes.
///
/// ```
/// use chronomap::input::read_all_limited;
/// assert_eq!(read_all_limited(&b"abc"[..], 3).unwrap(), b"abc");
/// assert!(read_all_limited(&b"abcd"[..], 3).is_err());
/// ```
pub fn read_all_limited(reader: impl Read, limit: u64) -> Result<Vec<u8>, String> {
    read_all_limited_sized(reader, limit, 0)
}

/// Like [`read_all_limited`], with room for `expected` bytes (say, the file's size) made up
/// front: a large input is then read into one buffer instead of being copied each time
/// the buffer grows. A wrong guess costs nothing but that.
///
/// ```
/// use chronomap::input::read_all_limited_sized;
/// assert_eq!(read_all_limited_sized(&b"abc"[..], 3, 3).unwrap(), b"abc");
/// assert!(read_all_limited_sized(&b"abcd"[..], 3, 1).is_err());
/// ```
pub fn read_all_limited_sized(
    reader: impl Read,
    limit: u64,
    expected: u64,
) -> Result<Vec<u8>, String> {
    // One byte more than the data, so that reading the end needs no growth; never more
    // than the limit allows.
    let room = expected.min(limit).saturating_add(1);
    let mut bytes = Vec::new();
    let _ = bytes.try_reserve_exact(usize::try_from(room).unwrap_or(0));
    reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| format!("could not be read: {e}"))?;
    if bytes.len() as u64 > limit {
        return Err(format!(
            "is larger than the limit of {}; split the data or check that this is the right file",
            show_size(limit)
        ));
    }
    Ok(bytes)
}

/// A size in whole MiB when it is one, otherwise in bytes (a limit of 1000 is not "0 MiB").
fn show_size(bytes: u64) -> String {
    const MIB: u64 = 1024 * 1024;
    if bytes >= MIB && bytes % MIB == 0 {
        format!("{} MiB", bytes / MIB)
    } else {
        format!("{bytes} bytes")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_limit_is_shown_in_a_readable_unit() {
        assert_eq!(show_size(MAX_INPUT_BYTES), "512 MiB");
        assert_eq!(show_size(1000), "1000 bytes");
        let e = read_all_limited(&[b'x'; 11][..], 10).unwrap_err();
        assert_eq!(
            e,
            "is larger than the limit of 10 bytes; split the data or check that this is the right file"
        );
    }
}
