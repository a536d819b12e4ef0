//! Bad input, interruptions, locks and hostile queries: nothing lost, nothing panics, honest exit codes.

mod util;

use std::process::{Command as StdCommand, Stdio};

use predicates::prelude::*;
use util::{Dir, PAGE};

fn total(dir: &Dir, args: &[&str]) -> u64 {
    dir.search_json(args)["total"].as_u64().unwrap()
}

#[test]
fn bad_files_are_named_and_the_rest_is_indexed() {
    let dir = Dir::new();
    dir.write("corpus/good.txt", PAGE);
    dir.write(
        "corpus/latin1.txt",
        b"Caf\xe9 notes\n\nThe Bo\xebi lighthouse keeper kept a diary.\n",
    );
    dir.write("corpus/nul.txt", b"looks like text\0but is not");
    dir.write("corpus/renamed.txt", b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\nstream");
    dir.write("corpus/empty.txt", "");
    dir.write("corpus/broken.html", "<html><head><meta name=citation_title content='Half'><body><ol><li>Unclosed <b>note about lighthouses");
    let huge = dir.path().join("corpus/huge.txt");
    std::fs::File::create(&huge)
        .unwrap()
        .set_len(100 * 1024 * 1024)
        .unwrap();

    let err = dir.stderr_of(&["index", "corpus"], 3);
    assert!(
        err.contains("corpus/latin1.txt") && err.contains("Windows-1252"),
        "{err}"
    );
    assert!(err.contains("skipped corpus/nul.txt: binary file"), "{err}");
    assert!(
        err.contains("skipped corpus/renamed.txt: binary file"),
        "{err}"
    );
    assert!(err.contains("skipped corpus/huge.txt: too large"), "{err}");
    assert!(
        err.contains("skipped corpus/empty.txt: empty file"),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
    // One line per problem.
    assert_eq!(
        err.lines().filter(|l| l.contains("corpus/nul.txt")).count(),
        1
    );

    assert!(total(&dir, &["missile"]) >= 1);
    assert_eq!(
        total(&dir, &["lighthouse"]),
        1,
        "the Latin-1 page is indexed"
    );
    assert_eq!(total(&dir, &["café"]), 1, "decoded as Windows-1252");
    // A second run reports the same skipped files (the index still lacks them).
    dir.cmd().args(["index", "corpus"]).assert().code(3);
}

#[test]
fn a_page_with_20000_notes_and_a_2mb_note_are_indexed() {
    let dir = Dir::new();
    let mut page = String::from("A very long page\n\nNotes\n\n");
    for i in 1..=20_000 {
        page.push_str(&format!(
            "  {i}. Author {i}, Title number {i} (Tokyo: Press, 1999), p. {i}.\n\n"
        ));
    }
    dir.write("corpus/long.txt", page);
    let big_note = format!(
        "Big note\n\n{}\n",
        "lighthouse keeper diary ".repeat(90_000)
    );
    dir.write("corpus/big.txt", big_note);
    dir.cmd().args(["index", "corpus"]).assert().success();
    assert_eq!(total(&dir, &["keeper"]), 1);
    assert!(total(&dir, &["title"]) >= 20_000);
    // Stored in groups of passages: a hit deep in the page shows its own note.
    let hit = &dir.search_json(&["\"Title number 15000\""])["hits"][0];
    assert_eq!(hit["note"], 15000, "{hit}");
    assert!(
        hit["text"].as_str().unwrap().contains("Author 15000"),
        "{hit}"
    );
}

#[test]
fn a_lost_or_foreign_store_dictionary_is_reported_and_the_index_rebuilt() {
    let dir = Dir::new();
    dir.write("corpus/good.txt", PAGE);
    dir.cmd().args(["index", "corpus"]).assert().success();
    let dict = dir.path().join(".kensaku/store.dict");
    std::fs::remove_file(&dict).unwrap();
    // Searching cannot show hits without it: said, with the way out.
    dir.cmd()
        .args(["search", "missile"])
        .assert()
        .code(4)
        .stderr(
            predicate::str::contains("damaged")
                .and(predicate::str::contains("store.dict is missing"))
                .and(predicate::str::contains("--rebuild")),
        );
    // A search with nothing to show does not need it.
    dir.cmd().args(["search", "zzyzxnothing"]).assert().code(1);
    // The next index run rebuilds on its own.
    dir.cmd()
        .args(["index", "corpus"])
        .assert()
        .success()
        .stderr(predicate::str::contains("store.dict was missing; rebuilt"));
    assert!(total(&dir, &["missile"]) >= 1);
    // A file that is not a dictionary is refused by both commands until a rebuild.
    std::fs::write(&dict, "not a dictionary").unwrap();
    for args in [&["search", "missile"][..], &["index", "corpus"][..]] {
        dir.cmd().args(args).assert().code(4).stderr(
            predicate::str::contains("not a kensaku store dictionary")
                .and(predicate::str::contains("--rebuild")),
        );
    }
    dir.cmd()
        .args(["index", "corpus", "--rebuild"])
        .assert()
        .success();
    assert!(total(&dir, &["missile"]) >= 1);
}

#[cfg(unix)]
#[test]
fn symlinks_outside_the_corpus_and_loops_are_not_followed() {
    let dir = Dir::new();
    dir.write("corpus/good.txt", PAGE);
    dir.write("outside/secret.txt", "Secret\n\nprivate lighthouse diary\n");
    std::os::unix::fs::symlink(dir.path().join("outside"), dir.path().join("corpus/escape"))
        .unwrap();
    std::os::unix::fs::symlink(
        dir.path().join("outside/secret.txt"),
        dir.path().join("corpus/secret.txt"),
    )
    .unwrap();
    std::os::unix::fs::symlink(dir.path().join("corpus"), dir.path().join("corpus/loop")).unwrap();
    let err = dir.stderr_of(&["index", "corpus"], 3);
    assert!(
        err.contains("corpus/escape: symbolic link leads outside the corpus"),
        "{err}"
    );
    assert!(
        err.contains("corpus/secret.txt: symbolic link leads outside the corpus"),
        "{err}"
    );
    assert!(err.contains("corpus/loop"), "{err}");
    assert_eq!(
        total(&dir, &["lighthouse"]),
        0,
        "nothing outside the corpus is read"
    );
    assert!(total(&dir, &["missile"]) >= 1);
}

#[test]
fn a_second_writer_is_refused_with_a_clear_message() {
    let dir = Dir::new();
    dir.write("corpus/good.txt", PAGE);
    dir.cmd().args(["index", "corpus"]).assert().success();
    // Hold the writer lock from this process, as a running `kensaku index` would.
    let kindex = kensaku::index::open(&dir.path().join(".kensaku")).unwrap();
    let writer: tantivy::IndexWriter = kindex.index.writer(15_000_000).unwrap();
    dir.cmd()
        .args(["index", "corpus"])
        .assert()
        .code(4)
        .stderr(predicate::str::contains(
            "locked by another kensaku process",
        ));
    // Searching works while the index is locked for writing.
    assert!(total(&dir, &["missile"]) >= 1);
    drop(writer);
    dir.cmd()
        .args(["index", "corpus", "--wait"])
        .assert()
        .success();
}

#[cfg(unix)]
#[test]
fn kill_9_during_indexing_keeps_the_last_commit_and_the_next_run_finishes() {
    let dir = Dir::new();
    dir.write("corpus/good.txt", PAGE);
    dir.cmd().args(["index", "corpus"]).assert().success();
    let before = total(&dir, &["missile"]);
    for i in 0..3000 {
        dir.write(
            &format!("corpus/bulk/{i:04}.md"),
            format!("Bulk page {i}\n\nA harbour ledger entry numbered {i}.\n"),
        );
    }
    let bin = assert_cmd::cargo::cargo_bin("kensaku");
    let mut child = StdCommand::new(&bin)
        .args(["index", "corpus", "--quiet"])
        .current_dir(dir.path())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(150));
    let _ = child.kill(); // SIGKILL
    let _ = child.wait();
    // Whatever point it was killed at, the index opens and answers.
    assert_eq!(total(&dir, &["missile"]), before);
    dir.cmd().args(["index", "corpus"]).assert().success();
    assert_eq!(
        total(&dir, &["ledger", "--limit", "1"]),
        3000,
        "no duplicates, nothing missing"
    );
}

#[cfg(unix)]
#[test]
fn ctrl_c_during_indexing_commits_what_was_parsed_and_exits_130() {
    let dir = Dir::new();
    for i in 0..4000 {
        dir.write(
            &format!("corpus/bulk/{i:04}.md"),
            format!("Bulk page {i}\n\nA harbour ledger entry numbered {i}.\n"),
        );
    }
    let bin = assert_cmd::cargo::cargo_bin("kensaku");
    let child = StdCommand::new(&bin)
        .args(["index", "corpus", "--quiet"])
        .current_dir(dir.path())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The Ctrl-C handler is installed before the index folder is created.
    let marker = dir.path().join(".kensaku/kensaku.json");
    while !marker.exists() {
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    let status = StdCommand::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    // A run that had already finished exits 0; an interrupted one says so and exits 130.
    match out.status.code() {
        Some(130) => assert!(err.contains("interrupted"), "{err}"),
        Some(0) => {}
        other => panic!("exit {other:?}: {err}"),
    }
    assert!(!err.contains("panicked"), "{err}");
    // What was committed is searchable, and the next run finishes the rest without duplicates.
    let kept = total(&dir, &["ledger", "--limit", "1"]);
    assert!(kept <= 4000, "{kept}");
    dir.cmd().args(["index", "corpus"]).assert().success();
    assert_eq!(total(&dir, &["ledger", "--limit", "1"]), 4000);
}

#[test]
fn hostile_queries_never_panic() {
    let dir = Dir::new();
    dir.write("corpus/good.txt", PAGE);
    dir.cmd().args(["index", "corpus"]).assert().success();
    let huge = "missile ".repeat(12_800);
    let cases: Vec<String> = vec![
        "\"missile defense".into(),
        "missile AND".into(),
        "OR OR".into(),
        "(missile".into(),
        "text:".into(),
        "chapter:\"".into(),
        "\u{7}\u{1b}[31m missile".into(),
        huge,
        "*".into(),
        "missile~2".into(),
        "year:[1990 TO".into(),
        "-".into(),
    ];
    for q in cases {
        let out = dir.cmd().args(["search", &q, "--json"]).output().unwrap();
        let code = out.status.code().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            (0..=2).contains(&code),
            "query {:?}: exit {code}: {err}",
            &q[..q.len().min(40)]
        );
        assert!(!err.contains("panicked"), "query {q:?}: {err}");
        if code != 2 {
            let _: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        }
    }
}

#[test]
fn an_index_from_another_schema_version_asks_for_a_rebuild() {
    let dir = Dir::new();
    dir.write("corpus/good.txt", PAGE);
    dir.cmd().args(["index", "corpus"]).assert().success();
    std::fs::write(
        dir.path().join(".kensaku/kensaku.json"),
        r#"{"schema_version": 0}"#,
    )
    .unwrap();
    dir.cmd()
        .args(["search", "missile"])
        .assert()
        .code(4)
        .stderr(
            predicate::str::contains("incompatible").and(predicate::str::contains("--rebuild")),
        );
    dir.cmd()
        .args(["index", "corpus", "--rebuild"])
        .assert()
        .success();
    assert!(total(&dir, &["missile"]) >= 1);
}

#[test]
fn escape_sequences_in_a_page_are_shown_not_sent_to_the_terminal() {
    let dir = Dir::new();
    dir.write(
        "corpus/evil.txt",
        "Evil title \u{1b}]0;pwned\u{7}\n\nNotes\n\n1. A note on the alliance \u{1b}[2J and \u{1b}[31mred\u{1b}[0m.\n",
    );
    dir.cmd().args(["index", "corpus"]).assert().success();
    for args in [
        &["search", "--color", "never", "alliance"][..],
        &["parse", "corpus/evil.txt"][..],
    ] {
        let out = dir.stdout_of(args, 0);
        assert!(!out.contains('\u{1b}') && !out.contains('\u{7}'), "{out:?}");
        assert!(out.contains("␛[2J"), "{out:?}");
    }
    // With colour, the only escapes are kensaku's own styles (each closed again).
    let out = dir.stdout_of(&["search", "--color", "always", "alliance"], 0);
    assert!(
        !out.contains("\u{1b}[2J") && !out.contains("\u{1b}]0;"),
        "{out:?}"
    );
    // JSON keeps the text exactly (escaped by JSON itself).
    let v = dir.search_json(&["alliance"]);
    assert!(v["hits"][0]["text"].as_str().unwrap().contains("\u{1b}[2J"));
    // A file name is shown the same way in the skip message.
    dir.write("corpus/bad\u{1b}[31mname.dat", b"\x00binary");
    let err = dir.stderr_of(&["index", "corpus"], 3);
    assert!(
        err.contains("bad␛[31mname.dat") && !err.contains('\u{1b}'),
        "{err:?}"
    );
}
