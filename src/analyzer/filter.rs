//! The romaji token filter and the word tokenizer that feeds it.
//!
//! [`WordTokenizer`] cuts text into words, keeping `Shin'ichi` and `Nichi-Bei` whole (joiners
//! between two letters stay inside the word). [`RomajiFilter`] reads every word it judges to be
//! romanized Japanese as canonical syllables (`Bouei`, `Bōei` → `bo e i`) and replaces each run
//! of adjacent Japanese words by its *spans*: every stretch that starts where a word or a part
//! of a compound starts and ends where one ends, keyed by its syllables joined. `Kita Chōsen`
//! gives `kita`, `chosen` and `kitachosen`; `Kitachōsen` and `KitaChousen` give the same keys,
//! so a query word matches however the source divided the words, with one term lookup.
//!
//! A word is judged Japanese when it parses completely into syllables and either carries a
//! macron/circumflex, or is not in the English list, or is an English-listed word next to a
//! clearly Japanese word — one for words of one or two letters (`to` in `Nihon to Chūgoku`),
//! one on each side for longer ones. In [`FilterMode::Query`] proper nouns
//! of the English list (`Kenya`) and English-listed words of three or more syllables
//! (`chosen`, `human`) count as Japanese on their own, because the query parser analyses each
//! query word alone; short ones (`you`, `too`, `soon`, `tuna`) never do alone.

use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

use super::english::{self, EnglishKind};
use super::romaji;
use super::segment::Splitter;

/// English words that stay English even between Japanese words (`see Takashi`, `in Hideki`).
const NEVER_VOUCHED: &[&str] = &["a", "an", "i", "in", "on", "see"];

/// At query time, English-listed words with at least this many syllables count as romaji.
const MIN_QUERY_SYLLABLES: usize = 3;

/// Most parts (words, or parts of compounds) one span of the romaji field covers: a query word
/// may run across at most this many of them (`kitachosen` across `Kita Chōsen` is two).
pub const MAX_SPAN_PARTS: usize = 6;

/// Most words one span covers: a query word written run-together (`nichibeianpo`) finds the
/// text spaced into up to this many words (`Nichi Bei Anpo`). Each more word adds unique keys
/// (a fifth more index at 4 words than at 2, on the generated corpus).
pub const MAX_SPAN_WORDS: usize = 3;

/// Longest word (in bytes) the word tokenizer emits; longer runs are skipped.
const MAX_WORD_BYTES: usize = 120;

/// Splits text into words: runs of alphanumeric characters, with an apostrophe or hyphen kept
/// when it stands between two alphanumerics. Positions count words; offsets are byte offsets.
#[derive(Clone, Default)]
pub struct WordTokenizer {
    token: Token,
}

/// Token stream of [`WordTokenizer`].
pub struct WordTokenStream<'a> {
    text: &'a str,
    cursor: usize,
    token: &'a mut Token,
}

impl Tokenizer for WordTokenizer {
    type TokenStream<'a> = WordTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> WordTokenStream<'a> {
        self.token.reset();
        WordTokenStream {
            text,
            cursor: 0,
            token: &mut self.token,
        }
    }
}

impl WordTokenStream<'_> {
    /// Byte range of the next word at or after `self.cursor`, if any.
    fn next_word(&mut self) -> Option<(usize, usize)> {
        let rest = self.text.get(self.cursor..)?;
        let (start_rel, _) = rest.char_indices().find(|(_, c)| c.is_alphanumeric())?;
        let start = self.cursor + start_rel;
        let mut end = start;
        let mut chars = self.text[start..].char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if c.is_alphanumeric() {
                end = start + i + c.len_utf8();
            } else if romaji::is_joiner(c) && chars.peek().is_some_and(|(_, n)| n.is_alphanumeric())
            {
                continue;
            } else {
                break;
            }
        }
        self.cursor = end;
        Some((start, end))
    }
}

