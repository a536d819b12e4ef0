//! Measures the stages of indexing on one thread: training the store's dictionary (on a sample
//! of the chapters, parsed for it), parsing pages, extracting and resolving citations, building
//! the tantivy documents (with their compressed records), and (with `--write`) tantivy's own
//! indexing of them.
//!
//! `cargo run --release --example bench_parse -- DIR [--write] [--dump FILE]`
//!
//! Prints the time of each stage and its throughput (MB/s of corpus). `--write` then adds all the
//! documents to an in-memory index (one indexing thread, commit at the end) and times that too:
//! the documents are all built first and held in memory, so that stage is tantivy's work alone. `--dump FILE` writes every
//! parsed chapter as one JSON line (sorted by path), to check that a speed-up changed no output:
//! dump before and after, then `cmp` the two files.

use std::io::Write as _;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::Context as _;
use clap::Parser;
use kensaku::chapter::{Chapter, Format};
use kensaku::store::{Encoder, StoreDict};
use kensaku::{citation, corpus, index, schema};

#[derive(Parser)]
struct Args {
    /// Corpus folder.
    dir: PathBuf,
    /// Write every parsed chapter (with its citations) as JSON lines to this file.
    #[arg(long)]
    dump: Option<PathBuf>,
    /// Also index the documents (in memory, one thread) and time it.
    #[arg(long)]
    write: bool,
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(&args.dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect();
    files.sort();
    let texts: Vec<(PathBuf, String)> = files
        .into_iter()
        .filter_map(|p| {
            let bytes = std::fs::read(&p).ok()?;
            let (text, _) = corpus::decode(&bytes).ok()?;
            Some((p, text))
        })
        .collect();
    let bytes: usize = texts.iter().map(|(_, t)| t.len()).sum();
    let (schema, fields) = schema::build();
    let index = tantivy::Index::builder()
        .schema(schema)
        .settings(schema::settings())
        .create_in_ram()?;
    kensaku::analyzer::register(&index);
    let mut writer: tantivy::IndexWriter = index.writer_with_num_threads(1, 200_000_000)?;
    let mut all_docs = Vec::new();

    // The store's dictionary, trained as `kensaku index` does on a sample of the chapters.
    let t = Instant::now();
    let samples: Vec<Vec<u8>> = kensaku::store::training_sample(&texts)
        .flat_map(|(path, text)| {
            let display = path.display().to_string();
            index::chapter_records(&corpus::parse_text(path, &display, text))
        })
        .collect();
    let store = Encoder::new(StoreDict::train(&samples));
    let dict = t.elapsed();

    let (mut parse, mut cite, mut docs) = (Duration::ZERO, Duration::ZERO, Duration::ZERO);
    let mut chapters: Vec<Chapter> = Vec::with_capacity(texts.len());
    let mut notes = 0;
    for (path, text) in &texts {
        let display = path.display().to_string();
        let t = Instant::now();
        let mut chapter = match corpus::detect(path, text) {
            Format::Html => corpus::html::parse(&display, text),
            Format::Page => corpus::page::parse(&display, text),
            Format::Plain => corpus::plain::parse(&display, text),
        };
        let t2 = Instant::now();
        citation::annotate(&mut chapter);
        let t3 = Instant::now();
        let built = index::chapter_docs(&chapter, &fields, &store);
        docs += t3.elapsed();
        parse += t2 - t;
        cite += t3 - t2;
        notes += built.len();
        if args.write {
            all_docs.extend(built);
        }
        if args.dump.is_some() {
            chapters.push(chapter);
        }
    }
    let mb = bytes as f64 / 1e6;
    let row = |name: &str, d: Duration| {
        println!(
            "{name:<22} {:>8.0} ms  {:>7.1} MB/s",
            d.as_secs_f64() * 1e3,
            mb / d.as_secs_f64()
        );
    };
    println!("{} files, {mb:.1} MB, {notes} documents", texts.len());
    row("store dictionary", dict);
    row("parse pages", parse);
    row("citations", cite);
    row("tantivy documents", docs);
    let mut write = Duration::ZERO;
    if args.write {
        let t = Instant::now();
        for d in all_docs {
            writer.add_document(d)?;
        }
        writer.commit()?;
        write = t.elapsed();
        row("tantivy indexing", write);
    }
    row("total", dict + parse + cite + docs + write);
    if let Some(path) = args.dump {
        let mut out = std::io::BufWriter::new(
            std::fs::File::create(&path).with_context(|| format!("creating {}", path.display()))?,
        );
        for c in &chapters {
            serde_json::to_writer(&mut out, c)?;
            out.write_all(b"\n")?;
        }
        out.flush()?;
    }
    Ok(())
}
