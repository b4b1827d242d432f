//! Encoding small frames and reading them back with the gif crate's decoder.

use super::*;

fn frame(width: u32, height: u32, paint: impl Fn(u32, u32) -> [u8; 4]) -> RgbaFrame {
    let mut data = Vec::with_capacity((width * height * 4) as usize);
    for y in 0..height {
        for x in 0..width {
            data.extend_from_slice(&paint(x, y));
        }
    }
    RgbaFrame {
        width,
        height,
        data,
    }
}

const WHITE: [u8; 4] = [255, 255, 255, 255];
const RED: [u8; 4] = [214, 39, 40, 255];
const BLUE: [u8; 4] = [27, 111, 181, 255];

fn three_frames() -> Vec<RgbaFrame> {
    let square = |x: u32, y: u32, x0: u32| (x0..x0 + 8).contains(&x) && (10..18).contains(&y);
    vec![
        frame(40, 30, |x, y| if square(x, y, 4) { RED } else { WHITE }),
        frame(40, 30, |x, y| {
            if square(x, y, 4) {
                RED
            } else if square(x, y, 20) {
                BLUE
            } else {
                WHITE
            }
        }),
        // Unchanged from the second frame.
        frame(40, 30, |x, y| {
            if square(x, y, 4) {
                RED
            } else if square(x, y, 20) {
                BLUE
            } else {
                WHITE
            }
        }),
    ]
}

struct Decoded {
    width: u16,
    height: u16,
    repeat: gif::Repeat,
    delays: Vec<u16>,
    /// Each frame composed onto the canvas as a viewer shows it, as RGBA.
    shown: Vec<Vec<u8>>,
}

fn decode(bytes: &[u8]) -> Decoded {
    let mut options = gif::DecodeOptions::new();
    options.set_color_output(gif::ColorOutput::RGBA);
    let mut decoder = options.read_info(bytes).expect("a GIF header");
    let (width, height) = (decoder.width(), decoder.height());
    let (w, h) = (usize::from(width), usize::from(height));
    let mut canvas = vec![0u8; w * h * 4];
    let mut delays = Vec::new();
    let mut shown = Vec::new();
    while let Some(f) = decoder.read_next_frame().expect("a valid frame") {
        assert_eq!(f.dispose, gif::DisposalMethod::Keep);
        delays.push(f.delay);
        let (left, top, fw) = (
            usize::from(f.left),
            usize::from(f.top),
            usize::from(f.width),
        );
        for (i, px) in f.buffer.chunks_exact(4).enumerate() {
            let (x, y) = (left + i % fw, top + i / fw);
            if px[3] > 0 {
                canvas[(y * w + x) * 4..(y * w + x) * 4 + 4].copy_from_slice(px);
            }
        }
        shown.push(canvas.clone());
    }
    Decoded {
        width,
        height,
        repeat: decoder.repeat(),
        delays,
        shown,
    }
}

#[test]
fn three_frames_round_trip_with_loop_size_and_delays() {
    let frames = three_frames();
    let bytes = encode_gif(&frames, 50, 2).expect("encodes");
    let d = decode(&bytes);
    assert_eq!((d.width, d.height), (40, 30));
    assert_eq!(d.repeat, gif::Repeat::Infinite);
    assert_eq!(
        d.delays,
        [50, 50, 150],
        "the last frame is held for two more frame times"
    );
    assert_eq!(d.shown.len(), 3);
    // Three colours: the picture comes back exactly.
    for (shown, original) in d.shown.iter().zip(&frames) {
        assert!(shown == &original.data, "a frame differs after decoding");
    }
}

#[test]
fn later_frames_store_only_what_changed() {
    let bytes = encode_gif(&three_frames(), 50, 0).unwrap();
    let mut decoder = gif::DecodeOptions::new().read_info(&bytes[..]).unwrap();
    let mut rects = Vec::new();
    while let Some(f) = decoder.read_next_frame().unwrap() {
        rects.push((f.left, f.top, f.width, f.height));
    }
    assert_eq!(rects, [(0, 0, 40, 30), (20, 10, 8, 8), (0, 0, 1, 1)]);
}

#[test]
fn the_same_frames_give_the_same_bytes() {
    let frames = three_frames();
    assert_eq!(
        encode_gif(&frames, 40, 3).unwrap(),
        encode_gif(&frames, 40, 3).unwrap()
    );
}

#[test]
fn many_colours_are_reduced_to_a_close_palette() {
    // 65,536 distinct colours: a red/green ramp with a blue stripe pattern.
    let f = frame(256, 256, |x, y| {
        [x as u8, y as u8, ((x ^ y) & 0x80) as u8, 255]
    });
    let bytes = encode_gif(std::slice::from_ref(&f), 10, 0).unwrap();
    let d = decode(&bytes);
    let worst = d.shown[0]
        .iter()
        .zip(&f.data)
        .map(|(a, b)| a.abs_diff(*b))
        .max()
        .unwrap_or(0);
    assert!(worst <= 40, "worst channel error {worst}");
}

#[test]
fn common_colours_survive_exactly_among_many() {
    // Mostly flat fills with a few hundred rare anti-aliasing shades.
    let f = frame(300, 200, |x, y| {
        if y < 100 {
            BLUE
        } else if x < 150 {
            WHITE
        } else if y == 150 {
            [x as u8, 200, (300 - x) as u8, 255]
        } else {
            RED
        }
    });
    let d = decode(&encode_gif(std::slice::from_ref(&f), 10, 0).unwrap());
    let at = |x: usize, y: usize| &d.shown[0][(y * 300 + x) * 4..(y * 300 + x) * 4 + 4];
    assert_eq!(at(10, 10), BLUE);
    assert_eq!(at(10, 150), WHITE);
    assert_eq!(at(200, 199), RED);
}

#[test]
fn transparent_pixels_are_shown_over_white() {
    let f = frame(
        2,
        1,
        |x, _| if x == 0 { [0, 0, 0, 0] } else { [0, 0, 0, 128] },
    );
    let d = decode(&encode_gif(&[f], 10, 0).unwrap());
    assert_eq!(&d.shown[0][..4], &WHITE);
    assert_eq!(&d.shown[0][4..8], &[127, 127, 127, 255]);
}

#[test]
fn bad_frames_are_errors_not_panics() {
    assert_eq!(
        encode_gif(&[], 10, 0).unwrap_err().to_string(),
        "there are no frames to encode"
    );
    let ok = frame(4, 4, |_, _| WHITE);
    let small = frame(3, 4, |_, _| WHITE);
    let err = encode_gif(&[ok.clone(), small], 10, 0)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("frame 2 is 3×4 px but frame 1 is 4×4"),
        "{err}"
    );
    let short = RgbaFrame {
        data: vec![0; 10],
        ..ok.clone()
    };
    let err = encode_gif(&[short], 10, 0).unwrap_err().to_string();
    assert!(
        err.contains("has 10 bytes of pixel data, expected 64"),
        "{err}"
    );
    let empty = RgbaFrame {
        width: 0,
        height: 4,
        data: Vec::new(),
    };
    assert!(
        encode_gif(&[empty], 10, 0)
            .unwrap_err()
            .to_string()
            .contains("0×4")
    );
    let huge = RgbaFrame {
        width: 70_000,
        height: 1,
        data: Vec::new(),
    };
    assert!(encode_gif(&[huge], 10, 0).is_err());
    // Delays saturate instead of overflowing.
    let d = decode(&encode_gif(&[ok], 60_000, 5).unwrap());
    assert_eq!(d.delays, [u16::MAX]);
}