impl TokenStream for WordTokenStream<'_> {
    fn advance(&mut self) -> bool {
        while let Some((from, to)) = self.next_word() {
            if to - from > MAX_WORD_BYTES {
                continue;
            }
            self.token.text.clear();
            self.token.text.push_str(&self.text[from..to]);
            self.token.offset_from = from;
            self.token.offset_to = to;
            self.token.position = self.token.position.wrapping_add(1);
            return true;
        }
        false
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

/// Where the filter runs: indexing documents or analysing a query.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilterMode {
    /// Document side: English-listed proper nouns need a Japanese neighbour; each run of
    /// adjacent Japanese words becomes its spans.
    Index,
    /// Query side: English-listed proper nouns (`Tokyo`) count as Japanese on their own; each
    /// Japanese word becomes one key, whatever its inner divisions (`Nichi-Bei` → `nichibei`).
    Query,
}

/// The key a query word that is not Japanese becomes, in a query text that has Japanese words
/// too (a quoted phrase): no index key is ever this, so the phrase cannot match in the romaji
/// field without the word. Dropping it instead made `"rekishi 1997"` match every `rekishi`
/// there, with or without 1997 (the index side drops 1997 as well).
pub const NEVER_INDEXED: &str = "\u{0}";

/// Token filter replacing romanized-Japanese words by canonical keys.
///
/// Rewrites `text` and positions (a position counts syllables, so that the keys of a quoted
/// query phrase line up with the spans of the text); offsets stay those of the original words
/// (a span covering several words runs from its first word's start to its last word's end).
/// Words that are not judged Japanese are dropped (their position stays used, so phrases do
/// not match across them) unless [`RomajiFilter::keeping_other_words`] is set, in which case
/// they pass through unchanged. On the query side, among Japanese words, each becomes
/// [`NEVER_INDEXED`], so that a quoted phrase with an English word or a number in it matches
/// through the text field only.
///
/// Boundaries: a word's start and end, a hyphen or a capital inside it (`Nichi-Bei`,
/// `KyoudouKenkyuu`), and the lexicon's parts of a run-together compound (see
/// [`super::segment`]: `annzen|hoshou|kyouryoku`). On the index side a span starts and ends at
/// boundaries and covers at most [`MAX_SPAN_PARTS`] parts; it sits at the position of its first
/// syllable. On the query side a word's key is all its syllables: it matches a span with the
/// same key, so it must begin and end at boundaries of the text, while its middle may cross
/// them (`kitachosen` ↔ `Kita Chōsen`), and `ito` never matches inside `Saitō`.
#[derive(Debug, Clone, Copy)]
pub struct RomajiFilter {
    mode: FilterMode,
    keep_other: bool,
}

impl RomajiFilter {
    /// A filter for the given side that drops non-Japanese words.
    pub fn new(mode: FilterMode) -> Self {
        RomajiFilter {
            mode,
            keep_other: false,
        }
    }

    /// The same filter, but passing non-Japanese words through unchanged.
    pub fn keeping_other_words(self) -> Self {
        RomajiFilter {
            keep_other: true,
            ..self
        }
    }
}

impl TokenFilter for RomajiFilter {
    type Tokenizer<T: Tokenizer> = RomajiFilterWrapper<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> RomajiFilterWrapper<T> {
        RomajiFilterWrapper {
            filter: self,
            inner: tokenizer,
            work: Work::default(),
            out: Vec::new(),
        }
    }
}

/// [`RomajiFilter`] applied to a tokenizer.
#[derive(Clone)]
pub struct RomajiFilterWrapper<T> {
    filter: RomajiFilter,
    inner: T,
    work: Work,
    out: Vec<Token>,
}

/// Boundary flags of one syllable: it starts, or ends, a word or a part.
const STARTS: u8 = 1;
const ENDS: u8 = 2;

