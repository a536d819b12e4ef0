//! Building and opening the index: walk a corpus, parse changed files in parallel, write and commit.

use std::collections::{BTreeMap, BTreeSet};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::{Instant, UNIX_EPOCH};

use anyhow::Context;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use tantivy::aggregation::Key;
use tantivy::aggregation::agg_result::{AggregationResult, BucketResult};
use tantivy::indexer::UserOperation;
use tantivy::{Index, IndexWriter, TantivyDocument, Term, doc};

use crate::chapter::Chapter;
use crate::citation::{self, Citation, Person};
use crate::corpus;
use crate::error::{Error, Result};
use crate::facet_file;
use crate::queue::{Queue, QueuedDoc};
use crate::record::{self, StoredChapter, StoredPassage};
use crate::schema::{self, Fields, SCHEMA_VERSION};
use crate::store::{Encoder, StoreDict};

/// File in the index directory recording the schema version and corpus root.
const META_FILE: &str = "kensaku.json";
/// File in the index directory listing every indexed file (written after each commit).
const MANIFEST_FILE: &str = "manifest.json";
/// Memory budget of the index writer.
const WRITER_BUDGET: usize = 96 * 1024 * 1024;
/// tantivy indexing threads: two for every five cores, at least one. Parsing (rayon, every
/// core) is about 60 % of the work and keeps the other cores busy. On 2 cores, two indexing
/// threads each got half the budget, so twice the segments and merges: a million notes took
/// 15 % longer and peaked at 600 MB RSS (250 MB with one).
fn writer_threads() -> usize {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    (cores * 2 / 5).max(1)
}

/// Commit (and save the manifest) after this many changed files, so an interruption keeps progress.
/// Each commit flushes small segments that must be merged later: a corpus of up to this many files
/// is built with one commit at the end.
const COMMIT_EVERY: usize = 10_000;
/// Parsed files waiting for the writing thread: bounds the memory of a run whatever its size.
const PIPELINE_FILES: usize = 64;

/// Segments with fewer documents than this count as small: see [`MergeSmallSegments`].
pub(crate) const SMALL_SEGMENT_DOCS: u32 = 10_000;

/// tantivy's log merge policy, except that small segments are merged together as soon as there
/// are two. Every re-index that changes a few files commits one tiny segment; the log policy lets
/// seven of them accumulate before merging, and a search process pays for each segment it opens
/// (≈ 0.3 ms, BENCHMARKS.md). Merging a few thousand documents takes milliseconds; a full build
/// makes segments far bigger than this, which the log policy alone handles.
#[derive(Debug, Default)]
struct MergeSmallSegments {
    log: tantivy::indexer::LogMergePolicy,
}

impl tantivy::indexer::MergePolicy for MergeSmallSegments {
    fn compute_merge_candidates(
        &self,
        segments: &[tantivy::index::SegmentMeta],
    ) -> Vec<tantivy::indexer::MergeCandidate> {
        let small: Vec<tantivy::index::SegmentId> = segments
            .iter()
            .filter(|s| s.num_docs() < SMALL_SEGMENT_DOCS)
            .map(|s| s.id())
            .collect();
        if small.len() < 2 {
            return self.log.compute_merge_candidates(segments);
        }
        let mut candidates = self
            .log
            .compute_merge_candidates(segments)
            .into_iter()
            .filter(|c| !c.0.iter().any(|id| small.contains(id)))
            .collect::<Vec<_>>();
        candidates.push(tantivy::indexer::MergeCandidate(small));
        candidates
    }
}

/// An opened index with its analyzers registered and its field handles resolved.
pub struct KIndex {
    pub index: Index,
    pub fields: Fields,
    pub dir: PathBuf,
}

#[derive(Serialize, Deserialize)]
struct IndexMeta {
    schema_version: u32,
}

/// An index location that exists but is not a folder is a usage error, said as such (rather
/// than "no index here" or "File exists").
fn not_a_file(dir: &Path) -> Result<()> {
    if dir.exists() && !dir.is_dir() {
        return Err(Error::Usage(format!(
            "the index location {} is a file, not a folder",
            dir.display()
        )));
    }
    Ok(())
}

/// Open an existing index for reading. This is the one place indexes are opened:
/// it checks the schema version and registers kensaku's analyzers.
pub fn open(dir: &Path) -> Result<KIndex> {
    not_a_file(dir)?;
    let meta_path = dir.join(META_FILE);
    if !meta_path.exists() || !dir.join("meta.json").exists() {
        return Err(Error::NoIndex(dir.to_path_buf()));
    }
    let raw = std::fs::read_to_string(&meta_path)
        .with_context(|| format!("reading {}", meta_path.display()))?;
    let meta: Option<IndexMeta> = serde_json::from_str(&raw).ok();
    match meta {
        Some(m) if m.schema_version == SCHEMA_VERSION => {}
        other => {
            return Err(Error::Incompatible {
                path: dir.display().to_string(),
                found: other.map_or("unknown".into(), |m| m.schema_version.to_string()),
                expected: SCHEMA_VERSION,
            });
        }
    }
    let index =
        Index::open_in_dir(dir).with_context(|| format!("opening index {}", dir.display()))?;
    let fields = Fields::from_schema(&index.schema()).map_err(|_| Error::Incompatible {
        path: dir.display().to_string(),
        found: SCHEMA_VERSION.to_string(),
        expected: SCHEMA_VERSION,
    })?;
    crate::analyzer::register(&index);
    Ok(KIndex {
        index,
        fields,
        dir: dir.to_path_buf(),
    })
}

