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
    let dir = Dir::new();
    let out = dir
        .cmd()
        .arg("parse")
        .arg(&path)
        .arg("--json")
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
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
