//! MP4 files written from real session output, checked three independent ways: parsed by
//! the `mp4-atom` crate (box order, sample table, sample entry), probed by ffprobe (stream
//! and per-frame flags), and decoded by the FFmpeg oracle (frames equal to the encoder's
//! reconstruction and to the same stream written as Annex-B / MJPEG). Fragmented output is
//! also cut into its fragments, each decoded on its own after the init segment.
//!
//! Small pictures and at most 30 frames, so the whole file runs in seconds on CI's two cores.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::Command;
use std::sync::mpsc::Receiver;
use std::time::Duration;

use framepress::{
    CodecType, CompressionSession, FrameOptions, Output, PixelBuffer, SampleBuffer, Time, Value,
};
use framepress_container::{
    AnnexBWriter, FragmentOptions, FragmentedMp4Writer, MjpegWriter, Mp4Error, Mp4Options,
    Mp4Writer, ParameterSets,
};
use mp4_atom::{Any, Codec, Decode, Encode, Moof, Moov, StszSamples};

const W: usize = 128;
const H: usize = 96;
const FRAMES: u64 = 30;
const FPS: i32 = 25;
/// Key frames every 10 frames: three GOPs, so three fragments by default.
const GOP: i64 = 10;

// ---------------------------------------------------------------------------------------
// Encoding

fn session(
    codec: CodecType,
    props: &[(&str, Value)],
) -> (CompressionSession<u32>, Receiver<Output<u32>>) {
    let mut b = CompressionSession::builder(W as i32, H as i32, codec);
    for (k, v) in props {
        b = b.property_by_name(k, v.clone());
    }
    b.build_with_receiver::<u32>().unwrap()
}

fn encode(codec: CodecType, frames: u64, props: &[(&str, Value)]) -> Vec<SampleBuffer> {
    let (s, rx) = session(codec, props);
    let input: Vec<PixelBuffer> = framepress_synth::SyntheticSource::new(
        framepress_synth::SynthConfig::new(W, H).with_frame_count(Some(frames)),
    )
    .unwrap()
    .collect();
    for (i, f) in input.iter().enumerate() {
        s.encode_frame(
            f,
            Time::new(i as i64, FPS),
            Time::new(1, FPS),
            &FrameOptions::default(),
            i as u32,
        )
        .unwrap();
    }
    s.complete_frames(Time::INVALID).unwrap();
    let samples: Vec<SampleBuffer> = rx.try_iter().map(|o| o.sample.unwrap()).collect();
    assert_eq!(samples.len() as u64, frames);
    samples
}

fn h264(extra: &[(&str, Value)]) -> Vec<SampleBuffer> {
    let mut props = vec![
        ("MaxKeyFrameInterval", Value::Int(GOP)),
        ("FramepressEmitReconstruction", Value::Bool(true)),
    ];
    props.extend(extra.iter().cloned());
    encode(CodecType::H264, FRAMES, &props)
}

fn progressive(samples: &[SampleBuffer], options: Mp4Options) -> Vec<u8> {
    let mut w = Mp4Writer::with_options(Vec::new(), options);
    for s in samples {
        w.write_sample(s).unwrap();
    }
    assert_eq!(w.frames(), samples.len() as u64);
    w.finish().unwrap()
}

fn fragmented(samples: &[SampleBuffer], options: FragmentOptions) -> Vec<u8> {
    let mut w = FragmentedMp4Writer::new(Vec::new(), options);
    for s in samples {
        w.write_sample(s).unwrap();
    }
    w.finish().unwrap()
}

fn annexb(samples: &[SampleBuffer]) -> Vec<u8> {
    let mut w = AnnexBWriter::new(Vec::new());
    for s in samples {
        w.write_sample(s).unwrap();
    }
    w.finish().unwrap()
}

/// A time in frame ticks (1/FPS s).
fn ticks(t: Time) -> i64 {
    t.value * FPS as i64 / i64::from(t.timescale)
}

