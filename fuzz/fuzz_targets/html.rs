//! Fuzz target: the saved-HTML parser (`corpus::html::parse`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = kensaku::corpus::html::parse("fuzz.html", &text);
});
