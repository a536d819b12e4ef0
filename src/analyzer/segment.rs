//! Word boundaries inside run-together romanized compounds, from a compact lexicon.
//!
//! The romaji analyzer lets a query word match only a run of syllables that starts and ends at
//! a *boundary*: a word start or end, a hyphen, a change to a capital (`KyoudouKenkyuu`), or a
//! boundary this module finds inside a run-together word. [`Splitter::split`] finds them: a word that is
//! not itself in the lexicon and is, as a whole, a sequence of lexicon words (each of two or
//! more syllables) is cut between them, with as few parts as possible
//! (`annzenhoshoukyouryoku` → `anzen|hosho|kyoryoku`). Anything else stays whole: `Satomi`
//! (`sato` + a one-syllable rest), `hoshoku`, `chosensha`, `Kaigai` (listed whole), `Kitaoka`
//! (a listed name). So `ito` never finds `Saitō`, while `kyoryoku` finds the compound.
//!
//! The lexicon is two committed lists: `lexicon_words.txt` (single words usable as parts) and
//! `lexicon_names.txt` (names: kept whole, never parts). Entries are stored by their canonical
//! key ([`super::romaji::key`]), so any romanization of an entry works.

use super::romaji::Syllable;

/// Longest part (in syllables) looked up in the lexicon.
const MAX_PART_SYLLABLES: usize = 10;

/// Shortest part (in syllables): one-syllable words (`sha`, `mi`, `ku`) never split a word.
const MIN_PART_SYLLABLES: usize = 2;

/// Words longer than this (in syllables) are not segmented (they are not real compounds).
const MAX_WORD_SYLLABLES: usize = 40;

/// What the lexicon knows about a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Entry {
    /// A word that may be a part of a run-together compound.
    Part,
    /// A word or name that is only ever whole.
    Whole,
}

/// Every lexicon entry by canonical key: (listed in `lexicon_words.txt`, its syllable count).
/// A perfect hash map generated from both lists by `build.rs` (with `romaji::syllables`, as
/// here), so a process pays nothing to load it.
static LEXICON: phf::Map<&'static str, (bool, u8)> =
    include!(concat!(env!("OUT_DIR"), "/lexicon.rs"));

/// What the lexicon knows about a key: a word usable as a part (listed in the words list, of at
/// least [`MIN_PART_SYLLABLES`]), or a word or name only ever whole.
fn entry(key: &str) -> Option<Entry> {
    LEXICON.get(key).map(|&(word, syllables)| {
        if word && usize::from(syllables) >= MIN_PART_SYLLABLES {
            Entry::Part
        } else {
            Entry::Whole
        }
    })
}

/// True when the lexicon lists the word with these syllables (as a word or a name).
pub fn is_listed(syls: &[Syllable], buf: &mut String) -> bool {
    buf.clear();
    for s in syls {
        s.write_to(buf);
    }
    LEXICON.contains_key(buf.as_str())
}

/// Scratch space for [`Splitter::split`], reused across words.
#[derive(Default, Clone)]
pub struct Splitter {
    key: String,
    /// best[i] = (fewest parts covering syllables[..i], start of the last part).
    best: Vec<Option<(u32, u32)>>,
}