/// Each sample's composition offset (PTS − DTS) in ticks, in decode order.
fn composition_offsets(samples: &[SampleBuffer]) -> Vec<i64> {
    samples
        .iter()
        .map(|s| ticks(s.presentation_time_stamp()) - ticks(s.decode_time_stamp()))
        .collect()
}

/// The samples in presentation order (the encoder hands them out in decode order).
fn presentation_order(samples: &[SampleBuffer]) -> Vec<&SampleBuffer> {
    let mut v: Vec<&SampleBuffer> = samples.iter().collect();
    v.sort_by_key(|s| ticks(s.presentation_time_stamp()));
    v
}

fn sync_indices(samples: &[SampleBuffer]) -> Vec<usize> {
    (0..samples.len())
        .filter(|&i| samples[i].is_sync())
        .collect()
}

// ---------------------------------------------------------------------------------------
// Parsing with mp4-atom

/// Top-level boxes, decoded; with each one's byte range in the file.
fn top_level(data: &[u8]) -> Vec<(Any, std::ops::Range<usize>)> {
    let mut out = Vec::new();
    let mut rest = data;
    while !rest.is_empty() {
        let start = data.len() - rest.len();
        let atom = Any::decode(&mut rest).unwrap();
        out.push((atom, start..data.len() - rest.len()));
    }
    out
}

fn kinds(boxes: &[(Any, std::ops::Range<usize>)]) -> Vec<String> {
    boxes.iter().map(|(a, _)| a.kind().to_string()).collect()
}

fn moov_of(boxes: &[(Any, std::ops::Range<usize>)]) -> &Moov {
    match &boxes[1].0 {
        Any::Moov(m) => m,
        other => panic!("second box is {}, not moov", other.kind()),
    }
}

/// The format description's avcC, as a whole box, must equal the sample entry's: checked on
/// the raw file bytes and through mp4-atom's re-encoding of what it parsed.
fn check_avcc(file: &[u8], codec: &Codec, fd: &framepress::FormatDescription) {
    let payload = fd.sample_description_atom("avcC").unwrap();
    let mut expected = ((payload.len() + 8) as u32).to_be_bytes().to_vec();
    expected.extend_from_slice(b"avcC");
    expected.extend_from_slice(payload);
    assert!(
        file.windows(expected.len()).any(|w| w == expected),
        "the file does not contain the format description's avcC verbatim"
    );
    let Codec::Avc1(avc1) = codec else {
        panic!("sample entry is {codec:?}, not avc1");
    };
    assert_eq!(
        (avc1.visual.width as usize, avc1.visual.height as usize),
        (W, H)
    );
    let mut reencoded = Vec::new();
    avc1.avcc.encode(&mut reencoded).unwrap();
    assert_eq!(reencoded, expected);
    assert_eq!(avc1.avcc.length_size, 4);
    let btrt = avc1.btrt.as_ref().expect("btrt");
    assert!(btrt.buffer_size_db > 0 && btrt.avg_bitrate > 0);
    assert!(btrt.max_bitrate >= btrt.avg_bitrate);
}

