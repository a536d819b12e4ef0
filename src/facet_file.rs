//! Facet files: each segment's `author_id` and `year` values copied into plain arrays, so that
//! counting facets costs a fraction of what reading tantivy's columns costs (BENCHMARKS.md).
//!
//! tantivy reads a multi-valued column through an optional index (a rank per document), a
//! start-offset column (two bit-packed reads) and then the values: several cache lines per
//! matching passage and column, and at a million notes a facet query spent most of its time
//! there. A facet file gives each document one record holding its first two authors (ordinals in
//! the segment's own `author_id` dictionary) and its first two years, each pair with a bit saying
//! whether there are more; in the benchmark corpus 93 % of passages cite at most two of each, so
//! counting them reads one record (one cache line). A passage's other authors (deduplicated) and
//! years are in two overflow sections: per document where its values start within its block of
//! 64 documents (a u8 when every start fits one, else a u16), per block a u32 (the index of its
//! first value), then the values. Reading them costs three more cache lines, which is why two of
//! each are inline: with one, 22 % of the passages needed them.
//!
//! A file is named after its segment (`facets/<segment id>.kfacets` in the index folder).
//! Segments never change (deletions are applied by the search, which never sees deleted
//! documents), so a file is either there and right or absent: the indexer writes the missing ones
//! at the end of every run and removes those of segments merged away ([`sync`]); a search uses a
//! segment's file when it is present and matches the segment (segment id, document count,
//! dictionary size, length) and reads tantivy's columns otherwise. The folder is a cache:
//! deleting it changes nothing but speed.

use std::collections::{BTreeSet, HashMap};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use anyhow::Context;
use tantivy::directory::{Directory, MmapDirectory, OwnedBytes};
use tantivy::index::SegmentId;
use tantivy::{DocId, Index, SegmentReader};

use crate::error::Result;

/// The folder, inside the index folder, that holds the facet files.
pub const FOLDER: &str = "facets";
const EXTENSION: &str = "kfacets";
const MAGIC: &[u8; 8] = b"KSFACET3";
/// Documents per block: 64 documents of at most 255 values each keep a block's starts in a u16.
const BLOCK: usize = 64;
/// Length of a segment id (32 hex digits).
const ID: usize = 32;
/// Magic, the segment id, then ten u32: the document count, the author dictionary size, the
/// bytes of a record's author (2 or 4), for the author then the year overflow: bytes per start,
/// bytes per value, number of values; and 0 (so that the records start at a multiple of 8 and
/// none of 8 bytes straddles two cache lines).
const HEADER: usize = MAGIC.len() + ID + 10 * 4;
/// Bytes of a record's year.
const YEAR_WIDTH: usize = 2;
/// Values of each kind in a document's record; the rest go to the overflow sections.
const INLINE: usize = 2;

/// Where one overflow section lies in a facet file.
#[derive(Debug, Clone)]
struct Section {
    /// Per document: where its values start, counted from its block's first value.
    starts: Range<usize>,
    /// Bytes per start (1 or 2).
    start_width: usize,
    /// Per block, a u32: the index of its first value; then the number of values.
    offsets: Range<usize>,
    values: Range<usize>,
    /// Bytes per value (2 or 4).
    width: usize,
}

impl Section {
    /// Lay out a section of `docs` documents from byte `start`, as its header describes it
    /// (bytes per start, bytes per value, number of values); `None` for widths it cannot have.
    fn at(start: usize, docs: usize, [start_width, width, values]: [usize; 3]) -> Option<Section> {
        if !matches!(start_width, 1 | 2) || !matches!(width, 2 | 4) {
            return None;
        }
        let starts = start..start + start_width * docs;
        let offsets = starts.end..starts.end + 4 * (docs.div_ceil(BLOCK) + 1);
        let values = offsets.end..offsets.end + values * width;
        Some(Section {
            starts,
            start_width,
            offsets,
            values,
            width,
        })
    }

    fn start(&self, starts: &[u8], doc: usize) -> Option<usize> {
        if self.start_width == 1 {
            starts.get(doc).map(|&b| usize::from(b))
        } else {
            starts
                .get(2 * doc..2 * doc + 2)
                .map(|b| read_u16(b) as usize)
        }
    }

