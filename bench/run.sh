#!/usr/bin/env bash
# bench/run.sh [CHAPTERS] — kensaku benchmarks at scale, all on one generated corpus, in one run.
#
# Generates CHAPTERS chapters (default 5000, about 40 notes each) with examples/gen_corpus.rs, checks
# that every generated note was indexed, then times: a full index build against tantivy-cli indexing
# the same notes' text (median of BUILDS runs each); query latency (took_us, p50/p99) over
# bench/queries.txt in several modes (plain, --facets, --author, --year); one whole `kensaku search`
# process against `rg -i -c` (hyperfine); no-change and one-file-changed re-index; peak RSS
# (/usr/bin/time -v); index size against corpus size; and the indexing stages on one thread
# (examples/bench_parse). Prints a markdown table (also saved as $WORK/results.md). Generated data
# goes under bench/data/ (git-ignored) unless BENCH_WORK says otherwise.
#
# Environment: SEED (default 7), BENCH_WORK (data folder), CARGO_TARGET_DIR, BUILDS (full builds
# per indexer, default 3), RUNS (re-index repeats, default 5), KEEP=1 to reuse a generated corpus.
#
# Tools it needs and installs when missing: tantivy-cli (`cargo install tantivy-cli`, several
# minutes to compile; not --locked: its lock file pins traitobject 0.1.0, which no longer
# compiles), ripgrep and hyperfine (apt-get, else `cargo install … --locked`), GNU time and jq
# (apt-get; root is assumed for apt-get), python3.
set -euo pipefail

CHAPTERS=${1:-5000}
SEED=${SEED:-7}
RUNS=${RUNS:-5}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=${BENCH_WORK:-$ROOT/bench/data}/c$CHAPTERS
CORPUS=$WORK/corpus
IDX=$WORK/kensaku-index
TIDX=$WORK/tantivy-index
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
KENSAKU=$CARGO_TARGET_DIR/release/kensaku
GEN=$CARGO_TARGET_DIR/release/examples/gen_corpus
STAGES=$CARGO_TARGET_DIR/release/examples/bench_parse
QUERIES=$ROOT/bench/queries.txt

log() { echo "bench: $*" >&2; }

# ---------------------------------------------------------------- tools
apt_install() {
    if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
        apt-get install -y "$@" >/dev/null 2>&1 || { apt-get update >/dev/null 2>&1 && apt-get install -y "$@" >/dev/null 2>&1; }
    else
        return 1
    fi
}
[ -x /usr/bin/time ] || apt_install time || { log "need GNU time: apt-get install time"; exit 1; }
command -v jq >/dev/null || apt_install jq || { log "need jq: apt-get install jq"; exit 1; }
command -v rg >/dev/null || apt_install ripgrep || cargo install ripgrep --locked
export PATH=$HOME/.cargo/bin:$PATH
if ! command -v tantivy >/dev/null; then
    log "installing tantivy-cli (cargo install tantivy-cli; takes several minutes)"
    cargo install tantivy-cli
fi

log "building kensaku (release)"
(cd "$ROOT" && cargo build --release --locked --bin kensaku --example gen_corpus --example bench_parse >&2)

# ---------------------------------------------------------------- helpers
now_ns() { date +%s%N; }
ms_since() { echo $((($(now_ns) - $1) / 1000000)); }
# median of numbers on stdin
median() { sort -n | awk '{a[NR]=$1} END {if (NR==0) print "n/a"; else print a[int((NR+1)/2)]}'; }
# percentile P (0-100) of numbers on stdin (nearest rank)
pct() { sort -n | awk -v p="$1" '{a[NR]=$1} END {if (NR==0) {print "n/a"; exit} i=int((p*NR+99)/100); if (i<1) i=1; print a[i]}'; }
# peak RSS in MB from a /usr/bin/time -v output file
rss_mb() { awk -F: '/Maximum resident set size/ {printf "%d", $2/1024}' "$1"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "n/a"; else printf "%.2f", a / b }'; }
human() { awk -v b="$1" 'BEGIN { printf "%.1f MB", b / 1e6 }'; }