/// Progressive structure: ftyp, moov, mdat; the sample table describes exactly `samples`.
fn check_progressive(file: &[u8], samples: &[SampleBuffer]) {
    let boxes = top_level(file);
    assert_eq!(kinds(&boxes), ["ftyp", "moov", "mdat"]);
    let Any::Ftyp(ftyp) = &boxes[0].0 else {
        unreachable!()
    };
    assert_eq!(ftyp.major_brand, b"isom".into());
    let moov = moov_of(&boxes);
    assert_eq!(moov.mvhd.timescale, FPS as u32);
    assert_eq!(moov.mvhd.duration, samples.len() as u64);
    assert_eq!(moov.trak.len(), 1);
    let trak = &moov.trak[0];
    assert_eq!(trak.tkhd.width.integer() as usize, W);
    assert_eq!(trak.tkhd.height.integer() as usize, H);
    // The edit list shows the first frame at time 0 and covers every frame: it skips the
    // media time before the first presentation (one frame with reordering).
    let elst = trak.edts.as_ref().unwrap().elst.as_ref().unwrap();
    assert_eq!(elst.entries.len(), 1);
    let first_pts = samples
        .iter()
        .map(|s| ticks(s.presentation_time_stamp()))
        .min()
        .unwrap();
    let media_start = first_pts - ticks(samples[0].decode_time_stamp());
    assert_eq!(elst.entries[0].media_time, Some(media_start as u64));
    assert_eq!(elst.entries[0].segment_duration, samples.len() as u64);
    assert_eq!(trak.mdia.mdhd.timescale, FPS as u32);
    assert_eq!(trak.mdia.mdhd.duration, samples.len() as u64);
    assert_eq!(trak.mdia.hdlr.handler, b"vide".into());
    let stbl = &trak.mdia.minf.stbl;
    assert_eq!(stbl.stsd.codecs.len(), 1);
    // One frame per tick of 1/25 s: a single stts run.
    assert_eq!(stbl.stts.entries.len(), 1);
    assert_eq!(stbl.stts.entries[0].sample_count, samples.len() as u32);
    assert_eq!(stbl.stts.entries[0].sample_delta, 1);
    // ctts gives every sample's PTS − DTS exactly; none without reordering.
    let offsets = composition_offsets(samples);
    match &stbl.ctts {
        None => assert!(offsets.iter().all(|&o| o == 0), "reordered but no ctts"),
        Some(ctts) => {
            let stored: Vec<i64> = ctts
                .entries
                .iter()
                .flat_map(|e| std::iter::repeat_n(e.sample_offset, e.sample_count as usize))
                .collect();
            assert_eq!(stored, offsets, "ctts");
        }
    }
    let syncs: Vec<u32> = sync_indices(samples)
        .iter()
        .map(|&i| i as u32 + 1)
        .collect();
    match &stbl.stss {
        Some(stss) => assert_eq!(stss.entries, syncs),
        None => assert_eq!(syncs.len(), samples.len(), "stss omitted but not all sync"),
    }
    let StszSamples::Different { sizes } = &stbl.stsz.samples else {
        panic!("stsz: {:?}", stbl.stsz.samples)
    };
    assert_eq!(sizes.len(), samples.len());
    // One chunk: its offset is the mdat payload, and the payload is the samples back to back.
    let offset = stbl.stco.as_ref().expect("stco").entries[0] as usize;
    let mdat = &boxes[2].1;
    assert_eq!(offset, mdat.start + 8);
    let mut at = offset;
    for (s, &size) in samples.iter().zip(sizes) {
        assert_eq!(&file[at..at + size as usize], &s.data()[..]);
        at += size as usize;
    }
    assert_eq!(at, mdat.end);
}

/// A fragmented file's pieces: the init segment's length and each fragment's byte range
/// (moof + mdat).
fn fragments(file: &[u8]) -> (usize, Vec<(Moof, std::ops::Range<usize>)>) {
    let boxes = top_level(file);
    let k = kinds(&boxes);
    assert_eq!(k[..2], ["ftyp", "moov"]);
    assert!(k.len() >= 4 && k.len().is_multiple_of(2), "{k:?}");
    let Any::Ftyp(ftyp) = &boxes[0].0 else {
        unreachable!()
    };
    assert_eq!(ftyp.major_brand, b"iso6".into());
    assert!(ftyp.compatible_brands.contains(&b"cmfc".into()));
    let moov = moov_of(&boxes);
    let trex = &moov.mvex.as_ref().expect("mvex").trex;
    assert_eq!(trex.len(), 1);
    assert_eq!(trex[0].track_id, 1);
    let stbl = &moov.trak[0].mdia.minf.stbl;
    assert!(stbl.stts.entries.is_empty());
    let mut out = Vec::new();
    for pair in boxes[2..].chunks(2) {
        let (Any::Moof(moof), Any::Mdat(_)) = (&pair[0].0, &pair[1].0) else {
            panic!(
                "expected moof + mdat, got {} + {}",
                pair[0].0.kind(),
                pair[1].0.kind()
            );
        };
        out.push((moof.clone(), pair[0].1.start..pair[1].1.end));
    }
    (boxes[1].1.end, out)
}

