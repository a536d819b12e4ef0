//! The index schema: one tantivy document per note or abstract, with its chapter's context.

use tantivy::schema::{
    FAST, Field, IndexRecordOption, NumericOptions, STORED, Schema, TextFieldIndexing, TextOptions,
};

use crate::analyzer;
use crate::citation::Citation;

/// Bump when the schema or the analyzers change in a way that needs a re-index.
pub const SCHEMA_VERSION: u32 = 7;

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
    /// Path of the source file relative to the corpus root (raw term: used to delete a file's docs).
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
    /// The note's parsed citations as JSON (stored only).
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

/// How the index stores documents: zstd-compressed blocks. The stored text repeats much (a
/// chapter's title and book on each of its notes, the cited works of short forms), which zstd
/// finds across a whole block.
pub fn settings() -> tantivy::IndexSettings {
    tantivy::IndexSettings {
        docstore_compression: tantivy::store::Compressor::Zstd(
            tantivy::store::ZstdCompressor::default(),
        ),
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

/// The stored form of a note's citations: JSON without empty fields, and each citation's `raw`
/// slice kept as byte offsets `at: [start, end]` into the note text when it is one (it nearly
/// always is), since the note text is stored anyway.
pub fn citations_to_stored(citations: &[Citation], text: &str) -> String {
    let stored: Vec<StoredCitation> = citations
        .iter()
        .map(|c| {
            let at = text.find(c.raw.as_str()).map(|i| [i, i + c.raw.len()]);
            StoredCitation {
                c,
                authors: c.authors.iter().map(StoredPerson).collect(),
                editors: c.editors.iter().map(StoredPerson).collect(),
                translators: c.translators.iter().map(StoredPerson).collect(),
                raw: at.is_none().then_some(c.raw.as_str()),
                at,
            }
        })
        .collect();
    serde_json::to_string(&stored).unwrap_or_else(|_| "[]".into())
}

/// A citation as stored: [`Citation`]'s fields, the empty ones left out.
struct StoredCitation<'a> {
    c: &'a Citation,
    authors: Vec<StoredPerson<'a>>,
    editors: Vec<StoredPerson<'a>>,
    translators: Vec<StoredPerson<'a>>,
    raw: Option<&'a str>,
    at: Option<[usize; 2]>,
}

impl serde::Serialize for StoredCitation<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let c = self.c;
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("kind", &c.kind)?;
        for (name, people) in [
            ("authors", &self.authors),
            ("editors", &self.editors),
            ("translators", &self.translators),
        ] {
            if !people.is_empty() {
                map.serialize_entry(name, people)?;
            }
        }
        if let Some(year) = c.year {
            map.serialize_entry("year", &year)?;
        }
        for (name, value) in [
            ("title", &c.title),
            ("translated_title", &c.translated_title),
            ("container", &c.container),
            ("place", &c.place),
            ("publisher", &c.publisher),
            ("pages", &c.pages),
            ("doi", &c.doi),
            ("url", &c.url),
        ] {
            if let Some(v) = value {
                map.serialize_entry(name, v)?;
            }
        }
        if let Some(n) = c.resolves_to {
            map.serialize_entry("resolves_to", &n)?;
        }
        if let Some(raw) = self.raw {
            map.serialize_entry("raw", raw)?;
        }
        if let Some(at) = &self.at {
            map.serialize_entry("at", at)?;
        }
        map.end()
    }
}

/// A person as stored: the empty name parts left out.
struct StoredPerson<'a>(&'a crate::citation::Person);

impl serde::Serialize for StoredPerson<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(None)?;
        for (name, value) in [
            ("family", &self.0.family),
            ("given", &self.0.given),
            ("org", &self.0.org),
        ] {
            if let Some(v) = value {
                map.serialize_entry(name, v)?;
            }
        }
        map.end()
    }
}

/// Read citations back from [`citations_to_stored`]'s form (or plain citation JSON).
pub fn citations_from_stored(stored: &str, text: &str) -> Vec<Citation> {
    let Ok(serde_json::Value::Array(mut list)) = serde_json::from_str(stored) else {
        return Vec::new();
    };
    for c in list.iter_mut().filter_map(serde_json::Value::as_object_mut) {
        let Some(at) = c.remove("at") else { continue };
        let range = at
            .as_array()
            .and_then(|a| Some((a.first()?.as_u64()?, a.get(1)?.as_u64()?)));
        let raw = range
            .and_then(|(a, b)| text.get(usize::try_from(a).ok()?..usize::try_from(b).ok()?))
            .unwrap_or_default();
        c.insert("raw".into(), raw.into());
    }
    serde_json::from_value(serde_json::Value::Array(list)).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn citations_survive_the_stored_form() {
        let text = "See Kenji Abe, Minato (Tokyo: Iwanami, 2001), p. 4; Ibid., p. 5.";
        let citations = crate::citation::extract(text);
        assert_eq!(citations.len(), 2);
        let stored = citations_to_stored(&citations, text);
        assert!(
            !stored.contains("null") && !stored.contains("\"raw\""),
            "{stored}"
        );
        assert_eq!(citations_from_stored(&stored, text), citations);
        // A raw slice that is not in the text is stored as it is.
        let mut odd = citations.clone();
        odd[0].raw = "not in the note".into();
        assert_eq!(
            citations_from_stored(&citations_to_stored(&odd, text), text),
            odd
        );
        assert!(citations_from_stored("garbage", text).is_empty());
    }

    #[test]
    fn every_citation_field_is_stored() {
        use crate::citation::{CitationKind, Person};
        let person = |f: &str| Person {
            family: Some(f.into()),
            given: Some("G.".into()),
            org: None,
        };
        // A struct literal without `..`: a new field fails to compile here until it is stored.
        let full = Citation {
            kind: CitationKind::Chapter,
            authors: vec![person("Abe")],
            editors: vec![person("Baba")],
            translators: vec![Person {
                family: None,
                given: None,
                org: Some("Translation Office".into()),
            }],
            year: Some(2001),
            title: Some("Minato".into()),
            translated_title: Some("Harbours".into()),
            container: Some("Umi no Rekishi".into()),
            place: Some("Tokyo".into()),
            publisher: Some("Iwanami".into()),
            pages: Some("4–9".into()),
            doi: Some("10.1/x".into()),
            url: Some("https://example.org".into()),
            resolves_to: Some(3),
            raw: "Abe, Minato".into(),
        };
        let text = "See Abe, Minato.";
        let list = vec![full];
        assert_eq!(
            citations_from_stored(&citations_to_stored(&list, text), text),
            list
        );
    }
}
