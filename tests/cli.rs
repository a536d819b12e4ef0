//! End-to-end tests: the real binary on throwaway corpora.

mod util;

use predicates::prelude::*;
use util::{Dir, HTML, PAGE};

fn small_corpus() -> Dir {
    let dir = Dir::new();
    dir.write("corpus/alliance.txt", PAGE);
    dir.write("corpus/harbours.html", HTML);
    dir.write(
        "corpus/reading-notes.md",
        "My reading notes\n\nMissile defense keeps coming up in the Diet debates.\n",
    );
    dir
}

#[test]
fn index_prints_a_summary_and_search_finds_ranked_highlighted_notes() {
    let dir = small_corpus();
    dir.cmd()
        .args(["index", "corpus"])
        .assert()
        .success()
        .stderr(predicate::str::contains("indexed 3 files"));
    let out = dir.stdout_of(&["search", "missile defense", "--color", "never"], 0);
    assert!(out.contains("corpus/alliance.txt:"), "{out}");
    assert!(out.contains("note 2"), "{out}");
    assert!(out.contains("**Missile** **Defense**"), "{out}");
    assert!(
        !out.contains("\u{1b}["),
        "no colour codes when --color never"
    );
}

#[test]
fn a_chapter_title_word_finds_every_passage_of_the_chapter_and_combines_with_note_words() {
    let dir = small_corpus();
    dir.cmd().args(["index", "corpus"]).assert().success();
    // The abstract and three notes of "Alliance Politics in Transition"; the word is in no note.
    let v = dir.search_json(&["--limit", "50", "transition"]);
    assert_eq!(v["total"], 4, "{v}");
    let hits = v["hits"].as_array().unwrap();
    assert!(
        hits.iter().all(|h| h["path"] == "corpus/alliance.txt"),
        "{v}"
    );
    assert!(
        hits.iter()
            .all(|h| h["chapter"]["title"] == "Alliance Politics in Transition")
    );
    // A book title word likewise, by `book:`.
    assert_eq!(dir.search_json(&["book:studies"])["total"], 4);
    // A title word and a note word: only the notes with the note word.
    let v = dir.search_json(&["transition missile"]);
    let notes: Vec<_> = v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["note"].clone())
        .collect();
    assert_eq!(notes.len(), 2, "{v}");
    assert!(
        notes.contains(&2.into()) && notes.contains(&3.into()),
        "{v}"
    );
    // Excluding a chapter by its title leaves the other files' passages.
    let v = dir.search_json(&["--limit", "50", "missile -chapter:transition"]);
    assert!(
        v["hits"]
            .as_array()
            .unwrap()
            .iter()
            .all(|h| h["path"] != "corpus/alliance.txt"),
        "{v}"
    );
}

#[test]
fn json_contract_of_search() {
    let dir = small_corpus();
    dir.cmd().args(["index", "corpus"]).assert().success();
    let v = dir.search_json(&["missile defense"]);
    assert_eq!(v["query"], "missile defense");
    assert!(v["total"].as_u64().unwrap() >= 1);
    let hit = &v["hits"][0];
    for key in [
        "rank",
        "score",
        "kind",
        "path",
        "line",
        "note",
        "chapter",
        "authors",
        "years",
        "text",
        "snippet",
        "highlights",
    ] {
        assert!(hit.get(key).is_some(), "hit lacks {key}: {hit}");
    }
    assert_eq!(hit["rank"], 1);
    assert_eq!(hit["kind"], "note");
    assert_eq!(hit["note"], 2);
    assert_eq!(hit["chapter"]["title"], "Alliance Politics in Transition");
    assert_eq!(hit["chapter"]["doi"], "10.1234/example_1");
    assert!(hit["text"].as_str().unwrap().ends_with("pp. 10–12."));
    // Highlights are character offsets into the snippet.
    let snippet: Vec<char> = hit["snippet"].as_str().unwrap().chars().collect();
    let words: Vec<String> = hit["highlights"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let (s, e) = (
                r[0].as_u64().unwrap() as usize,
                r[1].as_u64().unwrap() as usize,
            );
            snippet[s..e].iter().collect::<String>().to_lowercase()
        })
        .collect();
    assert!(words.contains(&"missile".to_string()), "{words:?}");
    assert!(words.contains(&"defense".to_string()), "{words:?}");
    assert!(v["facets"]["author"].is_array());
    assert!(v["facets"]["year"].is_array());
}

