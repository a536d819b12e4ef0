//! The stored form of a note's citations: compact delimited text, read back exactly.
//!
//! A citation's fields are written in a fixed order, separated by ASCII unit separators, with
//! nothing for an absent field and the empty fields at the end left off; citations are separated
//! by record separators, people by group separators and a person's name parts by file
//! separators. The `raw` slice is written as its byte offsets in the note text when it is one
//! (it nearly always is), since the note text is stored anyway. Without key names and quotes the
//! doc store is about a tenth smaller than with JSON (zstd compresses the names well but not to
//! nothing: a note has about one citation of ten fields).
//!
//! Whatever this form cannot hold exactly (a separator character inside a string, an empty
//! string that is not the same as an absent one, a person without any name part) is stored as
//! the citations' JSON instead, which [`citations_from_stored`] recognises by its `[`. A note
//! without citations stores nothing.

use crate::citation::{Citation, CitationKind, Person};

/// Between citations.
const CITATION_SEP: char = '\x1e';
/// Between a citation's fields.
const FIELD_SEP: char = '\x1f';
/// Between the people of one list (authors, editors, translators).
const PERSON_SEP: char = '\x1d';
/// Between a person's family name, given name and organisation.
const PART_SEP: char = '\x1c';

fn is_separator(c: char) -> bool {
    matches!(c, '\x1c'..='\x1f')
}

/// The stored form of a note's citations (empty for none).
pub fn citations_to_stored(citations: &[Citation], text: &str) -> String {
    if citations.is_empty() {
        return String::new();
    }
    if !citations.iter().all(fits_compact) {
        return serde_json::to_string(citations).unwrap_or_default();
    }
    let mut out = String::new();
    let mut from = 0;
    for (i, c) in citations.iter().enumerate() {
        if i > 0 {
            out.push(CITATION_SEP);
        }
        let start = out.len();
        let at = locate(text, &c.raw, from).map(|i| {
            from = i + c.raw.len();
            format!("{i},{from}")
        });
        let fields: [Option<&str>; 16] = [
            Some(kind_name(c.kind)),
            None, // authors, editors, translators: written below
            None,
            None,
            None, // year
            c.title.as_deref(),
            c.translated_title.as_deref(),
            c.container.as_deref(),
            c.place.as_deref(),
            c.publisher.as_deref(),
            c.pages.as_deref(),
            c.doi.as_deref(),
            c.url.as_deref(),
            None, // resolves_to
            at.as_deref(),
            at.is_none().then_some(c.raw.as_str()),
        ];
        for (n, field) in fields.iter().enumerate() {
            if n > 0 {
                out.push(FIELD_SEP);
            }
            match n {
                1 => push_people(&mut out, &c.authors),
                2 => push_people(&mut out, &c.editors),
                3 => push_people(&mut out, &c.translators),
                4 => push_number(&mut out, c.year),
                13 => push_number(&mut out, c.resolves_to),
                _ => out.push_str(field.unwrap_or_default()),
            }
        }
        let trimmed = out[start..].trim_end_matches(FIELD_SEP).len();
        out.truncate(start + trimmed);
    }
    out
}

/// Where `raw` (a citation's text) is in its note's `text`, looked for from `from` (where the
/// previous citation ended) on, then anywhere. A note's citations come in order, nearly always
/// (87 % in the benchmark corpus) at or a separator after the previous one's end: looked for
/// there first, without building a searcher for each.
fn locate(text: &str, raw: &str, from: usize) -> Option<usize> {
    let after = text.get(from..).and_then(|rest| {
        (0..=3)
            .find(|&skip| rest.get(skip..).is_some_and(|r| r.starts_with(raw)))
            .or_else(|| rest.find(raw))
    });
    after.map(|i| from + i).or_else(|| text.find(raw))
}

fn push_people(out: &mut String, people: &[Person]) {
    for (i, p) in people.iter().enumerate() {
        if i > 0 {
            out.push(PERSON_SEP);
        }
        let start = out.len();
        for (n, part) in [&p.family, &p.given, &p.org].into_iter().enumerate() {
            if n > 0 {
                out.push(PART_SEP);
            }
            out.push_str(part.as_deref().unwrap_or_default());
        }
        let trimmed = out[start..].trim_end_matches(PART_SEP).len();
        out.truncate(start + trimmed);
    }
}

fn push_number(out: &mut String, n: Option<impl std::fmt::Display>) {
    if let Some(n) = n {
        use std::fmt::Write;
        let _ = write!(out, "{n}");
    }
}

/// Whether the compact form holds `c` exactly: no separator inside a string, no `Some("")`
/// (read back as `None`), no person without a name part (read back as no person).
fn fits_compact(c: &Citation) -> bool {
    let text_ok = |s: &str| !s.contains(is_separator);
    let field_ok = |s: &Option<String>| s.as_deref().is_none_or(|s| !s.is_empty() && text_ok(s));
    let person_ok = |p: &Person| {
        (p.family.is_some() || p.given.is_some() || p.org.is_some())
            && [&p.family, &p.given, &p.org].into_iter().all(field_ok)
    };
    [&c.authors, &c.editors, &c.translators]
        .into_iter()
        .all(|people| people.iter().all(person_ok))
        && [
            &c.title,
            &c.translated_title,
            &c.container,
            &c.place,
            &c.publisher,
            &c.pages,
            &c.doi,
            &c.url,
        ]
        .into_iter()
        .all(field_ok)
        && text_ok(&c.raw)
}

