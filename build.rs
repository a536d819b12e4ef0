//! Build script: compiles the romaji word lists into perfect hash maps, and links the `kensaku`
//! binary as a position-dependent executable on Linux.
//!
//! Word lists: `src/analyzer/english_romaji.txt` and the lexicon (`lexicon_names.txt`,
//! `lexicon_words.txt`, keyed by canonical syllables through the crate's own `romaji.rs`) become
//! `phf` maps in `OUT_DIR`, so a search process does not spend ≈ 0.7 ms building hash maps of
//! 3,800 words before it can read its first query word.
//!
//! Linking:
//! A search is one short process, and a position-independent executable first has the dynamic
//! loader apply its ≈ 41,000 relative relocations (vtables, string tables of the dependencies),
//! copying every page they touch: ≈ 1 ms of a 3–5 ms search (BENCHMARKS.md, "A search process
//! starts faster").
//! Linked with `-no-pie`, the linker resolves them once. The code stays position-independent;
//! only the executable's load address is fixed (no address randomisation for the executable
//! itself; libraries, stack and heap are still randomised). Set `KENSAKU_PIE=1` when building
//! to keep the default position-independent executable.

use std::env;
use std::path::{Path, PathBuf};

/// The crate's syllable parser (no dependencies beyond `unicode-normalization`), so that the
/// lexicon is keyed exactly as the analyzer keys the words it looks up.
#[allow(dead_code)]
#[path = "src/analyzer/romaji.rs"]
mod romaji;

const ANALYZER: &str = "src/analyzer";

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed={ANALYZER}/romaji.rs");
    println!("cargo:rerun-if-env-changed=KENSAKU_PIE");
    let out = PathBuf::from(env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    write_english_map(&out);
    write_lexicon_map(&out);
    link_position_dependent();
}

/// Entries of a word list: its lines without blanks and `#` comments.
fn list_entries(name: &str) -> Vec<String> {
    let path = Path::new(ANALYZER).join(name);
    println!("cargo:rerun-if-changed={}", path.display());
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(String::from)
        .collect()
}

/// `english_romaji.txt` → `phf::Map<&str, EnglishKind>` (`*word`: listed only capitalized).
fn write_english_map(out: &Path) {
    let mut kinds = std::collections::BTreeMap::new();
    for line in list_entries("english_romaji.txt") {
        match line.strip_prefix('*') {
            Some(word) => kinds.insert(word.to_string(), "EnglishKind::Proper"),
            None => kinds.insert(line, "EnglishKind::Common"),
        };
    }
    let mut map = phf_codegen::Map::new();
    for (word, kind) in &kinds {
        map.entry(word.as_str(), kind);
    }
    write(out, "english_romaji.rs", map.build().to_string());
}

/// The lexicon → `phf::Map<&str, (bool, u8)>`: each entry's canonical key, whether it is listed
/// in `lexicon_words.txt` (usable as a part; a word in both lists is), and its syllable count.
fn write_lexicon_map(out: &Path) {
    let mut entries: std::collections::BTreeMap<String, (bool, usize)> = Default::default();
    for (name, word_list) in [("lexicon_names.txt", false), ("lexicon_words.txt", true)] {
        for line in list_entries(name) {
            // A loanword the syllable table cannot read (`mineruva`) has no key: never looked up.
            let Some(syllables) = romaji::syllables(&line) else {
                continue;
            };
            let entry = entries
                .entry(romaji::join_syllables(&syllables))
                .or_insert((false, syllables.len()));
            entry.0 |= word_list;
        }
    }
    // The map borrows its values' code: written out first.
    let values: Vec<String> = entries
        .values()
        .map(|(word_list, syllables)| {
            let syllables = u8::try_from(*syllables).expect("an entry of under 256 syllables");
            format!("({word_list}, {syllables})")
        })
        .collect();
    let mut map = phf_codegen::Map::new();
    for (key, value) in entries.keys().zip(&values) {
        map.entry(key.as_str(), value);
    }
    write(out, "lexicon.rs", map.build().to_string());
}

fn write(out: &Path, name: &str, code: String) {
    std::fs::write(out.join(name), code + "\n").unwrap_or_else(|e| panic!("writing {name}: {e}"));
}

/// Position-dependent linking of the `kensaku` binary (see the module comment).
fn link_position_dependent() {
    let os = env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let target_env = env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    let keep_pie = env::var_os("KENSAKU_PIE").is_some_and(|v| !v.is_empty() && v != "0");
    // The tests check the binary's ELF type exactly when this applies (`cfg(kensaku_no_pie)`).
    println!("cargo::rustc-check-cfg=cfg(kensaku_no_pie)");
    if os == "linux" && target_env == "gnu" && !keep_pie {
        println!("cargo:rustc-link-arg-bin=kensaku=-no-pie");
        println!("cargo:rustc-cfg=kensaku_no_pie");
    }
}
