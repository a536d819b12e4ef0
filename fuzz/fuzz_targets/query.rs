//! Fuzz target: the query path — an in-RAM index of a few chapters, then `Engine::search` with
//! arbitrary query strings, `--author` names, year ranges, limits and facets, and both renderers.
//! The index has one segment per page (so facet counts are merged across segments).
//!
//! Input: one flag byte (bit 0: facets; bits 1..: limit), then UTF-8 (lossy) lines:
//! the query, then `;`-separated author names, then a year range `A..B` or `Y` (any i64s).
#![no_main]

use std::path::Path;

use kensaku::index::KIndex;
use kensaku::search::{Engine, Request, YearRange};
use kensaku::store::{Encoder, StoreDict};
use libfuzzer_sys::fuzz_target;
use tantivy::Index;

const PAGES: &[(&str, &str)] = &[
    (
        "04_missile-defense.txt",
        include_str!("../../corpus/04_missile-defense.txt"),
    ),
    (
        "08_claims_settlement_1965.txt",
        include_str!("../../corpus/08_claims_settlement_1965.txt"),
    ),
    (
        "12_japan_missile_defense.html",
        include_str!("../../corpus/12_japan_missile_defense.html"),
    ),
    (
        "hand.txt",
        "Nichibei dōmei and the alliance\n\nNotes\n\n\
         1. Funabashi Yōichi, Dōmei hyōryū [Alliance adrift] (Tōkyō: Iwanami Shoten, 1997), 12.\n\n\
         2. Satoh, Kōichi. \"Shūdanteki jieiken,\" Gaikō Forum 5 (2006): 3–9.\n\n\
         3. Ibid., 4.\n\n",
    ),
];

fn engine() -> Engine {
    let (schema, fields) = kensaku::schema::build();
    let index = Index::create_in_ram(schema);
    kensaku::analyzer::register(&index);
    let mut writer = index
        .writer_with_num_threads(1, 15_000_000)
        .expect("index writer");
    // The records are compressed without a dictionary, which the engine finds in `dir`.
    let dir = std::env::temp_dir().join(format!("kensaku-fuzz-query-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dictionary folder");
    StoreDict::none().save(&dir).expect("dictionary");
    let store = Encoder::new(StoreDict::none());
    for (name, text) in PAGES {
        let chapter = kensaku::corpus::parse_text(Path::new(name), name, text);
        for doc in kensaku::index::chapter_docs(&chapter, &fields, &store) {
            writer.add_document(doc).expect("add document");
        }
        // One segment per page: the facet collector's per-segment counts get merged.
        writer.commit().expect("commit");
    }
    let kindex = KIndex { index, fields, dir };
    Engine::new(&kindex).expect("engine")
}

thread_local! {
    static ENGINE: Engine = engine();
}

fn years(s: &str) -> Option<YearRange> {
    // The command line's parser (0..=9999, ordered), then any i64 bounds a library caller could pass.
    if let Ok(range) = s.parse::<YearRange>() {
        return Some(range);
    }
    let bound = |t: &str| t.trim().parse::<i64>().ok();
    match s.split_once("..") {
        Some((a, b)) => Some(YearRange {
            from: bound(a),
            to: bound(b),
        }),
        None => bound(s).map(|y| YearRange {
            from: Some(y),
            to: Some(y),
        }),
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let mut lines = text.splitn(3, '\n');
    let query = lines.next().unwrap_or("").to_string();
    let authors: Vec<String> = lines
        .next()
        .map(|l| l.split(';').map(str::to_string).collect())
        .unwrap_or_default();
    let req = Request {
        query,
        limit: usize::from(flags >> 1) % 12,
        authors,
        years: lines.next().and_then(years),
        facets: flags & 1 == 1,
    };
    ENGINE.with(|engine| {
        if let Ok(results) = engine.search(&req) {
            assert!(
                results.hits.len() <= req.limit.min(results.total),
                "{results:?}"
            );
            // A passage counts once per author and once per year.
            let counts = results.facets.author.iter().map(|f| f.count);
            let counts = counts.chain(results.facets.year.iter().map(|f| f.count));
            for count in counts {
                assert!(count >= 1 && count <= results.total as u64, "{results:?}");
            }
            if !req.facets {
                assert!(results.facets.author.is_empty() && results.facets.year.is_empty());
            }
            for hit in &results.hits {
                let chars = hit.snippet.chars().count();
                let mut end = 0;
                for &[a, b] in &hit.highlights {
                    assert!(a >= end && a < b && b <= chars, "{hit:?}");
                    end = b;
                }
            }
            let mut out = Vec::new();
            let _ = kensaku::render::results_text(&mut out, &results, true);
            let _ = kensaku::render::results_text(&mut out, &results, false);
            let _ = kensaku::render::json_line(&mut out, &results);
        }
    });
});
