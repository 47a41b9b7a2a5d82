//! MP4 output of the `framepress` binary: box layout checked here, stream structure checked
//! by ffprobe, and the decoded frames checked equal to the same stream's Annex-B decode.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::Command;

fn encode(args: &[&str]) {
    let o = Command::new(env!("CARGO_BIN_EXE_framepress"))
        .arg("encode")
        .args(args)
        .arg("--quiet")
        .output()
        .expect("run framepress");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

/// Top-level boxes: (type, offset, size).
fn top_level_boxes(data: &[u8]) -> Vec<(String, usize, u64)> {
    let mut out = Vec::new();
    let mut pos = 0usize;
    while pos + 8 <= data.len() {
        let mut size = u64::from(u32::from_be_bytes(data[pos..pos + 4].try_into().unwrap()));
        let kind = String::from_utf8_lossy(&data[pos + 4..pos + 8]).into_owned();
        if size == 1 {
            size = u64::from_be_bytes(data[pos + 8..pos + 16].try_into().unwrap());
        }
        assert!(size >= 8, "bad box size at {pos}");
        out.push((kind, pos, size));
        pos += size as usize;
    }
    assert_eq!(pos, data.len(), "boxes do not cover the file exactly");
    out
}

fn find(data: &[u8], kind: &[u8; 4]) -> Option<usize> {
    data.windows(4).position(|w| w == kind)
}

fn md5_of_decode(ff: &Path, file: &Path) -> Vec<u8> {
    framepress_testkit::run(
        ff,
        &[
            "-xerror",
            "-i",
            file.to_str().unwrap(),
            "-f",
            "rawvideo",
            "-pix_fmt",
            "yuv420p",
            "-",
        ],
        &[],
    )
}

#[test]
fn h264_mp4_is_moov_first_and_decodes_like_the_annexb_stream() {
    let d = framepress_testkit::scratch_dir("mp4-h264");
    let mp4 = d.join("x.mp4");
    let annexb = d.join("x.264");
    // 40 frames: the synthetic source has a scene cut at 30, so two sync samples.
    let common = ["--frames", "40", "--size", "176x144", "--fps", "25"];
    encode(&[&common[..], &["-o", mp4.to_str().unwrap()]].concat());
    encode(&[&common[..], &["-o", annexb.to_str().unwrap()]].concat());
    let data = std::fs::read(&mp4).unwrap();
    let boxes = top_level_boxes(&data);
    let kinds: Vec<&str> = boxes.iter().map(|b| b.0.as_str()).collect();
    assert_eq!(kinds, ["ftyp", "moov", "mdat"]);
    let moov = &data[boxes[1].1..boxes[1].1 + boxes[1].2 as usize];
    assert!(find(moov, b"avc1").is_some() && find(moov, b"avcC").is_some());
    assert!(find(moov, b"elst").is_some());
    assert!(find(moov, b"btrt").is_some());
    // stss lists the key frames 1 and 31 (1-based).
    let stss = find(moov, b"stss").expect("stss");
    assert_eq!(
        &moov[stss + 8..stss + 20],
        &[0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 31]
    );
    // stco points at the first sample: right after the mdat header.
    let stco = find(moov, b"stco").expect("stco");
    let offset = u32::from_be_bytes(moov[stco + 12..stco + 16].try_into().unwrap()) as usize;
    assert_eq!(offset, boxes[2].1 + 8);

    if let Some(ff) = framepress_testkit::ffmpeg() {
        assert_eq!(md5_of_decode(&ff, &mp4), md5_of_decode(&ff, &annexb));
    }
    if let Some(probe) = framepress_testkit::ffprobe() {
        let o = Command::new(probe)
            .args([
                "-v",
                "warning",
                "-of",
                "json",
                "-show_streams",
                "-show_frames",
            ])
            .arg(&mp4)
            .output()
            .unwrap();
        assert!(o.status.success());
        assert!(
            o.stderr.is_empty(),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        let s = &json["streams"][0];
        assert_eq!(s["codec_name"], "h264");
        assert_eq!(s["codec_tag_string"], "avc1");
        assert_eq!(s["width"], 176);
        assert_eq!(s["nb_frames"], "40");
        assert_eq!(s["r_frame_rate"], "25/1");
        let frames = json["frames"].as_array().unwrap();
        assert_eq!(frames.len(), 40);
        let keys: Vec<usize> = (0..40).filter(|&i| frames[i]["key_frame"] == 1).collect();
        assert_eq!(keys, vec![0, 30]);
        // The first frame is shown at time 0 (edit list) and frames are 1/25 s apart.
        assert_eq!(frames[0]["pts_time"], "0.000000");
        assert_eq!(frames[1]["pts_time"], "0.040000");
    }
}

#[test]
fn in_band_parameter_sets_switch_to_avc3_for_both_mp4_kinds() {
    let d = framepress_testkit::scratch_dir("mp4-avc3");
    let annexb = d.join("x.264");
    let common = [
        "--frames",
        "12",
        "--size",
        "96x64",
        "--property",
        "MaxKeyFrameInterval=4",
    ];
    encode(&[&common[..], &["-o", annexb.to_str().unwrap()]].concat());
    for (name, extra) in [("p.mp4", &[][..]), ("f.mp4", &["--fragmented"][..])] {
        let mp4 = d.join(name);
        let args = [
            &common[..],
            extra,
            &["--in-band-parameter-sets", "-o", mp4.to_str().unwrap()],
        ];
        encode(&args.concat());
        let data = std::fs::read(&mp4).unwrap();
        let moov = top_level_boxes(&data)
            .into_iter()
            .find(|b| b.0 == "moov")
            .unwrap();
        let moov = &data[moov.1..moov.1 + moov.2 as usize];
        assert!(find(moov, b"avc3").is_some(), "{name}: no avc3 entry");
        assert!(find(moov, b"avc1").is_none(), "{name}: avc1 entry");
        if let Some(ff) = framepress_testkit::ffmpeg() {
            assert_eq!(
                md5_of_decode(&ff, &mp4),
                md5_of_decode(&ff, &annexb),
                "{name}"
            );
        }
    }
}

#[test]
fn jpeg_mp4_has_a_jpeg_sample_entry() {
    let d = framepress_testkit::scratch_dir("mp4-jpeg");
    let mp4 = d.join("j.mp4");
    encode(&[
        "--codec",
        "jpeg",
        "--frames",
        "5",
        "--size",
        "64x48",
        "-o",
        mp4.to_str().unwrap(),
    ]);
    let data = std::fs::read(&mp4).unwrap();
    assert!(find(&data, b"jpeg").is_some());
    // Every JPEG is a sync sample: no stss.
    assert!(find(&data, b"stss").is_none());
    if let Some(ff) = framepress_testkit::ffmpeg() {
        let raw = md5_of_decode(&ff, &mp4);
        assert_eq!(raw.len(), 5 * (64 * 48 * 3 / 2));
    }
}

#[test]
fn unsupported_extension_is_one_line_and_exit_code_2() {
    let o = Command::new(env!("CARGO_BIN_EXE_framepress"))
        .args(["encode", "--frames", "2", "-o", "x.avi", "--quiet"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains(".mp4"), "{err}");
}

#[test]
fn fragmented_mp4_has_a_fragment_per_key_frame_each_decodable_alone() {
    let d = framepress_testkit::scratch_dir("mp4-fragmented");
    let mp4 = d.join("f.mp4");
    let annexb = d.join("f.264");
    let common = ["--frames", "40", "--size", "176x144", "--fps", "25"];
    encode(&[&common[..], &["--fragmented", "-o", mp4.to_str().unwrap()]].concat());
    encode(&[&common[..], &["-o", annexb.to_str().unwrap()]].concat());
    let data = std::fs::read(&mp4).unwrap();
    let boxes = top_level_boxes(&data);
    let kinds: Vec<&str> = boxes.iter().map(|b| b.0.as_str()).collect();
    // Key frames at 0 and 30 (the synthetic scene cut): two fragments.
    assert_eq!(kinds, ["ftyp", "moov", "moof", "mdat", "moof", "mdat"]);
    assert!(find(&data[boxes[1].1..boxes[2].1], b"mvex").is_some());
    let Some(ff) = framepress_testkit::ffmpeg() else {
        return;
    };
    assert_eq!(md5_of_decode(&ff, &mp4), md5_of_decode(&ff, &annexb));
    let init = &data[..boxes[2].1];
    let frame = 176 * 144 * 3 / 2;
    for (pair, frames) in [(2usize, 30usize), (4, 10)] {
        let start = boxes[pair].1;
        let end = boxes[pair + 1].1 + boxes[pair + 1].2 as usize;
        let piece = d.join(format!("piece{pair}.mp4"));
        std::fs::write(&piece, [init, &data[start..end]].concat()).unwrap();
        assert_eq!(
            md5_of_decode(&ff, &piece).len(),
            frames * frame,
            "fragment {pair}"
        );
    }
}

#[test]
fn colour_tags_become_a_colr_box() {
    let d = framepress_testkit::scratch_dir("mp4-colr");
    let mp4 = d.join("c.mp4");
    encode(&[
        "--frames",
        "3",
        "--size",
        "64x48",
        "-o",
        mp4.to_str().unwrap(),
        "--property",
        "ColorPrimaries=ITU_R_2020",
        "--property",
        "TransferFunction=ITU_R_709_2",
        "--property",
        "YCbCrMatrix=ITU_R_2020",
    ]);
    let data = std::fs::read(&mp4).unwrap();
    let colr = find(&data, b"colr").expect("colr");
    // nclx, primaries 9, transfer 1, matrix 9, limited range.
    assert_eq!(&data[colr + 4..colr + 15], b"nclx\0\x09\0\x01\0\x09\0");
    if let Some(probe) = framepress_testkit::ffprobe() {
        let o = Command::new(probe)
            .args(["-v", "warning", "-of", "json", "-show_streams"])
            .arg(&mp4)
            .output()
            .unwrap();
        let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        let s = &json["streams"][0];
        assert_eq!(s["color_primaries"], "bt2020");
        assert_eq!(s["color_transfer"], "bt709");
        assert_eq!(s["color_space"], "bt2020nc");
    }
}