    /// Call `f` with each of `doc`'s values. They run from its start to the next document's
    /// (or the next block's). A document out of range or a damaged file gives none.
    fn for_each_value(&self, bytes: &[u8], doc: usize, mut f: impl FnMut(u32)) {
        let starts = &bytes[self.starts.clone()];
        let offsets = &bytes[self.offsets.clone()];
        let block = doc / BLOCK;
        let (Some(base), Some(next_block), Some(rel)) = (
            offsets.get(4 * block..4 * block + 4),
            offsets.get(4 * block + 4..4 * block + 8),
            self.start(starts, doc),
        ) else {
            return;
        };
        let base = read_u32(base) as usize;
        let end = if !(doc + 1).is_multiple_of(BLOCK) && doc + 1 < starts.len() / self.start_width {
            base + self.start(starts, doc + 1).unwrap_or(0)
        } else {
            read_u32(next_block) as usize
        };
        let Some(values) =
            bytes[self.values.clone()].get((base + rel) * self.width..end * self.width)
        else {
            return;
        };
        for v in values.chunks_exact(self.width) {
            f(read_uint(v));
        }
    }
}

fn read_u16(bytes: &[u8]) -> u16 {
    u16::from_le_bytes([bytes[0], bytes[1]])
}

fn read_u32(bytes: &[u8]) -> u32 {
    let mut b = [0; 4];
    b.copy_from_slice(&bytes[..4]);
    u32::from_le_bytes(b)
}

/// A little-endian u16 or u32, by the slice's length.
#[inline]
fn read_uint(bytes: &[u8]) -> u32 {
    if bytes.len() == 2 {
        u32::from(read_u16(bytes))
    } else {
        read_u32(bytes)
    }
}

/// The top bit of a record field of `width` bytes: "this document has more values".
fn more_bit(width: usize) -> u32 {
    1 << (8 * width - 1)
}

/// One segment's facet file, checked against the segment it belongs to.
pub struct FacetFile {
    bytes: OwnedBytes,
    records: Range<usize>,
    /// Bytes of a record's author (2 or 4).
    author_width: usize,
    authors: Section,
    years: Section,
}

impl FacetFile {
    /// Check `bytes` against `reader`'s segment, whose author dictionary holds `author_terms`
    /// terms; `None` when they do not belong together or the file is damaged.
    fn parse(bytes: OwnedBytes, reader: &SegmentReader, author_terms: usize) -> Option<FacetFile> {
        let b = bytes.as_slice();
        if b.len() < HEADER
            || &b[..MAGIC.len()] != MAGIC
            || &b[MAGIC.len()..MAGIC.len() + ID] != reader.segment_id().uuid_string().as_bytes()
        {
            return None;
        }
        let field = |i: usize| read_u32(&b[MAGIC.len() + ID + 4 * i..]) as usize;
        let (docs, terms, author_width) = (field(0), field(1), field(2));
        if docs != reader.max_doc() as usize
            || terms != author_terms
            || !matches!(author_width, 2 | 4)
            || field(9) != 0
        {
            return None;
        }
        let records = HEADER..HEADER + docs * INLINE * (author_width + YEAR_WIDTH);
        let authors = Section::at(records.end, docs, [field(3), field(4), field(5)])?;
        let years = Section::at(authors.values.end, docs, [field(6), field(7), field(8)])?;
        (years.width == YEAR_WIDTH && years.values.end == b.len()).then_some(FacetFile {
            bytes,
            records,
            author_width,
            authors,
            years,
        })
    }

    /// A document's record: its first two author fields, then its first two year fields.
    #[inline]
    fn record(&self, records: &[u8], doc: usize) -> Option<([u32; INLINE], [u32; INLINE])> {
        let (a, y) = (self.author_width, YEAR_WIDTH);
        let width = INLINE * (a + y);
        let record = records.get(doc * width..(doc + 1) * width)?;
        Some((
            [read_uint(&record[..a]), read_uint(&record[a..2 * a])],
            [
                read_uint(&record[2 * a..2 * a + y]),
                read_uint(&record[2 * a + y..]),
            ],
        ))
    }

