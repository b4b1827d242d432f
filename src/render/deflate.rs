//! Deflate compression in independent pieces: each piece ends on a byte boundary, so the
//! bands of a page are compressed on all cores at once and joined into one zlib stream.
//!
//! A piece is one dynamic-Huffman block (RFC 1951, section 3.2.7) whose codes are built from
//! the piece's own byte counts, then an empty stored block that ends it on a byte boundary
//! (what zlib calls a sync flush). The only repeats it codes are runs of zero bytes, as
//! matches at distance 1: filtered rows of flat colour are mostly zeros, and looking for
//! nothing else keeps the coder at a few cycles a byte. [`zlib_stream`] puts the zlib
//! header before the pieces and an empty final block and the Adler-32 of all the data,
//! combined from each piece's own, after them. The output depends only on the data and on
//! how it was cut into pieces, never on the number of threads.

/// The longest match deflate codes.
const MAX_MATCH: usize = 258;

/// Literal bytes 0–255, the end of block (256) and the 29 length codes (257–285).
const LIT_LEN_SYMBOLS: usize = 286;

/// The end-of-block symbol.
const END_OF_BLOCK: usize = 256;

/// The longest Huffman code deflate allows for literals and lengths.
const MAX_CODE_BITS: u8 = 15;

/// The longest code for the code-length alphabet.
const MAX_CODE_LENGTH_BITS: u8 = 7;

/// The order in which the code-length alphabet's own lengths are stored (RFC 1951).
const CODE_LENGTH_ORDER: [usize; 19] = [
    16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15,
];

/// The shortest length of each of the 29 length codes, and its number of extra bits.
const LENGTH_BASE: [u16; 29] = [
    3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131,
    163, 195, 227, 258,
];
const LENGTH_EXTRA: [u8; 29] = [
    0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
];

/// The length code (0–28, symbol 257 + code) of each match length 0–258 (0–2 unused).
const LENGTH_CODE: [u8; MAX_MATCH + 1] = {
    let mut table = [0u8; MAX_MATCH + 1];
    let mut code = 0;
    let mut len = 3;
    while len <= MAX_MATCH {
        while code + 1 < LENGTH_BASE.len() && LENGTH_BASE[code + 1] as usize <= len {
            code += 1;
        }
        table[len] = code as u8;
        len += 1;
    }
    table
};

/// Compressed data that [`zlib_stream`] joins with other pieces; made by [`PieceWriter`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    /// Whole deflate blocks, none of them final, ending on a byte boundary.
    bytes: Vec<u8>,
    /// The Adler-32 checksum of the uncompressed data.
    adler: u32,
    /// How many bytes the data had.
    len: usize,
}

impl Piece {
    /// How many compressed bytes the piece holds.
    pub fn compressed_len(&self) -> usize {
        self.bytes.len()
    }
}

/// A piece being written: the block header is out, data follows in calls to
/// [`PieceWriter::write`] (repeats are found within a call, not across calls).
///
/// ```
/// use chronomap::render::deflate::{PieceWriter, zlib_stream};
/// let rows = [[1u8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 7], [1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2]];
/// // The codes are fitted to the first row; the second is coded with them all the same.
/// let mut piece = PieceWriter::new(&rows[0], 22);
/// rows.iter().for_each(|row| piece.write(row));
/// let stream = zlib_stream(&[piece.finish()]);
/// let back = miniz_oxide::inflate::decompress_to_vec_zlib(&stream).unwrap();
/// assert_eq!(back, rows.concat());
/// ```
pub struct PieceWriter {
    /// Each literal's code in the low bits and its length from bit 16.
    literal: [u32; 256],
    /// The lengths and codes of all literal/length symbols.
    lengths: Vec<u8>,
    codes: Vec<u16>,
    out: BitWriter,
    adler: simd_adler32::Adler32,
    len: usize,
}