#[test]
fn colour_follows_the_flag_and_no_color() {
    let dir = small_corpus();
    dir.cmd().args(["index", "corpus"]).assert().success();
    dir.cmd()
        .args(["search", "missile", "--color", "always"])
        .assert()
        .success()
        .stdout(predicate::str::contains("\u{1b}["));
    // Not a terminal: auto means no colour.
    dir.cmd()
        .args(["search", "missile"])
        .assert()
        .success()
        .stdout(predicate::str::contains("\u{1b}[").not());
    dir.cmd()
        .args(["search", "missile", "--color", "auto"])
        .env("NO_COLOR", "1")
        .assert()
        .success()
        .stdout(predicate::str::contains("\u{1b}[").not());
}

#[test]
fn reindexing_never_duplicates_and_tracks_changes() {
    let dir = small_corpus();
    dir.cmd().args(["index", "corpus"]).assert().success();
    let first = dir.search_json(&["missile"])["total"].as_u64().unwrap();
    dir.cmd()
        .args(["index", "corpus"])
        .assert()
        .success()
        .stderr(predicate::str::contains("unchanged 3"));
    assert_eq!(
        dir.search_json(&["missile"])["total"].as_u64().unwrap(),
        first
    );

    // Change one file, remove another.
    dir.write(
        "corpus/reading-notes.md",
        "My reading notes\n\nNothing about rockets here.\n",
    );
    std::fs::remove_file(dir.path().join("corpus/harbours.html")).unwrap();
    dir.cmd()
        .args(["index", "corpus"])
        .assert()
        .success()
        .stderr(predicate::str::contains("updated 1").and(predicate::str::contains("removed 1")));
    assert_eq!(
        dir.search_json(&["missile"])["total"].as_u64().unwrap(),
        first - 1
    );
    assert_eq!(
        dir.search_json(&["lighthouses"])["total"].as_u64().unwrap(),
        0
    );
}