    /// Count the records of `docs` by slot: `authors[o + 1]` gets one for each document whose
    /// record holds the author of ordinal `o`, `years[y + 1]` one for each year `y` it holds (a
    /// year past the array goes to `other_year`); slot 0 of each counts the empty fields (not
    /// read). A record is thus counted without a branch the processor could mispredict, and the
    /// documents with more values than it holds (7 % in the benchmark corpus) are set aside
    /// without one too: they are returned, for [`FacetFile::count_more`].
    pub fn count_records(
        &self,
        docs: &[DocId],
        authors: &mut [u32],
        years: &mut [u32],
        mut other_year: impl FnMut(i64),
    ) -> Vec<DocId> {
        let records = &self.bytes.as_slice()[self.records.clone()];
        let (author_more, year_more) = (more_bit(self.author_width), more_bit(YEAR_WIDTH));
        let mut more = vec![0; docs.len()];
        let mut n_more = 0;
        for &doc in docs {
            // A field is 0 without a value, else the value + 1; the last has the "more" bit.
            let Some((a, y)) = self.record(records, doc as usize) else {
                continue;
            };
            for field in a {
                if let Some(n) = authors.get_mut((field & !author_more) as usize) {
                    *n += 1;
                }
            }
            for field in y {
                let slot = field & !year_more;
                match years.get_mut(slot as usize) {
                    Some(n) => *n += 1,
                    None => other_year(i64::from(slot) - 1),
                }
            }
            more[n_more] = doc;
            n_more += usize::from((a[INLINE - 1] & author_more) | (y[INLINE - 1] & year_more) != 0);
        }
        more.truncate(n_more);
        more
    }

    /// Call `author` with each author ordinal and `year` with each year of `docs` that their
    /// records do not hold (the documents [`FacetFile::count_records`] set aside).
    pub fn count_more(
        &self,
        docs: &[DocId],
        mut author: impl FnMut(usize),
        mut year: impl FnMut(i64),
    ) {
        let bytes = self.bytes.as_slice();
        let records = &bytes[self.records.clone()];
        for &doc in docs {
            let doc = doc as usize;
            let Some((a, y)) = self.record(records, doc) else {
                continue;
            };
            if a[INLINE - 1] & more_bit(self.author_width) != 0 {
                self.authors
                    .for_each_value(bytes, doc, |ord| author(ord as usize));
            }
            if y[INLINE - 1] & more_bit(YEAR_WIDTH) != 0 {
                self.years
                    .for_each_value(bytes, doc, |y| year(i64::from(y)));
            }
        }
    }
}

/// The file name of a segment's facet file.
fn file_name(segment: SegmentId) -> String {
    format!("{}.{EXTENSION}", segment.uuid_string())
}

/// Overflow values of one kind while a file is built.
#[derive(Default)]
struct Lists {
    /// Per document, where its values start in its block.
    starts: Vec<u16>,
    /// Per block, the index of its first value.
    offsets: Vec<u32>,
    values: Vec<u32>,
}

impl Lists {
    /// Add the next document's values; `false` when they do not fit the format (more than
    /// 255 for one document).
    fn push(&mut self, values: &[u32]) -> bool {
        if self.starts.len().is_multiple_of(BLOCK) {
            self.offsets.push(self.values.len() as u32);
        }
        let block_start = self.offsets.last().copied().unwrap_or(0) as usize;
        // 64 documents of at most 255 values each: a block's starts fit in a u16.
        if values.len() > 255 {
            return false;
        }
        self.starts.push((self.values.len() - block_start) as u16);
        self.values.extend_from_slice(values);
        true
    }

    /// The section's header: bytes per start, bytes per value (`width`), number of values;
    /// `None` with more than 2³² values.
    fn header(&self, width: usize) -> Option<[u32; 3]> {
        let start_width = if self.starts.iter().all(|&s| s <= 255) {
            1
        } else {
            2
        };
        Some([
            start_width,
            width as u32,
            u32::try_from(self.values.len()).ok()?,
        ])
    }

    fn write(&self, out: &mut Vec<u8>, [start_width, width, _]: [u32; 3]) {
        for s in &self.starts {
            out.extend_from_slice(&s.to_le_bytes()[..start_width as usize]);
        }
        for o in self.offsets.iter().chain([&(self.values.len() as u32)]) {
            out.extend_from_slice(&o.to_le_bytes());
        }
        for &v in &self.values {
            out.extend_from_slice(&v.to_le_bytes()[..width as usize]);
        }
    }
}

