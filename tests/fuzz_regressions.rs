//! Regression tests for the crashes `cargo fuzz` found (see FUZZING.md): each input, inline, goes
//! through the code path of the target that found it and must not panic.

use std::path::{Path, PathBuf};

use kensaku::index::KIndex;
use kensaku::search::{Engine, Request, YearRange};
use kensaku::store::{Encoder, StoreDict};
use tantivy::Index;

mod util;

/// The hand-made page of the `query` fuzz target (fuzz/fuzz_targets/query.rs).
const HAND_PAGE: &str = "Nichibei dōmei and the alliance\n\nNotes\n\n\
    1. Funabashi Yōichi, Dōmei hyōryū [Alliance adrift] (Tōkyō: Iwanami Shoten, 1997), 12.\n\n\
    2. Satoh, Kōichi. \"Shūdanteki jieiken,\" Gaikō Forum 5 (2006): 3–9.\n\n\
    3. Ibid., 4.\n\n";

/// An in-RAM index of the given pages (names under `corpus/`, or `util::PAGE` / the hand page),
/// as the `query` fuzz target builds it.
fn engine(pages: &[&str]) -> Engine {
    let (schema, fields) = kensaku::schema::build();
    let index = Index::create_in_ram(schema);
    kensaku::analyzer::register(&index);
    let mut writer = index.writer_with_num_threads(1, 15_000_000).unwrap();
    // The records are compressed without a dictionary, which the engine finds in `dir`.
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("fuzz-regressions-store");
    std::fs::create_dir_all(&dir).unwrap();
    StoreDict::none().save(&dir).unwrap();
    let store = Encoder::new(StoreDict::none());
    for name in pages {
        let text = match *name {
            "page.txt" => util::PAGE.to_string(),
            "hand.txt" => HAND_PAGE.to_string(),
            _ => std::fs::read_to_string(
                Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("corpus")
                    .join(name),
            )
            .unwrap(),
        };
        let chapter = kensaku::corpus::parse_text(Path::new(name), name, &text);
        for doc in kensaku::index::chapter_docs(&chapter, &fields, &store) {
            writer.add_document(doc).unwrap();
        }
    }
    writer.commit().unwrap();
    let kindex = KIndex { index, fields, dir };
    Engine::new(&kindex).unwrap()
}

/// The pages of the `query` fuzz target's index.
const FUZZ_PAGES: &[&str] = &[
    "04_missile-defense.txt",
    "08_claims_settlement_1965.txt",
    "12_japan_missile_defense.html",
    "hand.txt",
];

/// fuzz/artifacts/query/crash-e9b4c630…: `"virtual alliance` with the year range `..19\`90`, which
/// the fuzz target reads as a `YearRange` with neither bound; tantivy's `RangeQuery` panicked
/// ("At least one bound must be set"). Such a range now means "has a year".
#[test]
fn a_year_range_without_bounds_does_not_panic() {
    let engine = engine(&["page.txt"]);
    let req = Request {
        query: "\"virtual alliance".into(),
        limit: 1,
        authors: Vec::new(),
        years: Some(YearRange {
            from: None,
            to: None,
        }),
        facets: false,
    };
    engine.search(&req).unwrap();
    // Alone, it keeps the notes citing a work with a year (notes 1 and 2 of the page, not 3).
    let req = Request {
        query: String::new(),
        limit: 10,
        ..req
    };
    let results = engine.search(&req).unwrap();
    let mut notes: Vec<u64> = results.hits.iter().filter_map(|h| h.passage.note).collect();
    notes.sort();
    assert_eq!(notes, [1, 2]);
}

/// fuzz/artifacts/query/crash-5aadf585…: `cited:alliance OR dōmei -kore*\0\0\0a` with an author and
/// a year trips a `debug_assert!` inside tantivy 0.27 (`PhraseScorer::seek_danger`, "target should be
/// greater than or equal to doc", reached through `Exclude` on an exhausted phrase scorer; the
/// upstream class of tantivy#2811). kensaku now excludes words on the plain `text` field only
/// (`search::Engine::parse`), so no excluded phrase reaches tantivy; this runs in debug builds too.
#[test]
fn an_excluded_phrase_with_filters_does_not_panic() {
    let engine = engine(FUZZ_PAGES);
    let req = Request {
        query: "cited:alliance OR dōmei -kore*\0\0\0a".into(),
        limit: 2,
        authors: vec!["Satoh Koichi".into()],
        years: Some(YearRange {
            from: Some(2006),
            to: Some(2006),
        }),
        facets: true,
    };
    engine.search(&req).unwrap();
    // The same assertion from a plain query: an excluded word the romaji analyzer splits into
    // several syllables becomes an excluded phrase on the romaji field.
    for query in ["alliance -kawasaki", "alliance -honn"] {
        let req = Request {
            query: query.into(),
            limit: 2,
            authors: Vec::new(),
            years: None,
            facets: false,
        };
        engine.search(&req).unwrap();
    }
}