# ---------------------------------------------------------------- corpus
mkdir -p "$WORK"
if [ "${KEEP:-0}" = 1 ] && [ -d "$CORPUS" ]; then
    log "reusing $CORPUS"
else
    rm -rf "$CORPUS"
    log "generating $CHAPTERS chapters (seed $SEED) into $CORPUS"
    "$GEN" --chapters "$CHAPTERS" --seed "$SEED" --out "$CORPUS" --manifest "$WORK/generated.tsv" >&2
fi
FILES=$(find "$CORPUS" -type f | wc -l)
CORPUS_BYTES=$(du -sb "$CORPUS" | cut -f1)
# Warm the page cache so that both indexers and rg read from memory.
rg -c zzzzzzzz "$CORPUS" >/dev/null || true

# ---------------------------------------------------------------- full index build
# Median of BUILDS runs (default 3); the last run's index is kept for the measurements below.
BUILDS=${BUILDS:-3}
log "kensaku index (full build, median of $BUILDS)"
builds=()
for _ in $(seq "$BUILDS"); do
    rm -rf "$IDX"
    t=$(now_ns)
    /usr/bin/time -v -o "$WORK/time-index.txt" \
        "$KENSAKU" index "$CORPUS" --index "$IDX" --quiet --json >"$WORK/index-report.json" || [ $? = 3 ]
    builds+=("$(ms_since "$t")")
done
K_INDEX_MS=$(printf '%s\n' "${builds[@]}" | median)
K_INDEX_RSS=$(rss_mb "$WORK/time-index.txt")
NOTES=$(jq -r '.notes' "$WORK/index-report.json")
ABSTRACTS=$(jq -r '.abstracts' "$WORK/index-report.json")
IDX_BYTES=$(du -sb "$IDX" | cut -f1)
MANIFEST_BYTES=$(stat -c %s "$IDX/manifest.json")

log "export + tantivy-cli index of the same notes"
"$KENSAKU" export --index "$IDX" --format ndjson >"$WORK/export.ndjson" 2>/dev/null
jq -c '{path: .path, text: .text}' "$WORK/export.ndjson" >"$WORK/notes.ndjson"
# Every generated note must be in the index.
LOST=$(python3 "$ROOT/bench/lost_notes.py" "$WORK/generated.tsv" "$WORK/export.ndjson" | tr '\n' ';' || true)
rm -rf "$TIDX" && mkdir -p "$TIDX"
# `tantivy new` is interactive: write the schema by hand. `text` uses tantivy's default tokenizer
# with positions (like kensaku's text field); `path` is a raw stored string.
cat >"$TIDX/meta.json" <<'JSON'
{"index_settings":{"docstore_compression":"lz4","docstore_blocksize":16384},"segments":[],"schema":[
 {"name":"path","type":"text","options":{"indexing":{"record":"basic","fieldnorms":false,"tokenizer":"raw"},"stored":true,"fast":false}},
 {"name":"text","type":"text","options":{"indexing":{"record":"position","fieldnorms":true,"tokenizer":"default"},"stored":true,"fast":false}}
],"opstamp":0}
JSON
cp "$TIDX/meta.json" "$WORK/tantivy-meta.json"
tbuilds=()
for _ in $(seq "$BUILDS"); do
    rm -rf "$TIDX" && mkdir -p "$TIDX"
    cp "$WORK/tantivy-meta.json" "$TIDX/meta.json"
    t=$(now_ns)
    /usr/bin/time -v -o "$WORK/time-tantivy.txt" \
        tantivy index -i "$TIDX" -t "$(nproc)" <"$WORK/notes.ndjson" >/dev/null 2>"$WORK/tantivy.log"
    tbuilds+=("$(ms_since "$t")")