impl Splitter {
    /// Cut points (syllable indices strictly inside `syls`, ascending) of the segmentation of one
    /// undivided part of a word; empty when the part stays whole. Appends to `cuts`.
    pub fn split(&mut self, syls: &[Syllable], cuts: &mut Vec<usize>) {
        let n = syls.len();
        if !(2 * MIN_PART_SYLLABLES..=MAX_WORD_SYLLABLES).contains(&n)
            || is_listed(syls, &mut self.key)
        {
            return;
        }
        self.best.clear();
        self.best.resize(n + 1, None);
        self.best[0] = Some((0, 0));
        for start in 0..n {
            let Some((parts, _)) = self.best[start] else {
                continue;
            };
            self.key.clear();
            for (len, syl) in syls[start..].iter().enumerate().take(MAX_PART_SYLLABLES) {
                syl.write_to(&mut self.key);
                let end = start + len + 1;
                if len + 1 < MIN_PART_SYLLABLES || (start == 0 && end == n) {
                    continue;
                }
                if entry(&self.key) != Some(Entry::Part) {
                    continue;
                }
                let candidate = (parts + 1, start as u32);
                if self.best[end].is_none_or(|(p, _)| candidate.0 < p) {
                    self.best[end] = Some(candidate);
                }
            }
        }
        let first = cuts.len();
        let mut end = n;
        while end > 0 {
            let Some((_, start)) = self.best[end] else {
                cuts.truncate(first);
                return;
            };
            let start = start as usize;
            if start > 0 {
                cuts.push(start);
            }
            end = start;
        }
        cuts[first..].reverse();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyzer::romaji;

    fn cuts(word: &str) -> Vec<String> {
        let syls = romaji::syllables(word).unwrap_or_default();
        let mut cuts = Vec::new();
        Splitter::default().split(&syls, &mut cuts);
        let mut parts = Vec::new();
        let mut from = 0;
        for to in cuts.into_iter().chain([syls.len()]) {
            parts.push(romaji::join_syllables(&syls[from..to]));
            from = to;
        }
        parts
    }

    #[test]
    fn compounds_of_listed_words_are_cut() {
        assert_eq!(
            cuts("annzenhoshoukyouryoku"),
            ["anzen", "hosho", "kyoryoku"]
        );
        assert_eq!(cuts("Nichibeianpo"), ["nichibei", "anpo"]);
        assert_eq!(cuts("Kitachousen"), ["kita", "chosen"]);
        assert_eq!(cuts("gaikouseisaku"), ["gaiko", "seisaku"]);
    }

    #[test]
    fn words_that_are_not_compounds_stay_whole() {
        for w in [
            "Satomi",
            "hoshoku",
            "chosensha",
            "Kaigai",
            "Kitaoka",
            "Saitou",
            "Omori",
            "Kankoku",
            "Yamamoto",
            "Ishihara",
        ] {
            assert_eq!(cuts(w).len(), 1, "{w}: {:?}", cuts(w));
        }
    }

    #[test]
    fn the_generated_lexicon_holds_every_entry_under_its_key() {
        // build.rs keys the lists with the same romaji.rs: any romanization of an entry finds it.
        let lists = [
            (include_str!("lexicon_names.txt"), false),
            (include_str!("lexicon_words.txt"), true),
        ];
        let mut keys = std::collections::BTreeSet::new();
        for (list, word_list) in lists {
            for line in list
                .lines()
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
            {
                let Some(syls) = romaji::syllables(line) else {
                    continue;
                };
                let key = romaji::join_syllables(&syls);
                let found = entry(&key).unwrap_or_else(|| panic!("{line} ({key}) not found"));
                if word_list && syls.len() >= MIN_PART_SYLLABLES {
                    assert_eq!(found, Entry::Part, "{line}");
                }
                keys.insert(key);
            }
        }
        assert_eq!(LEXICON.len(), keys.len());
        assert_eq!(
            entry("satomi"),
            Some(Entry::Whole),
            "a name is never a part"
        );
        assert_eq!(entry("anzen"), Some(Entry::Part));
        assert_eq!(entry("zzz"), None);
    }

    #[test]
    fn listed_words_are_single_words() {
        // A listed compound of two listed parts would hide its parts: keep the lists clean.
        let mut bad = Vec::new();
        let mut buf = String::new();
        for key in LEXICON.keys() {
            if entry(key) != Some(Entry::Part) {
                continue;
            }
            let syls = romaji::syllables(key).unwrap_or_default();
            for cut in 1..syls.len() {
                let (a, b) = syls.split_at(cut);
                let part = |s: &[Syllable], buf: &mut String| {
                    is_listed(s, buf) && entry(buf) == Some(Entry::Part)
                };
                if part(a, &mut buf) && part(b, &mut buf) {
                    bad.push(key.to_string());
                }
            }
        }
        bad.sort();
        assert!(bad.is_empty(), "compounds of listed parts: {bad:?}");
    }
}
