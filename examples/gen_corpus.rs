//! Generates a deterministic, realistic corpus of saved chapter pages (page text, Highwire HTML,
//! author-date journal articles, Markdown reading notes) for benchmarking and testing kensaku.
//!
//! `cargo run --release --example gen_corpus -- --chapters N --seed S --out DIR`
//!
//! Every file depends only on (seed, chapter index): the shared author pool is built from the seed,
//! and each chapter gets its own `Pcg64` derived from (seed, index), so output is byte-identical
//! however rayon schedules the work.

use std::fmt::Write as _;
use std::fs::{self, File};
use std::io::{BufWriter, Write as _};
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Context as _;
use clap::Parser;
use rand::RngExt;
use rand_pcg::Pcg64;
use rayon::prelude::*;

// ───────────────────────────── command line ─────────────────────────────

#[derive(Parser, Debug)]
#[command(about = "Write N realistic chapter pages into DIR, deterministic for a seed")]
struct Args {
    /// Number of chapter files to write.
    #[arg(long)]
    chapters: usize,
    /// Seed; the same seed and count give the same bytes.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Output directory (created if missing).
    #[arg(long)]
    out: PathBuf,
    /// Also write a tab-separated list of `file, format, notes` (one line per generated file), to
    /// check how many notes the parsers find in each file.
    #[arg(long)]
    manifest: Option<PathBuf>,
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let start = Instant::now();
    fs::create_dir_all(&args.out)
        .with_context(|| format!("cannot create {}", args.out.display()))?;
    let pools = Pools::new(args.seed);
    let written: Vec<(Totals, String)> = (0..args.chapters as u64)
        .into_par_iter()
        .map(|index| write_chapter(&pools, args.seed, index, &args.out))
        .collect::<anyhow::Result<_>>()?;
    let totals = written
        .iter()
        .fold(Totals::default(), |a, (b, _)| a.merge(*b));
    if let Some(path) = &args.manifest {
        let lines: String = written.iter().map(|(_, line)| line.as_str()).collect();
        fs::write(path, lines).with_context(|| format!("cannot write {}", path.display()))?;
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "{} files written ({} page, {} html, {} article, {} markdown), {} notes, {} bytes ({:.1} MB), {:.2} s",
        totals.files,
        totals.by_format[0],
        totals.by_format[1],
        totals.by_format[2],
        totals.by_format[3],
        totals.notes,
        totals.bytes,
        totals.bytes as f64 / 1_000_000.0,
        secs
    );
    Ok(())
}

/// Counters summed over all written files.
#[derive(Debug, Default, Clone, Copy)]
struct Totals {
    files: u64,
    notes: u64,
    bytes: u64,
    by_format: [u64; 4],
}

impl Totals {
    fn merge(mut self, other: Totals) -> Totals {
        self.files += other.files;
        self.notes += other.notes;
        self.bytes += other.bytes;
        for (a, b) in self.by_format.iter_mut().zip(other.by_format) {
            *a += b;
        }
        self
    }
}

/// Write one chapter; returns its counters and its manifest line.
fn write_chapter(
    pools: &Pools,
    seed: u64,
    index: u64,
    dir: &Path,
) -> anyhow::Result<(Totals, String)> {
    let doc = generate(pools, seed, index);
    let path = dir.join(&doc.file_name);
    let file = File::create(&path).with_context(|| format!("cannot create {}", path.display()))?;
    let mut out = BufWriter::new(file);
    out.write_all(doc.text.as_bytes())
        .and_then(|()| out.flush())
        .with_context(|| format!("cannot write {}", path.display()))?;
    let mut totals = Totals {
        files: 1,
        notes: doc.notes as u64,
        bytes: doc.text.len() as u64,
        by_format: [0; 4],
    };
    totals.by_format[doc.format as usize] = 1;
    let line = format!("{}\t{:?}\t{}\n", doc.file_name, doc.format, doc.notes);
    Ok((totals, line))
}

// ───────────────────────────── randomness ─────────────────────────────

fn splitmix64(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The RNG of one chapter: a function of (seed, index) only.
fn chapter_rng(seed: u64, index: u64) -> Pcg64 {
    let hi = splitmix64(seed ^ 0x6b65_6e73_616b_7521);
    let lo = splitmix64(seed.rotate_left(17) ^ splitmix64(index));
    Pcg64::new((u128::from(hi) << 64) | u128::from(lo), u128::from(index))
}

/// The RNG that builds the shared pools (its stream differs from every chapter's).
fn pool_rng(seed: u64) -> Pcg64 {
    let s = splitmix64(seed ^ 0x706f_6f6c);
    Pcg64::new(
        (u128::from(s) << 64) | u128::from(splitmix64(s)),
        u128::MAX >> 2,
    )
}

fn pick<T: Copy>(rng: &mut Pcg64, items: &[T]) -> T {
    items[rng.random_range(0..items.len())]
}

fn chance(rng: &mut Pcg64, p: f64) -> bool {
    rng.random_bool(p)
}

/// Pick from `(item, weight)` pairs.
fn weighted<T: Copy>(rng: &mut Pcg64, items: &[(T, u32)]) -> T {
    let total: u32 = items.iter().map(|&(_, w)| w).sum();
    let mut roll = rng.random_range(0..total.max(1));
    for &(item, w) in items {
        if roll < w {
            return item;
        }
        roll -= w;
    }
    items[items.len() - 1].0
}

/// Index into a cumulative weight table.
fn pick_cumulative(rng: &mut Pcg64, cum: &[f64]) -> usize {
    let total = cum.last().copied().unwrap_or(0.0);
    let u = rng.random::<f64>() * total;
    cum.partition_point(|&c| c <= u)
        .min(cum.len().saturating_sub(1))
}

// ───────────────────────────── romanization ─────────────────────────────
//
// Japanese words are stored in a canonical form: lowercase Hepburn with macrons for long vowels
// and `ñ` for the syllabic n (ん), words of a compound separated by spaces. `romanize` renders
// that form in any of the spelling systems found in real bibliographies.

/// How long vowels are written: ō, ô, ou, oo, oh, o.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum LongVowel {
    Macron,
    Circumflex,
    Ou,
    Oo,
    Oh,
    Plain,
}

/// How the syllabic n is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum SyllabicN {
    /// m before b/m/p, n' before vowels and y (shimbun, Jun'ichi).
    Hepburn,
    /// n everywhere, n' before vowels and y (shinbun, Jun'ichi).
    Modified,
    /// n everywhere (shinbun, Junichi).
    Plain,
    /// nn everywhere, as typed on a Japanese keyboard (shinnbunn).
    Wapuro,
}

/// How the words of a compound are joined.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Join {
    Spaced,
    RunTogether,
    Camel,
    Hyphen,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Case {
    Title,
    Sentence,
}

/// One spelling convention.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Style {
    long: LongVowel,
    n: SyllabicN,
    /// Kunrei-shiki consonants: si, tu, ti, hu, zi, sya, tyo.
    kunrei: bool,
    join: Join,
    case: Case,
    /// The particle を written "o" rather than "wo".
    wo_as_o: bool,
}

const MACRON_STYLE: Style = Style {
    long: LongVowel::Macron,
    n: SyllabicN::Hepburn,
    kunrei: false,
    join: Join::Spaced,
    case: Case::Title,
    wo_as_o: false,
};

/// Hepburn → Kunrei-shiki, applied in order to the canonical form.
const KUNREI: [(&str, &str); 12] = [
    ("tchi", "tti"),
    ("tch", "tty"),
    ("shi", "si"),
    ("sh", "sy"),
    ("chi", "ti"),
    ("ch", "ty"),
    ("tsu", "tu"),
    ("tsū", "tū"),
    ("fu", "hu"),
    ("fū", "hū"),
    ("ji", "zi"),
    ("j", "zy"),
];

fn to_kunrei(canon: &str) -> String {
    KUNREI
        .iter()
        .fold(canon.to_string(), |s, (from, to)| s.replace(from, to))
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'i' | 'u' | 'e' | 'o' | 'ā' | 'ī' | 'ū' | 'ē' | 'ō')
}

fn syllabic_n(n: SyllabicN, next: Option<char>) -> &'static str {
    let before_labial = matches!(next, Some('b' | 'm' | 'p'));
    let before_vowel = next.is_some_and(|c| is_vowel(c) || c == 'y');
    match n {
        SyllabicN::Hepburn if before_labial => "m",
        SyllabicN::Hepburn | SyllabicN::Modified if before_vowel => "n'",
        SyllabicN::Wapuro => "nn",
        _ => "n",
    }
}

fn push_long_vowel(out: &mut String, c: char, long: LongVowel, next: Option<char>) {
    let (plain, circumflex) = match c {
        'ā' => ('a', 'â'),
        'ī' => ('i', 'î'),
        'ū' => ('u', 'û'),
        'ē' => ('e', 'ê'),
        _ => ('o', 'ô'),
    };
    match long {
        LongVowel::Macron => out.push(c),
        LongVowel::Circumflex => out.push(circumflex),
        LongVowel::Plain => out.push(plain),
        LongVowel::Ou => {
            out.push(plain);
            out.push(match plain {
                'o' => 'u',
                'e' => 'i',
                p => p,
            });
        }
        LongVowel::Oo => {
            out.push(plain);
            out.push(plain);
        }
        LongVowel::Oh => {
            out.push(plain);
            if plain == 'o' && !next.is_some_and(is_vowel) {
                out.push('h');
            }
        }
    }
}

/// Render a canonical string (lowercase) in the given spelling system.
fn romanize(canon: &str, style: Style) -> String {
    let converted;
    let src = if style.kunrei {
        converted = to_kunrei(canon);
        converted.as_str()
    } else {
        canon
    };
    let mut out = String::with_capacity(src.len() + 4);
    let mut chars = src.chars().peekable();
    while let Some(c) = chars.next() {
        let next = chars.peek().copied();
        match c {
            'ñ' => out.push_str(syllabic_n(style.n, next)),
            'ā' | 'ī' | 'ū' | 'ē' | 'ō' => push_long_vowel(&mut out, c, style.long, next),
            _ => out.push(c),
        }
    }
    out
}

fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Romanize a multi-word proper name ("chūō kōroñ shiñsha") with every word capitalized.
fn romanize_name(canon: &str, style: Style) -> String {
    canon
        .split(' ')
        .map(|w| capitalize(&romanize(w, style)))
        .collect::<Vec<_>>()
        .join(" ")
}

