#!/usr/bin/env bash
# Compare the query latency of two kensaku binaries on one index: `bench/ab.sh A B INDEX [FLAGS…]`.
# Runs bench/queries.txt through each binary three times, alternating (A, B, A, B, A, B), takes
# each query's best `took_us`, prints p50 / p90 / p99 / max / sum for each binary, and checks that
# both returned the same results (query, total, facets and every shown hit). Needs jq.
# Example: bench/ab.sh /tmp/kensaku-before target/release/kensaku IDX --facets
# With IDX_B=DIR set, binary B searches that index instead (two index formats of one corpus;
# hits tied in score are then compared as a set).
set -euo pipefail
[ $# -ge 3 ] || { echo "usage: bench/ab.sh BINARY_A BINARY_B INDEX [SEARCH FLAGS…]" >&2; exit 2; }
A=$1 B=$2 IDX=$3
IDX_B=${IDX_B:-$IDX}
shift 3
QUERIES=$(cd "$(dirname "$0")" && pwd)/queries.txt
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
for pass in 1 2 3; do
    for side in a b; do
        bin=$A idx=$IDX
        [ "$side" = b ] && bin=$B idx=$IDX_B
        "$bin" search --index "$idx" --queries "$QUERIES" --json "$@" > "$OUT/$side-$pass.ndjson"
    done
done
for side in a b; do
    paste <(jq -r .took_us "$OUT/$side-1.ndjson") <(jq -r .took_us "$OUT/$side-2.ndjson") \
        <(jq -r .took_us "$OUT/$side-3.ndjson") |
        awk '{m = $1; if ($2 < m) m = $2; if ($3 < m) m = $3; print m}' | sort -n |
        awk -v side="$side" '{v[NR] = $1; s += $1} END {
            printf "%s p50 %d p90 %d p99 %d max %d sum %d\n", side, v[int((NR + 1) / 2)],
                v[int(NR * 0.9 + 0.99)], v[int(NR * 0.99 + 0.99)], v[NR], s }'
done
results() { jq -c '[.query, .total, .facets, .hits]' "$1"; }
if [ "$IDX_B" != "$IDX" ]; then
    # Two builds of one corpus may order a chapter's equal scores differently: compare every
    # hit's score in rank order, and the hits themselves as a set, leaving out those that tie
    # with the last shown one (which of them made the cut may differ).
    results() {
        jq -c '[.query, .total, .facets, (.hits | map(.score)),
            (.hits | (last.score // null) as $last | map(select(.score != $last))
                | map(del(.rank)) | sort_by(.score, .path, .line))]' "$1"
    }
fi
if cmp -s <(results "$OUT/a-1.ndjson") <(results "$OUT/b-1.ndjson"); then
    echo "identical results"
else
    echo "results differ"
    exit 1
fi
