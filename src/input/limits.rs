//! Reading a whole input with a size limit, so a huge file fails cleanly instead of exhausting memory.

use std::io::Read;

/// The largest input file chronomap reads: 512 MiB.
pub const MAX_INPUT_BYTES: u64 = 512 * 1024 * 1024;
/// The most errors reported for one file before the rest are skipped.
pub const MAX_ERRORS_PER_FILE: usize = 50;

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
    mut reader: impl Read,
    limit: u64,
    expected: u64,
) -> Result<Vec<u8>, String> {
    let too_large = || {
        format!(
            "is larger than the limit of {}; split the data or check that this is the right file",
            show_size(limit)
        )
    };
    // A file that says it is over the limit is refused before a byte is read.
    if expected > limit {
        return Err(too_large());
    }
    // One byte more than the data, so that reading the end needs no growth; never more
    // than the limit allows.
    let ceiling = usize::try_from(limit.saturating_add(1)).unwrap_or(usize::MAX);
    let room = usize::try_from(expected.saturating_add(1))
        .unwrap_or(usize::MAX)
        .min(ceiling);
    let mut bytes = Vec::new();
    let _ = bytes.try_reserve_exact(room);
    // The buffer grows by doubling, but never past limit + 1 bytes, so an endless input stops
    // at the limit instead of at twice it.
    loop {
        if bytes.len() >= ceiling {
            break;
        }
        if bytes.len() == bytes.capacity() {
            let grow = bytes.capacity().max(64 * 1024).min(ceiling - bytes.len());
            bytes.try_reserve_exact(grow).map_err(|_| {
                format!(
                    "could not be read: out of memory after {} bytes",
                    bytes.len()
                )
            })?;
        }
        // Read into the room there is (read_to_end does not grow a buffer whose reader
        // ends exactly at its capacity); a short read means the input has ended.
        let spare = (bytes.capacity().min(ceiling) - bytes.len()) as u64;
        let n = reader
            .by_ref()
            .take(spare)
            .read_to_end(&mut bytes)
            .map_err(|e| format!("could not be read: {e}"))?;
        if (n as u64) < spare {
            break;
        }
    }
    if bytes.len() as u64 > limit {
        return Err(too_large());
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

    /// A reader of endless bytes that remembers the largest buffer it was handed.
    struct Endless {
        largest_offer: usize,
        total: usize,
    }

    impl Read for Endless {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            self.largest_offer = self.largest_offer.max(self.total + buf.len());
            buf.fill(0);
            self.total += buf.len();
            Ok(buf.len())
        }
    }

    #[test]
    fn an_endless_input_is_read_only_to_one_byte_past_the_limit() {
        let mut endless = Endless {
            largest_offer: 0,
            total: 0,
        };
        let limit = 3 * 1024 * 1024 + 5;
        let e = read_all_limited(&mut endless, limit).unwrap_err();
        assert!(e.contains("larger than the limit"), "{e}");
        // Never more than limit + 1 bytes were asked for (the buffer stays within that).
        assert_eq!(endless.total as u64, limit + 1);
        assert!(endless.largest_offer as u64 <= limit + 1);
    }

    #[test]
    fn a_file_that_says_it_is_too_large_is_not_read() {
        let mut endless = Endless {
            largest_offer: 0,
            total: 0,
        };
        assert!(read_all_limited_sized(&mut endless, 100, 101).is_err());
        assert_eq!(endless.total, 0);
    }
}
