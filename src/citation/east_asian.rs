//! Name order for East Asian names written family-first without a comma ("Satoh Kenji",
//! "Xi Jinping", "Okakura Kakuzō"): decided from common given names, given-name endings,
//! common Chinese and Korean surnames and the syllable shape of romanised words.

use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt::Write as _;

use once_cell::sync::Lazy;
use regex::Regex;

use crate::analyzer::romaji::fold_name;

/// Common Japanese given names, folded (macrons and long-vowel spellings removed).
const JA_GIVEN: &[&str] = &[
    "akio",
    "akira",
    "aritomo",
    "eisaku",
    "fumio",
    "fumimaro",
    "hanako",
    "haruo",
    "hayato",
    "hideaki",
    "hideki",
    "hideo",
    "hideya",
    "hirobumi",
    "hirofumi",
    "hiroki",
    "hiroshi",
    "hiroyuki",
    "hisashi",
    "isamu",
    "iwao",
    "jitsuo",
    "jun",
    "kakuei",
    "kaori",
    "katsuichi",
    "kazuo",
    "kazumasa",
    "ken",
    "kenji",
    "kenta",
    "kinmochi",
    "kiyoshi",
    "koji",
    "kunio",
    "mamoru",
    "masahiro",
    "masao",
    "masayoshi",
    "mayumi",
    "megumi",
    "michio",
    "minoru",
    "mitsuo",
    "morihiro",
    "munemitsu",
    "naoto",
    "nobuo",
    "nobusuke",
    "nobutaka",
    "norio",
    "osamu",
    "sadao",
    "satoshi",
    "seiji",
    "shigenobu",
    "shigeru",
    "shinji",
    "shinya",
    "shoin",
    "shota",
    "soseki",
    "tadashi",
    "takaaki",
    "takahiro",
    "takamori",
    "takashi",
    "takeshi",
    "takuya",
    "tatsuo",
    "teruo",
    "tetsuo",
    "tetsuya",
    "tomomi",
    "toshimichi",
    "toshio",
    "toshiyuki",
    "tsuneo",
    "yasuhiro",
    "yasuo",
    "yasuyo",
    "yoshihide",
    "yoshihiko",
    "yoshio",
    "yoshiro",
    "yukichi",
    "yukio",
    "yuki",
    "yuji",
    "yuko",
];

/// Endings that mark a Japanese given name ("Michiko", "Ichirō", "Shinzō", "Daisuke").
const JA_GIVEN_ENDINGS: &[&str] = &[
    "ko", "ichi", "ichiro", "jiro", "saburo", "zaburo", "suke", "zo", "hei", "taro", "hiko", "emon",
];

/// Common Chinese and Korean surnames, folded.
const CJK_SURNAMES: &[&str] = &[
    "ahn", "bae", "baek", "bai", "cai", "cao", "chen", "cheng", "cho", "choe", "choi", "chun",
    "chung", "cui", "deng", "ding", "dong", "du", "duan", "fan", "fang", "feng", "fu", "gao",
    "gong", "gu", "guo", "ha", "han", "hao", "he", "heo", "hong", "hou", "hu", "huang", "hwang",
    "jang", "jeon", "jia", "jiang", "jin", "jung", "kang", "kim", "ko", "koh", "kong", "kwon",
    "lee", "lei", "li", "liang", "liao", "lim", "lin", "liu", "long", "lu", "luo", "ma", "mao",
    "meng", "moon", "nam", "noh", "pan", "park", "peng", "qian", "qin", "qiu", "ren", "rhee",
    "roh", "ryu", "seo", "shao", "shen", "shi", "shin", "son", "song", "su", "sun", "tan", "tang",
    "tao", "tian", "wan", "wang", "wei", "wen", "wu", "xi", "xia", "xiao", "xie", "xiong", "xu",
    "xue", "yan", "yang", "yao", "ye", "yin", "yoo", "yoon", "yu", "yuan", "yun", "zeng", "zhang",
    "zhao", "zheng", "zhong", "zhou", "zhu", "zou",
];

/// A word made of Japanese (Hepburn) syllables.
static KANA: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"^(?:(?:[kgsztdnhbpmr]y?|sh|ch|j|ts|f|w|y)?[aiueo]|n)+$").expect("kana regex")
});
/// A word made of pinyin syllables (hyphenated parts checked one by one).
static PINYIN: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"^(?:(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?(?:iang|iong|uang|ang|eng|ing|ong|ian|iao|uai|uan|ai|ei|ao|ou|an|en|in|un|ia|ie|iu|ua|uo|ui|ue|er|a|o|e|i|u|v))+$")
        .expect("pinyin regex")
});

fn folded(word: &str) -> String {
    fold_name(word).replace(' ', "")
}

fn is_japanese_given(f: &str) -> bool {
    KANA.is_match(f)
        && (JA_GIVEN.contains(&f)
            || JA_GIVEN_ENDINGS
                .iter()
                .any(|e| f.len() > e.len() + 1 && f.ends_with(e)))
}

fn is_pinyin(f: &str) -> bool {
    !f.is_empty() && f.split('-').all(|p| !p.is_empty() && PINYIN.is_match(p))
}

/// Is "first second" written family name first?
///
/// The same pairs come up again and again (every reading of a segment tries its names), so
/// answers are remembered per thread (a bounded memo; the answer depends on the words only).
pub fn family_first(first: &str, second: &str) -> bool {
    thread_local! {
        static MEMO: RefCell<(String, HashMap<String, bool>)> = RefCell::default();
    }
    MEMO.with_borrow_mut(|(key, memo)| {
        // The length of `first` keeps the key unambiguous.
        key.clear();
        write!(key, "{}:{first}{second}", first.len()).expect("writing to a String");
        if let Some(&known) = memo.get(key.as_str()) {
            return known;
        }
        let answer = decide_family_first(first, second);
        if memo.len() >= 20_000 {
            memo.clear();
        }
        memo.insert(key.clone(), answer);
        answer
    })
}

fn decide_family_first(first: &str, second: &str) -> bool {
    let (a, b) = (folded(first), folded(second));
    if a.is_empty() || b.is_empty() {
        return false;
    }
    if KANA.is_match(&a) && is_japanese_given(&b) && !is_japanese_given(&a) {
        return true;
    }
    CJK_SURNAMES.contains(&a.as_str())
        && !CJK_SURNAMES.contains(&b.as_str())
        && !is_japanese_given(&a)
        && is_pinyin(&b.to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn family_first_names_are_recognised() {
        for (a, b) in [
            ("Satoh", "Kenji"),
            ("Tanabe", "Yūko"),
            ("Ookubo", "Haruo"),
            ("Okakura", "Kakuzō"),
            ("Ōe", "Kenzaburō"),
            ("Xi", "Jinping"),
            ("Wang", "Jisi"),
            ("Zhang", "Wei-Wei"),
        ] {
            assert!(family_first(a, b), "{a} {b}");
        }
    }

    #[test]
    fn given_first_names_are_left_alone() {
        for (a, b) in [
            ("Kenji", "Satō"),
            ("Yūko", "Tanabe"),
            ("Haruo", "Ōkubo"),
            ("Lee", "Jones"),
            ("Kim", "Richards"),
            ("Song", "Lee"),
            ("Jisi", "Wang"),
            ("Mary", "Tanaka"),
            ("Takeshi", "Inoue"),
        ] {
            assert!(!family_first(a, b), "{a} {b}");
        }
    }
}