/// Open the index for writing, creating it when the directory holds none (or `rebuild` is set).
fn open_or_create(dir: &Path, rebuild: bool) -> Result<KIndex> {
    let exists = dir.join("meta.json").exists();
    if exists && !rebuild {
        return open(dir);
    }
    if exists && rebuild {
        // Only ever remove a directory that is recognisably ours.
        if !dir.join(META_FILE).exists() {
            return Err(Error::Usage(format!(
                "{} holds a tantivy index kensaku did not write; refusing to replace it",
                dir.display()
            )));
        }
        std::fs::remove_dir_all(dir).with_context(|| format!("removing {}", dir.display()))?;
    }
    not_a_file(dir)?;
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let (schema, fields) = schema::build();
    let index = Index::builder()
        .schema(schema)
        .settings(schema::settings())
        .create_in_dir(dir)
        .with_context(|| format!("creating index in {}", dir.display()))?;
    let meta = serde_json::to_string(&IndexMeta {
        schema_version: SCHEMA_VERSION,
    })
    .context("serialising index meta")?;
    write_atomically(&dir.join(META_FILE), meta.as_bytes())?;
    crate::analyzer::register(&index);
    Ok(KIndex {
        index,
        fields,
        dir: dir.to_path_buf(),
    })
}

fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    write_through(&path.with_extension("tmp"), path, bytes)
}

/// Write `bytes` to the temporary file `tmp`, then rename it to `path`; a `tmp` that could not
/// be written whole is removed.
pub(crate) fn write_through(tmp: &Path, path: &Path, bytes: &[u8]) -> Result<()> {
    if let Err(e) = std::fs::write(tmp, bytes) {
        let _ = std::fs::remove_file(tmp);
        return Err(anyhow::Error::new(e)
            .context(format!("writing {}", tmp.display()))
            .into());
    }
    std::fs::rename(tmp, path).with_context(|| format!("replacing {}", path.display()))?;
    Ok(())
}

/// What the index knows about one file of the corpus.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
struct FileEntry {
    size: u64,
    mtime_ns: u128,
    hash: String,
    /// Why the file is not in the index, when it was skipped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    skipped: Option<String>,
}

#[derive(Serialize, Deserialize, Default)]
struct Manifest {
    /// Opstamp of the commit this manifest describes; a mismatch means it is stale.
    opstamp: u64,
    /// The corpus root as the user named it (paths in the index are shown under it).
    root: String,
    files: BTreeMap<String, FileEntry>,
}

impl Manifest {
    fn load(dir: &Path) -> Option<Manifest> {
        let raw = std::fs::read(dir.join(MANIFEST_FILE)).ok()?;
        serde_json::from_slice(&raw).ok()
    }

    /// Whether `f` has the size and mtime the manifest recorded: such a file is not read.
    fn unchanged(&self, f: &Found) -> bool {
        self.files
            .get(&f.rel)
            .is_some_and(|e| e.size == f.size && e.mtime_ns == f.mtime_ns)
    }

    fn save(&self, dir: &Path) -> Result<()> {
        let json = serde_json::to_vec(self).context("serialising manifest")?;
        write_atomically(&dir.join(MANIFEST_FILE), &json)
    }
}

/// Options for [`update`].
#[derive(Debug, Clone, Default)]
pub struct IndexOptions {
    /// Throw the index away and build it anew.
    pub rebuild: bool,
    /// Show a progress bar (when stderr is a terminal).
    pub progress: bool,
    /// Wait for another process's lock on the index instead of failing.
    pub wait: bool,
    /// Set (e.g. by a Ctrl-C handler) to stop early: finished files are committed, the rest left.
    pub cancel: Option<std::sync::Arc<std::sync::atomic::AtomicBool>>,
}

impl IndexOptions {
    fn cancelled(&self) -> bool {
        self.cancel
            .as_ref()
            .is_some_and(|c| c.load(std::sync::atomic::Ordering::Relaxed))
    }
}

/// A problem with one file: it names the file and the reason.
#[derive(Debug, Clone, Serialize)]
pub struct FileProblem {
    pub path: String,
    pub reason: String,
}

/// What an indexing run did.
#[derive(Debug, Default, Serialize)]
pub struct IndexReport {
    /// Every file met in the corpus, skipped ones included.
    pub files: usize,
    pub chapters: usize,
    pub notes: usize,
    pub abstracts: usize,
    pub added: usize,
    pub updated: usize,
    pub removed: usize,
    pub unchanged: usize,
    /// Files not indexed, with the reason.
    pub skipped: Vec<FileProblem>,
    /// Files indexed with a caveat (e.g. decoded as Windows-1252).
    pub warnings: Vec<FileProblem>,
    pub seconds: f64,
    /// Why the whole index was rebuilt, if it was.
    pub rebuilt: Option<String>,
}

/// One file found by the walk.
struct Found {
    rel: String,
    abs: PathBuf,
    size: u64,
    mtime_ns: u128,
}

/// Walk the corpus: regular files (and links that stay inside the corpus), hidden entries and the
/// index directory excluded. Problems met on the way are returned as skipped files.
fn walk(root: &Path, index_dir: &Path) -> Result<(Vec<Found>, Vec<FileProblem>)> {
    let canon_root = root
        .canonicalize()
        .with_context(|| format!("corpus folder {}", root.display()))?;
    if !canon_root.is_dir() {
        return Err(Error::Usage(format!(
            "{} is not a directory",
            root.display()
        )));
    }
    let canon_index = index_dir.canonicalize().ok();
    let root_name = root.display().to_string();
    let shown = |p: &Path| display_path(&root_name, &rel_path(&canon_root, p));
    let mut found = Vec::new();
    // Links leading outside the corpus are pruned (never descended into) and reported.
    let outside = std::cell::RefCell::new(Vec::new());
    let walker = walkdir::WalkDir::new(&canon_root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            let hidden = e.depth() > 0 && e.file_name().to_string_lossy().starts_with('.');
            let is_index = canon_index.as_deref() == Some(e.path());
            if hidden || is_index {
                return false;
            }
            if e.path_is_symlink() {
                let inside = e
                    .path()
                    .canonicalize()
                    .is_ok_and(|target| target.starts_with(&canon_root));
                if !inside {
                    outside.borrow_mut().push(FileProblem {
                        path: shown(e.path()),
                        reason: "symbolic link leads outside the corpus; not followed".into(),
                    });
                    return false;
                }
            }
            true
        });
    let mut problems = Vec::new();
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(err) => {
                let path = err.path().map_or_else(|| root_name.clone(), shown);
                let reason = if err.loop_ancestor().is_some() {
                    "symbolic link loop; not followed".to_string()
                } else {
                    err.io_error()
                        .map_or_else(|| err.to_string(), |e| format!("cannot read: {e}"))
                };
                problems.push(FileProblem { path, reason });
                continue;
            }
        };
        let rel = rel_path(&canon_root, entry.path());
        if !entry.file_type().is_file() {
            continue;
        }
        let meta = match entry.metadata() {
            Ok(m) => m,
            Err(e) => {
                problems.push(FileProblem {
                    path: shown(entry.path()),
                    reason: format!("cannot read metadata: {e}"),
                });
                continue;
            }
        };
        let mtime_ns = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos());
        found.push(Found {
            rel,
            abs: entry.path().to_path_buf(),
            size: meta.len(),
            mtime_ns,
        });
    }
    problems.extend(outside.into_inner());
    Ok((found, problems))
}

