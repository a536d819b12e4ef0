//! Export: every indexed passage as one JSON line (NDJSON, the format search servers ingest).

use std::io::Write;

use serde::Serialize;
use tantivy::TantivyDocument;
use tantivy::tokenizer::TextAnalyzer;

use crate::error::Result;
use crate::index::KIndex;
use crate::search::Passage;

#[derive(Serialize)]
struct Exported<'a> {
    #[serde(flatten)]
    passage: &'a Passage,
    /// The romaji keys of the note's Japanese words (every spelling variant gives the same key).
    romaji: String,
}

/// The romaji key of every word of `text` the analyzer reads as Japanese, space-separated: the
/// analyzer emits one token per syllable (plus boundary-marked copies, skipped here), all carrying
/// their word's offsets, so a word's key is its syllables joined.
fn romaji_keys(analyzer: &mut TextAnalyzer, text: &str) -> String {
    let mut out = String::with_capacity(text.len() / 2);
    let mut word: Option<(usize, usize)> = None;
    let mut stream = analyzer.token_stream(text);
    while let Some(token) = stream.next() {
        if token.text.starts_with('^') || token.text.ends_with('$') {
            continue;
        }
        let span = (token.offset_from, token.offset_to);
        if word != Some(span) && !out.is_empty() {
            out.push(' ');
        }
        word = Some(span);
        out.push_str(&token.text);
    }
    out
}

/// Write every live passage of the index to `out`, one JSON object per line; returns the count.
pub fn ndjson(kindex: &KIndex, out: &mut impl Write) -> Result<u64> {
    let searcher = kindex.index.reader()?.searcher();
    let mut romaji = kindex.index.tokenizer_for_field(kindex.fields.romaji)?;
    let mut count = 0;
    for segment in searcher.segment_readers() {
        let store = segment.get_store_reader(64)?;
        for doc in store.iter::<TantivyDocument>(segment.alive_bitset()) {
            let doc = doc?;
            let passage = Passage::from_doc(&doc, &kindex.fields);
            let line = Exported {
                romaji: romaji_keys(&mut romaji, &passage.text),
                passage: &passage,
            };
            crate::render::json_line(out, &line)?;
            count += 1;
        }
    }
    Ok(count)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn romaji_keys_join_syllables_per_word() {
        let mut analyzer = crate::analyzer::romaji_analyzer(crate::analyzer::FilterMode::Index);
        let a = romaji_keys(&mut analyzer, "Nihon no Misairu Bouei");
        let b = romaji_keys(&mut analyzer, "Nihon no Misairu Bōei");
        assert_eq!(a, b);
        assert!(a.contains("boei"), "{a}");
        assert!(!a.contains('^') && !a.contains('$'), "{a}");
    }
}
