//! Word boundaries inside run-together romanized compounds, from a compact lexicon.
//!
//! The romaji analyzer lets a query word match only a run of syllables that starts and ends at
//! a *boundary*: a word start or end, a hyphen, a change to a capital (`KyoudouKenkyuu`), or a
//! boundary this module finds inside a run-together word. [`split`] finds them: a word that is
//! not itself in the lexicon and is, as a whole, a sequence of lexicon words (each of two or
//! more syllables) is cut between them, with as few parts as possible
//! (`annzenhoshoukyouryoku` → `anzen|hosho|kyoryoku`). Anything else stays whole: `Satomi`
//! (`sato` + a one-syllable rest), `hoshoku`, `chosensha`, `Kaigai` (listed whole), `Kitaoka`
//! (a listed name). So `ito` never finds `Saitō`, while `kyoryoku` finds the compound.
//!
//! The lexicon is two committed lists: `lexicon_words.txt` (single words usable as parts) and
//! `lexicon_names.txt` (names: kept whole, never parts). Entries are stored by their canonical
//! key ([`super::romaji::key`]), so any romanization of an entry works.

use std::collections::HashMap;

use once_cell::sync::Lazy;

use super::romaji::{self, FnvBuild, Syllable};

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

static LEXICON: Lazy<HashMap<String, Entry, FnvBuild>> = Lazy::new(|| {
    let mut map = HashMap::with_hasher(FnvBuild::default());
    let lists = [
        (include_str!("lexicon_names.txt"), Entry::Whole),
        (include_str!("lexicon_words.txt"), Entry::Part),
    ];
    for (list, kind) in lists {
        for line in list.lines().map(str::trim) {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let Some(syls) = romaji::syllables(line) else {
                continue;
            };
            let kind = if syls.len() < MIN_PART_SYLLABLES {
                Entry::Whole
            } else {
                kind
            };
            // A word listed in both lists is usable as a part.
            map.insert(romaji::join_syllables(&syls), kind);
        }
    }
    map
});

/// True when the lexicon lists the word with these syllables (as a word or a name).
pub fn is_listed(syls: &[Syllable], buf: &mut String) -> bool {
    buf.clear();
    for s in syls {
        s.write_to(buf);
    }
    LEXICON.contains_key(buf.as_str())
}

/// Scratch space for [`split`], reused across words.
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
                if LEXICON.get(self.key.as_str()) != Some(&Entry::Part) {
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
    fn listed_words_are_single_words() {
        // A listed compound of two listed parts would hide its parts: keep the lists clean.
        let mut bad = Vec::new();
        let mut buf = String::new();
        for (key, kind) in LEXICON.iter() {
            if *kind != Entry::Part {
                continue;
            }
            let syls = romaji::syllables(key).unwrap_or_default();
            for cut in 1..syls.len() {
                let (a, b) = syls.split_at(cut);
                let part = |s: &[Syllable], buf: &mut String| {
                    is_listed(s, buf) && LEXICON.get(buf.as_str()) == Some(&Entry::Part)
                };
                if part(a, &mut buf) && part(b, &mut buf) {
                    bad.push(key.clone());
                }
            }
        }
        bad.sort();
        assert!(bad.is_empty(), "compounds of listed parts: {bad:?}");
    }
}