/// The record fields of `width` bytes for `values`: each of the first two + 1 (0 when there is
/// none), the last with the "more" bit when there are others (which go to `rest`); `None` when
/// one does not fit.
fn record_fields(values: &[u32], width: usize, rest: &mut Lists) -> Option<[u32; INLINE]> {
    let more = more_bit(width);
    let mut fields = [0; INLINE];
    for (field, &value) in fields.iter_mut().zip(values) {
        *field = value.checked_add(1).filter(|&v| v < more)?;
    }
    let others = values.get(INLINE..).unwrap_or(&[]);
    if !others.is_empty() {
        fields[INLINE - 1] |= more;
    }
    rest.push(others).then_some(fields)
}

/// The facet file of one segment, built from its `author_id` and `year` columns; `None` when the
/// segment's values do not fit the format (a passage with more than 257 authors or years, a year
/// outside 0..32767, more than 2³² values): the search then reads the columns.
pub fn build(reader: &SegmentReader) -> tantivy::Result<Option<Vec<u8>>> {
    let fast = reader.fast_fields();
    let authors = fast.str(crate::schema::AUTHOR_ID)?;
    let years = fast.column_opt::<i64>(crate::schema::YEAR)?;
    let terms = authors.as_ref().map_or(0, |a| a.num_terms());
    let Ok(terms32) = u32::try_from(terms) else {
        return Ok(None);
    };
    let author_width = if terms < 1 << 15 { 2 } else { 4 };
    let docs = reader.max_doc() as usize;
    let mut records = Vec::with_capacity(docs * INLINE * (author_width + YEAR_WIDTH));
    let (mut author_rest, mut year_rest) = (Lists::default(), Lists::default());
    let mut values: Vec<u32> = Vec::new();
    for doc in 0..reader.max_doc() {
        values.clear();
        if let Some(authors) = &authors {
            values.extend(authors.term_ords(doc).map(|o| o as u32));
            values.sort_unstable();
            values.dedup();
        }
        let Some(a) = record_fields(&values, author_width, &mut author_rest) else {
            return Ok(None);
        };
        values.clear();
        if let Some(years) = &years {
            for year in years.values_for_doc(doc) {
                let Ok(year) = u32::try_from(year) else {
                    return Ok(None);
                };
                values.push(year);
            }
        }
        let Some(y) = record_fields(&values, YEAR_WIDTH, &mut year_rest) else {
            return Ok(None);
        };
        for a in a {
            records.extend_from_slice(&a.to_le_bytes()[..author_width]);
        }
        for y in y {
            records.extend_from_slice(&y.to_le_bytes()[..YEAR_WIDTH]);
        }
    }
    let (Some(author_header), Some(year_header)) = (
        author_rest.header(author_width),
        year_rest.header(YEAR_WIDTH),
    ) else {
        return Ok(None);
    };
    let mut out = Vec::with_capacity(HEADER + records.len() + 2 * docs);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(reader.segment_id().uuid_string().as_bytes());
    let counts = [reader.max_doc(), terms32, author_width as u32];
    for n in counts
        .iter()
        .chain(&author_header)
        .chain(&year_header)
        .chain(&[0])
    {
        out.extend_from_slice(&n.to_le_bytes());
    }
    out.extend_from_slice(&records);
    author_rest.write(&mut out, author_header);
    year_rest.write(&mut out, year_header);
    Ok(Some(out))
}

/// The facet files of an index, each opened (mapped) once and kept for the process: a search
/// process asks for them on every query.
pub struct FacetFiles {
    folder: Option<MmapDirectory>,
    opened: Mutex<HashMap<SegmentId, Option<Arc<FacetFile>>>>,
}

impl FacetFiles {
    /// The facet folder of the index at `index_dir` (an index without one reads the columns).
    pub fn new(index_dir: &Path) -> FacetFiles {
        FacetFiles {
            folder: MmapDirectory::open(index_dir.join(FOLDER)).ok(),
            opened: Mutex::default(),
        }
    }

    /// The file of `reader`'s segment, if it is there and fits the segment (whose author
    /// dictionary holds `author_terms` terms).
    pub fn get(&self, reader: &SegmentReader, author_terms: usize) -> Option<Arc<FacetFile>> {
        let folder = self.folder.as_ref()?;
        let mut opened = self.opened.lock().unwrap_or_else(|e| e.into_inner());
        opened
            .entry(reader.segment_id())
            .or_insert_with(|| {
                let bytes = folder
                    .open_read(Path::new(&file_name(reader.segment_id())))
                    .ok()?
                    .read_bytes()
                    .ok()?;
                FacetFile::parse(bytes, reader, author_terms).map(Arc::new)
            })
            .clone()
    }
}

