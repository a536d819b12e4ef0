//! The parsed shape of one saved page: a chapter with its metadata, abstract and numbered notes.

use serde::Serialize;

use crate::citation::Citation;

/// Which parser produced a chapter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// A publisher's chapter page saved as text (title, abstract, numbered notes, "Cite this chapter").
    Page,
    /// A saved HTML page with Highwire `citation_*` meta tags and/or note lists.
    Html,
    /// Any other text file: one passage, title = first line.
    Plain,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Page => "page",
            Format::Html => "html",
            Format::Plain => "plain",
        }
    }
}

/// One chapter (or article, or plain document) as extracted from one file.
#[derive(Debug, Clone, Serialize)]
pub struct Chapter {
    /// Path of the file, as given to the parser (relative to the corpus root when indexing).
    pub path: String,
    pub format: Format,
    pub title: String,
    pub book: Option<String>,
    /// Chapter authors, as written ("Yasuyo Sakata" or "Sakata, Y.").
    pub authors: Vec<String>,
    pub editors: Vec<String>,
    pub year: Option<i32>,
    pub doi: Option<String>,
    pub publisher: Option<String>,
    /// The abstract text (markers and boilerplate removed), if the page has one.
    #[serde(rename = "abstract")]
    pub abstract_text: Option<String>,
    /// 1-based line of the abstract's first line in the file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub abstract_line: Option<usize>,
    pub notes: Vec<Note>,
    /// Problems met while parsing that did not stop it (e.g. "decoded as Windows-1252").
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

impl Chapter {
    /// An empty chapter of the given format, to be filled by a parser.
    pub fn new(path: impl Into<String>, format: Format) -> Self {
        Chapter {
            path: path.into(),
            format,
            title: String::new(),
            book: None,
            authors: Vec::new(),
            editors: Vec::new(),
            year: None,
            doi: None,
            publisher: None,
            abstract_text: None,
            abstract_line: None,
            notes: Vec::new(),
            warnings: Vec::new(),
        }
    }
}

/// One numbered footnote / endnote / reference.
#[derive(Debug, Clone, Serialize)]
pub struct Note {
    /// The note's number as printed (`None` for unnumbered notes and plain passages).
    pub number: Option<u32>,
    /// 1-based line in the file where the note starts.
    pub line: usize,
    /// The note's text, exactly as written but for link residue and line joins.
    pub text: String,
    /// Citations found in the note (filled by [`crate::citation`]).
    pub citations: Vec<Citation>,
}

impl Note {
    pub fn new(number: Option<u32>, line: usize, text: impl Into<String>) -> Self {
        Note {
            number,
            line,
            text: text.into(),
            citations: Vec::new(),
        }
    }
}