done
T_INDEX_MS=$(printf '%s\n' "${tbuilds[@]}" | median)
T_INDEX_RSS=$(rss_mb "$WORK/time-tantivy.txt")
TIDX_BYTES=$(du -sb "$TIDX" | cut -f1)

# ---------------------------------------------------------------- query latency
log "query latency ($(wc -l <"$QUERIES") queries per mode)"
: >"$WORK/took-all.txt"
declare -A P50 P99
run_mode() {
    local name=$1
    shift
    "$KENSAKU" search --index "$IDX" --queries "$QUERIES" --json "$@" >"$WORK/q-$name.ndjson" 2>/dev/null || true
    jq -r 'select(.took_us != null) | .took_us' "$WORK/q-$name.ndjson" >"$WORK/took-$name.txt"
    cat "$WORK/took-$name.txt" >>"$WORK/took-all.txt"
    P50[$name]=$(pct 50 <"$WORK/took-$name.txt")
    P99[$name]=$(pct 99 <"$WORK/took-$name.txt")
}
run_mode plain
run_mode facets --facets
run_mode author --author Tanaka --author "Sato"
run_mode year --year 1990..2010
run_mode facets_year_author --facets --year 1980.. --author Suzuki
N_QUERIES=$(wc -l <"$WORK/took-all.txt")
P50_ALL=$(pct 50 <"$WORK/took-all.txt")
P99_ALL=$(pct 99 <"$WORK/took-all.txt")
FACET_ALL=$(cat "$WORK/took-facets.txt" "$WORK/took-facets_year_author.txt" | pct 50)
FACET_P99=$(cat "$WORK/took-facets.txt" "$WORK/took-facets_year_author.txt" | pct 99)