/// The size of `reader`'s author dictionary (0 without one): what a facet file must match.
pub(crate) fn author_terms(reader: &SegmentReader) -> tantivy::Result<usize> {
    Ok(reader
        .fast_fields()
        .str(crate::schema::AUTHOR_ID)?
        .map_or(0, |a| a.num_terms()))
}

/// What [`sync`] did.
#[derive(Debug, Default, PartialEq)]
pub struct Synced {
    pub written: usize,
    pub removed: usize,
}

/// Give every searchable segment of the index at `index_dir` its facet file and remove the files
/// of segments that are gone. A file already there is kept when it fits its segment (a segment
/// never changes) and written again otherwise.
pub fn sync(index: &Index, index_dir: &Path) -> Result<Synced> {
    let folder = index_dir.join(FOLDER);
    std::fs::create_dir_all(&folder).with_context(|| format!("creating {}", folder.display()))?;
    let searcher = index.reader()?.searcher();
    let mut synced = Synced::default();
    let existing = FacetFiles::new(index_dir);
    for reader in searcher.segment_readers() {
        if existing.get(reader, author_terms(reader)?).is_some() {
            continue;
        }
        if let Some(bytes) = build(reader)? {
            write_atomically(&folder.join(file_name(reader.segment_id())), &bytes)?;
            synced.written += 1;
        }
    }
    // Read the segment list again just before removing: a run started since may have added one.
    let live: BTreeSet<String> = index
        .searchable_segment_ids()?
        .iter()
        .map(|&id| file_name(id))
        .collect();
    let entries =
        std::fs::read_dir(&folder).with_context(|| format!("reading {}", folder.display()))?;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let ours = name.ends_with(EXTENSION) || name.contains(&format!(".{EXTENSION}.tmp"));
        if ours && !live.contains(&name) && std::fs::remove_file(entry.path()).is_ok() {
            synced.removed += 1;
        }
    }
    Ok(synced)
}