fn rel_path(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Join the corpus root as the user named it with a file's relative path, for display.
pub fn display_path(root: &str, rel: &str) -> String {
    if root.is_empty() || root == "." {
        rel.to_string()
    } else {
        format!("{}/{}", root.trim_end_matches('/'), rel)
    }
}

/// What a parsing worker hands to the writing thread: the file's position in its batch, the
/// outcome, the file's documents and the worker's index (the documents go back to it to be
/// freed, see [`Queue::admit`]).
type Streamed = (usize, Outcome, Vec<TantivyDocument>, Option<usize>);

/// What the writing thread needs to know of one changed file once its documents are built.
/// The parsed chapter itself stays with the worker that parsed it and is freed there: freed on
/// the writing thread, its thousands of small allocations each took the lock of the worker's
/// glibc malloc arena, which the worker was allocating from (a quarter of a full build's
/// context switches were threads waiting for those locks).
enum Outcome {
    Indexed {
        entry: FileEntry,
        warnings: Vec<String>,
    },
    Same(FileEntry),
    Skipped(FileEntry),
}

impl From<Parsed> for Outcome {
    fn from(parsed: Parsed) -> Outcome {
        match parsed {
            Parsed::Indexed { entry, mut chapter } => Outcome::Indexed {
                entry,
                warnings: std::mem::take(&mut chapter.warnings),
            },
            Parsed::Same(entry) => Outcome::Same(entry),
            Parsed::Skipped(entry) => Outcome::Skipped(entry),
        }
    }
}

/// Result of reading and parsing one changed file.
enum Parsed {
    Indexed {
        entry: FileEntry,
        chapter: Box<Chapter>,
    },
    /// Same content as the manifest says (only the mtime changed).
    Same(FileEntry),
    Skipped(FileEntry),
}

fn read_and_parse(found: &Found, root: &str, previous: Option<&FileEntry>) -> Parsed {
    let mut entry = FileEntry {
        size: found.size,
        mtime_ns: found.mtime_ns,
        hash: String::new(),
        skipped: None,
    };
    if found.size > corpus::MAX_FILE_BYTES {
        entry.skipped = Some(
            corpus::Skip::TooLarge {
                size: found.size,
                limit: corpus::MAX_FILE_BYTES,
            }
            .to_string(),
        );
        return Parsed::Skipped(entry);
    }
    let bytes = match std::fs::read(&found.abs) {
        Ok(b) => b,
        Err(e) => {
            entry.skipped = Some(corpus::Skip::Io(e).to_string());
            return Parsed::Skipped(entry);
        }
    };
    entry.hash = blake3::hash(&bytes).to_hex().to_string();
    if let Some(prev) = previous
        && prev.hash == entry.hash
    {
        entry.skipped = prev.skipped.clone();
        return Parsed::Same(entry);
    }
    match corpus::decode(&bytes) {
        Ok((text, warning)) => {
            let display = display_path(root, &found.rel);
            let mut chapter = corpus::parse_text(&found.abs, &display, &text);
            if let Some(w) = warning {
                chapter.warnings.insert(0, w);
            }
            Parsed::Indexed {
                entry,
                chapter: Box::new(chapter),
            }
        }
        Err(skip) => {
            entry.skipped = Some(skip.to_string());
            Parsed::Skipped(entry)
        }
    }
}

/// Bring the index at `index_dir` up to date with the corpus at `root`.
pub fn update(root: &Path, index_dir: &Path, options: &IndexOptions) -> Result<IndexReport> {
    let started = Instant::now();
    let root_name = root.display().to_string();
    let (found, walk_problems) = walk(root, index_dir)?;
    let kindex = open_or_create(index_dir, options.rebuild)?;
    let mut writer = acquire_writer(&kindex, options)?;
    let queue = Queue::default();
    let fields = &kindex.fields;
    let mut report = IndexReport::default();

    // A manifest that does not describe the last commit (or another corpus) cannot be trusted:
    // start over so that nothing is duplicated or left behind.
    let metas = kindex.index.load_metas()?;
    let committed = metas.opstamp;
    let indexed: u64 = metas.segments.iter().map(|s| u64::from(s.num_docs())).sum();
    let mut manifest = match Manifest::load(index_dir) {
        Some(m) if m.opstamp == committed && m.root == root_name => m,
        Some(m) if m.root != root_name => {
            report.rebuilt = Some(format!(
                "index was built from {}; rebuilt for {}",
                m.root, root_name
            ));
            writer.delete_all_documents()?;
            Manifest::default()
        }
        None if committed == 0 => Manifest::default(),
        _ => {
            report.rebuilt = Some("index manifest was out of date; rebuilt".into());
            writer.delete_all_documents()?;
            Manifest::default()
        }
    };
    manifest.root = root_name.clone();
    let store = Encoder::new(store_dict(
        &kindex,
        indexed,
        &mut writer,
        &mut manifest,
        &mut report,
        &found,
    )?);

    // Files gone from the corpus.
    let present: BTreeSet<&str> = found.iter().map(|f| f.rel.as_str()).collect();
    let gone: Vec<String> = manifest
        .files
        .keys()
        .filter(|k| !present.contains(k.as_str()))
        .cloned()
        .collect();
    for rel in &gone {
        writer.delete_term(Term::from_field_text(
            fields.path,
            &display_path(&root_name, rel),
        ));
        manifest.files.remove(rel);
    }
    report.removed = gone.len();

    // Files whose size and mtime match the manifest are not read at all.
    let (unchanged, candidates): (Vec<&Found>, Vec<&Found>) =
        found.iter().partition(|f| manifest.unchanged(f));
    report.unchanged = unchanged.len();
    for f in &unchanged {
        if let Some(reason) = manifest.files.get(&f.rel).and_then(|e| e.skipped.clone()) {
            report.skipped.push(FileProblem {
                path: display_path(&root_name, &f.rel),
                reason,
            });
        }
    }

    // Streaming: rayon workers read and parse files and build their documents; this thread hands
    // the documents to the writer as they come, through a bounded channel, so memory stays bounded
    // whatever the corpus size, and parsing overlaps with the writer's own indexing threads.
    let bar = progress_bar(candidates.len() as u64, options.progress);
    let mut dirty = !gone.is_empty() || report.rebuilt.is_some() || committed == 0;
    let mut committed_any = false;
    for batch in candidates.chunks(COMMIT_EVERY) {
        let mut updates: Vec<(usize, FileEntry)> = Vec::with_capacity(batch.len());
        let previous = &manifest.files;
        let streamed: Result<()> = std::thread::scope(|scope| {
            let (tx, rx) = std::sync::mpsc::sync_channel::<Streamed>(PIPELINE_FILES);
            let bar = bar.clone();
            let root_name = root_name.as_str();
            let store = &store;
            let queue = &queue;
            scope.spawn(move || {
                // Stops early (Err) when the receiving side has gone away after an error.
                let _ = batch
                    .par_iter()
                    .enumerate()
                    .try_for_each_with(tx, |tx, (i, f)| {
                        if options.cancelled() {
                            return Ok(());
                        }
                        let worker = rayon::current_thread_index();
                        if let Some(w) = worker {
                            queue.free_returned(w);
                        }
                        let parsed = read_and_parse(f, root_name, previous.get(&f.rel));
                        let docs = match &parsed {
                            Parsed::Indexed { chapter, .. } => chapter_docs(chapter, fields, store),
                            _ => Vec::new(),
                        };
                        bar.inc(1);
                        tx.send((i, Outcome::from(parsed), docs, worker))
                            .map_err(|_| ())
                    });
            });
            for (i, outcome, docs, worker) in rx {
                let f = batch[i];
                let display = display_path(root_name, &f.rel);
                let existed = previous.contains_key(&f.rel);
                match outcome {
                    Outcome::Same(entry) => {
                        report.unchanged += 1;
                        if let Some(reason) = &entry.skipped {
                            report.skipped.push(FileProblem {
                                path: display.clone(),
                                reason: reason.clone(),
                            });
                        }
                        updates.push((i, entry));
                    }
                    Outcome::Skipped(entry) => {
                        if existed {
                            writer.delete_term(Term::from_field_text(fields.path, &display));
                        }
                        report.skipped.push(FileProblem {
                            path: display.clone(),
                            reason: entry.skipped.clone().unwrap_or_default(),
                        });
                        updates.push((i, entry));
                    }
                    Outcome::Indexed { entry, warnings } => {
                        if existed {
                            writer.delete_term(Term::from_field_text(fields.path, &display));
                        }
                        // One batch: tantivy indexes it on one thread into one segment, in
                        // order, which the chapter join relies on.
                        let queued = queue.admit(docs, worker, || !options.cancelled());
                        writer.run(queued.into_iter().map(UserOperation::Add))?;
                        if existed {
                            report.updated += 1;
                        } else {
                            report.added += 1;
                        }
                        for w in warnings {
                            report.warnings.push(FileProblem {
                                path: display.clone(),
                                reason: w,
                            });
                        }
                        updates.push((i, entry));
                    }
                }
            }
            Ok(())
        });
        streamed?;
        dirty |= !updates.is_empty();
        for (i, entry) in updates {
            manifest.files.insert(batch[i].rel.clone(), entry);
        }
        if dirty {
            manifest.opstamp = writer.commit()?;
            manifest.save(index_dir)?;
            dirty = false;
            committed_any = true;
        }
        if options.cancelled() {
            bar.finish_and_clear();
            return Err(Error::Interrupted);
        }
    }
    if dirty {
        manifest.opstamp = writer.commit()?;
        manifest.save(index_dir)?;
        committed_any = true;
    }
    bar.finish_and_clear();
    writer.wait_merging_threads()?;
    if committed_any || !index_dir.join(AUTHOR_NAMES_FILE).exists() {
        write_author_names(&kindex)?;
    }
    // A cache for faster facet counts: the index is complete without it, so a failure is a warning.
    if let Err(e) = facet_file::sync(&kindex.index, index_dir) {
        report.warnings.push(FileProblem {
            path: index_dir.join(facet_file::FOLDER).display().to_string(),
            reason: format!("facet files not written ({e}); facet counts will be slower"),
        });
    }
    report.warnings.sort_by(|a, b| a.path.cmp(&b.path));

    // Every file met: the ones read and the ones the walk could not (both may be skipped).
    report.files = found.len() + walk_problems.len();
    report.skipped.extend(walk_problems);
    report.skipped.sort_by(|a, b| a.path.cmp(&b.path));
    let (notes, abstracts) = count_docs(&kindex)?;
    let chapters = manifest
        .files
        .values()
        .filter(|e| e.skipped.is_none())
        .count();
    report.chapters = chapters;
    report.notes = notes;
    report.abstracts = abstracts;
    report.seconds = started.elapsed().as_secs_f64();
    Ok(report)
}

/// The store's dictionary ([`crate::store`]): the index's own, or one trained on a sample of the
/// corpus's chapters and written before anything is compressed with it. A dictionary is never
/// replaced while records compressed with it may be read; an empty one (a corpus too small to
/// train on) is, as soon as the corpus has grown and this run indexes something (the records
/// compressed alone stay readable). An index whose dictionary has gone is rebuilt: its records
/// cannot be read without it. `indexed`: the passages of the last commit.
fn store_dict(
    kindex: &KIndex,
    indexed: u64,
    writer: &mut IndexWriter<QueuedDoc>,
    manifest: &mut Manifest,
    report: &mut IndexReport,
    found: &[Found],
) -> Result<StoreDict> {
    let damaged = |e: Error| Error::Damaged {
        path: kindex.dir.clone(),
        reason: e.to_string(),
    };
    let existing = StoreDict::load(&kindex.dir).map_err(damaged)?;
    let changes = !found.iter().all(|f| manifest.unchanged(f));
    match &existing {
        Some(dict) if !dict.is_empty() => return Ok(dict.clone()),
        Some(empty) if !changes || (indexed > 0 && found.len() < MIN_TRAINING_FILES) => {
            return Ok(empty.clone());
        }
        Some(_) => {}
        None if indexed > 0 => {
            report.rebuilt = Some(format!("{} was missing; rebuilt", crate::store::DICT_FILE));
            // Should this run stop before its commit, the next one must not trust the old
            // manifest either.
            let _ = std::fs::remove_file(kindex.dir.join(MANIFEST_FILE));
            writer.delete_all_documents()?;
            manifest.files.clear();
        }
        None => {}
    }
    let dict = StoreDict::train(&sample_records(found, &manifest.root));
    if existing.as_ref() != Some(&dict) {
        dict.save(&kindex.dir)?;
    }
    Ok(dict)
}

/// Files a corpus needs before an index that has records compressed alone tries again to train
/// a dictionary (each try reads and parses a sample of the corpus).
const MIN_TRAINING_FILES: usize = 50;

/// The uncompressed records of the chapters [`crate::store::training_sample`] picks, read and
/// parsed in parallel.
fn sample_records(found: &[Found], root: &str) -> Vec<Vec<u8>> {
    let sample: Vec<&Found> = crate::store::training_sample(found).collect();
    sample
        .par_iter()
        .flat_map_iter(|f| match read_and_parse(f, root, None) {
            Parsed::Indexed { chapter, .. } => chapter_records(&chapter),
            _ => Vec::new(),
        })
        .collect()
}

/// Take the index's writer lock, waiting for it when asked to.
fn acquire_writer(kindex: &KIndex, options: &IndexOptions) -> Result<IndexWriter<QueuedDoc>> {
    let mut told = false;
    loop {
        match kindex
            .index
            .writer_with_num_threads(writer_threads(), WRITER_BUDGET)
        {
            Ok(w) => {
                w.set_merge_policy(Box::new(MergeSmallSegments::default()));
                return Ok(w);
            }
            Err(tantivy::TantivyError::LockFailure(..)) if options.wait && !options.cancelled() => {
                if !told {
                    eprintln!(
                        "kensaku: index {} is locked by another kensaku process; waiting",
                        kindex.dir.display()
                    );
                    told = true;
                }
                std::thread::sleep(std::time::Duration::from_millis(200));
            }
            Err(tantivy::TantivyError::LockFailure(..)) => {
                return Err(if options.cancelled() {
                    Error::Interrupted
                } else {
                    Error::Locked(kindex.dir.clone())
                });
            }
            Err(e) => return Err(e.into()),
        }
    }
}

/// Count notes and abstracts in the committed index.
fn count_docs(kindex: &KIndex) -> Result<(usize, usize)> {
    let reader = kindex.index.reader()?;
    let searcher = reader.searcher();
    let count_kind = |kind: &str| -> Result<usize> {
        let q = tantivy::query::TermQuery::new(
            Term::from_field_text(kindex.fields.kind, kind),
            tantivy::schema::IndexRecordOption::Basic,
        );
        Ok(searcher.search(&q, &tantivy::collector::Count)?)
    };
    let notes = count_kind("note")?;
    let abstracts = count_kind("abstract")?;
    Ok((notes, abstracts))
}

fn progress_bar(len: u64, wanted: bool) -> indicatif::ProgressBar {
    if !wanted || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(len);
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "{spinner} indexing {pos}/{len} files [{bar:30}] {elapsed_precise} eta {eta}",
    ) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar
}