impl PieceWriter {
    /// Starts a piece whose codes fit the byte counts of `sample`; every symbol gets a code,
    /// so data unlike the sample is still coded, only in more bits. `expected` is about how
    /// many bytes of data will be written: room for them, compressed as the sample would be,
    /// is made at once, so the output rarely grows (and copies) as it is written.
    pub fn new(sample: &[u8], expected: usize) -> PieceWriter {
        let mut counts = Counts {
            freq: [1u32; LIT_LEN_SYMBOLS],
        };
        for_each_token(sample, &mut counts);
        let lengths = code_lengths(&counts.freq, MAX_CODE_BITS);
        let codes = canonical_codes(&lengths);
        // Room for what the sample's codes say the data will take, and a tenth more.
        let sample_bits: u64 = (counts.freq.iter().zip(&lengths))
            .map(|(&f, &l)| u64::from(f) * u64::from(l))
            .sum();
        let per_byte = sample_bits as f64 / 8.0 / sample.len().max(1) as f64;
        let mut out = BitWriter::with_capacity((expected as f64 * per_byte * 1.1) as usize + 1024);
        out.bits(0, 1); // not the final block
        out.bits(2, 2); // codes of its own (dynamic Huffman)
        write_code_lengths(&mut out, &lengths);
        let literal = std::array::from_fn(|s| u32::from(codes[s]) | u32::from(lengths[s]) << 16);
        PieceWriter {
            literal,
            lengths,
            codes,
            out,
            adler: simd_adler32::Adler32::new(),
            len: 0,
        }
    }

    /// Codes `data`.
    pub fn write(&mut self, data: &[u8]) {
        self.adler.write(data);
        self.len += data.len();
        for_each_token(data, self);
    }

    /// Ends the piece on a byte boundary.
    pub fn finish(mut self) -> Piece {
        let eob = END_OF_BLOCK;
        self.out
            .bits(u64::from(self.codes[eob]), u32::from(self.lengths[eob]));
        // An empty stored block brings the piece to a byte boundary.
        self.out.bits(0, 3);
        self.out.align();
        self.out.bytes(&[0, 0, 0xff, 0xff]);
        Piece {
            bytes: self.out.out,
            adler: self.adler.finish(),
            len: self.len,
        }
    }

    /// One literal's code and its length in bits.
    #[inline(always)]
    fn code(&self, byte: u8) -> (u64, u32) {
        let packed = self.literal[usize::from(byte)];
        (u64::from(packed & 0xffff), packed >> 16)
    }
}

/// What [`for_each_token`] hands its tokens to.
trait TokenSink {
    /// One literal byte.
    fn literal(&mut self, byte: u8);
    /// Eight literal bytes, in the order of the word's little-endian bytes.
    fn literals(&mut self, word: u64) {
        word.to_le_bytes().into_iter().for_each(|b| self.literal(b));
    }
    /// A repeat of the byte before, `len` (3–258) times.
    fn repeat(&mut self, len: usize);
}

/// Counts symbols, for codes to be fitted to them.
struct Counts {
    freq: [u32; LIT_LEN_SYMBOLS],
}

impl TokenSink for Counts {
    fn literal(&mut self, byte: u8) {
        self.freq[usize::from(byte)] += 1;
    }

    fn repeat(&mut self, len: usize) {
        self.freq[257 + usize::from(LENGTH_CODE[len])] += 1;
    }
}

impl TokenSink for PieceWriter {
    #[inline(always)]
    fn literal(&mut self, byte: u8) {
        let (code, bits) = self.code(byte);
        self.out.bits(code, bits);
    }

    /// Four codes at a time: at most 60 bits.
    #[inline(always)]
    fn literals(&mut self, word: u64) {
        let b = word.to_le_bytes();
        for half in [&b[..4], &b[4..]] {
            let (c0, n0) = self.code(half[0]);
            let (c1, n1) = self.code(half[1]);
            let (c2, n2) = self.code(half[2]);
            let (c3, n3) = self.code(half[3]);
            let value = c0 | c1 << n0 | c2 << (n0 + n1) | c3 << (n0 + n1 + n2);
            self.out.bits(value, n0 + n1 + n2 + n3);
        }
    }

