//! Text analysis: the tokenizers kensaku registers on every index it opens.
//!
//! Two analyzers, registered under the names [`TEXT`] and [`ROMAJI`]:
//!
//! * **`TEXT`** — words (tantivy's `SimpleTokenizer`), longer than 40 bytes removed, lowercased,
//!   ASCII-folded (`Bōei` → `boei`). No stemming: footnotes are mostly names and romanized
//!   titles, which an English stemmer mangles (`Ikeda`, `Nihonshi`, `Asahis`), and the text field
//!   is the *precision* field where exact spellings must rank first.
//! * **`ROMAJI`** — words kept whole across `'` and `-` ([`filter::WordTokenizer`]), then
//!   [`RomajiFilter`]: every word judged to be romanized Japanese becomes its canonical
//!   syllables (`Bouei`, `Bōei`, `Bôei`, `Boei` → `bo e i`), one token per syllable at
//!   consecutive positions; other words are dropped (their position stays used).
//!
//! # Word division and boundaries
//!
//! Syllable tokens make word division irrelevant: `KyoudouKenkyuu`, `kyōdō kenkyū` and
//! `Kyodo-Kenkyu` all index as `kyo do ke n kyu`. A query word becomes a *phrase of its
//! syllables* (consecutive positions), so `kitachosen` matches `Kita Chōsen`,
//! `"anzen hosho"` matches `annzenhoshoukyouryoku`, and `kyoryoku` matches inside it too.
//!
//! But a query word must *start and end at a boundary*: its first syllable is written `^kyo`,
//! its last `ku$` (a one-syllable word `^to$`), and the index writes such a marked token, next
//! to the plain one at the same position, for every syllable that starts or ends a word, a
//! hyphenated part (`Nichi-Bei`), a capitalized part (`KyoudouKenkyuu`) or a lexicon word inside
//! a run-together compound ([`segment`]: `annzen|hoshou|kyouryoku`, `Nichibei|anpo`). So `ito`
//! no longer finds `Saitō`, nor `kai` `Kaigai`, `sato` `Satomi`, `mori` `Ōmori`, while the middle
//! of a query word may still cross boundaries. The cost is about two marked tokens per word.
//!
//! The index-time and query-time analyzers are the same pipeline except that at query time an
//! English-listed proper noun (`Kenya`) counts as Japanese on its own; [`query_tokenizers`]
//! returns them under the same names.
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
//! The romaji analyzer never changes offsets: every syllable token carries the offsets of the
//! word it came from in the original text. So for a hit that came only through `romaji`,
//! build `SnippetGenerator::create(&searcher, &query, romaji)` and call `.snippet(stored_text)`
//! with the stored `text` value: the original spelling (`Bouei` for the query `bōei`) is
//! highlighted. Since that generator highlights every word containing one of the query's
//! syllables, [`romaji_highlights`] gives the precise ranges instead (whole words whose
//! syllables continue the query word's syllable run).

pub mod filter;
pub mod romaji;
pub mod segment;

use std::ops::Range;

use tantivy::Index;
use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer,
    TokenizerManager,
};

pub use filter::{END, FilterMode, RomajiFilter, START, WordTokenizer};

/// English-friendly analyzer for the precise text field.
pub const TEXT: &str = "kensaku_text";
/// Romanized-Japanese analyzer (canonical syllables) for the low-boost romaji field.
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
/// (plain query words, no operators): every run of syllables in `text` equal to the syllables
/// of one query word, starting and ending at boundaries as the index requires, highlights the
/// words it spans. Ranges are sorted and do not overlap.
pub fn romaji_highlights(text: &str, query: &str) -> Vec<Range<usize>> {
    let doc = doc_syllables(text);
    let mut ranges: Vec<Range<usize>> = Vec::new();
    for word in query.split_whitespace() {
        let needle: Vec<String> = tokens(word, FilterMode::Query)
            .into_iter()
            .map(|(_, t, _)| {
                t.trim_start_matches(START)
                    .trim_end_matches(END)
                    .to_string()
            })
            .collect();
        if needle.is_empty() || needle.len() > doc.len() {
            continue;
        }
        for start in 0..=doc.len() - needle.len() {
            let window = &doc[start..start + needle.len()];
            let contiguous = window.windows(2).all(|pair| pair[1].0 == pair[0].0 + 1);
            let bounded = window.first().is_some_and(|s| s.2) && window.last().is_some_and(|s| s.3);
            if contiguous && bounded && window.iter().zip(&needle).all(|(d, n)| d.1 == *n) {
                ranges.extend(window.iter().map(|s| s.4.clone()));
            }
        }
    }
    merge_ranges(ranges)
}

/// (position, syllable, starts a part, ends a part, word offsets) of the syllables of `text`
/// as the index side sees them.
type DocSyllable = (usize, String, bool, bool, Range<usize>);

fn doc_syllables(text: &str) -> Vec<DocSyllable> {
    let mut out: Vec<DocSyllable> = Vec::new();
    for (position, token, range) in tokens(text, FilterMode::Index) {
        let starts = token.starts_with(START);
        let ends = token.ends_with(END);
        match out.last_mut() {
            Some(last) if last.0 == position && (starts || ends) => {
                last.2 |= starts;
                last.3 |= ends;
            }
            _ => out.push((position, token, starts, ends, range)),
        }
    }
    out
}

/// (position, token text, word offsets) of the romaji tokens of `text`.
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