/// English title case: capitalize every word but short function words (except the first).
fn title_case(s: &str) -> String {
    const SMALL: [&str; 12] = [
        "of", "and", "in", "the", "on", "over", "as", "to", "for", "a", "from", "after",
    ];
    s.split(' ')
        .enumerate()
        .map(|(i, w)| {
            if i > 0 && SMALL.contains(&w) {
                w.to_string()
            } else {
                capitalize(w)
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Strip diacritics and lowercase, for sorting reference lists.
fn fold_key(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'ā' | 'â' | 'Ā' | 'Â' => 'a',
            'ī' | 'î' | 'Ī' | 'Î' => 'i',
            'ū' | 'û' | 'ü' | 'Ū' | 'Û' | 'Ü' => 'u',
            'ē' | 'ê' | 'é' | 'è' | 'Ē' | 'Ê' | 'É' => 'e',
            'ō' | 'ô' | 'ö' | 'Ō' | 'Ô' | 'Ö' => 'o',
            'ç' => 'c',
            other => other.to_ascii_lowercase(),
        })
        .collect()
}

// ───────────────────────────── vocabularies ─────────────────────────────

/// Japanese proper nouns and modifiers (canonical form, English gloss); always capitalized.
const JA_PROPER: &[(&str, &str)] = &[
    ("nihoñ", "Japan"),
    ("nichibei", "Japan-U.S."),
    ("nikkañ", "Japan-ROK"),
    ("nitchū", "Japan-China"),
    ("nichiro", "Japan-Russia"),
    ("nichigō", "Japan-Australia"),
    ("beichū", "U.S.-China"),
    ("beikañ", "U.S.-ROK"),
    ("nichibeikañ", "Japan-U.S.-ROK"),
    ("kitachōseñ", "North Korea"),
    ("kañkoku", "South Korea"),
    ("chūgoku", "China"),
    ("amerika", "America"),
    ("beikoku", "U.S."),
    ("taiwañ", "Taiwan"),
    ("okinawa", "Okinawa"),
    ("jimiñtō", "LDP"),
    ("miñshutō", "DPJ"),
    ("shakaitō", "Socialist Party"),
    ("kōmeitō", "Komeito"),
    ("gaimushō", "Foreign Ministry"),
    ("bōeichō", "Defense Agency"),
    ("bōeishō", "Ministry of Defense"),
    ("chōseñ hañtō", "Korean Peninsula"),
    ("higashi ajia", "East Asia"),
    ("tōnañ ajia", "Southeast Asia"),
    ("ajia taiheiyō", "Asia-Pacific"),
    ("soreñ", "Soviet"),
    ("roshia", "Russia"),
    ("tōkyō", "Tokyo"),
    ("kyōto", "Kyoto"),
    ("ōsaka", "Osaka"),
    ("hokkaidō", "Hokkaido"),
    ("meiji", "Meiji"),
    ("taishō", "Taisho"),
    ("shōwa", "Showa"),
    ("heisei", "Heisei"),
    ("jieitai", "Self-Defense Forces"),
    ("kokureñ", "United Nations"),
    ("yasukuni", "Yasukuni"),
    ("señkaku", "Senkaku"),
    ("takeshima", "Takeshima"),
    ("zainichi", "Zainichi Korean"),
    ("hoppō ryōdo", "Northern Territories"),
    ("chūtō", "Middle East"),
];

/// Japanese common nouns (canonical form, English gloss).
const JA_COMMON: &[(&str, &str)] = &[
    ("bōei", "defense"),
    ("gaikō", "diplomacy"),
    ("seisaku", "policy"),
    ("añzeñ hoshō", "security"),
    ("añzeñ", "safety"),
    ("hoshō", "guarantees"),
    ("kyōryoku", "cooperation"),
    ("rekishi", "history"),
    ("keñkyū", "research"),
    ("shiñbuñ", "newspapers"),
    ("keñpō", "constitution"),
    ("dōmei", "alliance"),
    ("jōyaku", "treaty"),
    ("kyōtei", "agreement"),
    ("kokusai", "international"),
    ("seiji", "politics"),
    ("keizai", "economy"),
    ("shakai", "society"),
    ("buñka", "culture"),
    ("kokka", "state"),
    ("seifu", "government"),
    ("kōshō", "negotiations"),
    ("kaidañ", "talks"),
    ("moñdai", "issue"),
    ("kiki", "crisis"),
    ("señsō", "war"),
    ("heiwa", "peace"),
    ("señryaku", "strategy"),
    ("taiwa", "dialogue"),
    ("kaku", "nuclear"),
    ("kaku heiki", "nuclear weapons"),
    ("misairu", "missile"),
    ("kichi", "bases"),
    ("beiguñ", "U.S. forces"),
    ("kaijō", "maritime"),
    ("kōkū", "air"),
    ("hañtō", "peninsula"),
    ("ryōdo", "territory"),
    ("kioku", "memory"),
    ("niñshiki", "perceptions"),
    ("kaishaku", "interpretation"),
    ("heñyō", "transformation"),
    ("keisei", "formation"),
    ("kigeñ", "origins"),
    ("teñkañ", "turning point"),
    ("kōzō", "structure"),
    ("taisei", "system"),
    ("chitsujo", "order"),
    ("chiiki", "region"),
    ("chiiki shugi", "regionalism"),
    ("miñshu shugi", "democracy"),
    ("heiwa shugi", "pacifism"),
    ("nashonarizumu", "nationalism"),
    ("señgo", "postwar"),
    ("señzeñ", "prewar"),
    ("reiseñ", "Cold War"),
    ("posuto reiseñ", "post-Cold War"),
    ("jidai", "era"),
    ("kiroku", "records"),
    ("kaisōroku", "memoirs"),
    ("nikki", "diary"),
    ("shiryō", "documents"),
    ("shiryōshū", "documentary collection"),
    ("hōkokusho", "report"),
    ("hakusho", "white paper"),
    ("neñpō", "annual report"),
    ("roñshū", "collected essays"),
    ("zasshi", "journal"),
    ("daigaku", "university"),
    ("iiñkai", "committee"),
    ("kaigi", "conference"),
    ("shiteñ", "perspective"),
    ("kadai", "challenges"),
    ("teñbō", "prospects"),
    ("saikō", "reconsideration"),
    ("saikeñtō", "reexamination"),
    ("kōsatsu", "inquiry"),
    ("riroñ", "theory"),
    ("hikaku", "comparison"),
    ("kyōdō", "joint"),
    ("kyōdō keñkyū", "joint research"),
    ("chōsa", "survey"),
    ("yoroñ", "public opinion"),
    ("hōdō", "reporting"),
    ("seitō", "political parties"),
    ("kañryō", "bureaucracy"),
    ("katei", "process"),
    ("seiji katei", "political process"),
    ("ishi kettei", "decision-making"),
    ("gaikōkañ", "diplomats"),
    ("shushō", "prime minister"),
    ("daitōryō", "president"),
    ("kañtei", "prime minister's office"),
    ("naikaku", "cabinet"),
    ("yotō", "ruling party"),
    ("yatō", "opposition"),
    ("señkyo", "elections"),
    ("kaikeñ", "constitutional revision"),
    ("kyūjō", "Article Nine"),
    ("shūdañteki jieikeñ", "collective self-defense"),
    ("hibusō", "unarmed neutrality"),
    ("guñshuku", "arms control"),
    ("guñji", "military"),
    ("yokushi", "deterrence"),
    ("yokushiryoku", "deterrent"),
    ("kakusañ", "proliferation"),
    ("fukakusañ", "nonproliferation"),
    ("rachi", "abduction"),
    ("rachi moñdai", "abduction issue"),
    ("kaihatsu", "development"),
    ("eñjo", "aid"),
    ("seifu kaihatsu eñjo", "official development assistance"),
    ("bōeki", "trade"),
    ("tsūshō", "commerce"),
    ("shihoñ", "capital"),
    ("enerugī", "energy"),
    ("shigeñ", "resources"),
    ("gyogyō", "fisheries"),
    ("kaiyō", "ocean"),
    ("shotō", "islands"),
    ("kyōkasho", "textbooks"),
    ("shazai", "apology"),
    ("wakai", "reconciliation"),
    ("yūkō", "friendship"),
    ("kōryū", "exchange"),
    ("kikiñ", "foundation"),
    ("kikō", "organization"),
    ("kokusai kōkeñ", "international contribution"),
    ("nañmiñ", "refugees"),
    ("imiñ", "migration"),
    ("kiñdaika", "modernization"),
    ("shokumiñchi", "colonial"),
    ("shokumiñchi shihai", "colonial rule"),
    ("teikoku", "empire"),
    ("teikoku shugi", "imperialism"),
    ("sōryokuseñ", "total war"),
    ("hikiage", "repatriation"),
    ("señryō", "occupation"),
    ("kōwa", "peace settlement"),
    ("baishō", "reparations"),
    ("kokkō", "diplomatic relations"),
    ("seijōka", "normalization"),
    ("keizai seichō", "economic growth"),
    ("kōdo seichō", "high growth"),
    ("sañgyō", "industry"),
    ("tsūka", "currency"),
    ("kiñyū", "finance"),
    ("kiki kañri", "crisis management"),
    ("jōhō", "intelligence"),
    ("jōhōseñ", "intelligence war"),
    ("kaigai", "overseas"),
    ("hakeñ", "dispatch"),
    ("heiwa iji", "peacekeeping"),
    ("shiñryaku", "aggression"),
    ("kakumei", "revolution"),
    ("seisaku kettei", "policymaking"),
    ("tōgō", "integration"),
    ("giroñ", "debate"),
    ("ishiki", "consciousness"),
    ("shiñrai", "trust"),
    ("tairitsu", "confrontation"),
    ("kyōchō", "coordination"),
    ("kyōsō", "competition"),
    ("fuñsō", "dispute"),
    ("chūritsu", "neutrality"),
    ("jiritsu", "autonomy"),
    ("shukeñ", "sovereignty"),
    ("kokueki", "national interest"),
    ("hōsei", "legal system"),
    ("jiñkeñ", "human rights"),
    ("shimiñ shakai", "civil society"),
    ("chihō", "local"),
    ("jichitai", "local governments"),
    ("toshi", "cities"),
    ("nōsoñ", "rural villages"),
    ("kyōiku", "education"),
    ("shūkyō", "religion"),
    ("shisō", "thought"),
    ("buñgaku", "literature"),
    ("geñdai", "contemporary"),
    ("kiñdai", "modern"),
    ("hyōka", "assessment"),
    ("tokushū", "special issue"),
    ("kōeñ", "lectures"),
    ("kaisetsu", "commentary"),
    ("jisshō", "empirical"),
    ("shūseñ", "end of the war"),
    ("fukkō", "reconstruction"),
];

const JA_FAMILY: &[&str] = &[
    "satō",
    "itō",
    "katō",
    "saitō",
    "kudō",
    "ōno",
    "ōta",
    "ōtsuka",
    "kōno",
    "gotō",
    "eñdō",
    "koñdō",
    "añdō",
    "shiñdō",
    "yūki",
    "tanaka",
    "suzuki",
    "takahashi",
    "watanabe",
    "yamamoto",
    "nakamura",
    "kobayashi",
    "yoshida",
    "yamada",
    "sasaki",
    "yamaguchi",
    "matsumoto",
    "inoue",
    "kimura",
    "hayashi",
    "shimizu",
    "yamazaki",
    "mori",
    "abe",
    "ikeda",
    "hashimoto",
    "ishikawa",
    "maeda",
    "fujita",
    "ogawa",
    "okada",
    "hasegawa",
    "murakami",
    "ishii",
    "sakamoto",
    "aoki",
    "fujii",
    "nishimura",
    "fukuda",
    "miura",
    "fujiwara",
    "okamoto",
    "matsuda",
    "nakagawa",
    "nakano",
    "harada",
    "tamura",
    "takeuchi",
    "kaneko",
    "wada",
    "nakayama",
    "ishida",
    "ueda",
    "morita",
    "shibata",
    "sakai",
    "yokoyama",
    "miyazaki",
    "miyamoto",
    "uchida",
    "takagi",
    "taniguchi",
    "maruyama",
    "imai",
    "murata",
    "takeda",
    "sugiyama",
    "hirano",
    "chiba",
    "kubo",
    "matsui",
    "iwasaki",
    "sakurai",
    "kinoshita",
    "noguchi",
    "matsuo",
    "kikuchi",
    "nomura",
    "arai",
    "ōkubo",
    "shinoda",
    "hoñda",
    "kojima",
    "tsuchiya",
    "hoshino",
    "kañda",
    "ōishi",
    "hirose",
    "nagai",
    "kōda",
    "sōma",
    "tōgō",
    "jōno",
    "shōji",
    "kōsaka",
    "ōhira",
    "nakasone",
    "hatoyama",
    "kishi",
    "miyagi",
    "higa",
    "ōshiro",
    "chineñ",
    "shiñjō",
    "ōkuma",
    "gōda",
    "yūsa",
];

const JA_GIVEN: &[&str] = &[
    "hiroshi",
    "takashi",
    "keñji",
    "yūko",
    "yōichi",
    "shūichi",
    "kōichi",
    "juñichi",
    "shiñya",
    "keñichi",
    "juñ",
    "makoto",
    "akira",
    "tetsuya",
    "masahiro",
    "kazuhiko",
    "yoshihide",
    "tomohiko",
    "naoko",
    "keiko",
    "yōko",
    "ryōta",
    "yūsuke",
    "daisuke",
    "shōta",
    "kōji",
    "jōji",
    "shūji",
    "yūji",
    "tōru",
    "ryūji",
    "nobuo",
    "haruki",
    "sachiko",
    "emiko",
    "michiko",
    "akiko",
    "mariko",
    "kumiko",
    "tsuyoshi",
    "atsushi",
    "satoshi",
    "osamu",
    "isamu",
    "minoru",
    "hajime",
    "shigeru",
    "noboru",
    "masaru",
    "kiyoshi",
    "ichirō",
    "jirō",
    "saburō",
    "shirō",
    "tarō",
    "keñtarō",
    "shiñtarō",
    "yūichirō",
    "kōtarō",
    "sōichirō",
    "shiñichi",
    "shiñji",
    "juñko",
    "chizuru",
    "fumiko",
    "fumio",
    "yasuo",
    "kazuo",
    "teruo",
    "hideo",
    "norio",
    "ryōsuke",
    "kyōko",
    "shōko",
    "yūki",
    "mitsuru",
    "kañji",
    "señichi",
];

const KO_FAMILY: &[&str] = &[
    "Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon", "Jang", "Lim", "Han", "Oh", "Seo",
    "Shin", "Kwon", "Hwang", "Ahn", "Song", "Yoo", "Hong", "Jeon", "Ko", "Moon", "Yang", "Son",
    "Bae", "Baek", "Heo", "Nam", "Rhee", "Koh", "Cha", "Hyun", "Chung", "Yi", "Ryu", "Noh", "Ha",
    "Kwak", "Sung",
];

const KO_SYLLABLES: &[&str] = &[
    "Jae", "Min", "Sung", "Young", "Hyun", "Ji", "Seung", "Dong", "Tae", "Chang", "Kyung", "Sang",
    "Hee", "Woo", "Hoon", "Jin", "Soo", "Eun", "Ho", "Sik", "Chul", "Won", "Yeon", "Hwa", "Bong",
    "Kook", "Myung", "Joon", "Hye", "Sun", "In", "Il", "Yong", "Gyu", "Seok", "Hak",
];

const ZH_FAMILY: &[&str] = &[
    "Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu", "Sun", "Ma",
    "Zhu", "Hu", "Guo", "He", "Lin", "Gao", "Luo", "Zheng", "Liang", "Xie", "Tang", "Deng", "Feng",
    "Cao", "Zeng", "Peng", "Xiao", "Cai", "Pan", "Tian", "Dong", "Yuan", "Jiang", "Ye", "Du", "Su",
    "Wei", "Cheng", "Shen", "Qian", "Fu",
];

const ZH_SYLLABLES: &[&str] = &[
    "Jian", "Wei", "Ming", "Hong", "Xiao", "Yu", "Jing", "Hua", "Jun", "Qing", "Zhi", "Guo", "Hai",
    "Yan", "Ping", "Dong", "Tao", "Lei", "Bin", "Shi", "Xin", "Feng", "Rui", "Yong", "Bo", "Chao",
    "Kai", "Ning", "Zhong", "Jie", "Lin", "Mei", "Hui", "Yi", "Sheng", "Qiang", "Jin", "Wen",
    "Xue", "Yun",
];

const WE_GIVEN: &[&str] = &[
    "Michael",
    "John",
    "David",
    "James",
    "Robert",
    "Richard",
    "Thomas",
    "Mark",
    "Paul",
    "Peter",
    "Andrew",
    "Christopher",
    "Daniel",
    "Stephen",
    "William",
    "Kenneth",
    "Gerald",
    "Edward",
    "Alan",
    "Brian",
    "Charles",
    "Douglas",
    "Frank",
    "George",
    "Henry",
    "Jeffrey",
    "Kent",
    "Leonard",
    "Matthew",
    "Nicholas",
    "Philip",
    "Ronald",
    "Scott",
    "Sheldon",
    "Timothy",
    "Victor",
    "Anne",
    "Barbara",
    "Carol",
    "Christina",
    "Elizabeth",
    "Emma",
    "Helen",
    "Jennifer",
    "Karen",
    "Laura",
    "Linda",
    "Margaret",
    "Mary",
    "Mireya",
    "Nancy",
    "Rebecca",
    "Sarah",
    "Susan",
    "Tessa",
    "Alexis",
    "Amy",
    "Catherine",
    "Daniela",
    "Hans",
    "Jürgen",
    "Klaus",
    "Pierre",
    "François",
    "Marie",
    "Claude",
    "Giulia",
    "Marco",
    "Lars",
    "Ingrid",
    "Sven",
    "Olga",
    "Dmitri",
    "Ezra",
    "Ruth",
];

const WE_FAMILY: &[&str] = &[
    "Smith",
    "Johnson",
    "Brown",
    "Miller",
    "Davis",
    "Wilson",
    "Anderson",
    "Taylor",
    "Thomas",
    "Moore",
    "Martin",
    "Jackson",
    "White",
    "Harris",
    "Clark",
    "Lewis",
    "Walker",
    "Hall",
    "Allen",
    "Young",
    "King",
    "Wright",
    "Scott",
    "Green",
    "Baker",
    "Adams",
    "Nelson",
    "Carter",
    "Mitchell",
    "Roberts",
    "Turner",
    "Phillips",
    "Campbell",
    "Parker",
    "Evans",
    "Edwards",
    "Collins",
    "Stewart",
    "Morris",
    "Rogers",
    "Reed",
    "Cook",
    "Morgan",
    "Bell",
    "Murphy",
    "Bailey",
    "Cooper",
    "Richardson",
    "Cox",
    "Howard",
    "Ward",
    "Peterson",
    "Gray",
    "Watson",
    "Brooks",
    "Kelly",
    "Sanders",
    "Price",
    "Bennett",
    "Wood",
    "Barnes",
    "Ross",
    "Henderson",
    "Coleman",
    "Jenkins",
    "Powell",
    "Long",
    "Patterson",
    "Hughes",
    "Flores",
    "Butler",
    "Simmons",
    "Foster",
    "Bryant",
    "Alexander",
    "Russell",
    "Griffin",
    "Hayes",
    "Myers",
    "Ford",
    "Hamilton",
    "Graham",
    "Sullivan",
    "Wallace",
    "Woods",
    "Cole",
    "West",
    "Jordan",
    "Owens",
    "Reynolds",
    "Fischer",
    "Ellis",
    "Harrison",
    "Gibson",
    "McDonald",
    "Marshall",
    "Murray",
    "Freeman",
    "Wells",
    "Webb",
    "Simpson",
    "Stevens",
    "Tucker",
    "Porter",
    "Hunter",
    "Crawford",
    "Boyd",
    "Mason",
    "Kennedy",
    "Warren",
    "Dixon",
    "Burns",
    "Gordon",
    "Shaw",
    "Holmes",
    "Rice",
    "Robertson",
    "Hunt",
    "Black",
    "Daniels",
    "Palmer",
    "Mills",
    "Nichols",
    "Grant",
    "Knight",
    "Ferguson",
    "Stone",
    "Hawkins",
    "Dunn",
    "Hudson",
    "Spencer",
    "Gardner",
    "Payne",
    "Pierce",
    "Berry",
    "Matthews",
    "Arnold",
    "Wagner",
    "Willis",
    "Watkins",
    "Olson",
    "Carroll",
    "Duncan",
    "Snyder",
    "Hart",
    "Cunningham",
    "Bradley",
    "Lane",
    "Andrews",
    "Harper",
    "Fox",
    "Riley",
    "Armstrong",
    "Carpenter",
    "Weaver",
    "Lawrence",
    "Elliott",
    "Austin",
    "Peters",
    "Franklin",
    "Lawson",
    "Müller",
    "Schmidt",
    "Weber",
    "Dubois",
    "Lefèvre",
    "Rossi",
    "O’Brien",
    "O’Neill",
    "van der Berg",
    "de Vries",
    "Calder",
    "Samuels",
    "Pyle",
    "Dower",
    "Gluck",
    "Curtis",
    "Pempel",
    "Hughes-Wilson",
];

/// Western publishers (place, name).
const WE_PUBLISHERS: &[(&str, &str)] = &[
    ("New York", "Routledge"),
    ("London", "Routledge"),
    ("Stanford, CA", "Stanford University Press"),
    ("Ithaca, NY", "Cornell University Press"),
    ("Cambridge", "Cambridge University Press"),
    ("Oxford", "Oxford University Press"),
    ("Honolulu", "University of Hawai‘i Press"),
    ("Berkeley", "University of California Press"),
    ("Washington, DC", "Brookings Institution Press"),
    ("New York", "Columbia University Press"),
    ("Princeton, NJ", "Princeton University Press"),
    ("Basingstoke", "Palgrave Macmillan"),
    ("Lanham, MD", "Rowman & Littlefield"),
    ("Seoul", "Seoul National University Press"),
    ("Seoul", "Korea Institute for Defense Analyses"),
    ("Cambridge, MA", "Harvard University Asia Center"),
    ("Singapore", "ISEAS Publishing"),
    ("Boulder, CO", "Westview Press"),
    ("Santa Monica, CA", "RAND Corporation"),
    ("Canberra", "ANU Press"),
    ("Leiden", "Brill"),
    ("Seattle", "University of Washington Press"),
];

/// Japanese publishers (place, canonical name).
const JA_PUBLISHERS: &[(&str, &str)] = &[
    ("Tokyo", "iwanami shoteñ"),
    ("Tokyo", "chūō kōroñ shiñsha"),
    ("Tokyo", "yūhikaku"),
    ("Tokyo", "tōkyō daigaku shuppañkai"),
    ("Tokyo", "keiō gijuku daigaku shuppañkai"),
    ("Kyoto", "mineruva shobō"),
    ("Tokyo", "chikuma shobō"),
    ("Tokyo", "kōdañsha"),
    ("Tokyo", "shiñchōsha"),
    ("Tokyo", "buñgei shuñjū"),
    ("Tokyo", "asahi shiñbuñsha"),
    ("Tokyo", "nihoñ keizai shiñbuñsha"),
    ("Tokyo", "yomiuri shiñbuñsha"),
    ("Tokyo", "keisō shobō"),
    ("Tokyo", "hara shobō"),
    ("Tokyo", "sōbuñsha"),
    ("Tokyo", "nihoñ hyōroñsha"),
    ("Kyoto", "hōritsu buñkasha"),
    ("Tokyo", "kashiwa shobō"),
    ("Tokyo", "yoshikawa kōbuñkañ"),
    ("Tokyo", "heiboñsha"),
    ("Tokyo", "nihoñ kokusai moñdai keñkyūjo"),
    ("Tokyo", "chikura shobō"),
    ("Tokyo", "seibuñdō"),
    ("Tokyo", "jiji tsūshiñsha"),
];

/// Springer-family imprints for the chapter pages themselves (publisher, place, DOI prefix).
const IMPRINTS: &[(&str, &str, &str)] = &[
    ("Palgrave Macmillan", "New York", "10.1057"),
    ("Palgrave Macmillan", "London", "10.1057"),
    ("Palgrave Macmillan", "Singapore", "10.1007"),
    ("Springer", "Singapore", "10.1007"),
    ("Springer", "Cham", "10.1007"),
    ("Springer", "Tokyo", "10.1007"),
    ("Springer", "Dordrecht", "10.1007"),
];

const WE_JOURNALS: &[&str] = &[
    "Journal of East Asian Studies",
    "Pacific Affairs",
    "International Security",
    "Japan Forum",
    "Journal of Japanese Studies",
    "Modern Asian Studies",
    "Asia Policy",
    "The Pacific Review",
    "Survival",
    "Foreign Affairs",
    "World Politics",
    "Security Studies",
    "Korea Observer",
    "The China Quarterly",
    "Review of International Studies",
    "Social Science Japan Journal",
    "Asia-Pacific Review",
    "Journal of Cold War Studies",
    "Diplomatic History",
    "Monumenta Nipponica",
    "Harvard Journal of Asiatic Studies",
    "International Relations of the Asia-Pacific",
    "Journal of Strategic Studies",
    "Orbis",
    "Contemporary Southeast Asia",
    "Japanese Journal of Political Science",
    "Korean Journal of International Studies",
    "Asian Perspective",
    "The Washington Quarterly",
    "Journal of Contemporary Asia",
];

const JA_JOURNALS: &[&str] = &[
    "kokusai seiji",
    "gaikō foramu",
    "refareñsu",
    "hōgaku keñkyū",
    "kokusai moñdai",
    "chūō kōroñ",
    "sekai",
    "buñgei shuñjū",
    "ajia keñkyū",
    "neñpō seijigaku",
    "bōei gaku keñkyū",
    "kaigai jijō",
    "seiji keñkyū",
    "tōa",
    "ajia jihō",
    "kokusai añzeñ hoshō",
    "shisō",
    "rekishigaku keñkyū",
];

const JA_NEWSPAPERS: &[&str] = &[
    "asahi shiñbuñ",
    "yomiuri shiñbuñ",
    "mainichi shiñbuñ",
    "nihoñ keizai shiñbuñ",
    "sañkei shiñbuñ",
    "tōkyō shiñbuñ",
    "hokkaidō shiñbuñ",
    "ryūkyū shiñpō",
    "okinawa taimusu",
    "chūnichi shiñbuñ",
];

const WE_NEWSPAPERS: &[&str] = &[
    "The Japan Times",
    "The Daily Yomiuri",
    "Chosun Ilbo",
    "JoongAng Ilbo",
    "Dong-a Ilbo",
    "The Korea Herald",
    "People’s Daily",
    "The New York Times",
    "The Washington Post",
    "Financial Times",
    "Hankyoreh",
    "Kyodo News",
];

/// English-language corporate authors and their serial reports (`{Y}` = year).
const WE_CORPORATE: &[(&str, &str)] = &[
    (
        "Ministry of Foreign Affairs of Japan",
        "Diplomatic Bluebook {Y}",
    ),
    ("Japan Defense Agency", "Defense of Japan {Y}"),
    ("Ministry of Defense", "Defense of Japan {Y}"),
    (
        "U.S. Department of State",
        "Country Reports on Human Rights Practices for {Y}",
    ),
    (
        "U.S. Department of Defense",
        "Report on Allied Contributions to the Common Defense",
    ),
    (
        "Congressional Research Service",
        "Japan-U.S. Relations: Issues for Congress",
    ),
    (
        "National Institute for Defense Studies",
        "East Asian Strategic Review {Y}",
    ),
    (
        "Korea Institute for National Unification",
        "White Paper on Korean Unification {Y}",
    ),
    (
        "Ministry of National Defense, Republic of Korea",
        "Defense White Paper {Y}",
    ),
    (
        "International Crisis Group",
        "Managing Maritime Tensions in Northeast Asia",
    ),
    (
        "Japan Institute of International Affairs",
        "Strategic Annual Report {Y}",
    ),
    (
        "Cabinet Office, Government of Japan",
        "Annual Report on the Japanese Economy {Y}",
    ),
    (
        "Japan Center for International Exchange",
        "Civil Society and Regional Cooperation",
    ),
    (
        "Sasakawa Peace Foundation",
        "Maritime Security in East Asia: Policy Recommendations",
    ),
];

/// Japanese corporate authors (canonical), report titles (canonical) and translations.
const JA_CORPORATE: &[(&str, &str, &str)] = &[
    ("gaimushō", "gaikō seisho", "Diplomatic Bluebook"),
    ("bōeichō", "bōei hakusho", "Defense White Paper"),
    ("bōeishō", "nihoñ no bōei", "Defense of Japan"),
    (
        "naikakufu",
        "gaikō ni kañsuru yoroñ chōsa",
        "Public Opinion Survey on Diplomacy",
    ),
    (
        "keizai sañgyōshō",
        "tsūshō hakusho",
        "White Paper on International Trade",
    ),
    (
        "shūgiiñ",
        "kaigiroku",
        "Minutes of the House of Representatives",
    ),
    (
        "kōañ chōsachō",
        "naigai jōsei no kaiko to teñbō",
        "Review and Prospects of Internal and External Situations",
    ),
];

const WEB_DOMAINS: &[&str] = &[
    "www.mofa.go.jp",
    "www.mod.go.jp",
    "www.kantei.go.jp",
    "www.cas.go.jp",
    "www.state.gov",
    "www.defense.gov",
    "www.mofa.go.kr",
    "www.jiia.or.jp",
    "www.nids.mod.go.jp",
    "www.crisisgroup.org",
    "www.cfr.org",
    "www.csis.org",
    "www.brookings.edu",
    "www.spf.org",
    "www.shugiin.go.jp",
];

const UNIVERSITIES: &[&str] = &[
    "University of Tokyo",
    "Kyoto University",
    "Columbia University",
    "Harvard University",
    "Seoul National University",
    "Yonsei University",
    "Keio University",
    "Waseda University",
    "University of California, Berkeley",
    "Stanford University",
    "Australian National University",
    "SOAS, University of London",
    "University of Michigan",
    "Peking University",
    "Hitotsubashi University",
    "Kobe University",
];

const DEGREES: &[&str] = &[
    "Ph.D. dissertation",
    "PhD diss.",
    "M.A. thesis",
    "doctoral dissertation",
];

const EN_TOPICS: &[&str] = &[
    "Alliance Politics",
    "Security Cooperation",
    "Regional Order",
    "Deterrence",
    "Reconciliation",
    "Normalization",
    "Rearmament",
    "Trade Policy",
    "Historical Memory",
    "Nationalism",
    "Regionalism",
    "Strategic Rivalry",
    "Defense Policy",
    "Constitutional Revision",
    "Bureaucratic Politics",
    "Public Opinion",
    "Base Politics",
    "Energy Security",
    "Missile Defense",
    "Nuclear Diplomacy",
    "Maritime Security",
    "Territorial Disputes",
    "Foreign Aid",
    "Party Politics",
    "Economic Statecraft",
    "Soft Power",
    "Collective Self-Defense",
    "Crisis Management",
    "Intelligence Reform",
    "Peacekeeping",
    "Development Assistance",
    "Migration",
    "Textbook Controversies",
    "War Responsibility",
    "Colonial Legacies",
    "Human Security",
    "Arms Control",
    "Hedging",
    "Burden Sharing",
    "Host-Nation Support",
    "Extended Deterrence",
    "Sanctions",
    "Engagement",
];

const EN_PLACES: &[&str] = &[
    "Japan",
    "South Korea",
    "North Korea",
    "China",
    "Taiwan",
    "the United States",
    "Northeast Asia",
    "East Asia",
    "the Korean Peninsula",
    "the Asia-Pacific",
    "Okinawa",
    "Russia",
    "Southeast Asia",
    "the Pacific",
    "Tokyo",
    "Seoul",
    "Beijing",
    "Washington",
];

const EN_ADJECTIVES: &[&str] = &[
    "Reluctant",
    "Uneasy",
    "Changing",
    "Contested",
    "Fragile",
    "Enduring",
    "Hidden",
    "Unfinished",
    "New",
    "Quiet",
    "Pragmatic",
    "Normal",
    "Hollow",
    "Resilient",
    "Divided",
    "Emerging",
];

const EN_NOUNS: &[&str] = &[
    "Alliance",
    "Partnership",
    "Realism",
    "Pacifism",
    "Power",
    "Triangle",
    "Rivalry",
    "Transformation",
    "Dilemma",
    "Order",
    "Balance",
    "Bargain",
    "Legacy",
    "Consensus",
    "Politics",
    "Strategy",
];

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

const SEASONS: &[&str] = &[
    "Spring",
    "Summer",
    "Fall",
    "Winter",
    "September/October",
    "January/February",
];

const ACTORS: &[&str] = &[
    "the Ministry of Foreign Affairs",
    "the Japan Defense Agency",
    "the Cabinet Legislation Bureau",
    "the Blue House",
    "the State Department",
    "the Pentagon",
    "the Liberal Democratic Party",
    "the ruling coalition",
    "the opposition parties",
    "U.S. Forces Japan",
    "the Chinese Foreign Ministry",
    "the National Assembly",
    "the Diet",
    "Tokyo",
    "Seoul",
    "Washington",
    "Beijing",
    "Pyongyang",
    "the Japan Coast Guard",
    "the Maritime Self-Defense Force",
];

const VERBS: &[&str] = &[
    "announced",
    "proposed",
    "rejected",
    "endorsed",
    "reaffirmed",
    "quietly revised",
    "formally adopted",
    "publicly questioned",
    "agreed on",
    "postponed",
];

const OBJECTS: &[&str] = &[
    "a new framework for {t}",
    "its position on {t}",
    "the interim report on {t}",
    "a joint statement on {t}",
    "plans to expand {t}",
    "the draft guidelines on {t}",
    "a review of {t}",
];

const TOPICS: &[&str] = &[
    "base realignment",
    "the abduction issue",
    "missile defense",
    "the territorial dispute",
    "the fisheries agreement",
    "the history textbook controversy",
    "the normalization talks",
    "host-nation support",
    "the defense guidelines",
    "the nuclear crisis",
    "the Status of Forces Agreement",
    "maritime search and rescue",
    "intelligence sharing",
    "the refugee question",
    "wartime labor compensation",
    "export controls",
    "energy cooperation",
    "the Yasukuni visits",
    "official development assistance",
    "trilateral coordination",
];

const CITIES: &[&str] = &[
    "Tokyo",
    "Seoul",
    "Washington",
    "Beijing",
    "Pyongyang",
    "Naha",
    "Busan",
    "Osaka",
    "Honolulu",
    "Singapore",
    "Moscow",
    "Geneva",
];

const SOURCES: &[&str] = &[
    "newly declassified documents",
    "Diet records",
    "interviews with former officials",
    "Japanese-language newspapers",
    "the memoirs of senior diplomats",
    "archival material from three countries",
    "public opinion data",
];

const OFFICIALS: &[&str] = &[
    "senior Foreign Ministry official",
    "Defense Agency official",
    "U.S. embassy official",
    "member of the National Security Council staff",
    "LDP Diet member",
    "Korean diplomat",
];

// ───────────────────────────── people ─────────────────────────────

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Origin {
    Japanese = 0,
    Korean = 1,
    Chinese = 2,
    Western = 3,
}

/// One person of the author pool. Japanese names are stored canonically and spelled per use.
#[derive(Debug, Clone)]
struct Person {
    origin: Origin,
    family: String,
    given: String,
    middle: Option<char>,
    /// Writes the family name first ("Moon Chung-in", "Wang Jisi").
    family_first: bool,
}

/// A person's name as printed in one place.
#[derive(Debug, Clone)]
struct Name {
    family: String,
    given: String,
    family_first: bool,
}

impl Name {
    fn full(&self) -> String {
        if self.family_first {
            format!("{} {}", self.family, self.given)
        } else {
            format!("{} {}", self.given, self.family)
        }
    }

    /// "Family, Given" for bibliographies (family-first names stay as they are).
    fn inverted(&self) -> String {
        if self.family_first {
            self.full()
        } else {
            format!("{}, {}", self.family, self.given)
        }
    }

    /// "Family, G.J." as in a publisher's cite line.
    fn cite_form(&self) -> String {
        let initials: String = self
            .given
            .split([' ', '-'])
            .filter_map(|part| part.chars().next())
            .filter(|c| c.is_alphabetic())
            .flat_map(|c| c.to_uppercase().chain(std::iter::once('.')))
            .collect();
        format!("{}, {}", self.family, initials)
    }
}

impl Person {
    fn name(&self, style: Style, rng: &mut Pcg64) -> Name {
        match self.origin {
            Origin::Japanese => Name {
                family: capitalize(&romanize(&self.family, style)),
                given: capitalize(&romanize(&self.given, style)),
                family_first: chance(rng, 0.08),
            },
            Origin::Western => Name {
                family: self.family.clone(),
                given: match self.middle {
                    Some(m) => format!("{} {m}.", self.given),
                    None => self.given.clone(),
                },
                family_first: false,
            },
            Origin::Korean | Origin::Chinese => Name {
                family: self.family.clone(),
                given: self.given.clone(),
                family_first: self.family_first,
            },
        }
    }
}

fn korean_given(rng: &mut Pcg64) -> String {
    let a = pick(rng, KO_SYLLABLES);
    let b = pick(rng, KO_SYLLABLES).to_lowercase();
    match rng.random_range(0..10) {
        0..7 => format!("{a}-{b}"),
        7 => format!("{a} {}", capitalize(&b)),
        _ => format!("{a}{b}"),
    }
}

fn chinese_given(rng: &mut Pcg64) -> String {
    let a = pick(rng, ZH_SYLLABLES);
    if chance(rng, 0.8) {
        format!("{a}{}", pick(rng, ZH_SYLLABLES).to_lowercase())
    } else {
        (*a).to_string()
    }
}

fn make_person(rng: &mut Pcg64, origin: Origin, family: Option<&str>) -> Person {
    match origin {
        Origin::Japanese => Person {
            origin,
            family: family.unwrap_or_else(|| pick(rng, JA_FAMILY)).to_string(),
            given: (pick(rng, JA_GIVEN)).to_string(),
            middle: None,
            family_first: false,
        },
        Origin::Korean => Person {
            origin,
            family: family.unwrap_or_else(|| pick(rng, KO_FAMILY)).to_string(),
            given: korean_given(rng),
            middle: None,
            family_first: chance(rng, 0.15),
        },
        Origin::Chinese => Person {
            origin,
            family: family.unwrap_or_else(|| pick(rng, ZH_FAMILY)).to_string(),
            given: chinese_given(rng),
            middle: None,
            family_first: chance(rng, 0.3),
        },
        Origin::Western => Person {
            origin,
            family: family.unwrap_or_else(|| pick(rng, WE_FAMILY)).to_string(),
            given: (pick(rng, WE_GIVEN)).to_string(),
            middle: chance(rng, 0.35).then(|| char::from(b'A' + rng.random_range(0..26u8))),
            family_first: false,
        },
    }
}

/// Number of people in the author pool.
const POOL_SIZE: usize = 2000;
/// Zipf exponent of author frequency.
const ZIPF_S: f64 = 1.0;

/// Shared, read-only material built once from the seed: the Zipf-weighted author pool.
struct Pools {
    people: Vec<Person>,
    /// Cumulative Zipf weights over `people` (rank order).
    cum: Vec<f64>,
    /// Per origin: indices into `people` and their cumulative weights.
    by_origin: [(Vec<usize>, Vec<f64>); 4],
}

impl Pools {
    fn new(seed: u64) -> Self {
        let mut rng = pool_rng(seed);
        // The most cited people are fixed so that variant spellings of one person (Satō, Sato,
        // Satou, Satoh; Kōno, Kono, Kohno) are guaranteed to be frequent in every corpus.
        let head: [(Origin, &str); 8] = [
            (Origin::Japanese, "satō"),
            (Origin::Western, "Calder"),
            (Origin::Japanese, "itō"),
            (Origin::Korean, "Kim"),
            (Origin::Japanese, "kōno"),
            (Origin::Chinese, "Wang"),
            (Origin::Japanese, "ōta"),
            (Origin::Korean, "Lee"),
        ];
        let mut people: Vec<Person> = Vec::with_capacity(POOL_SIZE);
        let mut seen = std::collections::HashSet::new();
        for (origin, family) in head {
            let p = make_person(&mut rng, origin, Some(family));
            seen.insert((p.family.clone(), p.given.clone()));
            people.push(p);
        }
        while people.len() < POOL_SIZE {
            let origin = weighted(
                &mut rng,
                &[
                    (Origin::Japanese, 45),
                    (Origin::Korean, 15),
                    (Origin::Chinese, 12),
                    (Origin::Western, 28),
                ],
            );
            let p = make_person(&mut rng, origin, None);
            if seen.insert((p.family.clone(), p.given.clone())) {
                people.push(p);
            }
        }
        let mut cum = Vec::with_capacity(people.len());
        let mut by_origin: [(Vec<usize>, Vec<f64>); 4] = Default::default();
        let mut total = 0.0;
        for (rank, p) in people.iter().enumerate() {
            let w = 1.0 / ((rank + 1) as f64).powf(ZIPF_S);
            total += w;
            cum.push(total);
            let (idx, c) = &mut by_origin[p.origin as usize];
            let prev = c.last().copied().unwrap_or(0.0);
            idx.push(rank);
            c.push(prev + w);
        }
        Pools {
            people,
            cum,
            by_origin,
        }
    }

    fn person(&self, rng: &mut Pcg64) -> &Person {
        &self.people[pick_cumulative(rng, &self.cum)]
    }

    fn person_of(&self, rng: &mut Pcg64, origin: Origin) -> &Person {
        let (idx, cum) = &self.by_origin[origin as usize];
        if idx.is_empty() {
            return self.person(rng);
        }
        &self.people[idx[pick_cumulative(rng, cum)]]
    }
}

// ───────────────────────────── works and citations ─────────────────────────────

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
enum Kind {
    #[default]
    Book,
    Chapter,
    Article,
    Newspaper,
    Report,
    Web,
    Thesis,
}

/// One cited work, with every part already spelled as it will be printed.
#[derive(Debug, Clone, Default)]
struct Work {
    kind: Kind,
    authors: Vec<Name>,
    /// Corporate author (ministry, institute) when there is no personal author.
    corporate: Option<String>,
    /// Book with an editor as its "author" ("Name, ed., Title").
    edited: bool,
    title: String,
    /// Bracketed English translation of a romanized title.
    translation: Option<String>,
    /// Book of a chapter, journal of an article, newspaper.
    container: String,
    container_translation: Option<String>,
    editors: Vec<Name>,
    volume: u32,
    issue: u32,
    /// 1-based month, 0 if none.
    month: u32,
    day: u32,
    season: Option<&'static str>,
    place: String,
    publisher: String,
    year: i32,
    pages: (u32, u32),
    url: String,
    degree: &'static str,
}

impl Work {
    /// The name a short form or in-text citation uses.
    fn lead_family(&self) -> String {
        match (self.authors.first(), &self.corporate) {
            (Some(a), _) => a.family.clone(),
            (None, Some(c)) => c.clone(),
            (None, None) => self.container.clone(),
        }
    }
}

fn month_name(month: u32) -> &'static str {
    MONTHS[(month.clamp(1, 12) - 1) as usize]
}

/// "A", "A and B", "A, B, and C".
fn join_names(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [a] => a.clone(),
        [a, b] => format!("{a} and {b}"),
        [rest @ .., last] => format!("{}, and {last}", rest.join(", ")),
    }
}

