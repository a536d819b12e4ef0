//! Citations inside a note: split a note into works cited, parse each, resolve short forms and Ibid.

use serde::{Deserialize, Serialize};

/// What sort of work a citation points to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum CitationKind {
    #[default]
    Book,
    Chapter,
    Article,
    Newspaper,
    Report,
    Web,
    Thesis,
    ShortForm,
    Ibid,
}

/// A person or organisation named in a citation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Person {
    pub family: Option<String>,
    pub given: Option<String>,
    /// A corporate author kept whole ("Japan Defense Agency").
    pub org: Option<String>,
}

/// One cited work.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Citation {
    pub kind: CitationKind,
    pub authors: Vec<Person>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub editors: Vec<Person>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub translators: Vec<Person>,
    pub year: Option<i32>,
    pub title: Option<String>,
    pub translated_title: Option<String>,
    pub container: Option<String>,
    pub place: Option<String>,
    pub publisher: Option<String>,
    pub pages: Option<String>,
    pub doi: Option<String>,
    pub url: Option<String>,
    /// For short forms and Ibid.: the number of the note holding the full citation.
    pub resolves_to: Option<u32>,
    /// The slice of the note this citation was parsed from.
    pub raw: String,
}

/// Extract the citations of one note (short forms left unresolved).
pub fn extract(_note: &str) -> Vec<Citation> {
    Vec::new()
}

/// Fill `citations` of every note of a chapter and resolve short forms and Ibid. within it.
pub fn annotate(chapter: &mut crate::chapter::Chapter) {
    for note in &mut chapter.notes {
        note.citations = extract(&note.text);
    }
}

// --- temporary stubs (replaced when the extractor lands) ---
pub fn person_key(p: &Person) -> String {
    p.org
        .clone()
        .or(p.family.clone())
        .unwrap_or_default()
        .to_lowercase()
}
pub fn person_display(p: &Person) -> String {
    match (&p.org, &p.family, &p.given) {
        (Some(o), _, _) => o.clone(),
        (None, Some(f), Some(g)) => format!("{f}, {g}"),
        (None, Some(f), None) => f.clone(),
        _ => String::new(),
    }
}
pub fn one_line(c: &Citation) -> String {
    c.title.clone().unwrap_or_default()
}
pub fn parse_person(s: &str) -> Person {
    let s = s.trim();
    if let Some((f, g)) = s.split_once(',') {
        Person {
            family: Some(f.trim().into()),
            given: Some(g.trim().into()),
            org: None,
        }
    } else {
        let mut parts: Vec<&str> = s.split_whitespace().collect();
        let family = parts.pop().map(String::from);
        let given = (!parts.is_empty()).then(|| parts.join(" "));
        Person {
            family,
            given,
            org: None,
        }
    }
}