    fn repeat(&mut self, len: usize) {
        let code = usize::from(LENGTH_CODE[len]);
        let symbol = 257 + code;
        let bits = u32::from(self.lengths[symbol]);
        let extra_bits = u32::from(LENGTH_EXTRA[code]);
        let extra = (len - usize::from(LENGTH_BASE[code])) as u64;
        // The length, its extra bits, then distance code 0 (distance 1): one 0 bit.
        let value = u64::from(self.codes[symbol]) | extra << bits;
        self.out.bits(value, bits + extra_bits + 1);
    }
}

/// A zlib stream (RFC 1950) of the pieces' data in order.
///
/// ```
/// use chronomap::render::deflate::{Piece, zlib_stream};
/// let stream = zlib_stream(&[]);
/// // Header, an empty final block, and the checksum of nothing (1).
/// assert_eq!(stream, [0x78, 0x01, 0x03, 0x00, 0, 0, 0, 1]);
/// ```
pub fn zlib_stream(pieces: &[Piece]) -> Vec<u8> {
    let size: usize = pieces.iter().map(|p| p.bytes.len()).sum();
    let mut out = Vec::with_capacity(size + 8);
    append_zlib_stream(&mut out, pieces.iter());
    out
}

/// Appends the zlib stream of `pieces` to `out` (see [`zlib_stream`]).
pub(crate) fn append_zlib_stream<'a>(
    out: &mut Vec<u8>,
    pieces: impl IntoIterator<Item = &'a Piece>,
) {
    // Deflate with a 32 KiB window; the check bits make the pair a multiple of 31.
    out.extend_from_slice(&[0x78, 0x01]);
    let mut adler = 1;
    for piece in pieces {
        out.extend_from_slice(&piece.bytes);
        adler = adler32_combine(adler, piece.adler, piece.len);
    }
    // The final block: empty, with the fixed codes (BFINAL 1, type 01, end of block 0000000).
    out.extend_from_slice(&[0x03, 0x00]);
    out.extend_from_slice(&adler.to_be_bytes());
}

/// The Adler-32 of data `a` followed by data `b`, from the checksum of each and the length
/// of `b`: the sums of `b` restart at 1, and each of its bytes adds `a`'s first sum once more
/// to the second sum.
fn adler32_combine(a: u32, b: u32, len_b: usize) -> u32 {
    const MOD: u64 = 65521;
    let (a1, a2) = (u64::from(a & 0xffff), u64::from(a >> 16));
    let (b1, b2) = (u64::from(b & 0xffff), u64::from(b >> 16));
    let n = len_b as u64 % MOD;
    let s1 = (a1 + b1 + MOD - 1) % MOD;
    let s2 = (a2 + b2 + n * ((a1 + MOD - 1) % MOD)) % MOD;
    (s2 << 16 | s1) as u32
}

/// Cuts `data` into tokens eight bytes at a time: a word of eight zeros starts a run of
/// zeros, coded as one zero and repeats of it; any other word is eight literals.
fn for_each_token(data: &[u8], sink: &mut impl TokenSink) {
    let mut i = 0;
    while let Some(bytes) = data.get(i..i + 8) {
        let word = u64::from_le_bytes(bytes.try_into().unwrap_or([0xff; 8]));
        if word != 0 {
            sink.literals(word);
            i += 8;
            continue;
        }
        let run = zero_run(&data[i..]);
        i += run;
        sink.literal(0);
        let mut left = run - 1;
        while left >= 3 {
            let len = left.min(MAX_MATCH);
            sink.repeat(len);
            left -= len;
        }
        (0..left).for_each(|_| sink.literal(0));
    }
    data[i..].iter().for_each(|&b| sink.literal(b));
}

/// How many zero bytes `data` starts with, eight at a time.
fn zero_run(data: &[u8]) -> usize {
    let mut words = data.chunks_exact(8);
    let mut run = 0;
    for word in &mut words {
        let value = u64::from_le_bytes(word.try_into().unwrap_or([0xff; 8]));
        if value != 0 {
            return run + value.trailing_zeros() as usize / 8;
        }
        run += 8;
    }
    run + words.remainder().iter().take_while(|&&b| b == 0).count()
}