/// Each fragment starts at a sync sample, and together they hold every sample once, with
/// decode times, durations, sizes and flags that match.
fn check_fragments(file: &[u8], samples: &[SampleBuffer], expected_starts: &[usize]) {
    let (_, frags) = fragments(file);
    let mut next = 0usize;
    let mut starts = Vec::new();
    for (n, (moof, range)) in frags.iter().enumerate() {
        assert_eq!(moof.mfhd.sequence_number, n as u32 + 1);
        assert_eq!(moof.traf.len(), 1);
        let traf = &moof.traf[0];
        assert!(traf.tfhd.default_base_is_moof);
        assert_eq!(traf.tfhd.track_id, 1);
        assert_eq!(
            traf.tfdt.as_ref().unwrap().base_media_decode_time,
            next as u64
        );
        assert_eq!(traf.trun.len(), 1);
        let trun = &traf.trun[0];
        starts.push(next);
        let moof_len = {
            let mut b = Vec::new();
            moof.encode(&mut b).unwrap();
            b.len()
        };
        let mut at = range.start + trun.data_offset.unwrap() as usize;
        assert_eq!(
            at,
            range.start + moof_len + 8,
            "data right after the mdat header"
        );
        for e in trun.samples.iter() {
            let s = &samples[next];
            assert_eq!(e.duration, Some(1), "sample {next}");
            let size = e.size.unwrap() as usize;
            assert_eq!(&file[at..at + size], &s.data()[..], "sample {next}");
            let offset = ticks(s.presentation_time_stamp()) - ticks(s.decode_time_stamp());
            assert_eq!(
                e.cts.unwrap_or(0),
                offset,
                "sample {next} composition offset"
            );
            let flags = e.flags.unwrap();
            assert_eq!(flags & 0x0001_0000 == 0, s.is_sync(), "sample {next} flags");
            at += size;
            next += 1;
        }
        assert_eq!(at, range.end);
        assert!(
            samples[starts[n]].is_sync(),
            "fragment {n} starts at a sync sample"
        );
    }
    assert_eq!(next, samples.len());
    assert_eq!(starts, expected_starts);
}

// ---------------------------------------------------------------------------------------
// FFmpeg and ffprobe

fn write(dir: &Path, name: &str, data: &[u8]) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, data).unwrap();
    p
}

/// Decodes to raw yuv420p with the oracle, failing on any decoder complaint.
fn decode(ff: &Path, file: &Path, format: Option<&str>) -> Vec<u8> {
    let mut args = vec!["-xerror"];
    if let Some(f) = format {
        args.extend(["-f", f]);
    }
    args.extend([
        "-i",
        file.to_str().unwrap(),
        "-f",
        "rawvideo",
        "-pix_fmt",
        "yuv420p",
        "-",
    ]);
    framepress_testkit::run(ff, &args, &[])
}

fn frame_bytes() -> usize {
    W * H * 3 / 2
}

/// The encoder's reconstructions in presentation order (the order decoders output).
fn recon_bytes(samples: &[SampleBuffer]) -> Vec<u8> {
    let mut out = Vec::new();
    for s in presentation_order(samples) {
        let r = s.reconstruction().expect("reconstruction");
        for p in 0..3 {
            for row in r.plane(p).unwrap().rows() {
                out.extend_from_slice(row);
            }
        }
    }
    out
}

