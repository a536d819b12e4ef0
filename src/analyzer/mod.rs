//! Text analysis: the tokenizers kensaku registers on every index it opens.
//!
//! PLACEHOLDER until the romaji analyzer lands: both names map to a plain English analyzer.

use tantivy::Index;
use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, SimpleTokenizer, TextAnalyzer, TokenizerManager,
};

/// English-friendly analyzer for the plain `text` field.
pub const TEXT: &str = "kensaku_text";
/// Index-time romaji-key analyzer.
pub const ROMAJI: &str = "kensaku_romaji";

fn text_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

/// Register the index-time analyzers on an index (they are not stored in the index).
pub fn register(index: &Index) {
    index.tokenizers().register(TEXT, text_analyzer());
    index.tokenizers().register(ROMAJI, text_analyzer());
}

/// Query-time analyzers: the same names, without index-time expansions.
pub fn query_tokenizers() -> TokenizerManager {
    let manager = TokenizerManager::default();
    manager.register(TEXT, text_analyzer());
    manager.register(ROMAJI, text_analyzer());
    manager
}
