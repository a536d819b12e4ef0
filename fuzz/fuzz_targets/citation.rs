//! Fuzz target: the citation extractor — `citation::extract` on the whole input, and `annotate`
//! (extraction plus short-form / Ibid. resolution) on a chapter whose notes are the input's lines.
#![no_main]

use kensaku::chapter::{Chapter, Format, Note};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for c in kensaku::citation::extract(&text) {
        let _ = kensaku::citation::one_line(&c);
    }
    let mut chapter = Chapter::new("fuzz.txt", Format::Page);
    for (i, line) in text.lines().enumerate() {
        // Mostly numbered notes (so Ibid. and short forms can resolve), a few unnumbered ones.
        let number = (!line.starts_with('#')).then_some(i as u32 + 1);
        chapter.notes.push(Note::new(number, i + 1, line));
    }
    kensaku::citation::annotate(&mut chapter);
    for note in &chapter.notes {
        for c in &note.citations {
            for p in c.authors.iter().chain(&c.editors) {
                let _ = kensaku::citation::person_key(p);
                let _ = kensaku::index::author_keys(p);
            }
        }
    }
    let _ = kensaku::citation::parse_person(&text);
});