/// The folded identities under which `--author` finds a person:
/// family alone, "family given" and "family initial".
pub fn author_keys(p: &Person) -> Vec<String> {
    keys_with_family(p, citation::person_key(p))
}

/// [`author_keys`] of a person whose family key is already known.
fn keys_with_family(p: &Person, family: String) -> Vec<String> {
    if family.is_empty() {
        return Vec::new();
    }
    let mut keys = vec![family.clone()];
    if let Some(given) = p.given.as_deref().filter(|_| p.org.is_none()) {
        let given_key = citation::person_key(&Person {
            family: Some(given.to_string()),
            given: None,
            org: None,
        });
        if let Some(initial) = given_key.chars().next() {
            keys.push(format!("{family} {initial}"));
        }
        if given_key.chars().count() > 1 {
            keys.push(format!("{family} {given_key}"));
        }
    }
    keys
}

/// Who and when a passage is about: a note's cited authors and publication years, an
/// abstract's chapter authors and year. Indexing counts these (facets, filters) and hits show
/// them; both derive them here from what is stored, so they are not stored twice.
pub fn passage_people_and_years(
    abstract_of: Option<(&[String], Option<i32>)>,
    citations: &[Citation],
) -> (Vec<Person>, BTreeSet<i32>) {
    match abstract_of {
        Some((authors, year)) => (
            authors.iter().map(|a| citation::parse_person(a)).collect(),
            year.into_iter().collect(),
        ),
        None => (
            note_people(citations),
            citations.iter().filter_map(|c| c.year).collect(),
        ),
    }
}

