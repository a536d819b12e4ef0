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
    /// The note text as the romaji analyzer sees it: one key per token.
    romaji: String,
}

/// The tokens of `text` through `analyzer`, space-separated.
fn analyzed(analyzer: &mut TextAnalyzer, text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut stream = analyzer.token_stream(text);
    while let Some(token) = stream.next() {
        if !out.is_empty() {
            out.push(' ');
        }
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
                romaji: analyzed(&mut romaji, &passage.text),
                passage: &passage,
            };
            crate::render::json_line(out, &line)?;
            count += 1;
        }
    }
    Ok(count)
}
