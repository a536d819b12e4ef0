//! Fuzz target: the citation extractor — `citation::extract` on the whole input, and `annotate`
//! (extraction plus short-form / Ibid. resolution) on a chapter whose notes are the input's lines.
//! Every list of citations must survive the stored form (`stored::citations_to_stored` →
//! `citations_from_stored` against the note text) unchanged.
#![no_main]

use kensaku::chapter::{Chapter, Format, Note};
use kensaku::citation::Citation;
use kensaku::stored::{citations_from_stored, citations_to_stored};
use libfuzzer_sys::fuzz_target;

fn round_trip(citations: &[Citation], text: &str) {
    let stored = citations_to_stored(citations, text);
    let back = citations_from_stored(&stored, text);
    assert_eq!(back, citations, "stored as {stored}");
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let citations = kensaku::citation::extract(&text);
    for c in &citations {
        let _ = kensaku::citation::one_line(c);
    }
    round_trip(&citations, &text);
    let mut chapter = Chapter::new("fuzz.txt", Format::Page);
    for (i, line) in text.lines().enumerate() {
        // Mostly numbered notes (so Ibid. and short forms can resolve), a few unnumbered ones.
        let number = (!line.starts_with('#')).then_some(i as u32 + 1);
        chapter.notes.push(Note::new(number, i + 1, line));
    }
    kensaku::citation::annotate(&mut chapter);
    for note in &chapter.notes {
        round_trip(&note.citations, &note.text);
        for c in &note.citations {
            for p in c.authors.iter().chain(&c.editors) {
                let _ = kensaku::citation::person_key(p);
                let _ = kensaku::index::author_keys(p);
            }
        }
    }
    let _ = kensaku::citation::parse_person(&text);
});
