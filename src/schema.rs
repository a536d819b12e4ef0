//! The index schema: one tantivy document per note or abstract, with its chapter's context.

use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};

use crate::analyzer;

/// Bump when the schema or the analyzers change in a way that needs a re-index.
pub const SCHEMA_VERSION: u32 = 3;

/// Handles to every field, resolved once from a schema.
#[derive(Clone, Debug)]
pub struct Fields {
    /// "note" or "abstract".
    pub kind: Field,
    /// Path of the source file relative to the corpus root (raw term: used to delete a file's docs).
    pub path: Field,
    pub line: Field,
    pub note: Field,
    /// Chapter title (searchable, low boost).
    pub chapter: Field,
    pub book: Field,
    pub chapter_authors: Field,
    pub chapter_year: Field,
    pub doi: Field,
    /// The whole note text (stored, highlighted).
    pub text: Field,
    /// Titles of the works cited in the note (searchable, high boost).
    pub cited: Field,
    /// Note text through the romaji analyzer (keys for every spelling variant).
    pub romaji: Field,
    /// Cited authors' identity keys ("funabashi"), one per person: counted by the author facet.
    pub author_id: Field,
    /// Cited authors as `key␟display` labels, counted once per index run to name each key.
    pub author_label: Field,
    /// Cited authors' display names (stored only, for hits).
    pub authors: Field,
    /// Folded author identities for `--author` filters ("funabashi", "funabashi yoichi", "funabashi y").
    pub author_key: Field,
    /// Publication years of the cited works (multi-valued).
    pub year: Field,
    /// The note's parsed citations as JSON (stored only).
    pub citations: Field,
}

fn text_options(tokenizer: &str, stored: bool) -> TextOptions {
    let options = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(tokenizer)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    if stored {
        options.set_stored()
    } else {
        options
    }
}

/// Build the schema and its field handles.
pub fn build() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let fields = Fields {
        kind: b.add_text_field("kind", STRING | STORED),
        path: b.add_text_field("path", STRING | STORED),
        line: b.add_u64_field("line", STORED),
        note: b.add_u64_field("note", STORED),
        chapter: b.add_text_field("chapter", text_options(analyzer::TEXT, true)),
        book: b.add_text_field("book", text_options(analyzer::TEXT, true)),
        chapter_authors: b.add_text_field("chapter_authors", STORED),
        chapter_year: b.add_i64_field("chapter_year", STORED),
        doi: b.add_text_field("doi", STRING | STORED),
        text: b.add_text_field("text", text_options(analyzer::TEXT, true)),
        cited: b.add_text_field("cited", text_options(analyzer::TEXT, false)),
        romaji: b.add_text_field("romaji", text_options(analyzer::ROMAJI, false)),
        author_id: b.add_text_field("author_id", STRING | FAST),
        author_label: b.add_text_field("author_label", STRING | FAST),
        authors: b.add_text_field("authors", STORED),
        author_key: b.add_text_field("author_key", STRING),
        year: b.add_i64_field("year", INDEXED | FAST | STORED),
        citations: b.add_text_field("citations", STORED),
    };
    (b.build(), fields)
}

impl Fields {
    /// Resolve the field handles from an opened index's schema.
    pub fn from_schema(schema: &Schema) -> tantivy::Result<Fields> {
        let f = |name: &str| schema.get_field(name);
        Ok(Fields {
            kind: f("kind")?,
            path: f("path")?,
            line: f("line")?,
            note: f("note")?,
            chapter: f("chapter")?,
            book: f("book")?,
            chapter_authors: f("chapter_authors")?,
            chapter_year: f("chapter_year")?,
            doi: f("doi")?,
            text: f("text")?,
            cited: f("cited")?,
            romaji: f("romaji")?,
            author_id: f("author_id")?,
            author_label: f("author_label")?,
            authors: f("authors")?,
            author_key: f("author_key")?,
            year: f("year")?,
            citations: f("citations")?,
        })
    }
}
