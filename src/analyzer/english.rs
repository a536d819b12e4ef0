//! The English word list: English words that also parse as romanized Japanese (`you`, `tuna`).
//!
//! The romaji filter asks it whether a word that parses into syllables may be English. The list
//! is `english_romaji.txt` (one folded word per line, `*word` for a word listed only capitalized),
//! compiled into a perfect hash map by `build.rs`.

use super::romaji::{FoldedWord, fold_word};

/// How an English word list knows a word that also parses as romaji.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnglishKind {
    /// A common English word (`you`, `tuna`, `human`): romaji only next to clear Japanese.
    Common,
    /// Listed only capitalized (`Tokyo`, `Kenya`): a proper noun, often Japanese itself.
    Proper,
}

/// English words (from SCOWL via Debian's wamerican) that parse completely as romaji: a perfect
/// hash map generated from `english_romaji.txt` by `build.rs`, so a process pays nothing to load it.
static ENGLISH: phf::Map<&'static str, EnglishKind> =
    include!(concat!(env!("OUT_DIR"), "/english_romaji.rs"));

/// Whether a word that parses as romaji is also an English word, and of which kind.
/// Hyphenated words count as English when every part is (`re-open`), apostrophes are ignored.
pub fn english_kind(word: &str) -> Option<EnglishKind> {
    english_kind_folded(word, &fold_word(word)?)
}

/// [`english_kind`] of a word already folded.
pub fn english_kind_folded(word: &str, folded: &FoldedWord) -> Option<EnglishKind> {
    english_kind_letters(word, &folded.letters)
}

/// [`english_kind`] of a word whose folded letters (see [`fold_word`]) are `letters`.
pub fn english_kind_letters(word: &str, letters: &str) -> Option<EnglishKind> {
    if let Some(kind) = ENGLISH.get(letters) {
        return Some(*kind);
    }
    if !word.contains(['-', '‐', '‑']) {
        return None;
    }
    let mut weakest = EnglishKind::Common;
    for part in word.split(['-', '‐', '‑']).filter(|p| !p.is_empty()) {
        let letters = fold_word(part)?.letters;
        match ENGLISH.get(letters.as_str())? {
            EnglishKind::Proper => weakest = EnglishKind::Proper,
            EnglishKind::Common => {}
        }
    }
    Some(weakest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_list_knows_common_words() {
        for w in ["you", "tuna", "human", "too", "soon", "Human"] {
            assert_eq!(english_kind(w), Some(EnglishKind::Common), "{w}");
        }
        assert_eq!(english_kind("Gaimusho"), None);
        assert_eq!(english_kind("re-open"), Some(EnglishKind::Common));
        assert_eq!(english_kind("Nichi-Bei"), None);
    }

    #[test]
    fn the_generated_map_holds_every_listed_word() {
        let mut listed = 0;
        for line in include_str!("english_romaji.txt").lines() {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            listed += 1;
            let (word, kind) = match line.strip_prefix('*') {
                Some(word) => (word, EnglishKind::Proper),
                None => (line, EnglishKind::Common),
            };
            assert_eq!(ENGLISH.get(word), Some(&kind), "{line}");
        }
        assert_eq!(ENGLISH.len(), listed);
    }
}

/// Regenerates `english_romaji.txt` from a SCOWL word list (Debian's wamerican):
/// `KENSAKU_WORDS=/usr/share/dict/american-english cargo test --lib regenerate_english_list -- --ignored`
/// prints the list body to stdout.
#[cfg(test)]
mod generate {
    use super::*;
    use crate::analyzer::romaji::syllables;
    use std::collections::BTreeMap;

    /// Japanese words English borrowed: left out of the list so they are always romaji.
    const JAPANESE_LOANWORDS: &[&str] = &[
        "anime",
        "bento",
        "bonsai",
        "bushido",
        "daimyo",
        "dojo",
        "futon",
        "geisha",
        "haiku",
        "hibachi",
        "honcho",
        "ikebana",
        "judo",
        "jujitsu",
        "kabuki",
        "kamikaze",
        "kana",
        "kanji",
        "karaoke",
        "karate",
        "kimono",
        "koan",
        "koi",
        "manga",
        "mikado",
        "miso",
        "netsuke",
        "ninja",
        "obi",
        "origami",
        "ramen",
        "reiki",
        "romaji",
        "ronin",
        "samurai",
        "sashimi",
        "satori",
        "sensei",
        "shiatsu",
        "shinto",
        "shogun",
        "soba",
        "sudoku",
        "sumo",
        "sushi",
        "tanka",
        "tatami",
        "tempura",
        "teriyaki",
        "tofu",
        "tsunami",
        "udon",
        "wasabi",
        "zen",
        "zaibatsu",
        "keiretsu",
        "kaizen",
        "hiragana",
        "katakana",
        "shamisen",
        "samisen",
        "meiji",
        "tokugawa",
        "nikkei",
        "hiroshima",
        "nagasaki",
        "osaka",
        "kyoto",
        "tokyo",
        "honshu",
        "kobe",
        "yokohama",
        "toyota",
        "ito",
        "yen",
        "emoji",
    ];

    #[test]
    #[ignore = "dev tool: needs a word list file"]
    fn regenerate_english_list() {
        let Ok(path) = std::env::var("KENSAKU_WORDS") else {
            return;
        };
        let Ok(text) = std::fs::read_to_string(&path) else {
            return;
        };
        let mut kinds: BTreeMap<String, EnglishKind> = BTreeMap::new();
        for word in text.lines() {
            let word = word.trim_end_matches("'s");
            if word.contains(['\'', '-']) || syllables(word).is_none() {
                continue;
            }
            let lower = word.to_ascii_lowercase();
            if JAPANESE_LOANWORDS.contains(&lower.as_str()) {
                continue;
            }
            let kind = if word.starts_with(|c: char| c.is_ascii_uppercase()) {
                EnglishKind::Proper
            } else {
                EnglishKind::Common
            };
            let entry = kinds.entry(lower).or_insert(kind);
            if kind == EnglishKind::Common {
                *entry = EnglishKind::Common;
            }
        }
        for (word, kind) in kinds {
            match kind {
                EnglishKind::Common => println!("{word}"),
                EnglishKind::Proper => println!("*{word}"),
            }
        }
    }
}