/// One word of the text being rewritten.
#[derive(Debug, Clone)]
struct Word {
    from: usize,
    to: usize,
    position: usize,
    judgement: Judgement,
    /// At most two letters (`to`, `no`).
    short: bool,
    /// The word's syllables in `Work::syls` (empty unless it parses).
    syls: (u32, u32),
    /// Index of the word's text in `Work::kept` (only with `keep_other`).
    kept: u32,
}

/// Buffers reused from text to text (no allocation per word once warm).
#[derive(Default, Clone)]
struct Work {
    words: Vec<Word>,
    syls: Vec<romaji::Syllable>,
    flags: Vec<u8>,
    letters: String,
    breaks: Vec<usize>,
    starts: Vec<usize>,
    cuts: Vec<usize>,
    splitter: Splitter,
    /// Index side: (syllable in `syls`, word in `words`) of the current run of adjacent
    /// Japanese words.
    run: Vec<(u32, u32)>,
    /// The key of the span being emitted.
    key: String,
    /// Original words, only kept for `keeping_other_words`.
    kept: Vec<Token>,
}

/// Token stream of [`RomajiFilterWrapper`]: the rewritten tokens of one text.
pub struct RomajiTokenStream<'a> {
    tokens: &'a mut Vec<Token>,
    next: usize,
    /// Returned by `token()` before the first `advance()` or on an empty stream.
    fallback: Token,
}

impl<T: Tokenizer> Tokenizer for RomajiFilterWrapper<T> {
    type TokenStream<'a> = RomajiTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> RomajiTokenStream<'a> {
        let work = &mut self.work;
        work.words.clear();
        work.syls.clear();
        work.flags.clear();
        work.kept.clear();
        let mut stream = self.inner.token_stream(text);
        while stream.advance() {
            let token = stream.token();
            let (judgement, syls) = judge(&token.text, self.filter.mode, work);
            let kept = if self.filter.keep_other {
                work.kept.push(token.clone());
                work.kept.len() as u32 - 1
            } else {
                0
            };
            work.words.push(Word {
                from: token.offset_from,
                to: token.offset_to,
                position: token.position,
                judgement,
                short: token.text.len() <= 2,
                syls,
                kept,
            });
        }
        let used = rewrite(self.filter, work, &mut self.out);
        self.out.truncate(used);
        RomajiTokenStream {
            tokens: &mut self.out,
            next: 0,
            fallback: Token::default(),
        }
    }
}

impl TokenStream for RomajiTokenStream<'_> {
    fn advance(&mut self) -> bool {
        if self.next < self.tokens.len() {
            self.next += 1;
            true
        } else {
            false
        }
    }

    fn token(&self) -> &Token {
        self.next
            .checked_sub(1)
            .and_then(|i| self.tokens.get(i))
            .unwrap_or(&self.fallback)
    }

    fn token_mut(&mut self) -> &mut Token {
        match self.next.checked_sub(1) {
            Some(i) if i < self.tokens.len() => &mut self.tokens[i],
            _ => &mut self.fallback,
        }
    }
}

/// How sure the filter is that a word is romanized Japanese.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Judgement {
    /// Not romaji at all.
    No,
    /// Parses, but is also English: Japanese only next to a `Yes` word.
    Maybe,
    /// Parses and is not English (or carries a macron/circumflex).
    Yes,
}

/// English contractions after an apostrophe (`you're`, `won't`): such words are English.
const ENGLISH_CONTRACTIONS: &[&str] = &["re", "ll", "ve", "d", "t", "m"];

/// Splits a word at its last apostrophe: (stem, ending), or (word, "") without one.
fn split_apostrophe(word: &str) -> (&str, &str) {
    match word.rfind(['\'', '’']) {
        Some(at) => {
            let (stem, rest) = word.split_at(at);
            (stem, rest.trim_start_matches(['\'', '’']))
        }
        None => (word, ""),
    }
}

/// True for English contractions (`you're`, `aren't`, `won't`, `I'm`).
fn is_contraction(word: &str) -> bool {
    let (_, ending) = split_apostrophe(word);
    ENGLISH_CONTRACTIONS
        .iter()
        .any(|c| ending.eq_ignore_ascii_case(c))
}