/// The cited people of a note: authors of its citations (not editors or translators),
/// one per identity, keeping the most complete spelling.
fn note_people(citations: &[Citation]) -> Vec<Person> {
    let mut by_key: BTreeMap<String, Person> = BTreeMap::new();
    for p in citations.iter().flat_map(|c| c.authors.iter()) {
        let key = citation::person_key(p);
        if key.is_empty() {
            continue;
        }
        let richer = |old: &Person| given_len(p) > given_len(old);
        match by_key.get(&key) {
            Some(old) if !richer(old) => {}
            _ => {
                by_key.insert(key, p.clone());
            }
        }
    }
    by_key.into_values().collect()
}

fn given_len(p: &Person) -> usize {
    p.given
        .as_deref()
        .map_or(0, |g| g.trim_end_matches('.').len())
}

/// Benchmarking only: with `KENSAKU_NO_ROMAJI` set (any value) the romaji field is not fed,
/// to measure what it costs (`KENSAKU_NO_ROMAJI=1 kensaku index …`). Such an index finds no
/// romanization variants; never set it in normal use.
static FEED_ROMAJI: std::sync::LazyLock<bool> =
    std::sync::LazyLock::new(|| std::env::var_os("KENSAKU_NO_ROMAJI").is_none());

/// The tantivy documents of one chapter: its abstract (if any) and each note. What hits show
/// is stored once per group of passages, on the group's first document, as a record sealed by
/// `store` ([`crate::record`], [`crate::store`]).
pub fn chapter_docs(chapter: &Chapter, f: &Fields, store: &Encoder) -> Vec<TantivyDocument> {
    let romaji = *FEED_ROMAJI;
    let abstract_text = abstract_text(chapter);
    let count = usize::from(abstract_text.is_some()) + chapter.notes.len();
    let mut docs = Vec::with_capacity(count);
    // Every passage shows its chapter's titles; only the first is searched by them (the
    // chapter join spreads a match there to the rest, see `chapter_join`).
    let base = |passage: usize| {
        let mut d = doc!(
            f.path => chapter.path.as_str(),
            f.passage => passage as u64,
            f.passages => count as u64,
        );
        if passage == 0 {
            d.add_text(f.chapter, &chapter.title);
            if let Some(book) = &chapter.book {
                d.add_text(f.book, book);
            }
        }
        d
    };
    if let Some(text) = abstract_text {
        let mut d = base(docs.len());
        d.add_text(f.kind, "abstract");
        d.add_text(f.text, text);
        if romaji {
            d.add_text(f.romaji, text);
        }
        let (people, years) = passage_people_and_years(Some((&chapter.authors, chapter.year)), &[]);
        add_people_and_years(&mut d, f, &people, years);
        docs.push(d);
    }
    for note in &chapter.notes {
        let mut d = base(docs.len());
        d.add_text(f.kind, "note");
        d.add_text(f.text, &note.text);
        if romaji {
            d.add_text(f.romaji, &note.text);
        }
        for c in &note.citations {
            for t in [&c.title, &c.translated_title].into_iter().flatten() {
                d.add_text(f.cited, t);
            }
        }
        let (people, years) = passage_people_and_years(None, &note.citations);
        add_people_and_years(&mut d, f, &people, years);
        docs.push(d);
    }
    let group = record::GROUP_PASSAGES as usize;
    for (i, raw) in chapter_records(chapter).iter().enumerate() {
        docs[i * group].add_bytes(f.record, &store.seal(raw));
    }
    docs
}

