//! How passages are stored: each group of passages ([`crate::record`]) is one zstd frame,
//! compressed with a dictionary trained on the corpus when the index is made (`store.dict`).
//!
//! tantivy's own doc store compresses 32 KB blocks of documents, each with a new zstd context,
//! and every passage repeated its chapter's fields. Here a chapter's passages are one record
//! (per group of up to 64: nearly always the whole chapter) on the group's first passage, the
//! chapter's fields written once, and the record is compressed alone with a
//! dictionary of what the corpus's chapters have in common (publishers, journals, places, the
//! citation shapes), which a 13 KB chapter could not find in itself. tantivy stores the compressed
//! records uncompressed; other passages store nothing. Showing a hit decompresses its chapter
//! only, with a context kept for the next hit (creating a zstd context costs two `cpuid`
//! instructions, ≈ 7 µs on a virtual machine).
//!
//! The dictionary is made once, from a sample of the first index run's chapters, before any
//! record is compressed, and written before the first commit; it then stays for the life of the
//! index folder (`--rebuild` starts a new folder and a new dictionary). A corpus too small to
//! train one gets an empty dictionary and its records are compressed alone; once the corpus has
//! grown (50 files) an index run that has something to index trains one, and the records
//! compressed alone stay readable (each stored value says how it was compressed).

use std::io;
use std::path::Path;
use std::sync::Mutex;

use anyhow::Context;
use zstd::zstd_safe::{DCtx, DDict};

use crate::error::Result;

/// The dictionary's file in the index folder.
pub const DICT_FILE: &str = "store.dict";
/// The first bytes of [`DICT_FILE`]; the dictionary follows (nothing for an empty one).
const MAGIC: &[u8] = b"kensaku-store-dict-1\n";
/// The largest dictionary (zstd's usual size). [`StoreDict::train`] keeps a hundred times the
/// dictionary's size in samples, so the 400 sampled chapters of a typical corpus give ≈ 50 KB.
const DICT_BYTES: usize = 112_640;
/// Chapters sampled to train the dictionary.
const SAMPLE_CHAPTERS: usize = 400;

/// The chapters (files) to train the dictionary on: up to 400 (`SAMPLE_CHAPTERS`), spread evenly
/// over the corpus.
pub fn training_sample<T>(files: &[T]) -> impl Iterator<Item = &T> {
    files
        .iter()
        .step_by(files.len().div_ceil(SAMPLE_CHAPTERS).max(1))
}
/// zstd level of the records: the default, 3. Level 6 made the doc store 7 % smaller (17.5 →
/// 16.3 MB at 200k notes, the index 2.6 %) but took 55 % longer to compress (1.37 → 2.13 s of
/// one thread; ≈ 6 % of a full build's work); records read back as fast either way.
const LEVEL: i32 = 3;
/// The first byte of a stored value: how the record after it is stored. Records compressed
/// alone stay readable once the index gets a dictionary (see [`StoreDict`]).
const RAW: u8 = 0;
/// A zstd frame compressed with the index's dictionary.
const WITH_DICT: u8 = 1;
/// A zstd frame compressed without a dictionary.
const ALONE: u8 = 2;
/// Largest record accepted when reading (a record is at most [`crate::record::GROUP_PASSAGES`]
/// passages; this only keeps a damaged length from asking for all memory).
const MAX_RECORD_BYTES: usize = 256 << 20;

/// The index's compression dictionary (empty: records are compressed without one).
#[derive(Clone, Debug, PartialEq)]
pub struct StoreDict {
    bytes: Vec<u8>,
}

impl StoreDict {
    /// Train a dictionary on sample records; an empty one when zstd cannot (too few or too
    /// small samples).
    pub fn train(samples: &[Vec<u8>]) -> StoreDict {
        let total: usize = samples.iter().map(Vec::len).sum();
        // zstd wants about a hundred times the dictionary's size in samples; with less, a
        // smaller dictionary.
        let size = DICT_BYTES.min(total / 100);
        if samples.len() < 8 || size < 1024 {
            return StoreDict::none();
        }
        let bytes = zstd::dict::from_samples(samples, size).unwrap_or_default();
        StoreDict { bytes }
    }