#[test]
fn search_corpus_brings_the_index_up_to_date_first() {
    let dir = small_corpus();
    dir.cmd()
        .args([
            "search",
            "--corpus",
            "corpus",
            "lighthouses",
            "--color",
            "never",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("corpus/harbours.html:"));
    dir.write("corpus/new.txt", "A new file\n\nLighthouses again.\n");
    let v = dir.search_json(&["--corpus", "corpus", "lighthouses"]);
    assert_eq!(v["total"], 2);
}

#[test]
fn index_location_from_flag_and_environment() {
    let dir = small_corpus();
    dir.cmd()
        .args(["index", "corpus", "--index", "idx"])
        .assert()
        .success();
    assert!(dir.path().join("idx/meta.json").exists());
    dir.cmd()
        .args(["search", "missile"])
        .env("KENSAKU_INDEX", "idx")
        .assert()
        .success();
    // The default location has no index: a clear message and the command that fixes it.
    dir.cmd()
        .args(["search", "missile"])
        .assert()
        .code(4)
        .stderr(
            predicate::str::contains("no index at .kensaku")
                .and(predicate::str::contains("kensaku index")),
        );
}

#[test]
fn binary_files_are_skipped_with_a_reason_and_exit_code_3() {
    let dir = small_corpus();
    dir.write("corpus/scan.pdf", b"%PDF-1.4\n\x00\x01\x02binary");
    dir.cmd()
        .args(["index", "corpus"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains(
            "skipped corpus/scan.pdf: binary file",
        ))
        .stderr(predicate::str::contains("indexed 3 of 4 files"));
    // The rest is indexed.
    assert!(dir.search_json(&["missile"])["total"].as_u64().unwrap() >= 1);
}

#[test]
fn usage_errors_exit_2() {
    let dir = small_corpus();
    dir.cmd().args(["index", "corpus"]).assert().success();
    dir.cmd()
        .args(["search", "nosuchfield:word"])
        .assert()
        .code(2);
    dir.cmd()
        .args(["search", "x", "--year", "2009..1999"])
        .assert()
        .code(2);
    dir.cmd().args(["search"]).assert().code(2);
    dir.cmd().args(["search", "zzzqqq"]).assert().code(1);
}

#[test]
fn parse_json_contract() {
    let dir = small_corpus();
    let v = dir.parse_json(std::path::Path::new("corpus/alliance.txt"));
    for key in [
        "path",
        "format",
        "title",
        "book",
        "authors",
        "editors",
        "year",
        "doi",
        "publisher",
        "abstract",
        "notes",
    ] {
        assert!(v.get(key).is_some(), "parse output lacks {key}: {v}");
    }
    assert_eq!(v["format"], "page");
    assert_eq!(v["title"], "Alliance Politics in Transition");
    assert_eq!(v["book"], "Studies in East Asian Security");
    assert_eq!(v["year"], 2012);
    assert_eq!(v["doi"], "10.1234/example_1");
    let notes = v["notes"].as_array().unwrap();
    assert_eq!(notes.len(), 3);
    assert_eq!(notes[0]["number"], 1);
    assert_eq!(notes[0]["line"], 16);
    assert!(notes[0]["citations"].is_array());
    let abs = v["abstract"].as_str().unwrap();
    assert!(
        abs.contains("ended. Scholars") && !abs.contains("preview"),
        "{abs}"
    );

    let v = dir.parse_json(std::path::Path::new("corpus/harbours.html"));
    assert_eq!(v["format"], "html");
    assert_eq!(v["year"], 2015);
    assert_eq!(v["notes"].as_array().unwrap().len(), 2);

    let v = dir.parse_json(std::path::Path::new("corpus/reading-notes.md"));
    assert_eq!(v["format"], "plain");
    assert_eq!(v["title"], "My reading notes");
}

#[test]
fn sample_corpus_indexes_every_format() {
    let dir = Dir::new();
    dir.copy_sample_corpus();
    dir.cmd().args(["index", "corpus"]).assert().success();
    let v = dir.search_json(&["--facets", "--limit", "500"]);
    let hits = v["hits"].as_array().unwrap();
    let paths: std::collections::BTreeSet<&str> =
        hits.iter().map(|h| h["path"].as_str().unwrap()).collect();
    assert!(paths.iter().any(|p| p.ends_with(".html")), "{paths:?}");
    assert!(paths.iter().any(|p| p.ends_with(".md")), "{paths:?}");
    assert!(
        paths.iter().filter(|p| p.ends_with(".txt")).count() >= 8,
        "{paths:?}"
    );
    assert!(v["total"].as_u64().unwrap() >= 250);
}

#[test]
fn markdown_reading_notes_list_items_are_their_own_passages() {
    let dir = Dir::new();
    dir.copy_sample_corpus();
    dir.cmd().args(["index", "corpus"]).assert().success();
    let v = dir.search_json(&["\"library holds\""]);
    let hits = v["hits"].as_array().unwrap();
    assert_eq!(hits.len(), 1, "{v}");
    assert_eq!(
        hits[0]["path"],
        "corpus/14_reading_notes_alliance_memory.md"
    );
    assert_eq!(hits[0]["line"], 59);
    let text = hits[0]["text"].as_str().unwrap();
    assert!(text.starts_with("Haruo Ookubo, *Bouei Seisaku"), "{text}");
    // The item's citation is extracted and its author counted.
    let v = dir.search_json(&["--author", "okubo", "--limit", "100"]);
    let lines: Vec<u64> = v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|h| h["path"].as_str().unwrap().ends_with(".md"))
        .map(|h| h["line"].as_u64().unwrap())
        .collect();
    assert_eq!(lines, [59]);
    // The prose around the list is still searchable.
    assert!(dir.search_json(&["\"seminar on Japan\""])["total"] == 1);
}

#[test]
fn errors_name_the_cause() {
    let dir = Dir::new();
    let err = dir.stderr_of(&["index", "no-such-folder"], 4);
    assert!(
        err.contains("no-such-folder") && err.contains("No such file or directory"),
        "{err}"
    );
    // An index location that is a file: said so, for reading and for writing.
    dir.write("corpus/a.txt", "A title\n\nSome text.\n");
    dir.write("notes.txt", "not an index");
    for args in [
        &["search", "--index", "notes.txt", "text"][..],
        &["index", "corpus", "--index", "notes.txt"][..],
    ] {
        let err = dir.stderr_of(args, 2);
        assert!(err.contains("notes.txt is a file, not a folder"), "{err}");
    }
}

#[test]
fn a_query_of_exclusions_only_finds_every_other_passage() {
    let dir = small_corpus();
    dir.cmd().args(["index", "corpus"]).assert().success();
    let all = dir.search_json(&["*"])["total"].as_u64().unwrap();
    let with = dir.search_json(&["text:missile"])["total"]
        .as_u64()
        .unwrap();
    assert!(with > 0 && with < all, "{with} of {all}");
    for query in ["-missile", "NOT missile"] {
        let out = dir.search_json(&["--", query]);
        assert_eq!(out["total"].as_u64().unwrap(), all - with, "{query}: {out}");
        for hit in out["hits"].as_array().unwrap() {
            let text = hit["text"].as_str().unwrap().to_lowercase();
            let mut words = text.split(|c: char| !c.is_alphanumeric());
            assert!(!words.any(|w| w == "missile"), "{query}: {text}");
        }
    }
}

#[test]
fn an_author_nobody_cites_is_named_in_a_warning() {
    let dir = small_corpus();
    dir.cmd().args(["index", "corpus"]).assert().success();
    let err = dir.stderr_of(&["search", "--author", "Nobodyson", "alliance"], 1);
    assert!(err.contains("--author 'Nobodyson'"), "{err}");
    // A known author (spelled another way) gets no warning; the unknown one still does.
    let err = dir.stderr_of(
        &[
            "search",
            "--author",
            "Satō",
            "--author",
            "Nobodyson",
            "alliance",
        ],
        0,
    );
    assert!(
        err.contains("Nobodyson") && !err.contains("'Satō'"),
        "{err}"
    );
    let v = dir.search_json(&["--author", "Nobodyson", "alliance"]);
    assert_eq!(v["warnings"].as_array().map(Vec::len), Some(1), "{v}");
}

#[test]
fn batch_queries_print_one_json_line_each_and_a_failed_query_sets_the_exit_code() {
    let dir = small_corpus();
    dir.cmd().args(["index", "corpus"]).assert().success();
    dir.write(
        "q.txt",
        "missile\n\n\"unbalanced missile\nnosuchfield:word\nzzzqqq\n",
    );
    // Every line runs; the unknown field is a usage error, so the run exits 2.
    let out = dir.stdout_of(&["search", "--queries", "q.txt", "--json"], 2);
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let queries: Vec<&str> = lines.iter().map(|l| l["query"].as_str().unwrap()).collect();
    assert_eq!(
        queries,
        [
            "missile",
            "\"unbalanced missile",
            "nosuchfield:word",
            "zzzqqq"
        ]
    );
    assert!(lines[0]["total"].as_u64().unwrap() > 0 && lines[0]["took_us"].is_u64());
    assert!(lines[1]["warnings"].is_array(), "{}", lines[1]);
    assert!(lines[2]["error"].as_str().unwrap().contains("nosuchfield"));
    assert_eq!(lines[3]["total"], 0);
    // From stdin, all good: exit 0 when any query found something, 1 when none did.
    dir.cmd()
        .args(["search", "--queries", "-", "--json"])
        .write_stdin("missile\nzzzqqq\n")
        .assert()
        .code(0);
    dir.cmd()
        .args(["search", "--queries", "-", "--json"])
        .write_stdin("zzzqqq\n")
        .assert()
        .code(1);
}

/// build.rs links the binary position-dependent on Linux (glibc), so that a search process does
/// not start by relocating ≈ 41,000 pointers: the ELF header says ET_EXEC (2), not ET_DYN (3).
/// build.rs sets `kensaku_no_pie` when it does (not with `KENSAKU_PIE=1`).
#[cfg(kensaku_no_pie)]
#[test]
fn binary_is_linked_position_dependent() {
    let path = assert_cmd::cargo::cargo_bin("kensaku");
    let mut header = [0u8; 18];
    std::io::Read::read_exact(&mut std::fs::File::open(&path).unwrap(), &mut header).unwrap();
    assert_eq!(&header[..4], b"\x7fELF");
    let e_type = u16::from_le_bytes([header[16], header[17]]);
    assert_eq!(
        e_type,
        2,
        "{} is not ET_EXEC (e_type {e_type})",
        path.display()
    );
}

#[test]
fn facet_files_are_written_by_index_and_give_the_counts_the_index_gives() {
    let dir = Dir::new();
    dir.copy_sample_corpus();
    dir.cmd().args(["index", "corpus"]).assert().success();
    let folder = dir.path().join(".kensaku/facets");
    let files = std::fs::read_dir(&folder).unwrap().count();
    assert!(files >= 1, "no facet files in {}", folder.display());
    let args = [
        "--facets",
        "--limit",
        "3",
        "--",
        "defense OR alliance OR bōei",
    ];
    let with_files = dir.search_json(&args);
    assert!(with_files["facets"]["author"].as_array().unwrap().len() > 3);
    assert!(with_files["facets"]["year"].as_array().unwrap().len() > 3);
    // The folder is a cache: without it the same counts come from the index itself, and the
    // next index run (nothing changed) writes it again.
    std::fs::remove_dir_all(&folder).unwrap();
    assert_eq!(dir.search_json(&args), with_files);
    dir.cmd().args(["index", "corpus"]).assert().success();
    assert_eq!(std::fs::read_dir(&folder).unwrap().count(), files);
    assert_eq!(dir.search_json(&args), with_files);
    // A folder that cannot be written is a warning: the index is complete without it.
    std::fs::remove_dir_all(&folder).unwrap();
    std::fs::write(&folder, "in the way").unwrap();
    let stderr = dir.stderr_of(&["index", "corpus"], 0);
    assert!(
        stderr.contains("warning") && stderr.contains("facet files not written"),
        "{stderr}"
    );
    assert_eq!(dir.search_json(&args), with_files);
}
