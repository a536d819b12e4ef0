//! Prints where an index's bytes go, per field and per part (terms, postings, positions, fast
//! fields, norms, store): `cargo run --release --example space_usage -- INDEX_DIR`.

use std::collections::BTreeMap;

fn main() -> anyhow::Result<()> {
    let dir = std::env::args()
        .nth(1)
        .ok_or_else(|| anyhow::anyhow!("usage: space_usage INDEX_DIR"))?;
    let kindex = kensaku::index::open(std::path::Path::new(&dir))?;
    let searcher = kindex.index.reader()?.searcher();
    let usage = searcher.space_usage()?;
    let mut parts: BTreeMap<(String, &str), u64> = BTreeMap::new();
    let mut store = 0;
    for seg in usage.segments() {
        for (part, per_field) in [
            ("terms", seg.termdict()),
            ("postings", seg.postings()),
            ("positions", seg.positions()),
            ("fast", seg.fast_fields()),
            ("norms", seg.fieldnorms()),
        ] {
            for f in per_field.fields() {
                *parts.entry((f.field_name().to_string(), part)).or_default() +=
                    f.total().get_bytes();
            }
        }
        store += seg.store().total().get_bytes();
    }
    let mut rows: Vec<_> = parts.into_iter().collect();
    rows.sort_by_key(|(_, b)| std::cmp::Reverse(*b));
    println!("{:>12}  store", store);
    for ((field, part), bytes) in rows {
        println!("{bytes:>12}  {field} {part}");
    }
    println!("{:>12}  total", usage.total().get_bytes());
    Ok(())
}