    /// No dictionary.
    pub fn none() -> StoreDict {
        StoreDict { bytes: Vec::new() }
    }

    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    /// Read the dictionary of the index in `dir`: `None` when it has none yet.
    pub fn load(dir: &Path) -> Result<Option<StoreDict>> {
        let path = dir.join(DICT_FILE);
        let raw = match std::fs::read(&path) {
            Ok(raw) => raw,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => {
                return Err(anyhow::Error::new(e)
                    .context(format!("reading {}", path.display()))
                    .into());
            }
        };
        let bytes = raw
            .strip_prefix(MAGIC)
            .with_context(|| format!("{} is not a kensaku store dictionary", path.display()))?;
        Ok(Some(StoreDict {
            bytes: bytes.to_vec(),
        }))
    }

    /// Write the dictionary into the index folder `dir` (write, then rename).
    pub fn save(&self, dir: &Path) -> Result<()> {
        let mut raw = MAGIC.to_vec();
        raw.extend_from_slice(&self.bytes);
        crate::index::write_through(
            &dir.join(format!("{DICT_FILE}.tmp")),
            &dir.join(DICT_FILE),
            &raw,
        )
    }
}

/// zstd contexts kept for reuse (creating one costs two `cpuid` instructions): a thread takes
/// one, or creates one when none is free, and puts it back.
struct Pool<T>(Mutex<Vec<T>>);

impl<T> Pool<T> {
    fn new() -> Pool<T> {
        Pool(Mutex::new(Vec::new()))
    }

    fn with<R>(
        &self,
        create: impl FnOnce() -> io::Result<T>,
        f: impl FnOnce(&mut T) -> io::Result<R>,
    ) -> io::Result<R> {
        let taken = self.0.lock().ok().and_then(|mut free| free.pop());
        let mut context = match taken {
            Some(c) => c,
            None => create()?,
        };
        let out = f(&mut context);
        if let Ok(mut free) = self.0.lock() {
            free.push(context);
        }
        out
    }
}

/// Compresses records with the dictionary; shared by the indexing threads.
pub struct Encoder {
    dict: StoreDict,
    pool: Pool<zstd::bulk::Compressor<'static>>,
}

impl Encoder {
    pub fn new(dict: StoreDict) -> Encoder {
        Encoder {
            dict,
            pool: Pool::new(),
        }
    }

    /// The value to store for a record: a tag byte, then the zstd frame (or the record itself
    /// if zstd failed, which it does not with memory to spare).
    pub fn seal(&self, record: &[u8]) -> Vec<u8> {
        let create = || match self.dict.is_empty() {
            true => zstd::bulk::Compressor::new(LEVEL),
            false => zstd::bulk::Compressor::with_dictionary(LEVEL, &self.dict.bytes),
        };
        let (tag, body) = match self.pool.with(create, |c| c.compress(record)) {
            Ok(frame) if self.dict.is_empty() => (ALONE, frame),
            Ok(frame) => (WITH_DICT, frame),
            Err(_) => (RAW, record.to_vec()),
        };
        let mut out = Vec::with_capacity(body.len() + 1);
        out.push(tag);
        out.extend_from_slice(&body);
        out
    }
}

/// Decompresses stored records; shared by a search's threads like [`Encoder`].
pub struct Decoder {
    /// The dictionary, digested once for all contexts (`None`: the index has none).
    ddict: Option<DDict<'static>>,
    /// Contexts for records compressed with the dictionary, and for those compressed alone.
    with_dict: Pool<DCtx<'static>>,
    alone: Pool<DCtx<'static>>,
}

impl Decoder {
    pub fn new(dict: StoreDict) -> Decoder {
        Decoder {
            // The file's bytes are copied once, into the digested dictionary, and then dropped.
            ddict: (!dict.is_empty()).then(|| DDict::create(&dict.bytes)),
            with_dict: Pool::new(),
            alone: Pool::new(),
        }
    }

    /// The decoder of the index in `dir`, with its dictionary; the error says why the index's
    /// records cannot be read (its dictionary is missing or not one).
    pub fn for_index(dir: &Path) -> std::result::Result<Decoder, String> {
        match StoreDict::load(dir) {
            Ok(Some(dict)) => Ok(Decoder::new(dict)),
            Ok(None) => Err(format!("{DICT_FILE} is missing")),
            Err(e) => Err(e.to_string()),
        }
    }

