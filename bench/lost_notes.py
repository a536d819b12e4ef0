#!/usr/bin/env python3
"""Compare the notes gen_corpus wrote (its --manifest TSV) with the notes kensaku indexed
(`kensaku export` NDJSON), per file format: prints one line per format and exits 1 if a file lost
notes. A Markdown file's notes are the items of its notes list; the rest of its text is one more
passage, not counted here.

usage: lost_notes.py MANIFEST.tsv EXPORT.ndjson
"""
import collections
import json
import sys

manifest, export = sys.argv[1], sys.argv[2]
found = collections.Counter()
with open(export, encoding="utf-8") as f:
    for line in f:
        hit = json.loads(line)
        if hit["kind"] == "note":
            found[hit["path"].rsplit("/", 1)[-1]] += 1
expected, got, short = collections.Counter(), collections.Counter(), collections.defaultdict(list)
with open(manifest, encoding="utf-8") as f:
    for line in f:
        name, fmt, notes = line.rstrip("\n").split("\t")
        expected[fmt] += int(notes)
        n = found[name] - (fmt == "Markdown" and found[name] > 0)
        got[fmt] += n
        if n != int(notes):
            short[fmt].append(f"{name} ({n} of {notes})")
lost = False
for fmt in sorted(expected):
    print(f"{fmt}: {got[fmt]} of {expected[fmt]} notes indexed; {len(short[fmt])} files differ "
          f"{short[fmt][:3]}")
    lost |= bool(short[fmt])
sys.exit(1 if lost else 0)