/// A chapter's abstract, when it has one worth a passage.
fn abstract_text(chapter: &Chapter) -> Option<&str> {
    chapter
        .abstract_text
        .as_deref()
        .filter(|t| !t.trim().is_empty())
}

/// The records of a chapter, uncompressed: one per group of
/// [`record::GROUP_PASSAGES`] passages, in document order (the abstract first). Also the
/// samples the store's dictionary is trained on.
pub fn chapter_records(chapter: &Chapter) -> Vec<Vec<u8>> {
    let mut passages: Vec<StoredPassage> = Vec::with_capacity(chapter.notes.len() + 1);
    if let Some(text) = abstract_text(chapter) {
        passages.push(StoredPassage {
            kind: "abstract".into(),
            line: chapter.abstract_line.unwrap_or(1) as u64,
            note: None,
            text: text.into(),
            citations: "".into(),
        });
    }
    for note in &chapter.notes {
        passages.push(StoredPassage {
            kind: "note".into(),
            line: note.line as u64,
            note: note.number.map(u64::from),
            text: note.text.as_str().into(),
            citations: crate::stored::citations_to_stored(&note.citations, &note.text).into(),
        });
    }
    let fields = StoredChapter {
        path: chapter.path.as_str().into(),
        title: chapter.title.as_str().into(),
        book: chapter.book.as_deref().map(Into::into),
        authors: chapter.authors.iter().map(|a| a.as_str().into()).collect(),
        year: chapter.year.map(i64::from),
        doi: chapter.doi.as_deref().map(Into::into),
    };
    passages
        .chunks(record::GROUP_PASSAGES as usize)
        .map(|group| {
            let mut raw = Vec::new();
            record::encode(&mut raw, &fields, group);
            raw
        })
        .collect()
}

/// File in the index directory naming each author key ("sato" → "Satō, Kenji").
const AUTHOR_NAMES_FILE: &str = "authors.json";

