//! Text analysis: the tokenizers kensaku registers on every index it opens.
//!
//! Two analyzers, registered under the names [`TEXT`] and [`ROMAJI`]:
//!
//! * **`TEXT`** — words (tantivy's `SimpleTokenizer`), longer than 40 bytes removed, lowercased,
//!   ASCII-folded (`Bōei` → `boei`). No stemming: footnotes are mostly names and romanized
//!   titles, which an English stemmer mangles (`Ikeda`, `Nihonshi`, `Asahis`), and the text field
//!   is the *precision* field where exact spellings must rank first.
//! * **`ROMAJI`** — words kept whole across `'` and `-` ([`filter::WordTokenizer`]), then
//!   [`RomajiFilter`]: every word judged to be romanized Japanese is read as its canonical
//!   syllables (`Bouei`, `Bōei`, `Bôei`, `Boei` → `bo e i`), and each run of adjacent Japanese
//!   words is indexed as its *spans*, keyed by their syllables joined (`boei`); other words are
//!   dropped (their position stays used).
//!
//! # Word division and boundaries
//!
//! Boundaries fall at a word's start and end, at a hyphen or capital inside it (`Nichi-Bei`,
//! `KyoudouKenkyuu`) and between the lexicon's parts of a run-together compound ([`segment`]:
//! `annzen|hoshou|kyouryoku`, `Nichibei|anpo`). A span runs from a boundary where a part starts
//! to one where a part ends, across at most [`MAX_SPAN_PARTS`] parts of [`MAX_SPAN_WORDS`] words, so `Kita Chōsen`,
//! `Kitachōsen` and `Kita-Chōsen` all hold the spans `kita`, `chosen` and `kitachosen`, and
//! `annzenhoshoukyouryoku` holds `anzen`, `hosho`, `anzenhosho`, … A query word is one key — all
//! its syllables — and matches a span with that key: `kitachosen` matches `Kita Chōsen`,
//! `"anzen hosho"` matches `annzenhoshoukyouryoku`, while `ito` does not find `Saitō`, nor
//! `kai` `Kaigai`, `sato` `Satomi`, `mori` `Ōmori`. One term lookup per query word (a phrase of
//! syllables, the earlier design, cost most of a query's time on a large index).
//!
//! Positions count syllables on both sides: a span sits at the position of its first
//! syllable, and the keys of a quoted query phrase at their words' syllable offsets, so
//! `"Kita Chōsen"` (`kita`@0, `chosen`@2) matches the spans of `Kitachōsen`.
//!
//! The index-time and query-time analyzers are the same pipeline except that at query time an
//! English-listed proper noun (`Kenya`) counts as Japanese on its own, a word is one key
//! whatever its divisions, and a word that is not Japanese among Japanese words (`"rekishi
//! 1997"`) becomes a key no index holds ([`filter::NEVER_INDEXED`]), so a phrase with it matches
//! through the text field only; [`query_tokenizers`] returns them under the same names.
//!
//! # Declaring fields
//!
//! ```
//! use tantivy::schema::{IndexRecordOption, Schema, TextFieldIndexing, TextOptions};
//! use kensaku::analyzer;
//!
//! let mut builder = Schema::builder();
//! let positions = IndexRecordOption::WithFreqsAndPositions;
//! let text = builder.add_text_field(
//!     "text",
//!     TextOptions::default().set_stored().set_indexing_options(
//!         TextFieldIndexing::default().set_tokenizer(analyzer::TEXT).set_index_option(positions),
//!     ),
//! );
//! let romaji = builder.add_text_field(
//!     "romaji",
//!     TextOptions::default().set_indexing_options(
//!         TextFieldIndexing::default().set_tokenizer(analyzer::ROMAJI).set_index_option(positions),
//!     ),
//! );
//! let index = tantivy::Index::create_in_ram(builder.build());
//! analyzer::register(&index);
//! let mut parser = tantivy::query::QueryParser::new(
//!     index.schema(), vec![text, romaji], analyzer::query_tokenizers());
//! parser.set_conjunction_by_default();
//! parser.set_field_boost(romaji, analyzer::ROMAJI_BOOST);
//! # let _ = parser.parse_query("boei").map_err(|e| e.to_string())?;
//! # Ok::<(), String>(())
//! ```
//!
//! Feed *the same string* to both fields of a document (`text` stored, `romaji` not stored).
//!
//! # Highlighting
//!
//! The romaji analyzer keeps the original words' offsets (a span covering several words runs
//! from the first's start to the last's end). So for a hit that came only through `romaji`,
//! build `SnippetGenerator::create(&searcher, &query, romaji)` and call `.snippet(stored_text)`
//! with the stored `text` value: the original spelling (`Bouei` for the query `bōei`) is
//! highlighted. [`romaji_highlights`] gives the matched words one by one (not the gaps between
//! the words of a span).

pub mod english;
pub mod filter;
pub mod romaji;
pub mod segment;

use std::ops::Range;