/// Strips an English possessive (`Tanaka's` → `Tanaka`); `Shin'ya` is left whole.
fn without_possessive(word: &str) -> &str {
    match split_apostrophe(word) {
        (stem, ending) if ending.eq_ignore_ascii_case("s") => stem,
        _ => word,
    }
}

/// Cheap early rejection: ASCII words with digits or letters romaji never uses (l, q, v, x),
/// or ending in a consonant other than n (or the h of `Satoh`).
fn cannot_be_romaji(word: &str) -> bool {
    if !word.is_ascii() {
        return false;
    }
    let bytes = word.as_bytes();
    let bad_letter = bytes
        .iter()
        .any(|b| b.is_ascii_digit() || matches!(b | 0x20, b'l' | b'q' | b'v' | b'x'));
    bad_letter
        || bytes.last().is_some_and(|b| {
            b.is_ascii_alphabetic()
                && !matches!(
                    b | 0x20,
                    b'a' | b'i' | b'u' | b'e' | b'o' | b'n' | b'h' | b's'
                )
        })
}

/// True when every hyphen-separated part of `word` parses as romaji on its own
/// (`Nichi-Bei`, `Shin-ichi`), which rules out `is-a` and `S-Home`.
fn parts_parse(word: &str) -> bool {
    word.split(['-', '‐', '‑'])
        .all(|part| !part.is_empty() && romaji::syllables(part).is_some())
}

/// Judges one word on its own (neighbours are looked at in [`rewrite`]); a word that parses
/// has its syllables appended to `work.syls` (with boundary flags from its spelling on the
/// index side), returned as a range.
fn judge(word: &str, mode: FilterMode, work: &mut Work) -> (Judgement, (u32, u32)) {
    let none = (Judgement::No, (0, 0));
    if cannot_be_romaji(word) {
        return none;
    }
    // Apostrophes are rare: look for contractions and possessives only when there is one.
    let word = if word.bytes().any(|b| b == b'\'' || b == 0xE2) {
        if is_contraction(word) {
            return none;
        }
        without_possessive(word)
    } else {
        word
    };
    let Some(long_mark) = romaji::fold_into(word, &mut work.letters, &mut work.breaks) else {
        return none;
    };
    let first = work.syls.len();
    work.starts.clear();
    if !romaji::parse_into(work.letters.as_bytes(), &mut work.syls, &mut work.starts) {
        return none;
    }
    if word.contains(['-', '‐', '‑']) && !parts_parse(word) {
        work.syls.truncate(first);
        return none;
    }
    let letters = work.letters.as_str();
    let judgement = if long_mark {
        Judgement::Yes
    } else if NEVER_VOUCHED.contains(&letters) {
        Judgement::No
    } else if letters.len() < 2 {
        Judgement::Maybe
    } else {
        let count = work.syls.len() - first;
        match (english::english_kind_letters(word, letters), mode) {
            (None, _) => Judgement::Yes,
            (Some(EnglishKind::Proper), FilterMode::Query) => Judgement::Yes,
            // A query word has no neighbours (the query parser analyses words one by one), so
            // a long English-listed word (`chosen`, 3+ syllables) is taken as romaji there.
            (Some(EnglishKind::Common), FilterMode::Query) if count >= MIN_QUERY_SYLLABLES => {
                Judgement::Yes
            }
            (Some(_), _) => Judgement::Maybe,
        }
    };
    if judgement == Judgement::No {
        work.syls.truncate(first);
        return none;
    }
    work.flags.resize(work.syls.len(), 0);
    if mode == FilterMode::Index {
        // Hyphens and capitals inside the word: a boundary where they fall between syllables.
        for &at in &work.breaks {
            if let Ok(k) = work.starts.binary_search(&at) {
                work.flags[first + k] |= STARTS;
                work.flags[first + k - 1] |= ENDS;
            }
        }
    }
    (judgement, (first as u32, work.syls.len() as u32))
}