/// Count every author label in the index and write the key → display-name table beside it.
fn write_author_names(kindex: &KIndex) -> Result<()> {
    let searcher = kindex.index.reader()?.searcher();
    let aggs: tantivy::aggregation::agg_req::Aggregations = serde_json::from_value(serde_json::json!({
        "labels": { "terms": { "field": "author_label", "size": 10_000_000, "segment_size": 10_000_000 } }
    }))
    .map_err(anyhow::Error::from)?;
    let collector = tantivy::aggregation::AggregationCollector::from_aggs(aggs, Default::default());
    let results = searcher.search(&tantivy::query::AllQuery, &collector)?;
    let labels = match results.0.get("labels") {
        Some(AggregationResult::BucketResult(BucketResult::Terms { buckets, .. })) => buckets
            .iter()
            .filter_map(|b| match &b.key {
                Key::Str(s) => Some((s.clone(), b.doc_count)),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    };
    let names = author_names(labels);
    let json = serde_json::to_vec(&names).context("serialising author names")?;
    write_atomically(&kindex.dir.join(AUTHOR_NAMES_FILE), &json)
}

/// The key → display-name table written by the last index run (empty if there is none).
pub fn load_author_names(dir: &Path) -> BTreeMap<String, String> {
    std::fs::read(dir.join(AUTHOR_NAMES_FILE))
        .ok()
        .and_then(|raw| serde_json::from_slice(&raw).ok())
        .unwrap_or_default()
}

/// Name each person key by its most complete spelling (a full given name beats an initial),
/// then its most common one.
pub fn author_names(labels: Vec<(String, u64)>) -> BTreeMap<String, String> {
    let mut best: BTreeMap<String, (usize, u64, String)> = BTreeMap::new();
    for (label, count) in labels {
        let (key, display) = split_author_facet_label(&label);
        let full = display.split_once(", ").map_or(0, |(_, given)| {
            given.trim_end_matches('.').chars().count().min(3)
        });
        let candidate = (full, count, display.to_string());
        match best.get(key) {
            Some(old) if (old.0, old.1) >= (candidate.0, candidate.1) => {}
            _ => {
                best.insert(key.to_string(), candidate);
            }
        }
    }
    best.into_iter().map(|(k, (_, _, d))| (k, d)).collect()
}

/// Separates a person's key from its display name in an author facet label.
const FACET_KEY_SEPARATOR: char = '\u{1f}';

/// The author facet label `key␟display`: counting groups spellings by key without parsing names.
pub fn author_facet_label(key: &str, display: &str) -> String {
    format!("{key}{FACET_KEY_SEPARATOR}{display}")
}

/// The (key, display) of an author facet label.
pub fn split_author_facet_label(label: &str) -> (&str, &str) {
    label
        .split_once(FACET_KEY_SEPARATOR)
        .unwrap_or((label, label))
}

fn add_people_and_years(
    d: &mut TantivyDocument,
    f: &Fields,
    people: &[Person],
    years: BTreeSet<i32>,
) {
    for y in years {
        d.add_i64(f.year, i64::from(y));
    }
    for p in people {
        let display = citation::person_display(p);
        if display.is_empty() {
            continue;
        }
        let key = citation::person_key(p);
        d.add_text(f.author_label, author_facet_label(&key, &display));
        d.add_text(f.author_id, &key);
        for key in keys_with_family(p, key) {
            d.add_text(f.author_key, &key);
        }
    }
}

/// For tests: a throwaway folder with an empty `corpus` folder, and where its index goes.
#[cfg(test)]
pub(crate) fn temp_corpus() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    let idx = dir.path().join("idx");
    std::fs::create_dir(&corpus).unwrap();
    (dir, corpus, idx)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn author_names_prefer_full_given_names_then_frequency() {
        let names = author_names(vec![
            (author_facet_label("funabashi", "Funabashi"), 5),
            (author_facet_label("funabashi", "Funabashi, Y."), 3),
            (author_facet_label("funabashi", "Funabashi, Yoichi"), 2),
            (author_facet_label("sato", "Sato, Kenji"), 2),
            (author_facet_label("sato", "Satō, Kenji"), 7),
        ]);
        assert_eq!(names["funabashi"], "Funabashi, Yoichi");
        assert_eq!(names["sato"], "Satō, Kenji");
    }

    /// A page of `notes` numbered notes citing varied works, some 4 KB of text per 25 notes.
    fn varied_page(i: usize, notes: usize) -> String {
        let mut page = format!("Chapter {i}: Harbours of Memory {}\n\nNotes\n\n", i * 7);
        for n in 1..=notes {
            page.push_str(&format!(
                "{n}. {} {}, Minato no rekishi {} (Tokyo: {}, {}), {}; on the alliance {}.\n",
                ["Abe", "Ueda", "Kato", "Mori", "Sato"][(i + n) % 5],
                ["Kenji", "Makoto", "Yui"][(i * n) % 3],
                i * 1000 + n,
                ["Iwanami", "Chuo Koron", "Yuhikaku"][n % 3],
                1950 + (i * 3 + n) % 60,
                n * 3,
                ["question", "debate", "treaty", "bases"][(i + 2 * n) % 4],
            ));
        }
        page
    }

    #[test]
    fn records_with_a_dictionary_read_back_through_updates() {
        let (_dir, corpus, idx) = temp_corpus();
        // Enough chapters to train a dictionary; one longer than a group of passages.
        for i in 0..40 {
            let notes = if i == 7 { 150 } else { 30 };
            std::fs::write(corpus.join(format!("{i:02}.txt")), varied_page(i, notes)).unwrap();
        }
        update(&corpus, &idx, &IndexOptions::default()).unwrap();
        let dict = StoreDict::load(&idx).unwrap().expect("a dictionary file");
        assert!(!dict.is_empty(), "40 chapters train a dictionary");

        let exported = |idx: &Path| {
            let kindex = open(idx).unwrap();
            let mut out = Vec::new();
            crate::export::ndjson(&kindex, &mut out).unwrap();
            String::from_utf8(out)
                .unwrap()
                .lines()
                .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
                .map(|v| {
                    let name = v["path"]
                        .as_str()
                        .unwrap()
                        .rsplit('/')
                        .next()
                        .unwrap()
                        .to_string();
                    (
                        name,
                        v["note"].as_u64().unwrap(),
                        v["text"].as_str().unwrap().to_string(),
                    )
                })
                .collect::<BTreeSet<_>>()
        };
        let expected = |i: usize, notes: usize| -> Vec<(String, u64, String)> {
            let chapter = corpus::parse_text(Path::new("x.txt"), "x.txt", &varied_page(i, notes));
            chapter
                .notes
                .iter()
                .map(|n| {
                    (
                        format!("{i:02}.txt"),
                        u64::from(n.number.unwrap()),
                        n.text.clone(),
                    )
                })
                .collect()
        };
        let mut all: BTreeSet<(String, u64, String)> = (0..40)
            .flat_map(|i| expected(i, if i == 7 { 150 } else { 30 }))
            .collect();
        assert_eq!(exported(&idx), all);

        // A hit in the long chapter's third group shows its own note and chapter.
        let engine = crate::search::Engine::new(&open(&idx).unwrap()).unwrap();
        let hit = |q: &str| {
            let req = crate::search::Request {
                query: q.into(),
                limit: 5,
                ..Default::default()
            };
            engine.search(&req).unwrap().hits
        };
        let hits = hit("\"rekishi 7140\"");
        assert_eq!(hits[0].passage.note, Some(140));
        assert!(
            hits[0]
                .passage
                .chapter
                .title
                .contains("Harbours of Memory 49")
        );
        assert!(hits[0].passage.text.contains("Minato no rekishi 7140"));

        // An update: one chapter changed, one removed; the dictionary stays.
        std::fs::write(corpus.join("03.txt"), varied_page(103, 12)).unwrap();
        std::fs::remove_file(corpus.join("05.txt")).unwrap();
        update(&corpus, &idx, &IndexOptions::default()).unwrap();
        assert_eq!(StoreDict::load(&idx).unwrap(), Some(dict));
        all.retain(|(name, _, _)| name != "03.txt" && name != "05.txt");
        all.extend(
            expected(103, 12)
                .into_iter()
                .map(|(_, n, t)| ("03.txt".into(), n, t)),
        );
        assert_eq!(exported(&idx), all);
    }

    #[test]
    fn a_corpus_that_grows_gets_a_dictionary_and_keeps_its_first_records() {
        let (_dir, corpus, idx) = temp_corpus();
        for i in 0..3 {
            std::fs::write(corpus.join(format!("{i:02}.txt")), varied_page(i, 20)).unwrap();
        }
        update(&corpus, &idx, &IndexOptions::default()).unwrap();
        assert_eq!(StoreDict::load(&idx).unwrap(), Some(StoreDict::none()));
        for i in 3..60 {
            std::fs::write(corpus.join(format!("{i:02}.txt")), varied_page(i, 20)).unwrap();
        }
        update(&corpus, &idx, &IndexOptions::default()).unwrap();
        let dict = StoreDict::load(&idx).unwrap().unwrap();
        assert!(!dict.is_empty(), "trained once the corpus had grown");
        // The first three chapters' records (compressed alone) and the rest both read back.
        let kindex = open(&idx).unwrap();
        let mut out = Vec::new();
        let count = crate::export::ndjson(&kindex, &mut out).unwrap();
        assert_eq!(count, 60 * 20);
        let text = String::from_utf8(out).unwrap();
        for i in [0, 2, 3, 59] {
            let wanted = format!("Minato no rekishi {}", i * 1000 + 17);
            assert!(text.contains(&wanted), "{wanted}");
        }
        // Nothing changed: no new training, the dictionary stays.
        update(&corpus, &idx, &IndexOptions::default()).unwrap();
        assert_eq!(StoreDict::load(&idx).unwrap(), Some(dict));
    }

    #[test]
    fn display_path_joins_root() {
        assert_eq!(display_path("corpus", "a/b.txt"), "corpus/a/b.txt");
        assert_eq!(display_path("corpus/", "b.txt"), "corpus/b.txt");
        assert_eq!(display_path(".", "b.txt"), "b.txt");
    }

    #[test]
    fn unchanged_corpus_is_not_committed_again_and_a_changed_file_is() {
        let (_dir, corpus, idx) = temp_corpus();
        for i in 0..3 {
            std::fs::write(
                corpus.join(format!("{i}.txt")),
                format!("Chapter {i}\n\nNotes\n\n1. A note about alliance number {i}.\n"),
            )
            .unwrap();
        }
        let options = IndexOptions::default();
        let first = update(&corpus, &idx, &options).unwrap();
        assert_eq!(first.added, 3);
        let opstamp = |idx: &Path| Manifest::load(idx).unwrap().opstamp;
        let committed = opstamp(&idx);
        let second = update(&corpus, &idx, &options).unwrap();
        assert_eq!(second.unchanged, 3);
        assert_eq!(opstamp(&idx), committed, "nothing changed: no new commit");
        assert_eq!(second.notes, first.notes);
        std::fs::write(
            corpus.join("1.txt"),
            "Chapter one\n\nNotes\n\n1. Changed.\n",
        )
        .unwrap();
        let third = update(&corpus, &idx, &options).unwrap();
        assert_eq!(third.updated, 1);
        assert_ne!(opstamp(&idx), committed);
        assert_eq!(Manifest::load(&idx).unwrap().files.len(), 3);
    }

    #[test]
    fn the_small_segments_of_repeated_updates_are_merged() {
        let (_dir, corpus, idx) = temp_corpus();
        let options = IndexOptions::default();
        for round in 0..4 {
            // Each round commits one segment (a changed file and a new one).
            for i in [0, round + 1] {
                std::fs::write(
                    corpus.join(format!("{i}.txt")),
                    format!("Chapter {i}\n\nNotes\n\n1. Alliance, round {round}.\n"),
                )
                .unwrap();
            }
            let report = update(&corpus, &idx, &options).unwrap();
            assert_eq!(report.notes, round + 2);
            let segments = open(&idx).unwrap().index.searchable_segment_ids().unwrap();
            assert_eq!(segments.len(), 1, "round {round}: {segments:?}");
        }
    }

    #[test]
    fn a_file_that_vanished_after_the_walk_is_skipped_with_the_reason() {
        let dir = tempfile::tempdir().unwrap();
        let found = Found {
            rel: "gone.txt".into(),
            abs: dir.path().join("gone.txt"),
            size: 10,
            mtime_ns: 1,
        };
        match read_and_parse(&found, "corpus", None) {
            Parsed::Skipped(entry) => {
                let reason = entry.skipped.unwrap();
                assert!(reason.contains("No such file"), "{reason}");
            }
            _ => panic!("a missing file must be skipped"),
        }
    }

    #[test]
    fn author_keys_cover_family_initial_and_given() {
        let p = Person {
            family: Some("Funabashi".into()),
            given: Some("Yoichi".into()),
            org: None,
        };
        assert_eq!(
            author_keys(&p),
            vec!["funabashi", "funabashi y", "funabashi yoichi"]
        );
    }
}
