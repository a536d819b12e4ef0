//! Fuzz target: the analyzers over arbitrary text — the index-time and query-time romaji
//! analyzers and the text analyzer (token offsets must stay inside the text, on char
//! boundaries), `romaji::key`, `fold_name`, `fold_word`, `english_kind` and `romaji_highlights`.
#![no_main]

use kensaku::analyzer::{self, FilterMode, romaji};
use libfuzzer_sys::fuzz_target;
use tantivy::tokenizer::{TextAnalyzer, TokenStream};

fn check_tokens(mut analyzer: TextAnalyzer, text: &str) {
    let mut stream = analyzer.token_stream(text);
    while stream.advance() {
        let t = stream.token();
        assert!(t.offset_from <= t.offset_to, "token {t:?} in {text:?}");
        assert!(t.offset_to <= text.len(), "token {t:?} in {text:?}");
        assert!(text.is_char_boundary(t.offset_from) && text.is_char_boundary(t.offset_to));
    }
}

fuzz_target!(|data: &[u8]| {
    let input = String::from_utf8_lossy(data);
    // "text|query": the part before the first '|' is a note, the rest a query.
    let (text, query) = input.split_once('|').unwrap_or((&input, &input));

    check_tokens(analyzer::romaji_analyzer(FilterMode::Index), text);
    check_tokens(analyzer::romaji_analyzer(FilterMode::Query), query);
    check_tokens(analyzer::text_analyzer(), text);

    for word in input.split_whitespace() {
        let _ = romaji::key(word);
        let _ = romaji::syllables(word);
        if let Some(folded) = romaji::fold_word(word) {
            let _ = romaji::parse_folded(&folded);
            let _ = romaji::english_kind_folded(word, &folded);
        }
        let _ = romaji::english_kind(word);
    }
    let _ = romaji::fold_name(&input);

    let ranges = analyzer::romaji_highlights(text, query);
    let mut end = 0;
    for r in &ranges {
        assert!(
            r.start >= end && r.start < r.end && r.end <= text.len(),
            "{ranges:?} in {text:?}"
        );
        assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
        end = r.end;
    }
});
