#!/bin/sh
# Run the given fuzz targets one after another (one core each), logging to logs/<target>.log.
# Usage (from fuzz/): ./run.sh SECONDS RUNS TARGET...
set -u
secs=$1; runs=$2; shift 2
mkdir -p logs
for t in "$@"; do
  RUSTC_BOOTSTRAP=1 cargo fuzz run -O -a -s none "$t" -- \
    -jobs=1 -workers=1 -max_total_time="$secs" -runs="$runs" -max_len=2048 -timeout=10 \
    -print_final_stats=1 > logs/"$t".out 2>&1
  mv fuzz-0.log logs/"$t".log
  printf '%s: ' "$t"; grep -E 'Done|number_of_executed_units|crash-|panicked' logs/"$t".log | tr '\n' ' '; echo
done