/// Huffman code lengths for symbols with frequencies `freq`, none longer than `limit` bits.
/// At least two symbols get a code, so the code is always complete; a code too long is
/// avoided by halving the frequencies (rounding up) until none is.
fn code_lengths(freq: &[u32], limit: u8) -> Vec<u8> {
    let mut weights: Vec<u64> = freq.iter().map(|&f| u64::from(f)).collect();
    let used = weights.iter().filter(|&&w| w > 0).count();
    // One symbol or none: give the first unused ones a weight, for a two-code code.
    for w in weights
        .iter_mut()
        .filter(|w| **w == 0)
        .take(2usize.saturating_sub(used))
    {
        *w = 1;
    }
    loop {
        let lengths = huffman_lengths(&weights);
        if lengths.iter().all(|&l| l <= limit) {
            return lengths;
        }
        weights
            .iter_mut()
            .filter(|w| **w > 0)
            .for_each(|w| *w = w.div_ceil(2));
    }
}

/// Unlimited Huffman code lengths for `weights` (0 = no code), built with two queues: the
/// leaves in order of weight, and the joined nodes, which are made in order of weight.
fn huffman_lengths(weights: &[u64]) -> Vec<u8> {
    let mut leaves: Vec<(u64, usize)> = weights
        .iter()
        .enumerate()
        .filter(|&(_, &w)| w > 0)
        .map(|(s, &w)| (w, s))
        .collect();
    leaves.sort_unstable();
    let mut lengths = vec![0u8; weights.len()];
    let m = leaves.len();
    if m < 2 {
        leaves.iter().for_each(|&(_, s)| lengths[s] = 1);
        return lengths;
    }
    // Nodes 0..m are the leaves, m.. the joined nodes; a parent comes after its children.
    let mut weight: Vec<u64> = leaves.iter().map(|&(w, _)| w).collect();
    let mut parent = vec![0usize; 2 * m - 1];
    let (mut next_leaf, mut next_joined) = (0, m);
    for _ in 0..m - 1 {
        let mut take = || {
            let leaf_first = next_leaf < m
                && (next_joined >= weight.len() || weight[next_leaf] <= weight[next_joined]);
            if leaf_first {
                next_leaf += 1;
                next_leaf - 1
            } else {
                next_joined += 1;
                next_joined - 1
            }
        };
        let (a, b) = (take(), take());
        parent[a] = weight.len();
        parent[b] = weight.len();
        weight.push(weight[a] + weight[b]);
    }
    let mut depth = vec![0u8; 2 * m - 1];
    for node in (0..2 * m - 2).rev() {
        depth[node] = depth[parent[node]].saturating_add(1);
    }
    for (k, &(_, s)) in leaves.iter().enumerate() {
        lengths[s] = depth[k];
    }
    lengths
}

/// The canonical codes (RFC 1951, section 3.2.2) for `lengths`, bit-reversed, because
/// deflate packs codes from their first bit into the low bits of each byte.
fn canonical_codes(lengths: &[u8]) -> Vec<u16> {
    let mut count = [0u16; 16];
    lengths
        .iter()
        .filter(|&&l| l > 0)
        .for_each(|&l| count[usize::from(l)] += 1);
    let mut next = [0u16; 16];
    let mut code = 0u16;
    for bits in 1..16 {
        code = (code + count[bits - 1]) << 1;
        next[bits] = code;
    }
    lengths
        .iter()
        .map(|&l| {
            if l == 0 {
                return 0;
            }
            let c = next[usize::from(l)];
            next[usize::from(l)] += 1;
            c.reverse_bits() >> (16 - u16::from(l))
        })
        .collect()
}