fn full_names(names: &[Name]) -> String {
    join_names(&names.iter().map(Name::full).collect::<Vec<_>>())
}

/// First author inverted, the others in natural order (author-date reference lists).
fn reference_names(names: &[Name]) -> String {
    let parts: Vec<String> = names
        .iter()
        .enumerate()
        .map(|(i, n)| if i == 0 { n.inverted() } else { n.full() })
        .collect();
    match parts.as_slice() {
        [a, b] => format!("{a}, and {b}"),
        _ => join_names(&parts),
    }
}

fn push_translation(s: &mut String, translation: &Option<String>) {
    if let Some(t) = translation {
        let _ = write!(s, " [{t}]");
    }
}

/// `“Title,”` or, with a translation, `“Title” [Translation],`.
fn push_quoted_title(s: &mut String, w: &Work) {
    match &w.translation {
        Some(t) => {
            let _ = write!(s, "“{}” [{t}],", w.title);
        }
        None => {
            let _ = write!(s, "“{},”", w.title);
        }
    }
}

/// ", p. N" / ", pp. N–M" / "" — a pinpoint reference inside `range` when it has one.
fn pinpoint(rng: &mut Pcg64, range: (u32, u32)) -> String {
    let (lo, hi) = if range.0 > 0 && range.1 > range.0 {
        range
    } else {
        (1, 380)
    };
    let p = rng.random_range(lo..=hi);
    match rng.random_range(0..10) {
        0..6 => format!(", p. {p}"),
        6..8 => format!(", pp. {p}–{}", p + rng.random_range(1..12)),
        8 => format!(", pp. {p}, {}", p + rng.random_range(2..20)),
        _ => String::new(),
    }
}

