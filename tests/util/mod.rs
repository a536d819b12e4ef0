//! Test helpers: a throwaway directory, sample pages, and the real `kensaku` binary run inside it.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use tempfile::TempDir;

/// A temporary working directory in which `kensaku` runs (index at `.kensaku/` by default).
pub struct Dir {
    pub tmp: TempDir,
}

impl Dir {
    pub fn new() -> Dir {
        Dir {
            tmp: tempfile::tempdir().expect("tempdir"),
        }
    }

    pub fn path(&self) -> &Path {
        self.tmp.path()
    }

    /// Write a file (creating parent folders) relative to the directory.
    pub fn write(&self, rel: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path().join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        std::fs::write(&path, contents).expect("write");
        path
    }

    /// Copy the repository's sample corpus into `corpus/` here.
    pub fn copy_sample_corpus(&self) -> PathBuf {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        let dst = self.path().join("corpus");
        copy_dir(&src, &dst);
        dst
    }

    /// The `kensaku` binary, run in this directory with a clean environment for colour and index.
    pub fn cmd(&self) -> Command {
        let mut cmd = Command::cargo_bin("kensaku").expect("binary");
        cmd.current_dir(self.path())
            .env_remove("KENSAKU_INDEX")
            .env_remove("NO_COLOR");
        cmd
    }

    /// Run `kensaku ARGS` and expect exit `code`.
    fn output_of(&self, args: &[&str], code: i32) -> std::process::Output {
        self.cmd()
            .args(args)
            .assert()
            .code(code)
            .get_output()
            .clone()
    }

    /// Run `kensaku ARGS`, expect exit `code`, and return its stderr.
    pub fn stderr_of(&self, args: &[&str], code: i32) -> String {
        String::from_utf8(self.output_of(args, code).stderr).expect("UTF-8 stderr")
    }

    /// Run `kensaku ARGS`, expect exit `code`, and return its stdout.
    pub fn stdout_of(&self, args: &[&str], code: i32) -> String {
        String::from_utf8(self.output_of(args, code).stdout).expect("UTF-8 stdout")
    }

    /// Run `kensaku parse FILE --json` and parse the one JSON object it prints.
    pub fn parse_json(&self, file: &Path) -> serde_json::Value {
        let out = self
            .cmd()
            .arg("parse")
            .arg(file)
            .arg("--json")
            .output()
            .expect("run");
        assert!(
            out.status.success(),
            "parse {}: {}",
            file.display(),
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).expect("parse --json prints JSON")
    }

    /// Run `kensaku search --json ARGS` and parse the one JSON object it prints (`--json` comes
    /// first, so ARGS may end in `-- QUERY`).
    pub fn search_json(&self, args: &[&str]) -> serde_json::Value {
        let out = self
            .cmd()
            .arg("search")
            .arg("--json")
            .args(args)
            .output()
            .expect("run");
        let stdout = String::from_utf8_lossy(&out.stdout);
        serde_json::from_str(stdout.trim()).unwrap_or_else(|e| {
            panic!(
                "search {args:?} did not print JSON ({e}): stdout={stdout} stderr={}",
                String::from_utf8_lossy(&out.stderr)
            )
        })
    }
}

fn copy_dir(src: &Path, dst: &Path) {
    std::fs::create_dir_all(dst).expect("mkdir");
    for entry in std::fs::read_dir(src).expect("read corpus") {
        let entry = entry.expect("entry");
        let to = dst.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_dir(&entry.path(), &to);
        } else {
            std::fs::copy(entry.path(), &to).expect("copy");
        }
    }
}

/// A small saved chapter page in the SpringerLink shape (original text).
pub const PAGE: &str = "Skip to main content\n\nAlliance Politics in Transition\n\n  \u{2022} Chapter\nStudies in East Asian Security\n\nAbstract\n\nThe alliance changed after the Cold War ended.1 Scholars still disagree about why.2\n\nThis is a preview of subscription content, log in via an institution to check access.\n\nNotes\n\n  1. Kenji Sato, Nichibei Domei no Kozo [The Structure of the Alliance] (Tokyo: Bokutakusha, 1999), p. 4.\n\n    Google Scholar\u{a0}\n\n  2. Robert L. Ellison, Missile Defense and the Pacific (New York: Norton, 2006), pp. 10\u{2013}12.\n\n    Google Scholar\u{a0}\n\n  3. The ministry issued its first white paper on the subject in July 1970, long before any missile debate.\n\n    Google Scholar\u{a0}\n\nCite this chapter\n\nTanaka, H. (2012). Alliance Politics in Transition. In: Ono, K. (eds) Studies in East Asian Security. Example Press, Tokyo. https://doi.org/10.1234/example_1\n";

/// A small saved HTML page with Highwire meta tags (original text).
pub const HTML: &str = r#"<!DOCTYPE html>
<html><head>
<meta name="citation_title" content="Harbours and Hinterlands">
<meta name="citation_author" content="Choi, Eun-ji">
<meta name="citation_publication_date" content="2015/03/01">
<meta name="citation_doi" content="10.5555/harbours.3">
<meta name="citation_inbook_title" content="Maritime East Asia">
<meta name="citation_publisher" content="Example University Press">
<title>Harbours and Hinterlands</title></head>
<body><section id="Abs1"><h2>Abstract</h2><p>Port cities tied the peninsula to the archipelago.</p></section>
<h2>Notes</h2>
<ol>
<li>Margaret Ashworth, Lighthouses of the Tsushima Strait (London: Example Press, 2001), p. 9.</li>
<li>Yuko Tanabe, Nikkan Kankei no Rekishi [A History of Japan-Korea Relations] (Tokyo: Iwanami, 2004).</li>
</ol></body></html>
"#;