use tantivy::Index;
use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer, TokenStream,
    Tokenizer, TokenizerManager,
};

pub use filter::{FilterMode, MAX_SPAN_PARTS, MAX_SPAN_WORDS, RomajiFilter, WordTokenizer};

/// English-friendly analyzer for the precise text field.
pub const TEXT: &str = "kensaku_text";
/// Romanized-Japanese analyzer (canonical keys of words and compounds) for the low-boost romaji field.
pub const ROMAJI: &str = "kensaku_romaji";
/// Suggested query boost of the romaji field relative to the text field (1.0).
pub const ROMAJI_BOOST: f32 = 0.5;

/// The analyzer registered as [`TEXT`].
pub fn text_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

/// The analyzer registered as [`ROMAJI`] for the given side.
pub fn romaji_analyzer(mode: FilterMode) -> TextAnalyzer {
    TextAnalyzer::builder(WordTokenizer::default())
        .filter(RomajiFilter::new(mode))
        .build()
}

/// Registers the index-time analyzers ([`TEXT`], [`ROMAJI`]) on `index`.
pub fn register(index: &Index) {
    let manager = index.tokenizers();
    manager.register(TEXT, text_analyzer());
    manager.register(ROMAJI, romaji_analyzer(FilterMode::Index));
}

/// A tokenizer manager with the query-time analyzers under the same names, for
/// `QueryParser::new(schema, fields, query_tokenizers())`. tantivy's default analyzers
/// (`default`, `raw`, …) are kept for other fields.
pub fn query_tokenizers() -> TokenizerManager {
    let manager = TokenizerManager::default();
    manager.register(TEXT, text_analyzer());
    manager.register(ROMAJI, romaji_analyzer(FilterMode::Query));
    manager
}

/// Byte ranges of the words of `text` matched, through romaji, by the words of `query`
/// (plain query words, no operators): every span of `text` whose key is the key of a query word
/// highlights the words it covers, in their original spelling. Ranges are sorted and do not
/// overlap.
pub fn romaji_highlights(text: &str, query: &str) -> Vec<Range<usize>> {
    let needles: Vec<String> = query
        .split_whitespace()
        .flat_map(|word| tokens(word, FilterMode::Query))
        .map(|(_, key, _)| key)
        .collect();
    if needles.is_empty() {
        return Vec::new();
    }
    let mut ranges: Vec<Range<usize>> = Vec::new();
    let mut words: Option<Vec<Range<usize>>> = None;
    for (_, key, span) in tokens(text, FilterMode::Index) {
        if !needles.contains(&key) {
            continue;
        }
        // A span may cover several words: highlight the words, not the gaps between them.
        let words = words.get_or_insert_with(|| word_ranges(text));
        ranges.extend(
            words
                .iter()
                .filter(|w| w.start >= span.start && w.end <= span.end)
                .cloned(),
        );
    }
    merge_ranges(ranges)
}

/// Byte ranges of the words of `text`, as the romaji analyzer's tokenizer cuts them.
pub fn word_ranges(text: &str) -> Vec<Range<usize>> {
    let mut tokenizer = WordTokenizer::default();
    let mut stream = tokenizer.token_stream(text);
    let mut out = Vec::new();
    while let Some(t) = stream.next() {
        out.push(t.offset_from..t.offset_to);
    }
    out
}

/// (position, token text, offsets) of the romaji tokens of `text`.
fn tokens(text: &str, mode: FilterMode) -> Vec<(usize, String, Range<usize>)> {
    let mut analyzer = romaji_analyzer(mode);
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while let Some(t) = stream.next() {
        out.push((t.position, t.text.clone(), t.offset_from..t.offset_to));
    }
    out
}

fn merge_ranges(mut ranges: Vec<Range<usize>>) -> Vec<Range<usize>> {
    ranges.sort_by_key(|r| (r.start, r.end));
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for r in ranges {
        match merged.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => merged.push(r),
        }
    }
    merged
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_analyzer_lowercases_and_folds() {
        let mut analyzer = text_analyzer();
        let mut stream = analyzer.token_stream("Bōei Kenkyū");
        let mut words = Vec::new();
        while let Some(t) = stream.next() {
            words.push(t.text.clone());
        }
        assert_eq!(words, ["boei", "kenkyu"]);
    }

    #[test]
    fn highlights_cover_the_original_spelling_only() {
        let text = "Bouei seisaku to Nihon";
        let ranges = romaji_highlights(text, "bōei");
        assert_eq!(ranges, vec![0..5]);
        assert_eq!(text.get(0..5), Some("Bouei"));
    }

    #[test]
    fn highlights_span_split_words() {
        let text = "Kita Chōsen mondai";
        assert_eq!(romaji_highlights(text, "kitachosen"), [0..4, 5..12]);
    }

    #[test]
    fn query_manager_knows_both_names() {
        let manager = query_tokenizers();
        assert!(manager.get(TEXT).is_some());
        assert!(manager.get(ROMAJI).is_some());
    }
}
