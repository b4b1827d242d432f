//! Reading a whole input with a size limit, so a huge file fails cleanly instead of exhausting memory.

use std::io::Read;

/// The largest input file chronomap reads: 512 MiB.
pub const MAX_INPUT_BYTES: u64 = 512 * 1024 * 1024;

/// Reads everything from `reader`, or fails with a message if it holds more than `limit` bytes.
///
/// ```
/// use chronomap::input::read_all_limited;
/// assert_eq!(read_all_limited(&b"abc"[..], 3).unwrap(), b"abc");
/// assert!(read_all_limited(&b"abcd"[..], 3).is_err());
/// ```
pub fn read_all_limited(reader: impl Read, limit: u64) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
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
