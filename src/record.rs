//! The stored record of a group of passages: its chapter's fields once, then each passage's own
//! (kind, line, note number, text, citations), as length-prefixed binary.
//!
//! A chapter's passages are stored in groups of up to [`GROUP_PASSAGES`], one record per group on
//! the group's first passage (see [`crate::store`]). The chapter's fields (path, titles, authors,
//! year, DOI) are written once per group instead of once per passage.
//!
//! Layout: unsigned numbers are LEB128 varints; a string is its byte length then its UTF-8 bytes;
//! an optional value is a 0 byte for none, or a 1 byte then the value; the year is zigzag-encoded.
//! Chapter: path, title, book?, author count, authors, year?, DOI?. Then the passage count and each
//! passage: kind, line, note number?, text, citations (in [`crate::stored`]'s form).

use std::borrow::Cow;

/// Passages per stored group: a chapter of up to this many passages is one record (nearly all
/// chapters); a longer one (a reading list of hundreds of items) is several, so that showing a
/// hit never decompresses more than this many passages.
pub const GROUP_PASSAGES: u32 = 64;

/// A chapter's fields as stored with each group of its passages.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StoredChapter<'a> {
    pub path: Cow<'a, str>,
    pub title: Cow<'a, str>,
    pub book: Option<Cow<'a, str>>,
    pub authors: Vec<Cow<'a, str>>,
    pub year: Option<i64>,
    pub doi: Option<Cow<'a, str>>,
}

/// A passage's own stored fields.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StoredPassage<'a> {
    /// "note" or "abstract".
    pub kind: Cow<'a, str>,
    pub line: u64,
    pub note: Option<u64>,
    pub text: Cow<'a, str>,
    /// The note's citations in [`crate::stored`]'s form (empty for none).
    pub citations: Cow<'a, str>,
}

/// A decoded record: the chapter's fields and the group's passages, in order (strings borrowed
/// from the record's bytes).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Group<'a> {
    pub chapter: StoredChapter<'a>,
    pub passages: Vec<StoredPassage<'a>>,
}

/// Append the record of a group of passages to `out`.
pub fn encode(out: &mut Vec<u8>, chapter: &StoredChapter<'_>, passages: &[StoredPassage<'_>]) {
    put_str(out, &chapter.path);
    put_str(out, &chapter.title);
    put_opt_str(out, chapter.book.as_deref());
    put_u64(out, chapter.authors.len() as u64);
    for a in &chapter.authors {
        put_str(out, a);
    }
    match chapter.year {
        Some(y) => {
            out.push(1);
            put_u64(out, ((y << 1) ^ (y >> 63)) as u64);
        }
        None => out.push(0),
    }
    put_opt_str(out, chapter.doi.as_deref());
    put_u64(out, passages.len() as u64);
    for p in passages {
        put_str(out, &p.kind);
        put_u64(out, p.line);
        match p.note {
            Some(n) => {
                out.push(1);
                put_u64(out, n);
            }
            None => out.push(0),
        }
        put_str(out, &p.text);
        put_str(out, &p.citations);
    }
}

/// Read a record back; `None` when it is truncated or not a record.
pub fn decode(bytes: &[u8]) -> Option<Group<'_>> {
    let mut r = Reader { bytes };
    let chapter = r.chapter()?;
    let count = r.count()?;
    let mut passages = Vec::with_capacity(count);
    for _ in 0..count {
        passages.push(r.passage()?);
    }
    r.bytes.is_empty().then_some(Group { chapter, passages })
}

/// Read a record's chapter and its passage number `within` only (what showing a hit needs),
/// skipping the passages before it unread; `None` when the record is broken or shorter.
pub fn decode_one(bytes: &[u8], within: usize) -> Option<(StoredChapter<'_>, StoredPassage<'_>)> {
    let mut r = Reader { bytes };
    let chapter = r.chapter()?;
    if within >= r.count()? {
        return None;
    }
    for _ in 0..within {
        r.skip_passage()?;
    }
    Some((chapter, r.passage()?))
}

fn put_u64(out: &mut Vec<u8>, mut n: u64) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    put_u64(out, s.len() as u64);
    out.extend_from_slice(s.as_bytes());
}