/// ffprobe's view: stream and per-frame fields, with nothing on stderr.
fn probe(file: &Path) -> Option<serde_json::Value> {
    let ffprobe = framepress_testkit::ffprobe()?;
    let o = Command::new(ffprobe)
        .args([
            "-v",
            "error",
            "-show_streams",
            "-show_frames",
            "-of",
            "json",
        ])
        .arg(file)
        .output()
        .unwrap();
    assert!(o.status.success(), "ffprobe failed on {}", file.display());
    assert!(
        o.stderr.is_empty(),
        "ffprobe complained: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    Some(serde_json::from_slice(&o.stdout).unwrap())
}

fn check_probe(json: &serde_json::Value, samples: &[SampleBuffer], codec: &str, tag: &str) {
    let streams = json["streams"].as_array().unwrap();
    assert_eq!(streams.len(), 1);
    let s = &streams[0];
    assert_eq!(s["codec_name"], codec);
    assert_eq!(s["codec_tag_string"], tag);
    assert_eq!(s["width"], W);
    assert_eq!(s["height"], H);
    assert_eq!(s["r_frame_rate"], format!("{FPS}/1"));
    assert_eq!(s["avg_frame_rate"], format!("{FPS}/1"));
    if let Some(n) = s.get("nb_frames") {
        assert_eq!(n, &samples.len().to_string());
    }
    let frames = json["frames"].as_array().unwrap();
    assert_eq!(frames.len(), samples.len());
    let keys: Vec<usize> = (0..frames.len())
        .filter(|&i| frames[i]["key_frame"] == 1)
        .collect();
    let shown = presentation_order(samples);
    let syncs: Vec<usize> = (0..shown.len()).filter(|&i| shown[i].is_sync()).collect();
    assert_eq!(keys, syncs);
    assert_eq!(frames[0]["pts_time"], "0.000000");
    assert_eq!(frames[1]["pts_time"], "0.040000");
}

// ---------------------------------------------------------------------------------------
// Tests

#[test]
fn h264_progressive_mp4_parses_probes_and_decodes_like_annexb() {
    let samples = h264(&[]);
    let syncs = sync_indices(&samples);
    assert!(syncs.len() >= 3 && syncs[..3] == [0, 10, 20], "{syncs:?}");
    // B-frames by default: reordered, so the file needs ctts and an edit.
    assert!(composition_offsets(&samples).iter().any(|&o| o != 0));
    let d = framepress_testkit::scratch_dir("container-mp4-h264");
    // Memory limit 0: the data goes through the spool file, which must disappear.
    let file = progressive(&samples, Mp4Options::new().spool_dir(&d).memory_limit(0));
    assert!(
        std::fs::read_dir(&d).unwrap().all(|e| !e
            .unwrap()
            .file_name()
            .to_string_lossy()
            .ends_with(".tmp")),
        "the spool file was left behind"
    );
    // Spooling changes nothing in the output.
    assert_eq!(progressive(&samples, Mp4Options::new()), file);
    check_progressive(&file, &samples);
    let boxes = top_level(&file);
    let codec = &moov_of(&boxes).trak[0].mdia.minf.stbl.stsd.codecs[0];
    check_avcc(&file, codec, samples[0].format_description());

    let mp4 = write(&d, "p.mp4", &file);
    let es = write(&d, "p.264", &annexb(&samples));
    if let Some(json) = probe(&mp4) {
        check_probe(&json, &samples, "h264", "avc1");
    }
    if let Some(ff) = framepress_testkit::ffmpeg() {
        let from_mp4 = decode(&ff, &mp4, None);
        assert_eq!(from_mp4.len(), samples.len() * frame_bytes());
        assert!(
            from_mp4 == decode(&ff, &es, Some("h264")),
            "MP4 and Annex-B decode differently"
        );
        assert!(
            from_mp4 == recon_bytes(&samples),
            "decoded frames differ from the encoder's"
        );
    }
}

#[test]
fn h264_without_reordering_has_no_ctts_and_no_offset() {
    let samples = h264(&[("AllowFrameReordering", Value::Bool(false))]);
    assert!(composition_offsets(&samples).iter().all(|&o| o == 0));
    let file = progressive(&samples, Mp4Options::new());
    check_progressive(&file, &samples);
    let boxes = top_level(&file);
    let trak = &moov_of(&boxes).trak[0];
    assert!(trak.mdia.minf.stbl.ctts.is_none());
    let elst = trak.edts.as_ref().unwrap().elst.as_ref().unwrap();
    assert_eq!(elst.entries[0].media_time, Some(0));
    let f = fragmented(&samples, FragmentOptions::new());
    check_fragments(&f, &samples, &sync_indices(&samples));
}

#[test]
fn h264_fragmented_mp4_has_a_fragment_per_gop_each_decodable_alone() {
    let samples = h264(&[]);
    let syncs = sync_indices(&samples);
    let file = fragmented(&samples, FragmentOptions::new());
    check_fragments(&file, &samples, &syncs);
    let (init_len, frags) = fragments(&file);
    let boxes = top_level(&file);
    let codec = &moov_of(&boxes).trak[0].mdia.minf.stbl.stsd.codecs[0];
    let Codec::Avc1(avc1) = codec else {
        panic!("{codec:?}")
    };
    assert!(avc1.btrt.is_none(), "no bit rates before the samples exist");

    let d = framepress_testkit::scratch_dir("container-mp4-h264-fragmented");
    let mp4 = write(&d, "f.mp4", &file);
    if let Some(json) = probe(&mp4) {
        check_probe(&json, &samples, "h264", "avc1");
    }
    let Some(ff) = framepress_testkit::ffmpeg() else {
        return;
    };
    let whole = decode(&ff, &mp4, None);
    assert!(
        whole == recon_bytes(&samples),
        "decoded frames differ from the encoder's"
    );
    let es = write(&d, "f.264", &annexb(&samples));
    assert!(whole == decode(&ff, &es, Some("h264")));
    // Init segment + one moof/mdat pair: a player joining mid-stream.
    let mut first = 0usize;
    for (n, (_, range)) in frags.iter().enumerate() {
        let piece = [&file[..init_len], &file[range.clone()]].concat();
        let p = write(&d, &format!("fragment{n}.mp4"), &piece);
        let count = frags[n].0.traf[0].trun[0].samples.len();
        let raw = decode(&ff, &p, None);
        assert_eq!(raw.len(), count * frame_bytes(), "fragment {n}");
        assert!(
            raw == whole[first * frame_bytes()..(first + count) * frame_bytes()],
            "fragment {n} decodes to other pictures alone"
        );
        first += count;
    }
}

/// Length-prefixed (4-byte) NAL units to Annex-B.
fn to_annexb(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while !data.is_empty() {
        let len = u32::from_be_bytes(data[..4].try_into().unwrap()) as usize;
        out.extend_from_slice(&[0, 0, 0, 1]);
        out.extend_from_slice(&data[4..4 + len]);
        data = &data[4 + len..];
    }
    out
}

#[test]
fn in_band_parameter_sets_give_avc3_and_self_contained_key_frames() {
    let samples = h264(&[]);
    let syncs = sync_indices(&samples);
    let fd = samples[0].format_description();
    let file = progressive(
        &samples,
        Mp4Options::new().parameter_sets(ParameterSets::InBand),
    );
    let boxes = top_level(&file);
    let stbl = &moov_of(&boxes).trak[0].mdia.minf.stbl;
    let Codec::Avc3(avc3) = &stbl.stsd.codecs[0] else {
        panic!("sample entry {:?}, not avc3", stbl.stsd.codecs[0])
    };
    // The configuration box still describes the stream (players build the codec string from
    // it); the samples carry the parameter sets as well.
    assert_eq!(avc3.avcc.sequence_parameter_sets.len(), 1);
    let StszSamples::Different { sizes } = &stbl.stsz.samples else {
        panic!("stsz")
    };
    let mut at = stbl.stco.as_ref().unwrap().entries[0] as usize;
    let parameter_sets: Vec<u8> = (0..fd.parameter_set_count())
        .flat_map(|i| {
            let ps = fd.parameter_set_at_index(i).unwrap();
            [&(ps.len() as u32).to_be_bytes()[..], ps].concat()
        })
        .collect();
    let mut stored = Vec::new();
    for (i, (s, &size)) in samples.iter().zip(sizes).enumerate() {
        let data = &file[at..at + size as usize];
        if s.is_sync() {
            assert_eq!(
                data,
                [&parameter_sets[..], &s.data()[..]].concat(),
                "sample {i}"
            );
        } else {
            assert_eq!(data, &s.data()[..], "sample {i}");
        }
        stored.push(data.to_vec());
        at += size as usize;
    }
    let fragmented_file = fragmented(
        &samples,
        FragmentOptions::new().parameter_sets(ParameterSets::InBand),
    );
    let (init_len, frags) = fragments(&fragmented_file);

    let d = framepress_testkit::scratch_dir("container-mp4-in-band");
    let mp4 = write(&d, "avc3.mp4", &file);
    let fmp4 = write(&d, "avc3-fragmented.mp4", &fragmented_file);
    if let Some(json) = probe(&mp4) {
        check_probe(&json, &samples, "h264", "avc3");
    }
    if let Some(json) = probe(&fmp4) {
        check_probe(&json, &samples, "h264", "avc3");
    }
    let Some(ff) = framepress_testkit::ffmpeg() else {
        return;
    };
    let recon = recon_bytes(&samples);
    assert!(
        decode(&ff, &mp4, None) == recon,
        "avc3 MP4 decodes differently"
    );
    assert!(
        decode(&ff, &fmp4, None) == recon,
        "avc3 fMP4 decodes differently"
    );
    // A key frame's stored bytes alone, without the sample entry, are a decodable picture.
    // (Every frame before an IDR picture is decoded before it, so its decode index is its
    // presentation index too.)
    for &k in &syncs {
        let es = write(&d, &format!("key{k}.264"), &to_annexb(&stored[k]));
        let raw = decode(&ff, &es, Some("h264"));
        assert!(
            raw == recon[k * frame_bytes()..(k + 1) * frame_bytes()],
            "key frame {k} does not decode on its own"
        );
    }
    // Each fragment after the init segment decodes alone too.
    for (n, (_, range)) in frags.iter().enumerate() {
        let piece = [
            &fragmented_file[..init_len],
            &fragmented_file[range.clone()],
        ]
        .concat();
        let p = write(&d, &format!("fragment{n}.mp4"), &piece);
        let count = frags[n].0.traf[0].trun[0].samples.len();
        assert_eq!(decode(&ff, &p, None).len(), count * frame_bytes());
    }
}

#[test]
fn fragment_duration_merges_gops_until_it_is_reached() {
    let samples = h264(&[]);
    // GOPs of 400 ms: at least 500 ms per fragment means two GOPs in the first fragment.
    let file = fragmented(
        &samples,
        FragmentOptions::new().min_duration(Some(Duration::from_millis(500))),
    );
    let syncs = sync_indices(&samples);
    let expected: Vec<usize> = syncs
        .iter()
        .copied()
        .scan(None::<usize>, |start, i| {
            let begin = match *start {
                None => true,
                Some(s) => (i - s) * 1000 >= 500 * FPS as usize,
            };
            if begin {
                *start = Some(i);
            }
            Some(begin.then_some(i))
        })
        .flatten()
        .collect();
    assert_eq!(expected[..2], [0, 20]);
    check_fragments(&file, &samples, &expected);
}

#[test]
fn annexb_session_output_is_reframed_without_in_band_parameter_sets() {
    let length_prefixed = h264(&[]);
    let annexb_samples = h264(&[("FramepressAnnexBOutput", Value::Bool(true))]);
    assert_eq!(
        annexb_samples[0]
            .format_description()
            .nal_unit_header_length(),
        0
    );
    let a = progressive(&annexb_samples, Mp4Options::new());
    let b = progressive(&length_prefixed, Mp4Options::new());
    // Same pictures, same bytes: the re-framed samples equal the length-prefixed ones, and
    // the sample entry is the same (the format descriptions differ only in framing).
    let moov_a = &top_level(&a)[1].1;
    let moov_b = &top_level(&b)[1].1;
    assert_eq!(a[moov_a.end..], b[moov_b.end..], "mdat differs");
    check_progressive(&b, &length_prefixed);
    let f = fragmented(&annexb_samples, FragmentOptions::new());
    check_fragments(&f, &length_prefixed, &sync_indices(&length_prefixed));
}

#[test]
fn jpeg_mp4_progressive_and_fragmented_decode_like_mjpeg() {
    let samples = encode(CodecType::JPEG, 8, &[]);
    let prog = progressive(&samples, Mp4Options::new());
    check_progressive(&prog, &samples);
    let boxes = top_level(&prog);
    let stbl = &moov_of(&boxes).trak[0].mdia.minf.stbl;
    assert!(stbl.stss.is_none(), "every JPEG is a sync sample");
    assert!(matches!(stbl.stsd.codecs[0], Codec::Jpeg(_)));
    let frag = fragmented(&samples, FragmentOptions::new());
    check_fragments(&frag, &samples, &(0..samples.len()).collect::<Vec<_>>());

    let d = framepress_testkit::scratch_dir("container-mp4-jpeg");
    let p = write(&d, "j.mp4", &prog);
    let f = write(&d, "jf.mp4", &frag);
    if let Some(json) = probe(&p) {
        check_probe(&json, &samples, "mjpeg", "jpeg");
    }
    if let Some(json) = probe(&f) {
        check_probe(&json, &samples, "mjpeg", "jpeg");
    }
    let Some(ff) = framepress_testkit::ffmpeg() else {
        return;
    };
    let mut mjpeg = MjpegWriter::new(Vec::new());
    for s in &samples {
        mjpeg.write_sample(s).unwrap();
    }
    let m = write(&d, "j.mjpeg", &mjpeg.finish().unwrap());
    let reference = decode(&ff, &m, Some("mjpeg"));
    assert_eq!(reference.len(), samples.len() * frame_bytes());
    assert!(decode(&ff, &p, None) == reference);
    assert!(decode(&ff, &f, None) == reference);
}

#[test]
fn misuse_is_reported_with_typed_errors() {
    let samples = encode(CodecType::JPEG, 2, &[]);
    assert!(matches!(
        Mp4Writer::new(Vec::new()).finish(),
        Err(Mp4Error::Empty)
    ));
    assert!(matches!(
        FragmentedMp4Writer::new(Vec::new(), FragmentOptions::new()).finish(),
        Err(Mp4Error::Empty)
    ));
    // The same sample twice: its decode time does not advance.
    let mut w = Mp4Writer::new(Vec::new());
    w.write_sample(&samples[0]).unwrap();
    let e = w.write_sample(&samples[0]).unwrap_err();
    assert!(
        matches!(e, Mp4Error::NonIncreasingDecodeTime { sample: 1, .. }),
        "{e}"
    );
    let mut f = FragmentedMp4Writer::new(Vec::new(), FragmentOptions::new());
    f.write_sample(&samples[0]).unwrap();
    assert!(matches!(
        f.write_sample(&samples[0]),
        Err(Mp4Error::NonIncreasingDecodeTime { sample: 1, .. })
    ));
    // Another codec mid-stream.
    let h = h264(&[]);
    let mut w = Mp4Writer::new(Vec::new());
    w.write_sample(&samples[0]).unwrap();
    let e = w.write_sample(&h[1]).unwrap_err();
    assert!(
        matches!(
            e,
            Mp4Error::FormatChanged {
                sample: 1,
                what: "codec"
            }
        ),
        "{e}"
    );
    // Errors become framepress errors with the message kept.
    let fe: framepress::Error = e.into();
    assert!(fe.detail().contains("format changed"), "{fe}");
}
