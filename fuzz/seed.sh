#!/bin/sh
# Build the starting corpora fuzz/corpus/<target> from the hand-made seeds in fuzz/seeds/ and the
# sample pages in ../corpus (run from fuzz/). The corpora themselves are not committed.
set -e
for t in page html detect_decode citation romaji query; do
  mkdir -p corpus/$t
  cp seeds/$t/* corpus/$t/
done
for f in ../corpus/*; do
  b=$(basename "$f")
  cp "$f" corpus/page/"$b"
  cp "$f" corpus/html/"$b"
  { printf '\000'; cat "$f"; } > corpus/detect_decode/"$b"
  grep -E '^ *[0-9]+\. ' "$f" > corpus/citation/"$b" || true
  head -c 4000 "$f" > corpus/romaji/"$b"
done
# The team's real page, when present (it stays out of the repository: corpus/ is not committed).
fx=/work/shared/fixtures/000_b0af606797a47d4b.txt
if [ -f "$fx" ]; then
  cp "$fx" corpus/page/fixture.txt
  { printf '\000'; cat "$fx"; } > corpus/detect_decode/fixture.txt
  grep -E '^ *[0-9]+\. ' "$fx" > corpus/citation/fixture.txt || true
fi