fn kind_name(kind: CitationKind) -> &'static str {
    match kind {
        CitationKind::Book => "book",
        CitationKind::Chapter => "chapter",
        CitationKind::Article => "article",
        CitationKind::Newspaper => "newspaper",
        CitationKind::Report => "report",
        CitationKind::Web => "web",
        CitationKind::Thesis => "thesis",
        CitationKind::ShortForm => "short_form",
        CitationKind::Ibid => "ibid",
    }
}

fn kind_from_name(name: &str) -> Option<CitationKind> {
    use serde::Deserialize;
    use serde::de::value::{Error, StrDeserializer};
    CitationKind::deserialize(StrDeserializer::<Error>::new(name)).ok()
}

/// Read citations back from [`citations_to_stored`]'s form (compact or JSON). What cannot be
/// read gives no citations rather than wrong ones.
pub fn citations_from_stored(stored: &str, text: &str) -> Vec<Citation> {
    if stored.starts_with('[') {
        return from_json(stored);
    }
    if stored.is_empty() {
        return Vec::new();
    }
    stored
        .split(CITATION_SEP)
        .map(|c| citation_from_compact(c, text))
        .collect::<Option<Vec<_>>>()
        .unwrap_or_default()
}

fn citation_from_compact(stored: &str, text: &str) -> Option<Citation> {
    let mut fields = stored.split(FIELD_SEP);
    let mut next = || fields.next().filter(|f| !f.is_empty());
    let string = |f: Option<&str>| f.map(str::to_owned);
    let kind = kind_from_name(next()?)?;
    let authors = people(next());
    let editors = people(next());
    let translators = people(next());
    let year = next().map(str::parse).transpose().ok()?;
    let mut c = Citation {
        kind,
        authors,
        editors,
        translators,
        year,
        title: string(next()),
        translated_title: string(next()),
        container: string(next()),
        place: string(next()),
        publisher: string(next()),
        pages: string(next()),
        doi: string(next()),
        url: string(next()),
        resolves_to: next().map(str::parse).transpose().ok()?,
        raw: String::new(),
    };
    let at = next();
    let raw = next();
    c.raw = match (at, raw) {
        (Some(at), _) => {
            let (a, b) = at.split_once(',')?;
            text.get(a.parse().ok()?..b.parse().ok()?)?.to_owned()
        }
        (None, raw) => raw.unwrap_or_default().to_owned(),
    };
    Some(c)
}

fn people(field: Option<&str>) -> Vec<Person> {
    let Some(field) = field else {
        return Vec::new();
    };
    field
        .split(PERSON_SEP)
        .map(|p| {
            let mut parts = p
                .split(PART_SEP)
                .map(|s| (!s.is_empty()).then(|| s.to_owned()));
            Person {
                family: parts.next().flatten(),
                given: parts.next().flatten(),
                org: parts.next().flatten(),
            }
        })
        .collect()
}