/// The `n`-th output slot, reusing a token (and its text buffer) left from an earlier text.
fn slot(out: &mut Vec<Token>, n: usize) -> &mut Token {
    if n >= out.len() {
        out.resize_with(n + 1, Token::default);
    }
    &mut out[n]
}

/// Token `n` of `out` set to a key at `position` covering `length` positions and the original
/// text's bytes `offsets`, its text emptied for the key.
fn key_slot(
    out: &mut Vec<Token>,
    n: usize,
    position: usize,
    length: usize,
    (from, to): (usize, usize),
) -> &mut Token {
    let token = slot(out, n);
    token.offset_from = from;
    token.offset_to = to;
    token.position = position;
    token.position_length = length;
    token.text.clear();
    token
}

/// Adds lexicon boundaries inside the undivided parts of the syllables `range` of `work`.
fn segment(work: &mut Work, (from, to): (usize, usize)) {
    let mut part_start = from;
    for k in from..to {
        let last = k + 1 == to;
        if last || work.flags[k + 1] & STARTS != 0 {
            let part_end = k + 1;
            if part_end - part_start >= 4 {
                work.cuts.clear();
                work.splitter
                    .split(&work.syls[part_start..part_end], &mut work.cuts);
                for &cut in &work.cuts {
                    work.flags[part_start + cut] |= STARTS;
                    work.flags[part_start + cut - 1] |= ENDS;
                }
            }
            part_start = part_end;
        }
    }
}

/// Rewrites the words of one text into `out[..n]`, returning `n`.
fn rewrite(filter: RomajiFilter, work: &mut Work, out: &mut Vec<Token>) -> usize {
    let mut used = 0;
    // Query side: the words dropped, each standing as a never-indexed key (see `NEVER_INDEXED`).
    let mut dropped = 0;
    let mut shift = 0usize;
    // Index side: the syllables of the current run of adjacent Japanese words, and the position
    // its next syllable must have to continue it.
    work.run.clear();
    let mut run_position = 0;
    let mut next_position = None;
    for i in 0..work.words.len() {
        let word = &work.words[i];
        // A neighbour vouches for an English-listed word only if it is clearly Japanese and
        // not a one-syllable scrap (`gu`, `zo` in technical prose).
        let vouches = |w: Option<&Word>| {
            w.is_some_and(|w| w.judgement == Judgement::Yes && w.syls.1 - w.syls.0 >= 2)
        };
        let japanese = match word.judgement {
            Judgement::Yes => true,
            Judgement::Maybe => {
                let before = vouches(i.checked_sub(1).and_then(|p| work.words.get(p)));
                let after = vouches(work.words.get(i + 1));
                if word.short {
                    before || after
                } else {
                    before && after
                }
            }
            Judgement::No => false,
        };
        let position = word.position.saturating_add(shift);
        let (from, to) = (word.syls.0 as usize, word.syls.1 as usize);
        let (offset_from, offset_to, kept) = (word.from, word.to, word.kept as usize);
        if japanese && to > from {
            match filter.mode {
                FilterMode::Index => {
                    work.flags[from] |= STARTS;
                    work.flags[to - 1] |= ENDS;
                    segment(work, (from, to));
                    if next_position != Some(position) {
                        used = flush_run(work, run_position, out, used);
                        run_position = position;
                    }
                    work.run.extend((from..to).map(|k| (k as u32, i as u32)));
                    next_position = Some(position + (to - from));
                }
                FilterMode::Query => {
                    let offsets = (offset_from, offset_to);
                    let token = key_slot(out, used, position, to - from, offsets);
                    used += 1;
                    for syl in &work.syls[from..to] {
                        syl.write_to(&mut token.text);
                    }
                }
            }
            shift += to - from - 1;
        } else {
            if filter.mode == FilterMode::Index {
                used = flush_run(work, run_position, out, used);
                next_position = None;
            }
            if filter.keep_other {
                let token = slot(out, used);
                used += 1;
                if let Some(original) = work.kept.get(kept) {
                    token.clone_from(original);
                }
                token.position = position;
            } else if filter.mode == FilterMode::Query {
                key_slot(out, used, position, 1, (offset_from, offset_to))
                    .text
                    .push_str(NEVER_INDEXED);
                used += 1;
                dropped += 1;
            }
        }
    }
    if filter.mode == FilterMode::Index {
        used = flush_run(work, run_position, out, used);
    }
    // A query of dropped words only has nothing to look up in the romaji field.
    if used == dropped {
        used = 0;
    }
    used
}