/// Chicago notes-bibliography footnote for a first citation (no final period).
fn footnote(w: &Work, rng: &mut Pcg64) -> String {
    let mut s = String::with_capacity(200);
    let lead = if w.authors.is_empty() {
        w.corporate.clone().unwrap_or_default()
    } else {
        full_names(&w.authors)
    };
    match w.kind {
        Kind::Book => {
            s.push_str(&lead);
            s.push_str(match (w.edited, w.authors.len()) {
                (false, _) => ", ",
                (true, 0 | 1) => ", ed., ",
                (true, _) => ", eds., ",
            });
            s.push_str(&w.title);
            push_translation(&mut s, &w.translation);
            let _ = write!(s, " ({}: {}, {})", w.place, w.publisher, w.year);
            s.push_str(&pinpoint(rng, (0, 0)));
        }
        Kind::Chapter => {
            let _ = write!(s, "{lead}, ");
            push_quoted_title(&mut s, w);
            let eds = full_names(&w.editors);
            let ed = if w.editors.len() > 1 { "eds." } else { "ed." };
            let _ = write!(s, " in {eds}, {ed}, {}", w.container);
            push_translation(&mut s, &w.container_translation);
            let _ = write!(s, " ({}: {}, {})", w.place, w.publisher, w.year);
            if chance(rng, 0.6) {
                let _ = write!(s, ", pp. {}–{}", w.pages.0, w.pages.1);
            } else {
                s.push_str(&pinpoint(rng, w.pages));
            }
        }
        Kind::Article => {
            let _ = write!(s, "{lead}, ");
            push_quoted_title(&mut s, w);
            let _ = write!(s, " {}", w.container);
            push_translation(&mut s, &w.container_translation);
            let _ = write!(s, " {}, no. {} (", w.volume, w.issue);
            if let Some(season) = w.season {
                let _ = write!(s, "{season} ");
            } else if w.month > 0 {
                let _ = write!(s, "{} ", month_name(w.month));
            }
            let _ = write!(s, "{}): ", w.year);
            if chance(rng, 0.7) {
                let _ = write!(s, "{}–{}", w.pages.0, w.pages.1);
            } else {
                let _ = write!(
                    s,
                    "{}",
                    rng.random_range(w.pages.0..=w.pages.1.max(w.pages.0))
                );
            }
        }
        Kind::Newspaper => {
            if w.authors.is_empty() {
                let _ = write!(
                    s,
                    "{}, {} {}, {}, {}",
                    w.container,
                    month_name(w.month),
                    w.day,
                    w.year,
                    w.pages.0
                );
            } else {
                let _ = write!(s, "{lead}, ");
                push_quoted_title(&mut s, w);
                let edition = if chance(rng, 0.2) {
                    " (evening edition)"
                } else {
                    ""
                };
                let _ = write!(
                    s,
                    " {}{edition}, {} {}, {}, p. {}",
                    w.container,
                    month_name(w.month),
                    w.day,
                    w.year,
                    w.pages.0
                );
            }
        }
        Kind::Report => {
            let _ = write!(s, "{lead}, {}", w.title);
            push_translation(&mut s, &w.translation);
            if chance(rng, 0.6) {
                let _ = write!(s, " ({}: {}, {})", w.place, w.publisher, w.year);
            } else {
                let _ = write!(s, ", {} {}", month_name(w.month), w.year);
            }
            s.push_str(&pinpoint(rng, (0, 0)));
        }
        Kind::Web => {
            let _ = write!(s, "{lead}, ");
            push_quoted_title(&mut s, w);
            let _ = write!(s, " {} {}, {}", month_name(w.month), w.year, w.url);
            if chance(rng, 0.4) {
                let _ = write!(
                    s,
                    " (accessed {} {}, {})",
                    month_name(rng.random_range(1..=12)),
                    rng.random_range(1..=28),
                    (w.year + rng.random_range(0..3)).min(2024)
                );
            }
        }
        Kind::Thesis => {
            let _ = write!(s, "{lead}, ");
            push_quoted_title(&mut s, w);
            let _ = write!(s, " {} ({}, ", w.degree, w.publisher);
            if w.month > 0 {
                let _ = write!(s, "{} ", month_name(w.month));
            }
            let _ = write!(s, "{})", w.year);
        }
    }
    s
}

/// The first ≤4 words of a title before any colon or date range, without a dangling
/// function word or particle at the end (Chicago short title).
fn short_title(title: &str) -> String {
    const DANGLING: [&str; 16] = [
        "to", "of", "and", "the", "in", "on", "for", "over", "from", "a", "as", "no", "wo", "o",
        "ni", "wa",
    ];
    let main = title.split(':').next().unwrap_or(title);
    let mut words: Vec<&str> = main
        .split_whitespace()
        .take_while(|w| !w.chars().any(|c| c.is_ascii_digit()))
        .take(4)
        .collect();
    while words.len() > 1
        && words
            .last()
            .is_some_and(|w| DANGLING.contains(&w.to_lowercase().as_str()))
    {
        words.pop();
    }
    words.join(" ").trim_end_matches([',', '?']).to_string()
}

/// Short form of a later citation: `Satō, Nichibei Dōmei, p. 12` (no final period).
fn short_note(w: &Work, rng: &mut Pcg64) -> String {
    let short = short_title(&w.title);
    let family = w.lead_family();
    let pin = pinpoint(rng, w.pages);
    match w.kind {
        Kind::Book | Kind::Report => format!("{family}, {short}{pin}"),
        _ if pin.is_empty() => format!("{family}, “{short}”"),
        _ => format!("{family}, “{short},”{}", pin.trim_start_matches(',')),
    }
}

