//! Acceptance checks on the team's real saved page (`../shared/fixtures/`), skipped when it is absent
//! (it is not part of a user's clone).

mod util;

use std::path::PathBuf;

use util::Dir;

const FIXTURE: &str = "000_b0af606797a47d4b.txt";

fn fixture() -> Option<PathBuf> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/fixtures")
        .join(FIXTURE);
    p.exists().then_some(p)
}

/// A temp dir holding a copy of the fixture in `corpus/`, indexed.
fn indexed() -> Option<Dir> {
    let src = fixture()?;
    let dir = Dir::new();
    dir.write(&format!("corpus/{FIXTURE}"), std::fs::read(src).unwrap());
    dir.cmd().args(["index", "corpus"]).assert().success();
    Some(dir)
}

fn note_numbers(v: &serde_json::Value) -> Vec<u64> {
    v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|h| h["note"].as_u64())
        .collect()
}

#[test]
fn parse_extracts_metadata_abstract_and_42_notes() {
    let Some(path) = fixture() else { return };
    let v = Dir::new().parse_json(&path);
    assert_eq!(
        v["title"],
        "Korea and the Japan-U.S. Alliance: A Japanese Perspective"
    );
    assert_eq!(v["book"], "The U.S.-Japan Security Alliance");
    assert_eq!(v["year"], 2011);
    assert_eq!(v["doi"], "10.1057/9780230120150_6");
    assert!(
        v["authors"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a.as_str().unwrap().contains("Sakata"))
    );
    let abs = v["abstract"].as_str().unwrap();
    assert!(abs.contains("Sino-Japanese War"));
    assert!(
        !abs.contains("era.1") && !abs.contains("it.2") && !abs.contains("preview"),
        "{abs}"
    );
    let notes = v["notes"].as_array().unwrap();
    assert_eq!(notes.len(), 42);
    for (i, n) in notes.iter().enumerate() {
        assert_eq!(n["number"], i as u64 + 1);
        let text = n["text"].as_str().unwrap();
        assert!(!text.contains("Google Scholar"), "note {}: {text}", i + 1);
    }
}

#[test]
fn missile_defense_ranks_note_18_in_top_3_with_highlights() {
    let Some(dir) = indexed() else { return };
    let v = dir.search_json(&["missile defense"]);
    let hits = v["hits"].as_array().unwrap();
    let pos = hits.iter().take(3).position(|h| h["note"] == 18);
    assert!(
        pos.is_some(),
        "note 18 not in top 3: {:?}",
        note_numbers(&v)
    );
    let hit = &hits[pos.unwrap()];
    let snippet: Vec<char> = hit["snippet"].as_str().unwrap().chars().collect();
    let marked: Vec<String> = hit["highlights"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            snippet[r[0].as_u64().unwrap() as usize..r[1].as_u64().unwrap() as usize]
                .iter()
                .collect()
        })
        .collect();
    assert!(marked.iter().any(|w| w == "Missile"), "{marked:?}");
    assert!(marked.iter().any(|w| w == "Defense"), "{marked:?}");
}

#[test]
fn funabashi_finds_notes_16_22_29() {
    let Some(dir) = indexed() else { return };
    let mut notes = note_numbers(&dir.search_json(&["Funabashi"]));
    notes.sort();
    assert_eq!(notes, vec![16, 22, 29]);
}

fn sorted_notes(dir: &Dir, args: &[&str]) -> Vec<u64> {
    let mut args = args.to_vec();
    args.extend(["--limit", "100"]);
    let mut notes = note_numbers(&dir.search_json(&args));
    notes.sort();
    notes
}

#[test]
fn funabashi_is_one_facet_value_counted_three_times() {
    let Some(dir) = indexed() else { return };
    let v = dir.search_json(&["--facets", "Funabashi"]);
    let authors = v["facets"]["author"].as_array().unwrap();
    let funabashi: Vec<_> = authors
        .iter()
        .filter(|a| {
            a["value"]
                .as_str()
                .unwrap()
                .to_lowercase()
                .contains("funabashi")
        })
        .collect();
    assert_eq!(funabashi.len(), 1, "{authors:?}");
    assert_eq!(funabashi[0]["count"], 3);
    assert_eq!(funabashi[0]["value"], "Funabashi, Yoichi");
}

#[test]
fn author_and_year_filters() {
    let Some(dir) = indexed() else { return };
    assert_eq!(
        sorted_notes(&dir, &["--author", "funabashi"]),
        vec![16, 22, 29]
    );
    assert_eq!(
        sorted_notes(&dir, &["--author", "Funabashi, Yoichi"]),
        vec![16, 22, 29]
    );
    let y1999 = sorted_notes(&dir, &["--year", "1999"]);
    for n in [7, 11, 16, 21] {
        assert!(y1999.contains(&n), "note {n} not in {y1999:?}");
    }
    assert!(!y1999.contains(&4), "{y1999:?}");
    let y0506 = sorted_notes(&dir, &["--year", "2005..2006"]);
    for n in [6, 8, 13, 15, 18] {
        assert!(y0506.contains(&n), "note {n} not in {y0506:?}");
    }
}

#[test]
fn short_form_resolves_to_its_full_citation() {
    let Some(path) = fixture() else { return };
    let v = Dir::new().parse_json(&path);
    let note22 = &v["notes"][21];
    let short = note22["citations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["title"] == "Alliance Adrift")
        .expect("Alliance Adrift in note 22");
    assert_eq!(short["resolves_to"], 16);
    assert_eq!(short["year"], 1999);
}

/// The words highlighted in each hit for a note, by note number.
fn highlighted(v: &serde_json::Value, note: u64) -> Vec<String> {
    let hit = v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["note"] == note);
    let Some(hit) = hit else { return Vec::new() };
    let snippet: Vec<char> = hit["snippet"].as_str().unwrap().chars().collect();
    hit["highlights"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            snippet[r[0].as_u64().unwrap() as usize..r[1].as_u64().unwrap() as usize]
                .iter()
                .collect()
        })
        .collect()
}

#[test]
fn romanized_variants_find_each_other_with_the_original_spelling_highlighted() {
    let Some(dir) = indexed() else { return };
    let v = dir.search_json(&["boei"]);
    let notes = note_numbers(&v);
    assert!(notes.contains(&18) && notes.contains(&25), "{notes:?}");
    assert!(
        highlighted(&v, 18).contains(&"Bouei".to_string()),
        "{:?}",
        highlighted(&v, 18)
    );

    let v = dir.search_json(&["\"anzen hosho\""]);
    assert!(note_numbers(&v).contains(&8), "{:?}", note_numbers(&v));
    assert!(
        highlighted(&v, 8)
            .iter()
            .any(|w| w.contains("annzenhoshou")),
        "{:?}",
        highlighted(&v, 8)
    );

    let v = dir.search_json(&["rekishi"]);
    assert!(note_numbers(&v).contains(&6));

    let v = dir.search_json(&["shinbun"]);
    let notes = note_numbers(&v);
    for n in [22, 32, 41] {
        assert!(notes.contains(&n), "Shimbun note {n} not in {notes:?}");
        assert!(
            highlighted(&v, n).contains(&"Shimbun".to_string()),
            "{:?}",
            highlighted(&v, n)
        );
    }
}