/// The JSON fallback: [`Citation`]'s own serialization.
fn from_json(stored: &str) -> Vec<Citation> {
    serde_json::from_str(stored).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn citations_survive_the_stored_form() {
        let text = "See Kenji Abe, Minato (Tokyo: Iwanami, 2001), p. 4; Ibid., p. 5.";
        let citations = crate::citation::extract(text);
        assert_eq!(citations.len(), 2);
        let stored = citations_to_stored(&citations, text);
        // Compact: no JSON, and the raw slices as offsets.
        assert!(
            !stored.starts_with('[') && !stored.contains("Minato (Tokyo"),
            "{stored:?}"
        );
        assert_eq!(stored.matches(CITATION_SEP).count(), 1, "{stored:?}");
        assert_eq!(citations_from_stored(&stored, text), citations);
        // A raw slice that is not in the text is stored as it is.
        let mut odd = citations.clone();
        odd[0].raw = "not in the note".into();
        let stored = citations_to_stored(&odd, text);
        assert!(stored.contains("not in the note"), "{stored:?}");
        assert_eq!(citations_from_stored(&stored, text), odd);
    }

    #[test]
    fn raw_slices_are_found_in_order_wherever_they_are() {
        let text = "Ibid., p. 4; see also Ibid., p. 4. Ibid.";
        assert_eq!(locate(text, "Ibid., p. 4", 0), Some(0));
        // After the previous citation: right there, a separator later, or further on.
        assert_eq!(locate(text, "see also", 11), Some(13));
        assert_eq!(locate(text, "Ibid., p. 4", 11), Some(22));
        assert_eq!(locate(text, "Ibid.", 34), Some(35));
        // Not after it: anywhere before; nowhere: none.
        assert_eq!(locate(text, "see also", 30), Some(13));
        assert_eq!(locate(text, "p. 5", 0), None);
        // The stored offsets point at each citation's own occurrence: the last "Ibid." at
        // 35..40, not at the note's first "Ibid." (0..5).
        let citations = crate::citation::extract(text);
        assert_eq!(citations.last().map(|c| c.raw.as_str()), Some("Ibid."));
        let stored = citations_to_stored(&citations, text);
        assert!(stored.ends_with("35,40"), "{stored:?}");
        assert_eq!(citations_from_stored(&stored, text), citations);
    }

    #[test]
    fn no_citations_store_nothing_and_garbage_reads_as_none() {
        assert_eq!(citations_to_stored(&[], "text"), "");
        assert!(citations_from_stored("", "text").is_empty());
        for garbage in [
            "garbage",
            "[1, 2",
            "book\x1f\x1f\x1f\x1fnot a year",
            "book\x1f\x1f\x1f\x1f\x1f\x1f\x1f\x1f\x1f\x1f\x1f\x1f\x1f\x1f9,2",
        ] {
            assert!(
                citations_from_stored(garbage, "text").is_empty(),
                "{garbage:?}"
            );
        }
    }

    fn full() -> Citation {
        let person = |f: &str| Person {
            family: Some(f.into()),
            given: Some("G.".into()),
            org: None,
        };
        // A struct literal without `..`: a new field fails to compile here until it is stored.
        Citation {
            kind: CitationKind::Chapter,
            authors: vec![person("Abe"), person("Ueda")],
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
        }
    }

    #[test]
    fn every_citation_field_is_stored() {
        let text = "See Abe, Minato.";
        let list = vec![full(), Citation::default()];
        let stored = citations_to_stored(&list, text);
        assert!(!stored.starts_with('['), "{stored:?}");
        assert_eq!(citations_from_stored(&stored, text), list);
    }

    #[test]
    fn what_the_compact_form_cannot_hold_is_stored_as_json() {
        let text = "See Abe, Minato.";
        let mut empty_title = full();
        empty_title.title = Some(String::new());
        let mut separator = full();
        separator.publisher = Some("Iwa\x1fnami".into());
        let mut nameless = full();
        nameless.editors.push(Person::default());
        let mut empty_given = full();
        empty_given.authors[0].given = Some(String::new());
        for c in [empty_title, separator, nameless, empty_given] {
            let list = vec![full(), c];
            let stored = citations_to_stored(&list, text);
            assert!(stored.starts_with('['), "{stored:?}");
            assert_eq!(citations_from_stored(&stored, text), list);
        }
    }

    #[test]
    fn kind_names_are_the_serde_names() {
        use CitationKind::*;
        for kind in [
            Book, Chapter, Article, Newspaper, Report, Web, Thesis, ShortForm, Ibid,
        ] {
            let serde_name = serde_json::to_value(kind).expect("kind");
            assert_eq!(serde_name.as_str(), Some(kind_name(kind)));
            assert_eq!(kind_from_name(kind_name(kind)), Some(kind));
        }
    }

    fn text_field() -> impl Strategy<Value = Option<String>> {
        proptest::option::of("[a-c \u{1c}-\u{1f},0-9\\[]{0,4}")
    }

    fn person() -> impl Strategy<Value = Person> {
        (text_field(), text_field(), text_field()).prop_map(|(family, given, org)| Person {
            family,
            given,
            org,
        })
    }

    fn citation() -> impl Strategy<Value = Citation> {
        let people = || proptest::collection::vec(person(), 0..3);
        (
            (
                0usize..9,
                people(),
                people(),
                people(),
                proptest::option::of(-3000i32..3000),
            ),
            proptest::collection::vec(text_field(), 8),
            (
                proptest::option::of(0u32..500),
                "[a-c \u{1c}-\u{1f},0-9]{0,6}",
            ),
        )
            .prop_map(
                |((kind, authors, editors, translators, year), f, (resolves_to, raw))| {
                    use CitationKind::*;
                    Citation {
                        kind: [
                            Book, Chapter, Article, Newspaper, Report, Web, Thesis, ShortForm, Ibid,
                        ][kind],
                        authors,
                        editors,
                        translators,
                        year,
                        title: f[0].clone(),
                        translated_title: f[1].clone(),
                        container: f[2].clone(),
                        place: f[3].clone(),
                        publisher: f[4].clone(),
                        pages: f[5].clone(),
                        doi: f[6].clone(),
                        url: f[7].clone(),
                        resolves_to,
                        raw,
                    }
                },
            )
    }

    proptest! {
        #[test]
        fn any_citations_read_back_exactly(
            list in proptest::collection::vec(citation(), 0..4),
            text in "[a-c ,0-9]{0,12}",
        ) {
            let stored = citations_to_stored(&list, &text);
            prop_assert_eq!(citations_from_stored(&stored, &text), list);
        }
    }
}