/// Writes the block header after its type: how many codes there are, the code-length code,
/// and the literal/length and distance code lengths in it. There are two distance codes of
/// one bit each (distances 1 and 2), a complete code every decoder accepts; only distance 1
/// is used.
fn write_code_lengths(out: &mut BitWriter, lengths: &[u8]) {
    let lit_count = (257..=LIT_LEN_SYMBOLS)
        .rev()
        .find(|&n| lengths[n - 1] > 0)
        .unwrap_or(257);
    let mut all = lengths[..lit_count].to_vec();
    all.extend_from_slice(&[1, 1]);
    // The lengths, with runs of zeros as symbols 17 (3–10) and 18 (11–138).
    let mut coded: Vec<(u8, u8)> = Vec::with_capacity(all.len());
    let mut i = 0;
    while i < all.len() {
        let zeros = all[i..].iter().take(138).take_while(|&&l| l == 0).count();
        let (symbol, extra, step) = match zeros {
            11.. => (18, zeros - 11, zeros),
            3.. => (17, zeros - 3, zeros),
            _ => (all[i], 0, 1),
        };
        coded.push((symbol, extra as u8));
        i += step;
    }
    let mut freq = [0u32; 19];
    coded.iter().for_each(|&(s, _)| freq[usize::from(s)] += 1);
    let cl_lengths = code_lengths(&freq, MAX_CODE_LENGTH_BITS);
    let cl_codes = canonical_codes(&cl_lengths);
    let stored = CODE_LENGTH_ORDER
        .iter()
        .rposition(|&s| cl_lengths[s] > 0)
        .map_or(4, |p| (p + 1).max(4));
    out.bits((lit_count - 257) as u64, 5);
    out.bits(1, 5); // two distance codes
    out.bits((stored - 4) as u64, 4);
    for &s in &CODE_LENGTH_ORDER[..stored] {
        out.bits(u64::from(cl_lengths[s]), 3);
    }
    for (symbol, extra) in coded {
        let s = usize::from(symbol);
        out.bits(u64::from(cl_codes[s]), u32::from(cl_lengths[s]));
        match symbol {
            17 => out.bits(u64::from(extra), 3),
            18 => out.bits(u64::from(extra), 7),
            _ => {}
        }
    }
}

/// Bits packed from the low end of each byte, as deflate stores them.
struct BitWriter {
    out: Vec<u8>,
    /// Bits not yet written out: fewer than 64.
    pending: u64,
    count: u32,
}

impl BitWriter {
    fn with_capacity(bytes: usize) -> BitWriter {
        BitWriter {
            out: Vec::with_capacity(bytes),
            pending: 0,
            count: 0,
        }
    }

    /// Adds the low `n` (at most 63) bits of `value`, whose higher bits are zero.
    #[inline(always)]
    fn bits(&mut self, value: u64, n: u32) {
        self.pending |= value << self.count;
        let total = self.count + n;
        if total < 64 {
            self.count = total;
            return;
        }
        self.out.extend_from_slice(&self.pending.to_le_bytes());
        // The bits of `value` that did not fit (none when it started a fresh word).
        self.pending = value.checked_shr(64 - self.count).unwrap_or(0);
        self.count = total - 64;
    }

    /// Pads with zero bits to the next byte boundary and writes out every pending byte.
    fn align(&mut self) {
        self.count = self.count.div_ceil(8) * 8;
        while self.count > 0 {
            self.out.push(self.pending as u8);
            self.pending >>= 8;
            self.count -= 8;
        }
    }

