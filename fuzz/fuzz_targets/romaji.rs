//! Fuzz target: the analyzers over arbitrary text — the index-time and query-time romaji
//! analyzers and the text analyzer (token offsets must stay inside the text, on char
//! boundaries), `romaji::key`, `fold_name`, `fold_word`, `english_kind` and `romaji_highlights`.
//!
//! Span invariants of the index side (`flush_run`): keys are non-empty, positions never go
//! back, a span starts at a word's start and ends at a word's end and covers at most
//! `MAX_SPAN_WORDS` words. Query side: one token per word, exactly that word's offsets. And a
//! span key that the query side reads back as the same key highlights (at least) the span's
//! first word.
#![no_main]

use kensaku::analyzer::{self, FilterMode, MAX_SPAN_WORDS, english, romaji};
use libfuzzer_sys::fuzz_target;
use std::ops::Range;
use tantivy::tokenizer::{TextAnalyzer, TokenStream};

/// (position, text, offsets) of every token, after checking its offsets.
fn check_tokens(mut analyzer: TextAnalyzer, text: &str) -> Vec<(usize, String, Range<usize>)> {
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() {
        let t = stream.token();
        assert!(t.offset_from <= t.offset_to, "token {t:?} in {text:?}");
        assert!(t.offset_to <= text.len(), "token {t:?} in {text:?}");
        assert!(text.is_char_boundary(t.offset_from) && text.is_char_boundary(t.offset_to));
        out.push((t.position, t.text.clone(), t.offset_from..t.offset_to));
    }
    out
}

fuzz_target!(|data: &[u8]| {
    let input = String::from_utf8_lossy(data);
    // "text|query": the part before the first '|' is a note, the rest a query.
    let (text, query) = input.split_once('|').unwrap_or((&input, &input));

    let spans = check_tokens(analyzer::romaji_analyzer(FilterMode::Index), text);
    let text_words = analyzer::word_ranges(text);
    let mut last_position = 0;
    for (position, key, span) in &spans {
        assert!(!key.is_empty(), "empty key in {text:?}");
        assert!(*position >= last_position, "{spans:?} in {text:?}");
        last_position = *position;
        assert!(
            text_words.iter().any(|w| w.start == span.start)
                && text_words.iter().any(|w| w.end == span.end),
            "span {span:?} does not start and end with words: {spans:?} in {text:?}"
        );
        let covered = text_words
            .iter()
            .filter(|w| w.start >= span.start && w.end <= span.end)
            .count();
        assert!(
            (1..=MAX_SPAN_WORDS).contains(&covered),
            "span {span:?} covers {covered} words in {text:?}"
        );
    }
    let query_tokens = check_tokens(analyzer::romaji_analyzer(FilterMode::Query), query);
    let query_words = analyzer::word_ranges(query);
    for (_, key, span) in &query_tokens {
        assert!(!key.is_empty(), "empty key in {query:?}");
        assert!(query_words.contains(span), "{query_tokens:?} in {query:?}");
    }
    check_tokens(analyzer::text_analyzer(), text);

    // A span key that the query side reads as that same key finds the span again.
    for (_, key, span) in spans.iter().take(4) {
        let mut q = analyzer::romaji_analyzer(FilterMode::Query);
        let mut stream = q.token_stream(key);
        let same = stream.advance() && stream.token().text == *key && !stream.advance();
        if same {
            let ranges = analyzer::romaji_highlights(text, key);
            assert!(
                ranges
                    .iter()
                    .any(|r| r.start <= span.start && span.start < r.end),
                "key {key:?} of span {span:?} not highlighted: {ranges:?} in {text:?}"
            );
        }
    }

    for word in input.split_whitespace() {
        let _ = romaji::key(word);
        let _ = romaji::syllables(word);
        if let Some(folded) = romaji::fold_word(word) {
            let _ = romaji::parse_folded(&folded);
            let _ = english::english_kind_folded(word, &folded);
        }
        let _ = english::english_kind(word);
    }
    let _ = romaji::fold_name(&input);

    let ranges = analyzer::romaji_highlights(text, query);
    let mut end = None;
    for r in &ranges {
        assert!(
            end.is_none_or(|e| r.start > e) && r.start < r.end && r.end <= text.len(),
            "{ranges:?} in {text:?}"
        );
        assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
        end = Some(r.end);
    }
});
