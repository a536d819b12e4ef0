//! The index schema: one tantivy document per note or abstract, with its chapter's context.

use tantivy::schema::{
    FAST, Field, IndexRecordOption, NumericOptions, STORED, Schema, TextFieldIndexing, TextOptions,
};

use crate::analyzer;

/// Bump when the schema or the analyzers change in a way that needs a re-index.
pub const SCHEMA_VERSION: u32 = 10;

/// Names of the fast fields numbering a chapter's passages (read by [`crate::chapter_join`]).
pub const PASSAGE: &str = "passage";
pub const PASSAGES: &str = "passages";
/// Names of the fast fields counted as facets (read by [`crate::facet`] and [`crate::facet_file`]).
pub const AUTHOR_ID: &str = "author_id";
pub const YEAR: &str = "year";

/// Handles to every field, resolved once from a schema.
#[derive(Clone, Debug)]
pub struct Fields {
    /// "note" or "abstract" (indexed: counted and filtered).
    pub kind: Field,
    /// Path of the source file as shown (the corpus root as named, then the file's path in it):
    /// a raw term used to delete a file's passages and for `path:` queries.
    pub path: Field,
    /// Chapter title, searchable (low boost). Indexed on the chapter's first passage only: a
    /// match there stands for every passage of the chapter (see [`crate::chapter_join`]).
    pub chapter: Field,
    /// Book title, searchable like `chapter`.
    pub book: Field,
    /// The passage's position in its chapter (0 = the first), fast, and indexed so that the
    /// chapters can be counted (`passage:0`): the chapter's passages are consecutive documents of
    /// one segment, numbered 0, 1, 2….
    pub passage: Field,
    /// The number of passages of the passage's chapter (fast).
    pub passages: Field,
    /// The whole note text (indexed; shown and highlighted from the stored record).
    pub text: Field,
    /// Titles of the works cited in the note (searchable, high boost).
    pub cited: Field,
    /// Note text through the romaji analyzer (keys for every spelling variant).
    pub romaji: Field,
    /// Cited authors' identity keys ("funabashi"), one per person: counted by the author facet.
    pub author_id: Field,
    /// Cited authors as `key␟display` labels, counted once per index run to name each key.
    pub author_label: Field,
    /// Folded author identities for `--author` filters ("funabashi", "funabashi yoichi", "funabashi y").
    pub author_key: Field,
    /// Publication years of the cited works (multi-valued).
    pub year: Field,
    /// The only stored field: on the first passage of each group of a chapter's passages, the
    /// group's record ([`crate::record`]) as sealed by [`crate::store`]; absent elsewhere.
    pub record: Field,
}

fn text_options(tokenizer: &str) -> TextOptions {
    let indexing = TextFieldIndexing::default()
        .set_tokenizer(tokenizer)
        .set_index_option(IndexRecordOption::WithFreqsAndPositions);
    TextOptions::default().set_indexing_options(indexing)
}

/// A term matched exactly (a path, a kind, an author key): indexed without positions or
/// norms, since such fields filter and never score.
fn exact() -> TextOptions {
    let indexing = TextFieldIndexing::default()
        .set_tokenizer("raw")
        .set_fieldnorms(false)
        .set_index_option(IndexRecordOption::Basic);
    TextOptions::default().set_indexing_options(indexing)
}

/// Doc store block size, in bytes. The stored values are records compressed already
/// ([`crate::store`]), so tantivy stores them as they are; a block holds two or three.
const STORE_BLOCK_BYTES: usize = 8192;

/// How the index stores documents: tantivy's doc store without compression, holding the
/// records [`crate::store`] compresses (one per group of passages, a dictionary for all).
pub fn settings() -> tantivy::IndexSettings {
    tantivy::IndexSettings {
        docstore_compression: tantivy::store::Compressor::None,
        docstore_blocksize: STORE_BLOCK_BYTES,
        ..tantivy::IndexSettings::default()
    }
}

/// Build the schema and its field handles.
pub fn build() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let fields = Fields {
        kind: b.add_text_field("kind", exact()),
        path: b.add_text_field("path", exact()),
        chapter: b.add_text_field("chapter", text_options(analyzer::TEXT)),
        book: b.add_text_field("book", text_options(analyzer::TEXT)),
        passage: b.add_u64_field(PASSAGE, NumericOptions::default().set_indexed().set_fast()),
        passages: b.add_u64_field(PASSAGES, FAST),
        text: b.add_text_field("text", text_options(analyzer::TEXT)),
        cited: b.add_text_field("cited", text_options(analyzer::TEXT)),
        romaji: b.add_text_field("romaji", text_options(analyzer::ROMAJI)),
        author_id: b.add_text_field(AUTHOR_ID, FAST),
        author_label: b.add_text_field("author_label", FAST),
        author_key: b.add_text_field("author_key", exact()),
        year: b.add_i64_field(
            YEAR,
            // Indexed for range filters, without norms (set_indexed alone adds none); not
            // stored: hits read the years off the stored citations.
            NumericOptions::default().set_indexed().set_fast(),
        ),
        record: b.add_bytes_field("record", STORED),
    };
    (b.build(), fields)
}

impl Fields {
    /// The fields indexed once per chapter, on its first passage (see [`crate::chapter_join`]).
    pub fn chapter_level(&self) -> [Field; 2] {
        [self.chapter, self.book]
    }

    /// Resolve the field handles from an opened index's schema.
    pub fn from_schema(schema: &Schema) -> tantivy::Result<Fields> {
        let f = |name: &str| schema.get_field(name);
        Ok(Fields {
            kind: f("kind")?,
            path: f("path")?,
            chapter: f("chapter")?,
            book: f("book")?,
            passage: f(PASSAGE)?,
            passages: f(PASSAGES)?,
            text: f("text")?,
            cited: f("cited")?,
            romaji: f("romaji")?,
            author_id: f(AUTHOR_ID)?,
            author_label: f("author_label")?,
            author_key: f("author_key")?,
            year: f(YEAR)?,
            record: f("record")?,
        })
    }
}