    /// Adds whole bytes; the writer must be on a byte boundary.
    fn bytes(&mut self, bytes: &[u8]) {
        debug_assert_eq!(self.count, 0);
        self.out.extend_from_slice(bytes);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `data` as one piece, its codes fitted to all of it.
    fn piece(data: &[u8]) -> Piece {
        let mut writer = PieceWriter::new(data, data.len());
        writer.write(data);
        writer.finish()
    }

    /// Inflates a zlib stream with an independent decoder.
    fn inflate(stream: &[u8]) -> Vec<u8> {
        miniz_oxide::inflate::decompress_to_vec_zlib(stream).expect("a valid zlib stream")
    }

    /// Filtered-row-like data: zero runs of every length, small differences and noise.
    fn sample(len: usize, seed: u32) -> Vec<u8> {
        let mut state = seed.wrapping_mul(2654435761).max(1);
        (0..len)
            .map(|i| {
                state ^= state << 13;
                state ^= state >> 17;
                state ^= state << 5;
                match (i / 97) % 4 {
                    0 => 0,
                    1 if state % 5 != 0 => 0,
                    2 => (state % 7) as u8,
                    _ => (state >> 9) as u8,
                }
            })
            .collect()
    }

    #[test]
    fn pieces_join_into_a_stream_of_all_the_data() {
        for (len, cuts) in [
            (0, vec![]),
            (1, vec![1]),
            (5000, vec![0, 17, 2500, 4999]),
            (70_000, vec![30_000]),
        ] {
            let data = sample(len, len as u32 + 1);
            let mut bounds = vec![0];
            bounds.extend(cuts);
            bounds.push(len);
            let pieces: Vec<Piece> = bounds
                .windows(2)
                .map(|w| piece(&data[w[0]..w[1]]))
                .collect();
            assert_eq!(inflate(&zlib_stream(&pieces)), data, "{len} bytes");
        }
    }

    #[test]
    fn long_zero_runs_and_every_match_length_decode() {
        for run in [
            7, 8, 9, 10, 11, 12, 258, 259, 260, 261, 262, 516, 517, 518, 100_000,
        ] {
            let mut data = vec![5u8, 9];
            data.extend(std::iter::repeat_n(0, run));
            data.push(1);
            let stream = zlib_stream(&[piece(&data)]);
            assert_eq!(inflate(&stream), data, "a run of {run}");
        }
        // Every length from the shortest match to the longest.
        let mut data = Vec::new();
        for len in 8..=MAX_MATCH + 2 {
            data.push(3);
            data.extend(std::iter::repeat_n(0, len));
        }
        assert_eq!(inflate(&zlib_stream(&[piece(&data)])), data);
    }

    #[test]
    fn flat_data_compresses_and_noise_does_not_grow_much() {
        let flat = vec![0u8; 1 << 20];
        assert!(piece(&flat).compressed_len() < 5000);
        let noise: Vec<u8> = (0..1u32 << 16)
            .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
            .collect();
        let piece = piece(&noise);
        assert!(
            piece.compressed_len() < noise.len() + noise.len() / 50,
            "{}",
            piece.compressed_len()
        );
        assert_eq!(inflate(&zlib_stream(&[piece])), noise);
    }

    #[test]
    fn skewed_counts_keep_codes_within_fifteen_bits() {
        // Fibonacci-like counts force a Huffman tree deeper than 15 levels.
        let mut freq = [0u32; LIT_LEN_SYMBOLS];
        let (mut a, mut b) = (1u32, 1u32);
        for f in freq.iter_mut().take(30) {
            *f = a;
            (a, b) = (b, a.saturating_add(b));
        }
        assert!(
            huffman_lengths(&freq.map(u64::from))
                .iter()
                .any(|&l| l > 15)
        );
        let lengths = code_lengths(&freq, 15);
        assert!(lengths.iter().all(|&l| l <= 15));
        // The code is complete: the Kraft sum is exactly one.
        let kraft: f64 = lengths
            .iter()
            .filter(|&&l| l > 0)
            .map(|&l| 0.5f64.powi(i32::from(l)))
            .sum();
        assert!((kraft - 1.0).abs() < 1e-12, "{kraft}");
    }

    #[test]
    fn checksums_combine_like_one_checksum_of_everything() {
        let data = sample(10_000, 7);
        for cut in [0, 1, 5552, 9999, 10_000] {
            let (a, b) = data.split_at(cut);
            assert_eq!(
                adler32_combine(
                    simd_adler32::adler32(&a),
                    simd_adler32::adler32(&b),
                    b.len()
                ),
                simd_adler32::adler32(&data.as_slice())
            );
        }
    }
}