/// Write through a temporary file of this process (two index runs may both write a file),
/// renamed into place.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let tmp = PathBuf::from(format!("{}.tmp{}", path.display(), std::process::id()));
    crate::index::write_through(&tmp, path, bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facet::{AuthorTable, FacetCollector};
    use crate::schema::{AUTHOR_ID, YEAR};
    use rustc_hash::FxHashMap;
    use tantivy::collector::Count;
    use tantivy::query::{AllQuery, Query, TermQuery};
    use tantivy::schema::{FAST, Field, IndexRecordOption, STRING, Schema};
    use tantivy::{IndexWriter, TantivyDocument, Term};

    struct Fixture {
        dir: tempfile::TempDir,
        index: Index,
        author: Field,
        year: Field,
        tag: Field,
    }

    /// An empty index in a throwaway folder with the facet fields and a `tag` string field,
    /// and its writer.
    fn blank() -> (Fixture, IndexWriter) {
        let dir = tempfile::tempdir().unwrap();
        let mut builder = Schema::builder();
        let author = builder.add_text_field(AUTHOR_ID, FAST);
        let year = builder.add_i64_field(YEAR, FAST);
        let tag = builder.add_text_field("tag", STRING);
        let index = Index::create_in_dir(dir.path(), builder.build()).unwrap();
        let writer = index.writer_with_num_threads(1, 50_000_000).unwrap();
        let fixture = Fixture {
            dir,
            index,
            author,
            year,
            tag,
        };
        (fixture, writer)
    }

    /// An index of three segments whose documents have 0–5 authors (some twice) and 0–3
    /// years, a block whose overflow values are too many for starts of a byte, and deleted
    /// documents.
    fn fixture() -> Fixture {
        let (f, mut writer) = blank();
        let (author, year, tag) = (f.author, f.year, f.tag);
        let names = [
            "abe", "ito", "mori", "sato", "ueda", "yoshida", "kato", "noda",
        ];
        for segment in 0..3u32 {
            for i in 0..300u32 {
                let mut doc = TantivyDocument::default();
                // A run of documents with eight authors each: their block has more than 255
                // overflow values (the third to eighth).
                let (n, of) = if segment == 1 && (64..128).contains(&i) {
                    (8, 8)
                } else {
                    ((i * 7 + segment) % 6, 6)
                };
                for k in 0..n {
                    doc.add_text(author, names[((i + k) % of) as usize]);
                }
                if i % 5 == 0 {
                    doc.add_text(author, names[(i % 6) as usize]); // named twice
                }
                for k in 0..(i % 4) {
                    doc.add_i64(year, 1900 + i64::from((i + k * 13) % 120));
                }
                if i % 97 == 0 {
                    doc.add_i64(year, 1776);
                }
                doc.add_text(tag, if i % 2 == 0 { "even" } else { "odd" });
                if i % 10 == 3 {
                    doc.add_text(tag, "drop");
                }
                writer.add_document(doc).unwrap();
            }
            writer.commit().unwrap();
        }
        writer.delete_term(Term::from_field_text(tag, "drop"));
        writer.commit().unwrap();
        writer.wait_merging_threads().unwrap();
        f
    }

    /// Facet counts with the authors by key.
    #[derive(Debug, PartialEq)]
    struct Keyed {
        authors: FxHashMap<String, u64>,
        years: FxHashMap<i64, u64>,
    }

    impl Fixture {
        fn counts(&self, query: &dyn Query, files: Option<&FacetFiles>) -> (Keyed, usize) {
            let searcher = self.index.reader().unwrap().searcher();
            let table = Arc::new(AuthorTable::default());
            let collector = FacetCollector {
                files,
                authors: Arc::clone(&table),
            };
            let (counts, total) = searcher.search(query, &(collector, Count)).unwrap();
            let authors = table.by_key(&counts);
            let years = counts.years;
            (Keyed { authors, years }, total)
        }

        fn files(&self) -> Vec<PathBuf> {
            let mut files: Vec<PathBuf> = std::fs::read_dir(self.dir.path().join(FOLDER))
                .unwrap()
                .map(|e| e.unwrap().path())
                .collect();
            files.sort();
            files
        }
    }

    fn queries(f: &Fixture) -> Vec<Box<dyn Query>> {
        vec![
            Box::new(AllQuery),
            Box::new(TermQuery::new(
                Term::from_field_text(f.tag, "even"),
                IndexRecordOption::Basic,
            )),
        ]
    }

    #[test]
    fn files_give_the_counts_the_columns_give() {
        let f = fixture();
        let synced = sync(&f.index, f.dir.path()).unwrap();
        assert_eq!(
            synced,
            Synced {
                written: 3,
                removed: 0
            }
        );
        let files = FacetFiles::new(f.dir.path());
        let searcher = f.index.reader().unwrap().searcher();
        for reader in searcher.segment_readers() {
            let terms = author_terms(reader).unwrap();
            assert!(files.get(reader, terms).is_some(), "file not used");
        }
        for query in queries(&f) {
            let from_columns = f.counts(query.as_ref(), None);
            assert_eq!(f.counts(query.as_ref(), Some(&files)), from_columns);
            assert!(from_columns.0.years[&1776] > 0);
            assert!(from_columns.0.authors["sato"] > 0);
        }
        // Nothing to do a second time.
        assert_eq!(sync(&f.index, f.dir.path()).unwrap(), Synced::default());
    }

    #[test]
    fn one_block_with_many_values_widens_the_starts() {
        let f = fixture();
        let searcher = f.index.reader().unwrap().searcher();
        let widths: Vec<usize> = searcher
            .segment_readers()
            .iter()
            .map(|r| {
                let terms = author_terms(r).unwrap();
                let bytes = OwnedBytes::new(build(r).unwrap().unwrap());
                FacetFile::parse(bytes, r, terms)
                    .unwrap()
                    .authors
                    .start_width
            })
            .collect();
        assert_eq!(widths.iter().filter(|&&w| w == 2).count(), 1, "{widths:?}");
        assert_eq!(widths.iter().filter(|&&w| w == 1).count(), 2, "{widths:?}");
    }

    #[test]
    fn damaged_or_foreign_files_are_not_used_and_never_panic() {
        let f = fixture();
        sync(&f.index, f.dir.path()).unwrap();
        let expected = f.counts(&AllQuery, None);
        let paths = f.files();
        // Cut short; header of another segment (document count); garbage after a valid header.
        let bytes = std::fs::read(&paths[0]).unwrap();
        std::fs::write(&paths[0], &bytes[..bytes.len() - 1]).unwrap();
        let other = std::fs::read(&paths[2]).unwrap();
        let mut foreign = std::fs::read(&paths[1]).unwrap();
        foreign[..HEADER].copy_from_slice(&other[..HEADER]);
        std::fs::write(&paths[1], &foreign).unwrap();
        let files = FacetFiles::new(f.dir.path());
        assert_eq!(f.counts(&AllQuery, Some(&files)), expected);
        let searcher = f.index.reader().unwrap().searcher();
        for reader in searcher.segment_readers() {
            let name = file_name(reader.segment_id());
            let used = files.get(reader, 6).is_some();
            assert_eq!(used, paths[2].ends_with(&name), "{name}");
        }
        let mut garbage = other.clone();
        for (i, b) in garbage[HEADER..].iter_mut().enumerate() {
            *b = (i * 131 % 251) as u8;
        }
        std::fs::write(&paths[2], &garbage).unwrap();
        // Wrong counts are possible from a file damaged this way; a panic is not.
        let _ = f.counts(&AllQuery, Some(&FacetFiles::new(f.dir.path())));
        // The next index run writes again the two whose header or length is wrong (the body is
        // not checksummed: files are written whole and renamed into place, like tantivy's).
        let synced = sync(&f.index, f.dir.path()).unwrap();
        assert_eq!(synced.written, 2, "{synced:?}");
    }

    #[test]
    fn files_of_merged_segments_are_removed_and_the_merged_one_gets_its_own() {
        let f = fixture();
        sync(&f.index, f.dir.path()).unwrap();
        assert_eq!(f.files().len(), 3);
        std::fs::write(
            f.dir.path().join(FOLDER).join("x.kfacets.tmp123"),
            b"left over",
        )
        .unwrap();
        let ids = f.index.searchable_segment_ids().unwrap();
        let mut writer: IndexWriter = f.index.writer_with_num_threads(1, 15_000_000).unwrap();
        writer.merge(&ids).wait().unwrap();
        writer.wait_merging_threads().unwrap();
        let synced = sync(&f.index, f.dir.path()).unwrap();
        assert_eq!(
            synced,
            Synced {
                written: 1,
                removed: 4
            }
        );
        assert_eq!(f.files().len(), 1);
        let files = FacetFiles::new(f.dir.path());
        assert_eq!(f.counts(&AllQuery, Some(&files)), f.counts(&AllQuery, None));
    }

    #[test]
    fn a_segment_with_more_than_32767_authors_uses_wide_records() {
        let (f, mut writer) = blank();
        for i in 0..17_000u32 {
            let mut doc = TantivyDocument::default();
            doc.add_text(f.author, format!("a{i:05}"));
            doc.add_text(f.author, format!("b{i:05}"));
            if i % 3 == 0 {
                doc.add_text(f.author, "common");
            }
            doc.add_i64(f.year, 1900 + i64::from(i % 100));
            writer.add_document(doc).unwrap();
        }
        writer.commit().unwrap();
        assert_eq!(sync(&f.index, f.dir.path()).unwrap().written, 1);
        let searcher = f.index.reader().unwrap().searcher();
        let reader = &searcher.segment_readers()[0];
        let terms = author_terms(reader).unwrap();
        assert!(terms > 1 << 15, "{terms}");
        let files = FacetFiles::new(f.dir.path());
        assert_eq!(files.get(reader, terms).unwrap().author_width, 4);
        let with_files = f.counts(&AllQuery, Some(&files));
        assert_eq!(with_files, f.counts(&AllQuery, None));
        assert_eq!(with_files.0.authors["common"], 5_667);
    }

    #[test]
    fn a_segment_the_format_cannot_hold_keeps_reading_the_columns() {
        let (f, mut writer) = blank();
        let mut many = TantivyDocument::default();
        for i in 0..300 {
            many.add_text(f.author, format!("author{i}"));
        }
        many.add_i64(f.year, 2001);
        writer.add_document(many).unwrap();
        let mut old = TantivyDocument::default();
        old.add_i64(f.year, -300);
        writer.add_document(old).unwrap();
        writer.commit().unwrap();
        assert_eq!(sync(&f.index, f.dir.path()).unwrap(), Synced::default());
        let files = FacetFiles::new(f.dir.path());
        let (counts, _) = f.counts(&AllQuery, Some(&files));
        assert_eq!(counts.authors.len(), 300);
        assert_eq!(counts.years[&-300], 1);
    }
}
