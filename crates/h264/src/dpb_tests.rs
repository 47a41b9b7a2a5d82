use super::*;

fn picture() -> Picture {
    Picture::new(1, 1)
}

#[test]
fn the_sliding_window_keeps_the_newest_pictures() {
    let mut d = Dpb::new(3);
    assert!(d.is_empty());
    for n in 0..5 {
        d.store_short_term(picture(), Vec::new(), Default::default(), n, 0);
    }
    assert_eq!(d.short_frame_nums(), [4, 3, 2]);
    assert_eq!(d.short_refs(2).len(), 2);
    assert_eq!(d.short_refs(9).len(), 3);
    d.clear();
    assert!(d.is_empty());
}

#[test]
fn long_term_pictures_count_against_the_window() {
    // Two short-term and two long-term places.
    let mut d = Dpb::new(4);
    for n in 0..4 {
        d.store_short_term(picture(), Vec::new(), Default::default(), n, 0);
    }
    // The 4 short-term pictures fill the buffer: marking the current picture long-term
    // must first drop the oldest one (frame_num 0, seen from frame_num 4: difference 4).
    let ops = d.long_term_marking(0, 4);
    assert_eq!(
        ops,
        [
            Mmco::MaxLongTermFrameIdxPlus1(2),
            Mmco::ForgetShortTerm {
                difference_of_pic_nums_minus1: 3
            },
            Mmco::MarkCurrentLongTerm(0),
        ]
    );
    d.store_long_term(picture(), Vec::new(), Default::default(), 0, 11, &ops);
    assert_eq!(d.short_frame_nums(), [3, 2, 1]);
    // Now the window holds 3 short-term pictures: the next one drops the oldest.
    d.store_short_term(picture(), Vec::new(), Default::default(), 5, 0);
    assert_eq!(d.short_frame_nums(), [5, 3, 2]);
    assert_eq!(d.long_term(0).map(|l| l.token), Some(11));
}

#[test]
fn frame_num_wraps_in_the_pic_num_difference() {
    let mut d = Dpb::new(1);
    d.store_short_term(picture(), Vec::new(), Default::default(), 255, 0);
    // Seen from frame_num 1, frame_num 255 is PicNum −1: difference 2.
    assert_eq!(
        d.long_term_marking(0, 1)[1],
        Mmco::ForgetShortTerm {
            difference_of_pic_nums_minus1: 1
        }
    );
}

#[test]
fn a_new_long_term_picture_never_replaces_the_newest_acknowledged_one() {
    let mut d = Dpb::new(4);
    let mark = |d: &mut Dpb, token: i64, frame_num: u32| {
        let slot = d.slot_for_new_long_term();
        let ops = d.long_term_marking(slot, frame_num);
        d.store_long_term(picture(), Vec::new(), Default::default(), slot, token, &ops);
        slot
    };
    assert_eq!(mark(&mut d, 1, 0), 0);
    assert_eq!(mark(&mut d, 2, 1), 1);
    assert_eq!(d.newest_long_term(true), None);
    assert_eq!(d.newest_long_term(false), Some(1));
    d.acknowledge(&[1, 99]);
    assert_eq!(d.newest_long_term(true), Some(0));
    // Slot 0 holds the only acknowledged picture: new ones keep replacing slot 1.
    assert_eq!(mark(&mut d, 3, 2), 1);
    assert_eq!(mark(&mut d, 4, 3), 1);
    assert_eq!(d.long_term(0).map(|l| l.token), Some(1));
    d.acknowledge(&[4]);
    // Token 4 is now the newest acknowledged: the next one replaces token 1.
    assert_eq!(mark(&mut d, 5, 4), 0);
    assert_eq!(d.newest_long_term(true), Some(1));
}

#[test]
fn after_a_refresh_only_newer_short_term_pictures_are_used() {
    let mut d = Dpb::new(4);
    for n in 0..3 {
        d.store_short_term(picture(), Vec::new(), Default::default(), n, 0);
    }
    d.forget_short_term_for_prediction();
    assert!(d.short_refs(4).is_empty());
    d.store_short_term(picture(), Vec::new(), Default::default(), 3, 0);
    assert_eq!(d.short_refs(4).len(), 1);
    d.store_short_term(picture(), Vec::new(), Default::default(), 4, 0);
    assert_eq!(d.short_refs(4).len(), 2);
}

#[test]
fn p_lists_put_pyramid_b_frames_last() {
    let mut d = Dpb::new(4);
    // I (frame_num 0, POC 0), P (1, POC 8), reference B (2, POC 4).
    d.store_short_term(picture(), Vec::new(), Default::default(), 0, 0);
    d.store_short_term(picture(), Vec::new(), Default::default(), 1, 8);
    assert!(
        d.p_list_anchors_first(3, false).is_none(),
        "no B-frame: the default order"
    );
    d.store_short_term(picture(), Vec::new(), Default::default(), 2, 4);
    d.mark_newest_as_b_ref();
    let (refs, order) = d.p_list_anchors_first(3, false).expect("reordered");
    assert_eq!(order, [1, 0, 2]);
    assert_eq!(refs.iter().map(|r| r.poc).collect::<Vec<_>>(), [8, 0, 4]);
    // With one reference the B-frame drops out of the list.
    assert_eq!(d.p_list_anchors_first(1, false).unwrap().1, [1]);
    // The next P picture (3) is newest: the order starts with it again.
    d.store_short_term(picture(), Vec::new(), Default::default(), 3, 16);
    assert_eq!(d.p_list_anchors_first(3, false).unwrap().1, [3, 1, 0]);
}

#[test]
fn strict_pyramid_keeps_reference_b_pictures_to_their_run() {
    let mut d = Dpb::new(5);
    // I (POC 0), P (POC 8), reference B (POC 4), P (POC 16), reference B (POC 12).
    for (n, poc, b_ref) in [(0, 0, false), (1, 8, false), (2, 4, true), (3, 16, false)] {
        d.store_short_term(picture(), Vec::new(), Default::default(), n, poc);
        if b_ref {
            d.mark_newest_as_b_ref();
        }
    }
    // The P picture at POC 24 lists P and I pictures only.
    let (refs, order) = d.p_list_anchors_first(4, true).expect("reordered");
    assert_eq!(order, [3, 1, 0]);
    assert_eq!(refs.iter().map(|r| r.poc).collect::<Vec<_>>(), [16, 8, 0]);
    assert_eq!(d.p_list_anchors_first(4, false).unwrap().1, [3, 1, 0, 2]);
    // A B picture at POC 10 (run 8..16): list 0 is P8 only when strict (B4 belongs to the
    // run before), P8, B4, P0 otherwise.
    let pocs = |l: Vec<&crate::frame::RefFrame>| l.iter().map(|r| r.poc).collect::<Vec<_>>();
    assert_eq!(pocs(d.b_lists(10, 4, true).0), [8]);
    assert_eq!(pocs(d.b_lists(10, 4, false).0), [8, 4, 0]);
    // Its run's own reference B (POC 12) stays for the B at POC 14.
    d.store_short_term(picture(), Vec::new(), Default::default(), 4, 12);
    d.mark_newest_as_b_ref();
    assert_eq!(pocs(d.b_lists(14, 4, true).0), [12, 8]);
    assert_eq!(pocs(d.b_lists(14, 4, true).1), [16]);
}