# ---------------------------------------------------------------- whole process vs rg
log "whole-process search vs rg -i -c (hyperfine, mean of 20 runs after 3 warm-ups)"
command -v hyperfine >/dev/null || apt_install hyperfine || cargo install hyperfine --locked
whole() { # kensaku args..., rg pattern (last): prints kensaku's and rg's mean wall time in ms
    local pat=${!#}
    local args=("${@:1:$#-1}")
    hyperfine -N -w 3 -r 20 --export-json "$WORK/hyperfine.json" \
        "$(printf '%q ' "$KENSAKU" search --index "$IDX" --json "${args[@]}")" \
        "$(printf '%q ' rg -i -c "$pat" "$CORPUS")" >/dev/null 2>&1 || true
    jq -r '.results[].mean * 1000 | . * 10 | round / 10' "$WORK/hyperfine.json"
}
mapfile -t W1 < <(whole "missile defense" "missile defense")
mapfile -t W2 < <(whole "dōmei" "dōmei")
mapfile -t W3 < <(whole --facets "alliance" "alliance")

# ---------------------------------------------------------------- re-index
log "re-index: no change, one file changed (median of $RUNS)"
nochange=()
for _ in $(seq "$RUNS"); do
    t=$(now_ns)
    "$KENSAKU" index "$CORPUS" --index "$IDX" --quiet >/dev/null 2>&1 || [ $? = 3 ]
    nochange+=("$(ms_since "$t")")
done
NOCHANGE_MS=$(printf '%s\n' "${nochange[@]}" | median)
onechange=()
mapfile -t some < <(find "$CORPUS" -type f | sort | head -n "$RUNS")
# Each measured file is changed by appending a line; its original is put back afterwards, so
# that a corpus kept with KEEP=1 stays the generated one (its notes check stays exact).
SAVED=$WORK/saved-originals
rm -rf "$SAVED" && mkdir -p "$SAVED"
for f in "${some[@]}"; do
    cp -p "$f" "$SAVED/$(basename "$f")"
    printf '\nAdded by the benchmark: a changed file.\n' >>"$f"
    t=$(now_ns)
    /usr/bin/time -v -o "$WORK/time-one.txt" "$KENSAKU" index "$CORPUS" --index "$IDX" --quiet >/dev/null 2>&1 || [ $? = 3 ]
    onechange+=("$(ms_since "$t")")
done
ONECHANGE_MS=$(printf '%s\n' "${onechange[@]}" | median)
ONECHANGE_RSS=$(rss_mb "$WORK/time-one.txt")
for f in "${some[@]}"; do
    cp -p "$SAVED/$(basename "$f")" "$f"
done
rm -rf "$SAVED"

# ---------------------------------------------------------------- where indexing time goes
log "indexing stages on one thread (examples/bench_parse --write)"
STAGE_TIMES=$("$STAGES" "$CORPUS" --write)

# ---------------------------------------------------------------- report
CPU=$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)
MEM=$(free -g | awk '/Mem:/ {print $2}')
{
    echo "### $CHAPTERS chapters (seed $SEED): $FILES files, $(human "$CORPUS_BYTES"), $NOTES notes + $ABSTRACTS abstracts"
    echo
    echo "Machine: $(nproc) cores ($CPU), ${MEM} GB RAM; $(uname -sr); kensaku $(git -C "$ROOT" rev-parse --short HEAD); $(tantivy --version 2>/dev/null | head -1 || echo tantivy-cli)"
    echo
    echo "| measure | kensaku | baseline | ratio | target |"
    echo "| --- | --- | --- | --- | --- |"
    echo "| full index build (wall) | ${K_INDEX_MS} ms | tantivy-cli ${T_INDEX_MS} ms | $(ratio "$K_INDEX_MS" "$T_INDEX_MS")× | ≤ 1.5× (aim ≤ 1.0×) |"
    echo "| peak RSS, full build | ${K_INDEX_RSS} MB | tantivy-cli ${T_INDEX_RSS} MB | $(ratio "$K_INDEX_RSS" "$T_INDEX_RSS")× | ≤ 400 MB |"
    echo "| query p50 / p99, all modes ($N_QUERIES queries) | ${P50_ALL} / ${P99_ALL} µs | | | p50 ≤ 1000, p99 ≤ 10000 µs |"
    echo "| query p50 / p99, with --facets | ${FACET_ALL} / ${FACET_P99} µs | | | p50 ≤ 1000, p99 ≤ 10000 µs |"
    for m in plain facets author year facets_year_author; do
        echo "| query p50 / p99, mode $m | ${P50[$m]} / ${P99[$m]} µs | | | |"
    done
    echo "| whole process: \`search \"missile defense\"\` | ${W1[0]} ms | rg -i -c ${W1[1]} ms | $(ratio "${W1[1]}" "${W1[0]}")× faster | ≥ 10× faster |"
    echo "| whole process: \`search dōmei\` | ${W2[0]} ms | rg -i -c ${W2[1]} ms | $(ratio "${W2[1]}" "${W2[0]}")× faster | ≥ 10× faster |"
    echo "| whole process: \`search --facets alliance\` | ${W3[0]} ms | rg -i -c ${W3[1]} ms | $(ratio "${W3[1]}" "${W3[0]}")× faster | ≥ 10× faster |"
    echo "| re-index, no change | ${NOCHANGE_MS} ms | | | ≤ 500 ms |"
    echo "| re-index, one file changed | ${ONECHANGE_MS} ms (RSS ${ONECHANGE_RSS} MB) | | | ≤ 500 ms |"
    echo "| index size | $(human "$IDX_BYTES") (manifest $(human "$MANIFEST_BYTES")) | corpus $(human "$CORPUS_BYTES"); tantivy-cli index $(human "$TIDX_BYTES") | $(ratio "$IDX_BYTES" "$CORPUS_BYTES")× corpus | ≤ 1.0× |"
    echo
    echo "Notes indexed against notes generated: $LOST"
    echo
    echo "Indexing stages on one thread (\`bench_parse --write\`; the tantivy line is its indexing alone, of documents built beforehand):"
    echo
    echo '```'
    echo "$STAGE_TIMES"
    echo '```'
} | tee "$WORK/results.md"