/// Chicago author-date reference-list entry (ends with a period).
fn reference_entry(w: &Work) -> String {
    let mut s = String::with_capacity(200);
    let lead = if w.authors.is_empty() {
        w.corporate.clone().unwrap_or_else(|| w.container.clone())
    } else {
        reference_names(&w.authors)
    };
    s.push_str(&lead);
    if w.edited {
        s.push_str(if w.authors.len() > 1 {
            ", eds."
        } else {
            ", ed."
        });
    }
    if !s.ends_with('.') {
        s.push('.');
    }
    let _ = write!(s, " {}. ", w.year);
    match w.kind {
        Kind::Book | Kind::Report => {
            s.push_str(&w.title);
            push_translation(&mut s, &w.translation);
            let _ = write!(s, ". {}: {}.", w.place, w.publisher);
        }
        Kind::Chapter => {
            let _ = write!(s, "“{}.”", w.title);
            push_translation(&mut s, &w.translation);
            let _ = write!(s, " In {}", w.container);
            push_translation(&mut s, &w.container_translation);
            let _ = write!(
                s,
                ", edited by {}, {}–{}. {}: {}.",
                full_names(&w.editors),
                w.pages.0,
                w.pages.1,
                w.place,
                w.publisher
            );
        }
        Kind::Article => {
            let _ = write!(s, "“{}.”", w.title);
            push_translation(&mut s, &w.translation);
            let _ = write!(
                s,
                " {} {} ({}): {}–{}.",
                w.container, w.volume, w.issue, w.pages.0, w.pages.1
            );
        }
        Kind::Newspaper => {
            let _ = write!(s, "“{}.”", w.title);
            push_translation(&mut s, &w.translation);
            let _ = write!(s, " {}, {} {}.", w.container, month_name(w.month), w.day);
        }
        Kind::Web => {
            let _ = write!(s, "“{}.”", w.title);
            push_translation(&mut s, &w.translation);
            let _ = write!(
                s,
                " Accessed {} {}, {}. {}.",
                month_name(w.month),
                w.day.max(1),
                w.year,
                w.url
            );
        }
        Kind::Thesis => {
            let _ = write!(s, "“{}.”", w.title);
            push_translation(&mut s, &w.translation);
            let _ = write!(s, " {}, {}.", w.degree, w.publisher);
        }
    }
    s
}

/// Number of abstract sentence templates in `Gen::abstract_sentence`.
const ABSTRACT_TEMPLATES: usize = 9;

// ───────────────────────────── chapter generation ─────────────────────────────

/// The four kinds of generated file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum DocFormat {
    /// Saved chapter page as text (like the fixture).
    Page = 0,
    /// Saved HTML page with Highwire meta tags.
    Html = 1,
    /// Journal article text with an author-date reference list.
    Article = 2,
    /// Plain Markdown reading notes.
    Markdown = 3,
}

/// One generated file.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Doc {
    file_name: String,
    format: DocFormat,
    text: String,
    /// Notes (or references, or note items) in the file.
    notes: usize,
}

/// A footnote as generated, before layout.
struct NoteText {
    text: String,
    /// Cites a journal article (publisher pages then add an "Article" link).
    article: bool,
}

/// Metadata of the chapter (or article) a file describes.
struct Meta {
    title: String,
    book: String,
    authors: Vec<Name>,
    editors: Vec<Name>,
    year: i32,
    month: u32,
    day: u32,
    publisher: String,
    place: String,
    doi: String,
    /// Abstract sentences, each with the footnote number glued after it (if any).
    abstract_sentences: Vec<(String, Option<usize>)>,
}

/// Per-chapter generator state.
struct Gen<'a> {
    pools: &'a Pools,
    rng: Pcg64,
    /// Publication year of the chapter; cited works are no later.
    year: i32,
    /// The chapter's usual romanization of titles and of names.
    house_title: Style,
    house_name: Style,
    cited: Vec<Work>,
    /// The work cited alone in the previous note (what "Ibid." refers to).
    last_single: Option<usize>,
}

/// Generate file `index` of the corpus for `seed`.
fn generate(pools: &Pools, seed: u64, index: u64) -> Doc {
    let mut g = Gen::new(pools, chapter_rng(seed, index));
    let hash: u64 = g.rng.random();
    let format = weighted(
        &mut g.rng,
        &[
            (DocFormat::Page, 75),
            (DocFormat::Html, 12),
            (DocFormat::Article, 8),
            (DocFormat::Markdown, 5),
        ],
    );
    let ext = match format {
        DocFormat::Html => "html",
        DocFormat::Markdown => "md",
        DocFormat::Page | DocFormat::Article => "txt",
    };
    let file_name = format!("{index:05}_{hash:016x}.{ext}");
    let n = g.rng.random_range(20..=60usize);
    let text = match format {
        DocFormat::Page => g.page(n),
        DocFormat::Html => g.html(n),
        DocFormat::Article => g.article(n),
        DocFormat::Markdown => g.markdown(n),
    };
    Doc {
        file_name,
        format,
        text,
        notes: n,
    }
}

impl<'a> Gen<'a> {
    fn new(pools: &'a Pools, mut rng: Pcg64) -> Self {
        let year = 2024 - (40.0 * rng.random::<f64>().powf(1.6)) as i32;
        let house_title = random_title_style(&mut rng);
        let house_name = random_name_style(&mut rng);
        Gen {
            pools,
            rng,
            year,
            house_title,
            house_name,
            cited: Vec::new(),
            last_single: None,
        }
    }

    // ── small draws ──

    /// A year of a cited work: 1900..=chapter year, recent years more common.
    fn cited_year(&mut self) -> i32 {
        // Exponential age: half of all cited works are under ten years old, a few reach 1900.
        let u: f64 = self.rng.random();
        let age = (-(1.0 - u).ln() * 14.0) as i32;
        (self.year - age).clamp(1900, 2024)
    }

    /// A year for commentary (events, not publications).
    fn event_year(&mut self) -> i32 {
        self.rng.random_range(1945..=self.year.max(1946))
    }

    fn page_range(&mut self) -> (u32, u32) {
        let a = self.rng.random_range(1..600);
        (a, a + self.rng.random_range(4..40))
    }

    fn title_style(&mut self) -> Style {
        if chance(&mut self.rng, 0.3) {
            random_title_style(&mut self.rng)
        } else {
            self.house_title
        }
    }

    fn name_style(&mut self) -> Style {
        if chance(&mut self.rng, 0.35) {
            random_name_style(&mut self.rng)
        } else {
            self.house_name
        }
    }

    fn name(&mut self, p: &Person) -> Name {
        let style = self.name_style();
        p.name(style, &mut self.rng)
    }