/// fuzz/artifacts/query/minimized-from-bbeb2e06…: `o -1\u{fffd}6` (flag byte `t`). The excluded
/// word is two tokens of the text analyzer (`1 6`), so an excluded *phrase* on the `text` field
/// still reached the `debug_assert!` of tantivy 0.27's `PhraseScorer::seek_danger` (see
/// `an_excluded_phrase_with_filters_does_not_panic`), as did any excluded phrase
/// (`alliance -"missile defense"`, `alliance -U.S.`, also inside a boosted group). kensaku now
/// keeps phrases out of `seek_danger` (`search::guard_phrases`); this runs in debug builds.
#[test]
fn excluded_and_intersected_phrases_do_not_panic() {
    let engine = engine(FUZZ_PAGES);
    let search = |query: &str, years: Option<YearRange>| {
        let req = Request {
            query: query.into(),
            limit: 10,
            authors: Vec::new(),
            years,
            facets: true,
        };
        engine.search(&req).unwrap()
    };
    search("o -1\u{fffd}6", None);
    let years = || {
        Some(YearRange {
            from: Some(1990),
            to: Some(2010),
        })
    };
    for query in [
        "alliance -\"missile defense\"",
        "alliance -U.S.",
        "japan NOT (\"missile defense\" OR \"ballistic missile\")",
        "\"missile defense\" japan",
        "+\"missile defense\" +\"ballistic missile\"",
        "(alliance \"missile defense\")^2 japan",
        "-(+japan +\"missile defense\") alliance",
        "(alliance -\"missile defense\")^2 japan",
    ] {
        search(query, None);
        search(query, years());
    }
    // The guarded phrases still match as phrases, and exclude as phrases.
    let phrase = search("\"missile defense\"", None);
    assert!(phrase.total > 0);
    let without = search("japan -\"missile defense\"", None);
    for hit in &without.hits {
        let text = hit.passage.text.to_lowercase();
        let words: Vec<&str> = text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        assert!(
            !words.windows(2).any(|w| w == ["missile", "defense"]),
            "{}",
            hit.passage.text
        );
    }
    let japan = search("japan", None).total;
    // Exclusions look at the text field only.
    let both = search("japan text:\"missile defense\"", None).total;
    assert_eq!(without.total, japan - both);
}

/// fuzz/artifacts/citation/crash-d09b1597…: an organisation with a bracketed translation,
/// then a comma and a rest that starts with a multi-byte character (`Kenpō Chōsakai
/// [Commission on the Constitution], –91.`). The rest was sliced one byte before the match's
/// end, inside the en dash.
#[test]
fn a_translated_organisation_followed_by_a_multibyte_character_does_not_panic() {
    for note in [
        "Kenpō Chōsakai [Commission on the Constitution], –91. Kenpō Chōsakai Hōkokusho (Tokyo: Ōkurashō Insatsukyoku, 1964), 10.",
        "Gaimushō [Ministry of Foreign Affairs], “Nichibei anpo,” 2001.",
    ] {
        let citations = kensaku::citation::extract(note);
        let mut chapter =
            kensaku::chapter::Chapter::new("fuzz.txt", kensaku::chapter::Format::Page);
        chapter
            .notes
            .push(kensaku::chapter::Note::new(Some(1), 1, note));
        kensaku::citation::annotate(&mut chapter);
        assert_eq!(chapter.notes[0].citations, citations);
    }
    // The organisation is still read as the author of the rest.
    let c = kensaku::citation::extract(
        "Gaimushō [Ministry of Foreign Affairs], “Nichibei anpo,” 2001.",
    );
    assert_eq!(c[0].authors[0].org.as_deref(), Some("Gaimushō"), "{c:?}");
}
