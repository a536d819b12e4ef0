//! The index schema: one tantivy document per note or abstract, with its chapter's context.

use tantivy::schema::{
    FAST, Field, IndexRecordOption, NumericOptions, STORED, Schema, TextFieldIndexing, TextOptions,
};

use crate::analyzer;

/// Bump when the schema or the analyzers change in a way that needs a re-index.
pub const SCHEMA_VERSION: u32 = 8;

/// Names of the fast fields numbering a chapter's passages (read by [`crate::chapter_join`]).
pub const PASSAGE: &str = "passage";
pub const PASSAGES: &str = "passages";
/// Names of the fast fields counted as facets (read by [`crate::facet`] and [`crate::facet_file`]).
pub const AUTHOR_ID: &str = "author_id";
pub const YEAR: &str = "year";

/// Handles to every field, resolved once from a schema.
#[derive(Clone, Debug)]
pub struct Fields {
    /// "note" or "abstract".
    pub kind: Field,
    /// Path of the source file as shown (the corpus root as named, then the file's path in it):
    /// stored, and a raw term used to delete a file's passages and for `path:` queries.
    pub path: Field,
    pub line: Field,
    pub note: Field,
    /// Chapter title, searchable (low boost). Indexed on the chapter's first passage only: a
    /// match there stands for every passage of the chapter (see [`crate::chapter_join`]).
    pub chapter: Field,
    /// Book title, searchable like `chapter`.
    pub book: Field,
    /// The chapter and book titles as shown with every passage (stored only).
    pub chapter_title: Field,
    pub book_title: Field,
    /// The passage's position in its chapter (0 = the first), fast, and indexed so that the
    /// chapters can be counted (`passage:0`): the chapter's passages are consecutive documents of
    /// one segment, numbered 0, 1, 2….
    pub passage: Field,
    /// The number of passages of the passage's chapter (fast).
    pub passages: Field,
    pub chapter_authors: Field,
    pub chapter_year: Field,
    /// The chapter's DOI (stored only: shown with hits).
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
    /// Folded author identities for `--author` filters ("funabashi", "funabashi yoichi", "funabashi y").
    pub author_key: Field,
    /// Publication years of the cited works (multi-valued).
    pub year: Field,
    /// The note's parsed citations in [`crate::stored`]'s form (stored only; absent when none).
    pub citations: Field,
}

fn text_options(tokenizer: &str, stored: bool) -> TextOptions {
    let indexing = TextFieldIndexing::default()
        .set_tokenizer(tokenizer)
        .set_index_option(IndexRecordOption::WithFreqsAndPositions);
    stored_if(
        TextOptions::default().set_indexing_options(indexing),
        stored,
    )
}

/// A term matched exactly (a path, a kind, an author key): indexed without positions or
/// norms, since such fields filter and never score.
fn exact(stored: bool) -> TextOptions {
    let indexing = TextFieldIndexing::default()
        .set_tokenizer("raw")
        .set_fieldnorms(false)
        .set_index_option(IndexRecordOption::Basic);
    stored_if(
        TextOptions::default().set_indexing_options(indexing),
        stored,
    )
}

fn stored_if(options: TextOptions, stored: bool) -> TextOptions {
    if stored {
        options.set_stored()
    } else {
        options
    }
}

/// Doc store block size, in bytes: one hit's stored fields cost one block's decompression.
const STORE_BLOCK_BYTES: usize = 32768;

/// zstd level of the doc store. Level 6 instead of zstd's default 3 makes the store ≈ 4 %
/// smaller (1.1 MB at 200k notes) and searches as fast (its blocks decompress as fast); it
/// compresses at ≈ 130 MB/s instead of ≈ 430 (on tantivy's compressor thread: ≈ 0.5 s more CPU
/// for 200k notes). Level 9 gains 0.2 MB more; past it compression gets far slower.
const STORE_ZSTD_LEVEL: i32 = 6;

/// How the index stores documents: zstd-compressed blocks. The stored text repeats much (a
/// chapter's title and book on each of its notes, the cited works of short forms), which zstd
/// finds across a whole block.
pub fn settings() -> tantivy::IndexSettings {
    tantivy::IndexSettings {
        docstore_compression: tantivy::store::Compressor::Zstd(tantivy::store::ZstdCompressor {
            compression_level: Some(STORE_ZSTD_LEVEL),
        }),
        docstore_blocksize: STORE_BLOCK_BYTES,
        ..tantivy::IndexSettings::default()
    }
}

/// Build the schema and its field handles.
pub fn build() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let fields = Fields {
        kind: b.add_text_field("kind", exact(true)),
        path: b.add_text_field("path", exact(true)),
        line: b.add_u64_field("line", STORED),
        note: b.add_u64_field("note", STORED),
        chapter: b.add_text_field("chapter", text_options(analyzer::TEXT, false)),
        book: b.add_text_field("book", text_options(analyzer::TEXT, false)),
        chapter_title: b.add_text_field("chapter_title", STORED),
        book_title: b.add_text_field("book_title", STORED),
        passage: b.add_u64_field(PASSAGE, NumericOptions::default().set_indexed().set_fast()),
        passages: b.add_u64_field(PASSAGES, FAST),
        chapter_authors: b.add_text_field("chapter_authors", STORED),
        chapter_year: b.add_i64_field("chapter_year", STORED),
        doi: b.add_text_field("doi", STORED),
        text: b.add_text_field("text", text_options(analyzer::TEXT, true)),
        cited: b.add_text_field("cited", text_options(analyzer::TEXT, false)),
        romaji: b.add_text_field("romaji", text_options(analyzer::ROMAJI, false)),
        author_id: b.add_text_field(AUTHOR_ID, FAST),
        author_label: b.add_text_field("author_label", FAST),
        author_key: b.add_text_field("author_key", exact(false)),
        year: b.add_i64_field(
            YEAR,
            // Indexed for range filters, without norms (set_indexed alone adds none); not
            // stored: hits read the years off the stored citations.
            NumericOptions::default().set_indexed().set_fast(),
        ),
        citations: b.add_text_field("citations", STORED),
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
            line: f("line")?,
            note: f("note")?,
            chapter: f("chapter")?,
            book: f("book")?,
            chapter_title: f("chapter_title")?,
            book_title: f("book_title")?,
            passage: f(PASSAGE)?,
            passages: f(PASSAGES)?,
            chapter_authors: f("chapter_authors")?,
            chapter_year: f("chapter_year")?,
            doi: f("doi")?,
            text: f("text")?,
            cited: f("cited")?,
            romaji: f("romaji")?,
            author_id: f(AUTHOR_ID)?,
            author_label: f("author_label")?,
            author_key: f("author_key")?,
            year: f(YEAR)?,
            citations: f("citations")?,
        })
    }
}