    /// A Zipf-weighted person of the pool.
    fn pool_person(&mut self) -> &'a Person {
        let pools = self.pools;
        pools.person(&mut self.rng)
    }

    fn some_person(&mut self) -> Name {
        let p = self.pool_person();
        self.name(p)
    }

    /// `first` and up to `max_extra` more distinct people, as names.
    fn people(&mut self, first: &'a Person, max_extra: usize) -> Vec<Name> {
        let mut chosen = vec![first];
        let extra = match self.rng.random_range(0..20) {
            0..16 => 0,
            16..19 => 1,
            _ => 2,
        }
        .min(max_extra);
        for _ in 0..extra {
            let p = self.pool_person();
            if !chosen.iter().any(|&q| std::ptr::eq(q, p)) {
                chosen.push(p);
            }
        }
        chosen.into_iter().map(|p| self.name(p)).collect()
    }

    /// A random permutation of `0..n`.
    fn shuffled(&mut self, n: usize) -> Vec<usize> {
        let mut order: Vec<usize> = (0..n).collect();
        for i in 0..n {
            let j = self.rng.random_range(i..n);
            order.swap(i, j);
        }
        order
    }

    fn topic(&mut self) -> &'static str {
        pick(&mut self.rng, TOPICS)
    }

    // ── titles ──

    /// A compound of 1–3 terms, e.g. [nichibei][añzeñ hoshō][kyōryoku].
    fn compound(&mut self) -> Vec<(&'static str, &'static str, bool)> {
        let mut v = Vec::with_capacity(3);
        if chance(&mut self.rng, 0.45) {
            let (c, g) = pick(&mut self.rng, JA_PROPER);
            v.push((c, g, true));
        }
        let commons = if chance(&mut self.rng, 0.65) { 1 } else { 2 };
        for _ in 0..commons {
            let (c, g) = pick(&mut self.rng, JA_COMMON);
            if v.last().is_none_or(|&(last, _, _)| last != c) {
                v.push((c, g, false));
            }
        }
        v
    }

    /// A romanized Japanese title and its English translation.
    fn japanese_title(&mut self) -> (String, String) {
        let style = self.title_style();
        let parts: Vec<Vec<(&str, &str, bool)>> = (0..4).map(|_| self.compound()).collect();
        let r = |i: usize, first: bool| render_compound(&parts[i], style, first);
        let e = |i: usize| title_case(&gloss(&parts[i]));
        let p = |canon: &str| particle(canon, style);
        let (mut text, mut english) = match self.rng.random_range(0..14) {
            0 | 1 => (
                format!("{} {} {}", r(0, true), p("no"), r(1, false)),
                format!("The {} of {}", e(1), e(0)),
            ),
            2 => (
                format!("{} {} {}", r(0, true), p("to"), r(1, false)),
                format!("{} and {}", e(0), e(1)),
            ),
            3 => (
                format!("{} {} {}", r(0, true), p("ni okeru"), r(1, false)),
                format!("{} in {}", e(1), e(0)),
            ),
            4 => (
                format!("{} {} {}", r(0, true), p("wo meguru"), r(1, false)),
                format!("{} over {}", e(1), e(0)),
            ),
            5 | 6 => (r(0, true), e(0)),
            7 => (
                format!(
                    "{} {} {}: {} {} {}",
                    r(0, true),
                    p("no"),
                    r(1, false),
                    r(2, true),
                    p("to"),
                    r(3, false)
                ),
                format!("The {} of {}: {} and {}", e(1), e(0), e(2), e(3)),
            ),
            8 => (
                format!("{} {} {}", r(0, true), p("kara mita"), r(1, false)),
                format!("{} as Seen from {}", e(1), e(0)),
            ),
            9 => (
                format!("{} {} {}", r(0, true), p("ni kañsuru"), r(1, false)),
                format!("{} Concerning {}", e(1), e(0)),
            ),
            10 => (
                format!("{} {}", r(0, true), p("wa dō kawatta ka")),
                format!("How Did {} Change?", e(0)),
            ),
            11 => (
                format!("{} {}", r(0, true), p("wo toinaosu")),
                format!("Rethinking {}", e(0)),
            ),
            12 => (
                format!(
                    "{} {} {}",
                    render_compound(&[("señgo", "postwar", false)], style, true),
                    r(0, false),
                    p("no keñkyū")
                ),
                format!("A Study of Postwar {}", e(0)),
            ),
            _ => (
                format!("{}: {} {} {}", r(0, true), r(1, true), p("no"), p("teñkai")),
                format!("{}: The Development of {}", e(0), e(1)),
            ),
        };
        if chance(&mut self.rng, 0.12) {
            let a = self.rng.random_range(1900..2000);
            let b = a + self.rng.random_range(3..30);
            let _ = write!(text, ", {a}–{b}");
            let _ = write!(english, ", {a}–{b}");
        }
        (text, english)
    }

    /// An English title.
    fn english_title(&mut self) -> String {
        let rng = &mut self.rng;
        let t1 = pick(rng, EN_TOPICS);
        let t2 = pick(rng, EN_TOPICS);
        let place = pick(rng, EN_PLACES);
        let adj = pick(rng, EN_ADJECTIVES);
        let n1 = pick(rng, EN_NOUNS);
        let n2 = pick(rng, EN_NOUNS);
        let y = rng.random_range(1900..2015);
        match rng.random_range(0..11) {
            0 => format!("{adj} {n1}: {t1} in {place}"),
            1 => format!("{t1} and {t2} in {place}"),
            2 => format!("{} and the Politics of {t1}", capitalize(place)),
            3 => format!("Rethinking {t1}: {} after the Cold War", capitalize(place)),
            4 => format!(
                "Between {n1} and {n2}: {} {t1}, {y}–{}",
                possessive(&capitalize(place)),
                y + rng.random_range(5..40)
            ),
            5 => format!("The {adj} {n1}"),
            6 => format!("{t1} in {place}: Origins and Consequences"),
            7 => format!("Explaining {t1}"),
            8 => format!("{} {t1} since {y}", possessive(&capitalize(place))),
            9 => format!("From {t1} to {t2}: {} in Transition", capitalize(place)),
            _ => format!("The {adj} {n1}: {t1} and {t2}"),
        }
    }

    /// A title in the language of the work: (title, translation).
    fn work_title(&mut self, japanese: bool) -> (String, Option<String>) {
        if japanese {
            let (t, e) = self.japanese_title();
            (t, Some(e))
        } else {
            (self.english_title(), None)
        }
    }

    fn japanese_publisher(&mut self) -> (String, String) {
        let (place, canon) = pick(&mut self.rng, JA_PUBLISHERS);
        let style = self.title_style();
        (place.to_string(), romanize_name(canon, style))
    }

    fn publisher(&mut self, japanese: bool) -> (String, String) {
        if japanese {
            self.japanese_publisher()
        } else {
            let (place, name) = pick(&mut self.rng, WE_PUBLISHERS);
            (place.to_string(), name.to_string())
        }
    }

    // ── works ──

    fn work(&mut self) -> Work {
        let kind = weighted(
            &mut self.rng,
            &[
                (Kind::Book, 33),
                (Kind::Chapter, 18),
                (Kind::Article, 20),
                (Kind::Newspaper, 9),
                (Kind::Report, 8),
                (Kind::Web, 6),
                (Kind::Thesis, 6),
            ],
        );
        let first = self.pool_person();
        let japanese = first.origin == Origin::Japanese && chance(&mut self.rng, 0.65);
        let year = self.cited_year();
        let mut w = Work {
            kind,
            year,
            ..Work::default()
        };
        match kind {
            Kind::Book => {
                w.authors = self.people(first, 2);
                w.edited = chance(&mut self.rng, 0.08);
                (w.title, w.translation) = self.work_title(japanese);
                (w.place, w.publisher) = self.publisher(japanese);
            }
            Kind::Chapter => {
                w.authors = self.people(first, 2);
                (w.title, w.translation) = self.work_title(japanese);
                (w.container, w.container_translation) = self.work_title(japanese);
                let editor = if japanese {
                    let pools = self.pools;
                    pools.person_of(&mut self.rng, Origin::Japanese)
                } else {
                    self.pool_person()
                };
                w.editors = self.people(editor, 2);
                (w.place, w.publisher) = self.publisher(japanese);
                w.pages = self.page_range();
            }
            Kind::Article => {
                w.authors = self.people(first, 2);
                (w.title, w.translation) = self.work_title(japanese);
                if japanese {
                    let style = self.title_style();
                    w.container = romanize_name(pick(&mut self.rng, JA_JOURNALS), style);
                } else {
                    w.container = (pick(&mut self.rng, WE_JOURNALS)).to_string();
                }
                w.volume = self.rng.random_range(1..70);
                w.issue = self.rng.random_range(1..13);
                match self.rng.random_range(0..10) {
                    0..3 => w.month = self.rng.random_range(1..=12),
                    3 => w.season = Some(pick(&mut self.rng, SEASONS)),
                    _ => {}
                }
                w.pages = self.page_range();
            }
            Kind::Newspaper => {
                let paper_japanese = chance(&mut self.rng, 0.7);
                w.container = if paper_japanese {
                    let style = self.title_style();
                    romanize_name(pick(&mut self.rng, JA_NEWSPAPERS), style)
                } else {
                    (pick(&mut self.rng, WE_NEWSPAPERS)).to_string()
                };
                if chance(&mut self.rng, 0.45) {
                    w.authors = vec![self.name(first)];
                    (w.title, w.translation) = self.work_title(japanese && paper_japanese);
                } else {
                    w.title = self.english_title();
                }
                w.month = self.rng.random_range(1..=12);
                w.day = self.rng.random_range(1..=28);
                w.pages = (self.rng.random_range(1..32), 0);
            }
            Kind::Report => self.report(&mut w, japanese),
            Kind::Web => {
                self.report(&mut w, japanese);
                if chance(&mut self.rng, 0.3) {
                    w.corporate = None;
                    w.authors = vec![self.name(first)];
                }
                w.month = self.rng.random_range(1..=12);
                w.day = self.rng.random_range(1..=28);
                w.url = self.url(w.translation.is_some());
            }
            Kind::Thesis => {
                w.authors = vec![self.name(first)];
                (w.title, w.translation) = self.work_title(japanese);
                w.degree = pick(&mut self.rng, DEGREES);
                w.publisher = (pick(&mut self.rng, UNIVERSITIES)).to_string();
                if chance(&mut self.rng, 0.5) {
                    w.month = self.rng.random_range(1..=12);
                }
            }
        }
        w
    }

    /// Corporate-author report, Japanese or English.
    fn report(&mut self, w: &mut Work, japanese: bool) {
        w.month = self.rng.random_range(1..=12);
        if japanese || chance(&mut self.rng, 0.2) {
            let (corp, title, english) = pick(&mut self.rng, JA_CORPORATE);
            let style = self.title_style();
            let corp = romanize_name(corp, style);
            w.title = capitalize(&romanize(title, style));
            w.translation = Some(english.to_string());
            if chance(&mut self.rng, 0.4) {
                let _ = write!(w.title, " {}", w.year);
            }
            w.place = "Tokyo".to_string();
            w.publisher = corp.clone();
            w.corporate = Some(corp);
        } else {
            let (corp, title) = pick(&mut self.rng, WE_CORPORATE);
            w.title = title.replace("{Y}", &w.year.to_string());
            w.place = if corp.starts_with("U.S.") || corp.starts_with("Congress") {
                "Washington, DC".to_string()
            } else if corp.contains("Korea") {
                "Seoul".to_string()
            } else {
                "Tokyo".to_string()
            };
            w.publisher = corp.to_string();
            w.corporate = Some(corp.to_string());
        }
    }

    fn url(&mut self, japanese: bool) -> String {
        let domain = pick(&mut self.rng, WEB_DOMAINS);
        let style = self.title_style();
        let slug = |g: &mut Self| -> String {
            if japanese || chance(&mut g.rng, 0.5) {
                let (c, _) = pick(&mut g.rng, JA_COMMON);
                romanize(
                    &c.replace(' ', ""),
                    Style {
                        join: Join::RunTogether,
                        ..style
                    },
                )
                .replace('\'', "")
                .chars()
                .filter(char::is_ascii)
                .collect()
            } else {
                pick(&mut g.rng, EN_TOPICS).to_lowercase().replace(' ', "_")
            }
        };
        let a = slug(self);
        let b = slug(self);
        let scheme = if chance(&mut self.rng, 0.7) {
            "https"
        } else {
            "http"
        };
        let lang = if japanese { "jp" } else { "en" };
        format!("{scheme}://{domain}/{lang}/{a}/{b}.html")
    }

    // ── notes ──

    /// A new work, cited in full; returns (text, index in `cited`, is article).
    fn cite_new(&mut self) -> (String, usize, bool) {
        let w = self.work();
        let text = footnote(&w, &mut self.rng);
        let article = w.kind == Kind::Article;
        self.cited.push(w);
        (text, self.cited.len() - 1, article)
    }

    /// A later citation of an earlier work (short form), if there is one.
    fn cite_again(&mut self) -> Option<(String, usize)> {
        let candidates: Vec<usize> = (0..self.cited.len())
            .filter(|&i| self.cited[i].kind != Kind::Newspaper)
            .collect();
        if candidates.is_empty() {
            return None;
        }
        let i = pick(&mut self.rng, &candidates);
        Some((short_note(&self.cited[i], &mut self.rng), i))
    }

    fn commentary(&mut self) -> String {
        let month = month_name(self.rng.random_range(1..=12));
        let day = self.rng.random_range(1..=28);
        let y = self.event_year();
        let actor_lc = pick(&mut self.rng, ACTORS);
        let actor = capitalize(actor_lc);
        let verb = pick(&mut self.rng, VERBS);
        let topic = self.topic();
        let object = pick(&mut self.rng, OBJECTS).replace("{t}", topic);
        let city = pick(&mut self.rng, CITIES);
        match self.rng.random_range(0..12) {
            0 | 1 => format!("{actor} {verb} {object} in {month} {y}."),
            2 => format!("On {month} {day}, {y}, {actor_lc} {verb} {object}."),
            3 => format!(
                "The agreement on {topic} was signed in {city} in {month} {y} and took effect in {}.",
                y + self.rng.random_range(1..4)
            ),
            4 => format!(
                "Interview with a former {}, {city}, {month} {y}.",
                pick(&mut self.rng, OFFICIALS)
            ),
            5 => format!(
                "This point was raised repeatedly in Diet deliberations during {y}–{:02}.",
                (y + 1) % 100
            ),
            6 => format!(
                "As noted above, {topic} remained contentious throughout the {}s.",
                y / 10 * 10
            ),
            7 => format!(
                "{actor} did not respond until {month} {y}, when {} {verb} {object}.",
                pick(&mut self.rng, ACTORS)
            ),
            8 => format!(
                "By the end of {y}, more than {} personnel had been deployed.",
                thousands(self.rng.random_range(2..90) * 100)
            ),
            9 => {
                let who = self.some_person().full();
                format!("I am grateful to {who} for drawing my attention to this point.")
            }
            10 => {
                let style = self.title_style();
                let (c, g) = pick(&mut self.rng, JA_COMMON);
                format!(
                    "The term “{}” ({g}) appears in internal documents from {month} {y}.",
                    romanize(c, style)
                )
            }
            _ => format!("The figures cited here are for fiscal {y}."),
        }
    }

    fn note(&mut self) -> NoteText {
        let roll = self.rng.random_range(0..100u32);
        let mut article = false;
        let mut single = None;
        let text = if roll < 9
            && let Some((s, i)) = self.cite_again()
        {
            single = Some(i);
            format!("{s}.")
        } else if roll < 16
            && let Some(i) = self.last_single
        {
            single = Some(i);
            let pin = pinpoint(&mut self.rng, self.cited[i].pages);
            if pin.is_empty() {
                "Ibid.".to_string()
            } else {
                format!("Ibid.{pin}.")
            }
        } else if roll < 21 {
            let n = self.rng.random_range(1..=3);
            (0..n)
                .map(|_| self.commentary())
                .collect::<Vec<_>>()
                .join(" ")
        } else if roll < 29 {
            let n = self.rng.random_range(2..=3);
            let mut parts = Vec::with_capacity(n);
            for _ in 0..n {
                let (s, _, a) = self.cite_new();
                article |= a;
                parts.push(s);
            }
            format!("{}.", parts.join("; "))
        } else if roll < 39 {
            let (s, i, a) = self.cite_new();
            article = a;
            single = Some(i);
            let intro = match self.rng.random_range(0..6) {
                0 | 1 => "See".to_string(),
                2 => format!("On {}, see", self.topic()),
                3 => "For a detailed account, see".to_string(),
                4 => "Cf.".to_string(),
                _ => "Quoted in".to_string(),
            };
            format!("{intro} {s}.")
        } else if roll < 51 {
            let c = self.commentary();
            let (s, i, a) = self.cite_new();
            article = a;
            single = Some(i);
            format!("{c} {s}.")
        } else if roll < 56 {
            let (s1, _, a1) = self.cite_new();
            let (s2, _, a2) = self.cite_new();
            article = a1 || a2;
            format!("{s1}. See also {s2}.")
        } else {
            let (s, i, a) = self.cite_new();
            article = a;
            single = Some(i);
            if s.contains("://") && chance(&mut self.rng, 0.5) {
                s
            } else {
                format!("{s}.")
            }
        };
        self.last_single = single;
        NoteText { text, article }
    }

    fn notes(&mut self, n: usize) -> Vec<NoteText> {
        (0..n).map(|_| self.note()).collect()
    }

    // ── chapter metadata ──

    /// One abstract-style sentence from template `template` (taken modulo the template count).
    fn abstract_sentence(&mut self, template: usize) -> String {
        let topic = self.topic();
        let topic2 = self.topic();
        let place = pick(&mut self.rng, EN_PLACES);
        let actor = pick(&mut self.rng, ACTORS);
        let y1 = self.event_year();
        match template % ABSTRACT_TEMPLATES {
            0 => format!(
                "This chapter examines {topic} in {place} from {y1} to {}.",
                (y1 + self.rng.random_range(3..30)).min(2024)
            ),
            1 => format!(
                "It argues that {topic} was shaped less by strategic calculation than by {topic2}."
            ),
            2 => format!(
                "Drawing on {}, the chapter traces how {actor} approached {topic}.",
                pick(&mut self.rng, SOURCES)
            ),
            3 => format!(
                "Since the end of the Cold War, {topic} has become a central concern for {actor}."
            ),
            4 => {
                let style = self.title_style();
                let (c, g) = pick(&mut self.rng, JA_COMMON);
                format!(
                    "Officials described the relationship as “{}” in Japanese, “{g}” in English.",
                    romanize(c, style)
                )
            }
            5 => format!("The chapter concludes by considering the implications for {topic2}."),
            6 => {
                let month = month_name(self.rng.random_range(1..=12));
                let verb = pick(&mut self.rng, VERBS);
                let object = pick(&mut self.rng, OBJECTS).replace("{t}", topic);
                format!(
                    "{} first {verb} {object} in {month} {y1}.",
                    capitalize(actor)
                )
            }
            7 => format!(
                "The geographical proximity of {place} has long made {topic} a matter of domestic politics."
            ),
            _ => format!(
                "Neither {actor} nor its partners anticipated how quickly {topic2} would become entangled with {topic}."
            ),
        }
    }

    fn abstract_sentences(&mut self, notes: usize) -> Vec<(String, Option<usize>)> {
        let count = self.rng.random_range(4..=8);
        let markers = self.rng.random_range(0..=3usize).min(notes);
        let mut next_marker = 1;
        let order = self.shuffled(ABSTRACT_TEMPLATES);
        (0..count)
            .map(|i| {
                let s = self.abstract_sentence(order[i % order.len()]);
                let marked = next_marker <= markers && i + 1 < count && chance(&mut self.rng, 0.5);
                let marker = marked.then(|| {
                    next_marker += 1;
                    next_marker - 1
                });
                (s, marker)
            })
            .collect()
    }

    /// Chapter metadata; the abstract may carry markers for notes `1..=notes` and is absent
    /// from about one page in ten unless `always_abstract`.
    fn meta(&mut self, notes: usize, always_abstract: bool) -> Meta {
        let title = if chance(&mut self.rng, 0.1) {
            let (t, e) = self.japanese_title();
            format!("{e}: {t}")
        } else {
            self.english_title()
        };
        let book = self.english_title();
        let first = self.pool_person();
        let meta_style = if chance(&mut self.rng, 0.8) {
            Style {
                long: LongVowel::Plain,
                n: SyllabicN::Plain,
                ..MACRON_STYLE
            }
        } else {
            MACRON_STYLE
        };
        let mut authors = vec![first.name(meta_style, &mut self.rng)];
        if chance(&mut self.rng, 0.2) {
            let p = self.pool_person();
            authors.push(p.name(meta_style, &mut self.rng));
        }
        let editors = (0..self.rng.random_range(1..=3))
            .map(|_| {
                let p = self.pool_person();
                p.name(meta_style, &mut self.rng)
            })
            .collect();
        let (publisher, place, prefix) = pick(&mut self.rng, IMPRINTS);
        let chapter_no = self.rng.random_range(1..20);
        let doi = if prefix == "10.1057" {
            format!(
                "{prefix}/978{:010}_{chapter_no}",
                self.rng.random_range(0..10_000_000_000u64)
            )
        } else {
            format!(
                "{prefix}/978-{}-{:03}-{:05}-{}_{chapter_no}",
                pick(&mut self.rng, &["981", "3", "4", "94"]),
                self.rng.random_range(0..1000),
                self.rng.random_range(0..100_000),
                self.rng.random_range(0..10)
            )
        };
        let abstract_sentences = if always_abstract || chance(&mut self.rng, 0.9) {
            self.abstract_sentences(notes)
        } else {
            Vec::new()
        };
        Meta {
            title,
            book,
            authors,
            editors,
            year: self.year,
            month: self.rng.random_range(1..=12),
            day: self.rng.random_range(1..=28),
            publisher: publisher.to_string(),
            place: place.to_string(),
            doi,
            abstract_sentences,
        }
    }

    // ── layouts ──

    /// A saved publisher page as text, in the fixture's shape.
    fn page(&mut self, n: usize) -> String {
        let meta = self.meta(n, false);
        let notes = self.notes(n);
        let rng = &mut self.rng;
        let mut s = String::with_capacity(512 + n * 420);
        let line = |s: &mut String, text: &str| {
            s.push_str(text);
            s.push('\n');
        };
        line(&mut s, "Skip to main content");
        line(&mut s, "");
        line(&mut s, &meta.title);
        line(&mut s, "");
        line(&mut s, "  • Chapter");
        line(&mut s, &meta.book);
        line(&mut s, "");
        if !meta.abstract_sentences.is_empty() {
            line(&mut s, "Abstract");
            line(&mut s, "");
            let split = if chance(rng, 0.25) {
                meta.abstract_sentences.len() / 2
            } else {
                usize::MAX
            };
            let mut para = String::new();
            for (i, (sentence, marker)) in meta.abstract_sentences.iter().enumerate() {
                if i == split {
                    line(&mut s, para.trim_end());
                    line(&mut s, "");
                    para.clear();
                }
                para.push_str(sentence);
                if let Some(m) = marker {
                    let _ = write!(para, "{m}");
                }
                para.push(' ');
            }
            line(&mut s, para.trim_end());
            line(&mut s, "");
        }
        push_paywall(&mut s, rng);
        let heading = weighted(rng, &[("Notes", 80), ("Endnotes", 12), ("Footnotes", 8)]);
        line(&mut s, heading);
        line(&mut s, "");
        let bracketed = chance(rng, 0.15);
        let scholar_rate = if chance(rng, 0.8) { 0.95 } else { 0.6 };
        for (i, note) in notes.iter().enumerate() {
            let num = i + 1;
            if bracketed {
                let _ = writeln!(s, "  [{num}] {}", note.text);
            } else {
                let _ = writeln!(s, "  {num}. {}", note.text);
            }
            line(&mut s, "");
            if chance(rng, scholar_rate) {
                if note.article {
                    line(&mut s, "    Article\u{a0} Google Scholar\u{a0}");
                } else {
                    line(&mut s, "    Google Scholar\u{a0}");
                }
                line(&mut s, "");
            }
        }
        line(&mut s, "Download references");
        line(&mut s, "");
        line(&mut s, "Authors");
        line(&mut s, "");
        if chance(rng, 0.3) {
            for a in &meta.authors {
                line(&mut s, &a.full());
                line(&mut s, "");
            }
        }
        line(&mut s, "Editor information");
        line(&mut s, "");
        let editors: Vec<String> = meta.editors.iter().map(Name::full).collect();
        line(&mut s, &editors.join(" "));
        line(&mut s, "");
        line(&mut s, "Copyright information");
        line(&mut s, "");
        if chance(rng, 0.6) {
            let _ = writeln!(s, "© {} {}", meta.year, join_names(&editors));
        } else {
            let _ = writeln!(
                s,
                "© {} The Author(s), under exclusive license to {} Nature {} Pte Ltd.",
                meta.year, meta.publisher, meta.place
            );
        }
        line(&mut s, "");
        line(&mut s, "About this chapter");
        line(&mut s, "");
        line(&mut s, "Cite this chapter");
        line(&mut s, "");
        line(&mut s, &cite_line(&meta));
        line(&mut s, "");
        line(&mut s, "Download citation");
        line(&mut s, "");
        line(&mut s, "Publish with us");
        line(&mut s, "");
        line(&mut s, "Policies and ethics");
        if chance(rng, 0.1) {
            s.replace('\n', "\r\n")
        } else {
            s
        }
    }

    /// A saved HTML page with Highwire meta tags, abstract section and note list.
    fn html(&mut self, n: usize) -> String {
        let meta = self.meta(n, false);
        let notes = self.notes(n);
        let rng = &mut self.rng;
        let mut s = String::with_capacity(2048 + n * 560);
        let title = esc(&meta.title);
        let _ = writeln!(
            s,
            "<!DOCTYPE html>\n<html lang=\"en\" class=\"no-js\">\n<head>"
        );
        let _ = writeln!(s, "<meta charset=\"UTF-8\">");
        let _ = writeln!(
            s,
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        );
        let _ = writeln!(s, "<title>{title} | SpringerLink</title>");
        let _ = writeln!(s, "<meta name=\"citation_title\" content=\"{title}\">");
        let inverted = chance(rng, 0.5);
        for a in &meta.authors {
            let name = if inverted { a.inverted() } else { a.full() };
            let _ = writeln!(
                s,
                "<meta name=\"citation_author\" content=\"{}\">",
                esc(&name)
            );
        }
        let _ = writeln!(
            s,
            "<meta name=\"citation_publication_date\" content=\"{}/{:02}/{:02}\">",
            meta.year, meta.month, meta.day
        );
        let _ = writeln!(s, "<meta name=\"citation_doi\" content=\"{}\">", meta.doi);
        let _ = writeln!(
            s,
            "<meta name=\"citation_inbook_title\" content=\"{}\">",
            esc(&meta.book)
        );
        let _ = writeln!(
            s,
            "<meta name=\"citation_publisher\" content=\"{}\">",
            esc(&meta.publisher)
        );
        let first_page = rng.random_range(1..300);
        let _ = writeln!(
            s,
            "<meta name=\"citation_firstpage\" content=\"{first_page}\">\n<meta name=\"citation_lastpage\" content=\"{}\">",
            first_page + rng.random_range(12..40)
        );
        let _ = writeln!(s, "<meta name=\"citation_language\" content=\"en\">");
        let _ = writeln!(
            s,
            "<link rel=\"canonical\" href=\"https://link.springer.com/chapter/{}\">",
            meta.doi
        );
        let _ = writeln!(s, "</head>\n<body class=\"shared-article-renderer\">");
        let _ = writeln!(
            s,
            "<a class=\"c-skip-link\" href=\"#main-content\">Skip to main content</a>"
        );
        let _ = writeln!(s, "<main id=\"main-content\" class=\"c-article-body\">");
        let _ = writeln!(s, "<article lang=\"en\">\n<div class=\"c-article-header\">");
        let _ = writeln!(
            s,
            "<ul class=\"c-article-identifiers\"><li>Chapter</li></ul>"
        );
        let _ = writeln!(
            s,
            "<h1 class=\"c-article-title\" data-test=\"chapter-title\">{title}</h1>"
        );
        let _ = writeln!(s, "<ul class=\"c-article-author-list\">");
        for a in &meta.authors {
            let _ = writeln!(
                s,
                "<li class=\"c-article-author-list__item\">{}</li>",
                esc(&a.full())
            );
        }
        let _ = writeln!(s, "</ul>");
        let _ = writeln!(
            s,
            "<p class=\"c-chapter-book-series\">Part of the book: <a data-test=\"book-link\" href=\"/book/{}\">{}</a></p>\n</div>",
            meta.doi.split('_').next().unwrap_or(""),
            esc(&meta.book)
        );
        if !meta.abstract_sentences.is_empty() {
            let _ = write!(
                s,
                "<section id=\"Abs1\" data-title=\"Abstract\" lang=\"en\"><h2 class=\"c-article-section__title\">Abstract</h2><div class=\"c-article-section__content\"><p>"
            );
            let sup = chance(rng, 0.6);
            for (i, (sentence, marker)) in meta.abstract_sentences.iter().enumerate() {
                if i > 0 {
                    s.push(' ');
                }
                s.push_str(&esc(sentence));
                if let Some(m) = marker {
                    if sup {
                        let _ = write!(s, "<sup><a href=\"#Fn{m}\" id=\"ref-Fn{m}\">{m}</a></sup>");
                    } else {
                        let _ = write!(s, "{m}");
                    }
                }
            }
            let _ = writeln!(s, "</p></div></section>");
        }
        let _ = writeln!(
            s,
            "<div class=\"c-article-access-provider\"><p>This is a preview of subscription content, log in via an institution to check access.</p></div>"
        );
        let _ = writeln!(
            s,
            "<section id=\"notes\" data-title=\"Notes\"><h2 class=\"c-article-section__title\">Notes</h2>\n<div class=\"c-article-section__content\"><ol class=\"c-article-footnote--listed\">"
        );
        for (i, note) in notes.iter().enumerate() {
            let num = i + 1;
            let _ = write!(
                s,
                "<li class=\"c-article-footnote--listed__item\" id=\"Fn{num}\" data-counter=\"{num}.\"><div class=\"c-article-footnote--listed__content\"><p>{}</p></div>",
                esc(&note.text)
            );
            if note.article {
                s.push_str("<p class=\"c-article-references__links\"><a data-track-action=\"article reference\" href=\"#\">Article</a> <a href=\"https://scholar.google.com/scholar_lookup\">Google Scholar</a></p>");
            } else if chance(rng, 0.9) {
                s.push_str("<p class=\"c-article-references__links\"><a href=\"https://scholar.google.com/scholar_lookup\">Google Scholar</a></p>");
            }
            s.push_str("</li>\n");
        }
        let _ = writeln!(s, "</ol></div></section>");
        let _ = writeln!(
            s,
            "<section data-title=\"About this chapter\"><h2>Cite this chapter</h2><p class=\"c-bibliographic-information__citation\">{}</p></section>",
            esc(&cite_line(&meta))
        );
        let _ = writeln!(
            s,
            "</article>\n</main>\n<footer class=\"c-footer\"><p>Publish with us</p><p>Policies and ethics</p></footer>\n</body>\n</html>"
        );
        s
    }

    /// A journal article as text with an unnumbered author-date reference list.
    fn article(&mut self, n: usize) -> String {
        let mut refs: Vec<Work> = (0..n).map(|_| self.work()).collect();
        refs.sort_by_cached_key(|w| (fold_key(&w.lead_family()), w.year));
        let meta = self.meta(0, true);
        let rng = &mut self.rng;
        let journal = pick(rng, WE_JOURNALS);
        let volume = rng.random_range(1..70);
        let issue = rng.random_range(1..13);
        let first_page = rng.random_range(1..900);
        let mut s = String::with_capacity(4096 + n * 220);
        let _ = writeln!(s, "{journal}");
        let _ = writeln!(
            s,
            "Volume {volume}, Issue {issue}, {} {}, pp. {first_page}–{}",
            month_name(meta.month),
            meta.year,
            first_page + rng.random_range(18..40)
        );
        if chance(rng, 0.6) {
            let _ = writeln!(s, "https://doi.org/{}", meta.doi.replace('_', "."));
        }
        let _ = writeln!(s, "\n{}\n", meta.title);
        let authors: Vec<String> = meta.authors.iter().map(Name::full).collect();
        let _ = writeln!(s, "{}\n", authors.join(", "));
        let _ = writeln!(s, "Abstract\n");
        let abstract_text: Vec<&str> = meta
            .abstract_sentences
            .iter()
            .map(|(t, _)| t.as_str())
            .collect();
        let _ = writeln!(s, "{}\n", abstract_text.join(" "));
        let keywords: Vec<&str> = (0..4).map(|_| pick(rng, EN_TOPICS)).collect();
        let _ = writeln!(s, "Keywords\n{}\n", keywords.join(" · "));
        let middle = rng.random_range(1..=3usize);
        let sections = std::iter::once("Introduction")
            .chain(
                ["Background", "Analysis", "Discussion"]
                    .into_iter()
                    .take(middle),
            )
            .chain(std::iter::once("Conclusion"));
        for (k, heading) in sections.enumerate() {
            let _ = writeln!(s, "{}. {heading}\n", k + 1);
            for _ in 0..self.rng.random_range(1..=3) {
                let mut para = String::new();
                let order = self.shuffled(ABSTRACT_TEMPLATES);
                for &template in order.iter().take(self.rng.random_range(3..=5)) {
                    let sentence = self.abstract_sentence(template);
                    if chance(&mut self.rng, 0.3) {
                        let _ = write!(para, "{sentence} ");
                        continue;
                    }
                    let body = sentence.trim_end_matches('.');
                    let w = &refs[self.rng.random_range(0..refs.len())];
                    let cite = if chance(&mut self.rng, 0.5) {
                        format!(
                            "({} {}, {})",
                            w.lead_family(),
                            w.year,
                            self.rng.random_range(1..400)
                        )
                    } else {
                        format!("({} {})", w.lead_family(), w.year)
                    };
                    let _ = write!(para, "{body} {cite}. ");
                }
                let _ = writeln!(s, "{}\n", para.trim_end());
            }
        }
        let _ = writeln!(s, "References\n");
        let spaced = chance(&mut self.rng, 0.5);
        for w in &refs {
            let _ = writeln!(s, "{}", reference_entry(w));
            if spaced {
                s.push('\n');
            }
        }
        s
    }

    /// Plain Markdown reading notes on a chapter.
    fn markdown(&mut self, n: usize) -> String {
        let meta = self.meta(0, true);
        let mut s = String::with_capacity(1024 + n * 260);
        let _ = writeln!(s, "# {}\n", meta.title);
        let authors: Vec<String> = meta.authors.iter().map(Name::full).collect();
        let _ = writeln!(
            s,
            "**{}** · *{}* ({}, {})\n",
            authors.join(", "),
            meta.book,
            meta.publisher,
            meta.year
        );
        let tags: Vec<String> = (0..self.rng.random_range(2..5))
            .map(|_| {
                let t = pick(&mut self.rng, EN_TOPICS);
                format!("#{}", t.to_lowercase().replace(' ', "-"))
            })
            .collect();
        let _ = writeln!(s, "Tags: {}  ", tags.join(" "));
        let _ = writeln!(
            s,
            "Read: {}-{:02}-{:02}\n",
            (meta.year + self.rng.random_range(0..4)).min(2024),
            meta.month,
            meta.day
        );
        let _ = writeln!(s, "## Summary\n");
        let summary: Vec<&str> = meta
            .abstract_sentences
            .iter()
            .map(|(t, _)| t.as_str())
            .collect();
        let _ = writeln!(s, "{}\n", summary.join(" "));
        let _ = writeln!(s, "## Notes\n");
        for _ in 0..n {
            let item = match self.rng.random_range(0..6) {
                0 | 1 => {
                    let c = self.commentary();
                    format!("p. {}: {c}", self.rng.random_range(1..300))
                }
                2 | 3 => {
                    let (cite, _, _) = self.cite_new();
                    let tail = pick(
                        &mut self.rng,
                        &[
                            "",
                            " — worth tracking down.",
                            " (library has it)",
                            " **check**",
                        ],
                    );
                    format!("{cite}.{tail}")
                }
                4 => match self.cite_again() {
                    Some((short, _)) => format!("Cf. {short}."),
                    None => {
                        let (cite, _, _) = self.cite_new();
                        format!("Cites {cite}.")
                    }
                },
                _ => {
                    let style = self.title_style();
                    let (c, g) = pick(&mut self.rng, JA_COMMON);
                    format!(
                        "Term: *{}* = {g} (p. {})",
                        romanize(c, style),
                        self.rng.random_range(1..300)
                    )
                }
            };
            let _ = writeln!(s, "- {item}");
        }
        s
    }
}

