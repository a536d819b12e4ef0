//! Fuzz target: the saved-page parser (`corpus::page::parse`, `looks_like_page`, `strip_note_markers`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = kensaku::corpus::page::looks_like_page(&text);
    let chapter = kensaku::corpus::page::parse("fuzz.txt", &text);
    for note in &chapter.notes {
        assert!(note.line >= 1, "note lines are 1-based");
    }
    let max_note = chapter
        .notes
        .iter()
        .filter_map(|n| n.number)
        .max()
        .unwrap_or(0);
    let _ = kensaku::corpus::page::strip_note_markers(&text, max_note);
});