    /// The record of a stored value made by [`Encoder::seal`].
    pub fn open(&self, stored: &[u8]) -> io::Result<Vec<u8>> {
        let broken = || io::Error::new(io::ErrorKind::InvalidData, "damaged stored record");
        let (&tag, body) = stored.split_first().ok_or_else(broken)?;
        let size = zstd::zstd_safe::get_frame_content_size(body)
            .ok()
            .flatten()
            .and_then(|n| usize::try_from(n).ok())
            .filter(|&n| n <= MAX_RECORD_BYTES);
        let create = || DCtx::try_create().ok_or_else(|| io::Error::other("no memory for zstd"));
        let zstd_error = |code| io::Error::other(zstd::zstd_safe::get_error_name(code));
        let mut out = Vec::new();
        match (tag, &self.ddict) {
            (RAW, _) => return Ok(body.to_vec()),
            (WITH_DICT, Some(ddict)) => {
                out.reserve_exact(size.ok_or_else(broken)?);
                self.with_dict.with(create, |d| {
                    d.decompress_using_ddict(&mut out, body, ddict)
                        .map_err(zstd_error)
                })?;
            }
            (ALONE, _) => {
                out.reserve_exact(size.ok_or_else(broken)?);
                self.alone
                    .with(create, |d| d.decompress(&mut out, body).map_err(zstd_error))?;
            }
            _ => return Err(broken()),
        }
        // zstd writes only as much as the frame holds: a frame shorter than it says is damaged.
        if Some(out.len()) != size {
            return Err(broken());
        }
        Ok(out)
    }
}

/// The sealed record inside a stored document as tantivy serialises it (a count of field values,
/// then each value's field id, type code and bytes), read in place: tantivy's own document
/// reader copies a bytes value one byte at a time. `None` when the document holds no record.
/// The layout is tantivy 0.27's; the tests below check it against tantivy's reader.
pub fn record_in_doc(doc: &[u8], record: tantivy::schema::Field) -> Option<&[u8]> {
    /// tantivy's type code for bytes values.
    const BYTES_CODE: u8 = 4;
    let mut rest = doc;
    if vint(&mut rest)? != 1 {
        return None;
    }
    let (field, after) = rest.split_first_chunk::<4>()?;
    let (&code, after) = after.split_first()?;
    rest = after;
    if u32::from_le_bytes(*field) != record.field_id() || code != BYTES_CODE {
        return None;
    }
    let len = usize::try_from(vint(&mut rest)?).ok()?;
    (rest.len() == len).then_some(rest)
}