fn put_opt_str(out: &mut Vec<u8>, s: Option<&str>) {
    match s {
        Some(s) => {
            out.push(1);
            put_str(out, s);
        }
        None => out.push(0),
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
}

impl<'a> Reader<'a> {
    fn chapter(&mut self) -> Option<StoredChapter<'a>> {
        let path = self.string()?;
        let title = self.string()?;
        let book = self.opt(Reader::string)?;
        let authors = (0..self.u64()?)
            .map(|_| self.string())
            .collect::<Option<Vec<_>>>()?;
        let year = self.opt(|r| r.u64().map(|z| ((z >> 1) as i64) ^ -((z & 1) as i64)))?;
        let doi = self.opt(Reader::string)?;
        Some(StoredChapter {
            path,
            title,
            book,
            authors,
            year,
            doi,
        })
    }

    /// The passage count; each passage takes at least 5 bytes, so a count beyond that is not a
    /// record (and is refused before anything is allocated for it).
    fn count(&mut self) -> Option<usize> {
        let count = usize::try_from(self.u64()?).ok()?;
        (count <= self.bytes.len() / 5).then_some(count)
    }

    fn passage(&mut self) -> Option<StoredPassage<'a>> {
        Some(StoredPassage {
            kind: self.string()?,
            line: self.u64()?,
            note: self.opt(Reader::u64)?,
            text: self.string()?,
            citations: self.string()?,
        })
    }

    fn skip_passage(&mut self) -> Option<()> {
        self.skip_bytes()?;
        self.u64()?;
        self.opt(Reader::u64)?;
        self.skip_bytes()?;
        self.skip_bytes()
    }

    fn u64(&mut self) -> Option<u64> {
        let mut n: u64 = 0;
        for shift in (0..64).step_by(7) {
            let (&b, rest) = self.bytes.split_first()?;
            self.bytes = rest;
            n |= u64::from(b & 0x7f).checked_shl(shift)?;
            if b & 0x80 == 0 {
                return Some(n);
            }
        }
        None
    }

    fn bytes(&mut self) -> Option<&'a [u8]> {
        let len = usize::try_from(self.u64()?).ok()?;
        if len > self.bytes.len() {
            return None;
        }
        let (s, rest) = self.bytes.split_at(len);
        self.bytes = rest;
        Some(s)
    }

    fn skip_bytes(&mut self) -> Option<()> {
        self.bytes().map(drop)
    }

    fn string(&mut self) -> Option<Cow<'a, str>> {
        Some(Cow::Borrowed(std::str::from_utf8(self.bytes()?).ok()?))
    }

    /// An optional value: `Some(None)` for none, `None` when the record is broken.
    fn opt<T>(&mut self, read: impl FnOnce(&mut Self) -> Option<T>) -> Option<Option<T>> {
        let (&flag, rest) = self.bytes.split_first()?;
        self.bytes = rest;
        match flag {
            0 => Some(None),
            1 => read(self).map(Some),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn chapter() -> StoredChapter<'static> {
        StoredChapter {
            path: "corpus/a.txt".into(),
            title: "Bōei to Dōmei".into(),
            book: Some("The Alliance".into()),
            authors: vec!["Abe, K.".into(), "Ueda, M.".into()],
            year: Some(2011),
            doi: None,
        }
    }

    fn passage(n: u64) -> StoredPassage<'static> {
        StoredPassage {
            kind: "note".into(),
            line: 40 + n,
            note: Some(n),
            text: format!("Note {n}: Minato (Tokyo: Iwanami, 2001).").into(),
            citations: "book\u{1f}Abe".into(),
        }
    }

    #[test]
    fn a_group_reads_back_exactly() {
        let passages = vec![
            StoredPassage {
                kind: "abstract".into(),
                line: 3,
                note: None,
                text: "This chapter…".into(),
                citations: "".into(),
            },
            passage(1),
            passage(2),
        ];
        let mut out = Vec::new();
        encode(&mut out, &chapter(), &passages);
        let group = decode(&out).expect("record");
        assert_eq!(group.chapter, chapter());
        assert_eq!(group.passages, passages);
        for (i, p) in passages.iter().enumerate() {
            assert_eq!(decode_one(&out, i), Some((chapter(), p.clone())));
        }
        assert_eq!(decode_one(&out, passages.len()), None);
    }

    #[test]
    fn broken_records_read_as_none() {
        let mut out = Vec::new();
        encode(&mut out, &chapter(), &[passage(1)]);
        for cut in 0..out.len() {
            assert_eq!(decode(&out[..cut]), None, "cut at {cut}");
            assert_eq!(decode_one(&out[..cut], 0), None, "cut at {cut}");
        }
        let mut longer = out.clone();
        longer.push(0);
        assert_eq!(decode(&longer), None);
        assert_eq!(decode(&[0xff; 12]), None);
        // A huge passage count in a short record is refused before allocating.
        let mut huge = Vec::new();
        encode(&mut huge, &chapter(), &[]);
        huge.pop();
        put_u64(&mut huge, u64::MAX);
        assert_eq!(decode(&huge), None);
    }

    proptest! {
        #[test]
        fn any_group_reads_back_exactly(
            path in ".{0,8}",
            title in ".{0,8}",
            book in proptest::option::of(".{0,5}"),
            authors in proptest::collection::vec(".{0,5}", 0..3),
            year in proptest::option::of(any::<i64>()),
            doi in proptest::option::of(".{0,5}"),
            passages in proptest::collection::vec(
                (".{0,4}", any::<u64>(), proptest::option::of(any::<u64>()), ".{0,12}", ".{0,6}"),
                0..5,
            ),
        ) {
            let chapter = StoredChapter {
                path: path.into(),
                title: title.into(),
                book: book.map(Into::into),
                authors: authors.into_iter().map(Into::into).collect(),
                year,
                doi: doi.map(Into::into),
            };
            let passages: Vec<StoredPassage> = passages
                .into_iter()
                .map(|(kind, line, note, text, citations)| StoredPassage {
                    kind: kind.into(),
                    line,
                    note,
                    text: text.into(),
                    citations: citations.into(),
                })
                .collect();
            let mut out = Vec::new();
            encode(&mut out, &chapter, &passages);
            let group = decode(&out).expect("record");
            prop_assert_eq!(&group.chapter, &chapter);
            prop_assert_eq!(&group.passages, &passages);
            for (i, p) in passages.iter().enumerate() {
                prop_assert_eq!(decode_one(&out, i), Some((chapter.clone(), p.clone())));
            }
        }
    }
}
