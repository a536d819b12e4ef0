//! Where the time of one cold `kensaku search` process goes, phase by phase:
//! `cargo run --release --example search_phases -- INDEX_DIR QUERY`. Run it several times (the
//! first run after a build also pays for page-cache misses).

use std::time::{Duration, Instant};

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let (Some(dir), Some(query)) = (args.next(), args.next()) else {
        anyhow::bail!("usage: search_phases INDEX_DIR QUERY");
    };
    let mut phases: Vec<(&str, Duration)> = Vec::new();
    let mut lap = {
        let mut last = Instant::now();
        move || {
            let now = Instant::now();
            let d = now - last;
            last = now;
            d
        }
    };
    // The romaji word lists (compiled in as perfect hash maps): a first lookup of each.
    let _ = kensaku::analyzer::english::english_kind("house");
    phases.push(("English word list", lap()));
    let mut buf = String::new();
    if let Some(syllables) = kensaku::analyzer::romaji::syllables("anzen") {
        let _ = kensaku::analyzer::segment::is_listed(&syllables, &mut buf);
    }
    phases.push(("romaji lexicon", lap()));
    let kindex = kensaku::index::open(std::path::Path::new(&dir))?;
    phases.push(("open index", lap()));
    let engine = kensaku::search::Engine::new(&kindex)?;
    phases.push(("query parser, reader", lap()));
    let request = kensaku::search::Request {
        query,
        limit: 10,
        authors: Vec::new(),
        years: None,
        facets: false,
    };
    let results = engine.search(&request)?;
    phases.push(("first search (10 hits, snippets)", lap()));
    let mut out = Vec::new();
    kensaku::render::results_text(&mut out, &results, false)?;
    phases.push(("render", lap()));
    engine.search(&request)?;
    phases.push(("same search again", lap()));
    for (name, d) in phases {
        println!("{name:<34} {:>8.0} µs", d.as_secs_f64() * 1e6);
    }
    println!("{} matching passages", results.total);
    Ok(())
}
