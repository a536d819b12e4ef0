//! Fuzz target: arbitrary bytes → `corpus::decode` → `corpus::parse_text` (format detection,
//! every parser, citation annotation), under each extension the detector looks at.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&selector, bytes)) = data.split_first() else {
        return;
    };
    let name = ["fuzz.txt", "fuzz.html", "fuzz.md", "fuzz"][usize::from(selector % 4)];
    if let Ok((text, _warning)) = kensaku::corpus::decode(bytes) {
        let chapter = kensaku::corpus::parse_text(Path::new(name), name, &text);
        // Both outputs of `kensaku parse` must not panic either.
        let mut out = Vec::new();
        let _ = kensaku::render::chapter_text(&mut out, &chapter);
        let _ = kensaku::render::json_line(&mut out, &chapter);
    }
});
