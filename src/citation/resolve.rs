//! Resolve short forms and Ibid. to the full citation they repeat, within one chapter.

use std::cell::OnceCell;

use super::text::fold;
use super::{Citation, CitationKind, Person};
use crate::chapter::Note;

const STOPWORDS: &[&str] = &[
    "the", "and", "for", "from", "with", "into", "toward", "towards", "between", "against",
    "about", "of", "in", "on", "to", "a", "an", "no", "wo", "ga", "ni", "de", "to",
];

/// Resolve every short form and Ibid. in `notes`, in order. A short form matches the best earlier
/// full citation sharing its first author's surname and most of its title words (ties go to the
/// latest); Ibid. repeats the citation just before it (in the same note, else the previous note's
/// last citation).
pub fn resolve(notes: &mut [Note]) {
    let mut full: Vec<Full> = Vec::new();
    // The citation before the current one, as (the note it resolves to, note index, citation
    // index): citations already passed are settled, so it is read where it is when needed.
    let mut last: Option<(u32, usize, usize)> = None;
    for index in 0..notes.len() {
        let number = notes[index]
            .number
            .unwrap_or_else(|| u32::try_from(index + 1).unwrap_or(u32::MAX));
        for at in 0..notes[index].citations.len() {
            match notes[index].citations[at].kind {
                CitationKind::Ibid => {
                    if let Some((target, n, i)) = last {
                        let prev = notes[n].citations[i].clone();
                        inherit(&mut notes[index].citations[at], &prev, target);
                    }
                }
                CitationKind::ShortForm => {
                    let c = &mut notes[index].citations[at];
                    if let Some((target, src)) = best_match(c, &full) {
                        inherit(c, src, target);
                    }
                }
                _ => full.push(Full::new(number, notes[index].citations[at].clone())),
            }
            let c = &notes[index].citations[at];
            last = Some((c.resolves_to.unwrap_or(number), index, at));
        }
    }
}

fn inherit(c: &mut Citation, src: &Citation, target: u32) {
    if !src.authors.is_empty() {
        c.authors = src.authors.clone();
    }
    if c.authors.is_empty() && c.editors.is_empty() {
        c.editors = src.editors.clone();
    }
    c.year = src.year;
    if src.title.is_some() {
        c.title = src.title.clone();
    }
    c.translated_title = c
        .translated_title
        .take()
        .or_else(|| src.translated_title.clone());
    c.container = c.container.take().or_else(|| src.container.clone());
    c.place = c.place.take().or_else(|| src.place.clone());
    c.publisher = c.publisher.take().or_else(|| src.publisher.clone());
    c.resolves_to = Some(target);
}

fn key(p: &Person) -> String {
    super::person_key(p)
}

fn title_words(t: &str) -> Vec<String> {
    fold(t)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 3 && !STOPWORDS.contains(w))
        .map(str::to_string)
        .collect()
}

fn word_matches(short: &str, full: &[String]) -> bool {
    full.iter().any(|f| {
        f == short
            || (short.chars().count() >= 4
                && (f.starts_with(short) || short.starts_with(f.as_str())))
    })
}

/// A full citation a later short form may repeat, with its name keys and title words worked out
/// once.
struct Full {
    number: u32,
    citation: Citation,
    /// Keys of its authors and editors, when first needed.
    names: OnceCell<Vec<String>>,
    /// Words of its title and translated title, when first needed.
    words: OnceCell<Vec<String>>,
}

impl Full {
    fn new(number: u32, citation: Citation) -> Self {
        Full {
            number,
            citation,
            names: OnceCell::new(),
            words: OnceCell::new(),
        }
    }

    fn names(&self) -> &[String] {
        self.names.get_or_init(|| {
            let c = &self.citation;
            c.authors.iter().chain(&c.editors).map(key).collect()
        })
    }

    fn words(&self) -> &[String] {
        self.words.get_or_init(|| {
            let c = &self.citation;
            let mut target: Vec<String> = Vec::new();
            for t in [&c.title, &c.translated_title].into_iter().flatten() {
                target.extend(title_words(t));
            }
            target
        })
    }
}

fn best_match<'a>(short: &Citation, full: &'a [Full]) -> Option<(u32, &'a Citation)> {
    let who = short.authors.first().or(short.editors.first()).map(key)?;
    let words = short.title.as_deref().map(title_words).unwrap_or_default();
    let mut best: Option<(f64, u32, &Citation)> = None;
    for f in full {
        if !f.names().contains(&who) {
            continue;
        }
        let score = if words.is_empty() {
            1.0
        } else {
            let target = f.words();
            let hits = words.iter().filter(|w| word_matches(w, target)).count();
            hits as f64 / words.len() as f64
        };
        if score >= 0.5 && best.as_ref().is_none_or(|(s, _, _)| score >= *s) {
            best = Some((score, f.number, &f.citation));
        }
    }
    best.map(|(_, n, c)| (n, c))
}