/// Emits the spans of the run of syllables in `work.run` (whose first syllable is at
/// `position`) into `out[used..]` and empties the run; returns the new `used`.
///
/// A span is every stretch of the run that starts where a word or part starts and ends where
/// one ends, covering at most [`MAX_SPAN_PARTS`] parts of at most [`MAX_SPAN_WORDS`] words:
/// its key is its syllables joined, its
/// position that of its first syllable, its offsets from its first word's start to its last
/// word's end.
fn flush_run(work: &mut Work, position: usize, out: &mut Vec<Token>, mut used: usize) -> usize {
    let run = &work.run;
    let key = &mut work.key;
    for a in 0..run.len() {
        let first_word = run[a].1 as usize;
        if work.flags[run[a].0 as usize] & STARTS == 0 {
            continue;
        }
        key.clear();
        let mut parts = 0;
        let mut words = 1;
        for (b, &(k, word)) in run.iter().enumerate().skip(a) {
            if b > a && word != run[b - 1].1 {
                words += 1;
                if words > MAX_SPAN_WORDS {
                    break;
                }
            }
            work.syls[k as usize].write_to(key);
            if work.flags[k as usize] & ENDS == 0 {
                continue;
            }
            let offsets = (work.words[first_word].from, work.words[word as usize].to);
            key_slot(out, used, position + a, b - a + 1, offsets)
                .text
                .push_str(key);
            used += 1;
            parts += 1;
            if parts == MAX_SPAN_PARTS {
                break;
            }
        }
    }
    work.run.clear();
    used
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::tokenizer::TextAnalyzer;

    /// (position, text, from, to) of every token.
    fn run(mode: FilterMode, keep: bool, text: &str) -> Vec<(usize, String, usize, usize)> {
        let filter = if keep {
            RomajiFilter::new(mode).keeping_other_words()
        } else {
            RomajiFilter::new(mode)
        };
        let mut analyzer = TextAnalyzer::builder(WordTokenizer::default())
            .filter(filter)
            .build();
        let mut stream = analyzer.token_stream(text);
        let mut tokens = Vec::new();
        while let Some(t) = stream.next() {
            tokens.push((t.position, t.text.clone(), t.offset_from, t.offset_to));
        }
        tokens
    }

    fn keys(mode: FilterMode, text: &str) -> Vec<String> {
        run(mode, false, text).into_iter().map(|t| t.1).collect()
    }

    fn expected(tokens: &[(usize, &str, usize, usize)]) -> Vec<(usize, String, usize, usize)> {
        tokens
            .iter()
            .map(|(p, t, f, o)| (*p, t.to_string(), *f, *o))
            .collect()
    }

    #[test]
    fn word_tokenizer_keeps_inner_joiners() {
        let mut tok = WordTokenizer::default();
        let mut stream = tok.token_stream("Shin'ichi, Nichi-Bei -x- 'quoted'");
        let mut words = Vec::new();
        while let Some(t) = stream.next() {
            words.push((t.position, t.text.clone()));
        }
        let expected = [(0, "Shin'ichi"), (1, "Nichi-Bei"), (2, "x"), (3, "quoted")];
        let expected: Vec<(usize, String)> =
            expected.iter().map(|(p, t)| (*p, t.to_string())).collect();
        assert_eq!(words, expected);
    }

    #[test]
    fn spans_cover_whole_words_and_positions_count_syllables() {
        // bo e i | ke n kyu: each word, and both together, from the first word's start.
        assert_eq!(
            run(FilterMode::Index, false, "Bouei kenkyuu"),
            expected(&[
                (0, "boei", 0, 5),
                (0, "boeikenkyu", 0, 13),
                (3, "kenkyu", 6, 13),
            ])
        );
    }

    #[test]
    fn offsets_point_into_the_original_text_with_macrons() {
        let text = "Nihon no Bōei";
        let tokens = run(FilterMode::Index, false, text);
        for (_, _, from, to) in &tokens {
            assert!(text.get(*from..*to).is_some());
        }
        let last = tokens.last().map(|t| (t.1.as_str(), t.2, t.3));
        assert_eq!(last, Some(("boei", 9, text.len())));
    }

    #[test]
    fn english_prose_is_left_alone() {
        let tokens = run(
            FilterMode::Index,
            false,
            "You will soon find the tuna too, human.",
        );
        assert!(tokens.is_empty(), "{tokens:?}");
    }

    #[test]
    fn english_words_pass_through_when_kept() {
        let tokens = run(FilterMode::Index, true, "the tuna of Gaimushou");
        let texts: Vec<&str> = tokens.iter().map(|t| t.1.as_str()).collect();
        assert_eq!(texts, ["the", "tuna", "of", "gaimusho"]);
        let positions: Vec<usize> = tokens.iter().map(|t| t.0).collect();
        assert_eq!(positions, [0, 1, 2, 3]);
    }

    #[test]
    fn english_listed_word_next_to_japanese_is_romaji() {
        assert_eq!(
            keys(FilterMode::Index, "Nihon to Chūgoku"),
            [
                "nihon",
                "nihonto",
                "nihontochugoku",
                "to",
                "tochugoku",
                "chugoku"
            ]
        );
    }

    #[test]
    fn dropped_words_keep_their_position_and_end_a_run() {
        // bo e i (0–2), "the" (3), se i sa ku (4–7): no span crosses the English word.
        assert_eq!(
            run(FilterMode::Index, false, "Boei the Seisaku"),
            expected(&[(0, "boei", 0, 4), (4, "seisaku", 9, 16)])
        );
    }

    #[test]
    fn a_dropped_query_word_among_japanese_words_stands_as_a_never_indexed_key() {
        // re ki shi (0–2), 1997 (3): the phrase needs the number.
        assert_eq!(
            run(FilterMode::Query, false, "rekishi 1997"),
            expected(&[(0, "rekishi", 0, 7), (3, NEVER_INDEXED, 8, 12)])
        );
        assert_eq!(
            run(FilterMode::Query, false, "the Nihon"),
            expected(&[(0, NEVER_INDEXED, 0, 3), (1, "nihon", 4, 9)])
        );
        // Nothing Japanese: nothing to look up.
        assert!(run(FilterMode::Query, false, "1997").is_empty());
        assert!(run(FilterMode::Query, false, "the 1997").is_empty());
        // The index side only drops.
        assert_eq!(keys(FilterMode::Index, "rekishi 1997"), ["rekishi"]);
    }

    #[test]
    fn proper_nouns_count_as_japanese_only_in_queries() {
        assert_eq!(keys(FilterMode::Query, "Kenya"), ["kenya"]);
        assert_eq!(keys(FilterMode::Query, "chosen"), ["chosen"]);
        assert!(keys(FilterMode::Query, "tuna").is_empty());
        assert!(keys(FilterMode::Index, "chosen").is_empty());
        assert!(keys(FilterMode::Index, "in Kenya").is_empty());
    }

    #[test]
    fn possessive_is_ignored() {
        assert_eq!(keys(FilterMode::Index, "Tanaka's"), ["tanaka"]);
    }

    #[test]
    fn contractions_are_english() {
        assert!(run(FilterMode::Index, false, "you're aren't won't").is_empty());
        assert_eq!(keys(FilterMode::Index, "Shin'ya"), ["shinya"]);
        assert_eq!(keys(FilterMode::Index, "hon'yaku"), ["honyaku"]);
    }

    #[test]
    fn hyphen_parts_must_each_be_romaji() {
        assert!(run(FilterMode::Index, false, "is-a S-Home").is_empty());
        assert_eq!(
            keys(FilterMode::Index, "Nichi-Bei"),
            ["nichi", "nichibei", "bei"]
        );
    }

    #[test]
    fn one_syllable_words_do_not_vouch_for_english_neighbours() {
        assert_eq!(keys(FilterMode::Index, "the zo to"), ["zo"]);
        assert_eq!(keys(FilterMode::Index, "Bōei to"), ["boei", "boeito", "to"]);
    }

    #[test]
    fn word_and_compound_boundaries_start_and_end_spans() {
        let got = keys(FilterMode::Index, "Kita Chōsen to annzenhoshou");
        for key in [
            "kita",
            "chosen",
            "kitachosen",
            "to",
            "anzen",
            "hosho",
            "anzenhosho",
        ] {
            assert!(got.iter().any(|k| k == key), "{key} missing from {got:?}");
        }
        // Nothing starts or ends inside a part.
        for key in ["ita", "kitacho", "osen", "zenho"] {
            assert!(!got.iter().any(|k| k == key), "{key} in {got:?}");
        }
    }

    #[test]
    fn hyphens_and_capitals_divide_words_but_not_a_syllabic_n_hyphen() {
        assert_eq!(
            keys(FilterMode::Index, "KyoudouKenkyuu"),
            ["kyodo", "kyodokenkyu", "kenkyu"]
        );
        assert_eq!(keys(FilterMode::Index, "Shin-ichi"), ["shinichi"]);
        assert_eq!(keys(FilterMode::Index, "Kaigai"), ["kaigai"]);
    }

    #[test]
    fn spans_cover_at_most_max_span_words_and_parts() {
        // Eight one-part words: spans of up to three words.
        let text = "Nihon Kankoku Kita Minami Bouei Gaikou Seiji Rekishi";
        let tokens = run(FilterMode::Index, false, text);
        let from_first: Vec<&str> = tokens
            .iter()
            .filter(|t| t.0 == 0)
            .map(|t| t.1.as_str())
            .collect();
        assert_eq!(from_first, ["nihon", "nihonkankoku", "nihonkankokukita"]);
        assert_eq!(tokens.len(), 6 * MAX_SPAN_WORDS + 2 + 1);
        // One word of seven hyphenated parts: spans of up to six parts.
        let tokens = run(FilterMode::Index, false, "Ni-Bei-Chu-Kan-Ro-Do-Ka");
        let longest = tokens
            .iter()
            .filter(|t| t.0 == 0)
            .map(|t| t.1.as_str())
            .next_back();
        assert_eq!(longest, Some("nibeichukanrodo"));
        assert_eq!(tokens.len(), 2 * MAX_SPAN_PARTS + 5 + 4 + 3 + 2 + 1);
    }

    #[test]
    fn query_words_are_one_key_at_syllable_positions() {
        assert_eq!(keys(FilterMode::Query, "kitachosen"), ["kitachosen"]);
        assert_eq!(keys(FilterMode::Query, "tō"), ["to"]);
        assert_eq!(keys(FilterMode::Query, "Nichi-Bei"), ["nichibei"]);
        // A quoted phrase's keys sit where the text's spans do.
        assert_eq!(
            run(FilterMode::Query, false, "Kita Chōsen"),
            expected(&[(0, "kita", 0, 4), (2, "chosen", 5, 12)])
        );
        let index = run(FilterMode::Index, false, "Kitachōsen");
        assert!(index.contains(&(0, "kita".into(), 0, 11)), "{index:?}");
        assert!(index.contains(&(2, "chosen".into(), 0, 11)), "{index:?}");
    }
}