/// "Family, G. (YEAR). Title. In: Ed, A., Ed, B. (eds) Book. Publisher, Place. https://doi.org/…"
fn cite_line(meta: &Meta) -> String {
    let authors: Vec<String> = meta.authors.iter().map(Name::cite_form).collect();
    let editors: Vec<String> = meta.editors.iter().map(Name::cite_form).collect();
    format!(
        "{} ({}). {}. In: {} (eds) {}. {}, {}. https://doi.org/{}",
        authors.join(", "),
        meta.year,
        meta.title,
        editors.join(", "),
        meta.book,
        meta.publisher,
        meta.place,
        meta.doi
    )
}

/// Price and purchase boilerplate of a paywalled page.
fn push_paywall(s: &mut String, rng: &mut Pcg64) {
    let (currency, vat) = weighted(
        rng,
        &[
            (("USD", "Price excludes VAT (USA)"), 60),
            (("EUR", "Price includes VAT (Germany)"), 25),
            (("GBP", "Price includes VAT (United Kingdom)"), 15),
        ],
    );
    s.push_str(
        "This is a preview of subscription content, log in via an institution to check access.\n\nAccess this chapter\n\n",
    );
    let products: [(&str, &[&str], &[&str]); 4] = [
        (
            "Chapter",
            &["24.95", "29.95", "34.99"],
            &[
                "Available as PDF",
                "Read on any device",
                "Instant download",
                "Own it forever",
            ],
        ),
        (
            "eBook",
            &["69.99", "84.99", "99.00"],
            &[
                "Available as EPUB and PDF",
                "Read on any device",
                "Instant download",
                "Own it forever",
            ],
        ),
        (
            "Softcover Book",
            &["89.99", "109.99"],
            &[
                "Compact, lightweight edition",
                "Dispatched in 3 to 5 business days",
                "Free shipping worldwide - see info",
            ],
        ),
        (
            "Hardcover Book",
            &["109.99", "139.99"],
            &[
                "Durable hardcover edition",
                "Dispatched in 3 to 5 business days",
                "Free shipping worldwide - see info",
            ],
        ),
    ];
    let shown = rng.random_range(2..=4);
    for (product, prices, bullets) in products.iter().take(shown) {
        let _ = writeln!(s, "{product}\n{currency}\u{a0}{}\n{vat}", pick(rng, prices));
        for b in *bullets {
            let _ = writeln!(s, "  • {b}");
        }
    }
    s.push_str("\nTax calculation will be finalised at checkout\n\nPurchases are for personal use only\n\nInstitutional subscriptions\n\n");
    if chance(rng, 0.85) {
        s.push_str("Preview\n\n");
        for _ in 0..2 {
            s.push_str("Unable to display preview.\u{a0}Download preview PDF.\n\n");
        }
    }
}

