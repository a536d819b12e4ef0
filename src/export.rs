//! Export: every indexed passage as one JSON line (NDJSON, the format search servers ingest).

use std::collections::BTreeMap;
use std::io::Write;

use serde::Serialize;
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{DocAddress, DocId};

use crate::error::{Error, Result};
use crate::index::KIndex;
use crate::search::{Passage, RecordPlaces, passage_in, read_record};
use crate::store::Decoder;

#[derive(Serialize)]
struct Exported<'a> {
    #[serde(flatten)]
    passage: &'a Passage,
    /// The romaji keys of the note's Japanese words (every spelling variant gives the same key).
    romaji: String,
}

/// The romaji key of every word of `text` the analyzer reads as Japanese, space-separated. The
/// analyzer emits spans (a word, a part of a compound, or several adjacent words); a word's key
/// is the longest span covering exactly that word.
fn romaji_keys(analyzer: &mut TextAnalyzer, text: &str) -> String {
    // By word range, so the words come out in text order.
    let mut keys: BTreeMap<(usize, usize), String> = BTreeMap::new();
    let mut stream = analyzer.token_stream(text);
    while let Some(token) = stream.next() {
        let range = (token.offset_from, token.offset_to);
        let one_word = text.get(range.0..range.1).is_some_and(|t| {
            t.chars()
                .all(|c| c.is_alphanumeric() || crate::analyzer::romaji::is_joiner(c))
        });
        if !one_word {
            continue;
        }
        let key = keys.entry(range).or_default();
        if key.len() < token.text.len() {
            key.clone_from(&token.text);
        }
    }
    let keys: Vec<String> = keys.into_values().collect();
    keys.join(" ")
}

/// Write every live passage of the index to `out`, one JSON object per line; returns the count.
pub fn ndjson(kindex: &KIndex, out: &mut impl Write) -> Result<u64> {
    let searcher = kindex.index.reader()?.searcher();
    let mut romaji = kindex.index.tokenizer_for_field(kindex.fields.romaji)?;
    let store = Decoder::for_index(&kindex.dir).map_err(|reason| Error::Damaged {
        path: kindex.dir.clone(),
        reason,
    })?;
    let mut count = 0;
    for (ord, segment) in searcher.segment_readers().iter().enumerate() {
        // A chapter's passages are consecutive: each group's record is read once, at its
        // first passage, and serves the passages after it.
        let docs = segment.get_store_reader(1)?;
        let places = RecordPlaces::open(segment)?;
        let mut record: Option<(DocId, Vec<u8>)> = None;
        for doc in segment.doc_ids_alive() {
            let (first, within) = places.of(doc);
            let addr = DocAddress::new(ord as u32, first);
            if record.as_ref().is_none_or(|(at, _)| *at != first) {
                let read = read_record(&docs, addr, &kindex.fields, &store, &kindex.dir)?;
                record = Some((first, read));
            }
            let Some((_, raw)) = &record else { continue };
            let passage = passage_in(raw, within, &kindex.dir, addr)?;
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
        assert_eq!(a, "nihon no misairu boei");
        let c = romaji_keys(&mut analyzer, "annzenhoshoukyouryoku and Kita,Chōsen");
        assert_eq!(c, "anzenhoshokyoryoku kita chosen");
    }
}
