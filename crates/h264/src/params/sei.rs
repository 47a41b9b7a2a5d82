//! SEI messages (ITU-T H.264 §7.3.2.3, Annex D).

use framepress_bitstream::BitWriter;

/// framepress's UUID for user-data-unregistered SEI (random, fixed forever).
pub const FRAMEPRESS_UUID: [u8; 16] = [
    0x6b, 0x1e, 0x8f, 0x0c, 0x4d, 0x52, 0x4f, 0x1a, 0x9b, 0x37, 0x66, 0x72, 0x61, 0x6d, 0x65, 0x70,
];

fn write_payload_header(w: &mut BitWriter, payload_type: u32, size: usize) {
    let mut t = payload_type;
    while t >= 255 {
        w.write_bits(0xFF, 8);
        t -= 255;
    }
    w.write_bits(t, 8);
    let mut s = size;
    while s >= 255 {
        w.write_bits(0xFF, 8);
        s -= 255;
    }
    w.write_bits(s as u32, 8);
}

/// An SEI RBSP with one `user_data_unregistered` message (payloadType 5) carrying `text`:
/// how x264 and others record the encoder and its settings in the stream.
pub fn user_data_unregistered_rbsp(text: &str) -> Vec<u8> {
    let mut w = BitWriter::new();
    let payload = 16 + text.len() + 1;
    write_payload_header(&mut w, 5, payload);
    w.write_bytes(&FRAMEPRESS_UUID);
    w.write_bytes(text.as_bytes());
    w.write_bits(0, 8); // NUL terminator
    w.write_rbsp_trailing_bits();
    w.into_bytes()
}

/// An SEI RBSP with one `recovery_point` message (payloadType 6): decoding from this
/// non-IDR picture yields correct output after `recovery_frame_cnt` frames.
pub fn recovery_point_rbsp(recovery_frame_cnt: u32) -> Vec<u8> {
    let mut body = BitWriter::new();
    body.write_ue(recovery_frame_cnt);
    body.write_flag(true); // exact_match_flag
    body.write_flag(false); // broken_link_flag
    body.write_bits(0, 2); // changing_slice_group_idc
    // sei payload bits must end byte-aligned with bit_equal_to_one + zeros if not aligned.
    if !body.is_byte_aligned() {
        body.write_rbsp_trailing_bits();
    }
    let bytes = body.into_bytes();
    let mut w = BitWriter::new();
    write_payload_header(&mut w, 6, bytes.len());
    w.write_bytes(&bytes);
    w.write_rbsp_trailing_bits();
    w.into_bytes()
}