/// 4800 → "4,800".
fn thousands(n: u32) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + 2);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Escape text for HTML content and attribute values.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

fn possessive(s: &str) -> String {
    if s.ends_with('s') {
        format!("{s}’")
    } else {
        format!("{s}’s")
    }
}

fn random_title_style(rng: &mut Pcg64) -> Style {
    let n = weighted(
        rng,
        &[
            (SyllabicN::Hepburn, 45),
            (SyllabicN::Modified, 35),
            (SyllabicN::Plain, 10),
            (SyllabicN::Wapuro, 10),
        ],
    );
    let long = if n == SyllabicN::Wapuro && chance(rng, 0.8) {
        LongVowel::Ou
    } else {
        weighted(
            rng,
            &[
                (LongVowel::Macron, 36),
                (LongVowel::Plain, 28),
                (LongVowel::Ou, 18),
                (LongVowel::Circumflex, 10),
                (LongVowel::Oo, 8),
            ],
        )
    };
    Style {
        long,
        n,
        kunrei: chance(rng, 0.12),
        join: weighted(
            rng,
            &[
                (Join::Spaced, 72),
                (Join::RunTogether, 13),
                (Join::Camel, 10),
                (Join::Hyphen, 5),
            ],
        ),
        case: if chance(rng, 0.55) {
            Case::Title
        } else {
            Case::Sentence
        },
        wo_as_o: chance(rng, 0.5),
    }
}

fn random_name_style(rng: &mut Pcg64) -> Style {
    Style {
        long: weighted(
            rng,
            &[
                (LongVowel::Plain, 50),
                (LongVowel::Macron, 22),
                (LongVowel::Oh, 12),
                (LongVowel::Ou, 9),
                (LongVowel::Oo, 4),
                (LongVowel::Circumflex, 3),
            ],
        ),
        n: weighted(
            rng,
            &[
                (SyllabicN::Modified, 60),
                (SyllabicN::Plain, 35),
                (SyllabicN::Hepburn, 5),
            ],
        ),
        kunrei: chance(rng, 0.03),
        join: Join::Spaced,
        case: Case::Title,
        wo_as_o: false,
    }
}

/// English gloss of a compound: "Japan-U.S. security cooperation".
fn gloss(terms: &[(&str, &str, bool)]) -> String {
    terms
        .iter()
        .map(|&(_, g, _)| g)
        .collect::<Vec<_>>()
        .join(" ")
}

/// A grammatical particle or phrase ("no", "wo meguru") in the given style, lowercase.
fn particle(canon: &str, style: Style) -> String {
    let canon = if style.wo_as_o {
        canon.replace("wo ", "o ")
    } else {
        canon.to_string()
    };
    romanize(&canon, style)
}

/// Render a compound of terms; `first` = it starts the title (capitalized in sentence case).
fn render_compound(terms: &[(&str, &str, bool)], style: Style, first: bool) -> String {
    let words: Vec<(&str, bool)> = terms
        .iter()
        .flat_map(|&(canon, _, proper)| canon.split(' ').map(move |w| (w, proper)))
        .collect();
    let cap = |i: usize, proper: bool| style.case == Case::Title || proper || (first && i == 0);
    let join = if words.len() > 1 {
        style.join
    } else {
        Join::Spaced
    };
    match join {
        Join::Spaced | Join::Hyphen => {
            let sep = if join == Join::Hyphen { "-" } else { " " };
            words
                .iter()
                .enumerate()
                .map(|(i, &(w, proper))| {
                    let r = romanize(w, style);
                    if cap(i, proper) && (i == 0 || sep == " ") {
                        capitalize(&r)
                    } else {
                        r
                    }
                })
                .collect::<Vec<_>>()
                .join(sep)
        }
        Join::Camel => words
            .iter()
            .map(|&(w, _)| capitalize(&romanize(w, style)))
            .collect(),
        Join::RunTogether => {
            let canon: String = words.iter().map(|&(w, _)| w).collect();
            let r = romanize(&canon, style);
            if cap(0, words.first().is_some_and(|&(_, p)| p)) {
                capitalize(&r)
            } else {
                r
            }
        }
    }
}

// ───────────────────────────── tests ─────────────────────────────

#[cfg(test)]
mod tests {
    use super::*;

    fn style(long: LongVowel, n: SyllabicN, kunrei: bool) -> Style {
        Style {
            long,
            n,
            kunrei,
            ..MACRON_STYLE
        }
    }

    fn corpus(seed: u64, count: u64) -> Vec<Doc> {
        let pools = Pools::new(seed);
        (0..count).map(|i| generate(&pools, seed, i)).collect()
    }

    #[test]
    fn same_seed_gives_identical_chapters() {
        let pools = Pools::new(42);
        let a: Vec<Doc> = (0..2).map(|i| generate(&pools, 42, i)).collect();
        let pools_again = Pools::new(42);
        let b: Vec<Doc> = (0..2).map(|i| generate(&pools_again, 42, i)).collect();
        assert_eq!(a, b);
        assert_ne!(a[0].text, a[1].text, "different chapters must differ");
    }

    #[test]
    fn different_seed_gives_different_chapters() {
        let a = corpus(42, 2);
        let b = corpus(43, 2);
        assert_ne!(a[0].text, b[0].text);
        assert_ne!(a[1].text, b[1].text);
    }

    #[test]
    fn chapter_does_not_depend_on_generation_order() {
        let pools = Pools::new(9);
        let forward = generate(&pools, 9, 17);
        let _ = generate(&pools, 9, 3);
        assert_eq!(forward, generate(&pools, 9, 17));
    }

    /// Count the notes actually laid out in a file, per format.
    fn laid_out_notes(doc: &Doc) -> usize {
        match doc.format {
            DocFormat::Page => doc
                .text
                .lines()
                .filter(|l| {
                    let Some(rest) = l.strip_prefix("  ") else {
                        return false;
                    };
                    let rest = rest.strip_prefix('[').unwrap_or(rest);
                    let digits = rest.chars().take_while(char::is_ascii_digit).count();
                    digits > 0 && matches!(rest[digits..].chars().next(), Some('.' | ']'))
                })
                .count(),
            DocFormat::Html => doc.text.matches("<li class=\"c-article-footnote").count(),
            DocFormat::Article => doc.text.split("\nReferences\n").nth(1).map_or(0, |refs| {
                refs.lines().filter(|l| !l.trim().is_empty()).count()
            }),
            DocFormat::Markdown => doc.text.split("## Notes\n").nth(1).map_or(0, |notes| {
                notes.lines().filter(|l| l.starts_with("- ")).count()
            }),
        }
    }

    #[test]
    fn note_counts_are_within_20_to_60_and_match_the_layout() {
        for doc in corpus(5, 120) {
            assert!(
                (20..=60).contains(&doc.notes),
                "{}: {} notes",
                doc.file_name,
                doc.notes
            );
            assert_eq!(laid_out_notes(&doc), doc.notes, "{}", doc.file_name);
        }
    }

    #[test]
    fn format_mix_is_roughly_as_specified() {
        let docs = corpus(11, 400);
        let share =
            |f: DocFormat| docs.iter().filter(|d| d.format == f).count() as f64 / docs.len() as f64;
        let page = share(DocFormat::Page);
        let html = share(DocFormat::Html);
        let article = share(DocFormat::Article);
        let markdown = share(DocFormat::Markdown);
        assert!((0.67..=0.83).contains(&page), "page {page}");
        assert!((0.07..=0.17).contains(&html), "html {html}");
        assert!((0.04..=0.12).contains(&article), "article {article}");
        assert!((0.02..=0.09).contains(&markdown), "markdown {markdown}");
    }

    #[test]
    fn formats_have_their_landmarks() {
        for doc in corpus(3, 150) {
            let t = &doc.text;
            match doc.format {
                DocFormat::Page => {
                    assert!(t.starts_with("Skip to main content"));
                    assert!(t.contains("Google Scholar\u{a0}"));
                    assert!(t.contains("Cite this chapter"));
                    assert!(t.contains("https://doi.org/10."));
                    assert!(doc.file_name.ends_with(".txt"));
                }
                DocFormat::Html => {
                    for tag in [
                        "citation_title",
                        "citation_author",
                        "citation_publication_date",
                        "citation_doi",
                        "citation_inbook_title",
                        "citation_publisher",
                    ] {
                        assert!(t.contains(&format!("<meta name=\"{tag}\"")), "{tag}");
                    }
                    assert!(t.contains("<h2 class=\"c-article-section__title\">Notes</h2>"));
                    assert!(doc.file_name.ends_with(".html"));
                }
                DocFormat::Article => assert!(t.contains("\nReferences\n")),
                DocFormat::Markdown => {
                    assert!(t.starts_with("# "));
                    assert!(doc.file_name.ends_with(".md"));
                }
            }
        }
    }

    #[test]
    fn romanize_renders_every_spelling_system() {
        let canon = "añzeñ hoshō kyōryoku";
        let hep = style(LongVowel::Macron, SyllabicN::Hepburn, false);
        assert_eq!(romanize(canon, hep), "anzen hoshō kyōryoku");
        let cir = style(LongVowel::Circumflex, SyllabicN::Plain, true);
        assert_eq!(romanize(canon, cir), "anzen hosyô kyôryoku");
        let wap = style(LongVowel::Ou, SyllabicN::Wapuro, false);
        assert_eq!(
            romanize("añzeñhoshōkyōryoku", wap),
            "annzennhoshoukyouryoku"
        );
        assert_eq!(romanize("shiñbuñ", hep), "shimbun");
        assert_eq!(
            romanize(
                "shiñbuñ",
                style(LongVowel::Plain, SyllabicN::Modified, false)
            ),
            "shinbun"
        );
        assert_eq!(
            romanize("shiñbuñ", style(LongVowel::Plain, SyllabicN::Plain, true)),
            "sinbun"
        );
        assert_eq!(
            romanize(
                "kitachōseñ",
                style(LongVowel::Circumflex, SyllabicN::Plain, true)
            ),
            "kitatyôsen"
        );
        assert_eq!(
            romanize(
                "juñichi",
                style(LongVowel::Plain, SyllabicN::Modified, false)
            ),
            "jun'ichi"
        );
        assert_eq!(
            romanize("juñichi", style(LongVowel::Plain, SyllabicN::Plain, false)),
            "junichi"
        );
        assert_eq!(
            romanize("tsūshō", style(LongVowel::Oo, SyllabicN::Plain, true)),
            "tuusyoo"
        );
        for (long, want) in [
            (LongVowel::Macron, "satō"),
            (LongVowel::Plain, "sato"),
            (LongVowel::Ou, "satou"),
            (LongVowel::Oh, "satoh"),
            (LongVowel::Circumflex, "satô"),
        ] {
            assert_eq!(romanize("satō", style(long, SyllabicN::Plain, false)), want);
        }
        assert_eq!(
            romanize("ōishi", style(LongVowel::Oh, SyllabicN::Plain, false)),
            "oishi"
        );
    }

    #[test]
    fn compounds_join_spaced_run_together_and_camel() {
        let terms = [
            ("nikkañ", "Japan-ROK", true),
            ("añzeñ hoshō", "security", false),
            ("kyōryoku", "cooperation", false),
        ];
        let mut s = Style {
            long: LongVowel::Ou,
            n: SyllabicN::Wapuro,
            join: Join::RunTogether,
            case: Case::Sentence,
            ..MACRON_STYLE
        };
        assert_eq!(
            render_compound(&terms[1..], s, false),
            "annzennhoshoukyouryoku"
        );
        s.join = Join::Camel;
        s.n = SyllabicN::Plain;
        assert_eq!(
            render_compound(&terms[1..], s, false),
            "AnzenHoshouKyouryoku"
        );
        s.join = Join::Spaced;
        s.long = LongVowel::Macron;
        assert_eq!(
            render_compound(&terms, s, false),
            "Nikkan anzen hoshō kyōryoku"
        );
        assert_eq!(gloss(&terms), "Japan-ROK security cooperation");
    }

    #[test]
    fn corpus_contains_spelling_variants_of_one_person_and_one_word() {
        let text: String = corpus(1, 250).into_iter().map(|d| d.text).collect();
        for needle in [
            "Satō", "Satoh", "Satou", "Sato,", "Shimbun", "Shinbun", "ô", "ō", "n'", "ou",
        ] {
            assert!(text.contains(needle), "missing {needle:?}");
        }
        let lower = text.to_lowercase();
        assert!(
            lower.contains("gaikou") || lower.contains("gaikoo"),
            "no ou/oo variant"
        );
        assert!(
            lower.contains("sy") && lower.contains("ty"),
            "no Kunrei forms"
        );
        assert!(
            lower
                .split(|c: char| !c.is_alphabetic())
                .any(|w| w.chars().count() >= 16),
            "no run-together compounds"
        );
        assert!(text.contains("Ibid."));
        assert!(text.contains("; "));
        assert!(text.contains("See also"));
    }

    #[test]
    fn authors_follow_a_skewed_frequency() {
        let pools = Pools::new(1);
        let mut rng = chapter_rng(1, 0);
        let mut counts = vec![0usize; pools.people.len()];
        for _ in 0..20_000 {
            let p = pools.person(&mut rng) as *const Person;
            let idx = pools
                .people
                .iter()
                .position(|q| std::ptr::eq(q, p))
                .unwrap_or(0);
            counts[idx] += 1;
        }
        assert_eq!(pools.people.len(), POOL_SIZE);
        assert!(counts[0] > 1500, "top author cited {} times", counts[0]);
        assert!(counts[0] > 20 * counts[500].max(1));
    }

    #[test]
    fn short_title_keeps_four_words_before_colon() {
        assert_eq!(
            short_title("Nichibei Dōmei no Kigen: Sengo"),
            "Nichibei Dōmei no Kigen"
        );
        assert_eq!(
            short_title("How Did Trade Policy Change?"),
            "How Did Trade Policy"
        );
        assert_eq!(short_title("Deterrence"), "Deterrence");
        assert_eq!(
            short_title("From Security Cooperation to Alliance"),
            "From Security Cooperation"
        );
        assert_eq!(
            short_title("Kaisetsu no Jōhōsen, 1919–1940"),
            "Kaisetsu no Jōhōsen"
        );
        assert_eq!(
            short_title("Nichibei Dōmei no Kigen"),
            "Nichibei Dōmei no Kigen"
        );
        assert_eq!(short_title("Gaikō no"), "Gaikō");
    }

    #[test]
    fn html_escaping_and_names() {
        assert_eq!(
            esc("Rowman & Littlefield <\"x\">"),
            "Rowman &amp; Littlefield &lt;&quot;x&quot;&gt;"
        );
        let n = Name {
            family: "Ikenberry".into(),
            given: "G. John".into(),
            family_first: false,
        };
        assert_eq!(n.cite_form(), "Ikenberry, G.J.");
        assert_eq!(n.inverted(), "Ikenberry, G. John");
        assert_eq!(
            join_names(&["A".into(), "B".into(), "C".into()]),
            "A, B, and C"
        );
    }
}
