//! What can go wrong while making an animated GIF: frames that do not fit together, and the
//! encoder's own failures.

use std::fmt;

/// Why an animation could not be made.
///
/// ```
/// use chronomap::render::gif::{GifError, encode_gif};
/// let err = encode_gif(&[], 10, 0).unwrap_err();
/// assert!(matches!(err, GifError::NoFrames));
/// assert_eq!(err.to_string(), "there are no frames to encode");
/// ```
#[derive(Debug)]
pub enum GifError {
    /// There was no frame.
    NoFrames,
    /// A frame's size is not one a GIF can hold (1 to 65535 px a side).
    FrameSize {
        /// Width in px.
        width: u32,
        /// Height in px.
        height: u32,
    },
    /// A frame's size differs from the first's; `frame` is its number (from 1) when known.
    OtherSize {
        /// The frame's number, from 1, when known.
        frame: Option<usize>,
        /// Its size in px.
        size: (u32, u32),
        /// The first frame's size in px.
        first: (u32, u32),
    },
    /// A frame's pixel data is not `width × height × 4` bytes long.
    DataLength {
        /// The frame's number, from 1, when known.
        frame: Option<usize>,
        /// The bytes given.
        len: usize,
        /// The bytes expected.
        expected: usize,
    },
    /// A frame of palette indexes does not match the size of the animation.
    IndexCount,
    /// The encoder failed (writing, or an invalid frame).
    Encoding(gif::EncodingError),
}

impl fmt::Display for GifError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GifError::NoFrames => write!(f, "there are no frames to encode"),
            GifError::FrameSize { width, height } => write!(
                f,
                "a GIF frame must be 1 to 65535 px wide and high, not {width}×{height}"
            ),
            GifError::OtherSize {
                frame: Some(n),
                size,
                first,
            } => write!(
                f,
                "frame {n} is {}×{} px but frame 1 is {}×{}: all frames must have one size",
                size.0, size.1, first.0, first.1
            ),
            GifError::OtherSize {
                frame: None,
                size,
                first,
            } => write!(
                f,
                "a frame is {}×{} px but the first is {}×{}: all frames must have one size",
                size.0, size.1, first.0, first.1
            ),
            GifError::DataLength {
                frame,
                len,
                expected,
            } => {
                match frame {
                    Some(n) => write!(f, "frame {n}")?,
                    None => write!(f, "a frame")?,
                }
                write!(f, " has {len} bytes of pixel data, expected {expected}")
            }
            GifError::IndexCount => write!(
                f,
                "a frame's indexes do not match the size of the animation"
            ),
            GifError::Encoding(e) => write!(f, "GIF encoding failed: {e}"),
        }
    }
}

impl std::error::Error for GifError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            GifError::Encoding(e) => Some(e),
            _ => None,
        }
    }
}

impl From<gif::EncodingError> for GifError {
    fn from(e: gif::EncodingError) -> GifError {
        GifError::Encoding(e)
    }
}