/// tantivy's variable-length integer: 7 bits a byte, the last byte's high bit set.
fn vint(bytes: &mut &[u8]) -> Option<u64> {
    let mut n = 0u64;
    for shift in (0..64).step_by(7) {
        let (&b, rest) = bytes.split_first()?;
        *bytes = rest;
        n |= u64::from(b & 0x7f).checked_shl(shift)?;
        if b & 0x80 != 0 {
            return Some(n);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn samples(n: usize) -> Vec<Vec<u8>> {
        (0..n)
            .map(|i| {
                format!(
                    "Chapter {i}. Abe, Kenji. Minato no rekishi. Tokyo: Iwanami Shoten, {}. \
                     See also Ueda, Makoto, Boei to domei (Tokyo: Chuo Koron, {}), p. {}.",
                    1950 + i % 60,
                    1960 + i % 50,
                    i * 7 % 300
                )
                .repeat(8)
                .into_bytes()
            })
            .collect()
    }

    #[test]
    fn records_round_trip_with_and_without_a_dictionary() {
        let samples = samples(400);
        let dict = StoreDict::train(&samples);
        assert!(!dict.is_empty());
        // A decoder with the dictionary also reads what was compressed before there was one.
        let decoder = Decoder::new(dict.clone());
        for (dict, tag) in [(dict, WITH_DICT), (StoreDict::none(), ALONE)] {
            let encoder = Encoder::new(dict.clone());
            for s in samples.iter().take(20) {
                let stored = encoder.seal(s);
                assert_eq!(stored[0], tag);
                assert!(
                    stored.len() < s.len() / 2,
                    "{} of {}",
                    stored.len(),
                    s.len()
                );
                assert_eq!(&decoder.open(&stored).expect("record"), s);
                assert_eq!(
                    &Decoder::new(dict.clone()).open(&stored).expect("record"),
                    s
                );
            }
        }
        // Without the dictionary, a record that needs it is an error.
        let sealed = Encoder::new(StoreDict::train(&samples)).seal(&samples[0]);
        assert!(Decoder::new(StoreDict::none()).open(&sealed).is_err());
    }

    #[test]
    fn the_dictionary_makes_small_records_smaller() {
        let samples = samples(400);
        let with = Encoder::new(StoreDict::train(&samples));
        let without = Encoder::new(StoreDict::none());
        let size = |e: &Encoder| samples.iter().map(|s| e.seal(s).len()).sum::<usize>();
        assert!(size(&with) * 2 < size(&without));
    }

    #[test]
    fn too_few_samples_give_no_dictionary() {
        assert!(StoreDict::train(&samples(3)).is_empty());
        assert!(StoreDict::train(&[]).is_empty());
    }

    #[test]
    fn the_dictionary_file_round_trips_and_a_foreign_one_is_refused() {
        let dir = tempfile::tempdir().expect("tempdir");
        assert_eq!(StoreDict::load(dir.path()).expect("load"), None);
        let dict = StoreDict::train(&samples(100));
        dict.save(dir.path()).expect("save");
        assert_eq!(StoreDict::load(dir.path()).expect("load"), Some(dict));
        StoreDict::none().save(dir.path()).expect("save");
        assert_eq!(
            StoreDict::load(dir.path()).expect("load"),
            Some(StoreDict::none())
        );
        std::fs::write(dir.path().join(DICT_FILE), b"something else").expect("write");
        let err = StoreDict::load(dir.path()).expect_err("foreign file");
        assert!(
            err.to_string().contains("not a kensaku store dictionary"),
            "{err}"
        );
    }

    #[test]
    fn records_are_found_in_documents_as_tantivy_stores_them() {
        let (schema, f) = crate::schema::build();
        let index = tantivy::Index::builder()
            .schema(schema)
            .settings(crate::schema::settings())
            .create_in_ram()
            .expect("index");
        crate::analyzer::register(&index);
        let mut writer: tantivy::IndexWriter =
            index.writer_with_num_threads(1, 15_000_000).unwrap();
        let records: Vec<Vec<u8>> = vec![
            b"short".to_vec(),
            Vec::new(),
            (0..=255u8).cycle().take(70_000).collect(),
        ];
        for r in &records {
            let mut doc = tantivy::doc!(f.kind => "note");
            doc.add_bytes(f.record, r);
            writer.add_document(doc).unwrap();
        }
        writer
            .add_document(tantivy::doc!(f.kind => "note"))
            .unwrap();
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        let store = searcher.segment_reader(0).get_store_reader(1).unwrap();
        for (doc, r) in records.iter().enumerate() {
            let bytes = store.get_document_bytes(doc as u32).unwrap();
            assert_eq!(
                record_in_doc(&bytes, f.record),
                Some(r.as_slice()),
                "doc {doc}"
            );
            // What tantivy's own reader finds.
            let read: tantivy::TantivyDocument = store.get(doc as u32).unwrap();
            use tantivy::schema::Value;
            assert_eq!(
                read.get_first(f.record).and_then(|v| v.as_bytes()),
                Some(r.as_slice())
            );
        }
        let bytes = store.get_document_bytes(3).unwrap();
        assert_eq!(record_in_doc(&bytes, f.record), None);
        // Another field, a cut value: no record.
        let full = store.get_document_bytes(0).unwrap();
        assert_eq!(record_in_doc(&full, f.kind), None);
        assert_eq!(record_in_doc(&full[..full.len() - 1], f.record), None);
        assert_eq!(record_in_doc(&[], f.record), None);
    }

    #[test]
    fn damaged_values_are_errors_not_panics() {
        let decoder = Decoder::new(StoreDict::none());
        assert!(decoder.open(&[]).is_err());
        assert!(decoder.open(&[7, 1, 2]).is_err());
        assert!(decoder.open(&[ALONE, 1, 2, 3]).is_err());
        let stored = Encoder::new(StoreDict::none()).seal(b"some record");
        assert!(decoder.open(&stored[..stored.len() - 2]).is_err());
        assert_eq!(decoder.open(&[RAW, b'x']).expect("raw"), b"x");
    }
}
