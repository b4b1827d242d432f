//! Streaming a layer into text formats: a format appends each row to a buffer, and the
//! buffer goes to its writer in large chunks.

use super::layer::{Feature, GisLayer};
use std::io::{self, Write};

/// Size at which a [`Chunked`] buffer is handed to its writer.
const CHUNK: usize = 256 * 1024;

/// A byte buffer that a format fills freely and that goes to the writer in large chunks:
/// no system call or error check per field, and memory bounded by the chunk size.
pub(crate) struct Chunked<'w> {
    /// The text not yet written.
    pub(crate) buf: Vec<u8>,
    out: &'w mut dyn Write,
}

impl<'w> Chunked<'w> {
    pub(crate) fn new(out: &'w mut dyn Write) -> Chunked<'w> {
        Chunked {
            buf: Vec::with_capacity(CHUNK + CHUNK / 4),
            out,
        }
    }

    /// Writes the buffer out once it has reached the chunk size.
    pub(crate) fn flush_if_full(&mut self) -> io::Result<()> {
        if self.buf.len() >= CHUNK {
            self.out.write_all(&self.buf)?;
            self.buf.clear();
        }
        Ok(())
    }

    /// Writes whatever is left and flushes the writer.
    pub(crate) fn finish(mut self) -> io::Result<()> {
        self.out.write_all(&self.buf)?;
        self.buf.clear();
        self.out.flush()
    }
}

/// A text format written one feature at a time.
pub(crate) trait RowFormat {
    /// Appends what comes before the first feature.
    fn begin(&mut self, b: &mut Vec<u8>);
    /// Appends one feature.
    fn row(&mut self, b: &mut Vec<u8>, feature: &Feature);
    /// Appends what comes after the last feature.
    fn end(&mut self, b: &mut Vec<u8>);
}

/// Writes `layer` in each format into its writer, building each feature once for all of
/// them (a row costs more to build than to format at scale).
pub(crate) fn write_rows(
    layer: &GisLayer,
    outputs: &mut [(&mut dyn RowFormat, &mut dyn Write)],
) -> io::Result<()> {
    let mut chunks: Vec<(&mut dyn RowFormat, Chunked<'_>)> = outputs
        .iter_mut()
        .map(|(format, out)| (&mut **format, Chunked::new(&mut **out)))
        .collect();
    for (format, w) in &mut chunks {
        format.begin(&mut w.buf);
    }
    layer.for_each(|feature| {
        for (format, w) in chunks.iter_mut() {
            format.row(&mut w.buf, feature);
            w.flush_if_full()?;
        }
        Ok::<(), io::Error>(())
    })?;
    for (format, mut w) in chunks {
        format.end(&mut w.buf);
        w.finish()?;
    }
    Ok(())
}
